"""Major matters (第二十三条): major-matter reports filed with the province, and change requests
through city review to the province's decision; an approved one changes the center record and
leaves its versions (matters.proposals.snapshot)."""

from __future__ import annotations

import datetime as dt

from ticms.centers.models import Center
from ticms.centers.services.approval import BY_REQUEST
from ticms.common import messages
from ticms.common.audit import to_json
from ticms.matters.models import (
    CenterRecordVersion,
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    MajorMatterKind,
    MajorMatterReport,
    MajorMatterStatus,
)
from ticms.matters.proposals.snapshot import TEXT_FIELDS
from ticms.regulation.eligibility import rule_set_for

from .base import Scale, bulk
from .plans import TOPICS, Plan

M, C = MajorMatterStatus, ChangeStatus
ARTICLE = "第二十三条"
MATTERS = {
    MajorMatterKind.PROGRESS: (
        "突破{topic}关键技术，完成工程化验证",
        "中心联合共建单位完成{topic}关键技术攻关，在骨干企业完成验证。",
    ),
    MajorMatterKind.RESULT: (
        "{topic}成果实现产业化，新增产值超亿元",
        "相关成果已在省内多家企业推广应用，形成发明专利申请12项。",
    ),
    MajorMatterKind.TALENT: (
        "引进{topic}领域国家级领军人才",
        "经理事会研究，全职引进领军人才一名，组建{topic}研发团队。",
    ),
    MajorMatterKind.BENEFIT: (
        "{topic}技术服务带动企业降本增效",
        "为省内企业提供技术服务，带动相关企业节约成本逾5000万元。",
    ),
}
REASON = "根据产业发展形势和中心发展需要，经理事会研究，拟对{label}作如下调整（附理事会决议）。"
OPINION = "经审核，调整内容符合中心定位和产业发展需要，同意变更，报请省科技厅审批。"
REFUSE = "调整后的研发方向与中心所在细分产业领域不一致，不予批准。"
TEXT_KINDS = tuple(TEXT_FIELDS)
OPEN = ((C.DRAFT, 2), (C.SUBMITTED, 4), (C.RETURNED, 1), (C.CITY_REVIEWED, 3))
CLOSED = ((C.APPROVED, 7), (C.REFUSED, 2), (C.WITHDRAWN, 1))


def seed(s: Scale, plans: list[Plan]) -> None:
    with s.phase("major matters and change requests") as written:
        active = [p for p in plans if p.supported and p.exit_on is None]
        matters = _matters(s, active)
        changes, versions = _changes(s, active)
        written.update(
            **{
                "major matters": len(matters),
                "change requests": len(changes),
                "record versions": versions,
            }
        )


def _matters(s: Scale, active: list[Plan]) -> list[MajorMatterReport]:
    rows = []
    for p in active:
        for _ in range(s.rng.choice((0, 0, 1, 1, 2))):
            kind = s.rng.choice(list(MATTERS))
            title, body = MATTERS[kind]
            topic = s.rng.choice(TOPICS)
            occurred = s.day_between(
                max(p.registered_on, p.starts_on), s.today - dt.timedelta(days=5)
            )
            recent = (s.today - occurred).days < 60
            status = s.rng.choice((M.SUBMITTED, M.DRAFT, M.RETURNED)) if recent else M.FILED
            created = s.at(occurred + dt.timedelta(days=s.rng.randint(1, 3)))
            row = MajorMatterReport(
                center=p.center,
                kind=kind,
                title=title.format(topic=topic)[:200],
                body=body.format(topic=topic),
                occurred_on=occurred,
                status=status,
                created_by=p.staff[0],
                created_at=created,
                updated_at=created,
            )
            if status != M.DRAFT:
                row.submitted_at = min(created + dt.timedelta(days=s.rng.randint(1, 5)), s.now)
                row.updated_at = row.submitted_at
            if status == M.FILED:
                row.filed_at = min(
                    row.submitted_at + dt.timedelta(days=s.rng.randint(2, 20)), s.now
                )
                row.updated_at = row.filed_at
            row.plan = p
            rows.append(row)
    bulk(MajorMatterReport, rows)
    s.major_matters = rows
    for row in rows:
        p, staff = row.plan, row.plan.staff[0]
        name = str(row)
        s.record(
            row.created_at,
            staff,
            "major_matter.create",
            "matters.majormatterreport",
            row.pk,
            name,
            article=ARTICLE,
            after={
                "center": p.code,
                "kind": row.kind,
                "title": row.title,
                "body": row.body,
                "occurred_on": row.occurred_on.isoformat(),
            },
        )
        if row.submitted_at:
            _state(s, row, row.submitted_at, staff, "major_matter.submit", M.DRAFT, M.SUBMITTED)
        if row.status == M.RETURNED:
            when = min(row.submitted_at + dt.timedelta(days=2), s.now)
            _state(
                s,
                row,
                when,
                s.province,
                "major_matter.return_to_center",
                M.SUBMITTED,
                M.RETURNED,
                comment="请补充成果的第三方证明材料。",
            )
        if row.filed_at:
            _state(s, row, row.filed_at, s.province, "major_matter.file", M.SUBMITTED, M.FILED)
    return rows


def _state(s, row, when, actor, action, source, target, comment="", extra=None):
    before, after = {"status": source}, {"status": target}
    if extra:
        before.update(extra[0])
        after.update(extra[1])
    s.record(
        when,
        actor,
        action,
        row._meta.label_lower,
        row.pk,
        str(row),
        article=ARTICLE,
        before=before,
        after=after,
        comment=comment,
    )


def _snapshot(p: Plan, texts: dict) -> dict:
    center = p.center
    person = lambda x: {"id": x.pk, "name": x.name, "id_masked": x.id_masked}  # noqa: E731
    return {
        "host_unit": {"uscc": p.host.uscc, "name": p.host.name},
        "director": person(p.director),
        "executive_director": person(p.executive),
        "executive_director_full_time": center.executive_director_full_time,
        "co_builders": [
            {
                "uscc": cb.organisation.uscc,
                "name": cb.organisation.name,
                "kind": cb.kind,
                "duties": cb.duties,
            }
            for cb in p.co_builders
        ],
        **texts,
    }


def _changes(s: Scale, active: list[Plan]) -> tuple[list[ChangeRequest], int]:
    rows, changed_centers = [], []
    for p in active:
        if not s.chance(0.4):
            continue
        count = s.rng.choice((1, 1, 2))
        days = sorted(
            s.day_between(
                max(p.registered_on, p.starts_on) + dt.timedelta(days=30),
                s.today - dt.timedelta(days=10),
            )
            for _ in range(count)
        )
        texts = {field: getattr(p.center, field) for field in TEXT_FIELDS.values()}
        used_open = set()
        for k, day in enumerate(days):
            recent = k == count - 1 and (s.today - day).days < 120
            table = OPEN if recent else CLOSED
            status = s.rng.choices([t for t, _w in table], [w for _t, w in table])[0]
            kind = s.rng.choice(TEXT_KINDS)
            if status in dict(OPEN) and kind in used_open:
                continue
            used_open.add(kind)
            field = TEXT_FIELDS[kind]
            new = f"{texts[field]}新增{s.rng.choice(TOPICS)}方向，强化中试验证与成果转化。"
            created = s.at(day)
            row = ChangeRequest(
                center=p.center,
                kind=kind,
                reason=REASON.format(label=ChangeKind(kind).label),
                proposed={"text": new},
                status=status,
                created_by=p.staff[0],
                created_at=created,
                updated_at=created,
            )
            row.plan, row.times, row.before_texts = p, _change_times(s, row, created), dict(texts)
            if status in (C.CITY_REVIEWED, C.APPROVED, C.REFUSED):
                row.city_opinion = OPINION
            if status in (C.APPROVED, C.REFUSED):
                row.decided_at = row.times["decided"]
                row.rule_set_code = rule_set_for(row.decided_at.date()).code
            row.submitted_at = row.times.get("submitted")
            row.updated_at = max(row.times.values())
            if status == C.APPROVED:
                texts[field] = new
            rows.append(row)
        if texts != {f: getattr(p.center, f) for f in TEXT_FIELDS.values()}:
            for field, text in texts.items():
                setattr(p.center, field, text)
            changed_centers.append(p.center)
    bulk(ChangeRequest, rows)
    Center.objects.bulk_update(changed_centers, list(TEXT_FIELDS.values()), batch_size=1000)
    s.change_requests = rows
    versions = _versions(s, rows)
    for row in rows:
        _change_events(s, row)
    return rows, versions


def _change_times(s: Scale, row: ChangeRequest, created: dt.datetime) -> dict:
    times, moment = {}, created
    ceiling = s.now - dt.timedelta(minutes=10)
    steps = {
        C.DRAFT: (),
        C.SUBMITTED: ("submitted",),
        C.RETURNED: ("submitted", "returned"),
        C.CITY_REVIEWED: ("submitted", "reviewed"),
        C.WITHDRAWN: ("submitted", "withdrawn"),
        C.APPROVED: ("submitted", "reviewed", "decided"),
        C.REFUSED: ("submitted", "reviewed", "decided"),
    }[row.status]
    for step in steps:
        moment = min(
            moment + dt.timedelta(days=s.rng.randint(1, 15), hours=s.rng.randint(1, 5)), ceiling
        )
        times[step] = moment
    times["created"] = created
    return times


def _versions(s: Scale, rows: list[ChangeRequest]) -> int:
    versions, numbers = [], {}
    for row in sorted(rows, key=lambda r: r.times["created"]):
        if row.status != C.APPROVED:
            continue
        p = row.plan
        if p.idx not in numbers:
            numbers[p.idx] = 1
            versions.append(
                CenterRecordVersion(
                    center=p.center,
                    number=1,
                    snapshot=_snapshot(p, row.before_texts),
                    created_at=row.times["decided"],
                )
            )
        numbers[p.idx] += 1
        after = dict(row.before_texts)
        after[TEXT_FIELDS[row.kind]] = row.proposed["text"]
        versions.append(
            CenterRecordVersion(
                center=p.center,
                number=numbers[p.idx],
                snapshot=_snapshot(p, after),
                change_request=row,
                approved_by=s.province,
                approved_at=row.times["decided"],
                created_at=row.times["decided"],
            )
        )
    bulk(CenterRecordVersion, versions)
    return len(versions)


def _change_events(s: Scale, row: ChangeRequest) -> None:
    p, staff, times = row.plan, row.plan.staff[0], row.times
    s.record(
        times["created"],
        staff,
        "change_request.create",
        "matters.changerequest",
        row.pk,
        str(row),
        article=ARTICLE,
        after={"center": p.code, "kind": row.kind, "reason": row.reason, "proposed": row.proposed},
    )
    if "submitted" in times:
        _state(
            s,
            row,
            times["submitted"],
            staff,
            "change_request.submit",
            C.DRAFT,
            C.SUBMITTED,
            extra=({"submitted_at": None}, {"submitted_at": to_json(times["submitted"])}),
        )
    if "returned" in times:
        _state(
            s,
            row,
            times["returned"],
            p.officer,
            "change_request.return_to_center",
            C.SUBMITTED,
            C.RETURNED,
            comment="请补充理事会决议。",
        )
    if "withdrawn" in times:
        _state(
            s, row, times["withdrawn"], staff, "change_request.withdraw", C.SUBMITTED, C.WITHDRAWN
        )
    if "reviewed" in times:
        _state(
            s,
            row,
            times["reviewed"],
            p.officer,
            "change_request.city_review",
            C.SUBMITTED,
            C.CITY_REVIEWED,
            extra=({"city_opinion": ""}, {"city_opinion": OPINION, "params": {"opinion": OPINION}}),
        )
    if "decided" not in times:
        return
    decided = to_json(times["decided"])
    if row.status == C.REFUSED:
        _state(
            s,
            row,
            times["decided"],
            s.province,
            "change_request.refuse",
            C.CITY_REVIEWED,
            C.REFUSED,
            comment=REFUSE,
            extra=(
                {"decided_at": None, "rule_set_code": ""},
                {"decided_at": decided, "rule_set_code": row.rule_set_code},
            ),
        )
        return
    field = TEXT_FIELDS[row.kind]
    s.record(
        times["decided"],
        s.province,
        "center.change_apply",
        "centers.center",
        p.center.pk,
        p.name,
        article=ARTICLE,
        note=messages.msg(BY_REQUEST, request=messages.ref(row)),
        before={field: row.before_texts[field]},
        after={field: row.proposed["text"]},
    )
    _state(
        s,
        row,
        times["decided"],
        s.province,
        "change_request.approve",
        C.CITY_REVIEWED,
        C.APPROVED,
        extra=({"decided_at": None}, {"decided_at": decided}),
    )
