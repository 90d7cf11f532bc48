from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ticms.establishment"
    verbose_name = _("组建申报")
