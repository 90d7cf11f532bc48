"""An annual report's figures are shown the one way: money in two decimals with separators,
counts with separators, hours as entered; in its checks and in its Excel template alike."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ticms.reporting.checks import market_findings
from ticms.reporting.excel.template import report_template

from .conftest import filled_report, full_figures

pytestmark = pytest.mark.django_db


def _figures(**changes):
    figures = full_figures()
    for path, value in changes.items():
        table, key = path.split("__")
        figures[table][key] = value
    return figures


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_report_page_shows_money_counts_and_hours_the_one_way(client, world, language):
    figures = _figures(rd_input__total="12345.6", rd_input__host_unit="100")
    figures["instruments"]["count"] = 1200
    report = filled_report(world, figures=figures)
    client.force_login(world.users["staff_nj"])
    with translation.override(language):
        page = client.get(
            reverse("reporting:detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
    assert ">12,345.60<" in page and ">100.00<" in page  # money, from "100"
    assert ">1,200<" in page  # a count
    assert ">8,000.5<" in page  # hours: as entered, not money
    assert "E+" not in page


def test_the_market_share_warning_quotes_9500_over_3_as_3166_67(world):
    figures = _figures(income__total="9500", income__government_funding="6400")
    for key in ("contract_rd", "tech_transfer", "tech_services"):
        figures["income"][key] = "1000"
    figures["income"]["other_market"] = "100"
    world.nj.construction_ends_on = world.nj.construction_ends_on.replace(year=2020)
    [finding] = market_findings(figures, world.nj, 2024)
    assert "年度市场化收入 3,100.00 万元" in finding.text
    assert "年度总收入 9,500.00 万元" in finding.text
    assert "应不少于 3,166.67 万元" in finding.text


def test_the_excel_template_keeps_numbers_as_numbers_with_a_number_format(world):
    report = filled_report(world, figures=_figures(rd_input__total="12345.6"))
    workbook = load_workbook(io.BytesIO(report_template(report)))
    money = counts = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.number_format == "#,##0.00":
                    assert isinstance(cell.value, int | float | Decimal | type(None))
                    money += 1
                elif cell.number_format == "#,##0":
                    assert isinstance(cell.value, int | type(None))
                    counts += 1
    assert money and counts
    values = [
        c.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.number_format == "#,##0.00"
    ]
    assert 12345.6 in values and "12345.6" not in values
