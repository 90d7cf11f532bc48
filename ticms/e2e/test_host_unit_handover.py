"""Browser test of a host-unit change (第五条、第二十三条): the province sees whose access moves,
approves, and the center's own staff go on to submit the report they had in progress."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ticms.matters import services as matters
from ticms.reporting import services
from ticms.reporting.tests.conftest import NARRATIVE, full_figures
from ticms.testing import factories as f

from .conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

expect.set_options(timeout=20_000)


@pytest.fixture
def data(reference_data):
    center = f.CenterFactory(
        city=f.city("320100"),
        status="constructing",
        name="江苏省先进材料技术创新中心",
        construction_starts_on=dt.date(2023, 1, 1),
        construction_ends_on=dt.date(2027, 12, 31),
    )
    f.CoBuilderFactory(center=center)
    own = f.center_user(center.host_unit, center=center, username="own", display_name="中心员工")
    clerk = f.center_user(center.host_unit, username="clerk", display_name="原依托单位职员")
    new_host = f.OrganisationFactory(city=f.city("320100"), name="江苏新依托研究院有限公司")
    f.center_user(new_host, username="newhost", display_name="新依托单位职员")
    f.province_user(username="prov", display_name="省科技厅")
    city = f.city_user("320100", username="nj", display_name="南京市科技局")
    report = services.annual_report_create(actor=own, center_id=center.pk, year=2025)
    services.annual_report_save(actor=own, report_id=report.pk, figures=full_figures(), **NARRATIVE)
    change = matters.change_request_create(
        actor=clerk,
        center_id=center.pk,
        kind="host_unit",
        reason="原依托单位改制，理事会决议调整依托单位。",
        proposed={"uscc": new_host.uscc, "name": new_host.name},
    )
    matters.change_request_transition(actor=clerk, change_id=change.pk, action="submit")
    matters.change_request_transition(
        actor=city, change_id=change.pk, action="city_review", params={"opinion": "同意"}
    )
    return {"center": center, "report": report, "change": change}


def test_after_a_host_unit_change_the_center_still_files_its_report(page, live_server, data):
    change, report = data["change"], data["report"]
    login(page, live_server, "prov", f.PASSWORD)
    page.goto(f"{live_server.url}/reports/changes/{change.pk}/actions/approve/")
    handover = page.locator("#access-handover")
    expect(handover).to_contain_text("own")
    expect(handover).to_contain_text("clerk")
    expect(handover).to_contain_text("newhost")
    assert axe_violations(page) == []
    screenshot(page, "host-unit-handover")
    page.get_by_role("button", name="确认批准变更").click()
    expect(page.get_by_text("已批准").first).to_be_visible()

    # The old host unit's clerk no longer finds the report; the center's own staff do.
    page.context.clear_cookies()
    login(page, live_server, "clerk", f.PASSWORD)
    assert page.goto(f"{live_server.url}/reports/{report.pk}/").status == 404
    page.js_errors.clear()  # the browser logs the 404 it was just shown
    page.context.clear_cookies()
    login(page, live_server, "own", f.PASSWORD)
    page.get_by_role("link", name="年度报告", exact=True).first.click()
    page.get_by_role("link", name="2025 年度 · 江苏省先进材料技术创新中心").click()
    page.get_by_role("link", name="提交年度报告").click()
    page.get_by_role("button", name="确认提交年度报告").click()
    expect(page.get_by_text("已办理：提交年度报告")).to_be_visible()
    report.refresh_from_db()
    assert report.status == "submitted"
    assert page.js_errors == []
