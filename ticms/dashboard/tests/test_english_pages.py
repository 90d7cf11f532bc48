"""English pages use English punctuation and show no program values (issue 9 §5).

Every kind of page each demo account reaches by following links is rendered in English; what
is left once the data (names, free text, the regulation's own Chinese text) is taken out is the
interface, and it must not contain Chinese punctuation, Python values or field codes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client

from ticms.accounts.models import User

pytestmark = pytest.mark.django_db

CHINESE_PUNCTUATION = re.compile(r"[：、（）【】。；]")
PROGRAM_VALUES = re.compile(r"\bTrue\b|\bFalse\b|\{'|'\}|\[\]|\{\}|\b[a-z]+_[a-z_]+\b")
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
ROLES = ("province", "admin", "nanjing", "evaluator1", "expert1", "center1", "center2")
# Files, downloads and the admin (Django's own pages) are not the interface checked here.
SKIP = re.compile(r"/(logout|static|media|admin|api)/|download|export|\.xlsx|\.pdf|/files/")
PAGES_PER_KIND = 1
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
MAX_PAGES = 120


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.texts: list[str] = []
        self._skip = 0
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        # Identifiers shown as such (a rule's ID, in monospace) are codes on purpose.
        classes = dict(attrs).get("class") or ""
        if tag not in VOID:
            self._stack.append(tag in ("code", "kbd") or "font-monospace" in classes)
        for name, value in attrs:
            if name == "href" and value and value.startswith("/") and not value.startswith("//"):
                self.links.append(value.split("#")[0])
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._skip and not any(self._stack) and data.strip():
            self.texts.append(data.strip())


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _data_values() -> list[str]:
    """Every stored text (names, file names, free text, the regulation's articles), longest
    first: data, shown as entered. Short Latin values are left: they could be interface words."""
    values = set()
    for model in apps.get_models():
        if not model.__module__.startswith("ticms."):
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
        ]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            for value in _strings(list(row)):
                for line in value.splitlines():
                    line = line.strip()
                    if CJK.search(line) or len(line) >= 8:
                        values.add(line)
    return sorted(values, key=len, reverse=True)


def _interface_text(text: str, data: list[str]) -> str:
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    return text


def _crawl(client: Client) -> dict[str, list[str]]:
    """url -> text nodes, one page of each kind (ids replaced), reached from the home page."""
    pages, seen_kinds, queue = {}, {}, ["/"]
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        kind = re.sub(r"\d+", "N", url.split("?")[0])
        if url in pages or seen_kinds.get(kind, 0) >= PAGES_PER_KIND:
            continue
        response = client.get(url)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.insert(0, response["Location"])
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        parser = _Text()
        parser.feed(response.content.decode())
        pages[url] = parser.texts
        queue += [link for link in parser.links if not SKIP.search(link) and link not in pages]
    return pages


@pytest.fixture
def demo(django_capture_on_commit_callbacks, settings):
    settings.DEBUG = True  # seed_demo runs on development machines only
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_english_pages_have_english_punctuation_and_no_program_values(demo):
    data = _data_values()
    problems = []
    checked = 0
    accounts = [User.objects.get(username=name) for name in ROLES] + [None]
    for user in accounts:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_login(user)
        for url, texts in _crawl(client).items():
            checked += 1
            for text in texts:
                rest = _interface_text(text, data)
                if CHINESE_PUNCTUATION.search(rest) or PROGRAM_VALUES.search(rest):
                    problems.append(f"{user or 'anonymous'} {url}: {text[:160]!r}")
    assert checked > 150
    assert not problems, "\n".join(sorted(set(problems)))
