"""Browser test: an expert declares no conflict and then downloads the application's
attachments from the assignment page, read-only (第十三条第3项)."""

import pytest
from playwright.sync_api import expect

from ticms.reviews.tests.conftest import Rig, to_argumentation
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

expect.set_options(timeout=20_000)


@pytest.fixture
def data(reference_data):
    province = f.province_user(username="prov")
    application = to_argumentation(
        eligible_application(published_guide(province=province)), province
    )
    rig = Rig(province=province, application=application)
    rig.form_panel(1)
    expert = rig.experts[0]
    expert.user.username = "reviewer"
    expert.user.save(update_fields=["username"])
    rig.act(expert, "accept")
    return {"assignment": rig.assignment(expert), "attachment": application.attachments.first()}


def test_an_expert_downloads_an_attachment_after_declaring(page, live_server, data):
    assignment, attachment = data["assignment"], data["attachment"]
    login(page, live_server, "reviewer", f.PASSWORD)
    page.goto(f"{live_server.url}{assignment.get_absolute_url()}")
    # Before the declaration the files are not listed.
    expect(page.get_by_text(attachment.original_name)).to_have_count(0)
    page.get_by_role("link", name="声明无利益冲突").first.click()
    page.get_by_label("本人承诺：与本申请不存在上列任何回避情形", exact=False).check()
    page.get_by_role("button", name="确认声明无利益冲突").click()
    link = page.get_by_role("link", name=attachment.original_name)
    expect(link).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "expert-attachments")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == attachment.original_name
    with open(download.path(), "rb") as handle, attachment.file.open("rb") as stored:
        assert handle.read() == stored.read()
    assert page.js_errors == []
