import datetime as dt

import pytest
from playwright.sync_api import expect

from ticms.centers.models import Center
from ticms.testing import factories as f

from .conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(reference_data):
    province = f.province_user(username="prov", display_name="王处长")
    nanjing = f.CenterFactory(city=f.city("320100"), name="南京测试中心", status="operating")
    f.CenterFactory(city=f.city("320500"), name="苏州测试中心", status="constructing")
    f.CoBuilderFactory(center=nanjing)
    f.TeamMemberFactory.create_batch(5, center=nanjing)
    officer = f.city_user("320100", username="nj", display_name="南京市科技局")
    return {"province": province, "center": nanjing, "officer": officer}


def test_officer_journey_and_accessibility(page, live_server, data):
    login(page, live_server, "prov", f.PASSWORD)
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "workbench")

    page.get_by_role("link", name="技术创新中心", exact=True).first.click()
    page.get_by_label("设区市").select_option("320100")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("link", name="南京测试中心")).to_be_visible()
    expect(page.get_by_text("苏州测试中心")).to_have_count(0)
    assert axe_violations(page) == []
    screenshot(page, "centers-list")

    page.get_by_role("link", name="南京测试中心").click()
    expect(page.get_by_role("heading", name="南京测试中心")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "center-detail")

    # A refused submit shows the error summary, focused, with a link to the field.
    page.get_by_role("link", name="责令限期整改").click()
    page.get_by_role("button", name="确认责令限期整改").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="请填写整改期限")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "action-errors")

    deadline = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    page.get_by_label("整改期限").fill(deadline)
    page.get_by_label("办理意见").fill("绩效评估结果为较差。")
    page.get_by_role("button", name="确认责令限期整改").click()
    expect(page.get_by_text("已办理：责令限期整改")).to_be_visible()
    assert Center.objects.get(pk=data["center"].pk).status == "rectifying"
    assert page.js_errors == []


def test_city_officer_cannot_reach_another_city(page, live_server, data):
    login(page, live_server, "nj", f.PASSWORD)
    suzhou = Center.objects.get(name="苏州测试中心")
    response = page.goto(f"{live_server.url}/centers/{suzhou.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/centers/")
    assert page.get_by_text("苏州测试中心").count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/portal/",
        "/portal/directory/",
        "/regulation/",
        "/regulation/articles/12/",
        "/accounts/login/",
    ],
)
def test_public_pages_are_accessible(page, live_server, data, path):
    page.goto(f"{live_server.url}{path}")
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_phone_layout_menu_opens(browser, live_server, data):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")
    toggler = page.get_by_role("button", name="展开菜单")
    assert toggler.is_visible()
    toggler.click()
    page.get_by_role("link", name="中心名录").first.wait_for(state="visible")
    screenshot(page, "phone-portal")
    context.close()


def test_switch_to_english(page, live_server, data):
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="简体中文")).to_be_visible()


def test_pages_run_under_the_content_security_policy(browser, live_server, data):
    """Without bypass_csp: any inline script or style the policy blocks is a console error."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, live_server, "prov", f.PASSWORD)
    for path in (
        "/workbench/",
        "/centers/",
        f"/centers/{data['center'].pk}/",
        "/regulation/",
        "/catalog/fields/",
        "/system/audit/",
        "/api/v1/docs",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    context.close()
    assert errors == []
