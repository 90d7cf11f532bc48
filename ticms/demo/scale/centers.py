"""The registry: host units, centers (headquarters before branches), their staff accounts, the
signed contracts with 考核指标 targets, co-builders, 30-member teams with the director and
executive director, governance bodies with members, and alliance members."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ticms.accounts.models import Organisation, OrganisationKind, Person, Role, User
from ticms.centers.models import (
    AllianceMember,
    Center,
    CenterCoBuilder,
    CoBuilderKind,
    GovernanceBody,
    GovernanceKind,
    GovernanceMember,
    TeamMember,
    TeamType,
)
from ticms.demo.contracts import TARGETS
from ticms.establishment.models import Contract, ContractTarget
from ticms.regulation.eligibility import rule_set_for

from . import lifecycle
from .base import Scale, bulk
from .organisations import _user, people, user_events
from .plans import Plan

TEAM_SIZE = 30
TEAMS = [TeamType.CORE_RD] * 18 + [TeamType.TECH_SUPPORT] * 7 + [TeamType.TRANSFER] * 5
POSITIONS = ("研究员", "副研究员", "高级工程师", "工程师", "项目经理", "技术员", "博士后")
DUTIES = {
    CoBuilderKind.LOCAL_GOVERNMENT: "场地、资金与政策支持",
    CoBuilderKind.UNIVERSITY: "联合攻关与人才培养",
    CoBuilderKind.RESEARCH_INSTITUTE: "中试验证与技术服务",
    CoBuilderKind.ENTERPRISE: "应用场景与产业化验证",
}
STRUCTURE = "理事会领导下的主任负责制；设专家委员会、综合管理部、研发部、中试平台和成果转化部。"


def seed(s: Scale, plans: list[Plan]) -> None:
    with s.phase("centers") as written:
        _hosts(s, plans)
        _people(s, plans)
        _centers(s, plans)
        _staff(s, plans)
        _contracts(s, plans)
        rows = _rosters(s, plans)
        for p in plans:
            lifecycle.center_events(s, p)
        written.update(centers=len(plans), **rows)


def _hosts(s: Scale, plans: list[Plan]) -> None:
    hosts = []
    for p in plans:
        base = p.name.removesuffix("技术创新中心").removesuffix("分中心")
        if s.chance(0.6):
            kind, name = OrganisationKind.NEW_RD_INSTITUTION, f"{base}技术研究院有限公司"
        else:
            kind, name = OrganisationKind.ENTERPRISE, f"{base}科技股份有限公司"
        when = min(p.registered_on, p.established_on) if p.via_application else p.registered_on
        p.officer = s.officers[p.city.code][p.idx % len(s.officers[p.city.code])]
        p.host = Organisation(
            name=name,
            uscc=s.uscc(p.city.code),
            kind=kind,
            city=p.city,
            created_at=s.at(max(when - dt.timedelta(days=3), s.system_start)),
        )
        hosts.append(p.host)
    bulk(Organisation, hosts)


def _people(s: Scale, plans: list[Plan]) -> None:
    persons = []
    for p in plans:
        specs = [(p.host, p.city, "senior")] * 2 + [(p.host, p.city, "any")] * TEAM_SIZE
        made = people(s, specs)
        p.director, p.executive, p.team = made[0], made[1], made[2:]
        persons += made
    bulk(Person, persons, batch_size=5000)
    s.counts["people"] = s.counts.get("people", 0) + len(persons)


def _centers(s: Scale, plans: list[Plan]) -> None:
    doc_serial: dict[int, int] = {}
    supported = sorted((p for p in plans if p.supported), key=lambda p: p.approved_on)
    for k, p in enumerate(supported, start=1):
        doc_serial[p.approved_on.year] = doc_serial.get(p.approved_on.year, 100) + 1
        p.doc_no = f"苏科技函〔{p.approved_on.year}〕{doc_serial[p.approved_on.year]}号"
        p.contract_no = f"JSTIC-{p.signed_on.year}-{k:05d}"
    for p in plans:
        created = s.at(p.registered_on)
        p.center = Center(
            code=p.code,
            name=p.name,
            host_unit=p.host,
            city=p.city,
            sub_field=p.field,
            status=p.status,
            director=p.director,
            executive_director=p.executive,
            executive_director_full_time=p.supported or s.chance(0.5),
            rd_site_area_m2=Decimal(s.rng.randrange(40, 300) * 100),
            instrument_value_wan_yuan=Decimal(s.rng.randrange(1500, 20000)),
            research_directions=f"面向{p.field.name}产业的关键共性技术与前沿技术研发、"
            "中试熟化与成果转移转化。",
            development_goals=f"建成国内一流的{p.field.name}技术创新平台，"
            "突破一批关键核心技术，服务省内企业转型升级。",
            organisation_structure=STRUCTURE,
            established_on=p.established_on,
            approval_doc_no=p.doc_no or "",
            approved_on=p.approved_on,
            construction_starts_on=p.starts_on,
            construction_ends_on=p.ends_on,
            rectification_deadline=p.rect_deadline if p.status in lifecycle.DEADLINED else None,
            created_at=created,
            updated_at=created,
        )
    heads = [p.center for p in plans if p.hq is None]
    bulk(Center, heads)
    for p in plans:
        if p.hq is not None:
            p.center.headquarters = p.hq.center
    bulk(Center, [p.center for p in plans if p.hq is not None])


def _staff(s: Scale, plans: list[Plan]) -> None:
    """One account per center for its own staff (第五条); the benchmark's center user acts for
    the headquarters with the most branches, the co-builder user for its university."""
    s.scale_center = max(s.headquarters, key=lambda p: (len(p.branches), -p.idx))
    users = []
    for p in plans:
        name = "scale-center" if p is s.scale_center else f"staff-{p.code.lower()}"
        user = _user(
            s,
            name,
            Role.CENTER,
            s.person_name(),
            p.registered_on,
            organisation=p.host,
            center=p.center,
        )
        p.staff = [user]
        users.append(user)
    bulk(User, users)
    s.center_users = users


def _contracts(s: Scale, plans: list[Plan]) -> None:
    rule_sets: dict[int, str] = {}
    contracts, targets = [], []
    for p in plans:
        if not p.supported:
            continue
        year = p.signed_on.year
        if year not in rule_sets:
            rule_sets[year] = rule_set_for(p.signed_on).code
        p.contract = Contract(
            center=p.center,
            number=p.contract_no,
            signed_on=p.signed_on,
            construction_years=5,
            construction_starts_on=p.starts_on,
            construction_ends_on=p.ends_on,
            rule_set_code=rule_sets[year],
            signed_by=s.province,
            created_at=s.at(p.registered_on),
        )
        contracts.append(p.contract)
    bulk(Contract, contracts)
    for p in plans:
        if not p.supported:
            continue
        p.targets = [
            ContractTarget(
                contract=p.contract,
                center=p.center,
                name=name,
                unit=unit,
                baseline=Decimal(round(baseline * p.size)),
                target_value=Decimal(max(1, round(target * p.size))),
                target_year=p.signed_on.year + 4,
                order=order,
            )
            for order, (name, unit, baseline, target) in enumerate(TARGETS)
        ]
        targets += p.targets
    bulk(ContractTarget, targets)
    s.counts["contracts"] = s.counts.get("contracts", 0) + len(contracts)


def _rosters(s: Scale, plans: list[Plan]) -> dict:
    co_builders, team, bodies, alliance = [], [], [], []
    for p in plans:
        signed = p.established_on - dt.timedelta(days=30)
        partners = [
            (s.rng.choice(s.governments[p.city.code]), CoBuilderKind.LOCAL_GOVERNMENT),
            (s.rng.choice(s.universities), CoBuilderKind.UNIVERSITY),
        ]
        if s.chance(0.5):
            partners.append((s.rng.choice(s.institutes), CoBuilderKind.RESEARCH_INSTITUTE))
        if s.chance(0.3):
            partners.append((s.rng.choice(s.enterprises[p.city.code]), CoBuilderKind.ENTERPRISE))
        p.co_builders = [
            CenterCoBuilder(
                center=p.center,
                organisation=org,
                kind=kind,
                duties=DUTIES[kind],
                agreement_signed_on=signed,
            )
            for org, kind in partners
        ]
        co_builders += p.co_builders
        joined_from = p.established_on
        for person in p.team:
            team.append(
                TeamMember(
                    center=p.center,
                    person=person,
                    team=s.rng.choice(TEAMS),
                    position=s.rng.choice(POSITIONS),
                    full_time=s.chance(0.8),
                    is_rd_staff=s.chance(0.85),
                    joined_on=s.day_between(joined_from, s.today - dt.timedelta(days=30)),
                )
            )
        kinds = [GovernanceKind.BOARD, GovernanceKind.EXPERT_COMMITTEE]
        if p.supported:
            kinds.append(GovernanceKind.PARTY_ORGANISATION)
        for kind in kinds:
            name = {
                GovernanceKind.BOARD: f"{p.name}理事会",
                GovernanceKind.EXPERT_COMMITTEE: f"{p.name}专家委员会",
                GovernanceKind.PARTY_ORGANISATION: f"中共{p.name}支部委员会",
            }[kind]
            bodies.append(
                GovernanceBody(
                    center=p.center, kind=kind, name=name, established_on=p.established_on
                )
            )
        for org in s.rng.sample(
            s.enterprises[p.city.code], min(len(s.enterprises[p.city.code]), s.rng.randint(3, 8))
        ):
            joined = s.day_between(p.established_on, s.today - dt.timedelta(days=10))
            alliance.append(
                AllianceMember(
                    center=p.center,
                    organisation=org,
                    kind=CoBuilderKind.ENTERPRISE,
                    joined_on=joined,
                    note="联合开展技术攻关和应用示范",
                    created_at=s.at(max(joined, p.registered_on)),
                )
            )
    bulk(CenterCoBuilder, co_builders)
    bulk(TeamMember, team, batch_size=5000)
    bulk(GovernanceBody, bodies)
    members = _governance_members(s, plans, bodies)
    bulk(AllianceMember, alliance)
    _co_builder_users(s, plans)
    return {
        "co-builders": len(co_builders),
        "team members": len(team),
        "governance members": members,
        "alliance members": len(alliance),
    }


def _governance_members(s: Scale, plans: list[Plan], bodies: list[GovernanceBody]) -> int:
    by_center = {p.center.pk: p for p in plans}
    members = []
    for body in bodies:
        p = by_center[body.center_id]
        if body.kind == GovernanceKind.BOARD:
            members.append(GovernanceMember(body=body, person=p.director, position="理事长"))
            members.append(GovernanceMember(body=body, organisation=p.host, position="理事单位"))
            members += [
                GovernanceMember(body=body, organisation=cb.organisation, position="理事单位")
                for cb in p.co_builders
            ]
        elif body.kind == GovernanceKind.EXPERT_COMMITTEE:
            chosen = s.rng.sample(s.expert_persons, min(5, len(s.expert_persons)))
            members += [
                GovernanceMember(
                    body=body, person=person, position="主任委员" if k == 0 else "委员"
                )
                for k, person in enumerate(chosen)
            ]
        else:
            members.append(GovernanceMember(body=body, person=p.team[0], position="书记"))
    bulk(GovernanceMember, members, batch_size=5000)
    return len(members)


def _co_builder_users(s: Scale, plans: list[Plan]) -> None:
    """Staff of the universities and institutes that co-build centers (第十条); the benchmark's
    co-builder user works at a university co-building the benchmark's headquarters."""
    mine = next(
        cb.organisation for cb in s.scale_center.co_builders if cb.kind == CoBuilderKind.UNIVERSITY
    )
    building = {
        cb.organisation.pk: cb.organisation
        for p in plans
        for cb in p.co_builders
        if cb.kind in (CoBuilderKind.UNIVERSITY, CoBuilderKind.RESEARCH_INSTITUTE)
    }
    users = [
        _user(
            s,
            "scale-cobuilder",
            Role.CO_BUILDER,
            s.person_name(),
            s.system_start,
            organisation=mine,
        )
    ]
    for k, org in enumerate(sorted(building.values(), key=lambda o: o.pk), start=1):
        if org.pk != mine.pk:
            users.append(
                _user(
                    s,
                    f"cobuilder-{k:03d}",
                    Role.CO_BUILDER,
                    s.person_name(),
                    s.system_start,
                    organisation=org,
                )
            )
    bulk(User, users)
    user_events(s, [*s.center_users, *users], s.admin)
    s.cobuilder_users = users
    s.counts["users"] = s.counts.get("users", 0) + len(s.center_users) + len(users)
