"""python manage.py check_eligibility PATH|-  → the eligibility report as JSON."""

import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ticms.common.exceptions import ValidationFailed
from ticms.regulation.eligibility import check_profile


class Command(BaseCommand):
    help = "Check an eligibility profile (JSON) against 第十二条 and 第四条; print the result."

    def add_arguments(self, parser):
        parser.add_argument("path", help="profile JSON file, or - for standard input")

    def handle(self, *args, path, **options):
        translation.activate("zh-hans")
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from exc
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"(root): 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
                returncode=2,
            ) from exc
        try:
            report = check_profile(data)
        except ValidationFailed as exc:
            lines = [f"{field}: {'；'.join(str(m) for m in msgs)}"
                     for field, msgs in exc.errors.items()]
            raise CommandError("\n".join(lines), returncode=2) from exc
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
