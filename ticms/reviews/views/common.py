"""Shared view helpers."""

from django.utils.translation import gettext as _

from ticms.common.exceptions import PermissionDenied

from ..permissions import can_manage_pool

CANDIDATES_PER_PAGE = 20


def require_province(user, message=None):
    if not can_manage_pool(user):
        raise PermissionDenied(message or _("专家库由省科技厅管理"))


def bound_filters(form) -> dict:
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v}
