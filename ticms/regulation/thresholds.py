"""The thresholds a rule set holds: names, kinds, and the values of the first version."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common.money import parse_ratio, to_decimal


@dataclass(frozen=True)
class ThresholdSpec:
    key: str
    kind: str  # amount | count | ratio
    label: object
    unit: object = ""
    minimum: int = 0  # smallest valid value of a count


SPECS = (
    ThresholdSpec("site_area_min_m2", "amount", gettext_lazy("独立研发场地面积下限"), "m²"),
    ThresholdSpec(
        "instrument_value_min_wan_yuan",
        "amount",
        gettext_lazy("科研仪器设备原值下限"),
        gettext_lazy("万元"),
    ),
    ThresholdSpec(
        "operation_min_months", "count", gettext_lazy("实质性运行月数下限"), gettext_lazy("个月")
    ),
    ThresholdSpec("co_builders_min", "count", gettext_lazy("共建单位数量下限"), gettext_lazy("家")),
    # An average over zero years is undefined: at least one year.
    ThresholdSpec(
        "rd_investment_years",
        "count",
        gettext_lazy("研发投入平均年数"),
        gettext_lazy("年"),
        minimum=1,
    ),
    ThresholdSpec(
        "rd_investment_avg_min_wan_yuan",
        "amount",
        gettext_lazy("依托单位近三年平均研发投入下限"),
        gettext_lazy("万元"),
    ),
    ThresholdSpec(
        "prior_investment_min_wan_yuan",
        "amount",
        gettext_lazy("地方政府前期投入下限"),
        gettext_lazy("万元"),
    ),
    ThresholdSpec(
        "planned_investment_min_wan_yuan",
        "amount",
        gettext_lazy("建设期内新增投入下限"),
        gettext_lazy("万元"),
    ),
    ThresholdSpec("team_size_min", "count", gettext_lazy("团队成员人数下限"), gettext_lazy("人")),
    ThresholdSpec("full_time_ratio_min", "ratio", gettext_lazy("全职人员比例下限")),
    ThresholdSpec(
        "qualified_ratio_min", "ratio", gettext_lazy("中高级职称或硕士以上研发人员比例下限")
    ),
    ThresholdSpec(
        "same_team_ratio", "ratio", gettext_lazy("判定为同一团队的成员重合比例（不低于）")
    ),
)

FIRST_VERSION = {
    "site_area_min_m2": "5000",
    "instrument_value_min_wan_yuan": "2000",
    "operation_min_months": 12,
    "co_builders_min": 2,
    "rd_investment_years": 3,
    "rd_investment_avg_min_wan_yuan": "3000",
    "prior_investment_min_wan_yuan": "10000",
    "planned_investment_min_wan_yuan": "20000",
    "team_size_min": 100,
    "full_time_ratio_min": "1/2",
    "qualified_ratio_min": "4/5",
    "same_team_ratio": "1/2",
}


def threshold_problems(values) -> list[str]:
    if not isinstance(values, dict):
        return [_("阈值须为 JSON 对象")]
    problems = []
    known = {spec.key for spec in SPECS}
    for key in sorted(set(values) - known):
        problems.append(_("未知的阈值：%(key)s") % {"key": key})
    for spec in SPECS:
        if spec.key not in values:
            problems.append(_("缺少阈值：%(key)s") % {"key": spec.key})
            continue
        value = values[spec.key]
        try:
            if spec.kind == "amount":
                ok = to_decimal(value) >= 0
            elif spec.kind == "count":
                ok = (
                    isinstance(value, int) and not isinstance(value, bool) and value >= spec.minimum
                )
            else:
                ratio = parse_ratio(value)
                ok = 0 <= ratio <= 1
        except (ValueError, ZeroDivisionError):
            ok = False
        if not ok:
            problems.append(
                _("阈值 %(key)s 的值无效：%(value)s") % {"key": spec.key, "value": value}
            )
    return problems


class Thresholds:
    """Typed access to a rule set's values: Decimal amounts, int counts, Fraction ratios."""

    def __init__(self, values: dict):
        self._values = values

    def amount(self, key: str) -> Decimal:
        return to_decimal(self._values[key])

    def count(self, key: str) -> int:
        return int(self._values[key])

    def ratio(self, key: str) -> Fraction:
        return parse_ratio(self._values[key])
