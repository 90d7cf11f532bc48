"""An uploaded annual-report workbook is refused, with every problem named by sheet, row and
column and nothing saved: bad cells, formulas without a result, values too large, rows added,
columns moved, sheets missing, another report's template, files that are no template, files over
the limit, and uploaders who may not import."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.reporting import services
from ticms.reporting.excel import parse as excel_parse
from ticms.reporting.excel.importing import report_import
from ticms.reporting.excel.layout import ACHIEVED_COL
from ticms.reporting.excel.template import report_template
from ticms.reporting.excel.upload import MAX_UPLOAD_BYTES
from ticms.reporting.models import AnnualReport, TargetProgress

from .conftest import filled_report
from .excel_helpers import do_import, edited, refusal, upload, with_targets

pytestmark = pytest.mark.django_db


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


def _report_with_targets(world):
    with_targets(world)
    return services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )


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
