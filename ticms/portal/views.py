from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.accounts.selectors import cities
from ticms.centers.selectors import public_directory, public_fingerprint
from ticms.common.exceptions import Conflict, NotFound, Throttled, ValidationFailed
from ticms.common.fragments import cached_fragment, page_key
from ticms.common.paging import PkFirstPaginator
from ticms.common.throttle import client_address
from ticms.common.views import querystring_without_page
from ticms.establishment import selectors_notices, services

from .forms import ObjectionForm


def home(request):
    return render(request, "portal/home.html", {"count": public_directory().count()})


def directory(request):
    all_cities = list(cities())
    city = request.GET.get("city", "")
    if city not in {c.code for c in all_cities}:
        city = ""
    number = page_key(request.GET.get("page"))

    def table() -> str:
        page = PkFirstPaginator(public_directory(city=city), 50).get_page(number)
        # Built from the accepted filter only: a cached table must not carry a visitor's
        # other query parameters in its links.
        base = urlencode({"city": city}) + "&" if city else ""
        return render_to_string(
            "portal/includes/directory_table.html", {"page_obj": page, "querystring_base": base}
        )

    return render(
        request,
        "portal/directory.html",
        {
            "table": cached_fragment(
                "portal:directory", (city, number), public_fingerprint(), table
            ),
            "cities": all_cities,
            "city": city,
        },
    )


# --- Public notices (公示, 第十三条第4项) --------------------------------------------------------


def notice_list(request):
    today = timezone.localdate()
    qs = selectors_notices.public_notice_list(today=today)
    page = PkFirstPaginator(qs, 25).get_page(request.GET.get("page"))
    rows = [(n, selectors_notices.objection_window(n, today)) for n in page.object_list]
    return render(
        request,
        "portal/notices/list.html",
        {"page_obj": page, "rows": rows, "querystring_base": querystring_without_page(request)},
    )


def notice_detail(request, pk: int):
    try:
        notice = selectors_notices.public_notice_detail(pk)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    today = timezone.localdate()
    status = 200
    if request.method == "POST":
        form = ObjectionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.objection_submit(
                    notice_id=notice.pk,
                    name=data["name"],
                    contact=data["contact"],
                    unit_name=data["unit_name"],
                    stamp_upload=data["stamp"] or None,
                    content=data["content"],
                    client_ip=client_address(request),
                )
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            except Conflict as exc:
                form.add_error(None, str(exc.message))
                status = 409
            except Throttled as exc:
                form.add_error(None, str(exc.message))
                status = 429
            else:
                messages.success(
                    request,
                    _(
                        "您的异议已提交（受理编号 %(no)s）。省科技厅将逐条核实处理；"
                        "如需了解情况，请保留受理编号。"
                    )
                    % {"no": objection.receipt_no},
                )
                return redirect(notice.get_absolute_url())
    else:
        form = ObjectionForm()
    user = request.user
    is_province = user.is_authenticated and user.role == Role.PROVINCE
    return render(
        request,
        "portal/notices/detail.html",
        {
            "notice": notice,
            "application": notice.application,
            "window": selectors_notices.objection_window(notice, today),
            "form": form,
            "is_province": is_province,
        },
        status=status,
    )
