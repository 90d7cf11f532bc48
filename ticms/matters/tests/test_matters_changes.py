"""Change requests (第二十三条): approval changes the center record and keeps every version with
who approved it and when; a director change re-runs 第十二条第4项 on the new person; bad input
is refused with a clear message and nothing half-saved."""

from __future__ import annotations

import pytest

from ticms.accounts.models import Organisation, Person
from ticms.common.exceptions import GuardFailed, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.matters import checks as checks_matters
from ticms.matters import services as services
from ticms.matters.models import CenterRecordVersion, ChangeRequest
from ticms.matters.models import ChangeStatus as C
from ticms.matters.workflow import CHANGE_REQUEST_WORKFLOW
from ticms.testing import factories as f

from .matters_helpers import act, change, director_proposal, to_province

pytestmark = pytest.mark.django_db


def approve(world, request, justification=None):
    params = {"justification": justification} if justification else None
    return act(world, "province", request, "approve", params=params)


def test_director_change_updates_the_record_and_writes_two_versions(world):
    old = f.PersonFactory(name="王旧")
    world.nj.director = old
    world.nj.save()
    number = f.make_id_number()
    request = to_province(world, change(world, proposed=director_proposal("张新", number)))
    assert number not in str(request.proposed)  # never the clear ID number
    request = approve(world, request)
    assert request.status == C.APPROVED and request.rule_set_code
    world.nj.refresh_from_db()
    assert world.nj.director.name == "张新"
    first, second = CenterRecordVersion.objects.filter(center=world.nj).order_by("number")
    assert first.change_request is None and first.approved_by is None
    assert first.snapshot["director"]["name"] == "王旧"
    assert second.change_request == request
    assert second.approved_by == world.users["province"]
    assert second.approved_at == request.decided_at
    assert second.snapshot["director"]["name"] == "张新"
    assert [d["rule"] for d in request.decision_findings] == ["A12.4.no_repeat_support"]
    event = AuditEvent.objects.get(action="center.change_apply")
    assert event.article == "第二十三条" and event.after["director"] == world.nj.director_id


def test_second_change_adds_a_third_version_without_repeating_the_first(world):
    approve(world, to_province(world, change(world, "research_direction")))
    approve(world, to_province(world, change(world, "development_goals")))
    numbers = list(
        CenterRecordVersion.objects.filter(center=world.nj)
        .order_by("number")
        .values_list("number", "change_request__kind")
    )
    assert numbers == [(1, None), (2, "research_direction"), (3, "development_goals")]
    world.nj.refresh_from_db()
    assert world.nj.research_directions == "新的研发方向"
    assert world.nj.development_goals == "新的发展目标"


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("research_direction", "research_directions", "新的研发方向"),
        ("development_goals", "development_goals", "新的发展目标"),
        ("organisation_structure", "organisation_structure", "新的组织架构"),
    ],
)
def test_text_changes_take_effect(world, kind, field, value):
    approve(world, to_province(world, change(world, kind)))
    world.nj.refresh_from_db()
    assert getattr(world.nj, field) == value
    latest = CenterRecordVersion.objects.filter(center=world.nj).latest("number")
    assert latest.snapshot[field] == value


def test_executive_director_change_sets_person_and_full_time(world):
    approve(world, to_province(world, change(world, "executive_director")))
    world.nj.refresh_from_db()
    assert world.nj.executive_director.name == "李执行"
    assert world.nj.executive_director_full_time is True


def test_co_builder_adjustment_adds_and_removes(world):
    existing = world.nj.co_builders.get()
    new_code = f.make_uscc()
    proposed = {
        "add": [
            {
                "uscc": new_code,
                "name": "新共建高校",
                "kind": "university",
                "duties": "联合攻关",
                "agreement_signed_on": "2024-03-01",
            }
        ],
        "remove": [existing.organisation.uscc],
    }
    approve(world, to_province(world, change(world, "co_builders", proposed=proposed)))
    rows = list(world.nj.co_builders.select_related("organisation"))
    assert [(r.organisation.uscc, r.kind, r.duties) for r in rows] == [
        (new_code, "university", "联合攻关")
    ]
    assert Organisation.objects.get(uscc=new_code).name == "新共建高校"
    latest = CenterRecordVersion.objects.filter(center=world.nj).latest("number")
    assert [c["uscc"] for c in latest.snapshot["co_builders"]] == [new_code]


def test_the_last_co_builder_cannot_leave(world):
    only = world.nj.co_builders.get().organisation.uscc
    with pytest.raises(ValidationFailed) as exc:
        change(world, "co_builders", proposed={"remove": [only]})
    assert "第十二条第1项" in str(exc.value.errors["proposed.remove"][0])
    request = change(world, "co_builders", proposed={"add": [], "remove": []})
    with pytest.raises(GuardFailed) as guard:
        act(world, "staff_nj", request, "submit")
    assert any("至少增加或退出一家" in p for p in guard.value.problems)


def test_removal_leaving_none_is_refused_at_submission(world):
    # Two co-builders when drafted; the other one left since (another approved change).
    other = f.CoBuilderFactory(center=world.nj)
    first = world.nj.co_builders.exclude(pk=other.pk).get().organisation.uscc
    request = change(world, "co_builders", proposed={"remove": [first]})
    other.delete()
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", request, "submit")
    assert any("第十二条第1项" in p for p in exc.value.problems)


@pytest.mark.parametrize(
    ("proposed", "field", "text"),
    [
        (
            {"add": [{"uscc": "123", "name": "x", "kind": "enterprise"}]},
            "proposed.add[0].uscc",
            "18位",
        ),
        (
            {"add": [{"uscc": "", "name": "x", "kind": "enterprise"}]},
            "proposed.add[0].uscc",
            "请填写统一社会信用代码",
        ),
        (
            {"add": [{"uscc": "GOOD", "name": "", "kind": "nope"}]},
            "proposed.add[0].kind",
            "请选择共建单位类型",
        ),
        ({"remove": ["91320100MA1XXXXXX1"]}, "proposed.remove[0]", "不是本中心的共建单位"),
        ({"add": "x"}, "proposed.add", "须为列表"),
    ],
)
def test_bad_co_builder_input_is_refused_with_nothing_saved(world, proposed, field, text):
    for row in proposed.get("add", []) if isinstance(proposed.get("add"), list) else []:
        if row["uscc"] == "GOOD":
            row["uscc"] = f.make_uscc()
    before = (ChangeRequest.objects.count(), Organisation.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        change(world, "co_builders", proposed=proposed)
    assert text in str(exc.value.errors[field][0]), exc.value.errors
    assert (ChangeRequest.objects.count(), Organisation.objects.count()) == before


def test_adding_an_existing_co_builder_or_the_host_is_refused(world):
    existing = world.nj.co_builders.get().organisation
    for code, text in (
        (existing.uscc, "已是该中心的共建单位"),
        (world.nj.host_unit.uscc, "依托单位本身"),
    ):
        with pytest.raises(ValidationFailed) as exc:
            change(
                world,
                "co_builders",
                proposed={"add": [{"uscc": code, "name": "x", "kind": "enterprise", "duties": ""}]},
            )
        assert text in str(exc.value.errors["proposed.add[0].uscc"][0])


@pytest.mark.parametrize(
    ("proposed", "field", "text"),
    [
        ({"name": "张三", "id_number": "123"}, "proposed.id_number", "证件号码格式不正确"),
        ({"name": "张三", "id_number": "320102198001010011"}, "proposed.id_number", "校验位"),
        ({"name": "张三"}, "proposed.id_number", "第十二条第4项"),
        ({"name": "", "id_number": "320102198001010018"}, "proposed.name", "姓名"),
    ],
)
def test_bad_person_input_is_refused_with_nothing_saved(world, proposed, field, text):
    before = (ChangeRequest.objects.count(), Person.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        change(world, proposed=proposed)
    assert text in str(exc.value.errors[field][0]), exc.value.errors
    assert (ChangeRequest.objects.count(), Person.objects.count()) == before


def test_executive_needs_full_time_answer_and_same_person_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        change(world, "executive_director", proposed=director_proposal())
    assert "全职" in str(exc.value.errors["proposed.full_time"][0])
    number = f.make_id_number()
    world.nj.director = f.PersonFactory(name="王现任", id_number=number)
    world.nj.save()
    with pytest.raises(ValidationFailed) as same:
        change(world, proposed=director_proposal("王现任", number))
    assert "无需变更" in str(same.value.errors["proposed.name"][0])


def test_missing_reason_blocks_submission_and_text_must_differ(world):
    request = change(world, "research_direction", reason="")
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", request, "submit")
    assert any("申请理由" in p for p in exc.value.problems)
    world.nj.research_directions = "现行方向"
    world.nj.save()
    with pytest.raises(ValidationFailed) as same:
        change(world, "development_goals", proposed={"text": "x" * 5001})
    assert "5000" in str(same.value.errors["proposed.text"][0])
    with pytest.raises(ValidationFailed) as unchanged:
        services.change_request_save(
            actor=world.users["staff_nj"], change_id=request.pk, proposed={"text": "现行方向"}
        )
    assert "与现行内容相同" in str(unchanged.value.errors["proposed.text"][0])


def test_one_open_request_per_kind_and_only_own_running_centers(world):
    change(world, "research_direction")
    with pytest.raises(ValidationFailed) as exc:
        change(world, "research_direction")
    assert "在办" in str(exc.value.errors["kind"][0])
    with pytest.raises(ValidationFailed) as bad_kind:
        services.change_request_create(
            actor=world.users["staff_nj"], center_id=world.nj.pk, kind="nope"
        )
    assert "请选择变更事项" in str(bad_kind.value.errors["kind"][0])
    world.nj.status = "cultivating"
    world.nj.save()
    with pytest.raises(ValidationFailed) as status:
        change(world, "development_goals")
    assert "建设运行期间" in str(status.value.errors["center"][0])
    for user in ("city_nj", "province"):
        with pytest.raises(PermissionDenied):
            services.change_request_create(
                actor=world.users[user], center_id=world.nj.pk, kind="director"
            )


def test_edit_keeps_the_resolved_person_without_the_number(world):
    request = change(
        world, "executive_director", proposed={**director_proposal("李执行"), "full_time": False}
    )
    person_id = request.proposed["person_id"]
    request = services.change_request_save(
        actor=world.users["staff_nj"],
        change_id=request.pk,
        proposed={"name": "李执行", "id_number": "", "full_time": True},
    )
    assert request.proposed["person_id"] == person_id and request.proposed["full_time"] is True
    act(world, "staff_nj", request, "submit")
    with pytest.raises(Exception) as late:
        services.change_request_save(
            actor=world.users["staff_nj"], change_id=request.pk, reason="改"
        )
    assert "不能修改" in str(late.value)


# --- 第十二条第4项 on the new person -------------------------------------------------------------


def _leader_elsewhere(world, status="operating", role="director"):
    number = f.make_id_number()
    person = f.PersonFactory(name="赵重复", id_number=number)
    other = f.CenterFactory(city=world.sz.city, status=status)
    setattr(other, role, person)
    other.save()
    return number, other


def test_repeat_support_needs_a_written_justification(world):
    number, other = _leader_elsewhere(world)
    request = to_province(world, change(world, proposed=director_proposal("赵重复", number)))
    check = checks_matters.leader_check(request, viewer=world.users["province"])
    [(rule, finding)] = check.results
    assert rule.article == "第十二条第4项" and finding.outcome == "fail"
    assert other.name in finding.render()
    # The city sees the outcome and the numbers, not the other center's name.
    city_view = checks_matters.leader_check(request, viewer=world.users["city_nj"])
    assert other.name not in city_view.results[0][1].render()
    with pytest.raises(GuardFailed) as exc:
        approve(world, request)
    assert "例外通过理由" in exc.value.problems[0]
    request = approve(world, request, justification="原中心已转为名誉主任，经研究同意兼任")
    assert request.status == C.APPROVED
    assert request.justification.startswith("原中心")
    event = AuditEvent.objects.get(action="change_request.approve")
    assert event.after["params"]["justification"].startswith("原中心")
    assert request.decision_findings[0]["outcome"] == "fail"


def test_executive_not_full_time_blocks_approval(world):
    request = to_province(
        world,
        change(world, "executive_director", proposed={**director_proposal(), "full_time": False}),
    )
    t = CHANGE_REQUEST_WORKFLOW.get("approve")
    assert any("第十二条第4项" in p for p in t.not_ready(request, world.users["province"]))
    with pytest.raises(GuardFailed):
        approve(world, request)
    # No in-principle condition failed: nothing to justify, and a justification is refused.
    with pytest.raises(ValidationFailed) as exc:
        approve(world, request, justification="特殊情况")
    assert "无需填写「例外通过理由」" in exc.value.errors["justification"][0]
    request.refresh_from_db()
    assert request.status == C.CITY_REVIEWED
    # Refusal stays possible.
    assert act(world, "province", request, "refuse", comment="须全职").status == C.REFUSED


@pytest.mark.parametrize(
    ("status", "family", "repeat"),
    [
        ("removed", False, True),  # supported once is supported (SUPPORTED_STATUSES)
        ("cultivating", False, False),  # a cultivated center was never supported by the province
        ("operating", True, False),  # a branch of the same center is the same center (第五条)
    ],
)
def test_repeat_support_boundaries(world, status, family, repeat):
    number, other = _leader_elsewhere(world, status=status, role="executive_director")
    if family:
        other.headquarters = world.nj
        other.city = world.nj.city
        other.save()
    request = change(world, proposed=director_proposal("赵重复", number))
    check = checks_matters.leader_check(request, viewer=world.users["province"])
    assert (check.results[0][1].outcome == "fail") is repeat


def test_a_request_overtaken_since_it_was_written_cannot_be_approved(world):
    request = to_province(world, change(world, "research_direction"))
    # The record reached the proposed text another way: the decision re-checks, it does not
    # trust what was true at submission.
    world.nj.research_directions = "新的研发方向"
    world.nj.save()
    with pytest.raises(GuardFailed) as exc:
        approve(world, request)
    assert any("与现行内容相同" in p for p in exc.value.problems)
    assert not CenterRecordVersion.objects.exists()
