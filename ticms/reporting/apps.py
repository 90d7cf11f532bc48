from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ticms.reporting"
    verbose_name = _("年度报告")

    def ready(self) -> None:
        from .audit_display import register

        register()
