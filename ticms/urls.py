from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control

from .accounts.views import LoginView, password_change
from .api import api
from .dashboard.views import home


@cache_control(max_age=86400)
def favicon(request):
    # Resolved per request: the hashed name exists only after collectstatic in production.
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/password/", password_change, name="password_change"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workbench/", include("ticms.dashboard.urls")),
    path("portal/", include("ticms.portal.urls")),
    path("regulation/", include("ticms.regulation.urls")),
    path("centers/", include("ticms.centers.urls")),
    path("establishment/", include("ticms.establishment.urls")),
    path("reviews/", include("ticms.reviews.urls")),
    path("reports/", include("ticms.reporting.urls")),
    path("reports/", include("ticms.matters.urls")),
    path("catalog/", include("ticms.catalog.urls")),
    path("evaluation/", include("ticms.evaluation.urls")),
    path("org/", include("ticms.accounts.urls")),
    path("system/", include("ticms.common.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # Pages that do not link an icon (the admin) still get one, not a 404.
    path("favicon.ico", favicon),
]
