"""Helpers shared by the reviews services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.common.exceptions import PermissionDenied

from ..permissions import can_manage_pool

MAX_TEXT = 5000


def require_pool_keeper(actor) -> None:
    if not can_manage_pool(actor):
        raise PermissionDenied(_("专家库由省科技厅管理"))


def clean_text(errors: dict, field: str, value, label, *, max_length: int, required=False) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = [_("请填写%(label)s") % {"label": label}]
    elif len(text) > max_length:
        errors[field] = [
            _("%(label)s不能超过%(n)d个字") % {"label": label, "n": max_length},
        ]
    return text
