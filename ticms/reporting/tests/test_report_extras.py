"""Attachments, branch centers' figures in the headquarters' report (第五条), and the pre-fill
from last year's filed report (fill once)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ticms.common.exceptions import Conflict, GuardFailed, NotFound, ValidationFailed
from ticms.reporting import branches, services
from ticms.reporting import figures as F
from ticms.reporting.models import AnnualReport, AnnualReportAttachment
from ticms.testing import factories as f
from ticms.testing.establishment import pdf_upload

from .conftest import NANJING, NARRATIVE, SUZHOU, filled_report, full_figures

pytestmark = pytest.mark.django_db


def act(world, user, report, action, comment=""):
    return services.annual_report_transition(
        actor=world.users[user], report_id=report.pk, action=action, comment=comment
    )


# --- attachments ------------------------------------------------------------------------------


def test_attachment_add_download_remove(client, world):
    report = filled_report(world)
    staff = world.users["staff_nj"]
    row = services.annual_report_attachment_add(
        actor=staff, report_id=report.pk, upload=pdf_upload("审计报告.pdf")
    )
    assert row.original_name == "审计报告.pdf"
    url = reverse("reporting:attachment_download", args=[report.pk, row.pk])
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    services.annual_report_attachment_remove(actor=staff, report_id=report.pk, attachment_id=row.pk)
    assert not AnnualReportAttachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "请选择要上传的文件"),
        (SimpleUploadedFile("x.exe", b"MZ..."), "只接受"),
        (SimpleUploadedFile("x.pdf", b"MZ not a pdf"), "不符"),
        (SimpleUploadedFile("x.pdf", b""), "空"),
    ],
)
def test_bad_attachments_are_refused(world, upload, message):
    report = filled_report(world)
    with pytest.raises(ValidationFailed) as exc:
        services.annual_report_attachment_add(
            actor=world.users["staff_nj"], report_id=report.pk, upload=upload
        )
    assert message in str(exc.value.errors["file"])
    assert not AnnualReportAttachment.objects.exists()


def test_same_file_twice_is_refused(world):
    report = filled_report(world)
    services.annual_report_attachment_add(
        actor=world.users["staff_nj"], report_id=report.pk, upload=pdf_upload()
    )
    with pytest.raises(ValidationFailed):
        services.annual_report_attachment_add(
            actor=world.users["staff_nj"], report_id=report.pk, upload=pdf_upload("copy.pdf")
        )
    assert AnnualReportAttachment.objects.count() == 1


def test_attachments_only_by_own_staff_while_editable(client, world):
    report = filled_report(world)
    row = services.annual_report_attachment_add(
        actor=world.users["staff_nj"], report_id=report.pk, upload=pdf_upload()
    )
    with pytest.raises(NotFound):  # another center: like a missing report
        services.annual_report_attachment_add(
            actor=world.users["staff_sz"], report_id=report.pk, upload=pdf_upload("b.pdf")
        )
    act(world, "staff_nj", report, "submit")
    with pytest.raises(Conflict):
        services.annual_report_attachment_remove(
            actor=world.users["staff_nj"], report_id=report.pk, attachment_id=row.pk
        )
    url = reverse("reporting:attachment_download", args=[report.pk, row.pk])
    client.force_login(world.users["city_nj"])  # the reviewing city reads it
    assert client.get(url).status_code == 200
    client.force_login(world.users["city_sz"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["staff_sz"])
    assert client.get(url).status_code == 404


def test_attachment_page_upload_and_bad_file(client, world):
    report = filled_report(world)
    client.force_login(world.users["staff_nj"])
    url = reverse("reporting:attachments", args=[report.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"nope")})
    assert bad.status_code == 200 and "不符" in bad.content.decode()
    ok = client.post(url, {"file": pdf_upload()})
    assert ok.status_code == 302
    assert report.attachments.count() == 1
    client.force_login(world.users["city_nj"])
    assert client.get(url).status_code == 404  # a draft is the center's alone
    act(world, "staff_nj", report, "submit")
    assert client.get(url).status_code == 403  # the city reads, never edits


# --- branch centers ---------------------------------------------------------------------------


@pytest.fixture
def branch(world):
    centre = f.CenterFactory(
        city=f.city(SUZHOU),
        status="constructing",
        headquarters=world.nj,
        construction_starts_on=dt.date(2022, 1, 1),
    )
    world.users["staff_branch"] = f.center_user(centre.host_unit)
    return centre


def branch_report(world, branch, year=2024, figures=None):
    report = services.annual_report_create(
        actor=world.users["staff_branch"], center_id=branch.pk, year=year
    )
    return services.annual_report_save(
        actor=world.users["staff_branch"],
        report_id=report.pk,
        figures=figures or full_figures(),
        **NARRATIVE,
    )


def test_headquarters_submits_only_after_its_branches(world, branch):
    hq = filled_report(world)
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", hq, "submit")
    assert branch.name in str(exc.value)
    own = branch_report(world, branch)
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    assert act(world, "staff_nj", hq, "submit").status == "submitted"


def test_branches_are_shown_in_the_readers_language_before_and_after_the_copy(world, branch):
    from django.utils import translation

    hq = filled_report(world)
    own = branch_report(world, branch)
    with translation.override("en"):
        (live,) = branches.branch_rows(hq)
    assert (live["city"], live["status_label"]) == ("Suzhou", "Being filled in")
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    act(world, "staff_nj", hq, "submit")
    hq.refresh_from_db()
    assert hq.branch_snapshot[0]["city"] == "苏州市"  # the copy does not follow the reader
    with translation.override("en"):
        (copied,) = branches.branch_rows(hq)
    assert (copied["city"], copied["status_label"]) == ("Suzhou", "Awaiting city bureau review")
    with translation.override("zh-hans"):
        assert branches.branch_rows(hq)[0]["city"] == "苏州市"


def test_a_branch_that_owes_nothing_yet_does_not_block(world, branch):
    hq = filled_report(world, year=2021)  # the branch's construction began in 2022
    assert branches.branch_rows(hq) == []
    assert act(world, "staff_nj", hq, "submit").status == "submitted"


def test_consolidated_figures_add_submitted_branches_exactly(world, branch):
    hq = filled_report(world)
    figures = full_figures()
    figures["income"]["total"] = "0.000001"
    figures["income"]["government_funding"] = "0"
    for key in ("contract_rd", "tech_transfer", "tech_services", "other_market"):
        figures["income"][key] = "0"
    own = branch_report(world, branch, figures=figures)
    rows = branches.branch_rows(hq)
    total = next(
        r for r in branches.consolidated(hq, rows) if r["label"] == F.label_of("income.total")
    )
    assert total["branches"] == 0  # a draft is not carried in
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    rows = branches.branch_rows(hq)
    total = next(
        r for r in branches.consolidated(hq, rows) if r["label"] == F.label_of("income.total")
    )
    assert total["own"] == Decimal("9000")
    assert total["total"] == Decimal("9000.000001")


def test_headquarters_page_shows_branches_without_leaking_links(client, world, branch):
    hq = filled_report(world)
    own = branch_report(world, branch)
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    act(world, "staff_nj", hq, "submit")
    client.force_login(world.users["city_nj"])
    page = client.get(reverse("reporting:detail", args=[hq.pk])).content.decode()
    assert branch.name in page and "已纳入" in page
    # Nanjing's city sees the branch's figures in the total, not the Suzhou branch report.
    assert reverse("reporting:detail", args=[own.pk]) not in page


# --- pre-fill ---------------------------------------------------------------------------------


def test_next_year_starts_from_last_years_filed_stocks(world):
    last = filled_report(world, year=2024)
    for user, action in (("staff_nj", "submit"), ("city_nj", "approve"), ("province", "file")):
        act(world, user, last, action)
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2025
    )
    assert F.get(report.figures, "people.core_rd.members") == 40
    assert F.get(report.figures, "instruments.value") == Decimal("25000")
    assert F.get(report.figures, "income.total") is None  # a flow starts empty
    assert F.get(report.figures, "instruments.sharing_hours") is None


def test_no_prefill_from_a_report_not_yet_filed(world):
    filled_report(world, year=2024)
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2025
    )
    assert report.figures == {}
    assert AnnualReport.objects.count() == 2


def test_create_page_defaults_to_the_report_year(client, world, monkeypatch):
    from ticms.reporting import deadlines

    monkeypatch.setattr(deadlines.timezone, "localdate", lambda: dt.date(2026, 3, 31))
    client.force_login(world.users["staff_nj"])
    page = client.get(reverse("reporting:create")).content.decode()
    assert 'value="2025"' in page
    assert f.city(NANJING)  # the world is Nanjing's


def _total(report):
    rows = branches.branch_rows(report)
    return next(
        r for r in branches.consolidated(report, rows) if r["label"] == F.label_of("income.total")
    )


def test_the_headquarters_keeps_its_branches_figures_as_submitted(world, branch):
    own = branch_report(world, branch)
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    hq = act(world, "staff_nj", filled_report(world), "submit")
    assert hq.branch_snapshot[0]["figures"]["income"]["total"] == "9000"
    assert _total(hq)["total"] == Decimal("18000")
    # The branch's city returns its report; the branch changes its income and resubmits.
    world.users["city_branch"] = f.city_user(SUZHOU)
    services.annual_report_transition(
        actor=world.users["city_branch"],
        report_id=own.pk,
        action="return_to_center",
        comment="请核实收入。",
    )
    changed = full_figures()
    changed["income"]["total"] = "9500"
    services.annual_report_save(
        actor=world.users["staff_branch"], report_id=own.pk, figures=changed
    )
    hq = AnnualReport.objects.get(pk=hq.pk)
    rows = branches.branch_rows(hq)
    assert rows[0]["filed_in"] is True  # the headquarters' report still holds what it had
    assert _total(hq)["total"] == Decimal("18000")
    # Returned to the headquarters, its report reads the branches live again.
    act(world, "city_nj", hq, "return_to_center", comment="请补充。")
    hq = AnnualReport.objects.get(pk=hq.pk)
    assert branches.branch_rows(hq)[0]["filed_in"] is False
    assert _total(hq)["total"] == Decimal("9000")


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


def test_missing_figures_are_counted_by_table(world):
    from ticms.reporting.workflow import submittable

    figures = full_figures()
    del figures["income"]["total"], figures["income"]["other_market"]
    del figures["ip"]["standards_national"]
    report = filled_report(world, figures=figures)
    [message, *_rest] = submittable(report, {}, world.users["staff_nj"], "")
    assert message == "尚有 3 项统计数据未填写：收入情况 2 项、知识产权与标准 1 项"
