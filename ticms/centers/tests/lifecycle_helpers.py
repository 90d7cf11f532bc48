"""What the center lifecycle tests share: the transitions, states and parameters of the table, a
center put in a state and prepared for an action (made eligible under 第十二条 where the action
needs it), a transition run by the user who may take it, and look-ups of notices and audits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ticms.accounts.models import Person, Role
from ticms.centers import selectors, services
from ticms.centers.models import Center, CenterStatus, TeamMember
from ticms.centers.workflow import (
    CENTER_WORKFLOW,
)
from ticms.common.models import AuditEvent, InboxItem
from ticms.common.workflow import transition_execute
from ticms.testing import factories as f

S = CenterStatus


TRANSITIONS = {t.action: t for t in CENTER_WORKFLOW.transitions}


# What a user may take on its own; entering construction comes only with a contract.
USER_TRANSITIONS = [t for t in CENTER_WORKFLOW.transitions if not t.via]


ALL_STATES = [s.value for s in CenterStatus]


RECTIFICATION_STATES = (S.RECTIFYING, S.RECTIFICATION_REVIEW)


DEADLINE_ACTIONS = ("fail_acceptance", "order_rectification", "return_rectification")


REPORT = "已逐项完成整改：新增全职研发人员12名，研发场地扩至6000平方米。"


def day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def tomorrow() -> dt.date:
    return day(1)


def valid_params(action: str) -> dict:
    return {
        "fail_acceptance": {"rectification_deadline": tomorrow().isoformat()},
        "order_rectification": {"rectification_deadline": tomorrow().isoformat()},
        "submit_rectification": {"report": REPORT},
        "return_rectification": {"rectification_deadline": day(60).isoformat()},
        "remove": {"reason": "two_poor"},
    }.get(action, {})


def actor_key(action: str) -> str:
    t = TRANSITIONS.get(action)
    return "staff_a" if t is not None and Role.CENTER in t.roles else "province"


def put(center: Center, status: str, **fields) -> Center:
    Center.objects.filter(pk=center.pk).update(status=status, **fields)
    center.refresh_from_db()
    return center


def run(world, action, *, who=None, params=None, comment="按规定办理", center=None):
    center = center or world.nj
    t = TRANSITIONS.get(action)
    if t is not None and t.via.startswith("acceptance."):
        # Taken only with the acceptance's steps (evaluation): as those steps take it.
        actor = world.users[who or actor_key(action)]
        return transition_execute(
            actor=actor,
            workflow=CENTER_WORKFLOW,
            obj=selectors.center_get(user=actor, pk=center.pk),
            action=action,
            params=valid_params(action) if params is None else params,
            comment=comment,
            via=t.via,
        )
    return services.center_transition(
        actor=world.users[who or actor_key(action)],
        center_id=center.pk,
        action=action,
        params=valid_params(action) if params is None else params,
        comment=comment,
    )


def notices_titled(words: str) -> list:
    return [n for n in InboxItem.objects.filter(kind="notice") if words in n.title]


def one(items: list):
    assert len(items) == 1, items
    return items[0]


def audit_count() -> int:
    return AuditEvent.objects.count()


TEAMS = ("core_rd", "tech_support", "transfer")


SIGNED_ON = dt.date(2024, 6, 1)


def make_eligible(center, *, members=100, full_time=None, qualified=None, teams=TEAMS):
    """Give `center` exactly the minimum the approval guard asks for: 5000 m², 2000 万元, a
    full-time executive director, two co-builders with a signed agreement (one a local
    government), and `members` R&D staff spread over `teams`; the first `full_time` are full
    time and the first `qualified` hold a qualifying title or degree (all, unless told)."""
    full_time = members if full_time is None else full_time
    qualified = members if qualified is None else qualified
    people = f.PersonFactory.build_batch(members)
    for person in people[qualified:]:
        person.title_level, person.degree = "junior", "bachelor"
    Person.objects.bulk_create(people)
    TeamMember.objects.bulk_create(
        TeamMember(
            center=center,
            person=person,
            team=teams[i % len(teams)],
            full_time=i < full_time,
            is_rd_staff=True,
        )
        for i, person in enumerate(people)
    )
    if not center.co_builders.filter(kind="local_government").exists():
        government = f.OrganisationFactory(kind="local_government", city=center.city)
        f.CoBuilderFactory(center=center, organisation=government, kind="local_government")
    while center.co_builders.count() < 2:
        park = f.OrganisationFactory(kind="park", city=center.city)
        f.CoBuilderFactory(center=center, organisation=park, kind="park")
    center.co_builders.update(agreement_signed_on=SIGNED_ON)
    Center.objects.filter(pk=center.pk).update(
        rd_site_area_m2=Decimal("5000"),
        instrument_value_wan_yuan=Decimal("2000"),
        executive_director=f.PersonFactory(),
        executive_director_full_time=True,
    )
    center.refresh_from_db()
    return center


def prepare(center: Center, action: str, source: str | None = None) -> Center:
    """Put `center` where `action` may start: in `source` (its first source by default), with a
    deadline while under rectification, and eligible if the action is the approval."""
    source = source or TRANSITIONS[action].sources[0]
    put(
        center,
        source,
        rectification_deadline=tomorrow() if source in RECTIFICATION_STATES else None,
    )
    return center


def conditions(center: Center) -> list[dict]:
    return selectors.center_conditions(
        center,
        selectors.team_stats(center),
        selectors.center_co_builders(center),
        include_layout=True,
    )


def action_url(center, action):
    return f"/centers/{center.pk}/actions/{action}/"


def api_post(client, center, action, params=None, comment="同意"):
    return client.post(
        f"/api/v1/centers/{center.pk}/transitions/{action}",
        {"params": valid_params(action) if params is None else params, "comment": comment},
        content_type="application/json",
    )
