from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentersConfig(AppConfig):
    name = "ticms.centers"
    label = "centers"
    verbose_name = _("技术创新中心")
