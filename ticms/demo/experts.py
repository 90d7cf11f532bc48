"""The demo expert pool (第十三条第3项): a profile for each demo expert account."""

from __future__ import annotations

from ticms.accounts.models import Role, User
from ticms.catalog.models import IndustryField

# --- Expert pool (第十三条第3项): a profile for each demo expert account ----------------------

EXPERT_PROFILES = {
    # username: (title, expertise, sub-field codes)
    "expert1": ("教授", "数控机床与高端装备、智能制造系统", ("E0201", "E0202")),
    "expert2": ("研究员", "集成电路设计与先进封装、新型显示", ("E0101", "E0102")),
    "expert3": ("研究员级高级工程师", "新材料、资源循环利用与产业化管理", ("E0301", "E0702")),
}


def seed_expert_profiles(stdout=None) -> int:
    """Expert profiles for the demo accounts expert1..3 (idempotent: existing ones are kept).
    Returns how many were created."""
    from ticms.reviews.models import Expert
    from ticms.reviews.services import expert_create

    province = User.objects.filter(username="province").first()
    if province is None:
        return 0
    fields = {f.code: f for f in IndustryField.objects.all()}
    created = 0
    for username, (title, expertise, codes) in EXPERT_PROFILES.items():
        user = User.objects.filter(username=username, role=Role.EXPERT).first()
        if user is None or user.person_id is None or user.organisation_id is None:
            continue
        if Expert.objects.filter(user=user).exists():
            continue
        expert_create(
            actor=province,
            name=user.person.name,
            employer=user.organisation,
            title=title,
            title_level="senior",
            expertise=expertise,
            fields=[fields[c] for c in codes if c in fields],
            user=user,
        )
        created += 1
    if stdout is not None and created:
        stdout.write(f"expert pool: {created} profiles")
    return created
