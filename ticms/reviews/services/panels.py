"""Panels: formed by the province per reviewed subject (an application, an acceptance: see
subjects.py), experts invited under the 回避 rules."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import inbox, messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

from .. import selectors, subjects
from ..conflicts import conflicts_of
from ..models import (
    ACTIVE_ASSIGNMENT_STATUSES,
    ARTICLE,
    Assignment,
    AssignmentStatus,
    Expert,
    Panel,
    PanelMode,
)
from ..permissions import can_form_panels
from ..workflow import OPINION_DUE, open_problems
from .assignments import assignment_transition
from .common import clean_text

# --- Panels -------------------------------------------------------------------------------------


def _panel_fields(errors, *, mode, due_on, meeting_at, place) -> str:
    if mode not in PanelMode.values:
        errors["mode"] = [_("请选择论证方式")]
    today = timezone.localdate()
    if not isinstance(due_on, dt.date):
        errors["due_on"] = [_("请填写评审截止日期")]
    elif due_on < today:
        errors["due_on"] = [_("评审截止日期不能早于今天（%(today)s）") % {"today": today}]
    place = clean_text(errors, "place", place, _("会议地点"), max_length=200)
    if mode == PanelMode.MEETING:
        if meeting_at is None:
            errors["meeting_at"] = [_("会议评审须填写会议时间")]
        elif isinstance(due_on, dt.date) and timezone.localtime(meeting_at).date() > due_on:
            # The scores are due by the deadline: a meeting after it could not be scored.
            errors["meeting_at"] = [
                _("会议时间不能晚于评审截止日期（%(day)s）") % {"day": due_on.isoformat()}
            ]
        if not place:
            errors["place"] = [_("会议评审须填写会议地点")]
    return place


def panel_create(
    *,
    actor,
    mode: str,
    due_on: dt.date,
    meeting_at: dt.datetime | None = None,
    place: str = "",
    application_id: int | None = None,
    kind: str = "application",
    subject_id: int | None = None,
) -> Panel:
    """The province forms the panel of a subject under review (第十三条第3项): an application
    in argumentation (`application_id`), or any registered `kind` with its `subject_id`."""
    subject_kind = subjects.kind(kind)
    subject_id = application_id if application_id is not None else subject_id
    with transaction.atomic():
        if not can_form_panels(actor):
            raise PermissionDenied(_("只有省科技厅可以组织专家论证（第十三条第3项）"))
        subject = subject_kind.lock_for_panel(subject_id)
        errors: dict[str, list] = {}
        place = _panel_fields(errors, mode=mode, due_on=due_on, meeting_at=meeting_at, place=place)
        if Panel.objects.filter(**{subject_kind.field: subject}).exists():
            errors["__all__"] = [_("该申请已组建专家组")]
        if errors:
            raise ValidationFailed(errors)
        try:
            with transaction.atomic():
                panel = Panel.objects.create(
                    **{subject_kind.field: subject},
                    mode=mode,
                    due_on=due_on,
                    meeting_at=meeting_at if mode == PanelMode.MEETING else None,
                    place=place if mode == PanelMode.MEETING else "",
                    created_by=actor,
                )
        except IntegrityError as exc:
            raise ValidationFailed({"__all__": [_("该申请已组建专家组")]}) from exc
        audit_record(
            actor=actor,
            action="review_panel.create",
            obj=panel,
            after={
                subject_kind.key: subject.code,
                "mode": mode,
                "due_on": due_on,
                "meeting_at": panel.meeting_at,
                "place": panel.place,
            },
            article=ARTICLE,
        )
        if subject_kind.on_panel_formed is not None:
            subject_kind.on_panel_formed(subject, panel, actor)
        # The province's to-do "form a panel" is done.
        transaction.on_commit(lambda: inbox.todos_close_for(subject))
    return panel


def _panel_for_change(actor, panel_id) -> Panel:
    if not can_form_panels(actor):
        raise PermissionDenied(_("只有省科技厅可以组织专家论证（第十三条第3项）"))
    panel = (
        # of=("self",): PostgreSQL cannot lock the nullable side (the leader) of an outer join.
        Panel.objects.select_for_update(of=("self",))
        .select_related(*subjects.panel_related(), "leader")
        .filter(pk=panel_id)
        .first()
    )
    if panel is None:
        raise NotFound(_("专家组不存在"))
    problems = open_problems(panel)
    if problems:
        raise Conflict(_("；").join(problems))
    return panel


def panel_update(
    *,
    actor,
    panel_id: int,
    mode: str,
    due_on: dt.date,
    meeting_at: dt.datetime | None = None,
    place: str = "",
) -> Panel:
    with transaction.atomic():
        panel = _panel_for_change(actor, panel_id)
        errors: dict[str, list] = {}
        place = _panel_fields(errors, mode=mode, due_on=due_on, meeting_at=meeting_at, place=place)
        if errors:
            raise ValidationFailed(errors)
        new = {
            "mode": mode,
            "due_on": due_on,
            "meeting_at": meeting_at if mode == PanelMode.MEETING else None,
            "place": place if mode == PanelMode.MEETING else "",
        }
        before = {k: getattr(panel, k) for k in new if getattr(panel, k) != new[k]}
        after = {k: new[k] for k in before}
        for key, value in new.items():
            setattr(panel, key, value)
        panel.save()
        if after:
            audit_record(
                actor=actor,
                action="review_panel.update",
                obj=panel,
                before=to_json(before),
                after=to_json(after),
                article=ARTICLE,
            )
            # The experts still on the panel learn of the new arrangements.
            recipients = [
                a.expert.user
                for a in panel.assignments.filter(status__in=ACTIVE_ASSIGNMENT_STATUSES)
                .select_related("expert__user")
                .exclude(expert__user=None)
            ]
            transaction.on_commit(
                lambda: inbox.notice_create(
                    recipients=recipients,
                    title=messages.msg(ARRANGED, panel=messages.ref(panel)),
                    body=_panel_arrangements(panel),
                    obj=panel,
                    url=panel.get_absolute_url(),
                    article=ARTICLE,
                )
            )
    return panel


ARRANGED = messages.define("reviews.arranged", gettext_lazy("%(panel)s：论证安排已调整"))
MODE = messages.define("reviews.mode", gettext_lazy("论证方式：%(mode)s。"))
DUE = messages.define("reviews.due", gettext_lazy("评审截止日期：%(day)s。"))
MEETING = messages.define("reviews.meeting", gettext_lazy("会议时间：%(at)s；地点：%(place)s。"))
INVITED = messages.define(
    "reviews.invited", gettext_lazy("论证邀请：%(name)s（请于 %(day)s 前完成）")
)
LEADER_SET = messages.define("reviews.leader_set", gettext_lazy("%(panel)s：您被指定为专家组组长"))
LEADER_HOW = messages.define(
    "reviews.leader_how", gettext_lazy("全部专家提交评分后，请出具专家组意见（第十三条第3项）。")
)


def _panel_arrangements(panel: Panel) -> list:
    parts = [
        messages.msg(MODE, mode=messages.text(panel.get_mode_display())),
        messages.msg(DUE, day=panel.due_on.isoformat()),
    ]
    if panel.mode == PanelMode.MEETING:
        parts.append(
            messages.msg(
                MEETING,
                at=timezone.localtime(panel.meeting_at).strftime("%Y-%m-%d %H:%M"),
                # The officer's own text: no second full stop after it.
                place=panel.place.strip().rstrip("。"),
            )
        )
    return parts


def invitation_problems(expert_id: int, subject, *, today=None) -> list[str]:
    """Why this expert may not be invited to review this subject: the 回避 rules with their
    facts, an inactive expert, an expert without an account (who could not answer)."""
    expert = selectors.expert_for_conflicts(expert_id)
    problems = []
    if not expert.is_active:
        problems.append(_("专家「%(name)s」已不在库，不能邀请") % {"name": expert.name})
    if expert.user_id is None or not expert.user.is_active:
        problems.append(
            _("专家「%(name)s」尚未开通有效的系统账号，无法接收邀请") % {"name": expert.name}
        )
    from ticms.evaluation.integrity import expert_exclusion_problems  # 第二十六条

    problems += expert_exclusion_problems(expert, on=today)
    report = conflicts_of(expert, subject, today=today)
    problems += [
        _("专家「%(name)s」须回避：%(m)s") % {"name": expert.name, "m": m}
        for m in report.messages()
    ]
    return problems


def panel_expert_add(*, actor, panel_id: int, expert_id: int) -> Assignment:
    """Invite an expert; refused with the reasons when a 回避 rule applies (第十三条第3项)."""
    with transaction.atomic():
        panel = _panel_for_change(actor, panel_id)
        if not Expert.objects.filter(pk=expert_id).exists():
            raise ValidationFailed({"expert": [_("请从专家库中选择专家")]})
        existing = Assignment.objects.filter(panel=panel, expert_id=expert_id).first()
        if existing is not None:
            if existing.status in (AssignmentStatus.WITHDRAWN, AssignmentStatus.DECLINED):
                return assignment_transition(
                    actor=actor, assignment_id=existing.pk, action="reinvite"
                )
            raise ValidationFailed(
                {
                    "expert": [
                        _("该专家已在专家组中（%(state)s）")
                        % {"state": existing.get_status_display()}
                    ]
                }
            )
        problems = invitation_problems(expert_id, panel.subject)
        if problems:
            raise GuardFailed(problems)
        assignment = Assignment.objects.create(panel=panel, expert_id=expert_id)
        expert = assignment.expert
        audit_record(
            actor=actor,
            action="review_panel.expert_add",
            obj=assignment,
            after={"panel": panel.pk, "expert": expert.name, "status": assignment.status},
            article=ARTICLE,
        )
        _invite(assignment, panel)
    return assignment


def _invite(assignment: Assignment, panel: Panel) -> None:
    user = assignment.expert.user

    def send():
        inbox.todo_create(
            recipients=[user] if user else [],
            title=messages.msg(
                INVITED, name=panel.subject.center_name, day=panel.due_on.isoformat()
            ),
            body=_panel_arrangements(panel),
            obj=assignment,
            state=AssignmentStatus.INVITED,
            url=assignment.get_absolute_url(),
            article=ARTICLE,
            due_on=panel.due_on,
        )

    transaction.on_commit(send)


def panel_leader_set(*, actor, panel_id: int, expert_id: int | None) -> Panel:
    """The province names the panel leader from the experts on the panel."""
    with transaction.atomic():
        panel = _panel_for_change(actor, panel_id)
        leader = None
        if expert_id is not None:
            assignment = (
                panel.assignments.select_related("expert")
                .filter(expert_id=expert_id, status__in=ACTIVE_ASSIGNMENT_STATUSES)
                .first()
            )
            if assignment is None:
                raise ValidationFailed({"leader": [_("组长须为本专家组中未回避、未谢绝的专家")]})
            leader = assignment.expert
        before = panel.leader.name if panel.leader_id else None
        panel.leader = leader
        panel.save(update_fields=["leader", "updated_at"])
        audit_record(
            actor=actor,
            action="review_panel.leader_set",
            obj=panel,
            before={"leader": before},
            after={"leader": leader.name if leader else None},
            article=ARTICLE,
        )
        ready = not selectors.opinion_problems(panel)
        user = leader.user if leader is not None and leader.user_id else None

        def tell():
            # A former leader's to-do goes; the new leader is told, and asked for the opinion
            # at once when every score is already in.
            inbox.todos_close_for(panel)
            if user is None:
                return
            inbox.notice_create(
                recipients=[user],
                title=messages.msg(LEADER_SET, panel=messages.ref(panel)),
                body=[messages.msg(LEADER_HOW)],
                obj=panel,
                url=panel.get_absolute_url(),
                article=ARTICLE,
            )
            if ready:
                inbox.todo_create(
                    recipients=[user],
                    title=messages.msg(OPINION_DUE, panel=messages.ref(panel)),
                    obj=panel,
                    state=panel.status,
                    url=panel.get_absolute_url(),
                    article=ARTICLE,
                    due_on=panel.due_on,
                )

        transaction.on_commit(tell)
    return panel
