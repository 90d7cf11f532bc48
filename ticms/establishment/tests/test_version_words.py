"""Compared versions of an application show each value in words, never a stored key or code
(issue 9 §5)."""

import re

from django.utils import translation

from ticms.establishment.views.drafting.versions import shown

MEMBER = {
    "name": "Li Si",
    "id_masked": "320***********1234",
    "team": "core_rd",
    "position": "Engineer",
    "full_time": True,
    "is_rd_staff": False,
    "title_level": "senior",
    "degree": "doctorate",
}


def test_a_team_member_in_words():
    with translation.override("en"):
        text = shown([MEMBER])
    assert "Professional title level: Senior (full)" in text and "Degree: Doctorate" in text
    assert "Full-time: Yes" in text and "R&D staff: No" in text
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|True|False|[：、（）]", text), text


def test_a_co_builder_and_an_attachment_in_words():
    co_builder = {"name": "Acme", "uscc": "91320100X", "kind": "enterprise", "duties": "Tests"}
    attachment = {"kind": "co_building_agreement", "name": "a.pdf", "sha256": "ab" * 32}
    with translation.override("en"):
        text = shown([co_builder, attachment])
    assert "Enterprise" in text and "Co-building agreement" in text
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|[：、（）；]", text), text
