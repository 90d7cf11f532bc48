"""The structured tables of an annual report (第二十二条), declared once.

Each table has columns (a count or an amount in 万元) and, for some, rows (the three team types,
the project levels). A figure's path is ``table.column`` or ``table.row.column``. The parser,
the checks, the pages and the Excel template all read these declarations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ticms.centers.models import TeamType
from ticms.common.money import fmt_count, fmt_money, fmt_number, to_decimal
from ticms.common.text import bracketed

COUNT, AMOUNT = "count", "amount"
MAX_DECIMALS = 6
MAX_COUNT = 10**9
_COUNT_RE = re.compile(r"^[0-9]{1,10}$")


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    kind: str = COUNT  # count | amount (a decimal: 万元 unless `unit` says otherwise)
    unit: object = None


@dataclass(frozen=True)
class Table:
    key: str
    label: object
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, object], ...] = ()

    def paths(self) -> list[str]:
        if self.rows:
            return [f"{self.key}.{row}.{c.key}" for row, _label in self.rows for c in self.columns]
        return [f"{self.key}.{c.key}" for c in self.columns]


@dataclass(frozen=True)
class Part:
    """The sum of `parts` never exceeds `total` (for every row of a table with rows)."""

    id: str
    table: str
    parts: tuple[str, ...]
    total: str


def _c(key, label, kind=COUNT, unit=None) -> Column:
    return Column(key, label, kind, unit)


WAN_YUAN = gettext_lazy("万元")
MAX_AMOUNT = Decimal(10) ** 12
_DECIMAL_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def column_unit(column: Column):
    """The unit shown beside a column: 万元 for money, nothing for counts."""
    if column.unit is not None:
        return column.unit
    return WAN_YUAN if column.kind == AMOUNT else ""


def is_money(column: Column) -> bool:
    return column.kind == AMOUNT and column.unit is None


def fmt_cell(column: Column, value) -> str:
    """A stored figure the one way: money (two decimals), another amount as entered (hours),
    a count with separators; — when blank."""
    if is_money(column):
        return fmt_money(value)
    return fmt_number(value) if column.kind == AMOUNT else fmt_count(value)


PROJECT_LEVELS = (
    ("national", gettext_lazy("国家级")),
    ("provincial", gettext_lazy("省级")),
    ("municipal", gettext_lazy("市级")),
    ("enterprise", gettext_lazy("企业委托（横向）")),
)

TABLES: tuple[Table, ...] = (
    Table(
        "people",
        gettext_lazy("人员情况"),
        (
            _c("members", gettext_lazy("团队成员")),
            _c("full_time", gettext_lazy("全职人员")),
            _c("rd_staff", gettext_lazy("研发人员")),
            _c("qualified_rd", gettext_lazy("中高级职称或硕士学位以上研发人员")),
            _c("senior_title", gettext_lazy("高级职称人员")),
            _c("doctorate", gettext_lazy("博士学位人员")),
        ),
        rows=tuple(TeamType.choices),
    ),
    Table(
        "rd_input",
        gettext_lazy("研发投入"),
        (
            _c("total", gettext_lazy("研发投入合计"), AMOUNT),
            _c("host_unit", gettext_lazy("其中：依托单位投入"), AMOUNT),
            _c("government", gettext_lazy("其中：地方政府投入"), AMOUNT),
            _c("co_builders", gettext_lazy("其中：共建单位投入"), AMOUNT),
        ),
    ),
    Table(
        "income",
        gettext_lazy("收入情况"),
        (
            _c("total", gettext_lazy("年度总收入"), AMOUNT),
            _c("government_funding", gettext_lazy("政府资助收入"), AMOUNT),
            _c("contract_rd", gettext_lazy("市场化收入：横向课题（委托研发）"), AMOUNT),
            _c("tech_transfer", gettext_lazy("市场化收入：技术转让与许可"), AMOUNT),
            _c("tech_services", gettext_lazy("市场化收入：技术服务"), AMOUNT),
            _c("other_market", gettext_lazy("市场化收入：其他"), AMOUNT),
        ),
    ),
    Table(
        "projects",
        gettext_lazy("承担项目"),
        (
            _c("count", gettext_lazy("项目数")),
            _c("led", gettext_lazy("其中：牵头项目数")),
            _c("budget", gettext_lazy("项目经费"), AMOUNT),
        ),
        rows=PROJECT_LEVELS,
    ),
    Table(
        "ip",
        gettext_lazy("知识产权与标准"),
        (
            _c("patents_applied", gettext_lazy("专利申请数")),
            _c("inventions_applied", gettext_lazy("其中：发明专利申请数")),
            _c("patents_granted", gettext_lazy("专利授权数")),
            _c("inventions_granted", gettext_lazy("其中：发明专利授权数")),
            _c("software_copyrights", gettext_lazy("软件著作权")),
            _c("standards", gettext_lazy("主持或参与制定标准数")),
            _c("standards_national", gettext_lazy("其中：国际标准和国家标准")),
        ),
    ),
    Table(
        "contracts",
        gettext_lazy("技术合同"),
        (
            _c("count", gettext_lazy("技术合同数")),
            _c("amount", gettext_lazy("技术合同成交额"), AMOUNT),
            _c("in_province_count", gettext_lazy("其中：省内技术合同数")),
            _c("in_province_amount", gettext_lazy("其中：省内技术合同成交额"), AMOUNT),
        ),
    ),
    Table(
        "transfers",
        gettext_lazy("成果转化"),
        (
            _c("count", gettext_lazy("转化成果数")),
            _c("amount", gettext_lazy("转化金额"), AMOUNT),
            _c("in_province_count", gettext_lazy("其中：在省内转化数")),
        ),
    ),
    Table(
        "enterprises",
        gettext_lazy("衍生与孵化企业"),
        (
            _c("spin_offs", gettext_lazy("衍生企业数")),
            _c("incubated", gettext_lazy("孵化企业数")),
            _c("high_tech", gettext_lazy("其中：高新技术企业数")),
        ),
    ),
    Table(
        "instruments",
        gettext_lazy("科研仪器与开放共享"),
        (
            _c("count", gettext_lazy("科研仪器设备台（套）数")),
            _c("value", gettext_lazy("科研仪器设备原值"), AMOUNT),
            _c("shared_count", gettext_lazy("其中：对外开放共享台（套）数")),
            _c("sharing_hours", gettext_lazy("对外服务机时"), AMOUNT, gettext_lazy("小时")),
            _c("external_users", gettext_lazy("服务外部用户数")),
        ),
    ),
)

TABLES_BY_KEY = {t.key: t for t in TABLES}

PARTS: tuple[Part, ...] = (
    Part("people.full_time", "people", ("full_time",), "members"),
    Part("people.rd_staff", "people", ("rd_staff",), "members"),
    Part("people.qualified_rd", "people", ("qualified_rd",), "rd_staff"),
    Part("people.senior_title", "people", ("senior_title",), "members"),
    Part("people.doctorate", "people", ("doctorate",), "members"),
    Part("rd_input.sources", "rd_input", ("host_unit", "government", "co_builders"), "total"),
    Part(
        "income.market",
        "income",
        ("contract_rd", "tech_transfer", "tech_services", "other_market"),
        "total",
    ),
    Part(
        "income.sources",
        "income",
        ("government_funding", "contract_rd", "tech_transfer", "tech_services", "other_market"),
        "total",
    ),
    Part("projects.led", "projects", ("led",), "count"),
    Part("ip.inventions_applied", "ip", ("inventions_applied",), "patents_applied"),
    Part("ip.inventions_granted", "ip", ("inventions_granted",), "patents_granted"),
    Part("ip.standards_national", "ip", ("standards_national",), "standards"),
    Part("contracts.in_province_count", "contracts", ("in_province_count",), "count"),
    Part("contracts.in_province_amount", "contracts", ("in_province_amount",), "amount"),
    Part("transfers.in_province_count", "transfers", ("in_province_count",), "count"),
    Part("enterprises.high_tech", "enterprises", ("high_tech",), "spin_offs+incubated"),
    Part("instruments.shared_count", "instruments", ("shared_count",), "count"),
)

MARKET_INCOME = ("contract_rd", "tech_transfer", "tech_services", "other_market")


def _column_index() -> dict[str, Column]:
    index = {}
    for table in TABLES:
        for column in table.columns:
            if table.rows:
                for row, _label in table.rows:
                    index[f"{table.key}.{row}.{column.key}"] = column
            else:
                index[f"{table.key}.{column.key}"] = column
    return index


COLUMNS = _column_index()
ALL_PATHS = tuple(COLUMNS)


def label_of(path: str) -> str:
    """'people.core_rd.full_time' -> '人员情况 · 核心技术研发团队 · 全职人员'."""
    keys = path.split(".")
    table = TABLES_BY_KEY[keys[0]]
    parts = [str(table.label)]
    if table.rows:
        parts.append(str(dict(table.rows)[keys[1]]))
    parts.append(str(COLUMNS[path].label))
    return " · ".join(parts)


def get(figures: dict, path: str):
    """The stored value at `path` (int or Decimal), or None when not filled."""
    node = figures
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if node is None:
        return None
    return Decimal(node) if COLUMNS[path].kind == AMOUNT else int(node)


def _set(figures: dict, path: str, value) -> None:
    keys = path.split(".")
    node = figures
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value


def clean_value(column: Column, raw):
    """One cell: None when blank, an int count or a decimal string; ValueError says why."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if column.kind == COUNT:
        if isinstance(raw, bool):
            raise ValueError(_("须为非负整数"))
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, str) and _COUNT_RE.match(raw.strip()):
            value = int(raw.strip())
        else:
            raise ValueError(_("须为非负整数"))
        if value < 0:
            raise ValueError(_("须为非负整数"))
        if value > MAX_COUNT:
            raise ValueError(_("数值过大"))
        return value
    unit = column_unit(column)
    not_a_number = _("须为数字（单位：%(unit)s）") % {"unit": unit} if unit else _("须为数字")
    # Plain decimals only: "1e6" or "1,000" is more likely a slip than what was meant.
    if isinstance(raw, str) and not _DECIMAL_RE.match(raw.strip().lstrip("-")):
        raise ValueError(not_a_number)
    try:
        value = to_decimal(raw)
    except ValueError as exc:
        raise ValueError(_("数值过大") if str(exc) == "too large" else not_a_number) from None
    if value < 0:
        raise ValueError(_("不能为负数"))
    if value >= MAX_AMOUNT:
        raise ValueError(_("数值过大"))
    if value.normalize().as_tuple().exponent < -MAX_DECIMALS:
        raise ValueError(_("最多保留 %(n)d 位小数") % {"n": MAX_DECIMALS})
    return format(value.normalize(), "f") if value else "0"


def figures_parse(raw) -> tuple[dict, dict[str, list]]:
    """Validate submitted figures strictly. Returns (cleaned, errors by path); the cleaned
    dict holds only the paths present in `raw` (a partial save), with None for cleared cells."""
    if not isinstance(raw, dict):
        return {}, {"figures": [_("统计数据须为对象（按表格分组）")]}
    cleaned: dict = {}
    errors: dict[str, list] = {}

    def walk(node, prefix: str) -> None:
        if not isinstance(node, dict):
            errors[prefix] = [_("须为对象（按表格分组）")]
            return
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if path in COLUMNS:
                try:
                    _set(cleaned, path, clean_value(COLUMNS[path], value))
                except ValueError as exc:
                    errors[path] = [
                        _("%(label)s：%(problem)s") % {"label": label_of(path), "problem": exc}
                    ]
            elif any(p.startswith(path + ".") for p in ALL_PATHS):
                walk(value, path)
            else:
                errors[path] = [_("未知的统计项：%(path)s") % {"path": path}]

    walk(raw, "")
    return cleaned, errors


def figures_merge(stored: dict, update: dict) -> dict:
    """`stored` with the cells of `update` written over it (None clears a cell)."""
    result: dict = {}
    for path in ALL_PATHS:
        value = _raw_get(update, path) if _raw_has(update, path) else _raw_get(stored, path)
        if value is not None:
            _set(result, path, value)
    return result


def _raw_has(figures: dict, path: str) -> bool:
    node = figures
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _raw_get(figures: dict, path: str):
    node = figures
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def missing_paths(figures: dict) -> list[str]:
    return [path for path in ALL_PATHS if get(figures, path) is None]


def numeric_values(figures: dict) -> dict[str, Decimal]:
    return {path: Decimal(value) for path in ALL_PATHS if (value := get(figures, path)) is not None}


# Stocks rather than flows: next year starts from them (fill once); the year's flows start empty.
CARRIED_OVER = ("people", "instruments.count", "instruments.value", "instruments.shared_count")


def carried_over(figures: dict) -> dict:
    """The part of a filed report that pre-fills the next year's draft."""
    result: dict = {}
    for path in ALL_PATHS:
        if any(path == p or path.startswith(p + ".") for p in CARRIED_OVER):
            value = _raw_get(figures, path)
            if value is not None:
                _set(result, path, value)
    return result


def unit_of(path: str):
    return column_unit(COLUMNS[path])


MAX_CHANGE_ROWS = 12


def change_rows(before, after) -> list[tuple[str, str, str]]:
    """The figures an edit changed, each by its label (for the audit log and timelines):
    「人员情况 · 核心技术研发团队 · 全职人员：35 → 38」, not the stored dict."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    rows = []
    for path in ALL_PATHS:
        old, new = _raw_get(before, path), _raw_get(after, path)
        if old != new:
            label = bracketed(label_of(path), unit_of(path))
            rows.append((label, "—" if old is None else str(old), "—" if new is None else str(new)))
    if len(rows) > MAX_CHANGE_ROWS:
        more = len(rows) - MAX_CHANGE_ROWS + 1
        rows = rows[: MAX_CHANGE_ROWS - 1]
        rows.append(
            (
                _("其余统计数据"),
                "…",
                ngettext("另有 %(n)d 项已修改", "另有 %(n)d 项已修改", more) % {"n": more},
            )
        )
    return rows
