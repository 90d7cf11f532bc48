"""The audit history of each center as the services would have written it: its host unit's
registration, its own registration (or its record as approved before TICMS), rosters, and every
lifecycle transition of the center table (centers.workflow) since TICMS took over."""

from __future__ import annotations

import datetime as dt

from ticms.centers.models import CenterStatus, CoBuilderKind, GovernanceKind
from ticms.centers.services.rosters import LEADERS, PEOPLE_ADDED, UNIT_OF_KIND
from ticms.common import messages
from ticms.common.messages import LEGACY

from .base import Scale
from .plans import Plan

S = CenterStatus
CENTER = "centers.center"
DEADLINED = (S.RECTIFYING, S.RECTIFICATION_REVIEW)
ARTICLE_STATE = {
    "request_acceptance": "第七条第3项",
    "pass_acceptance": "第七条第3项",
    "order_rectification": "第二十五条",
    "submit_rectification": "第二十五条",
    "remove": "第二十五条",
    "revoke": "第七条第2项",
}
RECTIFY = "{year}年度绩效评估结果为较差，依据第二十五条限期整改。"
RECTIFY_REPORT = "已逐项完成整改：调整研发方向，充实全职研发团队，市场化收入占比提升至38%。"
REMOVE = {
    "rectification_failed": "整改期满复核未通过，依据第二十五条不再纳入序列管理。",
    "two_poor": "连续两次绩效评估结果为较差，依据第二十五条不再纳入序列管理。",
    "absent": "无故不参加绩效评估，依据第二十五条不再纳入序列管理。",
}
REVOKE = "依托单位发生重大变故，建设任务无法继续，经研究撤销（第七条第2项）。"


def _at(s: Scale, day: dt.date, after: dt.datetime | None = None) -> dt.datetime:
    moment = s.at(day)
    if after is not None and moment <= after:
        moment = after + dt.timedelta(minutes=s.rng.randint(1, 50))
    return moment


def _state(s, p, when, actor, action, before, after, comment="", params=None):
    if params:
        after = {**after, "params": params}
    s.record(
        when,
        actor,
        f"center.{action}",
        CENTER,
        p.center.pk,
        p.name,
        article=ARTICLE_STATE[action],
        before=before,
        after=after,
        comment=comment,
    )


def center_events(s: Scale, p: Plan) -> None:
    officer, province, staff = p.officer, s.province, p.staff[0]
    host = p.host
    s.record(
        host.created_at,
        officer,
        "organisation.create",
        "accounts.organisation",
        host.pk,
        host.name,
        after={"name": host.name, "uscc": host.uscc, "kind": host.kind, "city": p.city.code},
    )
    when = p.center.created_at
    if p.via_application:
        # center.establish and the rosters come with the contract (establishment phase).
        pass
    else:
        registrar = officer if p.status == S.CULTIVATING else province
        registered = S.CULTIVATING
        if p.supported:
            registered = (
                S.OPERATING if p.accepted_on and p.accepted_on < s.system_start else S.CONSTRUCTING
            )
        s.record(
            when,
            registrar,
            "center.register",
            CENTER,
            p.center.pk,
            p.name,
            article="第六条" if registered == S.CULTIVATING else "第十三条第4项",
            after={
                "code": p.code,
                "name": p.name,
                "status": registered,
                "city": p.city.code,
                "host_unit": host.uscc,
                "sub_field": p.field.code,
                "headquarters": p.hq.code if p.hq else None,
            },
        )
        if p.supported:
            s.record(
                when + dt.timedelta(seconds=1),
                province,
                "center.record_approved",
                CENTER,
                p.center.pk,
                p.name,
                article="第十三条第4项",
                after={
                    "approval_doc_no": p.doc_no,
                    "approved_on": p.approved_on.isoformat(),
                    "contract_no": p.contract_no,
                    "signed_on": p.signed_on.isoformat(),
                    "targets": len(p.targets),
                },
            )
        roster_events(s, p, registrar, when + dt.timedelta(minutes=5))
    _transitions(s, p, staff, province)


def roster_events(s: Scale, p: Plan, actor, when: dt.datetime) -> None:
    step = dt.timedelta(minutes=3)
    first = p.director
    s.record(
        when,
        actor,
        "person.bulk_create",
        "accounts.person",
        first.pk,
        first.name,
        after={"created": len(p.team) + 2, "reused": 0},
    )
    when += step
    s.record(
        when,
        actor,
        "center.leaders_appoint",
        CENTER,
        p.center.pk,
        p.name,
        article="第十五条",
        note=messages.msg(LEADERS, director=p.director.name, executive=p.executive.name),
        before={
            "director": None,
            "executive_director": None,
            "executive_director_full_time": False,
        },
        after={
            "director": p.director.pk,
            "executive_director": p.executive.pk,
            "executive_director_full_time": p.center.executive_director_full_time,
        },
    )
    when += step
    s.record(
        when,
        actor,
        "center.team_members_add",
        CENTER,
        p.center.pk,
        p.name,
        article="第十二条第4项",
        note=messages.msg(PEOPLE_ADDED, n=len(p.team)),
        after={"added": len(p.team), "people": [person.pk for person in p.team]},
    )
    for cb in p.co_builders:
        when += step
        s.record(
            when,
            actor,
            "center.co_builder_add",
            CENTER,
            p.center.pk,
            p.name,
            article="第十条",
            note=messages.msg(
                UNIT_OF_KIND,
                unit=cb.organisation.name,
                kind=messages.text(CoBuilderKind(cb.kind).label),
            ),
            after={
                "organisation": cb.organisation.uscc,
                "kind": cb.kind,
                "agreement_signed_on": cb.agreement_signed_on.isoformat(),
            },
        )
    for kind, article in (
        (GovernanceKind.BOARD, "第十四条"),
        (GovernanceKind.EXPERT_COMMITTEE, "第十六条"),
        (GovernanceKind.PARTY_ORGANISATION, "第十七条"),
    ):
        if kind == GovernanceKind.PARTY_ORGANISATION and not p.supported:
            continue
        when += step
        name = {
            GovernanceKind.BOARD: f"{p.name}理事会",
            GovernanceKind.EXPERT_COMMITTEE: f"{p.name}专家委员会",
            GovernanceKind.PARTY_ORGANISATION: f"中共{p.name}支部委员会",
        }[kind]
        s.record(
            when,
            actor,
            "center.governance_set",
            CENTER,
            p.center.pk,
            p.name,
            article=article,
            note=messages.msg(LEGACY, text=name),
            after={
                "kind": kind,
                "name": name,
                "established_on": p.established_on.isoformat(),
                "members": {
                    GovernanceKind.BOARD: 2 + len(p.co_builders),
                    GovernanceKind.EXPERT_COMMITTEE: 5,
                    GovernanceKind.PARTY_ORGANISATION: 1,
                }[kind],
            },
        )


def _transitions(s: Scale, p: Plan, staff, province) -> None:
    """Transitions that happened while TICMS was in use (earlier ones are in the record)."""
    start = p.center.created_at
    last = start
    status = None

    def happened(day):
        return day is not None and day > p.registered_on

    requested = p.request_acceptance_on
    if happened(p.accepted_on) and not happened(requested):
        # Accepted after TICMS took over: the request is in it too.
        requested = min(p.registered_on + dt.timedelta(days=3), p.accepted_on)
    if happened(requested):
        last = _at(s, requested, last)
        _state(
            s,
            p,
            last,
            staff,
            "request_acceptance",
            {"status": S.CONSTRUCTING},
            {"status": S.ACCEPTING},
        )
        status = S.ACCEPTING
    if status == S.ACCEPTING and p.accepted_on is not None:
        last = _at(s, p.accepted_on, last)
        _state(
            s,
            p,
            last,
            province,
            "pass_acceptance",
            {"status": S.ACCEPTING},
            {"status": S.OPERATING},
        )
    if p.rect_ordered_on is not None:
        last = _at(s, p.rect_ordered_on, last)
        deadline = p.rect_deadline.isoformat()
        _state(
            s,
            p,
            last,
            province,
            "order_rectification",
            {"status": S.OPERATING, "rectification_deadline": None},
            {"status": S.RECTIFYING, "rectification_deadline": deadline},
            comment=RECTIFY.format(year=p.rect_ordered_on.year - 1),
            params={"rectification_deadline": deadline},
        )
    if p.rect_submitted_on is not None:
        last = _at(s, p.rect_submitted_on, last)
        _state(
            s,
            p,
            last,
            staff,
            "submit_rectification",
            {"status": S.RECTIFYING},
            {"status": S.RECTIFICATION_REVIEW},
            params={"report": RECTIFY_REPORT},
        )
    if p.exit_on is not None:
        last = _at(s, p.exit_on, last)
        before = {"status": p.exit_from}
        after = {"status": p.status}
        if p.exit_from in DEADLINED:
            before["rectification_deadline"] = p.rect_deadline.isoformat()
            after["rectification_deadline"] = None
        if p.status == S.REMOVED:
            _state(
                s,
                p,
                last,
                province,
                "remove",
                before,
                after,
                comment=REMOVE[p.exit_reason],
                params={"reason": p.exit_reason},
            )
        else:
            _state(s, p, last, province, "revoke", before, after, comment=REVOKE)
