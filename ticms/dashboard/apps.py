from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "ticms.dashboard"
    label = "dashboard"
