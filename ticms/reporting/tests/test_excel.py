"""Excel round trip of annual reports: the template lays out every table pre-filled and carries
the figures out and back unchanged; the pages and the API are scoped like the rest of the
reports. What an upload is refused for: test_excel_refusals.py."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ticms.common.models import AuditEvent
from ticms.reporting import figures as F
from ticms.reporting import services
from ticms.reporting.excel.layout import META_SHEET, TEMPLATE_VERSION, XLSX_CONTENT_TYPE
from ticms.reporting.excel.template import report_template
from ticms.reporting.models import AnnualReport

from .conftest import FULL, filled_report
from .excel_helpers import do_import, edited, titles, upload, with_targets

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------ template


def test_template_lays_out_every_table_prefilled(world):
    with_targets(world)
    report = filled_report(world)
    row = report.targets.order_by("target__order").first()
    # A note a user typed as a formula must stay text in the officer's spreadsheet.
    services.annual_report_save(
        actor=world.users["staff_nj"],
        report_id=report.pk,
        targets={str(row.target_id): {"achieved": "12.5", "note": '=HYPERLINK("x")'}},
    )
    report.refresh_from_db()
    data = report_template(report)
    wb = load_workbook(io.BytesIO(data))
    names = titles(wb)
    assert wb.sheetnames[0] == "说明"
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert [wb.sheetnames.index(names[t.key]) for t in F.TABLES] == list(
        range(1, len(F.TABLES) + 1)
    )
    for table in F.TABLES:
        title = names[table.key]
        assert title == str(table.label) and len(title) <= 31
        ws = wb[title]
        assert ws.protection.sheet
        assert ws.cell(3, 3).protection.locked is False and ws.cell(3, 2).protection.locked
    income = wb["收入情况"]
    assert income["C2"].value == "年度总收入（万元）"
    assert (income["B3"].value, income["C3"].value, income["D3"].value) == ("2024年度", 9000, 3000)
    people = wb["人员情况"]
    assert (people["B3"].value, people["C3"].value, people["H5"].value) == (
        "核心技术研发团队",
        40,
        8,
    )
    projects = wb["承担项目"]
    assert (projects["B3"].value, projects["E3"].value) == ("国家级", 800.5)
    targets = wb["合同考核指标完成情况"]
    assert [c.value for c in targets[3]] == [
        row.target_id, "发明专利授权", "件", 50, 2025, 12.5, "=HYPERLINK(\"x\")",
    ]  # fmt: skip
    assert targets["F4"].value is None
    meta = dict(wb[META_SHEET].iter_rows(values_only=True))
    assert meta["report"] == str(report.pk) and meta["year"] == "2024"
    assert meta["center"] == world.nj.code and meta["version"] == TEMPLATE_VERSION
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)


def test_an_amount_a_double_cannot_hold_travels_as_text(world):
    figures = {"rd_input": {"total": "123456789012.123456", "host_unit": "0.1"}}
    report = filled_report(world, figures=figures)
    data = report_template(report)
    ws = load_workbook(io.BytesIO(data))["研发投入"]
    assert (ws["C3"].value, ws["D3"].value) == ("123456789012.123456", 0.1)
    do_import(world, report, data)
    report.refresh_from_db()
    assert report.figures["rd_input"] == {"total": "123456789012.123456", "host_unit": "0.1"}


# ------------------------------------------------------------------------------------ import


def test_unchanged_template_round_trips_to_the_same_figures(world):
    with_targets(world)
    report = filled_report(world)
    row = report.targets.first()
    services.annual_report_save(
        actor=world.users["staff_nj"],
        report_id=report.pk,
        targets={str(row.target_id): {"achieved": "3.25", "note": "按计划推进"}},
    )
    report.refresh_from_db()
    before = report.figures
    events = AuditEvent.objects.count()
    saved = do_import(world, report, report_template(report))
    assert saved.figures == before
    assert [(r.achieved, r.note) for r in saved.targets.order_by("target__order")] == [
        (Decimal("3.25"), "按计划推进"),
        (None, ""),
    ]
    assert AuditEvent.objects.count() == events  # nothing changed, nothing to record


def test_modified_cells_are_saved_exactly(world):
    targets = with_targets(world)
    report = filled_report(world)

    def edit(wb, names):
        income = wb[names["income"]]
        income["C3"] = 9100.25  # a number typed in Excel: a double
        income["D3"] = "2999.123456"  # typed as text
        people = wb[names["people"]]
        people["C3"] = 45
        people["D3"] = 31.0  # a whole number Excel stored as a double
        wb[names["ip"]]["I3"] = None  # cleared: no longer filled
        sheet = wb[names["targets"]]
        sheet["F3"], sheet["G3"] = 12.5, "按计划推进"
        sheet["F4"] = 3000

    data = edited(report_template(report), edit)
    saved = do_import(world, report, data, name="填好的报告.xlsx")
    assert saved.figures["income"]["total"] == "9100.25"
    assert saved.figures["income"]["government_funding"] == "2999.123456"
    assert saved.figures["people"]["core_rd"]["members"] == 45
    assert saved.figures["people"]["core_rd"]["full_time"] == 31
    assert F.get(saved.figures, "ip.standards_national") is None
    assert saved.figures["contracts"] == FULL["contracts"]
    rows = {r.target_id: r for r in saved.targets.all()}
    assert (rows[targets[0].pk].achieved, rows[targets[0].pk].note) == (
        Decimal("12.5"),
        "按计划推进",
    )
    assert rows[targets[1].pk].achieved == Decimal("3000")
    imported = AuditEvent.objects.get(action="annual_report.import")
    assert imported.after["file"] == "填好的报告.xlsx"
    assert len(imported.after["sha256"]) == 64 and imported.after["size"] == len(data)
    update = AuditEvent.objects.filter(action="annual_report.update").latest("seq")
    assert update.after["figures"]["income"]["total"] == "9100.25"


def test_line_breaks_of_a_note_survive_the_round_trip(world):
    with_targets(world)
    report = filled_report(world)
    row = report.targets.first()
    services.annual_report_save(
        actor=world.users["staff_nj"],
        report_id=report.pk,
        targets={str(row.target_id): {"note": "第一行\r\n第二行"}},
    )
    events = AuditEvent.objects.count()
    do_import(world, report, report_template(report))
    row.refresh_from_db()
    assert row.note == "第一行\r\n第二行"
    assert AuditEvent.objects.count() == events


# ------------------------------------------------------------------------------------ pages


def test_pages_download_and_upload(client, world):
    report = filled_report(world)
    client.force_login(world.users["staff_nj"])
    detail = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    download_url = reverse("reporting:excel_download", args=[report.pk])
    upload_url = reverse("reporting:excel_upload", args=[report.pk])
    assert download_url in detail and upload_url in detail
    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert f"-{world.nj.code}-2024.xlsx" in disposition
    data = response.content
    form = client.get(upload_url)
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()

    empty = client.post(upload_url, {})
    assert empty.status_code == 200 and "请选择要上传的Excel文件" in empty.content.decode()

    def edit(wb, names):
        wb[names["people"]]["C3"] = "四十"
        wb[names["income"]]["C3"] = -1

    bad = client.post(upload_url, {"file": upload(edited(data, edit))})
    page = bad.content.decode()
    assert bad.status_code == 200
    assert "共 2 处问题" in page
    assert "「人员情况」第3行 C列（核心技术研发团队 · 团队成员）：须为非负整数" in page
    assert "「收入情况」第3行 C列（年度总收入）：不能为负数" in page
    assert AnnualReport.objects.get(pk=report.pk).figures == report.figures

    good = edited(data, lambda wb, names: wb[names["income"]].__setitem__("C3", 9500))
    done = client.post(upload_url, {"file": upload(good)}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("reporting:detail", args=[report.pk])
    assert "已从Excel文件「年度报告.xlsx」导入" in done.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).figures["income"]["total"] == "9500"


def test_pages_are_scoped(client, world):
    report = filled_report(world)
    download_url = reverse("reporting:excel_download", args=[report.pk])
    upload_url = reverse("reporting:excel_upload", args=[report.pk])
    data = report_template(report)
    for user in ("staff_sz", "city_sz", "city_nj"):  # the draft is not theirs to see
        client.force_login(world.users[user])
        assert client.get(download_url).status_code == 404, user
        assert client.get(upload_url).status_code == 404, user
        assert client.post(upload_url, {"file": upload(data)}).status_code == 404, user
    client.force_login(world.users["staff_nj"])
    assert client.get(reverse("reporting:excel_download", args=[999999])).status_code == 404
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    # Submitted: the city sees it and may take the figures away, but never upload.
    client.force_login(world.users["city_nj"])
    assert client.get(download_url).status_code == 200
    detail = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert download_url in detail and upload_url not in detail
    assert client.get(upload_url).status_code == 403
    assert client.post(upload_url, {"file": upload(data)}).status_code == 403
    client.force_login(world.users["city_sz"])
    assert client.get(download_url).status_code == 404
    client.force_login(world.users["staff_nj"])
    assert client.get(upload_url).status_code == 409
    assert client.post(upload_url, {"file": upload(data)}).status_code == 409


# ------------------------------------------------------------------------------------ API


def test_api_template_and_import(client, world):
    report = filled_report(world)
    client.force_login(world.users["staff_nj"])
    response = client.get(f"/api/v1/annual-reports/{report.pk}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    data = response.content
    url = f"/api/v1/annual-reports/{report.pk}/import"

    def edit(wb, names):
        wb[names["projects"]]["C4"] = 1.5
        wb[names["enterprises"]]["E3"] = 100  # 高新技术企业数 > 衍生 + 孵化

    bad = client.post(url, {"file": upload(edited(data, edit))})
    assert bad.status_code == 422
    detail = bad.json()["detail"]
    assert [d["field"] for d in detail] == ["file", "file"]
    assert detail[0]["msg"] == "「承担项目」第4行 C列（省级 · 项目数）：须为非负整数"
    assert detail[1]["msg"].startswith("「衍生与孵化企业」第3行 E列：")
    good = edited(data, lambda wb, names: wb[names["ip"]].__setitem__("C3", 51))
    ok = client.post(url, {"file": upload(good)})
    assert ok.status_code == 200, ok.content
    assert ok.json()["figures"]["ip"]["patents_applied"] == 51
    assert client.post(url, {}).status_code == 422
    not_xlsx = client.post(url, {"file": upload(b"plain text")})
    assert not_xlsx.status_code == 422 and "xlsx" in not_xlsx.json()["detail"][0]["msg"]


def test_api_is_scoped(client, world):
    report = filled_report(world)
    data = report_template(report)
    template_url = f"/api/v1/annual-reports/{report.pk}/template.xlsx"
    import_url = f"/api/v1/annual-reports/{report.pk}/import"
    assert client.get(template_url).status_code == 401
    for user in ("staff_sz", "city_sz", "city_nj"):
        client.force_login(world.users[user])
        assert client.get(template_url).status_code == 404, user
        assert client.post(import_url, {"file": upload(data)}).status_code == 404, user
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    client.force_login(world.users["city_nj"])
    assert client.get(template_url).status_code == 200
    assert client.post(import_url, {"file": upload(data)}).status_code == 403
    client.force_login(world.users["staff_nj"])
    conflict = client.post(import_url, {"file": upload(data)})
    assert conflict.status_code == 409 and "不能修改年度报告" in conflict.json()["detail"]


def test_english_sheet_names_fit_excel_without_cutting(world):
    from django.utils import translation

    report = filled_report(world)
    with translation.override("en"):
        names = load_workbook(io.BytesIO(report_template(report))).sheetnames
    assert all(len(name) <= 31 for name in names)
    assert {"IP and standards", "Instruments and sharing", "Target progress"} <= set(names)
