from django.apps import AppConfig


class RegulationConfig(AppConfig):
    name = "ticms.regulation"
    label = "regulation"
