from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ticms.accounts"
    label = "accounts"
    verbose_name = _("账户与单位")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from .login_security import on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="ticms.accounts.login_failed")
