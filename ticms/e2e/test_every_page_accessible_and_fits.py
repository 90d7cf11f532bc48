"""Every list page, and every detail page reachable from them, for each role that uses it, on
the demo province: axe-core finds no serious problem (colour contrast included), and the layout
holds — nothing is wider than the screen at 1366 px or on a 390 px phone, even where a record
holds a 10,000-character unbroken text, and no table column is squeezed below a readable width.
One test, so the demo is loaded once."""

import io
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

from ticms.accounts.models import Role, User
from ticms.reporting import services as reporting

from .conftest import ARTIFACTS, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ticms-demo"
LONG = "W" * 10_000
COMMENT = "C" * 5_000  # the longest comment a transition takes

# The pages each role reaches from its menu.
LISTS = {
    "province": [
        "dashboard:home",
        "centers:list",
        "centers:network",
        "establishment:guide_list",
        "establishment:application_list",
        "reviews:panels",
        "reviews:experts",
        "reporting:list",
        "reporting:overdue",
        "matters:matter_list",
        "matters:change_list",
        "reporting:deadlines",
        "catalog:fields",
        "catalog:platforms",
        "accounts:organisations",
        "common:audit",
        "common:calendar",
        "regulation:index",
        "regulation:rules",
        "evaluation:dynamic_list",
        "evaluation:integrity_list",
        "evaluation:integrity_create",
    ],
    "nanjing": [
        "dashboard:home",
        "centers:list",
        "centers:network",
        "establishment:guide_list",
        "establishment:application_list",
        "reporting:list",
        "reporting:overdue",
        "matters:matter_list",
        "matters:change_list",
    ],
    "center2": [
        "dashboard:home",
        "centers:list",
        "centers:network",
        "establishment:guide_list",
        "reporting:list",
        "matters:matter_list",
        "matters:change_list",
    ],
    "applicant1": [
        "dashboard:home",
        "establishment:guide_list",
        "establishment:application_list",
    ],
    "expert1": ["dashboard:home", "reviews:my_assignments"],
    "cobuilder1": ["dashboard:home", "centers:list", "centers:network"],
    "admin": ["dashboard:home", "accounts:organisations", "common:audit", "common:calendar"],
    "": ["portal:home", "portal:directory", "portal:notice_list"],
}
# Detail pages, visited through the first link to each from the lists above.
DETAILS = {
    "centers:detail",
    "centers:team",
    "centers:leaders",
    "centers:center_network",
    "centers:alliance",
    "establishment:guide_detail",
    "establishment:application_detail",
    "establishment:contract_detail",
    "establishment:notice_objections",
    "establishment:draft_versions",
    "reviews:application_panel",
    "reviews:assignment_detail",
    "reporting:detail",
    "matters:matter_detail",
    "matters:change_detail",
    "matters:center_history",
    "portal:notice_detail",
    "regulation:article",
}
# The demo reaches at least these; the crawl must not silently lose one.
REQUIRED = DETAILS - {"establishment:contract_detail"}

# Cells narrower than this (px) show a word or a city name one character per line.
NARROWEST_CELL = 60
MEASURE = """() => {
  const cells = [...document.querySelectorAll('table.table th, table.table td')]
    .filter(c => c.offsetParent !== null && c.textContent.trim() !== '')
    .filter(c => c.getBoundingClientRect().width < NARROWEST);
  return {
    width: document.documentElement.scrollWidth,
    squeezed: cells.slice(0, 3).map(c => c.textContent.trim().slice(0, 20)),
  };
}""".replace("NARROWEST", str(NARROWEST_CELL))


def url_name(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name or ""


@pytest.fixture
def demo(reference_data):
    """The demo province, with a 10,000-character unbroken text in every free-text field a
    page can show, and a transition comment of the longest size accepted."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    for model in apps.get_models():
        if not model.__module__.startswith("ticms.") or model._meta.app_label in (
            "regulation",
            "common",
        ):
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)]
        if fields:
            model.objects.update(**{name: LONG for name in fields})
    report = apps.get_model("reporting", "AnnualReport").objects.filter(status="submitted").first()
    city_officer = User.objects.get(role=Role.CITY, city=report.center.city)
    reporting.annual_report_transition(
        actor=city_officer, report_id=report.pk, action="return_to_center", comment=COMMENT
    )
    return {"returned": reverse("reporting:detail", args=[report.pk])}


def sign_in(context, base, username):
    page = context.new_page()
    if username:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{base}/workbench/")
    return page


def test_every_page_passes_axe_and_holds_its_layout(browser, live_server, demo):
    base = live_server.url
    problems: list[str] = []
    visited: set[str] = set()
    extra = {"province": [demo["returned"]]}
    for username, names in LISTS.items():
        wide = browser.new_context(
            viewport={"width": 1366, "height": 900}, locale="zh-CN", bypass_csp=True
        )
        page = sign_in(wide, base, username)
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        queue = [reverse(n) for n in names] + extra.get(username, [])
        paths: list[str] = []
        seen_details: set[str] = set()
        while queue:
            path = queue.pop(0)
            if path in paths:
                continue
            response = page.goto(f"{base}{path}")
            who = f"{username or 'anonymous'} {path}"
            if response is None or response.status != 200:
                problems.append(f"{who}: HTTP {response and response.status}")
                continue
            paths.append(path)
            visited.add(url_name(path))
            problems += [f"{who}: {v}" for v in axe_violations(page)]
            measured = page.evaluate(MEASURE)
            if measured["width"] > 1366:
                problems.append(f"{who}: {measured['width']} px wide at 1366 px")
            if measured["squeezed"]:
                problems.append(f"{who}: squeezed cells at 1366 px {measured['squeezed']}")
            for href in page.eval_on_selector_all("main a[href]", "as => as.map(a => a.href)"):
                link = urlsplit(href)
                if f"{link.scheme}://{link.netloc}" != base:
                    continue
                name = url_name(link.path)
                if name in DETAILS and name not in seen_details:
                    seen_details.add(name)
                    queue.append(link.path)
        wide.close()
        problems += [f"{username}: script error {e}" for e in errors]

        # The same pages on a phone, loaded at that size.
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = sign_in(phone, base, username)
        for path in paths:
            page.goto(f"{base}{path}")
            measured = page.evaluate(MEASURE)
            who = f"{username or 'anonymous'} {path}"
            if measured["width"] > 390:
                problems.append(f"{who}: {measured['width']} px wide on a 390 px phone")
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"too-wide-{len(problems)}.png"))
            if measured["squeezed"]:
                problems.append(f"{who}: squeezed cells at 390 px {measured['squeezed']}")
        phone.close()
    assert visited >= REQUIRED, f"detail pages not reached: {sorted(REQUIRED - visited)}"
    assert not problems, "\n".join(problems)
