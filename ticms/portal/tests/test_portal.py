import pytest

from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_directory_lists_only_provincial_centers_in_the_programme(client):
    shown = f.CenterFactory(status="operating", name="运行中的中心")
    f.CenterFactory(status="cultivating", name="培育中的中心")
    f.CenterFactory(status="removed", name="已退出的中心")
    html = client.get("/portal/directory/").content.decode()
    assert shown.name in html and "培育中的中心" not in html and "已退出的中心" not in html


def test_directory_filter_by_city_and_bad_input(client):
    f.CenterFactory(city=f.city("320100"), name="南京中心")
    f.CenterFactory(city=f.city("320500"), name="苏州中心")
    html = client.get("/portal/directory/?city=320500").content.decode()
    assert "苏州中心" in html and "南京中心" not in html
    assert client.get("/portal/directory/?city=<script>&page=x").status_code == 200


def test_directory_does_not_show_personal_data(client):
    center = f.CenterFactory()
    center.director = f.PersonFactory(name="保密主任")
    center.save()
    assert "保密主任" not in client.get("/portal/directory/").content.decode()


def test_home_page(client):
    response = client.get("/portal/")
    assert response.status_code == 200
    assert "登录办理业务" in response.content.decode()


def test_english_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})
    assert response.status_code == 302
    page = client.get("/portal/")
    assert page["Content-Language"] == "en"


def test_chinese_is_the_default_whatever_the_browser_says(client):
    response = client.get("/portal/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "zh-hans"


def test_favicon_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
