"""python manage.py dynamic_management --history PATH|- | --center ID
→ what 第二十五条 proposes, and why, as JSON."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ticms.common.exceptions import ValidationFailed
from ticms.evaluation.dynamic import decode_history_json, propose
from ticms.evaluation.dynamic.source import history_for_center


def _errors(exc: ValidationFailed) -> CommandError:
    lines = [f"{field}: {'；'.join(str(m) for m in msgs)}" for field, msgs in exc.errors.items()]
    return CommandError("\n".join(lines) or str(exc.message), returncode=2)


class Command(BaseCommand):
    help = (
        "Print, as JSON, what the dynamic-management rules (第二十五条) propose for a history "
        "given as JSON (--history PATH, - for standard input) or for a center (--center ID)."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--history", metavar="PATH", help="history JSON file, or -")
        source.add_argument("--center", metavar="ID", help="a center's id (or its code)")

    def handle(self, *args, history=None, center=None, **options):
        translation.activate("zh-hans")
        try:
            parsed = self._read(history) if history is not None else self._center(center)
        except ValidationFailed as exc:
            raise _errors(exc) from exc
        result = propose(parsed).as_dict()
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _read(self, path: str):
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                # utf-8-sig: a byte-order mark (as Windows editors write) is not an error.
                with open(path, encoding="utf-8-sig") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(
                f"--history: cannot read {path}: {exc.strerror}", returncode=2
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                "(root): " + _("不是 UTF-8 编码的文本（%(reason)s）") % {"reason": exc.reason},
                returncode=2,
            ) from exc
        return decode_history_json(text)

    def _center(self, key: str):
        from ticms.centers.models import Center

        key = key.strip()
        found = Center.objects.filter(pk=int(key)) if key.isdigit() else Center.objects.none()
        found = found or Center.objects.filter(code=key)
        center = found.first()
        if center is None:
            raise CommandError(
                "--center: " + _("不存在编号或 ID 为「%(key)s」的技术创新中心") % {"key": key},
                returncode=2,
            )
        return history_for_center(center)
