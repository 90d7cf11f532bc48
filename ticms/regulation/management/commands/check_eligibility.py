"""python manage.py check_eligibility PATH|-  → the eligibility report as JSON."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ticms.common.exceptions import ValidationFailed
from ticms.regulation.eligibility import check_profile
from ticms.regulation.profile import decode_profile_json


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
                # utf-8-sig: a byte-order mark (as Windows editors write) is not an error.
                with open(path, encoding="utf-8-sig") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                "(root): " + _("不是 UTF-8 编码的文本（%(reason)s）") % {"reason": exc.reason},
                returncode=2,
            ) from exc
        try:
            report = check_profile(decode_profile_json(text))
        except ValidationFailed as exc:
            lines = [
                f"{field}: {'；'.join(str(m) for m in msgs)}" for field, msgs in exc.errors.items()
            ]
            raise CommandError("\n".join(lines), returncode=2) from exc
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
