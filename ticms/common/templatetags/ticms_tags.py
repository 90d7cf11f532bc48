from django import template
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ticms.common.citations import localize
from ticms.common.states import state_family

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


@register.simple_tag
def state_badge(record, state=None, label=None):
    """The one badge for where a record stands: `{% state_badge application %}`, or for a row
    that is not a model instance `{% state_badge "annualreport" row.status row.status_label %}`.
    Its colour is the state's family (ticms.common.states)."""
    if isinstance(record, models.Model):
        model_name = record._meta.model_name
        state = record.status
        label = record.get_status_display()
    else:
        model_name = str(record)
    if not state:
        return ""
    family = state_family(model_name, state)
    return format_html('<span class="badge state-badge state-{}">{}</span>', family, label or state)
