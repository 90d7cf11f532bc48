from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ticms.dashboard.lifecycles import render_markdown


class Command(BaseCommand):
    help = "Write docs/lifecycles.md from the transition tables."

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / "docs" / "lifecycles.md"
        path.write_text(render_markdown(), encoding="utf-8")
        self.stdout.write(f"wrote {path}")
