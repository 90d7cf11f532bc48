from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province (`seed_demo`): loaded through the services, for development only."""

    name = "ticms.demo"
    label = "demo"
    verbose_name = "Demo data"
