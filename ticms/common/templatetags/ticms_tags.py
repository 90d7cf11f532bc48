from django import template
from django.db import models
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ticms.common import money as money_fmt
from ticms.common.citations import localize
from ticms.common.states import state_family

register = template.Library()


@register.filter
def cite(value):
    """Render an article citation in the active language."""
    return localize(str(value or ""))


@register.filter
def changes(event):
    """(label, before, after) for each model field an audit event changed, each value in words
    (choice labels, 是/否, local times; structured values as their app describes them)."""
    from ticms.common.audit_display import change_rows

    rows = getattr(event, "change_rows", None)  # looked up for a whole page at once
    return rows if rows is not None else change_rows(event)


def _safely(fmt, *args):
    # A template never fails on a number: anything unreadable is shown as it is.
    try:
        return fmt(*args)
    except (ValueError, TypeError, ArithmeticError):
        return args[0]


@register.filter
def money(value):
    """万元 amount: two decimals, thousands separators, rounded half up; — when blank."""
    return _safely(money_fmt.fmt_money, value)


@register.filter
def wan_yuan(value):
    """An amount with its unit: "3,166.67 万元"; — alone when blank."""
    if money_fmt.is_blank(value):
        return money_fmt.DASH
    return _("%(amount)s 万元") % {"amount": money(value)}


@register.filter
def count(value):
    """A number of things: thousands separators, no decimals; — when blank."""
    return _safely(money_fmt.fmt_count, value)


@register.filter
def percent(value, whole=None):
    """`ratio|percent` (a ratio of 1) or `part|percent:whole`: "33.33%"; — when blank."""
    return _safely(money_fmt.fmt_percent, value, whole)


@register.filter
def number(value):
    """A quantity in its own unit, every significant digit, never "1E+2"; — when blank."""
    return _safely(money_fmt.fmt_number, value)


@register.filter
def in_unit(value, unit=""):
    """A value followed by its unit, money when the unit is money: "12项", "3,166.67万元"."""
    return _safely(money_fmt.fmt_amount, value, unit)


@register.filter
def amount(value, unit=""):
    """A value in a typed unit without the unit (it has its own column): money when the unit
    is money, else the quantity as written."""
    if money_fmt.is_blank(value):
        return money_fmt.DASH
    if (unit or "").strip() in money_fmt.MONEY_UNITS:
        return money(value)
    return number(value)


@register.filter
def listing(items):
    """Items joined with the language's list separator (、 or ", "); "—" when there are none."""
    from ticms.common.text import listing as join

    return join(items) if items else "—"


@register.filter
def bracketed(text, note):
    """Text with a note in the language's brackets: 南京市（3） / Nanjing (3)."""
    from ticms.common.text import bracketed as wrap

    return wrap(text, note)


@register.filter
def labelled(label, value):
    """ "label: value" with the language's colon."""
    from ticms.common.text import labelled as pair

    return pair(label, value)


@register.filter
def error_anchor(bound_field) -> str:
    """Where an error summary's link for a field goes: its input, or the first option of a set
    of radios or check boxes (those have no single input to label)."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    widget = bound_field.field.widget
    if (
        getattr(widget, "allow_multiple_selected", False)
        or getattr(widget, "input_type", "") == "radio"
    ):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


_BADGES: dict[tuple, str] = {}


@register.simple_tag
def state_badge(record, state=None, label=None):
    """The one badge for where a record stands: `{% state_badge application %}`, or for a row
    that is not a model instance `{% state_badge "annualreport" row.status row.status_label %}`.
    Its colour is the state's family (ticms.common.states)."""
    if isinstance(record, models.Model):
        # The same few badges over and over on a list page: built once per state and language.
        key = (record._meta.label_lower, record.status, get_language())
        badge = _BADGES.get(key)
        if badge is None and record.status:
            family = state_family(record._meta.model_name, record.status)
            badge = _BADGES[key] = format_html(
                '<span class="badge state-badge state-{}">{}</span>',
                family,
                record.get_status_display(),
            )
        return badge or ""
    else:
        model_name = str(record)
    if not state:
        return ""
    family = state_family(model_name, state)
    return format_html('<span class="badge state-badge state-{}">{}</span>', family, label or state)
