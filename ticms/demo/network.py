"""Demo of the center network (第五条, 第十九条): a headquarters with its branch centers, and
industrial technology innovation alliances whose members are partly shared between centers, so
that the network pages show shared partners. Everything goes through the services; running it
twice adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ticms.accounts import selectors as accounts
from ticms.accounts import uscc
from ticms.accounts.models import City, Organisation, OrganisationKind, User
from ticms.accounts.services import organisation_create
from ticms.centers.models import Center, CenterStatus
from ticms.centers.services_network import alliance_member_add
from ticms.demo import contracts as demo_contracts

# name, kind, the 17 characters before the check character, centers (by name) it joins.
HQ = "江苏省集成电路设计技术创新中心"
MEMBERS = [
    (
        "江苏芯联微电子股份有限公司",
        "enterprise",
        "91320200MA1NW0001",
        (HQ, "江苏省集成电路设计技术创新中心无锡封测分中心", "江苏省第三代半导体技术创新中心"),
    ),
    (
        "苏州华芯设计软件有限公司",
        "enterprise",
        "91320500MA1NW0002",
        (HQ, "江苏省集成电路设计技术创新中心苏州EDA分中心"),
    ),
    ("南京晶圆测试装备有限公司", "enterprise", "91320100MA1NW0003", (HQ,)),
    (
        "常州精密数控系统有限公司",
        "enterprise",
        "91320400MA1NW0004",
        ("江苏省工业母机技术创新中心", "江苏省工程机械技术创新中心"),
    ),
    (
        "江苏智能装备产业技术研究院",
        "research_institute",
        "12320000MB1NW0005",
        ("江苏省工业母机技术创新中心", "江苏省工程机械技术创新中心", HQ),
    ),
    (
        "苏州宽禁带半导体材料有限公司",
        "enterprise",
        "91320500MA1NW0006",
        ("江苏省第三代半导体技术创新中心", "江苏省集成电路设计技术创新中心苏州EDA分中心"),
    ),
]
NOTES = {
    "enterprise": "参与联合攻关与成果中试应用",
    "research_institute": "共享仪器设备与中试平台",
}


def _staff_of(center: Center, province: User) -> User:
    """The center's own liaison enters its alliance (第十九条); the province if there is none.
    A branch is kept by its headquarters' staff when it has no account of its own."""
    for acting in (center, center.headquarters):
        if acting is None:
            continue
        staff = accounts.center_staff(acting).order_by("pk").first()
        if staff is not None:
            return staff
    return province


def ensure_headquarters(*, province: User) -> Center | None:
    """A headquarters with branch centers (第五条). The demo registers two branches with the
    centers; only where there is none does this register one, through center_register. (An
    existing center cannot be made a branch here: moving a center under a headquarters is a
    building-unit adjustment, a change request of 第二十三条, not a registry edit.)"""
    existing = Center.objects.filter(branches__isnull=False).order_by("code").first()
    if existing is not None:
        return existing
    hq = (
        Center.objects.filter(headquarters__isnull=True, status=CenterStatus.OPERATING)
        .select_related("city", "sub_field")
        .order_by("code")
        .first()
    )
    if hq is None:
        return None
    city = City.objects.exclude(pk=hq.city_id).order_by("code").first()
    short = hq.name.replace("江苏省", "").replace("技术创新中心", "")
    host_name = f"{city.name}{short}分中心有限公司"
    host = Organisation.objects.filter(name=host_name).first() or organisation_create(
        actor=province,
        name=host_name,
        uscc_code=uscc.make(f"91{city.code}MA1NWB001"),
        kind=OrganisationKind.NEW_RD_INSTITUTION,
        city=city,
    )
    approved = hq.approved_on or timezone.localdate() - dt.timedelta(days=60)
    demo_contracts.record_approved(
        province=province,
        index=900 + hq.pk,
        status=CenterStatus.OPERATING,
        approved_on=approved,
        name=f"{hq.name}{city.name}分中心",
        host_unit=host,
        city=city,
        sub_field=hq.sub_field,
        headquarters=hq,
        research_directions=f"作为{hq.name}的分中心，承担关键技术攻关与应用示范。",
    )
    return hq


def seed_network(*, province: User, stdout=None) -> int:
    """Make sure a headquarters with branches exists and give the alliances their members.
    Returns how many alliance memberships were added (0 on a second run)."""
    ensure_headquarters(province=province)
    by_name = {
        c.name: c
        for c in Center.objects.select_related("headquarters").exclude(
            status__in=(CenterStatus.REMOVED, CenterStatus.REVOKED)
        )
    }
    today = timezone.localdate()
    added = 0
    for index, (name, kind, body, joins) in enumerate(MEMBERS):
        code = uscc.make(body)
        for position, center_name in enumerate(joins):
            center = by_name.get(center_name)
            if center is None:
                continue
            taken = center.alliance_members.filter(organisation__uscc=code).exists()
            co_built = center.co_builders.filter(organisation__uscc=code).exists()
            if taken or co_built or center.host_unit.uscc == code:
                continue
            alliance_member_add(
                actor=_staff_of(center, province),
                center_id=center.pk,
                uscc=code,
                name=name,
                kind=kind,
                joined_on=today - dt.timedelta(days=400 - 30 * index - 7 * position),
                note=NOTES.get(kind, ""),
            )
            added += 1
    if stdout is not None and added:
        stdout.write(f"center network: {added} alliance memberships")
    return added
