"""Builders for the integrity tests."""

import datetime as dt

from django.utils import timezone

from ticms.accounts.models import Role
from ticms.evaluation.integrity import finding_record
from ticms.reviews import services as reviews
from ticms.testing import factories as f


def make_expert(province, **kw):
    return reviews.expert_create(
        actor=province,
        name=kw.pop("name", f"专家{f.make_id_number()[-6:]}"),
        employer=kw.pop("employer", None) or f.OrganisationFactory(kind="university"),
        title="教授",
        title_level="senior",
        user=f.UserFactory(role=Role.EXPERT),
        person=None,
        id_number=f.make_id_number(),
        **kw,
    )


def record(province, subject, target=None, **kw):
    today = timezone.localdate()
    args = {
        "actor": province,
        "subject": subject,
        "kind": "falsification",
        "facts": "年度报告中虚报研发投入。",
        "source": "绩效评估发现",
        "decision": "通报批评，取消当年评优资格。",
        "decided_on": today - dt.timedelta(days=1),
    }
    if subject == "expert":
        args["exclusion_months"] = 12
    if target is not None and subject in ("center", "person", "expert"):
        args[f"{subject}_id"] = target.pk
    args.update(kw)
    return finding_record(**args)
