"""Each conflict-of-interest rule (回避, 第十三条第3项), both sides of each boundary, and their
enforcement when the province invites and again when the expert declares."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.common.exceptions import GuardFailed
from ticms.establishment.models import ExcludedUnit
from ticms.reviews import services
from ticms.reviews.conflicts import (
    CONFLICT_RULES,
    ApplicationFacts,
    Unit,
    conflicts_of,
    recent_cutoff,
)
from ticms.reviews.models import Assignment, AssignmentStatus, ExpertEmployment
from ticms.reviews.selectors.pool import expert_for_conflicts
from ticms.testing import factories as f

from .conftest import make_expert

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
CUTOFF = dt.date(2024, 6, 15)


def test_every_rule_has_a_stable_id_and_cites_its_article():
    assert [r.id for r in CONFLICT_RULES] == [
        "COI.applicant_unit",
        "COI.recent_employment",
        "COI.team_member",
        "COI.excluded_unit",
    ]
    assert {r.article for r in CONFLICT_RULES} == {"第十三条第3项"}


def test_two_years_back_is_inclusive_and_handles_29_february():
    assert recent_cutoff(TODAY) == CUTOFF
    assert recent_cutoff(dt.date(2028, 2, 29)) == dt.date(2026, 2, 28)


# --- pure rules against prepared facts -----------------------------------------------------------


@pytest.fixture
def host():
    return f.OrganisationFactory(name="苏州依托研究院", kind="new_rd_institution")


CO_BUILDER_USCC = f.make_uscc("320100")
RIVAL_USCC = f.make_uscc("320500")


@pytest.fixture
def facts(host):
    return ApplicationFacts(
        units=[
            Unit(host.name, host.uscc, "依托单位"),
            Unit("南京共建大学", CO_BUILDER_USCC, "共建单位"),
        ],
        excluded=[
            Unit("竞争对手公司", RIVAL_USCC, "回避单位"),
            Unit("无代码的研究所", "", "回避单位"),
        ],
        team={},
    )


def ids(report) -> list[str]:
    return [finding.rule.id for finding in report.findings]


def _expert(province, **kw):
    return expert_for_conflicts(make_expert(province, **kw).pk)


def test_no_conflict_for_an_unrelated_expert(province, facts):
    assert not conflicts_of(_expert(province), facts=facts, today=TODAY)


def test_applicant_unit_host_by_uscc(province, host, facts):
    report = conflicts_of(_expert(province, employer=host), facts=facts, today=TODAY)
    assert ids(report) == ["COI.applicant_unit"]
    message = report.messages()[0]
    assert "苏州依托研究院" in message and host.uscc in message and "依托单位" in message


def test_applicant_unit_co_builder_by_uscc_even_under_another_name(province, facts):
    employer = f.OrganisationFactory(name="南京共建大学（更名后）", uscc=CO_BUILDER_USCC)
    # The name differs; the USCC identifies the unit.
    report = conflicts_of(_expert(province, employer=employer), facts=facts, today=TODAY)
    assert ids(report) == ["COI.applicant_unit"]
    assert "共建单位" in report.messages()[0]


def test_applicant_unit_same_name_different_uscc_is_another_unit(province, host, facts):
    other = f.OrganisationFactory(name=host.name)  # same name, its own USCC
    assert not conflicts_of(_expert(province, employer=other), facts=facts, today=TODAY)


def _employment(expert, *, started=None, ended=None, organisation=None, name="", uscc=""):
    ExpertEmployment.objects.create(
        expert=expert,
        organisation=organisation,
        name=name,
        uscc=uscc,
        started_on=started,
        ended_on=ended,
    )
    return expert_for_conflicts(expert.pk)


@pytest.mark.parametrize(
    ("ended", "conflict"),
    [
        (CUTOFF, True),  # ended exactly two years ago: still within the 2 years
        (CUTOFF + dt.timedelta(days=1), True),
        (CUTOFF - dt.timedelta(days=1), False),  # two years and a day: no longer counts
        (None, True),  # still employed there
    ],
)
def test_recent_employment_boundary(province, host, facts, ended, conflict):
    expert = _employment(
        make_expert(province), organisation=host, started=dt.date(2015, 3, 1), ended=ended
    )
    report = conflicts_of(expert, facts=facts, today=TODAY)
    assert ("COI.recent_employment" in ids(report)) is conflict
    if conflict:
        message = report.messages()[0]
        assert "2015-03-01" in message and CUTOFF.isoformat() in message
        assert host.name in message
        assert (ended.isoformat() if ended else "至今") in message


def test_recent_employment_matches_unregistered_unit_by_uscc_then_name(province, facts):
    by_uscc = _employment(
        make_expert(province), name="共建大学旧称", uscc=CO_BUILDER_USCC, ended=TODAY
    )
    assert ids(conflicts_of(by_uscc, facts=facts, today=TODAY)) == ["COI.recent_employment"]
    by_name = _employment(make_expert(province), name="南京共建大学", ended=TODAY)
    assert ids(conflicts_of(by_name, facts=facts, today=TODAY)) == ["COI.recent_employment"]
    near_name = _employment(make_expert(province), name="南京共建大学附属医院", ended=TODAY)
    assert not conflicts_of(near_name, facts=facts, today=TODAY)


def test_recent_employment_that_has_not_started_yet_does_not_count(province, host, facts):
    expert = _employment(make_expert(province), organisation=host, started=TODAY.replace(day=16))
    assert not conflicts_of(expert, facts=facts, today=TODAY)


def test_team_member(province, facts):
    expert = _expert(province)
    facts.team = {expert.person_id: "核心技术研发团队"}
    report = conflicts_of(expert, facts=facts, today=TODAY)
    assert ids(report) == ["COI.team_member"]
    assert "核心技术研发团队" in report.messages()[0]
    facts.team = {expert.person_id + 1000: "核心技术研发团队"}
    assert not conflicts_of(expert, facts=facts, today=TODAY)


def test_excluded_unit_by_uscc(province, facts):
    employer = f.OrganisationFactory(name="竞争对手公司新名", uscc=RIVAL_USCC)
    report = conflicts_of(_expert(province, employer=employer), facts=facts, today=TODAY)
    assert ids(report) == ["COI.excluded_unit"]
    assert RIVAL_USCC in report.messages()[0]


def test_excluded_unit_with_a_uscc_is_not_matched_by_name_alone(province, facts):
    employer = f.OrganisationFactory(name="竞争对手公司")  # same name, another USCC
    assert not conflicts_of(_expert(province, employer=employer), facts=facts, today=TODAY)


def test_excluded_unit_without_uscc_matches_exact_name_only(province, facts):
    exact = f.OrganisationFactory(name="无代码的研究所")
    assert ids(conflicts_of(_expert(province, employer=exact), facts=facts, today=TODAY)) == [
        "COI.excluded_unit"
    ]
    near = f.OrganisationFactory(name="无代码的研究所南京分所")
    assert not conflicts_of(_expert(province, employer=near), facts=facts, today=TODAY)


def test_excluded_unit_current_side_job_counts_but_past_job_does_not(province, facts):
    current = _employment(make_expert(province), name="无代码的研究所", started=dt.date(2020, 1, 1))
    assert "COI.excluded_unit" in ids(conflicts_of(current, facts=facts, today=TODAY))
    past = _employment(
        make_expert(province), name="无代码的研究所", ended=TODAY - dt.timedelta(days=1)
    )
    assert not conflicts_of(past, facts=facts, today=TODAY)


# --- the facts of a real application -------------------------------------------------------------


def test_application_facts_hold_host_co_builders_team_leaders_and_excluded_units(application):
    ExcludedUnit.objects.create(application=application, name="某竞争单位", uscc="")
    facts = ApplicationFacts.of(application)
    host = application.host_unit
    co_builders = list(application.co_builders.values_list("uscc", flat=True))
    assert [u.uscc for u in facts.units] == [host.uscc, *co_builders]
    assert [u.name for u in facts.excluded] == ["某竞争单位"]
    member = application.team_members.first()
    assert facts.team[member.person_id] == member.get_team_display()
    assert str(facts.team[application.director_id]) == "拟任主任"
    assert str(facts.team[application.executive_director_id]) == "拟任执行主任"


# --- enforced when the province invites ---------------------------------------------------------


def _refused(rig, expert) -> list[str]:
    with pytest.raises(GuardFailed) as exc:
        services.panel_expert_add(actor=rig.province, panel_id=rig.panel.pk, expert_id=expert.pk)
    assert not Assignment.objects.filter(panel=rig.panel, expert=expert).exists()
    return [str(p) for p in exc.value.problems]


@pytest.fixture
def open_panel(rig):
    rig.form_panel(0)
    return rig


def test_invite_refuses_an_expert_of_the_host_unit(open_panel):
    rig = open_panel
    expert = make_expert(rig.province, employer=rig.application.host_unit)
    problems = _refused(rig, expert)
    assert len(problems) == 1 and "「不是申请单位的人员」" in problems[0]
    assert rig.application.host_unit.name in problems[0] and expert.name in problems[0]


def test_invite_refuses_an_expert_of_a_co_builder(open_panel):
    rig = open_panel
    co_builder = rig.application.co_builders.first()
    employer = f.OrganisationFactory(name=co_builder.name, uscc=co_builder.uscc)
    assert (
        "「不是申请单位的人员」" in _refused(rig, make_expert(rig.province, employer=employer))[0]
    )


@pytest.mark.parametrize(("days_before_cutoff", "refused"), [(0, True), (1, False)])
def test_invite_two_year_boundary_as_of_today(open_panel, days_before_cutoff, refused):
    rig = open_panel
    cutoff = recent_cutoff(timezone.localdate())
    expert = make_expert(rig.province)
    services.employment_add(
        actor=rig.province,
        expert_id=expert.pk,
        organisation=rig.application.host_unit,
        started_on=dt.date(2010, 1, 1),
        ended_on=cutoff - dt.timedelta(days=days_before_cutoff),
    )
    if refused:
        assert "「近2年未在申请单位任职」" in _refused(rig, expert)[0]
    else:
        assignment = services.panel_expert_add(
            actor=rig.province, panel_id=rig.panel.pk, expert_id=expert.pk
        )
        assert assignment.status == AssignmentStatus.INVITED


def test_invite_refuses_a_team_member_and_the_director(open_panel):
    rig = open_panel
    member = rig.application.team_members.select_related("person").first()
    assert (
        "「不是申请团队成员」" in _refused(rig, make_expert(rig.province, person=member.person))[0]
    )
    director = make_expert(rig.province, person=rig.application.director)
    assert "拟任主任" in _refused(rig, director)[0]


def test_invite_refuses_an_expert_of_an_excluded_unit(open_panel):
    rig = open_panel
    rival = f.OrganisationFactory(name="申请人提出的回避单位")
    ExcludedUnit.objects.create(
        application=rig.application, name="回避单位（旧称）", uscc=rival.uscc
    )
    assert (
        "「不在申请单位提出的回避单位」"
        in _refused(rig, make_expert(rig.province, employer=rival))[0]
    )


def test_invite_lists_every_reason_at_once(open_panel):
    rig = open_panel
    host = rig.application.host_unit
    ExcludedUnit.objects.create(application=rig.application, name=host.name, uscc=host.uscc)
    problems = _refused(rig, make_expert(rig.province, employer=host))
    assert {p.split("：")[1].split("（")[0] for p in problems} == {
        "「不是申请单位的人员」",
        "「不在申请单位提出的回避单位」",
    }


# --- enforced again when the expert declares ------------------------------------------------------


def test_declaration_reruns_the_rules(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.act(expert, "accept")
    # Learned after the invitation: the expert left the host unit a year ago.
    services.employment_add(
        actor=rig.province,
        expert_id=expert.pk,
        organisation=rig.application.host_unit,
        ended_on=timezone.localdate() - dt.timedelta(days=365),
    )
    with pytest.raises(GuardFailed) as exc:
        rig.act(expert, "declare", params={"confirm": True})
    assert "「近2年未在申请单位任职」" in str(exc.value)
    assert rig.assignment(expert).status == AssignmentStatus.ACCEPTED
    # The expert states the conflict instead, which ends the assignment.
    rig.act(expert, "declare_conflict", comment="本人一年前在依托单位任职。")
    assert rig.assignment(expert).status == AssignmentStatus.CONFLICT


def test_own_declaration_of_a_conflict_ends_the_assignment_and_the_leadership(panel_rig):
    rig = panel_rig
    expert = rig.experts[1]
    rig.set_leader(expert)
    rig.act(expert, "declare_conflict", comment="本人与依托单位负责人为近亲属。")
    assert rig.assignment(expert).status == AssignmentStatus.CONFLICT
    rig.panel.refresh_from_db()
    assert rig.panel.leader_id is None


def _main(response) -> str:
    html = response.content.decode()
    return html[html.find("<main") : html.find("</main>")]


# --- what users read: rule titles and articles, never rule ids --------------------------------


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
