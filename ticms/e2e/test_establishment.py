"""Browser test of the establishment path (第十三条第2项、第八条第2项): a center finishes and
submits its application, its city bureau recommends it."""

import pytest
from playwright.sync_api import expect

from ticms.establishment import services
from ticms.establishment.models import Application
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A submission runs every rule against the registry and the pipeline: on a loaded CI machine
# that can take longer than Playwright's default of 5 s.
expect.set_options(timeout=20_000)

SCHEDULE = "第一年完成平台建设和团队组建，第二至三年开展关键技术攻关，第四至五年推广应用。"


@pytest.fixture
def data(reference_data):
    guide = published_guide()
    host = f.OrganisationFactory(kind="new_rd_institution", name="江苏未来网络研究院")
    applicant = f.center_user(host, username="applicant", display_name="申报联络员")
    application = eligible_application(guide, host=host, applicant=applicant)
    # One section left to write in the browser.
    services.application_plan_save(
        actor=applicant, application_id=application.pk, sections={"plan_schedule": ""}
    )
    f.city_user("320100", username="nj", display_name="南京市科技局")
    return {"application": application}


def test_a_center_submits_and_its_city_recommends(page, live_server, data):
    application = data["application"]
    login(page, live_server, "applicant", f.PASSWORD)
    page.get_by_role("link", name="组建申请", exact=True).first.click()
    page.get_by_role("link", name=application.center_name).click()
    expect(page.get_by_role("heading", name="填写申请书")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "application-tasklist")

    # The check page lists the gap as a link to its section.
    page.get_by_role("link", name="检查并提交").click()
    gap = page.get_by_role("link", name="请填写建设方案的「工作进度」")
    expect(gap).to_be_visible()
    gap.click()
    page.get_by_label("工作进度").fill(SCHEDULE)
    # Leaving the field autosaves it; wait for that before saving, so the two requests do
    # not overlap (the live server shares one in-memory SQLite connection between threads).
    page.get_by_label("工作进度").press("Tab")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    page.get_by_role("button", name="保存并返回任务列表").click()
    expect(page.get_by_role("heading", name="填写申请书")).to_be_visible()

    page.get_by_role("link", name="检查并提交").click()
    expect(page.get_by_text("申请书各部分已填写完整。")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "application-check")
    page.get_by_role("button", name="提交申请书").click()
    expect(page.get_by_text("设区市审核中").first).to_be_visible()
    application.refresh_from_db()
    assert application.status == "city_review" and application.version == 1
    assert application.plan_schedule == SCHEDULE
    assert page.js_errors == []

    # The city bureau finds it on its workbench and recommends it.
    page.context.clear_cookies()
    login(page, live_server, "nj", f.PASSWORD)
    todo = page.locator(".list-group-item", has_text=application.center_name)
    expect(todo).to_contain_text("设区市审核中")
    todo.get_by_role("button", name="去办理").click()
    expect(page.get_by_role("heading", name=application.center_name)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "application-city")
    page.get_by_role("link", name="推荐报省科技厅").click()
    page.get_by_label("办理意见（选填）").fill("经审核，同意推荐。")
    page.get_by_role("button", name="确认推荐报省科技厅").click()
    expect(page.get_by_text("已办理：推荐报省科技厅")).to_be_visible()
    expect(page.get_by_text("形式审查中").first).to_be_visible()
    assert Application.objects.get(pk=application.pk).status == "formal_review"
    assert page.js_errors == []
