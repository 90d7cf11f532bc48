from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ticms.accounts"
    label = "accounts"
