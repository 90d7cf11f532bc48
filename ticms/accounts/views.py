from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors

from . import selectors, services
from .forms import OrganisationForm, PasswordChangeForm
from .login_security import lock_minutes
from .models import Role


@login_required
def organisation_list(request):
    qs = selectors.organisations_visible_to(request.user)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(uscc__icontains=q.upper())
    page = PkFirstPaginator(qs.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisations.html",
        {
            "page_obj": page,
            "q": q,
            "querystring_base": querystring_without_page(request),
            "can_create": request.user.role in (Role.PROVINCE, Role.CITY, Role.SYSADMIN),
        },
    )


@login_required
@service_errors
def organisation_create(request):
    user = request.user
    if user.role not in (Role.PROVINCE, Role.CITY, Role.SYSADMIN):
        raise PermissionDenied(_("只有省科技厅、设区市科技局和系统管理员可以登记单位"))
    city_qs = selectors.cities()
    if user.role == Role.CITY:
        city_qs = city_qs.filter(pk=user.city_id)
    form = OrganisationForm(
        request.POST or None,
        cities=city_qs,
        initial={"city": user.city_id} if user.role == Role.CITY else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(actor=user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记单位：%(name)s") % {"name": org.name})
            return redirect("accounts:organisations")
    return render(request, "accounts/organisation_form.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Django's login, telling the user how many failures lock the account and for how long."""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lock_minutes": lock_minutes(),
        }


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            # The session stays valid; the user's other sessions end.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改，下次登录请使用新密码"))
            return redirect("dashboard:home")
    return render(request, "registration/password_change.html", {"form": form})
