from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommonConfig(AppConfig):
    default = True
    name = "ticms.common"
    label = "common"


class TicmsAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "ticms.common.admin_base.TicmsAdminSite"
