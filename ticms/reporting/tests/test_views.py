"""Annual report pages: who sees what, the edit pages refusing bad figures with nothing saved,
and a report going from the center through the city to the province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ticms.establishment.models import ContractTarget
from ticms.reporting import services
from ticms.reporting.models import AnnualReport, AnnualReportStatus
from ticms.testing import factories as f

from .conftest import filled_report
from .test_services import _contract_for

pytestmark = pytest.mark.django_db


def page_urls(report) -> list[str]:
    pk = report.pk
    return [
        reverse("reporting:detail", args=[pk]),
        reverse("reporting:edit_table", args=[pk, "income"]),
        reverse("reporting:edit_table", args=[pk, "people"]),
        reverse("reporting:edit_narrative", args=[pk]),
        reverse("reporting:edit_targets", args=[pk]),
        reverse("reporting:action", args=[pk, "submit"]),
        reverse("reporting:action", args=[pk, "approve"]),
    ]


def submitted(world, year=2024):
    report = filled_report(world, year=year)
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    return AnnualReport.objects.get(pk=report.pk)


def test_nav_and_list_for_each_role(client, world):
    report = submitted(world)
    for user in ("province", "city_nj", "staff_nj"):
        client.force_login(world.users[user])
        response = client.get(reverse("reporting:list"))
        assert response.status_code == 200
        assert "年度报告" in response.content.decode()
        assert str(world.nj.name) in response.content.decode(), user
        assert report in list(response.context["page_obj"].object_list)
    for user in ("city_sz", "staff_sz"):
        client.force_login(world.users[user])
        response = client.get(reverse("reporting:list"))
        assert report not in list(response.context["page_obj"].object_list)


def test_province_filters_by_city_year_and_status(client, world):
    report = submitted(world)
    client.force_login(world.users["province"])
    url = reverse("reporting:list")
    assert list(client.get(url, {"city": "320100"}).context["page_obj"].object_list) == [report]
    assert list(client.get(url, {"city": "320500"}).context["page_obj"].object_list) == []
    assert list(client.get(url, {"year": 2023}).context["page_obj"].object_list) == []
    assert list(client.get(url, {"status": "filed"}).context["page_obj"].object_list) == []
    got = client.get(url, {"status": "submitted", "year": 2024})
    assert list(got.context["page_obj"].object_list) == [report]
    bad = client.get(url, {"year": "abc"})
    assert bad.status_code == 200 and report in bad.context["page_obj"].object_list


def test_drafts_are_not_shown_to_the_city(client, world):
    filled_report(world)
    client.force_login(world.users["city_nj"])
    assert client.get(reverse("reporting:list")).context["page_obj"].paginator.count == 0


def test_center_sees_a_start_button_per_center_that_can_report(client, world):
    other = f.CenterFactory(host_unit=world.nj.host_unit, city=world.nj.city, status="operating")
    f.CenterFactory(host_unit=world.nj.host_unit, city=world.nj.city, status="cultivating")
    client.force_login(world.users["staff_nj"])
    response = client.get(reverse("reporting:list"))
    assert {c.pk for c in response.context["to_start"]} == {world.nj.pk, other.pk}
    year = timezone.localdate().year
    created = client.post(reverse("reporting:create"), {"center": world.nj.pk, "year": year})
    report = AnnualReport.objects.get(center=world.nj, year=year)
    assert created.status_code == 302 and created.url == reverse(
        "reporting:detail", args=[report.pk]
    )
    response = client.get(reverse("reporting:list"))
    assert {c.pk for c in response.context["to_start"]} == {other.pk}
    client.force_login(world.users["city_nj"])
    assert client.get(reverse("reporting:list")).context["to_start"] == []


def test_create_page_refuses_a_duplicate_and_other_roles(client, world):
    filled_report(world, year=2024)
    client.force_login(world.users["staff_nj"])
    assert client.get(reverse("reporting:create")).status_code == 200
    response = client.post(reverse("reporting:create"), {"center": world.nj.pk, "year": "2024"})
    assert response.status_code == 200
    assert "2024 年度报告已存在" in response.content.decode()
    response = client.post(reverse("reporting:create"), {"center": world.sz.pk, "year": "2024"})
    assert response.status_code == 200 and response.context["form"].errors["center"]
    assert AnnualReport.objects.count() == 1
    for user in ("province", "city_nj"):
        client.force_login(world.users[user])
        assert client.get(reverse("reporting:create")).status_code == 403


def test_list_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.users["province"])

    def add_reports(n, start):
        for i in range(n):
            center = f.CenterFactory(city=world.nj.city, status="operating")
            AnnualReport.objects.create(
                center=center, year=2020 + (start + i) % 5, status=AnnualReportStatus.SUBMITTED
            )

    add_reports(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("reporting:list")).status_code == 200
    add_reports(8, 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("reporting:list"))
    assert response.context["page_obj"].paginator.count == 10
    assert len(many) == len(few)


def test_every_page_renders_for_the_center_staff(client, world):
    report = filled_report(world)
    contract = _contract_for(world.nj)
    target = ContractTarget.objects.create(
        contract=contract, center=world.nj, name="发明专利", unit="件",
        target_value=Decimal("50"), target_year=2025,
    )  # fmt: skip
    report.targets.create(target=target)
    client.force_login(world.users["staff_nj"])
    for url in page_urls(report)[:-1]:
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(page_urls(report)[0]).content.decode()
    assert "人员情况" in detail and "发明专利" in detail and "建设任务实施进展" in detail
    assert reverse("reporting:action", args=[report.pk, "submit"]) in detail
    assert "已完成" in detail  # the task list
    assert "起草年度报告" in detail  # the timeline
    # The city's action is not the center's: 403 with the reason.
    assert client.get(page_urls(report)[-1]).status_code == 403


def test_officers_read_but_do_not_edit(client, world):
    report = submitted(world)
    for user in ("province", "city_nj"):
        client.force_login(world.users[user])
        assert client.get(reverse("reporting:detail", args=[report.pk])).status_code == 200
        for url in page_urls(report)[1:5]:
            assert client.get(url).status_code == 403, (user, url)
    client.force_login(world.users["staff_nj"])
    edit = reverse("reporting:edit_narrative", args=[report.pk])
    assert client.get(edit).status_code == 409


@pytest.mark.parametrize("user", ["city_sz", "staff_sz"])
def test_another_city_or_center_gets_404_on_every_url(client, world, user):
    report = submitted(world)
    client.force_login(world.users[user])
    for url in page_urls(report):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"comment": "x"}).status_code == 404, url


def test_a_draft_is_404_for_the_city(client, world):
    report = filled_report(world)
    client.force_login(world.users["city_nj"])
    for url in page_urls(report):
        assert client.get(url).status_code == 404, url


def test_a_bad_figure_is_shown_on_its_input_and_nothing_is_saved(client, world):
    report = filled_report(world)
    before = AnnualReport.objects.get(pk=report.pk).figures
    client.force_login(world.users["staff_nj"])
    url = reverse("reporting:edit_table", args=[report.pk, "income"])
    data = {f"income__{k}": v for k, v in before["income"].items()}
    response = client.post(url, {**data, "income__total": "12abc", "income__contract_rd": "1"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "须为数字" in form.errors["income__total"][0]
    page = response.content.decode()
    assert 'href="#id_income__total"' in page and "is-invalid" in page
    assert AnnualReport.objects.get(pk=report.pk).figures == before


def test_a_part_above_its_total_goes_to_the_error_summary(client, world):
    report = filled_report(world)
    before = AnnualReport.objects.get(pk=report.pk).figures
    client.force_login(world.users["staff_nj"])
    url = reverse("reporting:edit_table", args=[report.pk, "ip"])
    data = {f"ip__{k}": v for k, v in before["ip"].items()}
    response = client.post(url, {**data, "ip__inventions_granted": "21"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("超过" in e and "第二十二条" in e for e in errors)
    assert AnnualReport.objects.get(pk=report.pk).figures == before


def test_edit_pages_save(client, world):
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )
    client.force_login(world.users["staff_nj"])
    url = reverse("reporting:edit_table", args=[report.pk, "people"])
    response = client.post(
        url, {"people__core_rd__members": "10", "people__core_rd__full_time": "8"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.figures == {"people": {"core_rd": {"members": 10, "full_time": 8}}}
    url = reverse("reporting:edit_narrative", args=[report.pk])
    client.post(url, {"progress": "进展", "problems": "", "next_goals": "目标"})
    report.refresh_from_db()
    assert (report.progress, report.next_goals) == ("进展", "目标")
    assert client.get(reverse("reporting:edit_table", args=[report.pk, "nope"])).status_code == 404


def test_target_progress_page_saves_and_refuses(client, world):
    contract = _contract_for(world.nj)
    target = ContractTarget.objects.create(
        contract=contract, center=world.nj, name="发明专利", unit="件",
        target_value=Decimal("50"), target_year=2025,
    )  # fmt: skip
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )
    client.force_login(world.users["staff_nj"])
    url = reverse("reporting:edit_targets", args=[report.pk])
    bad = client.post(url, {f"t{target.pk}_achieved": "-1", f"t{target.pk}_note": "x"})
    assert bad.status_code == 200 and bad.context["form"].errors[f"t{target.pk}_achieved"]
    assert report.targets.get().note == ""
    ok = client.post(url, {f"t{target.pk}_achieved": "12.5", f"t{target.pk}_note": "进展顺利"})
    assert ok.status_code == 302
    row = report.targets.get()
    assert (row.achieved, row.note) == (Decimal("12.5"), "进展顺利")


def test_center_submits_city_approves_and_province_files_through_the_pages(client, world):
    report = filled_report(world)
    client.force_login(world.users["staff_nj"])
    response = client.post(reverse("reporting:action", args=[report.pk, "submit"]), {})
    assert response.status_code == 302
    client.force_login(world.users["city_nj"])
    detail = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert reverse("reporting:action", args=[report.pk, "approve"]) in detail
    assert reverse("reporting:action", args=[report.pk, "return_to_center"]) in detail
    no_comment = client.post(reverse("reporting:action", args=[report.pk, "return_to_center"]))
    assert no_comment.status_code == 200 and no_comment.context["form"].errors
    response = client.post(
        reverse("reporting:action", args=[report.pk, "approve"]), {"comment": "同意"}
    )
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReportStatus.APPROVED
    again = client.post(reverse("reporting:action", args=[report.pk, "approve"]), {})
    assert again.status_code == 409
    client.force_login(world.users["province"])
    assert client.get(reverse("reporting:action", args=[report.pk, "file"])).status_code == 200
    response = client.post(reverse("reporting:action", args=[report.pk, "file"]), {})
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReportStatus.FILED
    detail = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert "已备案" in detail and "同意" in detail


def test_an_incomplete_report_shows_why_it_cannot_be_submitted(client, world):
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )
    client.force_login(world.users["staff_nj"])
    detail = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert "暂不能办理" in detail and "未填写" in detail
    response = client.post(reverse("reporting:action", args=[report.pk, "submit"]), {})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReportStatus.DRAFT


def test_findings_show_errors_and_warnings_with_articles(client, world):
    report = filled_report(world, year=2024)
    # Warnings: the team below 第十二条第4项 ratios (full-time share).
    figures = report.figures
    for row in figures["people"].values():
        row["full_time"] = 1
    AnnualReport.objects.filter(pk=report.pk).update(figures=figures)
    client.force_login(world.users["staff_nj"])
    response = client.get(reverse("reporting:detail", args=[report.pk]))
    assert response.context["warnings"]
    page = response.content.decode()
    assert "alert-warning" in page and "第十二条" in page
    figures["ip"]["inventions_granted"] = 999
    AnnualReport.objects.filter(pk=report.pk).update(figures=figures)
    response = client.get(reverse("reporting:detail", args=[report.pk]))
    assert response.context["errors"] and "alert-danger" in response.content.decode()


def test_year_in_the_future_is_refused_on_the_create_page(client, world):
    client.force_login(world.users["staff_nj"])
    year = timezone.localdate().year + 1
    response = client.post(reverse("reporting:create"), {"center": world.nj.pk, "year": year})
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert not AnnualReport.objects.exists()


def act(world, user, report, action, comment=""):
    return services.annual_report_transition(
        actor=world.users[user], report_id=report.pk, action=action, comment=comment
    )


# --- the list and the detail page -------------------------------------------------------------


def test_list_offers_the_overdue_report_first(client, world, monkeypatch):
    from ticms.reporting import deadlines

    monkeypatch.setattr(deadlines.timezone, "localdate", lambda: dt.date(2025, 4, 2))
    client.force_login(world.users["staff_nj"])
    page = client.get(reverse("reporting:list")).content.decode()
    assert "逾期未报送的年度报告" in page
    assert "2024 年度报告（已于 2025-03-31 截止）" in page
    client.force_login(world.users["city_nj"])  # the city has nothing to start
    assert "已于 2025-03-31 截止" not in client.get(reverse("reporting:list")).content.decode()


def test_returned_report_shows_why_at_the_top_and_saves_collapse(client, world):
    report = filled_report(world)
    for text in ("一", "二", "三"):
        services.annual_report_save(
            actor=world.users["staff_nj"], report_id=report.pk, problems=f"问题{text}"
        )
    act(world, "staff_nj", report, "submit")
    act(world, "city_nj", report, "return_to_center", comment="研发投入数据需附审计报告。")
    client.force_login(world.users["staff_nj"])
    page = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    top = page.index("研发投入数据需附审计报告。")
    assert top < page.index("填写年度报告")  # before the task list
    assert page.count("修改年度报告") == 1  # one timeline line for the run of saves
    assert "4 次" in page


def test_list_reads_no_report_tables_or_texts(client, world):
    report = filled_report(world)
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReportStatus.SUBMITTED)
    client.force_login(world.users["city_nj"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reporting:list"))
    assert response.context["page_obj"].paginator.count == 1
    listed = [q["sql"] for q in ctx.captured_queries if "reporting_annualreport" in q["sql"]]
    assert listed
    for column in ("figures", "branch_snapshot", "progress", "next_goals"):
        assert not any(f'"reporting_annualreport"."{column}"' in sql for sql in listed), column
