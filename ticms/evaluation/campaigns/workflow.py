"""The two lifecycles of a performance evaluation (第二十四、二十五条) as transition tables:
the campaign (opened by the province, scored by the agency, published by the province) and each
center's part in it (data confirmed and self-evaluation, 第九条第4项; the city's check, 第八条第5项;
the on-site check; absence and its reason, 第二十五条)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.common.workflow import Param, Transition, Workflow

from ..models import Campaign, CampaignCenter, CampaignStatus
from ..models.campaigns import NOT_PARTICIPATING, CampaignCenterStatus
from . import selectors

C = CampaignStatus
E = CampaignCenterStatus
A24, A25 = "第二十四条", "第二十五条"
AGENCY_REASON = gettext_lazy("只有受托的评估机构可以办理")
CITY_REASON = gettext_lazy("只有中心所在设区市的科技局可以办理")
CENTER_REASON = gettext_lazy("只有本中心（依托单位）的用户可以办理")


def province(obj=None):
    return accounts.province_officers()


def agency(campaign: Campaign):
    return selectors.agency_staff(campaign)


def agency_and_province(campaign: Campaign):
    return [*agency(campaign), *province()]


def _campaign_problems(campaign: Campaign, params, actor, comment) -> list[str]:
    from .services import open_problems

    return open_problems(campaign)


def _scoring_problems(campaign: Campaign, params, actor, comment) -> list[str]:
    from .services import results_problems

    return results_problems(campaign)


def _publish_problems(campaign: Campaign, params, actor, comment) -> list[str]:
    from .services import results_problems

    return results_problems(campaign, publishing=True)


def _opened(campaign: Campaign, params, actor, comment) -> None:
    from .services import entries_create

    entries_create(campaign)


def _scoring_started(campaign: Campaign, params, actor, comment) -> None:
    from .services import absentees_record

    absentees_record(campaign, actor)


def _published(campaign: Campaign, params: dict) -> None:
    campaign.published_at = timezone.now()


def _after_publish(campaign: Campaign, params, actor, comment) -> None:
    from ticms.evaluation.links import proposals_start

    from .services import results_notify

    results_notify(campaign)
    proposals_start(campaign, actor)  # 第二十五条: what the rules propose for each center


def _province(**kwargs) -> dict:
    return {"roles": frozenset({Role.PROVINCE}), **kwargs}


def _agency(**kwargs) -> dict:
    return {"roles": frozenset({Role.EVALUATOR}), "scope": selectors.is_agency_of,
            "scope_reason": AGENCY_REASON, **kwargs}  # fmt: skip


CAMPAIGN_WORKFLOW = Workflow(
    name="evaluation_campaign",
    model=Campaign,
    state_field="status",
    states=dict(CampaignStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="open",
            label=gettext_lazy("启动评估"),
            sources=(C.DRAFT,),
            target=C.COLLECTING,
            article=A24,
            **_province(),
            guard=_campaign_problems,
            ready=_campaign_problems,
            effect=_opened,
            notify=agency,
            confirm=gettext_lazy(
                "启动后，所有已通过验收的中心纳入本批次，并收到确认数据与自评的待办。"
            ),
        ),
        Transition(
            action="start_scoring",
            label=gettext_lazy("结束自评，开始评估打分"),
            sources=(C.COLLECTING,),
            target=C.SCORING,
            article=A24,
            roles=frozenset({Role.PROVINCE}),
            effect=_scoring_started,
            todo_for=agency,
            confirm=gettext_lazy(
                "尚未提交自评的中心将记为未参评（第二十五条），可由中心说明理由、省科技厅认可。"
            ),
        ),
        Transition(
            action="submit_results",
            label=gettext_lazy("提交评估结果"),
            sources=(C.SCORING,),
            target=C.REVIEWING,
            article=A24,
            **_agency(),
            guard=_scoring_problems,
            ready=_scoring_problems,
            todo_for=province,
        ),
        Transition(
            action="return_results",
            label=gettext_lazy("退回评估机构"),
            sources=(C.REVIEWING,),
            target=C.SCORING,
            article=A24,
            **_province(),
            comment_required=True,
            todo_for=agency,
            style="warning",
        ),
        Transition(
            action="publish",
            label=gettext_lazy("发布评估结果"),
            sources=(C.REVIEWING,),
            target=C.PUBLISHED,
            article=A25,
            **_province(),
            guard=_publish_problems,
            ready=_publish_problems,
            apply=_published,
            effect=_after_publish,
            notify=agency,
            confirm=gettext_lazy(
                "发布后，各中心可查看本中心的得分与等级，评估结果作为动态管理的依据（第二十五条）。"
            ),
        ),
    ],
)


def center_staff(entry: CampaignCenter):
    return accounts.center_staff(entry.center)


def city_officers(entry: CampaignCenter):
    return accounts.city_officers(entry.center.city_id)


def _campaign_in(*states):
    def guard(entry: CampaignCenter, params, actor, comment) -> list[str]:
        campaign = entry.campaign
        if campaign.status not in states:
            return [
                _("评估批次当前为「%(state)s」，此项不能办理")
                % {"state": campaign.get_status_display()}
            ]
        return []

    return guard


def _self_submitted(entry: CampaignCenter, params: dict) -> None:
    entry.data_confirmed = bool(params.get("data_confirmed"))
    entry.self_evaluation = params["self_evaluation"]
    entry.evidence = params.get("evidence") or ""


def _city_checked(entry: CampaignCenter, params: dict) -> None:
    entry.city_opinion = params["city_opinion"]


def _declined(entry: CampaignCenter, params: dict) -> None:
    entry.absence_reason = params["absence_reason"]


def _onsite_recorded(entry: CampaignCenter, params: dict) -> None:
    entry.onsite_findings = params["onsite_findings"]


def _changed_results(entry: CampaignCenter, params, actor, comment) -> None:
    Campaign.objects.filter(pk=entry.campaign_id).update(stale=True)


def _entry_center(**kwargs) -> dict:
    return {"roles": frozenset({Role.CENTER}), "scope": selectors.is_center_of_entry,
            "scope_reason": CENTER_REASON, **kwargs}  # fmt: skip


def _entry_city(**kwargs) -> dict:
    return {"roles": frozenset({Role.CITY}), "scope": selectors.is_city_of_entry,
            "scope_reason": CITY_REASON, **kwargs}  # fmt: skip


def _entry_agency(**kwargs) -> dict:
    return {"roles": frozenset({Role.EVALUATOR}),
            "scope": lambda user, entry: selectors.is_agency_of(user, entry.campaign),
            "scope_reason": AGENCY_REASON, **kwargs}  # fmt: skip


TEXT = {"kind": "textarea", "max_length": 5000}

ENTRY_WORKFLOW = Workflow(
    name="campaign_center",
    model=CampaignCenter,
    state_field="status",
    states=dict(CampaignCenterStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="submit_self_evaluation",
            label=gettext_lazy("确认数据并提交自评"),
            sources=(E.PENDING, E.RETURNED),
            target=E.SELF_SUBMITTED,
            article="第九条第4项",
            **_entry_center(),
            params=(
                Param(
                    "data_confirmed",
                    gettext_lazy("已核对取自已备案年度报告的数据，确认无误"),
                    kind="checkbox",
                ),
                Param("self_evaluation", gettext_lazy("自评报告"), **TEXT),
                Param("evidence", gettext_lazy("佐证材料清单"), required=False, **TEXT),
            ),
            guard=_campaign_in(C.COLLECTING),
            ready=_campaign_in(C.COLLECTING),
            apply=_self_submitted,
            todo_for=city_officers,
            todo_article="第八条第5项",
            comment_field=False,
        ),
        Transition(
            action="decline",
            label=gettext_lazy("说明不参加评估"),
            sources=(E.PENDING, E.RETURNED),
            target=E.ABSENT,
            article=A25,
            **_entry_center(),
            params=(Param("absence_reason", gettext_lazy("不参加评估的理由"), **TEXT),),
            guard=_campaign_in(C.COLLECTING),
            apply=_declined,
            todo_for=province,
            comment_field=False,
            style="outline-danger",
            confirm=gettext_lazy(
                "无故不参加评估的中心不再纳入技术创新中心序列管理（第二十五条）。"
            ),
        ),
        Transition(
            action="return_to_center",
            label=gettext_lazy("退回修改"),
            sources=(E.SELF_SUBMITTED,),
            target=E.RETURNED,
            article="第八条第5项",
            **_entry_city(),
            comment_required=True,
            guard=_campaign_in(C.COLLECTING),
            todo_for=center_staff,
            style="warning",
        ),
        Transition(
            action="city_check",
            label=gettext_lazy("审核并出具意见"),
            sources=(E.SELF_SUBMITTED,),
            target=E.CITY_CHECKED,
            article="第八条第5项",
            **_entry_city(),
            params=(Param("city_opinion", gettext_lazy("设区市审核意见"), **TEXT),),
            guard=_campaign_in(C.COLLECTING),
            ready=_campaign_in(C.COLLECTING),
            apply=_city_checked,
            notify=center_staff,
            comment_field=False,
        ),
        Transition(
            action="pick_onsite",
            label=gettext_lazy("列入现场核查"),
            sources=(E.SELF_SUBMITTED, E.CITY_CHECKED),
            target=E.ONSITE,
            article=A24,
            **_entry_agency(),
            guard=_campaign_in(C.SCORING),
            ready=_campaign_in(C.SCORING),
            notify=lambda entry: [*center_staff(entry), *city_officers(entry)],
            style="outline-primary",
        ),
        Transition(
            action="record_onsite",
            label=gettext_lazy("记录现场核查情况"),
            sources=(E.ONSITE,),
            target=E.ONSITE_DONE,
            article=A24,
            **_entry_agency(),
            params=(Param("onsite_findings", gettext_lazy("现场核查情况"), **TEXT),),
            guard=_campaign_in(C.SCORING),
            apply=_onsite_recorded,
            comment_field=False,
        ),
        Transition(
            action="accept_reason",
            label=gettext_lazy("认可未参评理由"),
            sources=(E.ABSENT,),
            target=E.EXCUSED,
            article=A25,
            **_province(),
            comment_required=True,
            guard=_campaign_in(C.COLLECTING, C.SCORING, C.REVIEWING),
            effect=_changed_results,
            notify=center_staff,
        ),
    ],
)

__all__ = ["CAMPAIGN_WORKFLOW", "ENTRY_WORKFLOW", "NOT_PARTICIPATING"]
