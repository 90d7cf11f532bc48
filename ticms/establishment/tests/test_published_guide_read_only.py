"""A published guide's edit page shows the guide read-only (第十三条第1项): units apply against
what it says, so nothing on the page can be changed and a posted change is refused."""

from __future__ import annotations

import pytest

from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

pytestmark = pytest.mark.django_db


def test_the_edit_page_of_a_published_guide_is_read_only(client):
    province = f.province_user()
    guide = published_guide(province=province)
    client.force_login(province)
    page = client.get(f"/establishment/guides/{guide.pk}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset disabled>" in html and "保存草稿" not in html
    assert "内容不能再修改" in html
    refused = client.post(f"/establishment/guides/{guide.pk}/edit/", {"title": "改过的标题"})
    assert refused.status_code == 409
    guide.refresh_from_db()
    assert guide.title != "改过的标题"
