"""A guide's page in English: counts, lists and quotas with English words and separators, no
run-together list (issue 9 §5)."""

import pytest
from django.test import Client

from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

pytestmark = pytest.mark.django_db


def _english_page(guide) -> str:
    client = Client()
    client.force_login(f.province_user())
    client.cookies["django_language"] = "en"
    return client.get(f"/establishment/guides/{guide.pk}/").content.decode()


def test_a_guides_arrangements_read_as_english():
    guide = published_guide(
        quotas={f.city("320100"): 2, f.city("320400"): 1},
        materials=("co_building_agreement", "credit_commitment"),
        priority_fields=[f.sub_field("F0104"), f.sub_field("E0101")],
        notice_workdays=7,
    )
    page = _english_page(guide)
    assert "7 working days" in page
    assert "Nanjing: 2, Changzhou: 1" in page
    assert "Co-building agreement, Research integrity commitment" in page
    assert "Virtual reality, Integrated circuits" in page or (
        "Integrated circuits, Virtual reality" in page
    )
    main = page.split("<main", 1)[1]  # the test data hold no 、 or ：, the interface neither
    for chinese in ("、", "：", "南京市", "co_building_agreement"):
        assert chinese not in main
