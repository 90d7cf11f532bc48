"""The duplicate check (查重) says what its number means, as an exact percentage."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from django.urls import reverse

from ticms.establishment import services
from ticms.establishment.models import FormalReview
from ticms.establishment.similarity import HIGH, most_similar, overlap, shingles, stored
from ticms.testing import factories as f

from .test_review_views import CHECKS, guide, submitted  # noqa: F401


def test_overlap_is_the_share_of_shared_two_character_phrases():
    # 智能传感 → 智能 能传 传感; 智能制造 → 智能 能制 制造: 2 × 1 shared of 6 in all.
    assert overlap(shingles("智能传感"), shingles("智能制造")) == Fraction(1, 3)
    assert overlap(shingles("智能传感"), shingles("智能，传感！")) == 1
    assert overlap(shingles("智能"), shingles("传感")) == 0
    assert overlap(Counter(), shingles("传感")) == 0
    # A phrase counts as often as both texts use it, never more.
    assert overlap(shingles("智能智能"), shingles("智能")) == Fraction(2 * 1, 3 + 1)


def test_rows_carry_an_exact_score_and_whether_it_is_high():
    rows = most_similar(
        "智能传感器研发",
        [("application", 1, "A", "智能传感器研发"), ("center", 2, "B", "智能农业")],
    )
    assert rows[0]["score"] == 1 and rows[0]["high"] is True
    assert isinstance(rows[1]["score"], Fraction) and rows[1]["high"] is False
    assert stored(rows)[1]["score"] == str(rows[1]["score"])
    assert Fraction(3, 5) == HIGH


@pytest.mark.django_db
def test_the_page_explains_the_check_in_plain_words(client, guide):  # noqa: F811
    first = submitted(guide)
    application = submitted(guide, sub_field="F0103")
    services.application_transition(
        actor=f.city_user("320100"), application_id=application.pk, action="recommend"
    )
    client.force_login(f.province_user())
    url = reverse("establishment:formal_review", args=[application.pk])
    body = client.get(url).content.decode()
    assert "余弦" not in body and "二元组" not in body
    assert "文字重合度" in body and "相同的两字词组所占的比例" in body
    assert "重合度达到 60.00% 的标红" in body
    assert "100.00%" in body and first.code in body  # the same plan: formatted, flagged red
    assert 'text-danger fw-semibold">100.00%' in body
    # What the review records keeps the exact score.
    response = client.post(url, {**CHECKS, "decision": "pass"})
    assert response.status_code == 302
    [row] = [r for r in FormalReview.objects.get().similar if r["id"] == first.pk]
    assert row["score"] == "1" and row["high"] is True
