from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ticms.portal"
    label = "portal"
