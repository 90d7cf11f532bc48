from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ticms.accounts.models import Role
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import forbidden, querystring_without_page

from . import selectors
from .models import PlatformKind

READERS = (Role.PROVINCE, Role.CITY)


@login_required
def field_list(request):
    if request.user.role not in READERS:
        return forbidden(request, None)
    return render(request, "catalog/fields.html", {"fields": selectors.field_tree()})


@login_required
def platform_list(request):
    if request.user.role not in READERS:
        return forbidden(request, None)
    kind = request.GET.get("kind", "")
    if kind not in PlatformKind.values:
        kind = ""
    qs = selectors.platform_list(sub_field=request.GET.get("sub_field", "")[:20], kind=kind)
    page = PkFirstPaginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/platforms.html",
        {
            "page_obj": page,
            "kind": kind,
            "kinds": PlatformKind.choices,
            "querystring_base": querystring_without_page(request),
        },
    )
