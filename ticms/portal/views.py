from django.core.paginator import Paginator
from django.shortcuts import render

from ticms.accounts.selectors import cities
from ticms.centers.selectors import public_directory
from ticms.common.views import querystring_without_page


def home(request):
    return render(request, "portal/home.html", {"count": public_directory().count()})


def directory(request):
    city_codes = {c.code for c in cities()}
    city = request.GET.get("city", "")
    if city not in city_codes:
        city = ""
    page = Paginator(public_directory(city=city), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/directory.html",
        {
            "page_obj": page,
            "cities": cities(),
            "city": city,
            "querystring_base": querystring_without_page(request),
        },
    )
