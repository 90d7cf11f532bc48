from django import template

from ticms.common.citations import localize

register = template.Library()


@register.filter
def cite(value):
    """Render an article citation in the active language."""
    return localize(str(value or ""))
