"""Every write of major-matter reports and change requests (第二十三条)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role
from ticms.centers.models import LAYOUT_STATUSES, Center
from ticms.centers.selectors import centers_acted_for
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels, register_object_url
from ticms.common.workflow import transition_execute

from . import checks as checks_matters
from . import proposals
from .models import (
    CHANGE_OPEN_STATUSES,
    CenterRecordVersion,
    ChangeKind,
    ChangeRequest,
    MajorMatterKind,
    MajorMatterReport,
)
from .permissions import is_center_staff
from .selectors import change_request_get, major_matter_get
from .workflow import CHANGE_REQUEST_WORKFLOW, MAJOR_MATTER_WORKFLOW

ARTICLE = "第二十三条"
MAX_TEXT = 20000
# 建设运行期间: from approval until the center leaves the sequence.
MATTER_STATUSES = LAYOUT_STATUSES

register_object_url("matters.majormatterreport", "matters:matter_detail")
register_object_url("matters.changerequest", "matters:change_detail")
register_action_labels(
    {
        "major_matter.create": gettext_lazy("起草重大事项报告"),
        "major_matter.update": gettext_lazy("修改重大事项报告"),
        "change_request.create": gettext_lazy("起草变更申请"),
        "change_request.update": gettext_lazy("修改变更申请"),
    }
)


def _own_center(actor, center_id, *, what) -> Center:
    if actor.role != Role.CENTER:
        raise PermissionDenied(_("只有中心（依托单位）用户可以起草%(what)s") % {"what": what})
    try:
        center_id = int(center_id)
    except (TypeError, ValueError):
        raise NotFound(_("中心不存在")) from None
    center = centers_acted_for(actor).filter(pk=center_id).select_related("host_unit").first()
    if center is None:
        raise NotFound(_("中心不存在"))
    if center.status not in MATTER_STATUSES:
        raise ValidationFailed(
            {
                "center": [
                    _(
                        "中心当前状态为「%(status)s」，不在建设运行期间，无需办理重大事项（第二十三条）"
                    )
                    % {"status": center.get_status_display()}
                ]
            }
        )
    return center


def _clean_text(errors, name, label, value, *, required=False, max_length=MAX_TEXT):
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = [_("「%(label)s」须为文本") % {"label": label}]
        return None
    text = value.strip()
    if required and not text:
        errors[name] = [_("请填写「%(label)s」") % {"label": label}]
    elif len(text) > max_length:
        errors[name] = [_("「%(label)s」不能超过 %(n)d 字") % {"label": label, "n": max_length}]
    return text


def _clean_date(errors, name, label, value) -> dt.date | None:
    if value in (None, ""):
        return None
    day = value if isinstance(value, dt.date) else None
    if day is None and isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
        except ValueError:
            day = None
    if day is None:
        errors[name] = [_("「%(label)s」须为有效日期，格式为 YYYY-MM-DD") % {"label": label}]
    elif day > timezone.localdate():
        errors[name] = [_("「%(label)s」不能晚于今天") % {"label": label}]
    elif day.year < 1990:
        errors[name] = [_("「%(label)s」须在1990年以后") % {"label": label}]
    return day


# --- major-matter reports --------------------------------------------------------------------

MATTER_LABELS = {
    "kind": gettext_lazy("事项类别"),
    "title": gettext_lazy("标题"),
    "body": gettext_lazy("事项内容"),
    "occurred_on": gettext_lazy("发生日期"),
}


def _clean_matter(data: dict, *, creating: bool) -> tuple[dict, dict]:
    errors: dict[str, list] = {}
    cleaned = {}
    if "kind" in data or creating:
        if data.get("kind") not in MajorMatterKind.values:
            errors["kind"] = [_("请选择事项类别")]
        else:
            cleaned["kind"] = data["kind"]
    if "title" in data or creating:
        cleaned["title"] = _clean_text(
            errors,
            "title",
            MATTER_LABELS["title"],
            data.get("title"),
            required=True,
            max_length=200,
        )
    if "body" in data:
        cleaned["body"] = _clean_text(errors, "body", MATTER_LABELS["body"], data["body"])
    if "occurred_on" in data:
        cleaned["occurred_on"] = _clean_date(
            errors, "occurred_on", MATTER_LABELS["occurred_on"], data["occurred_on"]
        )
    return cleaned, errors


def major_matter_create(
    *, actor, center_id, kind, title, body="", occurred_on=None
) -> MajorMatterReport:
    center = _own_center(actor, center_id, what=_("重大事项报告"))
    cleaned, errors = _clean_matter(
        {"kind": kind, "title": title, "body": body, "occurred_on": occurred_on}, creating=True
    )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        matter = MajorMatterReport.objects.create(center=center, created_by=actor, **cleaned)
        audit_record(
            actor=actor,
            action="major_matter.create",
            obj=matter,
            after=to_json({"center": center.code, **cleaned}),
            article=ARTICLE,
        )
    return matter


def major_matter_save(*, actor, matter_id, **changes) -> MajorMatterReport:
    """Change a draft or returned report; omitted fields stay as they are."""
    matter = major_matter_get(user=actor, pk=matter_id)
    if not is_center_staff(actor, matter):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以修改重大事项报告"))
    unknown = set(changes) - set(MATTER_LABELS)
    if unknown:
        raise ValidationFailed({k: [_("该字段不能在此修改")] for k in sorted(unknown)})
    cleaned, errors = _clean_matter(changes, creating=False)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = MajorMatterReport.objects.select_for_update().get(pk=matter.pk)
        if not locked.is_editable:
            raise Conflict(
                _("当前状态为「%(state)s」，不能修改重大事项报告")
                % {"state": locked.get_status_display()}
            )
        before = {k: getattr(locked, k) for k in cleaned}
        changed = {k: v for k, v in cleaned.items() if before[k] != v}
        for key, value in changed.items():
            setattr(locked, key, value)
        if changed:
            locked.save()
            audit_record(
                actor=actor,
                action="major_matter.update",
                obj=locked,
                before=to_json({k: before[k] for k in changed}),
                after=to_json(changed),
                article=ARTICLE,
            )
    return locked


def major_matter_transition(
    *, actor, matter_id, action: str, params=None, comment: str = ""
) -> MajorMatterReport:
    matter = major_matter_get(user=actor, pk=matter_id)
    return transition_execute(
        actor=actor,
        workflow=MAJOR_MATTER_WORKFLOW,
        obj=matter,
        action=action,
        params=params,
        comment=comment,
    )


# --- change requests -------------------------------------------------------------------------


def change_request_create(*, actor, center_id, kind, reason="", proposed=None) -> ChangeRequest:
    """The center's written application (第二十三条); one open request per center and kind."""
    center = _own_center(actor, center_id, what=_("变更申请"))
    errors: dict[str, list] = {}
    if kind not in ChangeKind.values:
        errors["kind"] = [_("请选择变更事项")]
    reason = _clean_text(errors, "reason", _("申请理由"), reason)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        Center.objects.select_for_update().get(pk=center.pk)
        open_one = (
            ChangeRequest.objects.filter(center=center, kind=kind, status__in=CHANGE_OPEN_STATUSES)
            .order_by("pk")
            .first()
        )
        if open_one is not None:
            raise ValidationFailed(
                {
                    "kind": [
                        _("本中心已有一份在办的「%(kind)s」申请（第%(n)d号），请继续办理该申请")
                        % {"kind": ChangeKind(kind).label, "n": open_one.pk}
                    ]
                }
            )
        cleaned = (
            proposals.proposal_clean(
                actor=actor, center=center, kind=kind, raw=proposed, current={}
            )
            if proposed is not None
            else {}
        )
        change = ChangeRequest.objects.create(
            center=center, kind=kind, reason=reason, proposed=cleaned, created_by=actor
        )
        audit_record(
            actor=actor,
            action="change_request.create",
            obj=change,
            after=to_json(
                {"center": center.code, "kind": kind, "reason": reason, "proposed": cleaned}
            ),
            article=ARTICLE,
        )
    return change


def change_request_save(*, actor, change_id, reason=None, proposed=None) -> ChangeRequest:
    """Change a draft or returned request. A bad field refuses the whole save."""
    change = change_request_get(user=actor, pk=change_id)
    if not is_center_staff(actor, change):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以修改变更申请"))
    errors: dict[str, list] = {}
    if reason is not None:
        reason = _clean_text(errors, "reason", _("申请理由"), reason)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = (
            ChangeRequest.objects.select_for_update()
            .select_related("center", "center__host_unit")
            .get(pk=change.pk)
        )
        if not locked.is_editable:
            raise Conflict(
                _("当前状态为「%(state)s」，不能修改变更申请")
                % {"state": locked.get_status_display()}
            )
        before, after = {}, {}
        if reason is not None and reason != locked.reason:
            before["reason"], after["reason"] = locked.reason, reason
            locked.reason = reason
        if proposed is not None:
            cleaned = proposals.proposal_clean(
                actor=actor,
                center=locked.center,
                kind=locked.kind,
                raw=proposed,
                current=locked.proposed or {},
                change=locked,
            )
            if cleaned != locked.proposed:
                before["proposed"], after["proposed"] = locked.proposed, cleaned
                locked.proposed = cleaned
        if after:
            locked.save()
            audit_record(
                actor=actor,
                action="change_request.update",
                obj=locked,
                before=to_json(before),
                after=to_json(after),
                article=ARTICLE,
            )
    return locked


def change_request_transition(
    *, actor, change_id, action: str, params=None, comment: str = ""
) -> ChangeRequest:
    change = change_request_get(user=actor, pk=change_id)
    return transition_execute(
        actor=actor,
        workflow=CHANGE_REQUEST_WORKFLOW,
        obj=change,
        action=action,
        params=params,
        comment=comment,
    )


def change_request_apply(*, actor, change: ChangeRequest, justification=None) -> Center:
    """The approve transition's effect, inside its transaction: record the rule set and the
    findings the decision was made under, change the center, and keep the record's versions
    (the first one, the record before any change, is written on the first approval)."""
    from ticms.centers.services import center_apply_change

    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以批准重大事项变更"))
    change.rule_set_code, change.decision_findings = checks_matters.decision_record(change)
    change.justification = (justification or "").strip()
    change.save(update_fields=["rule_set_code", "decision_findings", "justification"])
    center = Center.objects.select_for_update().get(pk=change.center_id)
    last = CenterRecordVersion.objects.filter(center=center).aggregate(n=Max("number"))["n"]
    if last is None:
        CenterRecordVersion.objects.create(
            center=center, number=1, snapshot=proposals.record_snapshot(center)
        )
        last = 1
    center = center_apply_change(
        actor=actor,
        center=center,
        changes=proposals.center_changes(change),
        change_request=change,
    )
    center.refresh_from_db()
    CenterRecordVersion.objects.create(
        center=center,
        number=last + 1,
        snapshot=proposals.record_snapshot(center),
        change_request=change,
        approved_by=actor,
        approved_at=change.decided_at or timezone.now(),
    )
    return center
