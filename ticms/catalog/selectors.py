from django.db.models import Count, Q, QuerySet

from ticms.common.text import localized_name

from .models import ExistingPlatform, IndustryField


def sub_fields() -> QuerySet[IndustryField]:
    return (
        IndustryField.objects.filter(parent__isnull=False, is_active=True)
        .select_related("parent")
        .order_by("category", "parent__order", "order", "code")
    )


def sub_field_choices() -> list[tuple[str, str]]:
    """(code, 「field / sub-field」) in the reader's language, for filter drop-downs: read as
    values, no model instances (a list page builds it on every request)."""
    rows = sub_fields().values_list("code", "name", "name_en", "parent__name", "parent__name_en")
    return [
        (code, f"{localized_name(pname, pname_en)} / {localized_name(name, name_en)}")
        for code, name, name_en, pname, pname_en in rows
    ]


def field_tree() -> QuerySet[IndustryField]:
    """Top-level fields with their sub-fields and how many platforms/centers occupy each."""
    from django.db.models import Prefetch

    from ticms.centers.models import LAYOUT_STATUSES

    subs = (
        IndustryField.objects.filter(is_active=True)
        .annotate(
            platform_count=Count("platforms", filter=Q(platforms__is_active=True), distinct=True),
            center_count=Count(
                "centers", filter=Q(centers__status__in=LAYOUT_STATUSES), distinct=True
            ),
        )
        .order_by("order", "code")
    )
    return (
        IndustryField.objects.filter(parent__isnull=True, is_active=True)
        .prefetch_related(Prefetch("sub_fields", queryset=subs))
        .order_by("category", "order", "code")
    )


def platform_list(*, sub_field: str = "", kind: str = "") -> QuerySet[ExistingPlatform]:
    qs = ExistingPlatform.objects.select_related("sub_field", "sub_field__parent", "city")
    if sub_field:
        qs = qs.filter(sub_field__code=sub_field)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "sub_field__code", "name")
