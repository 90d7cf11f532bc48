"""Indicator systems are data, versioned (第二十四条); weights sum to exactly 100 at each level."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command

from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.evaluation.campaigns.default_system import DEFAULT_SYSTEM
from ticms.evaluation.campaigns.indicators import indicator_system_create, spec_problems
from ticms.evaluation.models import Indicator, IndicatorSystem
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_default_system_covers_the_seven_areas_and_is_valid():
    assert spec_problems(DEFAULT_SYSTEM) == []
    names = [g["name"] for g in DEFAULT_SYSTEM["indicators"]]
    for area in (
        "国家重大科技任务",
        "关键技术攻关",
        "行业技术进步",
        "科技成果",
        "人才",
        "产业创新",
        "孵化",
    ):
        assert any(area in n for n in names), area


def test_loader_command_creates_versions():
    out = StringIO()
    call_command("load_indicator_system", stdout=out)
    call_command("load_indicator_system", "--if-missing", stdout=out)
    assert IndicatorSystem.objects.count() == 1
    call_command("load_indicator_system", stdout=out)
    assert list(IndicatorSystem.objects.values_list("version", flat=True)) == [2, 1]
    system = IndicatorSystem.objects.get(version=1)
    assert system.indicators.filter(parent__isnull=True).count() == 7


def test_first_level_weights_not_100_are_refused_with_the_sum():
    spec = copy.deepcopy(DEFAULT_SYSTEM)
    spec["indicators"][0]["weight"] = "14.99"
    problems = spec_problems(spec)
    assert problems == ["一级指标权重合计须为100，当前为 99.99"]
    with pytest.raises(ValidationFailed):
        indicator_system_create(actor=f.province_user(), spec=spec)
    assert not IndicatorSystem.objects.exists() and not Indicator.objects.exists()


def test_second_level_weights_not_100_are_refused_naming_the_group():
    spec = copy.deepcopy(DEFAULT_SYSTEM)
    spec["indicators"][1]["children"][0]["weight"] = "60"
    assert spec_problems(spec) == [
        "一级指标「B 实施关键技术攻关」下的二级指标权重合计须为100，当前为 110"
    ]


def test_exactly_100_with_decimals_passes():
    spec = copy.deepcopy(DEFAULT_SYSTEM)
    spec["indicators"][0]["weight"] = "14.5"
    spec["indicators"][1]["weight"] = "15.5"
    assert spec_problems(spec) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"weight": "abc"}, "须为数字"),
        ({"weight": "-5"}, "大于0"),
        ({"sources": ["nope.path"]}, "不存在"),
        ({"method": "magic"}, "线性、分档或排名"),
        ({"floor": "5", "target": "5"}, "目标值须大于基准值"),
        ({"method": "bands", "bands": [["3", "60"], ["1", "80"]]}, "逐档递增"),
        ({"method": "bands", "bands": [["1", "120"]]}, "0至100"),
        ({"kind": "other"}, "定量或定性"),
    ],
)
def test_bad_indicators_are_refused_with_a_reason(change, expected):
    spec = copy.deepcopy(DEFAULT_SYSTEM)
    spec["indicators"][0]["children"][0].update(change)
    problems = spec_problems(spec)
    assert problems and any(expected in p for p in problems), problems


def test_only_the_province_defines_systems():
    with pytest.raises(PermissionDenied):
        indicator_system_create(actor=f.city_user(), spec=DEFAULT_SYSTEM)


def test_stored_tree_keeps_the_spec():
    system = indicator_system_create(
        actor=f.province_user(), spec=json.loads(json.dumps(DEFAULT_SYSTEM))
    )
    leaf = system.indicators.get(code="E1")
    assert leaf.parent.code == "E" and leaf.aggregate == "latest"
    assert leaf.sources == ["people.*.doctorate"]
    assert system.indicators.get(code="B3").method == "judgement"


def test_systems_page_and_api(client):
    import json as _json

    province = f.province_user()
    client.force_login(province)
    spec = copy.deepcopy(DEFAULT_SYSTEM)
    spec["indicators"][0]["weight"] = "16"
    bad = client.post("/api/v1/evaluation/indicator-systems", _json.dumps(spec),
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["msg"] == "一级指标权重合计须为100，当前为 101"
    made = client.post("/api/v1/evaluation/indicator-systems", _json.dumps(DEFAULT_SYSTEM),
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201 and made.json()["version"] == 1
    system_id = made.json()["id"]
    got = client.get(f"/api/v1/evaluation/indicator-systems/{system_id}").json()
    assert [g["code"] for g in got["indicators"]] == list("ABCDEFG")
    page = client.get(f"/evaluation/indicator-systems/{system_id}/").content.decode()
    assert "承担国家级项目数" in page and "projects.national.count" in page
    client.force_login(f.role_user("expert"))
    assert client.get(f"/evaluation/indicator-systems/{system_id}/").status_code == 404
    evaluator = f.role_user("evaluator")
    client.force_login(evaluator)
    refused = client.post("/api/v1/evaluation/indicator-systems", _json.dumps(DEFAULT_SYSTEM),
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 403
