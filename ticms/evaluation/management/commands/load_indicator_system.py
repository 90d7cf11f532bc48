"""Store the default indicator system (第二十四条), or one given as JSON, as a new version."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ticms.common.exceptions import ValidationFailed
from ticms.evaluation.campaigns.default_system import DEFAULT_SYSTEM
from ticms.evaluation.campaigns.indicators import indicator_system_create
from ticms.evaluation.models import IndicatorSystem


class Command(BaseCommand):
    help = (
        "Load the default indicator system, or --file PATH (JSON; - for stdin), as a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default="")
        parser.add_argument(
            "--if-missing", action="store_true", help="only when no version of the code exists"
        )

    def handle(self, *args, **options):
        if options["file"]:
            try:
                if options["file"] == "-":
                    spec = json.load(sys.stdin)
                else:
                    with open(options["file"], encoding="utf-8") as stream:
                        spec = json.load(stream)
            except (OSError, json.JSONDecodeError) as exc:
                raise CommandError(f"cannot read {options['file']}: {exc}") from exc
        else:
            spec = DEFAULT_SYSTEM
        code = spec.get("code") if isinstance(spec, dict) else None
        if options["if_missing"] and IndicatorSystem.objects.filter(code=code).exists():
            self.stdout.write(f"{code}: already loaded")
            return
        try:
            system = indicator_system_create(actor=None, spec=spec)
        except ValidationFailed as exc:
            raise CommandError("; ".join(str(m) for ms in exc.errors.values() for m in ms)) from exc
        self.stdout.write(
            f"{system.code} v{system.version}: {system.indicators.count()} indicators"
        )
