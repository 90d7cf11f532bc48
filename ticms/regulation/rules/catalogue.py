"""The catalogue: every establishment rule (第十二条 and 第四条) with its id, article, severity,
title, the fields it reads and its check; and the rules by id."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .article4 import check_no_duplicate_layout
from .article12 import (
    check_co_built,
    check_investment,
    check_no_repeat_support,
    check_operation,
    check_policy,
    check_rd_investment,
    check_team_size,
    check_team_structure,
    ratio_rule,
)
from .base import Rule
from .checks import boolean_rule, minimum_rule
from .outcomes import Severity

M, P = Severity.MANDATORY, Severity.IN_PRINCIPLE

ESTABLISHMENT_RULES: tuple[Rule, ...] = (
    Rule(
        "A12.1.jiangsu",
        12,
        1,
        M,
        _("在江苏省内注册登记"),
        ("center.registered_in_jiangsu",),
        boolean_rule(
            "center.registered_in_jiangsu",
            _("技术创新中心在江苏省内注册登记"),
            _("技术创新中心须在江苏省内注册登记，当前填报为未在省内注册"),
        ),
    ),
    Rule(
        "A12.1.legal_person",
        12,
        1,
        M,
        _("具有独立法人资格"),
        ("center.independent_legal_person",),
        boolean_rule(
            "center.independent_legal_person",
            _("技术创新中心具有独立法人资格"),
            _("技术创新中心须具有独立法人资格，当前填报为不具有"),
        ),
    ),
    Rule(
        "A12.1.co_built",
        12,
        1,
        M,
        _("多方共建并签署共建协议"),
        ("center.co_building_agreement_signed", "center.co_builders"),
        check_co_built,
    ),
    Rule(
        "A12.1.operation_12m",
        12,
        1,
        P,
        _("实质性运行12个月以上"),
        ("center.operating_since",),
        check_operation,
    ),
    Rule(
        "A12.1.site_area",
        12,
        1,
        M,
        _("独立研发场地面积"),
        ("center.rd_site_area_m2",),
        minimum_rule(
            "center.rd_site_area_m2",
            "site_area_min_m2",
            "m²",
            _("独立研发场地面积 %(value)s %(unit)s ≥ %(limit)s %(unit)s"),
            _("独立研发场地面积须不少于 %(limit)s %(unit)s，当前为 %(value)s %(unit)s"),
        ),
    ),
    Rule(
        "A12.1.instruments",
        12,
        1,
        M,
        _("科研仪器设备原值"),
        ("center.instrument_value_wan_yuan",),
        minimum_rule(
            "center.instrument_value_wan_yuan",
            "instrument_value_min_wan_yuan",
            _("万元"),
            _("科研仪器设备原值 %(value)s %(unit)s ≥ %(limit)s %(unit)s"),
            _("科研仪器设备原值须不少于 %(limit)s %(unit)s，当前为 %(value)s %(unit)s"),
        ),
    ),
    Rule(
        "A12.2.platform",
        12,
        2,
        M,
        _("依托单位建有省级及以上创新平台"),
        ("host_unit.has_provincial_platform",),
        boolean_rule(
            "host_unit.has_provincial_platform",
            _("依托单位建有省级及以上创新平台"),
            _("依托单位须建有省级及以上创新平台，当前填报为没有"),
        ),
    ),
    Rule(
        "A12.2.projects",
        12,
        2,
        M,
        _("依托单位承担过省级及以上研发课题或项目"),
        ("host_unit.undertook_provincial_project",),
        boolean_rule(
            "host_unit.undertook_provincial_project",
            _("依托单位承担过省级及以上研发课题或项目"),
            _("依托单位须承担过省级及以上研发课题或项目，当前填报为没有"),
        ),
    ),
    Rule(
        "A12.2.rd_investment",
        12,
        2,
        M,
        _("依托单位近三年平均年度研发投入"),
        ("host_unit.rd_investment_wan_yuan",),
        check_rd_investment,
    ),
    Rule(
        "A12.3.policy",
        12,
        3,
        M,
        _("已出台产业政策并配套建有产业园区"),
        ("region.industry_policy_issued", "region.has_industrial_park"),
        check_policy,
    ),
    Rule(
        "A12.3.investment",
        12,
        3,
        P,
        _("地方政府前期投入与建设期新增投入"),
        ("region.prior_investment_wan_yuan", "region.planned_investment_wan_yuan"),
        check_investment,
    ),
    Rule(
        "A12.4.executive_director",
        12,
        4,
        M,
        _("聘任全职执行主任"),
        ("team.executive_director_full_time",),
        boolean_rule(
            "team.executive_director_full_time",
            _("执行主任为全职管理负责人"),
            _("执行主任须全职全时在技术创新中心工作，当前填报为非全职"),
        ),
    ),
    Rule("A12.4.team_size", 12, 4, M, _("团队成员人数"), ("team.members",), check_team_size),
    Rule(
        "A12.4.full_time_ratio",
        12,
        4,
        M,
        _("全职人员比例"),
        ("team.full_time_members", "team.members"),
        ratio_rule(
            "team.full_time_members",
            "team.members",
            "full_time_ratio_min",
            _("全职人员"),
            _("团队成员"),
        ),
    ),
    Rule(
        "A12.4.qualified_ratio",
        12,
        4,
        M,
        _("中高级职称或硕士学位以上研发人员比例"),
        ("team.rd_staff_qualified", "team.rd_staff"),
        ratio_rule(
            "team.rd_staff_qualified",
            "team.rd_staff",
            "qualified_ratio_min",
            _("中高级职称或硕士学位以上研发人员"),
            _("研发人员"),
        ),
    ),
    Rule(
        "A12.4.team_structure",
        12,
        4,
        M,
        _("三类团队齐备"),
        ("team.has_core_rd_team", "team.has_tech_support_team", "team.has_transfer_team"),
        check_team_structure,
    ),
    Rule(
        "A12.4.no_repeat_support",
        12,
        4,
        P,
        _("同一负责人、同一团队不重复支持"),
        (
            "layout.director_id_number",
            "layout.executive_director_id_number",
            "layout.team_id_numbers",
        ),
        check_no_repeat_support,
        needs_layout=True,
    ),
    Rule(
        "A4.no_duplicate_layout",
        4,
        None,
        P,
        _("同一细分产业领域不重复布局"),
        ("layout.sub_field",),
        check_no_duplicate_layout,
        needs_layout=True,
    ),
)

RULES_BY_ID = {rule.id: rule for rule in ESTABLISHMENT_RULES}
