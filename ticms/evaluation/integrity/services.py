"""Writes of integrity findings (第九条第5项、第二十六条): the province records a finding with its
source and decision; a finding against an expert takes them out of the pool for a set period."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import idnumbers
from ticms.accounts import selectors as accounts
from ticms.accounts.models import Person
from ticms.common import inbox, messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.regulation.rules.checks import add_months

from ..models import FindingKind, FindingSubject, IntegrityFinding

ARTICLE = "第二十六条"
MAX_TEXT = 5000
MAX_EXCLUSION_MONTHS = 120
RECORDED = messages.define(
    "integrity.recorded", gettext_lazy("%(obj)s：已登记科研诚信认定（%(kind)s）")
)


def _text(errors: dict, name: str, value, label, max_length: int) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        errors[name] = [_("请填写「%(label)s」") % {"label": label}]
    elif len(text) > max_length:
        errors[name] = [_("「%(label)s」不能超过 %(n)d 个字") % {"label": label, "n": max_length}]
    return text


def _subject(errors: dict, subject, center_id, person_id, person_id_number, expert_id):
    from ticms.centers.models import Center
    from ticms.reviews.models import Expert

    found = {"center": None, "person": None, "expert": None}
    if subject not in FindingSubject.values:
        errors["subject"] = [_("请选择认定对象的类型（技术创新中心、人员或评审专家）")]
        return found
    given = {
        "center": center_id is not None,
        "person": person_id is not None or bool(person_id_number),
        "expert": expert_id is not None,
    }
    for other in sorted(k for k, v in given.items() if v and k != subject):
        errors[f"{other}_id"] = [_("与所选对象类型不符，请不要填写")]
    if subject == FindingSubject.CENTER:
        found["center"] = Center.objects.filter(pk=center_id).first() if center_id else None
        if found["center"] is None:
            errors["center_id"] = [_("请选择技术创新中心")]
    elif subject == FindingSubject.EXPERT:
        found["expert"] = Expert.objects.filter(pk=expert_id).first() if expert_id else None
        if found["expert"] is None:
            errors["expert_id"] = [_("请从专家库中选择专家")]
    else:
        if person_id is not None:
            found["person"] = Person.objects.filter(pk=person_id).first()
        elif person_id_number:
            problem = idnumbers.problem(person_id_number)
            if problem:
                errors["person_id_number"] = [problem]
                return found
            found["person"] = Person.objects.filter(
                id_hash=idnumbers.id_hash(person_id_number)
            ).first()
        if found["person"] is None:
            errors["person_id_number"] = [
                _("系统中没有该证件号码的人员，请核对证件号码")
                if person_id_number
                else _("请填写人员的证件号码")
            ]
    return found


def finding_record(
    *,
    actor,
    subject: str,
    kind: str,
    facts: str,
    source: str,
    decision: str,
    decided_on: dt.date,
    center_id: int | None = None,
    person_id: int | None = None,
    person_id_number: str = "",
    expert_id: int | None = None,
    exclusion_months: int | None = None,
) -> IntegrityFinding:
    """Record a finding of falsification or research misconduct (province only). Against an
    expert, `exclusion_months` (1–120) takes them out of the pool from `decided_on`."""
    if actor is None or not getattr(actor, "is_province", False):
        raise PermissionDenied(_("只有省科技厅可以登记科研诚信认定"))
    errors: dict = {}
    found = _subject(errors, subject, center_id, person_id, person_id_number, expert_id)
    if kind not in FindingKind.values:
        errors["kind"] = [_("请选择认定类型（弄虚作假或科研不端行为）")]
    facts = _text(errors, "facts", facts, _("认定事实"), MAX_TEXT)
    source = _text(errors, "source", source, _("线索来源"), 200)
    decision = _text(errors, "decision", decision, _("处理决定"), MAX_TEXT)
    if not isinstance(decided_on, dt.date):
        errors["decided_on"] = [_("请填写认定日期")]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [_("认定日期不能晚于今天")]
    elif decided_on.year < 1900:
        errors["decided_on"] = [_("认定日期须在1900年之后")]
    excluded_until = None
    if subject == FindingSubject.EXPERT:
        if exclusion_months is None:
            errors["exclusion_months"] = [_("请填写取消评审专家资格的期限（月）")]
        elif not 1 <= exclusion_months <= MAX_EXCLUSION_MONTHS:
            errors["exclusion_months"] = [
                _("取消资格期限须在 1 至 %(n)d 个月之间") % {"n": MAX_EXCLUSION_MONTHS}
            ]
        elif isinstance(decided_on, dt.date):
            excluded_until = add_months(decided_on, exclusion_months)
    elif exclusion_months is not None:
        errors["exclusion_months"] = [_("只有对评审专家的认定才设取消资格期限")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        finding = IntegrityFinding.objects.create(
            subject=subject,
            kind=kind,
            facts=facts,
            source=source,
            decision=decision,
            decided_on=decided_on,
            excluded_until=excluded_until,
            recorded_by=actor,
            **found,
        )
        audit_record(
            actor=actor,
            action="integrity_finding.record",
            obj=finding,
            after=to_json(
                {
                    "subject": subject,
                    "subject_id": (found["center"] or found["person"] or found["expert"]).pk,
                    "kind": kind,
                    "source": source,
                    "decided_on": decided_on,
                    "excluded_until": excluded_until,
                }
            ),
            article=ARTICLE,
        )
        from ticms.evaluation.links import finding_vetoes

        finding_vetoes(finding, actor)  # a center's rating in its campaigns (第二十六条)
        transaction.on_commit(lambda: _notify(finding, actor))
    return finding


def _notify(finding: IntegrityFinding, actor) -> None:
    """The other province officers learn of it; the subject is told through the decision
    itself, outside this system, so nobody else is notified here."""
    recipients = [u for u in accounts.province_officers() if u != actor]
    if recipients:
        inbox.notice_create(
            recipients=recipients,
            title=messages.msg(
                RECORDED,
                obj=finding.subject_label,
                kind=messages.text(FindingKind(finding.kind).label),
            ),
            obj=finding,
            url=finding.get_absolute_url(),
            article=ARTICLE,
        )
