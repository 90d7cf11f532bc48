from django import template
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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


@register.filter
def plain(value):
    """A Decimal as written, without trailing zeros or an exponent (100, not 1E+2)."""
    from decimal import Decimal

    if not isinstance(value, Decimal):
        return value
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
