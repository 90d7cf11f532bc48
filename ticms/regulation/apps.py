from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationConfig(AppConfig):
    name = "ticms.regulation"
    label = "regulation"
    verbose_name = _("管理办法与规则")
