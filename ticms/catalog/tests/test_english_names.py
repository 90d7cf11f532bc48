"""Cities and industry fields have English names, shown on English pages (issue 9 §5)."""

import pytest
from django.test import Client
from django.utils import translation

from ticms.accounts.models import City
from ticms.catalog.models import IndustryField
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db

CITIES_EN = [
    "Nanjing",
    "Wuxi",
    "Xuzhou",
    "Changzhou",
    "Suzhou",
    "Nantong",
    "Lianyungang",
    "Huai'an",
    "Yancheng",
    "Yangzhou",
    "Zhenjiang",
    "Taizhou",
    "Suqian",
]


def test_the_thirteen_cities_have_their_english_names_in_code_order():
    assert list(City.objects.values_list("name_en", flat=True)) == CITIES_EN


def test_every_seeded_industry_field_has_an_english_name():
    fields = IndustryField.objects.all()
    assert fields.count() > 50
    assert not fields.filter(name_en="").exists()
    assert IndustryField.objects.get(code="E0101").name_en == "Integrated circuits"
    assert IndustryField.objects.get(code="F04").name_en == "Future materials"


def test_names_follow_the_active_language():
    nanjing = f.city("320100")
    circuits = f.sub_field("E0101")
    with translation.override("en"):
        assert str(nanjing) == "Nanjing" and str(circuits) == "Integrated circuits"
    with translation.override("zh-hans"):
        assert str(nanjing) == "南京市" and str(circuits) == "集成电路"


def test_a_record_without_an_english_name_shows_its_chinese_name():
    field = IndustryField.objects.create(code="X01", name="新领域", category="future")
    with translation.override("en"):
        assert str(field) == "新领域"


def test_english_pages_show_english_city_and_field_names():
    province = f.province_user()
    f.CenterFactory(name="Demo Center", city=f.city("320500"), sub_field=f.sub_field("E0101"))
    client = Client()
    client.force_login(province)
    client.cookies["django_language"] = "en"
    page = client.get("/centers/").content.decode()
    assert "Suzhou" in page and "Integrated circuits" in page
    assert "苏州市" not in page and "集成电路" not in page
    # The filters still work by code, whatever the language shows.
    filtered = client.get("/centers/", {"city": "320500"}).content.decode()
    assert "Demo Center" in filtered
    assert "Demo Center" not in client.get("/centers/", {"city": "320100"}).content.decode()
