from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ticms.catalog"
    label = "catalog"
