"""Defects a review of issue 4 found, each pinned by a test: bad input answers 4xx (never 500),
the research direction changes only by change request, a decision re-displays as made."""

from __future__ import annotations

import json

import pytest

from ticms.accounts.models import Person
from ticms.centers import services as center_services
from ticms.common.exceptions import ValidationFailed
from ticms.reporting import services
from ticms.reporting.excel.importing import report_import
from ticms.reporting.excel.layout import ACHIEVED_COL
from ticms.reporting.excel.template import report_template
from ticms.reporting.models import AnnualReport, TargetProgress
from ticms.reporting.models_matters import ChangeRequest
from ticms.reporting.models_matters import ChangeStatus as C
from ticms.testing import factories as f

from .matters_helpers import act, change, director_proposal, to_province
from .test_excel import edited, upload, with_targets

pytestmark = pytest.mark.django_db


def test_co_builder_uscc_that_is_not_text_is_a_422(client, world):
    client.force_login(world.users["staff_nj"])
    body = {
        "center_id": world.nj.pk,
        "kind": "co_builders",
        "reason": "调整共建单位。",
        "proposed": {"add": [{"uscc": 123, "name": "甲公司", "kind": "enterprise", "duties": ""}]},
    }
    response = client.post(
        "/api/v1/change-requests", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("value", ["%C2%B2", "99999999999999999999999", "-1", "abc"])
@pytest.mark.parametrize("page", ["/reports/matters/", "/reports/changes/"])
def test_center_filter_ignores_what_is_not_an_id(client, world, page, value):
    client.force_login(world.users["province"])
    assert client.get(f"{page}?center={value}").status_code == 200


def test_attachment_remove_with_a_huge_id_is_not_a_500(client, world):
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )
    client.force_login(world.users["staff_nj"])
    url = f"/reports/{report.pk}/edit/attachments/"
    assert client.post(url, {"remove": "99999999999999999999999"}).status_code == 404


def _report_with_targets(world):
    with_targets(world)
    return services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )


def test_achieved_too_large_for_its_column_is_refused_with_a_message(client, world):
    report = _report_with_targets(world)
    row = report.targets.first()
    client.force_login(world.users["staff_nj"])
    url = f"/api/v1/annual-reports/{report.pk}/targets"
    too_big = client.patch(
        url,
        json.dumps({str(row.target_id): {"achieved": "1000000000"}}),
        content_type="application/json",
    )
    assert too_big.status_code == 422
    assert "数值过大" in json.dumps(too_big.json(), ensure_ascii=False)
    largest = client.patch(
        url,
        json.dumps({str(row.target_id): {"achieved": "999999999.999999"}}),
        content_type="application/json",
    )
    assert largest.status_code == 200
    assert str(TargetProgress.objects.get(pk=row.pk).achieved) == "999999999.999999"


def test_achieved_too_large_in_excel_is_reported_on_its_cell(client, world):
    report = _report_with_targets(world)

    def edit(workbook, sheets):
        workbook[sheets["targets"]].cell(3, ACHIEVED_COL).value = 123456789012345

    data = edited(report_template(report), edit)
    client.force_login(world.users["staff_nj"])
    response = client.post(f"/reports/{report.pk}/excel/upload/", {"file": upload(data)})
    assert response.status_code == 200
    assert "数值过大" in response.content.decode()
    assert TargetProgress.objects.filter(report=report, achieved__isnull=False).count() == 0


@pytest.mark.parametrize("user", ["staff_nj", "city_nj"])
def test_research_direction_changes_only_by_change_request(world, user):
    with pytest.raises(ValidationFailed):
        center_services.center_update(
            actor=world.users[user],
            center_id=world.nj.pk,
            changes={"research_directions": "全新方向"},
        )
    world.nj.refresh_from_db()
    assert world.nj.research_directions != "全新方向"


def test_a_decision_redisplays_with_its_own_findings(client, world):
    request = change(world, proposed=director_proposal("赵重复", f.make_id_number()))
    person = Person.objects.get(pk=request.proposed["person_id"])
    world.sz.director = person  # already directs another supported center: in principle, fail
    world.sz.save()
    request = to_province(world, request)
    request = act(world, "province", request, "approve", params={"justification": "经研究同意。"})
    assert request.status == C.APPROVED
    stored = {d["rule"]: d["outcome"] for d in request.decision_findings}
    assert stored["A12.4.no_repeat_support"] == "fail"
    world.sz.director = f.PersonFactory(name="别人")  # later, the registry changes
    world.sz.save()
    client.force_login(world.users["province"])
    shown = client.get(f"/api/v1/change-requests/{request.pk}").json()
    assert {d["rule"]: d["outcome"] for d in shown["findings"]} == stored
    assert world.sz.name in json.dumps(shown["findings"], ensure_ascii=False)
    # The city reads the same outcome, without the other center's name.
    client.force_login(world.users["city_nj"])
    city = client.get(f"/api/v1/change-requests/{request.pk}").json()
    assert {d["rule"]: d["outcome"] for d in city["findings"]} == stored
    assert world.sz.name not in json.dumps(city["findings"], ensure_ascii=False)
    page = client.get(f"/reports/changes/{request.pk}/").content.decode()
    assert "不符合" in page


def test_a_refusal_keeps_its_findings(world):
    request = to_province(world, change(world, proposed=director_proposal("钱某", None)))
    request = act(world, "province", request, "refuse", comment="不同意。")
    assert request.status == C.REFUSED
    assert request.rule_set_code
    assert {d["rule"] for d in request.decision_findings} == {"A12.4.no_repeat_support"}


@pytest.mark.parametrize("year", ["202²", "２０２４"])
def test_report_year_must_be_ascii_digits(client, world, year):
    client.force_login(world.users["staff_nj"])
    response = client.post("/reports/new/", {"center": str(world.nj.pk), "year": year})
    assert response.status_code == 200
    assert "报告年度须为四位年份" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_formula_without_a_result_is_refused_not_read_as_blank(world):
    from .conftest import filled_report

    report = filled_report(world)

    def edit(workbook, sheets):
        ws = workbook[sheets["projects"]]
        ws.cell(3, 3).value = "=5*2"  # written by a script: no stored result
        ws.cell(3, 5).value = "=1+1"

    data = edited(report_template(report), edit)
    with pytest.raises(ValidationFailed) as exc:
        report_import(actor=world.users["staff_nj"], report_id=report.pk, upload=upload(data))
    messages = exc.value.errors["file"]
    assert len(messages) == 2
    assert all("公式" in m and "第3行" in m for m in messages)
    report.refresh_from_db()
    assert report.figures["projects"]["national"]["count"] == 4  # nothing cleared


def test_a_decision_redisplays_in_the_readers_language(client, world):
    request = to_province(world, change(world, proposed=director_proposal("孙某", None)))
    act(world, "province", request, "approve", params={"justification": ""})
    client.force_login(world.users["province"])
    client.cookies["django_language"] = "en"
    [finding] = client.get(f"/api/v1/change-requests/{request.pk}").json()["findings"]
    assert finding["outcome"] == "pass"
    assert "拟任" not in finding["message"] and "proposed" in finding["message"].lower()
    client.cookies["django_language"] = "zh-hans"
    [finding] = client.get(f"/api/v1/change-requests/{request.pk}").json()["findings"]
    assert "拟任" in finding["message"]
