"""A center's figures on its page and in the Excel export: money in two decimals with
separators, areas as entered, counts with separators; numbers stay numbers in Excel."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ticms.centers.models import Center

from .conftest import login, main_html

pytestmark = pytest.mark.django_db


def _set(center, **values):
    Center.objects.filter(pk=center.pk).update(**values)


def test_the_center_page_shows_money_and_area_the_one_way(client, world):
    center = world.nj
    _set(center, instrument_value_wan_yuan=Decimal(9500) / 3, rd_site_area_m2=Decimal("5E+3"))
    login(client, world.users["province"])
    page = main_html(client.get(center.get_absolute_url()))
    assert "3,166.67 万元" in page and "5,000 m²" in page and "E+" not in page


def test_a_missing_figure_is_a_dash(client, world):
    _set(world.nj, instrument_value_wan_yuan=None)
    login(client, world.users["province"])
    page = main_html(client.get(world.nj.get_absolute_url()))
    assert "None" not in page and "— 万元" not in page


def test_the_export_keeps_numbers_with_a_number_format(client, world):
    _set(world.nj, instrument_value_wan_yuan=Decimal("12345.6"), rd_site_area_m2=Decimal("5000"))
    login(client, world.users["province"])
    response = client.get("/centers/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    money_col = header.index("科研仪器设备原值（万元）") + 1
    team_col = header.index("团队人数") + 1
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == world.nj.code)
    money = row[money_col - 1]
    assert isinstance(money.value, int | float) and money.number_format == "#,##0.00"
    assert Decimal(str(money.value)) == Decimal("12345.6")  # a number, shown 12,345.60
    team = row[team_col - 1]
    assert team.value is None or (isinstance(team.value, int) and team.number_format == "#,##0")
