"""Human labels for audit actions, and where an audited object can be viewed; registered by
the apps that record them."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "admin.add": _("系统管理：新增"),
    "admin.change": _("系统管理：修改"),
    "admin.delete": _("系统管理：删除"),
}
OBJECT_URLS: dict[str, str] = {}
# A model that moved to another app: its audit events keep the type they were written under
# (the chain's hashes cover it), so the former type is read as the current one.
FORMER_TYPES: dict[str, str] = {}  # former -> current


def register_former_type(former: str, current: str) -> None:
    FORMER_TYPES[former] = current


def current_type(object_type: str) -> str:
    return FORMER_TYPES.get(object_type, object_type)


def types_of(object_type: str) -> list[str]:
    """The type and every former type its events may carry."""
    return [object_type, *(f for f, c in FORMER_TYPES.items() if c == object_type)]


def register_action_labels(labels: dict) -> None:
    ACTION_LABELS.update(labels)


def register_object_url(object_type: str, url_name: str) -> None:
    OBJECT_URLS[object_type] = url_name


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


def object_url(object_type: str, object_id: str) -> str:
    name = OBJECT_URLS.get(current_type(object_type))
    if not name:
        return ""
    try:
        return reverse(name, args=[object_id])
    except NoReverseMatch:
        return ""
