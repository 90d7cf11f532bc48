"""Excel export of the center list; receives the already-scoped queryset."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ticms.common.excel import COUNT_FORMAT, MONEY_FORMAT, row

# (header, width in characters, number format)
COLUMNS = (
    (_("编号"), 16, None),
    (_("中心名称"), 36, None),
    (_("所在设区市"), 10, None),
    (_("产业类别"), 10, None),
    (_("所属领域"), 14, None),
    (_("细分产业领域"), 16, None),
    (_("依托单位"), 36, None),
    (_("依托单位统一社会信用代码"), 22, None),
    (_("状态"), 14, None),
    (_("总部"), 30, None),
    (_("团队人数"), 10, COUNT_FORMAT),
    (_("独立研发场地面积（m²）"), 14, MONEY_FORMAT),  # two decimals, like the page
    (_("科研仪器设备原值（万元）"), 16, MONEY_FORMAT),
    (_("批准组建文号"), 22, None),
    (_("建设期开始"), 12, None),
    (_("建设期结束"), 12, None),
    (_("整改期限"), 12, None),
)
FORMATS = [number_format for _t, _w, number_format in COLUMNS]


def write_center_workbook(queryset, stream, *, user=None, filters_text: str = "") -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("技术创新中心"))
    sheet.freeze_panes = "A2"
    for index, (_title, width, _f) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(row(sheet, [str(title) for title, _w, _f in COLUMNS], bold=True))
    rows = 0
    for c in queryset.iterator(chunk_size=500):
        sheet.append(
            row(
                sheet,
                [
                    c.code,
                    c.name,
                    str(c.city),
                    c.sub_field.get_category_display(),
                    str(c.sub_field.parent) if c.sub_field.parent_id else "",
                    str(c.sub_field),
                    c.host_unit.name,
                    c.host_unit.uscc,
                    c.get_status_display(),
                    c.headquarters.name if c.headquarters_id else "",
                    c.team_size,
                    c.rd_site_area_m2,
                    c.instrument_value_wan_yuan,
                    c.approval_doc_no,
                    c.construction_starts_on,
                    c.construction_ends_on,
                    c.rectification_deadline,
                ],
                formats=FORMATS,
            )
        )
        rows += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows + 1}"
    # Where the file came from, on its own sheet so the table stays sortable.
    about = workbook.create_sheet(_("导出说明"))
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60
    for label, value in (
        (_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("导出人"), f"{user} · {user.scope_label}" if user else ""),
        (_("筛选条件"), filters_text or _("无（本人权限范围内的全部中心）")),
        (_("记录数"), rows),
    ):
        about.append(row(about, [str(label), value]))
    buffer = io.BytesIO()  # zip needs a seekable file
    workbook.save(buffer)
    stream.write(buffer.getvalue())
    return rows
