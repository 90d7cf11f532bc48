from django import template

from ticms.common.citations import localize

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


@register.filter
def plain(value):
    """A Decimal as written, without trailing zeros or an exponent (100, not 1E+2)."""
    from decimal import Decimal

    if not isinstance(value, Decimal):
        return value
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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
