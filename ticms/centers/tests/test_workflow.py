"""The center lifecycle (第五、六、七、十三、二十五条): service, pages and API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from ticms.accounts.models import Organisation, Person, Role
from ticms.centers import selectors, services
from ticms.centers.models import LAYOUT_STATUSES, Center, CenterStatus, TeamMember
from ticms.centers.permissions import is_staff_of
from ticms.centers.workflow import (
    CENTER_WORKFLOW,
    CONSTRUCTION_YEARS,
    MAX_RECTIFICATION_DAYS,
    center_staff,
    city_and_staff,
    city_officers,
    province_officers,
)
from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent, InboxItem
from ticms.testing import factories as f

from .conftest import SUZHOU, action_buttons, login

pytestmark = pytest.mark.django_db

S = CenterStatus
TRANSITIONS = {t.action: t for t in CENTER_WORKFLOW.transitions}
ALL_STATES = [s.value for s in CenterStatus]
RECTIFICATION_STATES = (S.RECTIFYING, S.RECTIFICATION_REVIEW)
DEADLINE_ACTIONS = ("fail_acceptance", "order_rectification", "return_rectification")
REPORT = "已逐项完成整改：新增全职研发人员12名，研发场地扩至6000平方米。"


def day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def tomorrow() -> dt.date:
    return day(1)


def valid_params(action: str) -> dict:
    return {
        "approve_establishment": {
            "approval_doc_no": "苏科技〔2025〕12号",
            "approved_on": "2025-03-01",
        },
        "fail_acceptance": {"rectification_deadline": tomorrow().isoformat()},
        "order_rectification": {"rectification_deadline": tomorrow().isoformat()},
        "submit_rectification": {"report": REPORT},
        "return_rectification": {"rectification_deadline": day(60).isoformat()},
        "remove": {"reason": "two_poor"},
    }.get(action, {})


def actor_key(action: str) -> str:
    t = TRANSITIONS.get(action)
    return "staff_a" if t is not None and Role.CENTER in t.roles else "province"


def put(center: Center, status: str, **fields) -> Center:
    Center.objects.filter(pk=center.pk).update(status=status, **fields)
    center.refresh_from_db()
    return center


def run(world, action, *, who=None, params=None, comment="按规定办理", center=None):
    center = center or world.nj
    return services.center_transition(
        actor=world.users[who or actor_key(action)],
        center_id=center.pk,
        action=action,
        params=valid_params(action) if params is None else params,
        comment=comment,
    )


def audit_count() -> int:
    return AuditEvent.objects.count()


# --- a center that meets the conditions of 第十二条 the registry can check ----------------------

TEAMS = ("core_rd", "tech_support", "transfer")
SIGNED_ON = dt.date(2024, 6, 1)


def make_eligible(center, *, members=100, full_time=None, qualified=None, teams=TEAMS):
    """Give `center` exactly the minimum the approval guard asks for: 5000 m², 2000 万元, a
    full-time executive director, two co-builders with a signed agreement (one a local
    government), and `members` R&D staff spread over `teams`; the first `full_time` are full
    time and the first `qualified` hold a qualifying title or degree (all, unless told)."""
    full_time = members if full_time is None else full_time
    qualified = members if qualified is None else qualified
    people = f.PersonFactory.build_batch(members)
    for person in people[qualified:]:
        person.title_level, person.degree = "junior", "bachelor"
    Person.objects.bulk_create(people)
    TeamMember.objects.bulk_create(
        TeamMember(
            center=center,
            person=person,
            team=teams[i % len(teams)],
            full_time=i < full_time,
            is_rd_staff=True,
        )
        for i, person in enumerate(people)
    )
    if not center.co_builders.filter(kind="local_government").exists():
        government = f.OrganisationFactory(kind="local_government", city=center.city)
        f.CoBuilderFactory(center=center, organisation=government, kind="local_government")
    while center.co_builders.count() < 2:
        park = f.OrganisationFactory(kind="park", city=center.city)
        f.CoBuilderFactory(center=center, organisation=park, kind="park")
    center.co_builders.update(agreement_signed_on=SIGNED_ON)
    Center.objects.filter(pk=center.pk).update(
        rd_site_area_m2=Decimal("5000"),
        instrument_value_wan_yuan=Decimal("2000"),
        executive_director=f.PersonFactory(),
        executive_director_full_time=True,
    )
    center.refresh_from_db()
    return center


def prepare(center: Center, action: str, source: str | None = None) -> Center:
    """Put `center` where `action` may start: in `source` (its first source by default), with a
    deadline while under rectification, and eligible if the action is the approval."""
    source = source or TRANSITIONS[action].sources[0]
    put(
        center,
        source,
        rectification_deadline=tomorrow() if source in RECTIFICATION_STATES else None,
    )
    if action == "approve_establishment":
        make_eligible(center)
    return center


def conditions(center: Center) -> list[dict]:
    return selectors.center_conditions(
        center,
        selectors.team_stats(center),
        selectors.center_co_builders(center),
        include_layout=True,
    )


def test_the_eligible_center_meets_every_condition_the_registry_checks(world):
    center = make_eligible(put(world.nj, S.CULTIVATING))
    rows = conditions(center)
    assert [r["rule"].id for r in rows if r["outcome"] == "fail"] == []
    assert {r["rule"].id for r in rows if r["outcome"] == "pass"} == {
        "A12.1.jiangsu",
        "A12.1.co_built",
        "A12.1.site_area",
        "A12.1.instruments",
        "A12.4.executive_director",
        "A12.4.team_size",
        "A12.4.full_time_ratio",
        "A12.4.qualified_ratio",
        "A12.4.team_structure",
        "A4.no_duplicate_layout",
    }
    stats = selectors.team_stats(center)
    assert (stats["members"], stats["full_time"], stats["rd_qualified"]) == (100, 100, 100)
    # The world's branch of this center is in the same sub-field and occupies it, yet is part
    # of the same center (第五条): the approval below is not a duplicate layout.
    assert world.branch.sub_field == center.sub_field
    assert world.branch.status in LAYOUT_STATUSES


# --- the table itself ---------------------------------------------------------------------------

EDGES = {
    "approve_establishment": ({S.CULTIVATING}, S.CONSTRUCTING),
    "request_acceptance": ({S.CONSTRUCTING}, S.ACCEPTING),
    "pass_acceptance": ({S.ACCEPTING}, S.OPERATING),
    "fail_acceptance": ({S.ACCEPTING}, S.RECTIFYING),
    "order_rectification": ({S.OPERATING}, S.RECTIFYING),
    "submit_rectification": ({S.RECTIFYING}, S.RECTIFICATION_REVIEW),
    "return_rectification": ({S.RECTIFICATION_REVIEW}, S.RECTIFYING),
    "pass_rectification": ({S.RECTIFICATION_REVIEW}, S.OPERATING),
    "remove": ({S.OPERATING, S.RECTIFYING, S.RECTIFICATION_REVIEW}, S.REMOVED),
    "revoke": (
        {
            S.CULTIVATING,
            S.CONSTRUCTING,
            S.ACCEPTING,
            S.OPERATING,
            S.RECTIFYING,
            S.RECTIFICATION_REVIEW,
        },
        S.REVOKED,
    ),
}


def test_table_covers_the_lifecycle():
    """Every active state can be left; removal and revocation are final (第七、二十五条)."""
    sources = {s for t in CENTER_WORKFLOW.transitions for s in t.sources}
    assert sources == {
        S.CULTIVATING,
        S.CONSTRUCTING,
        S.ACCEPTING,
        S.OPERATING,
        S.RECTIFYING,
        S.RECTIFICATION_REVIEW,
    }
    assert not (sources & {S.REMOVED, S.REVOKED})
    assert all(t.article.startswith("第") for t in CENTER_WORKFLOW.transitions)
    diagram = CENTER_WORKFLOW.mermaid()
    for t in CENTER_WORKFLOW.transitions:
        assert f"{t.action} ({t.article})" in diagram
    assert "rectification_review --> rectifying: return_rectification (第二十五条)" in diagram


def test_table_edges():
    assert {t.action: (set(t.sources), t.target) for t in CENTER_WORKFLOW.transitions} == EDGES
    assert S.RECTIFICATION_REVIEW.label == "整改待复核"
    assert CENTER_WORKFLOW.states[S.RECTIFICATION_REVIEW] == "整改待复核"


def test_the_review_transitions_as_declared():
    submit, back = TRANSITIONS["submit_rectification"], TRANSITIONS["return_rectification"]
    assert (submit.roles, submit.scope, submit.article) == (
        {Role.CENTER},
        is_staff_of,
        "第二十五条",
    )
    assert [(p.name, p.kind, p.required) for p in submit.params] == [("report", "textarea", True)]
    assert (submit.todo_for, submit.notify) == (province_officers, city_officers)
    assert (back.roles, back.scope, back.article) == ({Role.PROVINCE}, None, "第二十五条")
    assert [p.name for p in back.params] == ["rectification_deadline"]
    assert back.comment_required
    assert (back.todo_for, back.notify) == (center_staff, city_officers)
    passed = TRANSITIONS["pass_rectification"]
    assert (passed.comment_required, passed.notify) == (True, city_and_staff)
    assert MAX_RECTIFICATION_DAYS == 730


# --- happy paths --------------------------------------------------------------------------------


HAPPY = [(t.action, source) for t in CENTER_WORKFLOW.transitions for source in t.sources]


@pytest.mark.parametrize(("action", "source"), HAPPY)
def test_every_transition_moves_the_center_and_audits_it(world, action, source):
    t = TRANSITIONS[action]
    prepare(world.nj, action, source)
    before = audit_count()

    center = run(world, action, comment="依据评估结果办理")

    assert center.status == t.target
    assert Center.objects.get(pk=world.nj.pk).status == t.target
    assert audit_count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == f"center.{action}"
    assert event.article == t.article
    assert event.object_id == str(world.nj.pk)
    assert event.before["status"] == source
    assert event.after["status"] == t.target
    assert event.comment == "依据评估结果办理"
    assert event.actor == world.users[actor_key(action)]
    if t.params:
        assert set(event.after["params"]) == {p.name for p in t.params}
    assert verify_chain().ok


def test_approve_establishment_records_the_approval_and_a_five_year_construction_period(world):
    make_eligible(put(world.nj, S.CULTIVATING))
    center = run(
        world,
        "approve_establishment",
        params={"approval_doc_no": " 苏科技〔2025〕12号 ", "approved_on": "2025-03-01"},
    )
    assert center.status == S.CONSTRUCTING
    assert center.approval_doc_no == "苏科技〔2025〕12号"
    assert center.approved_on == dt.date(2025, 3, 1)
    assert center.construction_starts_on == dt.date(2025, 3, 1)
    # 第十三条第4项: five years, the last day being the day before the fifth anniversary.
    assert center.construction_ends_on == dt.date(2030, 2, 28)
    assert CONSTRUCTION_YEARS == 5


def test_approve_establishment_with_its_own_start_date(world):
    make_eligible(put(world.nj, S.CULTIVATING))
    center = run(
        world,
        "approve_establishment",
        params={
            "approval_doc_no": "苏科技〔2025〕12号",
            "approved_on": "2025-03-01",
            "construction_starts_on": "2025-07-01",
        },
    )
    assert center.construction_starts_on == dt.date(2025, 7, 1)
    assert center.construction_ends_on == dt.date(2030, 6, 30)


def test_construction_period_starting_on_29_february_is_not_a_day_short(world):
    """Five years from 2024-02-29 cover 2029-02-28 (民法典第二百零二条: 没有对应日的，月末日)."""
    make_eligible(put(world.nj, S.CULTIVATING))
    center = run(
        world,
        "approve_establishment",
        params={"approval_doc_no": "苏科技〔2024〕1号", "approved_on": "2024-02-29"},
    )
    assert center.construction_ends_on == dt.date(2029, 2, 28)


@pytest.mark.parametrize("action", DEADLINE_ACTIONS)
def test_rectification_sets_the_deadline_that_the_todo_carries(world, action):
    prepare(world.nj, action)
    deadline = day(90)
    center = run(world, action, params={"rectification_deadline": deadline.isoformat()})
    assert center.status == S.RECTIFYING
    assert center.rectification_deadline == deadline
    assert center.due_on == deadline


def test_submitting_the_report_keeps_the_deadline_for_the_review(world):
    deadline = day(45)
    put(world.nj, S.RECTIFYING, rectification_deadline=deadline)
    center = run(world, "submit_rectification", params={"report": f"  {REPORT}\n"})
    assert center.status == S.RECTIFICATION_REVIEW
    assert center.rectification_deadline == deadline
    assert center.due_on == deadline
    event = AuditEvent.objects.get(action="center.submit_rectification")
    assert event.actor == world.users["staff_a"]
    assert event.after == {"status": S.RECTIFICATION_REVIEW, "params": {"report": REPORT}}


@pytest.mark.parametrize(
    ("action", "source"),
    [
        ("pass_rectification", S.RECTIFICATION_REVIEW),
        ("remove", S.RECTIFYING),
        ("remove", S.RECTIFICATION_REVIEW),
        ("revoke", S.RECTIFYING),
        ("revoke", S.RECTIFICATION_REVIEW),
    ],
)
def test_leaving_rectification_clears_the_deadline(world, action, source):
    put(world.nj, source, rectification_deadline=tomorrow())
    center = run(world, action)
    assert center.rectification_deadline is None
    assert center.due_on is None
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline is None


def test_headquarters_staff_may_request_acceptance_of_their_branch(world):
    center = run(world, "request_acceptance", who="staff_a", center=world.branch)
    assert center.status == S.ACCEPTING
    center = run(
        world, "pass_acceptance", who="province", center=world.branch, params={}, comment=""
    )
    assert center.status == S.OPERATING


@pytest.mark.parametrize("who", ["staff_a", "staff_c"])
def test_branch_and_headquarters_staff_may_submit_the_branch_report(world, who):
    put(world.branch, S.RECTIFYING, rectification_deadline=tomorrow())
    center = run(world, "submit_rectification", who=who, center=world.branch)
    assert center.status == S.RECTIFICATION_REVIEW
    assert AuditEvent.objects.get(action="center.submit_rectification").actor == world.users[who]


def test_optional_comment_may_be_empty(world):
    put(world.nj, S.ACCEPTING)
    center = run(world, "pass_acceptance", comment="   ")
    assert center.status == S.OPERATING
    assert AuditEvent.objects.order_by("-seq").first().comment == ""


# --- refusals: nothing is half-saved ------------------------------------------------------------


def _assert_untouched(world, status, audits_before, callbacks):
    assert Center.objects.get(pk=world.nj.pk).status == status
    assert audit_count() == audits_before
    assert callbacks == []


WRONG_STATE = [
    (t.action, state)
    for t in CENTER_WORKFLOW.transitions
    for state in ALL_STATES
    if state not in t.sources
]


@pytest.mark.parametrize(("action", "state"), WRONG_STATE)
def test_wrong_state_is_a_conflict(world, action, state, django_capture_on_commit_callbacks):
    put(world.nj, state)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Conflict) as exc:
        run(world, action)
    assert str(CENTER_WORKFLOW.states[state]) in str(exc.value.message)
    assert str(TRANSITIONS[action].label) in str(exc.value.message)
    _assert_untouched(world, state, before, callbacks)


@pytest.mark.parametrize(
    ("action", "state", "message"),
    [
        ("pass_rectification", S.RECTIFYING, "当前状态为「限期整改」，不能执行「整改通过」"),
        ("return_rectification", S.RECTIFYING, "当前状态为「限期整改」，不能执行「退回继续整改」"),
        (
            "submit_rectification",
            S.RECTIFICATION_REVIEW,
            "当前状态为「整改待复核」，不能执行「提交整改报告」",
        ),
        ("order_rectification", S.RECTIFICATION_REVIEW, "当前状态为「整改待复核」"),
    ],
)
def test_the_report_must_be_reviewed_before_the_rectification_passes(world, action, state, message):
    """整改通过 is decided on a submitted report: never straight from 限期整改 any more."""
    put(world.nj, state, rectification_deadline=tomorrow())
    with pytest.raises(Conflict) as exc:
        run(world, action)
    assert message in str(exc.value.message)
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline == tomorrow()


WRONG_ROLE = [
    (t.action, who)
    for t in CENTER_WORKFLOW.transitions
    for who, role in (
        ("province", Role.PROVINCE),
        ("city_nj", Role.CITY),
        ("staff_a", Role.CENTER),
        ("cobuilder_d", Role.CO_BUILDER),
    )
    if role not in t.roles
]


@pytest.mark.parametrize(("action", "who"), WRONG_ROLE)
def test_wrong_role_is_refused_with_a_reason_naming_the_roles(
    world, action, who, django_capture_on_commit_callbacks
):
    t = TRANSITIONS[action]
    prepare(world.nj, action)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied) as exc:
        run(world, action, who=who)
    reason = str(exc.value.message)
    assert str(t.label) in reason
    for role in t.roles:
        assert str(Role(role).label) in reason
    _assert_untouched(world, t.sources[0], before, callbacks)


REVIEW_FORBIDDEN = [
    ("submit_rectification", "province", "「提交整改报告」只能由创新中心/依托单位执行"),
    ("submit_rectification", "city_nj", "「提交整改报告」只能由创新中心/依托单位执行"),
    ("submit_rectification", "cobuilder_d", "「提交整改报告」只能由创新中心/依托单位执行"),
    ("return_rectification", "staff_a", "「退回继续整改」只能由省科技厅执行"),
    ("return_rectification", "city_nj", "「退回继续整改」只能由省科技厅执行"),
    ("return_rectification", "cobuilder_d", "「退回继续整改」只能由省科技厅执行"),
]


def test_the_generic_role_test_covers_the_review_transitions():
    assert {(a, w) for a, w, _m in REVIEW_FORBIDDEN} <= set(WRONG_ROLE)


@pytest.mark.parametrize(("action", "who", "reason"), REVIEW_FORBIDDEN)
def test_review_transitions_refuse_other_roles_in_service_page_and_api(
    client, world, action, who, reason
):
    state = TRANSITIONS[action].sources[0]
    put(world.nj, state, rectification_deadline=tomorrow())
    with pytest.raises(PermissionDenied) as exc:
        run(world, action, who=who)
    assert str(exc.value.message) == reason
    login(client, world.users[who])
    data = {**valid_params(action), "comment": "x"}
    for response in (
        client.get(action_url(world.nj, action)),
        client.post(action_url(world.nj, action), data),
    ):
        assert response.status_code == 403
        assert reason in response.content.decode()
    api = api_post(client, world.nj, action)
    assert api.status_code == 403
    assert api.json()["detail"] == reason
    assert Center.objects.get(pk=world.nj.pk).status == state
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()


@pytest.mark.parametrize(
    ("action", "who"),
    [
        ("pass_acceptance", "city_nj"),
        ("submit_rectification", "city_nj"),
        ("submit_rectification", "province"),
        ("return_rectification", "staff_a"),
    ],
)
def test_wrong_role_is_refused_even_in_a_wrong_state(world, action, who):
    """Who may act does not depend on the state: a city officer gets 403, not 409, for an action
    only the province takes (pages and API answer alike)."""
    put(world.nj, S.OPERATING)
    with pytest.raises(PermissionDenied):
        run(world, action, who=who)


@pytest.mark.parametrize(
    ("action", "state", "reason"),
    [
        ("request_acceptance", S.CONSTRUCTING, "只有本中心（依托单位）的用户可以申请验收"),
        ("submit_rectification", S.RECTIFYING, "只有本中心（依托单位）的用户可以提交整改报告"),
    ],
)
def test_scope_refusal_names_its_reason(world, action, state, reason):
    """A center user of another host unit is refused by the scope predicate with its reason."""
    put(world.nj, state)
    decision = CENTER_WORKFLOW.permission(world.users["staff_b"], world.nj, TRANSITIONS[action])
    assert not decision
    assert decision.reason == reason
    assert CENTER_WORKFLOW.permission(world.users["staff_a"], world.nj, TRANSITIONS[action])


@pytest.mark.parametrize("who", ["staff_b", "staff_c"])
def test_staff_of_another_center_find_no_center_to_report_on(client, world, who):
    """Out of scope looks missing (404) in the service, on the page and in the API; the branch's
    staff do not see their headquarters."""
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    with pytest.raises(NotFound):
        run(world, "submit_rectification", who=who)
    login(client, world.users[who])
    assert client.get(action_url(world.nj, "submit_rectification")).status_code == 404
    post = client.post(action_url(world.nj, "submit_rectification"), {"report": REPORT})
    assert post.status_code == 404
    assert api_post(client, world.nj, "submit_rectification").status_code == 404
    assert Center.objects.get(pk=world.nj.pk).status == S.RECTIFYING
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()


@pytest.mark.parametrize(
    ("action", "params", "fields"),
    [
        ("approve_establishment", {}, {"approval_doc_no", "approved_on"}),
        (
            "approve_establishment",
            {"approval_doc_no": "  ", "approved_on": "2025-03-01"},
            {"approval_doc_no"},
        ),
        (
            "approve_establishment",
            {"approval_doc_no": "x", "approved_on": "2025-02-30"},
            {"approved_on"},
        ),
        (
            "approve_establishment",
            {"approval_doc_no": "x" * 201, "approved_on": "2025-03-01"},
            {"approval_doc_no"},
        ),
        (
            "approve_establishment",
            {"approval_doc_no": "x", "approved_on": "today+1"},
            {"approved_on"},
        ),
        (
            "approve_establishment",
            {"approval_doc_no": "x", "approved_on": "2025-03-01", "construction_starts_on": "下月"},
            {"construction_starts_on"},
        ),
        # Every problem at once: a missing value, a future date and a name the action lacks.
        (
            "approve_establishment",
            {"approved_on": "today+1", "doc_no": "苏科技〔2025〕12号"},
            {"approval_doc_no", "approved_on", "doc_no"},
        ),
        ("fail_acceptance", {}, {"rectification_deadline"}),
        ("order_rectification", {"rectification_deadline": "下个月"}, {"rectification_deadline"}),
        ("return_rectification", {}, {"rectification_deadline"}),
        ("return_rectification", {"rectification_deadline": "today+0"}, {"rectification_deadline"}),
        ("submit_rectification", {}, {"report"}),
        ("submit_rectification", {"report": " \n "}, {"report"}),
        ("submit_rectification", {"report": "长" * 5001}, {"report"}),
        ("submit_rectification", {"report": REPORT, "attachment": "a.pdf"}, {"attachment"}),
        ("remove", {}, {"reason"}),
        ("remove", {"reason": "dislike"}, {"reason"}),
        # The comment travels beside the parameters, not among them.
        ("remove", {"reason": "two_poor", "comment": "x"}, {"comment"}),
        ("revoke", {"reason": "two_poor"}, {"reason"}),
        ("pass_acceptance", {"status": "operating"}, {"status"}),
    ],
)
def test_missing_or_bad_parameters_are_refused(
    world, action, params, fields, django_capture_on_commit_callbacks
):
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    before = audit_count()
    params = {
        k: day(int(v[len("today") :])).isoformat() if v.startswith("today") else v
        for k, v in params.items()
    }
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, params=params)
    assert set(exc.value.errors) == fields
    assert all(exc.value.errors[field] for field in fields)
    _assert_untouched(world, state, before, callbacks)


@pytest.mark.parametrize(
    ("action", "params", "name", "label"),
    [
        ("revoke", {"reason": "two_poor"}, "reason", "撤销"),
        (
            "submit_rectification",
            {"report": REPORT, "attachment": "a.pdf"},
            "attachment",
            "提交整改报告",
        ),
    ],
)
def test_an_unknown_parameter_is_a_field_error_naming_it(world, action, params, name, label):
    prepare(world.nj, action)
    with pytest.raises(ValidationFailed) as exc:
        run(world, action, params=params)
    assert exc.value.errors == {name: [f"「{label}」没有名为「{name}」的参数"]}


@pytest.mark.parametrize(
    "action", [t.action for t in CENTER_WORKFLOW.transitions if t.comment_required]
)
def test_comment_is_required_where_the_table_says_so(
    world, action, django_capture_on_commit_callbacks
):
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, comment="  \n ")
    assert exc.value.errors == {"comment": ["请填写办理意见或理由"]}
    _assert_untouched(world, state, before, callbacks)


def test_the_new_review_decisions_need_a_comment():
    assert TRANSITIONS["return_rectification"].comment_required
    assert TRANSITIONS["pass_rectification"].comment_required
    assert not TRANSITIONS["submit_rectification"].comment_required


def test_overlong_comment_is_refused(world):
    put(world.nj, S.OPERATING)
    with pytest.raises(ValidationFailed) as exc:
        run(world, "revoke", comment="长" * 5001)
    assert "comment" in exc.value.errors
    assert run(world, "revoke", comment="长" * 5000).status == S.REVOKED


@pytest.mark.parametrize("action", DEADLINE_ACTIONS)
@pytest.mark.parametrize(
    ("offset", "ok"),
    [(-1, False), (0, False), (1, True), (MAX_RECTIFICATION_DAYS, True), (731, False)],
)
def test_rectification_deadline_is_a_field_error_unless_within_two_years(
    world, action, offset, ok, django_capture_on_commit_callbacks
):
    """The deadline parameter checks itself: after today, and at most today + 730 days."""
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    old_deadline = Center.objects.get(pk=world.nj.pk).rectification_deadline
    deadline = day(offset)
    params = {"rectification_deadline": deadline.isoformat()}
    before = audit_count()
    if ok:
        center = run(world, action, params=params)
        assert (center.status, center.rectification_deadline) == (S.RECTIFYING, deadline)
        return
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, params=params)
    if offset <= 0:
        expected = f"整改期限须晚于今天（{timezone.localdate()}）"
    else:
        expected = f"整改期限不能晚于 {day(MAX_RECTIFICATION_DAYS)}（两年内）"
    assert exc.value.errors == {"rectification_deadline": [expected]}
    _assert_untouched(world, state, before, callbacks)
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline == old_deadline


def test_unknown_action_is_not_found(world):
    with pytest.raises(NotFound):
        run(world, "promote")


# --- approval: 第十二条 conditions and 第四条 layout ---------------------------------------------


@pytest.mark.parametrize(("offset", "ok"), [(-1, True), (0, True), (1, False), (365, False)])
def test_approval_date_may_not_be_in_the_future(
    world, offset, ok, django_capture_on_commit_callbacks
):
    make_eligible(put(world.nj, S.CULTIVATING))
    approved_on = day(offset)
    params = {"approval_doc_no": "苏科技〔2025〕12号", "approved_on": approved_on.isoformat()}
    before = audit_count()
    if ok:
        center = run(world, "approve_establishment", params=params)
        assert (center.status, center.approved_on) == (S.CONSTRUCTING, approved_on)
        assert center.construction_starts_on == approved_on
        return
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, "approve_establishment", params=params)
    assert exc.value.errors == {"approved_on": [f"日期不能晚于今天（{timezone.localdate()}）"]}
    _assert_untouched(world, S.CULTIVATING, before, callbacks)


@pytest.mark.parametrize(
    ("starts_on", "ok"),
    [("2025-02-28", False), ("2025-03-01", True), ("2025-03-02", True), ("today+30", True)],
)
def test_construction_may_not_start_before_the_approval(
    world, starts_on, ok, django_capture_on_commit_callbacks
):
    make_eligible(put(world.nj, S.CULTIVATING))
    if starts_on.startswith("today"):
        starts_on = day(int(starts_on[len("today") :])).isoformat()
    params = {**valid_params("approve_establishment"), "construction_starts_on": starts_on}
    before = audit_count()
    if ok:
        center = run(world, "approve_establishment", params=params)
        assert center.construction_starts_on == dt.date.fromisoformat(starts_on)
        return
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(GuardFailed) as exc:
        run(world, "approve_establishment", params=params)
    assert exc.value.problems == ["建设期开始日期不能早于批准日期"]
    _assert_untouched(world, S.CULTIVATING, before, callbacks)


def _update(**fields):
    return lambda center: Center.objects.filter(pk=center.pk).update(**fields)


def _outside_jiangsu(center):
    Organisation.objects.filter(pk=center.host_unit_id).update(uscc=f.make_uscc("310100"))


A12_1, A12_4 = "第十二条第1项", "第十二条第4项"
MANDATORY_FAILURES = [
    pytest.param(
        {"members": 99}, None, A12_4, "团队成员须不少于 100 人，当前为 99 人", id="99-members"
    ),
    pytest.param(
        {"full_time": 49},
        None,
        A12_4,
        "全职人员须不少于团队成员的 50.00%（1/2），当前为 49 人 / 100 人 = 49.00%",
        id="49-full-time",
    ),
    pytest.param(
        {"qualified": 79},
        None,
        A12_4,
        "中高级职称或硕士学位以上研发人员须不少于研发人员的 80.00%（4/5），"
        "当前为 79 人 / 100 人 = 79.00%",
        id="79-qualified",
    ),
    pytest.param(
        {"teams": ("core_rd", "tech_support")},
        None,
        A12_4,
        "缺少成果转化应用团队",
        id="no-transfer-team",
    ),
    pytest.param(
        {},
        _update(executive_director_full_time=False),
        A12_4,
        "执行主任须全职全时在技术创新中心工作",
        id="part-time-executive-director",
    ),
    pytest.param(
        {},
        _update(rd_site_area_m2=Decimal("4999.99")),
        A12_1,
        "独立研发场地面积须不少于 5,000 m²，当前为 4,999.99 m²",
        id="site-area",
    ),
    pytest.param(
        {},
        _update(instrument_value_wan_yuan=Decimal("1999.99")),
        A12_1,
        "科研仪器设备原值须不少于 2,000.00 万元，当前为 1,999.99 万元",
        id="instruments",
    ),
    pytest.param(
        {},
        lambda c: c.co_builders.update(kind="park"),
        A12_1,
        "共建单位中没有地方政府",
        id="no-local-government",
    ),
    pytest.param(
        {},
        lambda c: c.co_builders.exclude(kind="local_government").delete(),
        A12_1,
        "共建单位 1 家，少于 2 家",
        id="one-co-builder",
    ),
    pytest.param(
        {},
        lambda c: c.co_builders.filter(kind="local_government").update(agreement_signed_on=None),
        A12_1,
        "尚未签署共建协议",
        id="agreement-unsigned",
    ),
    pytest.param(
        {}, _outside_jiangsu, A12_1, "技术创新中心须在江苏省内注册登记", id="outside-jiangsu"
    ),
]


@pytest.mark.parametrize(("team", "spoil", "article", "message"), MANDATORY_FAILURES)
def test_a_failing_mandatory_condition_refuses_the_approval_even_with_a_justification(
    world, team, spoil, article, message, django_capture_on_commit_callbacks
):
    center = make_eligible(put(world.nj, S.CULTIVATING), **team)
    if spoil is not None:
        spoil(center)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(GuardFailed) as exc:
        run(world, "approve_establishment", comment="经研究，同意特批")
    problems = [str(p) for p in exc.value.problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{article}：")
    assert message in problems[0]
    _assert_untouched(world, S.CULTIVATING, before, callbacks)
    center.refresh_from_db()
    assert (center.approval_doc_no, center.approved_on, center.construction_starts_on) == (
        "",
        None,
        None,
    )


@pytest.mark.parametrize(
    "team",
    [
        pytest.param({"members": 100}, id="100-members"),
        pytest.param({"members": 100, "full_time": 50}, id="50-full-time"),
        pytest.param({"members": 100, "qualified": 80}, id="80-qualified"),
        pytest.param({"members": 120, "full_time": 60, "qualified": 96}, id="all-at-the-limit"),
    ],
)
def test_conditions_met_exactly_at_the_limit_allow_the_approval(world, team):
    """不少于/不低于 include the number: 100 members, 1/2 full time, 4/5 qualified, 5000 m²
    and 2000 万元 (what make_eligible gives) are enough, without any justification."""
    make_eligible(put(world.nj, S.CULTIVATING), **team)
    assert run(world, "approve_establishment", comment="").status == S.CONSTRUCTING


def test_an_unprepared_center_is_refused_with_every_failing_condition(world):
    """The world's bare 南京 center: no team, no site, no instruments, one unsigned co-builder."""
    put(world.nj, S.CULTIVATING)
    params = {**valid_params("approve_establishment"), "construction_starts_on": "2025-02-01"}
    with pytest.raises(GuardFailed) as exc:
        run(world, "approve_establishment", params=params, comment="同意")
    problems = [str(p) for p in exc.value.problems]
    assert problems[0] == "建设期开始日期不能早于批准日期"
    assert any(p.startswith(A12_4) and "当前为 0 人" in p for p in problems)
    assert any(p.startswith(A12_1) and "尚未签署共建协议" in p for p in problems)
    assert Center.objects.get(pk=world.nj.pk).status == S.CULTIVATING


def test_several_failing_conditions_are_reported_together(world):
    center = make_eligible(put(world.nj, S.CULTIVATING), members=99)
    _update(instrument_value_wan_yuan=Decimal("100"))(center)
    with pytest.raises(GuardFailed) as exc:
        run(world, "approve_establishment")
    problems = [str(p) for p in exc.value.problems]
    assert len(problems) == 2
    assert any("团队成员须不少于 100 人，当前为 99 人" in p for p in problems)
    assert any("科研仪器设备原值须不少于 2,000.00 万元" in p for p in problems)


LAYOUT_RULE = (
    "以下原则性条件未满足，须在办理意见中书面说明批准理由：第四条同一细分产业领域不重复布局"
)


def test_a_duplicate_layout_needs_a_written_justification(
    world, django_capture_on_commit_callbacks
):
    """第四条 is a rule 原则上: the province may approve all the same, giving its reasons."""
    center = make_eligible(put(world.nj, S.CULTIVATING))
    f.PlatformFactory(name="江苏省高端装备产业创新中心", sub_field=center.sub_field)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(GuardFailed) as exc:
        run(world, "approve_establishment", comment=" \n ")
    assert [str(p) for p in exc.value.problems] == [LAYOUT_RULE]
    _assert_untouched(world, S.CULTIVATING, before, callbacks)

    reasons = "该中心聚焦整机可靠性，与已有平台错位布局"
    center = run(world, "approve_establishment", comment=reasons)
    assert center.status == S.CONSTRUCTING
    event = AuditEvent.objects.get(action="center.approve_establishment")
    assert event.comment == reasons


@pytest.mark.parametrize(
    ("status", "duplicate"),
    [
        (S.CONSTRUCTING, True),
        (S.OPERATING, True),
        (S.RECTIFYING, True),
        (S.RECTIFICATION_REVIEW, True),
        (S.CULTIVATING, False),
        (S.REMOVED, False),
        (S.REVOKED, False),
    ],
)
def test_another_center_occupies_the_sub_field_while_it_is_supported(world, status, duplicate):
    make_eligible(put(world.nj, S.CULTIVATING))
    f.CenterFactory(city=f.city(SUZHOU), sub_field=world.nj.sub_field, status=status)
    if duplicate:
        with pytest.raises(GuardFailed) as exc:
            run(world, "approve_establishment", comment="")
        assert [str(p) for p in exc.value.problems] == [LAYOUT_RULE]
    else:
        assert run(world, "approve_establishment", comment="").status == S.CONSTRUCTING


def test_an_inactive_platform_or_one_in_another_sub_field_is_no_duplicate(world):
    make_eligible(put(world.nj, S.CULTIVATING))
    f.PlatformFactory(sub_field=world.nj.sub_field, is_active=False)
    f.PlatformFactory(sub_field=f.sub_field("E0303"))
    assert run(world, "approve_establishment", comment="").status == S.CONSTRUCTING


def test_a_justification_does_not_override_a_mandatory_condition(world):
    make_eligible(put(world.nj, S.CULTIVATING), members=99)
    f.PlatformFactory(sub_field=world.nj.sub_field)
    with pytest.raises(GuardFailed) as exc:
        run(world, "approve_establishment", comment="同一领域错位布局，书面说明如下……")
    problems = [str(p) for p in exc.value.problems]
    assert problems[0] == f"{A12_4}：团队成员须不少于 100 人，当前为 99 人"
    assert Center.objects.get(pk=world.nj.pk).status == S.CULTIVATING


@pytest.mark.parametrize(
    "unrecorded",
    [
        pytest.param(_update(rd_site_area_m2=None), id="site-area"),
        pytest.param(_update(instrument_value_wan_yuan=None), id="instruments"),
        pytest.param(
            _update(executive_director=None, executive_director_full_time=False),
            id="executive-director",
        ),
        pytest.param(lambda c: c.co_builders.all().delete(), id="co-builders"),
    ],
)
def test_an_unrecorded_mandatory_condition_refuses_the_approval(world, unrecorded):
    """A condition 第十二条 makes mandatory and the registry holds the field for is not met by
    leaving the field empty."""
    center = make_eligible(put(world.nj, S.CULTIVATING))
    unrecorded(center)
    with pytest.raises(GuardFailed):
        run(world, "approve_establishment", comment="同意")


# --- the detail page offers exactly the actions the table allows ------------------------------

PROVINCE_BUTTONS = {
    S.CULTIVATING: {"approve_establishment", "revoke"},
    S.CONSTRUCTING: {"revoke"},
    S.ACCEPTING: {"pass_acceptance", "fail_acceptance", "revoke"},
    S.OPERATING: {"order_rectification", "remove", "revoke"},
    S.RECTIFYING: {"remove", "revoke"},
    S.RECTIFICATION_REVIEW: {"return_rectification", "pass_rectification", "remove", "revoke"},
    S.REMOVED: set(),
    S.REVOKED: set(),
}
STAFF_BUTTONS = {S.CONSTRUCTING: {"request_acceptance"}, S.RECTIFYING: {"submit_rectification"}}


def expected_buttons(who: str, state: str) -> set[str]:
    if who == "province":
        return PROVINCE_BUTTONS[state]
    if who == "staff_a":
        return STAFF_BUTTONS.get(state, set())
    return set()


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("who", ["province", "city_nj", "staff_a", "cobuilder_d"])
def test_detail_page_shows_exactly_the_available_actions(client, world, who, state):
    put(world.nj, state)
    user = world.users[who]
    available = {t.action for t in CENTER_WORKFLOW.available(user, world.nj)}
    assert available == expected_buttons(who, state)
    response = login(client, user).get(f"/centers/{world.nj.pk}/")
    assert response.status_code == 200
    assert action_buttons(response, world.nj.pk) == available
    assert str(CENTER_WORKFLOW.states[state]) in response.content.decode()
    # Once approved, only the province edits the record directly (第二十三条 for the others).
    editable = state not in (S.REMOVED, S.REVOKED) and (
        who == "province" or (who != "cobuilder_d" and state == S.CULTIVATING)
    )
    assert (f'href="/centers/{world.nj.pk}/edit/"' in response.content.decode()) == editable
    api = client.get(f"/api/v1/centers/{world.nj.pk}")
    assert {a["action"] for a in api.json()["actions"]} == available


@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("staff_c", S.RECTIFYING, {"submit_rectification"}),
        ("staff_a", S.RECTIFYING, {"submit_rectification"}),
        ("city_sz", S.RECTIFYING, set()),
        ("staff_c", S.RECTIFICATION_REVIEW, set()),
        ("province", S.RECTIFICATION_REVIEW, PROVINCE_BUTTONS[S.RECTIFICATION_REVIEW]),
    ],
)
def test_branch_detail_page_offers_the_report_to_its_staff(client, world, who, state, expected):
    put(world.branch, state, rectification_deadline=tomorrow())
    response = login(client, world.users[who]).get(f"/centers/{world.branch.pk}/")
    assert response.status_code == 200
    assert action_buttons(response, world.branch.pk) == expected


def test_detail_page_shows_the_history_with_articles(client, world):
    put(world.nj, S.OPERATING)
    run(world, "order_rectification", comment="评估结果为较差")
    response = login(client, world.users["city_nj"]).get(f"/centers/{world.nj.pk}/")
    html = response.content.decode()
    assert "评估结果为较差" in html
    assert "依据第二十五条" in html
    assert "限期整改中，整改期限" in html


# --- through the pages ----------------------------------------------------------------------------


def action_url(center, action):
    return f"/centers/{center.pk}/actions/{action}/"


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_action_page_happy_path(client, world, action, django_capture_on_commit_callbacks):
    t = TRANSITIONS[action]
    prepare(world.nj, action)
    login(client, world.users[actor_key(action)])
    form_page = client.get(action_url(world.nj, action))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert t.article in html
    for param in t.params:
        assert f'name="{param.name}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action_url(world.nj, action), {**valid_params(action), "comment": "同意"}
        )
    assert response.status_code == 302
    assert response["Location"] == f"/centers/{world.nj.pk}/"
    assert Center.objects.get(pk=world.nj.pk).status == t.target
    event = AuditEvent.objects.get(action=f"center.{action}")
    assert (event.article, event.after["status"]) == (t.article, t.target)
    assert event.comment == "同意"
    followed = client.get(response["Location"])
    assert f"已办理：{t.label}" in followed.content.decode()


def test_report_page_has_a_textarea_and_saves_the_report(client, world):
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    login(client, world.users["staff_a"])
    html = client.get(action_url(world.nj, "submit_rectification")).content.decode()
    assert '<textarea name="report"' in html
    assert "逐项说明整改措施、完成情况和取得的成效" in html
    response = client.post(action_url(world.nj, "submit_rectification"), {"report": REPORT})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="center.submit_rectification")
    assert event.after["params"] == {"report": REPORT}


def test_action_without_parameters_or_comment_can_be_posted_empty(client, world):
    put(world.nj, S.ACCEPTING)
    response = login(client, world.users["province"]).post(
        action_url(world.nj, "pass_acceptance"), {}
    )
    assert response.status_code == 302
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING


def test_action_page_in_wrong_state_is_409(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["province"])
    for response in (
        client.get(action_url(world.nj, "pass_acceptance")),
        client.post(action_url(world.nj, "pass_acceptance"), {"comment": "x"}),
    ):
        assert response.status_code == 409
        assert "当前状态为「运行中」，不能执行「验收通过」" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING


def test_pass_rectification_page_without_a_report_is_409(client, world):
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    login(client, world.users["province"])
    response = client.post(action_url(world.nj, "pass_rectification"), {"comment": "已整改"})
    assert response.status_code == 409
    assert "当前状态为「限期整改」，不能执行「整改通过」" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.RECTIFYING


def test_action_page_for_the_wrong_role_is_403_with_its_reason(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["city_nj"])
    for response in (
        client.get(action_url(world.nj, "revoke")),
        client.post(action_url(world.nj, "revoke"), {"comment": "x"}),
    ):
        assert response.status_code == 403
        assert "「撤销」只能由省科技厅执行" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING


def test_unknown_action_page_is_404(client, world):
    login(client, world.users["province"])
    assert client.get(action_url(world.nj, "promote")).status_code == 404


def error_summary(html: str) -> str:
    return html.split('id="error-summary"')[1].split("</div>")[0]


def field_error(html: str, name: str) -> str:
    marker = f'id="{name}-error">'
    assert marker in html, f"no error shown on {name}"
    return html.split(marker)[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("action", "state", "who", "data", "message"),
    [
        ("revoke", S.OPERATING, "province", {"comment": ""}, "办理意见"),
        ("remove", S.OPERATING, "province", {"reason": "dislike", "comment": "x"}, "原因"),
        ("remove", S.OPERATING, "province", {"comment": "x"}, "原因"),
        (
            "approve_establishment",
            S.CULTIVATING,
            "province",
            {"approved_on": "2025-13-01"},
            "批准日期",
        ),
        (
            "approve_establishment",
            S.CULTIVATING,
            "province",
            {"approved_on": "2025-03-01"},
            "批准组建文号",
        ),
        ("submit_rectification", S.RECTIFYING, "staff_a", {"report": "  "}, "整改情况报告"),
        ("return_rectification", S.RECTIFICATION_REVIEW, "province", {"comment": "x"}, "整改期限"),
    ],
)
def test_action_form_shows_an_error_summary_and_saves_nothing(
    client, world, action, state, who, data, message
):
    put(
        world.nj,
        state,
        rectification_deadline=tomorrow() if state in RECTIFICATION_STATES else None,
    )
    before = audit_count()
    response = login(client, world.users[who]).post(action_url(world.nj, action), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-danger error-summary"' in html
    assert message in error_summary(html)
    assert Center.objects.get(pk=world.nj.pk).status == state
    assert audit_count() == before


@pytest.mark.parametrize(
    ("action", "offset", "message"),
    [
        ("order_rectification", 0, "整改期限须晚于今天"),
        ("order_rectification", 731, "整改期限不能晚于"),
        ("return_rectification", -1, "整改期限须晚于今天"),
    ],
)
def test_refused_deadline_on_the_page_is_shown_on_its_field_and_keeps_the_form(
    client, world, action, offset, message
):
    """A refused deadline is a field error (the typed comment is kept), nothing saved."""
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    old_deadline = Center.objects.get(pk=world.nj.pk).rectification_deadline
    before = audit_count()
    response = login(client, world.users["province"]).post(
        action_url(world.nj, action),
        {"rectification_deadline": day(offset).isoformat(), "comment": "整改意见全文"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_error(html, "rectification_deadline")
    assert 'href="#id_rectification_deadline"' in error_summary(html)
    assert "整改意见全文" in html
    center = Center.objects.get(pk=world.nj.pk)
    assert (center.status, center.rectification_deadline) == (state, old_deadline)
    assert audit_count() == before


def test_future_approval_date_on_the_page_is_shown_on_its_field(client, world):
    make_eligible(put(world.nj, S.CULTIVATING))
    response = login(client, world.users["province"]).post(
        action_url(world.nj, "approve_establishment"),
        {"approval_doc_no": "苏科技〔2025〕12号", "approved_on": tomorrow().isoformat()},
    )
    assert response.status_code == 200
    assert "日期不能晚于今天" in field_error(response.content.decode(), "approved_on")
    assert Center.objects.get(pk=world.nj.pk).status == S.CULTIVATING


def test_refused_approval_on_the_page_lists_the_conditions_not_met(client, world):
    make_eligible(put(world.nj, S.CULTIVATING), members=99)
    response = login(client, world.users["province"]).post(
        action_url(world.nj, "approve_establishment"),
        {**valid_params("approve_establishment"), "comment": "同意"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "第十二条第4项：团队成员须不少于 100 人，当前为 99 人" in error_summary(html)
    assert Center.objects.get(pk=world.nj.pk).status == S.CULTIVATING
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()


def test_duplicate_layout_on_the_page_asks_for_reasons_then_accepts_them(client, world):
    make_eligible(put(world.nj, S.CULTIVATING))
    f.PlatformFactory(sub_field=world.nj.sub_field)
    login(client, world.users["province"])
    url = action_url(world.nj, "approve_establishment")
    refused = client.post(url, valid_params("approve_establishment"))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert LAYOUT_RULE in error_summary(html)
    assert "苏科技〔2025〕12号" in html  # what was typed is kept
    accepted = client.post(url, {**valid_params("approve_establishment"), "comment": "错位布局"})
    assert accepted.status_code == 302
    assert Center.objects.get(pk=world.nj.pk).status == S.CONSTRUCTING


# --- through the API ------------------------------------------------------------------------------


def api_post(client, center, action, params=None, comment="同意"):
    return client.post(
        f"/api/v1/centers/{center.pk}/transitions/{action}",
        {"params": valid_params(action) if params is None else params, "comment": comment},
        content_type="application/json",
    )


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_api_transition_happy_path(client, world, action):
    t = TRANSITIONS[action]
    prepare(world.nj, action)
    response = api_post(login(client, world.users[actor_key(action)]), world.nj, action)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == t.target
    event = AuditEvent.objects.get(action=f"center.{action}")
    assert (event.article, event.after["status"]) == (t.article, t.target)
    assert body["id"] == world.nj.pk
    expected = {
        a.action
        for a in CENTER_WORKFLOW.available(
            world.users[actor_key(action)], Center.objects.get(pk=world.nj.pk)
        )
    }
    assert {a["action"] for a in body["actions"]} == expected


def test_api_refusals(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["province"])

    conflict = api_post(client, world.nj, "pass_acceptance")
    assert conflict.status_code == 409
    assert "当前状态为「运行中」" in conflict.json()["detail"]

    missing = api_post(client, world.nj, "remove", params={})
    assert missing.status_code == 422
    assert [d["field"] for d in missing.json()["detail"]] == ["reason"]

    bad_choice = api_post(client, world.nj, "remove", params={"reason": "dislike"})
    assert bad_choice.status_code == 422

    no_comment = api_post(client, world.nj, "revoke", comment="")
    assert no_comment.status_code == 422
    assert no_comment.json()["detail"][0]["field"] == "comment"

    bad_date = api_post(
        client, world.nj, "order_rectification", params={"rectification_deadline": "2025/01/01"}
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["loc"] == ["rectification_deadline"]

    for offset, message in ((0, "整改期限须晚于今天"), (731, "整改期限不能晚于")):
        deadline = api_post(
            client,
            world.nj,
            "order_rectification",
            params={"rectification_deadline": day(offset).isoformat()},
        )
        assert deadline.status_code == 422
        [detail] = deadline.json()["detail"]
        assert detail["loc"] == ["rectification_deadline"]
        assert message in detail["msg"]

    unknown_param = api_post(client, world.nj, "revoke", params={"reason": "two_poor"})
    assert unknown_param.status_code == 422
    assert unknown_param.json()["detail"] == [
        {"loc": ["reason"], "field": "reason", "msg": "「撤销」没有名为「reason」的参数"}
    ]

    unknown = api_post(client, world.nj, "promote")
    assert unknown.status_code == 404

    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()

    client.logout()
    login(client, world.users["city_nj"])
    forbidden = api_post(client, world.nj, "revoke")
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == "「撤销」只能由省科技厅执行"


def test_api_approval_refusals(client, world):
    put(world.nj, S.CULTIVATING)
    login(client, world.users["province"])

    unmet = api_post(client, world.nj, "approve_establishment")
    assert unmet.status_code == 409
    assert "团队成员须不少于 100 人，当前为 0 人" in unmet.json()["detail"]

    make_eligible(world.nj)
    future = api_post(
        client,
        world.nj,
        "approve_establishment",
        params={"approval_doc_no": "苏科技〔2025〕12号", "approved_on": tomorrow().isoformat()},
    )
    assert future.status_code == 422
    assert [d["field"] for d in future.json()["detail"]] == ["approved_on"]

    early = api_post(
        client,
        world.nj,
        "approve_establishment",
        params={**valid_params("approve_establishment"), "construction_starts_on": "2025-01-01"},
    )
    assert early.status_code == 409
    assert early.json()["detail"] == "建设期开始日期不能早于批准日期"

    f.PlatformFactory(sub_field=world.nj.sub_field)
    unjustified = api_post(client, world.nj, "approve_establishment", comment="")
    assert unjustified.status_code == 409
    assert unjustified.json()["detail"] == LAYOUT_RULE
    assert Center.objects.get(pk=world.nj.pk).status == S.CULTIVATING
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()

    justified = api_post(client, world.nj, "approve_establishment", comment="错位布局，书面说明")
    assert justified.status_code == 200
    assert justified.json()["status"] == S.CONSTRUCTING


# --- inbox: todos for the next actor, notices for the city --------------------------------------


def test_request_acceptance_creates_todos_for_the_province_and_notices_for_the_city(
    world, django_capture_on_commit_callbacks
):
    put(world.nj, S.CONSTRUCTING)
    second = f.province_user(username="province2")
    f.province_user(username="retired", is_active=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(world, "request_acceptance")
        # Nothing is sent before the transaction commits.
        assert not InboxItem.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()

    todos = InboxItem.objects.filter(kind=InboxItem.Kind.TODO)
    assert {t.recipient.username for t in todos} == {"province", second.username}
    for todo in todos:
        assert todo.object_type == "centers.center"
        assert todo.object_id == str(world.nj.pk)
        assert todo.object_state == S.ACCEPTING
        assert todo.url == f"/centers/{world.nj.pk}/"
        assert todo.article == "第七条第3项"
        assert todo.done_at is None
    notices = InboxItem.objects.filter(kind=InboxItem.Kind.NOTICE)
    assert {n.recipient.username for n in notices} == {"city_nj"}
    assert "验收中" in notices.get().body


def test_todos_close_when_the_center_moves_on(world, django_capture_on_commit_callbacks):
    put(world.nj, S.CONSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "request_acceptance")
    assert InboxItem.objects.filter(kind="todo", done_at__isnull=True).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "pass_acceptance")
    assert not InboxItem.objects.filter(kind="todo", done_at__isnull=True).exists()
    latest = InboxItem.objects.filter(kind="notice", title__contains="验收通过")
    # City officers and the center's staff are told; the acting province officer is not.
    assert {n.recipient.username for n in latest} == {"city_nj", "staff_a"}


def open_todos():
    return InboxItem.objects.filter(kind="todo", done_at__isnull=True)


def test_rectification_review_passes_the_todo_back_and_forth(
    world, django_capture_on_commit_callbacks
):
    """限期整改 → 提交整改报告 → 退回继续整改 → 提交 → 整改通过: each step closes the to-dos of
    the last one and gives the next actor theirs, with the deadline in force."""
    put(world.nj, S.OPERATING)
    f.province_user(username="province2")
    f.province_user(username="retired", is_active=False)
    first_deadline, second_deadline = day(30), day(60)

    with django_capture_on_commit_callbacks(execute=True):
        run(
            world,
            "order_rectification",
            params={"rectification_deadline": first_deadline.isoformat()},
            comment="评估结果为较差",
        )
    order_todo = open_todos().get()
    assert (order_todo.recipient, order_todo.due_on) == (world.users["staff_a"], first_deadline)
    assert order_todo.object_state == S.RECTIFYING

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "submit_rectification", comment="")
    order_todo.refresh_from_db()
    assert order_todo.done_at is not None
    review_todos = list(open_todos())
    assert {t.recipient.username for t in review_todos} == {"province", "province2"}
    for todo in review_todos:
        assert todo.object_state == S.RECTIFICATION_REVIEW
        assert todo.due_on == first_deadline
        assert todo.article == "第二十五条"
        assert todo.title == "南京工业母机技术创新中心 待办理（整改待复核）"
    submitted = InboxItem.objects.get(kind="notice", title__contains="提交整改报告")
    assert submitted.recipient == world.users["city_nj"]
    # The report ends with its own 。: no second one (第二十五条 notice text).
    assert submitted.body == f"状态已变更为「整改待复核」。整改情况报告：{REPORT}"

    with django_capture_on_commit_callbacks(execute=True):
        run(
            world,
            "return_rectification",
            params={"rectification_deadline": second_deadline.isoformat()},
            comment="人员补充不到位",
        )
    assert all(InboxItem.objects.get(pk=t.pk).done_at is not None for t in review_todos)
    returned_todo = open_todos().get()
    assert (returned_todo.recipient, returned_todo.due_on) == (
        world.users["staff_a"],
        second_deadline,
    )
    assert returned_todo.object_state == S.RECTIFYING
    returned = InboxItem.objects.get(kind="notice", title__contains="退回继续整改")
    assert returned.recipient == world.users["city_nj"]
    assert returned.body == (
        f"状态已变更为「限期整改」。整改期限：{second_deadline}。办理意见：人员补充不到位"
    )
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline == second_deadline

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "submit_rectification", comment="")
    assert {t.due_on for t in open_todos()} == {second_deadline}
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "pass_rectification", comment="整改到位")
    assert not open_todos().exists()
    passed = InboxItem.objects.filter(kind="notice", title__contains="整改通过")
    assert {n.recipient.username for n in passed} == {"city_nj", "staff_a"}
    center = Center.objects.get(pk=world.nj.pk)
    assert (center.status, center.rectification_deadline) == (S.OPERATING, None)
    assert list(
        AuditEvent.objects.filter(action__startswith="center.")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "center.order_rectification",
        "center.submit_rectification",
        "center.return_rectification",
        "center.submit_rectification",
        "center.pass_rectification",
    ]
    # Nobody outside 南京 hears of it: not the branch's staff, not the 苏州 city.
    assert not InboxItem.objects.filter(
        recipient__in=[world.users["staff_c"], world.users["city_sz"], world.users["staff_b"]]
    ).exists()
    assert verify_chain().ok


def test_notices_give_the_new_state_the_values_and_the_comment(
    world, django_capture_on_commit_callbacks
):
    make_eligible(put(world.nj, S.CULTIVATING))
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "approve_establishment", comment="")
    bodies = set(InboxItem.objects.filter(kind="notice").values_list("body", flat=True))
    # The optional start date was not given: it is left out, not shown as empty.
    assert bodies == {
        "状态已变更为「建设中」。批准组建文号：苏科技〔2025〕12号。批准日期：2025-03-01。"
    }


def test_notices_are_written_in_the_system_language_with_choice_labels(
    world, django_capture_on_commit_callbacks
):
    """An officer reading English still leaves Chinese text for the others: the state, the
    parameter labels and the label of the reason chosen, never its code."""
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    with translation.override("en"):
        assert gettext("原因") == "Reason"  # English is really what the actors read
        with django_capture_on_commit_callbacks(execute=True):
            run(world, "submit_rectification", comment="")
        with django_capture_on_commit_callbacks(execute=True):
            run(world, "remove", comment="整改后复核仍不合格")

    todos = InboxItem.objects.filter(kind="todo")
    assert {t.title for t in todos} == {"南京工业母机技术创新中心 待办理（整改待复核）"}
    removal = InboxItem.objects.filter(kind="notice", title__contains="不再纳入序列管理")
    assert {n.recipient.username for n in removal} == {"city_nj", "staff_a"}
    for notice in removal:
        assert notice.title == "南京工业母机技术创新中心：不再纳入序列管理"
        assert notice.body == (
            "状态已变更为「不再纳入序列管理」。原因：连续两次评估较差。办理意见：整改后复核仍不合格"
        )
        assert "two_poor" not in notice.body


def test_refused_transition_tells_nobody(world, django_capture_on_commit_callbacks):
    put(world.nj, S.CONSTRUCTING)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        run(world, "request_acceptance", who="cobuilder_d")
    assert callbacks == []
    assert not InboxItem.objects.exists()


def test_refused_approval_tells_nobody(world, django_capture_on_commit_callbacks):
    make_eligible(put(world.nj, S.CULTIVATING), members=99)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(GuardFailed),
    ):
        run(world, "approve_establishment")
    assert callbacks == []
    assert not InboxItem.objects.exists()


def test_another_users_inbox_item_cannot_be_marked_read(
    client, world, django_capture_on_commit_callbacks
):
    put(world.nj, S.CONSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "request_acceptance")
    notice = InboxItem.objects.get(recipient=world.users["city_nj"])

    login(client, world.users["city_sz"])
    assert client.post(f"/workbench/inbox/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None

    client.logout()
    login(client, world.users["city_nj"])
    response = client.post(f"/workbench/inbox/{notice.pk}/read/", {"follow": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/centers/{world.nj.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
