from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ticms.establishment"
    verbose_name = _("组建申报")

    def ready(self) -> None:
        from ticms.common.audit_display import register_value_display
        from ticms.common.text import listing

        from .models import MaterialKind

        labels = dict(MaterialKind.choices)
        register_value_display(
            "establishment.guide",
            "required_materials",
            lambda codes: listing(labels.get(code, code) for code in codes),
        )
