"""The overdue annual reports in the user's scope, paged (第二十二条)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ticms.accounts.models import Role
from ticms.common.views import querystring_without_page

from .deadlines import overdue_for


@login_required
def overdue_list(request):
    if request.user.role not in (Role.PROVINCE, Role.CITY, Role.CENTER):
        raise Http404
    page = Paginator(overdue_for(request.user), settings.TICMS["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reporting/overdue.html",
        {"page_obj": page, "querystring_base": querystring_without_page(request)},
    )
