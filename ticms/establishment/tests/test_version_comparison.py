"""Comparing two versions of an application: bad parameters are told as such (nothing is
saved there), and the numbers of each version are shown the one way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ticms.establishment import services
from ticms.establishment.versions import compare
from ticms.establishment.views.drafting.versions import comparison_rows
from ticms.testing import factories as f

from .drafting_helpers import NANJING, submitted

pytestmark = pytest.mark.django_db


def _compare(client, application, params):
    url = reverse("establishment:draft_version_compare", args=[application.pk])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _two_versions(guide):  # noqa: F811
    application, applicant = submitted(guide)
    city = f.city_user(NANJING)
    services.application_transition(
        actor=city, application_id=application.pk, action="return_to_applicant", comment="改"
    )
    services.application_transition(
        actor=applicant, application_id=application.pk, action="resubmit"
    )
    return application, applicant


@pytest.mark.parametrize(
    ("params", "said"),
    [
        (
            {"old": "abc", "new": "1"},
            "「原版本」：本申请书没有“abc”这一版本，现有版本为 第1版、第2版",
        ),
        ({"old": "1", "new": "9"}, "「新版本」：本申请书没有“9”这一版本"),
        ({"old": "1"}, "「新版本」：请选择要比较的版本"),
        ({"old": "2", "new": "2"}, "请选择两个不同的版本"),
    ],
)
def test_bad_parameters_say_what_is_wrong_not_that_nothing_was_saved(
    client,
    guide,  # noqa: F811
    params,
    said,
):
    application, applicant = _two_versions(guide)
    client.force_login(applicant)
    page = _compare(client, application, params)
    assert "未能保存" not in page
    assert "无法比较：所选版本有误" in page and said in page


def test_a_single_version_has_nothing_to_compare(client, guide):  # noqa: F811
    application, applicant = submitted(guide)
    client.force_login(applicant)
    page = _compare(client, application, {"old": "1", "new": "1"})
    assert "只有一个已提交的版本" in page and "未能保存" not in page


def test_numbers_in_a_comparison_are_shown_the_one_way():
    def target(value):  # in the snapshot's order
        return {"name": "营收", "unit": "万元", "target_value": value, "target_year": 2030}

    old = {
        "profile": {"center": {"instrument_value_wan_yuan": "9500"}},
        "targets": [target("1E+2")],
    }
    new = {
        "profile": {"center": {"instrument_value_wan_yuan": str(Decimal(9500) / 3)}},
        "targets": [
            {"name": "营收", "unit": "万元", "target_value": "12000.5", "target_year": 2030}
        ],
    }
    rows = {row["label"]: row for row in comparison_rows(compare(old, new))}
    money = rows["科研仪器设备原值（万元）"]
    assert (money["old"], money["new"]) == ("9,500.00", "3,166.67")
    targets = rows["考核指标"]
    assert targets["removed"] == ["营收 · 目标值：100.00万元 · 完成年度：2030"]
    assert targets["added"] == ["营收 · 目标值：12,000.50万元 · 完成年度：2030"]
