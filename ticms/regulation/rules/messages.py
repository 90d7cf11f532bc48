"""How a rule explains itself: a finding is an outcome with a translatable template and its
numbers, rendered in whatever language is active; the fields it names are shown by label
(and, for API and command users, by path)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ticms.common.text import bracketed

from .outcomes import Outcome

FIELD_LABELS = {
    "center.registered_in_jiangsu": _("是否在江苏省内注册登记"),
    "center.independent_legal_person": _("是否具有独立法人资格"),
    "center.co_building_agreement_signed": _("是否已签署共建协议"),
    "center.co_builders": _("共建单位"),
    "center.operating_since": _("实质性运行起始日期"),
    "center.rd_site_area_m2": _("独立研发场地面积"),
    "center.instrument_value_wan_yuan": _("科研仪器设备原值"),
    "host_unit.has_provincial_platform": _("依托单位是否建有省级及以上创新平台"),
    "host_unit.undertook_provincial_project": _("依托单位是否承担过省级及以上研发课题或项目"),
    "host_unit.rd_investment_wan_yuan": _("依托单位年度研发投入"),
    "region.industry_policy_issued": _("牵头地区是否已出台相关产业政策文件"),
    "region.has_industrial_park": _("牵头地区是否配套建有该领域产业园区"),
    "region.prior_investment_wan_yuan": _("地方政府前期投入"),
    "region.planned_investment_wan_yuan": _("建设期内地方政府新增投入"),
    "team.executive_director_full_time": _("执行主任是否全职"),
    "team.members": _("团队成员人数"),
    "team.full_time_members": _("全职人员人数"),
    "team.rd_staff": _("研发人员人数"),
    "team.rd_staff_qualified": _("中高级职称或硕士学位以上研发人员人数"),
    "team.has_core_rd_team": _("是否有核心技术研发团队"),
    "team.has_tech_support_team": _("是否有技术支撑服务团队"),
    "team.has_transfer_team": _("是否有成果转化应用团队"),
    "layout.sub_field": _("细分产业领域"),
    "layout.director_id_number": _("主任证件号码"),
    "layout.executive_director_id_number": _("执行主任证件号码"),
    "layout.team_id_numbers": _("团队成员证件号码"),
}


# Field paths (`host_unit.rd_investment_wan_yuan`) help API and command users find the field;
# on an applicant's pages they are noise: those render with field_paths(False).
SHOW_PATHS: ContextVar[bool] = ContextVar("show_paths", default=True)


@contextmanager
def field_paths(show: bool):
    token = SHOW_PATHS.set(show)
    try:
        yield
    finally:
        SHOW_PATHS.reset(token)


@dataclass(frozen=True)
class FieldRef:
    path: str

    def render(self) -> str:
        label = str(FIELD_LABELS.get(self.path, self.path))
        return bracketed(label, self.path) if SHOW_PATHS.get() else label


@dataclass(frozen=True)
class PathNote:
    """「（path）」 after a phrase that already names the field, or nothing."""

    path: str

    def render(self) -> str:
        return gettext("（%(note)s）") % {"note": self.path} if SHOW_PATHS.get() else ""


def _render_value(value):
    if isinstance(value, Msg | Join | FieldRef | PathNote):
        return value.render()
    if isinstance(value, list | tuple):
        return Join(list(value)).render()
    if isinstance(value, int | Decimal):
        return value
    return str(value)


@dataclass(frozen=True)
class Msg:
    """A translatable template and its numbers, rendered in whatever language is active."""

    template: Any
    params: dict = field(default_factory=dict)

    def render(self) -> str:
        if not self.params:
            return str(self.template)
        return str(self.template) % {k: _render_value(v) for k, v in self.params.items()}


_SEMICOLON = _("；")


@dataclass(frozen=True)
class Join:
    """Items joined by a (translatable) separator: '；' between problems, '、' in a list."""

    items: list
    sep: Any = _SEMICOLON

    def render(self) -> str:
        return str(self.sep).join(str(_render_value(v)) for v in self.items)


@dataclass(frozen=True)
class Finding:
    outcome: Outcome
    template: Any
    params: dict = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        with translation.override(language or translation.get_language() or "zh-hans"):
            return Msg(self.template, self.params).render()
