"""Excel export of the center list; receives the already-scoped queryset."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ticms.common.excel import row


def write_center_workbook(queryset, stream) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("技术创新中心"))
    headers = [
        _("编号"),
        _("中心名称"),
        _("所在设区市"),
        _("产业类别"),
        _("所属领域"),
        _("细分产业领域"),
        _("依托单位"),
        _("依托单位统一社会信用代码"),
        _("状态"),
        _("总部"),
        _("团队人数"),
        _("独立研发场地面积（m²）"),
        _("科研仪器设备原值（万元）"),
        _("批准组建文号"),
        _("建设期开始"),
        _("建设期结束"),
    ]
    sheet.append(row(sheet, [str(title) for title in headers], bold=True))
    rows = 0
    for c in queryset.iterator(chunk_size=500):
        sheet.append(
            row(
                sheet,
                [
                    c.code,
                    c.name,
                    c.city.name,
                    c.sub_field.get_category_display(),
                    c.sub_field.parent.name if c.sub_field.parent_id else "",
                    c.sub_field.name,
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
                ],
            )
        )
        rows += 1
    sheet.append([])
    sheet.append(
        [_("导出时间：%(time)s") % {"time": timezone.localtime().strftime("%Y-%m-%d %H:%M")}]
    )
    buffer = io.BytesIO()  # zip needs a seekable file
    workbook.save(buffer)
    stream.write(buffer.getvalue())
    return rows
