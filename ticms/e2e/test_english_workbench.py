"""Browser test: an English reader's workbench shows to-dos and notifications written by others
in English, with no Chinese interface text (names of records may stay as they were entered)."""

import re

import pytest
from playwright.sync_api import expect

from ticms.centers.workflow import CENTER_WORKFLOW
from ticms.common.workflow import transition_execute
from ticms.testing import factories as f

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

expect.set_options(timeout=20_000)

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def data(reference_data, django_capture_on_commit_callbacks):
    province = f.province_user(username="prov", display_name="Officer Wang")
    city = f.city_user("320100", username="nj", display_name="Nanjing Bureau")
    host = f.OrganisationFactory(name="Machine Tools Institute Ltd", city=f.city("320100"))
    center = f.CenterFactory(
        name="Jiangsu Machine Tools Centre", status="constructing", host_unit=host
    )
    staff = f.center_user(host, center=center, username="staff", display_name="Centre Staff")
    with django_capture_on_commit_callbacks(execute=True):
        # Written in Chinese by Chinese readers' actions; read in English by this one.
        # As the acceptance's application and conclusion take them (evaluation).
        transition_execute(
            actor=staff,
            workflow=CENTER_WORKFLOW,
            obj=center,
            action="request_acceptance",
            comment="Done.",
            via="acceptance.submit",
        )
        transition_execute(
            actor=province,
            workflow=CENTER_WORKFLOW,
            obj=center,
            action="fail_acceptance",
            params={"rectification_deadline": "2027-06-30"},
            comment="Please fix the site area.",
            via="acceptance.fail",
        )
    return {"city": city, "staff": staff}


def english_workbench(page, live_server, username) -> str:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/workbench/")
    expect(page.get_by_text("Jiangsu Machine Tools Centre").first).to_be_visible()
    # The language switch names the other language in its own script.
    return page.inner_text("body").replace("简体中文", "")


def test_an_english_readers_workbench_has_no_chinese_interface_text(page, live_server, data):
    todo = english_workbench(page, live_server, "staff")
    assert "needs action (Rectification (with deadline))" in todo and "2027-06-30" in todo
    assert CJK.findall(todo) == [], todo
    assert axe_violations(page) == []
    screenshot(page, "workbench-english")
    notices = english_workbench(page, live_server, "nj")
    assert "Comments: Please fix the site area." in notices
    assert CJK.findall(notices) == [], notices
    assert page.js_errors == []
