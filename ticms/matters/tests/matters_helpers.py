"""Shared builders for the major-matter tests (第二十三条)."""

from __future__ import annotations

import datetime as dt

from ticms.matters import services as services
from ticms.matters.models import ChangeRequest, MajorMatterReport
from ticms.testing import factories as f


def matter(world, **kw) -> MajorMatterReport:
    data = {
        "kind": "result",
        "title": "突破高端数控系统关键技术",
        "body": "完成五轴联动数控系统样机并通过第三方测试。",
        "occurred_on": dt.date(2024, 5, 1),
        **kw,
    }
    return services.major_matter_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, **data
    )


def director_proposal(name="张新", id_number=None) -> dict:
    return {"name": name, "id_number": id_number or f.make_id_number()}


def change(world, kind="director", proposed=None, reason="理事会决议更换主任。") -> ChangeRequest:
    if proposed is None:
        proposed = {
            "director": director_proposal(),
            "executive_director": {**director_proposal("李执行"), "full_time": True},
            "co_builders": {
                "add": [
                    {
                        "uscc": f.make_uscc(),
                        "name": "新共建企业",
                        "kind": "enterprise",
                        "duties": "中试验证",
                        "agreement_signed_on": "2024-03-01",
                    }
                ]
            },
            "research_direction": {"text": "新的研发方向"},
            "development_goals": {"text": "新的发展目标"},
            "organisation_structure": {"text": "新的组织架构"},
        }[kind]
    return services.change_request_create(
        actor=world.users["staff_nj"],
        center_id=world.nj.pk,
        kind=kind,
        reason=reason,
        proposed=proposed,
    )


def act(world, user, obj, action, comment="", params=None):
    if isinstance(obj, MajorMatterReport):
        return services.major_matter_transition(
            actor=world.users[user],
            matter_id=obj.pk,
            action=action,
            comment=comment,
            params=params,
        )
    return services.change_request_transition(
        actor=world.users[user], change_id=obj.pk, action=action, comment=comment, params=params
    )


def to_province(world, change_request) -> ChangeRequest:
    act(world, "staff_nj", change_request, "submit")
    return act(world, "city_nj", change_request, "city_review", params={"opinion": "同意上报"})
