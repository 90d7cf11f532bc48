from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    """Major matters (第二十三条): reports to the province, change requests, and the versions of
    the center record that approved changes write."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ticms.matters"
    label = "matters"
    verbose_name = _("重大事项")

    def ready(self) -> None:
        from ticms.common.labels import register_former_type

        from .audit_display import register

        register()
        # These models were the reporting app's until major matters had an app of their own.
        for model in ("majormatterreport", "changerequest", "centerrecordversion"):
            register_former_type(f"reporting.{model}", f"matters.{model}")
