"""Every write of annual reports (第二十二条). Pages and the API import from here."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role
from ticms.centers.models import LAYOUT_STATUSES
from ticms.centers.selectors import centers_acted_for
from ticms.common import messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.files import file_digest, uploaded_file_problem
from ticms.common.labels import register_action_labels
from ticms.common.money import to_decimal
from ticms.establishment.models import ContractTarget

from . import checks
from . import figures as F
from .models import AnnualReport, AnnualReportAttachment, AnnualReportStatus, TargetProgress
from .permissions import is_center_staff
from .selectors import annual_report_get
from .workflow import ANNUAL_REPORT_WORKFLOW, NARRATIVE

ARTICLE = "第二十二条"
MAX_TEXT = 20000
FIRST_YEAR = 2000
MAX_ATTACHMENTS = 20
# TargetProgress.achieved has 16 digits, 6 after the point; SQLite keeps decimals as doubles,
# exact to 15 significant digits, so the integer part stops at 9.
ACHIEVED_DIGITS = 9
ACHIEVED_LIMIT = 10**ACHIEVED_DIGITS
# A center files a report while it is being built or run (constructing, under acceptance,
# operating, or rectifying while operating); not while cultivated, removed or revoked.
REPORTING_STATUSES = LAYOUT_STATUSES

register_action_labels(
    {
        "annual_report.create": gettext_lazy("起草年度报告"),
        "annual_report.update": gettext_lazy("修改年度报告"),
    }
)


def annual_report_create(*, actor, center_id, year) -> AnnualReport:
    """The center's staff start the report of `year`; one per center and year. The rows of the
    contract 考核指标 targets are laid out for the progress to be filled in."""
    if actor.role != Role.CENTER:
        raise PermissionDenied(_("只有中心（依托单位）用户可以起草年度报告"))
    try:
        center_id = int(center_id)
    except (TypeError, ValueError):
        raise NotFound(_("中心不存在")) from None
    center = centers_acted_for(actor).filter(pk=center_id).first()
    if center is None:
        raise NotFound(_("中心不存在"))
    errors: dict[str, list] = {}
    if center.status not in REPORTING_STATUSES:
        errors["center"] = [
            _("中心当前状态为「%(status)s」，不需报送年度报告")
            % {"status": center.get_status_display()}
        ]
    this_year = timezone.localdate().year
    if (
        isinstance(year, bool)
        or not isinstance(year, int | str)
        or not re.fullmatch(r"[0-9]{1,4}", str(year))
    ):
        errors["year"] = [_("报告年度须为四位年份")]
    elif not FIRST_YEAR <= int(year) <= this_year:
        errors["year"] = [
            _("报告年度须在 %(first)d 年至 %(last)d 年之间")
            % {"first": FIRST_YEAR, "last": this_year}
        ]
    if errors:
        raise ValidationFailed(errors)
    year = int(year)
    duplicate = _("%(year)d 年度报告已存在，请继续填写该报告") % {"year": year}
    if AnnualReport.objects.filter(center=center, year=year).exists():
        raise ValidationFailed({"year": [duplicate]})
    previous = (
        AnnualReport.objects.filter(center=center, year=year - 1, status=AnnualReportStatus.FILED)
        .only("figures")
        .first()
    )
    carried = F.carried_over(previous.figures) if previous else {}
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                center=center, year=year, created_by=actor, figures=carried
            )
            targets = ContractTarget.objects.filter(center=center).order_by("order", "pk")
            TargetProgress.objects.bulk_create(
                TargetProgress(report=report, target=target) for target in targets
            )
            audit_record(
                actor=actor,
                action="annual_report.create",
                obj=report,
                after={
                    "center": center.code,
                    "year": year,
                    **({"prefilled_from": year - 1, "figures": carried} if carried else {}),
                },
                article=ARTICLE,
            )
            transaction.on_commit(lambda: _draft_todo(report))
    except IntegrityError as exc:
        # Two starts at once: the unique constraint lets one through.
        raise ValidationFailed({"year": [duplicate]}) from exc
    return report


DRAFT_TODO = messages.define("reports.draft_todo", gettext_lazy("%(report)s：填写并提交"))


def _draft_todo(report: AnnualReport) -> None:
    """The center's staff see the report they owe, with the year's deadline."""
    from django.urls import reverse

    from ticms.common import inbox, messages

    from .workflow import center_staff

    inbox.todo_create(
        recipients=center_staff(report),
        title=messages.msg(DRAFT_TODO, report=messages.ref(report)),
        obj=report,
        state=report.status,
        url=reverse("reporting:detail", args=[report.pk]),
        article=ARTICLE,
        due_on=report.due_on,
    )


def _clean_text(name: str, label, value, errors: dict) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        errors[name] = [_("「%(label)s」须为文本") % {"label": label}]
        return None
    text = value.strip()
    if len(text) > MAX_TEXT:
        errors[name] = [_("「%(label)s」不能超过 %(n)d 字") % {"label": label, "n": MAX_TEXT}]
        return None
    return text


def _clean_targets(report: AnnualReport, raw, errors: dict) -> dict[int, dict]:
    """{target_id: {"achieved": ..., "note": ...}} for the report's own target rows."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        errors["targets"] = [_("考核指标完成情况须为对象（按指标编号）")]
        return {}
    rows = {str(row.target_id): row for row in report.targets.select_related("target")}
    cleaned = {}
    for key, value in raw.items():
        path = f"targets.{key}"
        row = rows.get(str(key))
        if row is None:
            errors[path] = [_("本中心合同中没有该考核指标")]
            continue
        if not isinstance(value, dict) or set(value) - {"achieved", "note"}:
            errors[path] = [_("须为对象，含「achieved」（完成值）和「note」（说明）")]
            continue
        item = {}
        if "achieved" in value:
            achieved = value["achieved"]
            if achieved is None or (isinstance(achieved, str) and not achieved.strip()):
                item["achieved"] = None
            else:
                try:
                    item["achieved"] = F.clean_value(F.Column("achieved", "", F.AMOUNT), achieved)
                    if abs(to_decimal(item["achieved"])) >= ACHIEVED_LIMIT:
                        raise ValueError(
                            _("数值过大，整数部分不能超过 %(n)d 位") % {"n": ACHIEVED_DIGITS}
                        )
                except ValueError as exc:
                    errors[f"{path}.achieved"] = [
                        _("%(label)s：%(problem)s") % {"label": row.target.name, "problem": exc}
                    ]
        if "note" in value:
            note = _clean_text(f"{path}.note", row.target.name, value["note"] or "", errors)
            if note is not None:
                item["note"] = note
        cleaned[row.pk] = item
    return cleaned


def annual_report_save(
    *,
    actor,
    report_id,
    figures=None,
    progress=None,
    problems=None,
    next_goals=None,
    targets=None,
) -> AnnualReport:
    """Save part of a draft or returned report. Any bad cell, or a part larger than its total,
    refuses the whole save: nothing is written. Omitted arguments are left as they are."""
    report = annual_report_get(user=actor, pk=report_id)
    if not is_center_staff(actor, report):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以填写年度报告"))
    errors: dict[str, list] = {}
    cleaned_figures: dict = {}
    if figures is not None:
        cleaned_figures, figure_errors = F.figures_parse(figures)
        errors.update(figure_errors)
    texts = {}
    for name, label in NARRATIVE:
        text = _clean_text(name, label, {"progress": progress, "problems": problems,
                                         "next_goals": next_goals}[name], errors)  # fmt: skip
        if text is not None:
            texts[name] = text
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().select_related("center").get(pk=report.pk)
        if not locked.is_editable:
            raise Conflict(
                _("当前状态为「%(state)s」，不能修改年度报告")
                % {"state": locked.get_status_display()}
            )
        target_updates = _clean_targets(locked, targets, errors)
        if errors:
            raise ValidationFailed(errors)
        merged = F.figures_merge(locked.figures, cleaned_figures)
        part_errors = checks.part_findings(merged)
        if part_errors:
            by_path: dict[str, list] = {}
            for finding in part_errors:
                by_path.setdefault(finding.path, []).append(finding.cited)
            raise ValidationFailed(by_path)
        before: dict = {}
        after: dict = {}
        if merged != locked.figures:
            before["figures"], after["figures"] = locked.figures, merged
            locked.figures = merged
        for name, text in texts.items():
            if getattr(locked, name) != text:
                before[name], after[name] = getattr(locked, name), text
                setattr(locked, name, text)
        locked.save()
        rows = {row.pk: row for row in locked.targets.all()}
        for pk, item in target_updates.items():
            row = rows[pk]
            changed = {}
            if "achieved" in item:
                value = None if item["achieved"] is None else to_decimal(item["achieved"])
                if row.achieved != value:
                    changed["achieved"] = (row.achieved, value)
                    row.achieved = value
            if "note" in item and row.note != item["note"]:
                changed["note"] = (row.note, item["note"])
                row.note = item["note"]
            if changed:
                row.save(update_fields=list(changed))
                key = f"target.{row.target_id}"
                before[key] = {k: v[0] for k, v in changed.items()}
                after[key] = {k: v[1] for k, v in changed.items()}
        if after:
            audit_record(
                actor=actor,
                action="annual_report.update",
                obj=locked,
                before=to_json(before),
                after=to_json(after),
                article=ARTICLE,
            )
    return locked


def annual_report_transition(
    *, actor, report_id, action: str, params=None, comment: str = ""
) -> AnnualReport:
    from ticms.common.workflow import transition_execute

    report = annual_report_get(user=actor, pk=report_id)
    return transition_execute(
        actor=actor,
        workflow=ANNUAL_REPORT_WORKFLOW,
        obj=report,
        action=action,
        params=params,
        comment=comment,
    )


def _locked_editable(actor, report_id) -> AnnualReport:
    report = annual_report_get(user=actor, pk=report_id)
    if not is_center_staff(actor, report):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以填写年度报告"))
    locked = AnnualReport.objects.select_for_update().select_related("center").get(pk=report.pk)
    if not locked.is_editable:
        raise Conflict(
            _("当前状态为「%(state)s」，不能修改年度报告") % {"state": locked.get_status_display()}
        )
    return locked


def annual_report_attachment_add(*, actor, report_id, upload) -> AnnualReportAttachment:
    """Supporting files of a draft or returned report (checked by type and content)."""
    if upload is None:
        raise ValidationFailed({"file": [_("请选择要上传的文件")]})
    if problem := uploaded_file_problem(upload):
        raise ValidationFailed({"file": [problem]})
    with transaction.atomic():
        report = _locked_editable(actor, report_id)
        if report.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationFailed(
                {"file": [_("每份年度报告最多 %(n)d 个附件") % {"n": MAX_ATTACHMENTS}]}
            )
        sha = file_digest(upload)
        if report.attachments.filter(sha256=sha).exists():
            raise ValidationFailed({"file": [_("同一文件已上传")]})
        attachment = AnnualReportAttachment(
            report=report,
            original_name=upload.name.replace("/", "_").replace("\\", "_"),
            size=upload.size,
            sha256=sha,
            uploaded_by=actor,
        )
        attachment.file.save(upload.name, upload, save=False)
        try:
            attachment.save()
            audit_record(
                actor=actor,
                action="annual_report.update",
                obj=report,
                after={"attachment_added": f"{attachment.original_name} {sha[:12]}"},
                article=ARTICLE,
            )
        except BaseException:
            # The row rolls back; the stored file must not stay behind without it.
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def annual_report_attachment_remove(*, actor, report_id, attachment_id) -> None:
    with transaction.atomic():
        report = _locked_editable(actor, report_id)
        try:
            row = report.attachments.filter(pk=int(attachment_id)).first()
        except (TypeError, ValueError):
            row = None
        if row is None:
            raise NotFound(_("该附件不存在"))
        label = f"{row.original_name} {row.sha256[:12]}"
        storage, path = row.file.storage, row.file.name
        row.delete()
        audit_record(
            actor=actor,
            action="annual_report.update",
            obj=report,
            after={"attachment_removed": label},
            article=ARTICLE,
        )
        transaction.on_commit(lambda: storage.delete(path))
