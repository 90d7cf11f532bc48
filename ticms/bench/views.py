"""The two floors every page is compared with (issue 10). Routed only by ticms.bench.urls."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


@login_required
def floor_auth(request):
    """The authenticated floor: the session and the user are read, nothing else."""
    return HttpResponse(request.user.get_username(), content_type="text/plain")


@login_required
def floor_layout(request):
    """The layout floor: an empty page in the base layout, with the role's navigation and badges."""
    return render(request, "bench/empty.html")


def floor_bare(request):
    """The public counterpart of the authenticated floor: the request path alone."""
    return HttpResponse(str(request.user.is_authenticated), content_type="text/plain")


def floor_public_layout(request):
    """The layout floor of a visitor who is not logged in (the portal's pages)."""
    return render(request, "bench/empty.html")
