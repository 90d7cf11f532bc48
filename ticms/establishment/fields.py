"""The eligibility questions an application form asks (第十二条), once, for the forms, the
completeness check and the version comparison alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ticms.regulation.thresholds import Thresholds


@dataclass(frozen=True)
class Question:
    section: str
    key: str
    label: object
    kind: str  # bool | date | amount
    article: str
    help_text: object = ""

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"


QUESTIONS = (
    Question(
        "center",
        "registered_in_jiangsu",
        _("技术创新中心在江苏省内注册登记"),
        "bool",
        "第十二条第1项",
    ),
    Question(
        "center",
        "independent_legal_person",
        _("技术创新中心具有独立法人资格"),
        "bool",
        "第十二条第1项",
    ),
    Question(
        "center",
        "co_building_agreement_signed",
        _("各共建单位已签署共建协议"),
        "bool",
        "第十二条第1项",
    ),
    Question(
        "center",
        "operating_since",
        _("实质性运行起始日期"),
        "date",
        "第十二条第1项",
        _("原则上已实质性运行12个月以上"),
    ),
    Question(
        "center",
        "rd_site_area_m2",
        _("独立研发场地面积（m²）"),
        "amount",
        "第十二条第1项",
        _("不少于5000平方米"),
    ),
    Question(
        "center",
        "instrument_value_wan_yuan",
        _("科研仪器设备原值（万元）"),
        "amount",
        "第十二条第1项",
        _("不少于2000万元"),
    ),
    Question(
        "host_unit",
        "has_provincial_platform",
        _("依托单位建有省级及以上创新平台"),
        "bool",
        "第十二条第2项",
    ),
    Question(
        "host_unit",
        "undertook_provincial_project",
        _("依托单位承担过省级及以上研发课题或项目"),
        "bool",
        "第十二条第2项",
    ),
    Question(
        "region",
        "industry_policy_issued",
        _("牵头地区已出台该领域产业政策文件"),
        "bool",
        "第十二条第3项",
    ),
    Question(
        "region",
        "has_industrial_park",
        _("牵头地区配套建有该领域产业园区"),
        "bool",
        "第十二条第3项",
    ),
    Question(
        "region",
        "prior_investment_wan_yuan",
        _("地方政府前期投入（万元）"),
        "amount",
        "第十二条第3项",
        _("原则上不少于1亿元"),
    ),
    Question(
        "region",
        "planned_investment_wan_yuan",
        _("建设期内地方政府新增投入（万元）"),
        "amount",
        "第十二条第3项",
        _("原则上不少于2亿元"),
    ),
    Question(
        "team",
        "executive_director_full_time",
        _("执行主任全职全时在中心工作"),
        "bool",
        "第十二条第4项",
    ),
)

RD_INVESTMENT = ("host_unit", "rd_investment_wan_yuan")


def rd_investment_years(as_of, rule_set) -> list[int]:
    n = Thresholds(rule_set.thresholds).count("rd_investment_years")
    return list(range(as_of.year - n, as_of.year))
