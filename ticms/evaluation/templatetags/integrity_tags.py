"""{% credit_check obj %}: the integrity findings (第二十六条) against whoever a formal review or
a change request is about, shown to the province only (nothing at all for anyone else)."""

from django import template

from ..integrity import credit_check

register = template.Library()


def _subjects(obj):
    """(center, people) an application or a change request is about."""
    center = getattr(obj, "center", None)
    people = []
    if hasattr(obj, "team_members"):  # an application: its leaders and team
        people += [obj.director_id, obj.executive_director_id]
        people += list(obj.team_members.values_list("person_id", flat=True))
    elif center is not None:  # a change request: the center's leaders
        people += [center.director_id, center.executive_director_id]
    return center, [p for p in people if p]


@register.inclusion_tag("evaluation/integrity/_credit_check.html", takes_context=True)
def credit_check_panel(context, obj):
    user = getattr(context.get("request"), "user", None) or context.get("user")
    if user is None or not getattr(user, "is_province", False):
        return {"show": False}
    center, people = _subjects(obj)
    return {"show": True, "findings": credit_check(user=user, center=center, people=people)}
