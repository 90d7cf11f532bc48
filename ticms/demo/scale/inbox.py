"""Workbench items (common.InboxItem) as the services leave them: the messages they define (ids
and parameters, so every item renders in the reader's language), to the recipients their
transition tables name, open while the object waits in the state, done once it moved on, older
notices read. Kept: the last reporting cycle and everything still open."""

from __future__ import annotations

import datetime as dt

from ticms.centers.models import CenterStatus
from ticms.centers.workflow import CENTER_WORKFLOW
from ticms.common import messages
from ticms.common.models import InboxItem
from ticms.common.workflow import NOTICE, STATE_CHANGED, TODO
from ticms.establishment.models import ApplicationStatus
from ticms.establishment.services.drafting.start import DRAFT_TODO as APPLICATION_DRAFT
from ticms.matters.models import ChangeStatus, MajorMatterStatus
from ticms.reporting.deadlines import REMIND_OVERDUE, default_due_on
from ticms.reporting.models import AnnualReportStatus
from ticms.reporting.services import DRAFT_TODO as REPORT_DRAFT
from ticms.reporting.workflow import ANNUAL_REPORT_WORKFLOW
from ticms.reviews.models import AssignmentStatus, PanelStatus
from ticms.reviews.services.assignments import NEXT_STEPS
from ticms.reviews.services.panels import INVITED, LEADER_HOW, LEADER_SET
from ticms.reviews.workflow import ASSIGNMENT_WORKFLOW

from .base import Scale, bulk

R, A = AnnualReportStatus, ApplicationStatus
TODO_KIND, NOTICE_KIND = InboxItem.Kind.TODO, InboxItem.Kind.NOTICE


class Box:
    def __init__(self, s: Scale):
        self.s, self.items = s, []

    def add(
        self,
        users,
        kind,
        title,
        obj,
        *,
        at,
        state="",
        body=(),
        article="",
        due_on=None,
        done=None,
        url=None,
    ):
        s = self.s
        url = url if url is not None else obj.get_absolute_url()
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
        for user in users:
            read = None
            # Most people read their notices within days; the benchmark's accounts have not
            # been in for a while (their badges count a year of notices).
            stale = (s.now - at).days > (365 if user.username.startswith("scale-") else 20)
            if kind == NOTICE_KIND and stale and s.chance(0.85):
                read = min(at + dt.timedelta(days=s.rng.randint(0, 10)), s.now)
            self.items.append(
                InboxItem(
                    recipient=user,
                    kind=kind,
                    title_data=title,
                    body_data=list(body),
                    url=url,
                    article=article,
                    object_type=object_type,
                    object_id=object_id,
                    object_state=state,
                    due_on=due_on,
                    created_at=at,
                    read_at=read,
                    done_at=done,
                )
            )

    def todo(
        self,
        users,
        obj,
        state_label,
        state,
        *,
        at,
        done=None,
        article="",
        due_on=None,
        message=TODO,
        **params,
    ):
        title = (
            messages.msg(message, **params)
            if params
            else messages.msg(message, obj=messages.ref(obj), state=messages.text(state_label))
        )
        self.add(
            users,
            TODO_KIND,
            title,
            obj,
            at=at,
            state=state,
            article=article,
            due_on=due_on,
            done=done,
        )

    def notice(self, users, obj, action_label, state_label, *, at, article="", comment=""):
        body = [messages.msg(STATE_CHANGED, state=messages.text(state_label))]
        if comment:
            body.append(messages.msg("workflow.comment", comment=comment))
        title = messages.msg(NOTICE, obj=messages.ref(obj), action=messages.text(action_label))
        self.add(users, NOTICE_KIND, title, obj, at=at, body=body, article=article)


def seed(s: Scale, plans) -> None:
    with s.phase("inbox") as written:
        box = Box(s)
        _reports(s, box)
        _overdue(s, box)
        _centers(s, box, plans)
        _matters(s, box)
        _applications(s, box)
        _reviews(s, box)
        _co_builders(s, box, plans)
        bulk(InboxItem, box.items, batch_size=5000)
        written["inbox items"] = len(box.items)


def _label(action: str):
    return ANNUAL_REPORT_WORKFLOW.get(action).label


def _reports(s: Scale, box: Box) -> None:
    province = s.province_users
    for report in s.reports:
        if report.year < s.today.year - 1:
            continue
        p, times, _carried, _full = report.meta
        staff, city = p.staff, s.officers[p.city.code]
        due = default_due_on(report.year)
        states = dict(R.choices)
        submitted = times.get("first_submitted")
        box.todo(
            staff,
            report,
            "",
            R.DRAFT,
            at=times["created"],
            done=submitted,
            article="第二十二条",
            due_on=due,
            message=REPORT_DRAFT,
            report=messages.ref(report),
        )
        if submitted is None:
            continue
        if "returned" in times:
            box.todo(
                city,
                report,
                states[R.SUBMITTED],
                R.SUBMITTED,
                at=submitted,
                done=times["returned"],
                article="第二十二条",
            )
            box.todo(
                staff,
                report,
                states[R.RETURNED],
                R.RETURNED,
                at=times["returned"],
                done=times.get("resubmitted"),
                article="第二十二条",
                due_on=due,
            )
        if report.status == R.RETURNED:
            continue
        box.todo(
            city,
            report,
            states[R.SUBMITTED],
            R.SUBMITTED,
            at=times["submitted"],
            done=times.get("approved"),
            article="第二十二条",
        )
        if "approved" not in times:
            continue
        box.notice(
            staff,
            report,
            _label("approve"),
            states[R.APPROVED],
            at=times["approved"],
            article="第二十二条",
        )
        box.todo(
            province,
            report,
            states[R.APPROVED],
            R.APPROVED,
            at=times["approved"],
            done=times.get("filed"),
            article="第二十二条",
        )
        if "filed" in times:
            box.notice(
                [*staff, *city],
                report,
                _label("file"),
                states[R.FILED],
                at=times["filed"],
                article="第二十二条",
            )


def _overdue(s: Scale, box: Box) -> None:
    for p, _report, due, sent in getattr(s, "overdue_last_year", ()):
        title = messages.msg(
            REMIND_OVERDUE, center=messages.ref(p.center), year=due.year - 1, date=due.isoformat()
        )
        box.add(
            [*p.staff, *s.officers[p.city.code]],
            NOTICE_KIND,
            title,
            p.center,
            at=sent,
            article="第二十二条",
            url="/reports/",
        )


def _centers(s: Scale, box: Box, plans) -> None:
    states = dict(CenterStatus.choices)
    for p in plans:
        center, city = p.center, s.officers[p.city.code]
        if p.status == CenterStatus.ACCEPTING:
            box.todo(
                s.province_users,
                center,
                states[p.status],
                p.status,
                at=s.at(p.request_acceptance_on),
                article="第七条第3项",
            )
        elif p.status in (CenterStatus.RECTIFYING, CenterStatus.RECTIFICATION_REVIEW):
            ordered = s.at(p.rect_ordered_on)
            submitted = s.at(p.rect_submitted_on) if p.rect_submitted_on else None
            box.todo(
                p.staff,
                center,
                states[CenterStatus.RECTIFYING],
                CenterStatus.RECTIFYING,
                at=ordered,
                done=submitted,
                article="第二十五条",
                due_on=p.rect_deadline,
            )
            box.notice(
                city,
                center,
                CENTER_WORKFLOW.get("order_rectification").label,
                states[CenterStatus.RECTIFYING],
                at=ordered,
                article="第二十五条",
            )
            if submitted:
                box.todo(
                    s.province_users,
                    center,
                    states[p.status],
                    p.status,
                    at=submitted,
                    article="第二十五条",
                    due_on=p.rect_deadline,
                )


def _matters(s: Scale, box: Box) -> None:
    matter_states = dict(MajorMatterStatus.choices)
    for row in s.major_matters:
        p = row.plan
        if row.status == MajorMatterStatus.SUBMITTED:
            box.todo(
                s.province_users,
                row,
                matter_states[row.status],
                row.status,
                at=row.submitted_at,
                article="第二十三条",
            )
        elif row.status == MajorMatterStatus.RETURNED:
            box.todo(
                p.staff,
                row,
                matter_states[row.status],
                row.status,
                at=row.updated_at,
                article="第二十三条",
            )
    change_states = dict(ChangeStatus.choices)
    for row in s.change_requests:
        p, times = row.plan, row.times
        city = s.officers[p.city.code]
        if "submitted" in times:
            box.todo(
                city,
                row,
                change_states[ChangeStatus.SUBMITTED],
                ChangeStatus.SUBMITTED,
                at=times["submitted"],
                article="第二十三条",
                done=times.get("reviewed") or times.get("returned") or times.get("withdrawn"),
            )
        if "reviewed" in times:
            box.todo(
                s.province_users,
                row,
                change_states[ChangeStatus.CITY_REVIEWED],
                ChangeStatus.CITY_REVIEWED,
                at=times["reviewed"],
                article="第七条第2项",
                done=times.get("decided"),
            )
        if "returned" in times:
            box.todo(
                p.staff,
                row,
                change_states[ChangeStatus.RETURNED],
                ChangeStatus.RETURNED,
                at=times["returned"],
                article="第二十三条",
            )


# Who waits for a live application in each state (establishment.workflow todo_for).
WAITING = {
    A.CITY_REVIEW: "city",
    A.FORMAL_REVIEW: "province",
    A.ARGUMENTATION: "province",
    A.REVISING: "applicant",
    A.REVISION_REVIEW: "city",
    A.DECISION: "province",
    A.NOTICE: "province",
    A.APPROVED: "province",
    A.RETURNED: "applicant",
}


def _applications(s: Scale, box: Box) -> None:
    states = dict(A.choices)
    for app in s.applications:
        if app.guide.year != s.today.year:
            continue
        applicant = [app.applicant]
        city = s.officers[app.city.code]
        last = max(app.times.values())
        if app.status == A.DRAFT:
            box.todo(
                applicant,
                app,
                "",
                A.DRAFT,
                at=app.times["create"],
                article="第十三条第2项",
                due_on=app.guide.closes_on,
                message=APPLICATION_DRAFT,
                name=app.center_name,
            )
            continue
        who = WAITING.get(app.status)
        if who is None:
            continue
        users = {"city": city, "province": s.province_users, "applicant": applicant}[who]
        due = app.guide.closes_on if app.status == A.RETURNED else None
        if app.status == A.CITY_REVIEW:
            due = app.guide.city_review_ends_on
        box.todo(
            users, app, states[app.status], app.status, at=last, article="第十三条", due_on=due
        )


def _reviews(s: Scale, box: Box) -> None:
    for a in s.assignments:
        panel = a.panel
        if panel.status != PanelStatus.OPEN or a.expert.user is None:
            continue
        if a.status == AssignmentStatus.DECLINED:
            box.notice(
                s.province_users,
                a,
                ASSIGNMENT_WORKFLOW.get("decline").label,
                dict(AssignmentStatus.choices)[a.status],
                at=a.responded_at,
                article="第十三条第3项",
            )
            continue
        user, name = [a.expert.user], panel.application.center_name
        invited_done = a.responded_at
        box.todo(
            user,
            a,
            "",
            AssignmentStatus.INVITED,
            at=a.invited_at,
            done=invited_done,
            article="第十三条第3项",
            due_on=panel.due_on,
            message=INVITED,
            name=name,
            day=panel.due_on.isoformat(),
        )
        if a.responded_at:
            box.todo(
                user,
                a,
                "",
                AssignmentStatus.ACCEPTED,
                at=a.responded_at,
                done=a.declared_at,
                article="第十三条第3项",
                due_on=panel.due_on,
                message=NEXT_STEPS[AssignmentStatus.ACCEPTED],
                name=name,
            )
        if a.declared_at:
            box.todo(
                user,
                a,
                "",
                AssignmentStatus.DECLARED,
                at=a.declared_at,
                done=a.submitted_at,
                article="第十三条第3项",
                due_on=panel.due_on,
                message=NEXT_STEPS[AssignmentStatus.DECLARED],
                name=name,
            )
    for panel in s.panels:
        if panel.status == PanelStatus.OPEN and panel.leader.user is not None:
            box.add(
                [panel.leader.user],
                NOTICE_KIND,
                messages.msg(LEADER_SET, panel=messages.ref(panel)),
                panel,
                at=panel.created_at + dt.timedelta(minutes=30),
                body=[messages.msg(LEADER_HOW)],
                article="第十三条第3项",
            )


def _co_builders(s: Scale, box: Box, plans) -> None:
    """No transition table tells co-building units anything yet (第十条); the benchmark's
    co-builder is sent the notices its center's staff get when a report is filed."""
    user = s.cobuilder_users[0]
    states = dict(R.choices)
    for p in plans:
        if not any(cb.organisation_id == user.organisation_id for cb in p.co_builders):
            continue
        for report in p.report_years.values():
            filed = report.meta[1].get("filed")
            if filed and report.year >= s.today.year - 2:
                box.notice(
                    [user], report, _label("file"), states[R.FILED], at=filed, article="第二十二条"
                )
