"""What the establishment transitions write besides the state (inside their transaction)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.common import workdays
from ticms.regulation.eligibility import rule_set_for

from .models import (
    Application,
    ApplicationVersion,
    Contract,
    ContractTarget,
    FormalReview,
    PublicNotice,
)

DEFAULT_CONSTRUCTION_YEARS = 5  # 第十三条第4项: 建设期一般为5年


def guide_published(guide, params) -> None:
    guide.published_at = timezone.now()


def submitted(application: Application, params, actor, comment) -> None:
    """Each submission freezes a version; earlier ones stay for comparison."""
    from .versions import snapshot

    application.version += 1
    application.submitted_at = timezone.now()
    application.save(update_fields=["version", "submitted_at", "updated_at"])
    events = {
        "city_review": "submit",
        "revision_review": "revision",
    }
    ApplicationVersion.objects.create(
        application=application,
        number=application.version,
        event=events.get(application.status, application.status),
        snapshot=snapshot(application),
        created_by=actor,
    )


def recommended(application: Application, params) -> None:
    application.recommended_at = timezone.now()


def _record_review(application: Application, params, actor, comment, *, passed: bool) -> None:
    from . import similarity
    from .eligibility import application_eligibility
    from .selectors import similar_plans

    report = application_eligibility(application, viewer=actor)
    FormalReview.objects.create(
        application=application,
        reviewer=actor,
        passed=passed,
        checks={k: bool(v) for k, v in params.items()},
        rule_set_code=report.rule_set.code,
        verdict=report.verdict,
        report=report.as_dict(),
        similar=similarity.stored(similar_plans(application)),
        justification=comment,
    )
    if passed:
        application.rule_set_code = report.rule_set.code
        application.eligibility_verdict = report.verdict
        application.save(update_fields=["rule_set_code", "eligibility_verdict", "updated_at"])


def formal_review_passed(application, params, actor, comment) -> None:
    _record_review(application, params, actor, comment, passed=True)


def formal_review_failed(application, params, actor, comment) -> None:
    _record_review(application, params, actor, comment, passed=False)


def formal_review_returned(application, params, actor, comment) -> None:
    _record_review(application, params, actor, comment, passed=False)


def notice_body(application: Application) -> str:
    co_builders = _("、").join(c.name for c in application.co_builders.all())
    lines = [
        _("拟建中心名称：%(name)s") % {"name": application.center_name},
        _("依托单位：%(unit)s") % {"unit": application.host_unit.name},
        _("共建单位：%(units)s") % {"units": co_builders},
        _("所在设区市：%(city)s") % {"city": application.city.name},
        _("细分产业领域：%(field)s") % {"field": application.sub_field.name},
        _("拟任主任：%(name)s") % {"name": application.director.name},
        _("拟任执行主任：%(name)s") % {"name": application.executive_director.name},
    ]
    return "\n".join(str(line) for line in lines)


def notice_published(application: Application, params, actor, comment) -> None:
    """公示 for a number of working days (第十三条第4项), counted with the working-day
    calendar: a notice published on a rest day starts counting on the next working day."""
    days = params.get("notice_workdays") or application.guide.notice_workdays
    today = timezone.localdate()
    PublicNotice.objects.create(
        application=application,
        title=_("关于拟批准组建「%(name)s」的公示") % {"name": application.center_name},
        body=notice_body(application),
        starts_on=today,
        ends_on=workdays.period_end(today, days),
        workdays=days,
    )
    # The decision is made under the rule set the application is judged by (its date's).
    from .eligibility import application_eligibility

    report = application_eligibility(application, viewer=actor)
    application.rule_set_code = report.rule_set.code
    application.eligibility_verdict = report.verdict
    application.save(update_fields=["rule_set_code", "eligibility_verdict", "updated_at"])


def approved(application: Application, params) -> None:
    application.approval_doc_no = params["approval_doc_no"]
    application.approved_on = params["approved_on"]


def objection_handled(objection, params, actor, comment) -> None:
    objection.handled_by = actor
    objection.handled_at = timezone.now()
    objection.handling_reason = comment
    objection.save(update_fields=["handled_by", "handled_at", "handling_reason"])


def construction_end(start: dt.date, years: int) -> dt.date:
    """The last day of a period of `years` years from `start` (民法典第二百零二条: a period
    ending on 29 February in a common year ends on 28 February)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, month=3, day=1)
    return end - dt.timedelta(days=1)


def contract_signed(application: Application, params, actor, comment) -> None:
    """The contract records the 考核指标; the center enters the registry in its construction
    period, which runs from the contract date (fill once: the application's data carries over).
    An application for a cultivating regional center (第六条) promotes that record instead."""
    from ticms.centers.services import center_establish, center_promote
    from ticms.centers.workflow import CENTER_WORKFLOW
    from ticms.common.workflow import transition_execute

    years = params.get("construction_years") or DEFAULT_CONSTRUCTION_YEARS
    starts_on = params["signed_on"]
    ends_on = construction_end(starts_on, years)
    profile = application.profile_data or {}
    center_facts = profile.get("center") or {}
    facts = {
        "name": application.center_name,
        "sub_field": application.sub_field,
        "director": application.director,
        "executive_director": application.executive_director,
        "executive_director_full_time": bool(
            (profile.get("team") or {}).get("executive_director_full_time")
        ),
        "rd_site_area_m2": center_facts.get("rd_site_area_m2"),
        "instrument_value_wan_yuan": center_facts.get("instrument_value_wan_yuan"),
        "research_directions": application.plan_directions,
        "approval_doc_no": application.approval_doc_no,
        "approved_on": application.approved_on,
    }
    co_builders = [
        {"name": c.name, "uscc": c.uscc, "kind": c.kind, "duties": c.duties}
        for c in application.co_builders.all()
    ]
    team = [
        {
            "person": m.person,
            "team": m.team,
            "position": m.position,
            "full_time": m.full_time,
            "is_rd_staff": m.is_rd_staff,
        }
        for m in application.team_members.select_related("person")
    ]
    promoted = application.center
    if promoted is not None:
        center = center_promote(
            actor=actor, center=promoted, facts=facts, co_builders=co_builders, team=team
        )
    else:
        center = center_establish(
            actor=actor,
            facts={
                **facts,
                "host_unit": application.host_unit,
                "city": application.city,
                "construction_starts_on": starts_on,
                "construction_ends_on": ends_on,
            },
            co_builders=co_builders,
            team=team,
            audit_after={"application": application.code, "contract_no": params["contract_no"]},
        )
    contract = Contract.objects.create(
        application=application,
        center=center,
        number=params["contract_no"],
        signed_on=starts_on,
        construction_years=years,
        construction_starts_on=starts_on,
        construction_ends_on=ends_on,
        rule_set_code=application.rule_set_code or rule_set_for(starts_on).code,
        signed_by=actor,
    )
    ContractTarget.objects.bulk_create(
        [
            ContractTarget(
                contract=contract,
                center=center,
                name=t.name,
                unit=t.unit,
                baseline=t.baseline,
                target_value=t.target_value,
                target_year=t.target_year,
                order=t.order,
            )
            for t in application.targets.all()
        ]
    )
    if promoted is not None:
        transition_execute(
            actor=actor,
            workflow=CENTER_WORKFLOW,
            obj=center,
            action="enter_construction",
            via="application.sign_contract",
        )
    application.center = center
    application.save(update_fields=["center", "updated_at"])
