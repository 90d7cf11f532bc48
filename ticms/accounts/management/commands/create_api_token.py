from django.core.management.base import BaseCommand, CommandError

from ticms.accounts.models import User
from ticms.accounts.tokens import token_create


class Command(BaseCommand):
    help = "Create a bearer token for USERNAME and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        _item, token = token_create(actor=None, user=user, name=name)
        self.stdout.write(token)
