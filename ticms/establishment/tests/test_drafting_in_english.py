"""The drafting pages in English: no Chinese outside translated strings in their templates, and
no Chinese separators in the read-only summary."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from ticms.establishment.views.drafting.tasklist import tasklist_context

from .drafting_helpers import submitted

pytestmark = pytest.mark.django_db


TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "templates" / "establishment"


_TRANSLATED = re.compile(
    r"\{%\s*blocktranslate.*?%\}.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{%\s*translate\s+([\"']).*?\1.*?%\}"
    r"|\{#.*?#\}"
    r"|_\(([\"']).*?\2\)",
    re.S,
)


_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    "template",
    [
        *sorted(p.relative_to(TEMPLATES).as_posix() for p in (TEMPLATES / "drafting").glob("*")),
        "includes/tasklist.html",
    ],
)
def test_no_chinese_outside_translated_strings(template):
    text = _TRANSLATED.sub("", (TEMPLATES / template).read_text())
    found = [m.group() for m in _CHINESE.finditer(text)]
    assert not found, f"{template}: {found}"


def test_the_read_only_summary_in_english_has_no_chinese_separators(guide):
    application, applicant = submitted(guide)
    request = RequestFactory().get(application.get_absolute_url())
    request.user = applicant
    with translation.override("en"):
        context = {
            "application": application,
            "user": applicant,
            **tasklist_context(application, applicant),
        }
        page = render_to_string("establishment/includes/tasklist.html", context, request=request)
    assert not re.search(r"\d 人", page) and "人；" not in page
    assert re.search(r"\d people; ", page)
