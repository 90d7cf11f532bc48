from django import template

from ticms.reviews.selectors.scores import exact as _exact

register = template.Library()


@register.filter
def exact(value):
    """A Decimal with every significant digit and no trailing zeros; — when there is none."""
    return _exact(value)
