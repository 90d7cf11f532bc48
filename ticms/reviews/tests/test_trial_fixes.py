"""Fixes from the user trial: plain numbers (no 3E+1), rule titles instead of rule ids, the
unfiltered invite list, the next step after the panel opinion, no doubled full stop in notices,
one active menu item."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from ticms.common import inbox
from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.dashboard.context_processors import navigation
from ticms.reviews import services
from ticms.reviews.conflicts import CONFLICT_RULES
from ticms.reviews.forms import score_sheet_form
from ticms.reviews.models import PanelMode
from ticms.testing import factories as f

from .conftest import make_expert

pytestmark = pytest.mark.django_db

# Decimal writes exponents with a sign (3E+1); a CSRF token may hold "3e5" by chance.
EXPONENT = re.compile(r"\d[Ee][+-]\d")


def _main(response) -> str:
    html = response.content.decode()
    return html[html.find("<main") : html.find("</main>")]


def panel_url(application) -> str:
    return f"/reviews/applications/{application.pk}/panel/"


def _conclude(rig, opinion="同意组建。"):
    rig.set_leader(rig.experts[0])
    rig.all_submit()
    return services.panel_opinion_write(
        actor=rig.experts[0].user, panel_id=rig.panel.pk, opinion=opinion, recommendation="support"
    )


# --- 1. weights and scores without exponent notation ---------------------------------------------


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


# --- 2. rule titles, not rule ids, in what users read ---------------------------------------------


def test_refusal_names_the_rule_by_its_title_and_article(panel_rig):
    rig = panel_rig
    expert = make_expert(rig.province, employer=rig.application.host_unit)
    with pytest.raises(GuardFailed) as exc:
        services.panel_expert_add(actor=rig.province, panel_id=rig.panel.pk, expert_id=expert.pk)
    text = " ".join(str(p) for p in exc.value.problems)
    assert "「不是申请单位的人员」（第十三条第3项）：" in text
    assert "COI." not in text


def test_declaration_page_lists_rule_titles_not_ids(client, panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.act(expert, "accept")
    client.force_login(expert.user)
    page = _main(client.get(f"/reviews/assignments/{rig.assignment(expert).pk}/actions/declare/"))
    assert all(str(rule.title) in page for rule in CONFLICT_RULES)
    assert all(str(rule.statement) in page for rule in CONFLICT_RULES)
    assert "第十三条第3项" in page and "COI." not in page


def test_a_refused_declaration_names_the_rule_by_its_title(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.act(expert, "accept")
    services.expert_update(
        actor=rig.province, expert_id=expert.pk, changes={"employer": rig.application.host_unit}
    )
    with pytest.raises(GuardFailed) as exc:
        rig.act(expert, "declare", params={"confirm": True})
    assert "「不是申请单位的人员」" in str(exc.value) and "COI." not in str(exc.value)


# --- 3. the invite list starts unfiltered, best matches first -------------------------------------


def test_invite_list_starts_with_every_eligible_expert_matching_field_first(client, panel_rig):
    rig = panel_rig
    sub_field = rig.application.sub_field
    assert sub_field.parent_id is not None
    make_expert(rig.province, name="A无关领域专家", fields=[f.sub_field("T0101")])
    make_expert(rig.province, name="B无领域专家")
    make_expert(rig.province, name="Y上级领域专家", fields=[sub_field.parent])
    make_expert(rig.province, name="Z细分领域专家", fields=[sub_field])
    client.force_login(rig.province)
    response = client.get(panel_url(rig.application))
    names = [row["expert"].name for row in response.context["candidate_rows"]]
    assert names == ["Y上级领域专家", "Z细分领域专家", "A无关领域专家", "B无领域专家"]
    assert response.context["candidate_form"]["field"].value() in (None, "")
    page = _main(response)
    assert "没有符合条件、可邀请的在库专家" not in page
    assert page.count("领域相符") >= 2
    # The filter is still there.
    filtered = client.get(panel_url(rig.application), {"field": "T0101"})
    assert [row["expert"].name for row in filtered.context["candidate_rows"]] == ["A无关领域专家"]


# --- 4. the next step once the panel has concluded ------------------------------------------------


def test_concluded_panel_page_points_to_the_application(client, panel_rig):
    from ticms.establishment import services as establishment

    rig = panel_rig
    client.force_login(rig.province)
    assert 'id="next-step"' not in _main(client.get(panel_url(rig.application)))
    _conclude(rig)
    page = _main(client.get(panel_url(rig.application)))
    cta = page[page.find('id="next-step"') :]
    assert 'id="next-step"' in page
    assert f'href="{rig.application.get_absolute_url()}"' in cta
    assert "论证通过，提交研究" in cta and "按论证意见完善方案" in cta
    establishment.application_transition(
        actor=rig.province, application_id=rig.application.pk, action="to_decision"
    )
    assert 'id="next-step"' not in _main(client.get(panel_url(rig.application)))


# --- 5. no doubled full stop in notices ---------------------------------------------------------


def test_opinion_notice_has_no_doubled_full_stop(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        _conclude(rig, opinion="同意组建。")
    notices = [n for n in inbox.notices(rig.province) if "出具专家组意见" in n.title]
    assert len(notices) == 1
    body = notices[0].body
    assert "专家组意见：同意组建。" in body and "支持" in body
    assert "。。" not in body
    assert notices[0].url == rig.panel.get_absolute_url()
    # The leader is not told of their own action.
    assert not [n for n in inbox.notices(rig.experts[0].user) if "出具专家组意见" in n.title]


def test_opinion_notice_ends_an_unpunctuated_opinion(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        _conclude(rig, opinion="同意组建！")
    body = next(n.body for n in inbox.notices(rig.province) if "出具专家组意见" in n.title)
    assert "专家组意见：同意组建！专家组论证结论" in body


def test_arrangement_notice_has_no_doubled_full_stop(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_update(
            actor=rig.province,
            panel_id=rig.panel.pk,
            mode=PanelMode.MEETING,
            due_on=rig.panel.due_on,
            meeting_at=timezone.now() + dt.timedelta(days=3),
            place="省科技厅三楼会议室。",
        )
    bodies = [n.body for n in inbox.notices(rig.experts[0].user) if "论证安排已调整" in n.title]
    assert bodies and "三楼会议室。" in bodies[0] and "。。" not in bodies[0]


# --- 6. one active menu item ----------------------------------------------------------------------


def _active(user, path) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [str(i["label"]) for i in navigation(request)["nav_items"] if i["active"]]


def test_only_the_longest_matching_menu_item_is_active(client, province):
    assert _active(province, "/reviews/experts/") == ["专家库"]
    assert _active(province, "/reviews/experts/1/") == ["专家库"]
    assert _active(province, "/reviews/") == ["专家论证"]
    client.force_login(province)
    html = client.get("/reviews/experts/").content.decode()
    assert len(re.findall(r'class="nav-link active"', html)) == 1
    assert re.search(r'class="nav-link active" href="/reviews/experts/"', html)
