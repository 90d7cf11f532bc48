"""Establishment (第十一至十三条): a guide a year, the applications of every center approved
since TICMS took over (contracted, with formal review, argumentation and public notice), this
year's applications at every step, and past applications that were refused or withdrawn."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ticms.accounts.models import Organisation, OrganisationKind, Role, User
from ticms.common.audit import to_json
from ticms.demo.establishment import PLAN
from ticms.establishment.models import (
    Application,
    ApplicationStatus,
    Contract,
    Guide,
    GuideCriterion,
    GuideStatus,
)
from ticms.regulation.eligibility import rule_set_for

from . import reviews
from .applications import CHECKS, formal_reviews, notices, rows
from .base import Scale, bulk
from .organisations import _user, user_events
from .plans import Plan

A = ApplicationStatus
APPLICATION = "establishment.application"
CRITERIA = (("建设基础", 30), ("建设方案", 30), ("产业带动", 25), ("考核指标", 15))
# (action, who, source, target, article): the road of an application (establishment.workflow).
ROAD = {
    "submit": ("applicant", A.DRAFT, A.CITY_REVIEW, "第十三条第2项"),
    "withdraw": ("applicant", A.CITY_REVIEW, A.WITHDRAWN, "第十三条第2项"),
    "return_to_applicant": ("city", A.CITY_REVIEW, A.RETURNED, "第八条第2项"),
    "city_reject": ("city", A.CITY_REVIEW, A.CITY_REJECTED, "第八条第2项"),
    "recommend": ("city", A.CITY_REVIEW, A.FORMAL_REVIEW, "第八条第2项"),
    "pass_formal_review": ("province", A.FORMAL_REVIEW, A.ARGUMENTATION, "第十三条第3项"),
    "request_revision": ("province", A.ARGUMENTATION, A.REVISING, "第十三条第3项"),
    "submit_revision": ("applicant", A.REVISING, A.REVISION_REVIEW, "第十三条第3项"),
    "confirm_revision": ("city", A.REVISION_REVIEW, A.DECISION, "第十三条第3项"),
    "to_decision": ("province", A.ARGUMENTATION, A.DECISION, "第十三条第3项"),
    "approve_for_notice": ("province", A.DECISION, A.NOTICE, "第十三条第4项"),
    "reject": ("province", A.DECISION, A.REJECTED, "第十三条第4项"),
    "approve": ("province", A.NOTICE, A.APPROVED, "第十三条第4项"),
    "sign_contract": ("province", A.APPROVED, A.CONTRACTED, "第十三条第4项"),
}
_TO_FORMAL = ("submit", "recommend")
_TO_ARGUE = (*_TO_FORMAL, "pass_formal_review")
_TO_DECIDE = (*_TO_ARGUE, "to_decision")
PATHS = {
    A.DRAFT: (),
    A.CITY_REVIEW: ("submit",),
    A.RETURNED: ("submit", "return_to_applicant"),
    A.WITHDRAWN: ("submit", "withdraw"),
    A.CITY_REJECTED: ("submit", "city_reject"),
    A.FORMAL_REVIEW: _TO_FORMAL,
    A.ARGUMENTATION: _TO_ARGUE,
    A.REVISING: (*_TO_ARGUE, "request_revision"),
    A.REVISION_REVIEW: (*_TO_ARGUE, "request_revision", "submit_revision"),
    A.DECISION: _TO_DECIDE,
    A.NOTICE: (*_TO_DECIDE, "approve_for_notice"),
    A.APPROVED: (*_TO_DECIDE, "approve_for_notice", "approve"),
    A.CONTRACTED: (*_TO_DECIDE, "approve_for_notice", "approve", "sign_contract"),
    A.REJECTED: (*_TO_DECIDE, "reject"),
}
LIVE = (
    A.DRAFT,
    A.CITY_REVIEW,
    A.RETURNED,
    A.FORMAL_REVIEW,
    A.ARGUMENTATION,
    A.REVISING,
    A.REVISION_REVIEW,
    A.DECISION,
    A.NOTICE,
    A.APPROVED,
    A.CITY_REJECTED,
    A.WITHDRAWN,
    A.REJECTED,
)
REASONS = {
    "return_to_applicant": "请补充地方政府投入证明材料。",
    "city_reject": "本市名额有限，经综合评审不予推荐。",
    "request_revision": "请按专家组意见完善考核指标和建设任务。",
    "reject": "经研究，该方向与已布局平台重复，不予支持（第四条）。",
    "withdraw": "依托单位调整申报计划，撤回申请。",
}


def seed(s: Scale, plans: list[Plan]) -> None:
    with s.phase("applications, reviews, notices") as written:
        guides = _guides(s)
        apps = _contracted(s, plans, guides) + _live(s, plans, guides) + _refused(s, guides)
        for k, app in enumerate(apps, start=1):
            app.code = f"SQ-{app.guide.year}-{k:05d}"
        bulk(Application, apps)
        linked = [a.plan.contract for a in apps if a.status == A.CONTRACTED]
        for contract in linked:
            contract.application = contract.plan_app
        Contract.objects.bulk_update(linked, ["application"], batch_size=1000)
        made = rows(s, apps)
        reviewed = formal_reviews(s, apps)
        published = notices(s, apps)
        panels = reviews.seed(s, [a for a in apps if "pass_formal_review" in a.times])
        for app in apps:
            _events(s, app)
        s.applications = apps
        written.update(
            applications=len(apps),
            **made,
            **{"formal reviews": reviewed, "public notices": published},
            **panels,
        )


def _guides(s: Scale) -> dict[int, Guide]:
    guides = {}
    for year in range(s.system_start.year, s.today.year + 1):
        if year == s.today.year:
            opens, closes = s.today - dt.timedelta(days=120), s.today + dt.timedelta(days=30)
            status = GuideStatus.PUBLISHED
        else:
            opens, closes = dt.date(year, 3, 1), dt.date(year, 5, 31)
            status = GuideStatus.CLOSED
        published = s.at(opens - dt.timedelta(days=7))
        guides[year] = Guide(
            year=year,
            title=f"{year}年度江苏省技术创新中心建设申报指南",
            status=status,
            opens_on=opens,
            closes_on=closes,
            city_review_ends_on=closes + dt.timedelta(days=30),
            required_materials=["co_building_agreement", "credit_commitment"],
            requirements="一、申报单位应满足《江苏省技术创新中心管理办法（试行）》第十二条规定的条件。\n"
            "二、各设区市科技局按名额择优推荐，坚持“少而精”。",
            notice_workdays=5,
            published_at=published,
            created_at=published - dt.timedelta(days=10),
        )
    bulk(Guide, list(guides.values()))
    criteria, through = [], Guide.priority_fields.through
    links = []
    for guide in guides.values():
        guide.criteria_rows = [
            GuideCriterion(guide=guide, name=name, weight=Decimal(weight), order=k)
            for k, (name, weight) in enumerate(CRITERIA)
        ]
        criteria += guide.criteria_rows
        links += [
            through(guide_id=guide.pk, industryfield_id=f.pk) for f in s.rng.sample(s.fields, 3)
        ]
        creator = s.province
        s.record(
            guide.created_at,
            creator,
            "guide.create",
            "establishment.guide",
            guide.pk,
            guide.title,
            article="第十三条第1项",
            after={"year": guide.year, "title": guide.title},
        )
        s.record(
            guide.published_at,
            creator,
            "guide.publish",
            "establishment.guide",
            guide.pk,
            guide.title,
            article="第十三条第1项",
            before={"status": "draft"},
            after={"status": "published", "published_at": to_json(guide.published_at)},
        )
        if guide.status == GuideStatus.CLOSED:
            s.record(
                s.at(guide.closes_on + dt.timedelta(days=1)),
                creator,
                "guide.close",
                "establishment.guide",
                guide.pk,
                guide.title,
                article="第十三条第1项",
                before={"status": "published"},
                after={"status": "closed"},
                comment="申报期已满，截止申报。",
            )
    bulk(GuideCriterion, criteria)
    bulk(through, links)
    return guides


def _application(s, *, guide, city, host, name, field, status, applicant, plan=None, center=None):
    app = Application(
        guide=guide,
        city=city,
        host_unit=host,
        center_name=name,
        sub_field=field,
        status=status,
        created_by=applicant,
        center=center,
        **{key: text.format(field=field.name) for key, text in PLAN.items()},
    )
    app.plan, app.applicant = plan, applicant
    app.profile_data = {
        "center": {
            "registered_in_jiangsu": True,
            "independent_legal_person": True,
            "co_building_agreement_signed": True,
            "rd_site_area_m2": str(s.rng.randrange(50, 200) * 100),
            "instrument_value_wan_yuan": str(s.rng.randrange(2000, 9000)),
        },
        "host_unit": {"has_provincial_platform": True, "undertook_provincial_project": True},
        "region": {
            "industry_policy_issued": True,
            "has_industrial_park": True,
            "prior_investment_wan_yuan": "12000",
            "planned_investment_wan_yuan": "25000",
        },
        "team": {"executive_director_full_time": True},
    }
    if plan is not None:
        app.director, app.executive_director = plan.director, plan.executive
    return app


def _timeline(s: Scale, app: Application, start: dt.datetime, end: dt.datetime) -> None:
    """created, then each step of its road, evenly spread from `start` to `end`."""
    steps = PATHS[app.status]
    span = (end - start) / (len(steps) + 1)
    app.times = {"create": start}
    for k, step in enumerate(steps, start=1):
        app.times[step] = start + span * k + dt.timedelta(minutes=s.rng.randint(0, 90))
    app.created_at = start
    app.updated_at = app.times[steps[-1]] if steps else start
    app.version = sum(1 for step in steps if step in ("submit", "submit_revision"))
    app.submitted_at = app.times.get("submit_revision", app.times.get("submit"))
    app.recommended_at = app.times.get("recommend")
    if "approve" in app.times:
        s.approvals = getattr(s, "approvals", 0) + 1
        app.approved_on = app.times["approve"].date()
        app.approval_doc_no = f"苏科技函〔{app.approved_on.year}〕{900 + s.approvals}号"
    if "pass_formal_review" in app.times:
        app.rule_set_code = rule_set_for(app.times["pass_formal_review"].date()).code
        app.eligibility_verdict = "eligible"


def _contracted(s: Scale, plans: list[Plan], guides) -> list[Application]:
    apps = []
    for p in plans:
        if not (p.supported and p.via_application):
            continue
        end = s.at(p.signed_on)
        start = max(s.at(p.approved_on - dt.timedelta(days=240)), s.at(s.system_start))
        guide = guides[max(start.year, s.system_start.year)]
        app = _application(
            s,
            guide=guide,
            city=p.city,
            host=p.host,
            name=p.name,
            field=p.field,
            status=A.CONTRACTED,
            applicant=p.staff[0],
            plan=p,
        )
        _timeline(s, app, start, end)
        app.times["approve"] = min(s.at(p.approved_on), end - dt.timedelta(hours=2))
        app.approval_doc_no, app.approved_on = p.doc_no, p.approved_on
        p.contract.plan_app = app
        apps.append(app)
    return apps


def _new_host(s: Scale, city, when: dt.date) -> Organisation:
    field = s.rng.choice(s.fields)
    host = Organisation(
        name=f"{city.name[:-1]}{field.name}产业技术研究院有限公司",
        uscc=s.uscc(city.code),
        kind=OrganisationKind.NEW_RD_INSTITUTION,
        city=city,
        created_at=s.at(when),
    )
    host.field = field
    return host


def _live(s: Scale, plans: list[Plan], guides) -> list[Application]:
    """This year's call: cultivating centers apply (第六条, 以建促创) and new hosts too."""
    guide = guides[s.today.year]
    start = s.at(guide.opens_on)
    apps = []
    cultivating = [p for p in plans if p.status == "cultivating"]
    for k, p in enumerate(cultivating):
        if k % 3 == 2:
            continue
        status = LIVE[k % len(LIVE)]
        app = _application(
            s,
            guide=guide,
            city=p.city,
            host=p.host,
            name=p.name.replace(p.city.name, "江苏省"),
            field=p.field,
            status=status,
            applicant=p.staff[0],
            plan=p,
            center=p.center,
        )
        _timeline(
            s,
            app,
            s.moment_between(start, start + dt.timedelta(days=30)),
            s.now - dt.timedelta(days=1),
        )
        apps.append(app)
    apps += _new_applicants(s, guide, max(len(LIVE), s.n // 100), live=True)
    return apps


def _refused(s: Scale, guides) -> list[Application]:
    apps = []
    for year, guide in guides.items():
        if year < s.today.year:
            apps += _new_applicants(s, guide, max(2, s.n // 250), live=False)
    return apps


def _new_applicants(s: Scale, guide: Guide, count: int, *, live: bool) -> list[Application]:
    hosts, users, apps = [], [], []
    for _ in range(count):
        city = s.rng.choice(s.cities)
        host = _new_host(s, city, guide.opens_on - dt.timedelta(days=20))
        hosts.append(host)
        s.applicant_serial = getattr(s, "applicant_serial", 0) + 1
        users.append(
            _user(
                s,
                f"applicant-{s.applicant_serial:04d}",
                Role.CENTER,
                s.person_name(),
                guide.opens_on - dt.timedelta(days=10),
                organisation=host,
            )
        )
    bulk(Organisation, hosts)
    bulk(User, users)
    user_events(s, users, s.admin)
    for k, (host, user) in enumerate(zip(hosts, users, strict=True)):
        status = LIVE[k % len(LIVE)] if live else (A.REJECTED, A.CITY_REJECTED, A.WITHDRAWN)[k % 3]
        field = host.field
        app = _application(
            s,
            guide=guide,
            city=host.city,
            host=host,
            name=f"江苏省{field.name}{host.city.name[:-1]}技术创新中心",
            field=field,
            status=status,
            applicant=user,
        )
        begin = s.at(guide.opens_on + dt.timedelta(days=s.rng.randint(1, 20)))
        end = s.now - dt.timedelta(days=1) if live else begin + dt.timedelta(days=150)
        _timeline(s, app, begin, end)
        app.officer = s.officers[host.city.code][0]
        apps.append(app)
    s.counts["users"] = s.counts.get("users", 0) + len(users)
    return apps


def _events(s: Scale, app: Application) -> None:
    actors = {
        "applicant": app.applicant,
        "province": s.province,
        "city": app.plan.officer if app.plan else app.officer,
    }
    name = app.center_name
    s.record(
        app.times["create"],
        app.applicant,
        "application.create",
        APPLICATION,
        app.pk,
        name,
        article="第十三条第2项",
        after={"code": app.code, "guide": app.guide.pk, "center_name": name},
    )
    s.record(
        app.times["create"] + dt.timedelta(hours=2),
        app.applicant,
        "application.update",
        APPLICATION,
        app.pk,
        name,
        article="第十三条第2项",
        before={"plan_directions": ""},
        after={"plan_directions": app.plan_directions},
    )
    for step in PATHS[app.status]:
        who, source, target, article = ROAD[step]
        after = {"status": target}
        if step == "approve":
            params = {
                "approval_doc_no": app.approval_doc_no,
                "approved_on": app.approved_on.isoformat(),
            }
            after.update(params, params=params)
        elif step == "sign_contract":
            contract = app.plan.contract
            after["params"] = {
                "contract_no": contract.number,
                "signed_on": contract.signed_on.isoformat(),
                "construction_years": None,
            }
        elif step == "pass_formal_review":
            after.update(
                rule_set_code=app.rule_set_code,
                eligibility_verdict="eligible",
                params=dict.fromkeys(CHECKS, True),
            )
        s.record(
            app.times[step],
            actors[who],
            f"application.{step}",
            APPLICATION,
            app.pk,
            name,
            article=article,
            before={"status": source},
            after=after,
            comment=REASONS.get(step, ""),
        )
        if step == "sign_contract":
            p = app.plan
            s.record(
                app.times[step],
                s.province,
                "center.establish",
                "centers.center",
                p.center.pk,
                p.name,
                article="第十三条第4项",
                after={
                    "code": p.code,
                    "name": p.name,
                    "application": app.code,
                    "contract_no": p.contract.number,
                },
            )
