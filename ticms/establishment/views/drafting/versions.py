"""The versions of an application (one per submission) and the comparison of two of them in
words: lists as the items removed and added, the rest as old → new."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ticms.accounts.models import Degree, TitleLevel
from ticms.centers.models import CoBuilderKind, TeamType
from ticms.common.money import fmt_amount, fmt_count, fmt_money, fmt_number
from ticms.common.views import service_errors

from ... import selectors
from ...forms.versions import CompareForm
from ...models import MaterialKind
from ...versions import compare
from .pages import render_page

VERSION_EVENTS = {
    "submit": gettext_lazy("提交设区市审核"),
    "revision": gettext_lazy("提交完善后的方案"),
}


@login_required
@require_GET
@service_errors
def draft_versions(request, pk: int):
    application = selectors.application_get(user=request.user, pk=pk)
    versions = list(selectors.application_versions(application))
    numbers = [v.number for v in versions]
    form = CompareForm(
        initial={"old": numbers[-2], "new": numbers[-1]} if len(numbers) > 1 else None,
        numbers=numbers,
    )
    return render_page(
        request,
        application,
        "versions.html",
        versions=versions,
        events=VERSION_EVENTS,
        form=form,
    )


@login_required
@require_GET
@service_errors
def draft_version_compare(request, pk: int):
    application = selectors.application_get(user=request.user, pk=pk)
    versions = {v.number: v for v in selectors.application_versions(application)}
    form = CompareForm(request.GET or None, numbers=list(versions))
    rows = None
    if form.is_valid():
        old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
        if old.number > new.number:
            old, new = new, old
        rows = comparison_rows(compare(old.snapshot, new.snapshot))
        context = {"old": old, "new": new}
    else:
        context = {}
    return render_page(
        request,
        application,
        "compare.html",
        form=form,
        rows=rows,
        events=VERSION_EVENTS,
        **context,
    )


# --- Comparing two versions in words ----------------------------------------------------------

_ITEM_LABELS = {
    "uscc": gettext_lazy("统一社会信用代码"),
    "duties": gettext_lazy("分工"),
    "position": gettext_lazy("岗位"),
    "full_time": gettext_lazy("全职"),
    "is_rd_staff": gettext_lazy("研发人员"),
    "baseline": gettext_lazy("现有基础"),
    "target_value": gettext_lazy("目标值"),
    "target_year": gettext_lazy("完成年度"),
    "reason": gettext_lazy("理由"),
    "id_masked": gettext_lazy("证件号码"),
    "sha256": gettext_lazy("摘要"),
    "title_level": gettext_lazy("职称级别"),
    "degree": gettext_lazy("学位"),
}
_UNLABELLED = {"name", "kind", "team", "unit"}


def _codes() -> dict[str, str]:
    table = {}
    for choices in (CoBuilderKind, TeamType, MaterialKind, TitleLevel, Degree):
        table.update({value: str(label) for value, label in choices.choices})
    return table


def _number_kind(path: str) -> str:
    """How a snapshot path's numbers are shown: money (万元), a count, or a quantity."""
    if not path.startswith("profile."):
        return ""  # names and texts, even when they look like numbers
    if path.endswith("_wan_yuan"):
        return "money"
    return "count" if path.startswith("profile.team.") else "number"


def _number(value, kind: str) -> str:
    try:
        if kind == "money":
            return fmt_money(value)
        return fmt_count(value) if kind == "count" else fmt_number(value)
    except ValueError:
        return str(value)


def shown(value, codes=None, kind: str = "") -> str:
    """A snapshot value in words; numbers (strings in the JSON) of a `kind` path formatted."""
    codes = codes if codes is not None else _codes()
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict):
        parts = []
        unit = value.get("unit") if isinstance(value.get("unit"), str) else None
        for key, item in value.items():
            if key in ("size",) or item in (None, ""):
                continue
            if key == "unit" and "target_value" in value:
                continue  # shown after each value instead
            if key == "sha256":
                item = str(item)[:12]
            if key in ("baseline", "target_value") and _is_number(item):
                text = fmt_amount(item, unit or "")
            elif kind and not isinstance(item, dict | list | bool) and key not in _UNLABELLED:
                text = _number(item, kind)  # e.g. {year: amount} of the R&D investment
            else:
                text = shown(item, codes) if not isinstance(item, str) else codes.get(item, item)
            if key in _UNLABELLED:
                parts.append(text)
            else:
                label = _ITEM_LABELS.get(key, key)
                parts.append(_("%(label)s：%(value)s") % {"label": label, "value": text})
        return " · ".join(parts) or "—"
    if isinstance(value, list):
        return _("；").join(shown(item, codes) for item in value)
    if kind and _is_number(value):
        return _number(value, kind)
    return codes.get(value, str(value)) if isinstance(value, str) else str(value)


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return Decimal(str(value)).is_finite()
    except (InvalidOperation, TypeError, ValueError):
        return False


def comparison_rows(rows: list[dict]) -> list[dict]:
    """`versions.compare` rows in words: lists as the items removed and added, the rest as
    old → new."""
    codes = _codes()
    out = []
    for row in rows:
        old, new = row["old"], row["new"]
        if (
            isinstance(old, list | type(None))
            and isinstance(new, list | type(None))
            and (isinstance(old, list) or isinstance(new, list))
        ):
            old, new = old or [], new or []
            out.append(
                {
                    "label": row["label"],
                    "is_list": True,
                    "removed": [shown(item, codes) for item in old if item not in new],
                    "added": [shown(item, codes) for item in new if item not in old],
                }
            )
        else:
            out.append(
                {
                    "label": row["label"],
                    "is_list": False,
                    "old": shown(old, codes, _number_kind(row["path"])),
                    "new": shown(new, codes, _number_kind(row["path"])),
                }
            )
    return out
