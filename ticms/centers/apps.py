from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "ticms.centers"
    label = "centers"
