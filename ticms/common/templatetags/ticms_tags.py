from django import template

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
    rows = []
    for key, after in (event.after or {}).items():
        field = fields.get(key)
        if field is None:
            continue
        before = (event.before or {}).get(key)
        choices = dict(field.flatchoices) if field.choices else {}
        rows.append(
            (
                field.verbose_name,
                choices.get(before, before if before not in (None, "") else "—"),
                choices.get(after, after if after not in (None, "") else "—"),
            )
        )
    return rows
