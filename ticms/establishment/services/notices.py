"""Objections to a public notice (公示, 第十三条第4项).

Anyone may object while the notice runs, without an account, but never anonymously: with a real
name and a contact, or in a unit's name with the unit's stamp on an attached file. The province
handles each objection through OBJECTION_WORKFLOW (`objection_transition`), with reasons."""

from __future__ import annotations

import logging
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.names import real_name_problem
from ticms.common import inbox, messages
from ticms.common.audit import audit_record
from ticms.common.exceptions import Conflict, NotFound, ValidationFailed
from ticms.common.files import file_digest, uploaded_file_problem
from ticms.common.labels import register_action_labels, register_object_url
from ticms.common.throttle import Rate, throttle_check, throttle_count

from ..models import RECEIPT_ALPHABET, RECEIPT_LENGTH, Objection, PublicNotice
from ..selectors_notices import objection_window
from ..workflow import province_officers

__all__ = ["objection_submit"]

logger = logging.getLogger(__name__)

register_action_labels({"objection.submit": gettext_lazy("提出异议")})
register_object_url("establishment.publicnotice", "portal:notice_detail")

ARTICLE = "第十三条第4项"
MAX_CONTENT = 5000
MAX_LENGTHS = {"name": 100, "contact": 100, "unit_name": 200}
# A unit's stamp is on a scan or a signed PDF.
STAMP_SUFFIXES = ("pdf", "jpg", "jpeg", "png")

# Mobile (optionally +86), or a landline with its area code (0 + 2-3 digits + 7-8 digits),
# after spaces, hyphens and brackets are removed; an extension may follow "转".
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}(?:转\d{1,6})?$")


def _is_pk(value) -> bool:
    text = str(value)
    return text.isdigit() and len(text) <= 18  # beyond 64 bits the database refuses it


def _contact_is_plausible(contact: str) -> bool:
    digits = re.sub(r"[\s\-()（）]", "", contact)
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return True
    try:
        validate_email(contact)
    except DjangoValidationError:
        return False
    return True


def _clean_text(errors: dict, field: str, value, label) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        errors[field] = [_("「%(label)s」含有不可见的控制字符，请重新输入") % {"label": label}]
        return ""
    limit = MAX_LENGTHS.get(field, MAX_CONTENT)
    if len(text) > limit:
        errors[field] = [
            _("「%(label)s」不能超过%(limit)d个字（当前为%(n)d个字）")
            % {"label": label, "limit": limit, "n": len(text)}
        ]
    return text


def _stamp_problem(upload) -> str | None:
    name = getattr(upload, "name", "") or ""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in STAMP_SUFFIXES:
        return _("盖章文件只接受 PDF、JPG、PNG 格式（扫描件或拍照均可）")
    return uploaded_file_problem(upload)


def _identity_errors(name, contact, unit_name, stamp_upload) -> dict[str, list]:
    """Never anonymous: a name with a contact, or a unit's name with its stamped file."""
    named = bool(name and contact)
    stamped = bool(unit_name and stamp_upload is not None)
    if named or stamped:
        return {}
    errors: dict[str, list] = {}
    if name and not contact:
        errors["contact"] = [_("请填写联系方式（手机号码、固定电话或电子邮箱），以便核实异议情况")]
    if contact and not name:
        errors["name"] = [_("请填写您的真实姓名")]
    if unit_name and stamp_upload is None:
        errors["stamp"] = [_("以单位名义提出异议的，请上传加盖单位公章的异议材料")]
    if stamp_upload is not None and not unit_name:
        errors["unit_name"] = [_("请填写盖章单位的名称")]
    if not errors:
        errors["name"] = [
            _(
                "不受理匿名异议。个人提出异议的，请填写真实姓名和联系方式；"
                "以单位名义提出的，请填写单位名称并上传加盖单位公章的异议材料"
            )
        ]
    return errors


def _address_limits(client_ip: str | None, notice) -> list[tuple[str, Rate, str]]:
    """The rates that objections from one address are held to (none for a caller without an
    address: the system itself)."""
    if not client_ip:
        return []
    per_notice = Rate(*settings.TICMS["OBJECTION_RATE_PER_NOTICE"])
    per_address = Rate(*settings.TICMS["OBJECTION_RATE_PER_ADDRESS"])
    return [
        (
            f"objection:{client_ip}:{notice.pk}",
            per_notice,
            _(
                "提交过于频繁：同一网络地址每小时对同一公示最多提出%(limit)d条异议，"
                "请%(minutes)d分钟后再试"
            ),
        ),
        (
            f"objection:{client_ip}",
            per_address,
            _("提交过于频繁：同一网络地址每小时最多提出%(limit)d条异议，请%(minutes)d分钟后再试"),
        ),
    ]


def _new_receipt_no() -> str:
    """A receipt number nobody can guess or count from: random, checked unused (the unique
    column is the last guard)."""
    while True:
        number = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        if not Objection.objects.filter(receipt_no=number).exists():
            return number


def objection_submit(
    *,
    notice_id,
    name: str = "",
    contact: str = "",
    unit_name: str = "",
    stamp_upload=None,
    content: str = "",
    client_ip: str | None = None,
) -> Objection:
    """A member of the public objects to a notice during its period (第十三条第4项).

    Public: there is no actor. Refused outside the period (Conflict), when anonymous or not
    under a plausible real name (ValidationFailed, with what is needed), and beyond the rates
    for `client_ip` (Throttled). The audit event records the objection and whether
    it is named or stamped, never who the objector is."""
    notice = None
    if _is_pk(notice_id):
        notice = PublicNotice.objects.select_related("application").filter(pk=notice_id).first()
    if notice is None:
        raise NotFound(_("公示不存在"))
    window = objection_window(notice, timezone.localdate())
    if not window.open:
        raise Conflict(window.reason)
    limits = _address_limits(client_ip, notice)
    for key, rate, message in limits:
        throttle_check(key, rate, message)

    errors: dict[str, list] = {}
    name = _clean_text(errors, "name", name, _("姓名"))
    if name and "name" not in errors and (problem := real_name_problem(name)):
        errors["name"] = [problem]
    contact = _clean_text(errors, "contact", contact, _("联系方式"))
    unit_name = _clean_text(errors, "unit_name", unit_name, _("单位名称"))
    content = _clean_text(errors, "content", content, _("异议内容"))
    if not content and "content" not in errors:
        errors["content"] = [_("请填写异议内容：对哪一事项有异议，理由和事实依据是什么")]
    if contact and "contact" not in errors and not _contact_is_plausible(contact):
        errors["contact"] = [
            _(
                "联系方式须为手机号码、带区号的固定电话或电子邮箱，"
                "例如 13812345678、025-83331234 或 name@example.com"
            )
        ]
    if stamp_upload is not None and (problem := _stamp_problem(stamp_upload)):
        errors["stamp"] = [problem]
    for field, problems in _identity_errors(name, contact, unit_name, stamp_upload).items():
        errors.setdefault(field, problems)
    if errors:
        raise ValidationFailed(errors)

    basis = "named" if name and contact else "stamped"
    stored_file = None
    try:
        with transaction.atomic():
            # The same objection twice (a Back button, a double click) is one objection.
            same = (
                Objection.objects.select_for_update()
                .filter(
                    notice=notice,
                    name=name,
                    contact=contact,
                    unit_name=unit_name,
                    content=content,
                )
                .first()
            )
            if same is not None:
                raise Conflict(
                    _("已收到您的这条异议（受理编号 %(no)s），无需重复提交")
                    % {"no": same.receipt_no}
                )
            objection = Objection(
                receipt_no=_new_receipt_no(),
                notice=notice,
                name=name,
                contact=contact,
                unit_name=unit_name,
                content=content,
            )
            if stamp_upload is not None:
                objection.stamp_sha256 = file_digest(stamp_upload)
                objection.stamp.save(stamp_upload.name, stamp_upload, save=False)
                stored_file = (objection.stamp.storage, objection.stamp.name)
            objection.save()
            audit_record(
                actor=None,
                actor_label="public",
                action="objection.submit",
                obj=objection,
                # Who objected stays in the objection, readable by the province only.
                after={
                    "objection": objection.pk,
                    "receipt_no": objection.receipt_no,
                    "notice": notice.pk,
                    "basis": basis,
                    "stamp_sha256": objection.stamp_sha256,
                },
                article=ARTICLE,
            )
            transaction.on_commit(lambda: _tell_province(objection))
    except Exception:
        if stored_file is not None:
            storage, path = stored_file
            storage.delete(path)
        raise
    for key, rate, _message in limits:
        throttle_count(key, rate)
    logger.info(
        "objection %s to notice %s received (%s) from %s",
        objection.pk,
        notice.pk,
        basis,
        client_ip or "-",
    )
    return objection


OBJECTION_TODO = messages.define(
    "objections.todo", gettext_lazy("「%(center)s」公示期间收到异议，待核实处理")
)
OBJECTION_HOW = messages.define(
    "objections.how",
    gettext_lazy(
        "异议须逐条核实处理（异议成立或不成立，并说明理由）；有未处理异议时不能批准组建。"
    ),
)


def _tell_province(objection: Objection) -> None:
    url = reverse("establishment:notice_objections", args=[objection.notice_id])
    inbox.todo_create(
        recipients=province_officers(),
        title=messages.msg(OBJECTION_TODO, center=objection.notice.application.center_name),
        obj=objection,
        state=objection.status,
        url=f"{url}#objection-{objection.pk}",
        article=ARTICLE,
        body=[messages.msg(OBJECTION_HOW)],
    )
