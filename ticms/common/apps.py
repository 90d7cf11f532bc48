from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    default = True
    name = "ticms.common"
    label = "common"
    verbose_name = _("通用")

    def ready(self):
        from . import audit_jobs  # noqa: F401  (registers its job kind)


class TicmsAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "ticms.common.admin_base.TicmsAdminSite"
