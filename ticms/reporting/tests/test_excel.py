"""Excel round trip of annual reports: the template carries the figures out and back unchanged,
every bad cell is named by sheet, row and column, and nothing is saved unless the whole file is
valid; the pages and the API are scoped like the rest of the reports."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.establishment.models import ContractTarget
from ticms.reporting import figures as F
from ticms.reporting import services
from ticms.reporting.excel import parse as excel_parse
from ticms.reporting.excel.importing import report_import
from ticms.reporting.excel.layout import META_SHEET, TEMPLATE_VERSION, XLSX_CONTENT_TYPE
from ticms.reporting.excel.template import report_template
from ticms.reporting.excel.upload import MAX_UPLOAD_BYTES
from ticms.reporting.models import AnnualReport

from .conftest import FULL, filled_report
from .test_services import _contract_for

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------ helpers


def with_targets(world) -> list[ContractTarget]:
    """Contract targets of the Nanjing center; a report started after this lays out their rows."""
    contract = _contract_for(world.nj)
    return [
        ContractTarget.objects.create(
            contract=contract, center=world.nj, name=name, unit=unit,
            target_value=Decimal(value), target_year=2025, order=order,
        )
        for order, (name, unit, value) in enumerate(
            [("发明专利授权", "件", "50"), ("技术合同成交额", "万元", "3000.5")]
        )
    ]  # fmt: skip


def upload(data: bytes, name: str = "年度报告.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def titles(wb) -> dict[str, str]:
    """table key -> sheet title, as the hidden sheet records them."""
    meta = wb[META_SHEET]
    return {
        key.removeprefix("sheet."): value
        for key, value in meta.iter_rows(values_only=True)
        if key and key.startswith("sheet.")
    }


def edited(data: bytes, edit) -> bytes:
    """The template as a user saves it after `edit(workbook, titles)`."""
    wb = load_workbook(io.BytesIO(data))
    edit(wb, titles(wb))
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


def do_import(world, report, data: bytes, user: str = "staff_nj", name="年度报告.xlsx"):
    return report_import(actor=world.users[user], report_id=report.pk, upload=upload(data, name))


def refusal(world, report, data: bytes, **kw) -> list[str]:
    with pytest.raises(ValidationFailed) as exc:
        do_import(world, report, data, **kw)
    assert list(exc.value.errors) == ["file"]
    return [str(m) for m in exc.value.errors["file"]]


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


def test_every_bad_cell_is_reported_and_nothing_is_saved(world):
    with_targets(world)
    report = filled_report(world)
    before = report.figures
    events = AuditEvent.objects.count()

    def edit(wb, names):
        wb[names["people"]]["C3"] = "四十"  # text in a count
        wb[names["rd_input"]]["C3"] = -5  # negative amount
        wb[names["projects"]]["C3"] = 2.5  # fraction in a count
        wb[names["income"]]["C3"] = 1.1234567  # seven decimals
        wb[names["ip"]]["D3"] = 999  # 其中：发明专利申请数 > 专利申请数
        wb[names["targets"]]["F4"] = "abc"

    problems = refusal(world, report, edited(report_template(report), edit))
    assert problems == [
        "「人员情况」第3行 C列（核心技术研发团队 · 团队成员）：须为非负整数",
        "「研发投入」第3行 C列（研发投入合计）：不能为负数",
        "「收入情况」第3行 C列（年度总收入）：最多保留 6 位小数",
        "「承担项目」第3行 C列（国家级 · 项目数）：须为非负整数",
        "「知识产权与标准」第3行 D列：知识产权与标准 · 其中：发明专利申请数 合计 999 超过 "
        "知识产权与标准 · 专利申请数 50（第二十二条）",
        "「合同考核指标完成情况」第4行 F列（技术合同成交额）：须为数字（按指标的计量单位）",
    ]
    report.refresh_from_db()
    assert report.figures == before
    assert not report.targets.exclude(achieved=None).exists()
    assert AuditEvent.objects.count() == events


def test_the_saves_refusals_are_placed_on_their_cells(world, monkeypatch):
    """Parts over their totals found by the save itself (e.g. after a concurrent edit) come
    back by sheet, row and column like the file's own problems."""
    report = filled_report(world)
    monkeypatch.setattr(excel_parse, "_check_parts", lambda figures, cells, problems: None)

    def edit(wb, names):
        wb[names["rd_input"]]["D3"] = 6000  # 其中：依托单位投入 > 研发投入合计

    problems = refusal(world, report, edited(report_template(report), edit))
    assert len(problems) == 1
    assert problems[0].startswith("「研发投入」第3行 D列：")
    assert "超过 研发投入 · 研发投入合计 5,000" in problems[0]
    assert AnnualReport.objects.get(pk=report.pk).figures == report.figures


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


def test_rows_added_to_the_targets_sheet_are_refused(world):
    with_targets(world)
    report = filled_report(world)

    def edit(wb, names):
        sheet = wb[names["targets"]]
        sheet["B6"], sheet["F6"] = "新增指标", 5

    assert refusal(world, report, edited(report_template(report), edit)) == [
        "「合同考核指标完成情况」第6行 F列：该行不是本报告的合同考核指标（或重复），"
        "其内容不会导入；请勿增加或复制行"
    ]


def test_moved_columns_and_missing_sheets_are_refused(world):
    report = filled_report(world)

    def edit(wb, names):
        wb[names["income"]].delete_cols(4)
        del wb[names["transfers"]]

    problems = refusal(world, report, edited(report_template(report), edit))
    assert len(problems) == 2
    assert problems[0].startswith("「收入情况」的行列被插入、删除或移动过")
    assert problems[1].startswith("缺少工作表「成果转化」")


def test_a_template_of_another_report_is_refused(world):
    report = filled_report(world, year=2024)
    other_year = filled_report(world, year=2023)
    other_center = services.annual_report_create(
        actor=world.users["staff_sz"], center_id=world.sz.pk, year=2024
    )
    [message] = refusal(world, report, report_template(other_year))
    assert "本中心 2023 年度报告的模板" in message and "不能导入 2024 年度报告" in message
    [message] = refusal(world, report, report_template(other_center))
    # Another center's file is named as such, never as a copy of this center's report.
    assert "另一个中心" in message and world.sz.name in message and world.sz.code in message
    assert "本中心同年度" not in message and "另一份报告" not in message
    plain = io.BytesIO()
    Workbook().save(plain)
    [message] = refusal(world, report, plain.getvalue())
    assert message.startswith("这不是本系统的年度报告Excel模板")
    # Same center and year, another report record: say so, not "2024 … (2024)".
    template = report_template(report)
    report.delete()
    again = filled_report(world, year=2024)
    [message] = refusal(world, again, template)
    assert "同年度另一份报告的模板" in message


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "a.xlsx", "文件是空的"),
        (b"hello, not a spreadsheet", "a.xlsx", "只能上传 .xlsx 格式"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls", "旧版 .xls"),
        (b"PK\x03\x04 truncated", "a.xlsx", "文件已损坏"),
        ("zip", "a.xlsx", "无法读取该Excel文件"),
        ("template", "a.txt", "只能上传 .xlsx 格式"),
    ],
)
def test_files_that_are_not_a_template_are_refused(world, data, name, expected):
    report = filled_report(world)
    if data == "zip":
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w") as archive:
            archive.writestr("hello.txt", "hello")
        data = stream.getvalue()
    elif data == "template":
        data = report_template(report)
    [message] = refusal(world, report, data, name=name)
    assert expected in message


def test_a_file_over_the_limit_is_refused_unread(world):
    report = filled_report(world)
    big = upload(b"PK\x03\x04" + b"\0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationFailed) as exc:
        report_import(actor=world.users["staff_nj"], report_id=report.pk, upload=big)
    message = str(exc.value.errors["file"][0])
    assert message == "文件不能超过 5,242,880 字节（当前为 5,242,884 字节）"


def test_who_may_import(world):
    report = filled_report(world)
    data = report_template(report)
    for user in ("staff_sz", "city_sz", "city_nj", "province"):  # a draft is the center's own
        with pytest.raises(NotFound):
            do_import(world, report, data, user=user)
    with pytest.raises(NotFound):
        report_import(actor=world.users["staff_nj"], report_id="x", upload=upload(data))
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    with pytest.raises(PermissionDenied):
        do_import(world, report, data, user="city_nj")
    with pytest.raises(Conflict):
        do_import(world, report, data)


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
