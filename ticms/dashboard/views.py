from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ticms.common import inbox
from ticms.common.views import service_errors
from ticms.reporting.deadlines import overdue_for


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    return redirect("portal:home")


# Overdue reports shown on the workbench; the rest are on their own paged page.
OVERDUE_SHOWN = 10


# To-dos and notices per page of the workbench.
INBOX_PAGE_SIZE = 20


def _inbox_page(qs, number):
    page = Paginator(qs, INBOX_PAGE_SIZE).get_page(number)
    page.object_list = inbox.with_records(page.object_list)
    return page


@login_required
def workbench(request):
    overdue = overdue_for(request.user)
    return render(
        request,
        "dashboard/workbench.html",
        {
            "todos": _inbox_page(inbox.open_todos(request.user), request.GET.get("todos")),
            "notices": _inbox_page(inbox.notices(request.user), request.GET.get("notices")),
            "overdue_count": len(overdue),
            "overdue_rows": overdue[:OVERDUE_SHOWN],
        },
    )


@login_required
@require_POST
@service_errors
def inbox_read(request, item_id: int):
    item = inbox.item_mark_read(actor=request.user, item_id=item_id)
    if request.POST.get("follow") and url_has_allowed_host_and_scheme(
        item.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(item.url)
    return redirect("dashboard:home")


@login_required
@require_POST
def inbox_read_all(request):
    inbox.items_mark_all_read(actor=request.user)
    return redirect("dashboard:home")
