"""Demo accounts with a published password never reach production: seed_demo needs DEBUG."""

import pytest
from django.core.management import CommandError, call_command

from ticms.accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as exc:
        call_command("seed_demo")
    assert "DEBUG" in str(exc.value) and "ticms-demo" in str(exc.value)
    assert not User.objects.exists()
