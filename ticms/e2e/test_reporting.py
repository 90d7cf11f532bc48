"""Browser test of the annual report (第二十二条): a center writes the last part of its report
and submits it, its city bureau approves it for filing."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ticms.reporting import services
from ticms.reporting.models import AnnualReport
from ticms.reporting.tests.conftest import NARRATIVE, full_figures
from ticms.testing import factories as f

from .conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

expect.set_options(timeout=20_000)

GOALS = "完成中试线建设，新增技术合同额1000万元。"


@pytest.fixture
def data(reference_data):
    center = f.CenterFactory(
        city=f.city("320100"),
        status="constructing",
        name="江苏省先进材料技术创新中心",
        construction_starts_on=dt.date(2023, 1, 1),
        construction_ends_on=dt.date(2027, 12, 31),
    )
    staff = f.center_user(center.host_unit, username="reporter", display_name="中心联络员")
    f.city_user("320100", username="nj", display_name="南京市科技局")
    report = services.annual_report_create(actor=staff, center_id=center.pk, year=2025)
    # Everything but next year's goals, which the center writes in the browser.
    services.annual_report_save(
        actor=staff,
        report_id=report.pk,
        figures=full_figures(),
        progress=NARRATIVE["progress"],
        problems=NARRATIVE["problems"],
    )
    return {"report": report}


def test_a_center_files_its_report_and_its_city_approves(page, live_server, data):
    report = data["report"]
    login(page, live_server, "reporter", f.PASSWORD)
    page.get_by_role("link", name="年度报告", exact=True).first.click()
    page.get_by_role("link", name="2025 年度 · 江苏省先进材料技术创新中心").click()
    expect(page.get_by_role("heading", name="填写年度报告")).to_be_visible()
    # Not ready: the submit button is shown disabled with the reason.
    expect(page.get_by_text("请填写「下一步工作目标」")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "annual-report-tasklist")

    page.get_by_role("link", name="年度工作报告（进展、问题、下一步目标）").click()
    page.get_by_label("下一步工作目标").fill(GOALS)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="填写年度报告")).to_be_visible()
    page.get_by_role("link", name="提交年度报告").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="确认提交年度报告").click()
    expect(page.get_by_text("已办理：提交年度报告")).to_be_visible()
    expect(page.get_by_text("待设区市审核").first).to_be_visible()
    report.refresh_from_db()
    assert report.status == "submitted" and report.next_goals == GOALS
    assert page.js_errors == []

    # The city bureau finds it on its workbench and approves it for filing.
    page.context.clear_cookies()
    login(page, live_server, "nj", f.PASSWORD)
    todo = page.locator(".list-group-item", has_text=str(report))
    todo.get_by_role("button", name="去办理").click()
    expect(page.get_by_role("heading", name=str(report))).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "annual-report-city")
    page.get_by_role("link", name="审核通过，报省科技厅备案").click()
    page.get_by_label("办理意见（选填）").fill("数据核实无误，同意报送。")
    page.get_by_role("button", name="确认审核通过，报省科技厅备案").click()
    expect(page.get_by_text("已办理：审核通过，报省科技厅备案")).to_be_visible()
    assert AnnualReport.objects.get(pk=report.pk).status == "approved"
    assert page.js_errors == []
