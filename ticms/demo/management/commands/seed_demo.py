"""Load the demo province once (development machines only): `python manage.py seed_demo`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ticms.accounts.models import User
from ticms.demo import establishment, matters, network, reporting
from ticms.demo.experts import seed_expert_profiles
from ticms.demo.province import DEMO_PASSWORD, Demo
from ticms.evaluation.campaigns import demo as evaluation_demo


class Command(BaseCommand):
    help = "Load the demo province once; does nothing when it is already there (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Demo accounts share a published password: never on a production machine.
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: the demo accounts share the published "
                f"password {DEMO_PASSWORD!r}. It is for development machines only "
                "(DEBUG=1, as `make run` sets)."
            )
        if User.objects.filter(username="province").exists():
            with transaction.atomic():
                seed_expert_profiles(self.stdout)
            self.stdout.write("demo data already loaded")
            return
        with transaction.atomic():
            demo = Demo(self.stdout)
            demo.run()
            province = User.objects.get(username="province")
            network.seed_network(province=province, stdout=self.stdout)
            seed_expert_profiles(self.stdout)
            # After the expert pool: the demo applications go through their argumentation.
            establishment.seed(
                demo,
                admin=User.objects.get(username="admin"),
                province=province,
                password=DEMO_PASSWORD,
            )
            reporting.seed(province=province)
            matters.seed_major_matters(province=province)
            evaluation_demo.seed(province=province)
