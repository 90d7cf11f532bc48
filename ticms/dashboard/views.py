from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ticms.common import inbox
from ticms.common.views import service_errors


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    return redirect("portal:home")


@login_required
def workbench(request):
    return render(
        request,
        "dashboard/workbench.html",
        {
            "todos": inbox.open_todos(request.user)[:50],
            "notices": inbox.notices(request.user)[:20],
        },
    )


@login_required
@require_POST
@service_errors
def inbox_read(request, item_id: int):
    item = inbox.item_mark_read(actor=request.user, item_id=item_id)
    if request.POST.get("follow") and item.url.startswith("/"):
        return redirect(item.url)
    return redirect("dashboard:home")


@login_required
@require_POST
def inbox_read_all(request):
    inbox.items_mark_all_read(actor=request.user)
    return redirect("dashboard:home")


