"""The annual report lifecycle (第二十二条) as a declarative table."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.common.workflow import Transition, Workflow

from . import checks
from . import figures as F
from .branches import branches_not_submitted
from .branches import snapshot as branch_snapshot
from .models import AnnualReport, AnnualReportStatus
from .permissions import is_center_staff, is_city_of

S = AnnualReportStatus
ARTICLE = "第二十二条"
CENTER_REASON = gettext_lazy("只有本中心（依托单位）的用户可以办理")
CITY_REASON = gettext_lazy("只有中心所在设区市的科技局可以办理")
NARRATIVE = (
    ("progress", gettext_lazy("建设任务实施进展")),
    ("problems", gettext_lazy("存在的问题")),
    ("next_goals", gettext_lazy("下一步工作目标")),
)


def province_officers(report=None):
    return accounts.province_officers()


def city_officers(report: AnnualReport):
    return accounts.city_officers(report.center.city_id)


def center_staff(report: AnnualReport):
    return accounts.center_staff(report.center)


def center_and_city(report: AnnualReport):
    return [*center_staff(report), *city_officers(report)]


def submittable(report: AnnualReport, params, actor, comment) -> list[str]:
    """Every table filled, the three narrative parts written, and no errors."""
    problems = []
    missing = F.missing_paths(report.figures)
    if missing:
        # By table, so the message stays short: 人员情况 18 项、研发投入 4 项 …
        counts: dict[str, int] = {}
        for path in missing:
            table = path.split(".", 1)[0]
            counts[table] = counts.get(table, 0) + 1
        shown = _("、").join(
            _("%(table)s %(n)d 项") % {"table": F.TABLES_BY_KEY[key].label, "n": n}
            for key, n in counts.items()
        )
        problems.append(
            _("尚有 %(n)d 项统计数据未填写：%(items)s") % {"n": len(missing), "items": shown}
        )
    for name, label in NARRATIVE:
        if not getattr(report, name).strip():
            problems.append(_("请填写「%(label)s」（第二十二条）") % {"label": label})
    problems.extend(finding.cited for finding in checks.errors_of(checks.report_findings(report)))
    problems.extend(branches_not_submitted(report))
    return problems


def _submitted(report: AnnualReport, params: dict) -> None:
    report.submitted_at = timezone.now()
    report.branch_snapshot = branch_snapshot(report)


def _center(**kwargs) -> dict:
    return {"roles": frozenset({Role.CENTER}), "scope": is_center_staff,
            "scope_reason": CENTER_REASON, **kwargs}  # fmt: skip


def _city(**kwargs) -> dict:
    return {"roles": frozenset({Role.CITY}), "scope": is_city_of,
            "scope_reason": CITY_REASON, **kwargs}  # fmt: skip


ANNUAL_REPORT_WORKFLOW = Workflow(
    name="annual_report",
    model=AnnualReport,
    state_field="status",
    states=dict(AnnualReportStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="submit",
            label=gettext_lazy("提交年度报告"),
            sources=(S.DRAFT, S.RETURNED),
            target=S.SUBMITTED,
            article=ARTICLE,
            **_center(),
            guard=submittable,
            ready=submittable,
            apply=_submitted,
            todo_for=city_officers,
        ),
        Transition(
            action="return_to_center",
            label=gettext_lazy("退回修改"),
            sources=(S.SUBMITTED,),
            target=S.RETURNED,
            article=ARTICLE,
            **_city(),
            comment_required=True,
            todo_for=center_staff,
            style="warning",
        ),
        Transition(
            action="approve",
            label=gettext_lazy("审核通过，报省科技厅备案"),
            sources=(S.SUBMITTED,),
            target=S.APPROVED,
            article=ARTICLE,
            **_city(),
            todo_for=province_officers,
            notify=center_staff,
        ),
        Transition(
            action="file",
            label=gettext_lazy("备案"),
            sources=(S.APPROVED,),
            target=S.FILED,
            article=ARTICLE,
            roles=frozenset({Role.PROVINCE}),
            notify=center_and_city,
        ),
    ],
)
