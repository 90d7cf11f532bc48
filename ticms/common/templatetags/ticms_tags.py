from django import template
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ticms.common import money as money_fmt
from ticms.common.citations import localize

register = template.Library()


@register.filter
def cite(value):
    """Render an article citation in the active language."""
    return localize(str(value or ""))


@register.filter
def changes(event):
    """(label, before, after) for each model field an audit event changed, labelled and with
    choice codes shown as their labels; what an officer needs to see what happened."""
    from django.apps import apps

    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return []
    fields = {f.attname: f for f in model._meta.concrete_fields}

    def shown(field, value):
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if value in (None, "", []):
            return "—"
        if isinstance(value, list):
            return _("、").join(str(v) for v in value)
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            # Stored as UTC ISO text: shown in local time like every other time on the page.
            parsed = parse_datetime(value)
            if parsed is not None:
                return date_format(timezone.localtime(parsed), "Y-m-d H:i")
        return dict(field.flatchoices).get(value, value) if field.choices else value

    rows = []
    for key, after in (event.after or {}).items():
        field = fields.get(key)
        if field is None:
            continue
        rows.append(
            (field.verbose_name, shown(field, (event.before or {}).get(key)), shown(field, after))
        )
    return rows


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
