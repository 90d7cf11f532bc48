"""Weights and scores are shown and quoted as plain numbers (40.00, 1,000), never in exponent
notation (4E+1, 1E+3)."""

from __future__ import annotations

import re

import pytest

from ticms.common.exceptions import ValidationFailed
from ticms.reviews import services
from ticms.reviews.forms import score_sheet_form

pytestmark = pytest.mark.django_db

# Decimal writes exponents with a sign (3E+1); a CSRF token may hold "3e5" by chance.
EXPONENT = re.compile(r"\d[Ee][+-]\d")


def _main(response) -> str:
    html = response.content.decode()
    return html[html.find("<main") : html.find("</main>")]


def panel_url(application) -> str:
    return f"/reviews/applications/{application.pk}/panel/"


def test_score_form_shows_weights_as_plain_numbers(panel_rig):
    criteria = panel_rig.criteria()
    assert [c.weight.normalize() for c in criteria][0].as_tuple().exponent > 0  # 40 -> 4E+1
    labels = [str(field.label) for field in score_sheet_form(criteria).score_fields()]
    assert labels == [
        f"{c.name}（权重 {w}%）" for c, w in zip(criteria, ("40.00", "30.00", "30.00"), strict=True)
    ]
    assert not any(EXPONENT.search(label) for label in labels)


def test_pages_show_weights_and_scores_as_plain_numbers(client, panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    client.force_login(expert.user)
    sheet = _main(client.get(f"/reviews/assignments/{rig.assignment(expert).pk}/"))
    assert "权重 40.00%" in sheet and not EXPONENT.search(sheet)
    rig.score(expert, (100, 100, 100))
    mine = _main(client.get(f"/reviews/assignments/{rig.assignment(expert).pk}/"))
    assert "40.00%" in mine and not EXPONENT.search(mine)
    client.force_login(rig.province)
    page = _main(client.get(panel_url(rig.application)))
    assert "权重 40.00%" in page and "100" in page and not EXPONENT.search(page)


def test_an_out_of_range_score_is_quoted_without_exponent(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    criterion = rig.criteria()[0]
    with pytest.raises(ValidationFailed) as exc:
        services.score_sheet_save(
            actor=expert.user, assignment_id=rig.assignment(expert).pk, scores={criterion.pk: "1E3"}
        )
    message = str(exc.value.errors[f"scores.{criterion.pk}"][0])
    assert "1,000" in message and "E+" not in message
