"""Frozen versions of an application and the comparison of two of them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.common.audit import to_json

from .eligibility import profile_dict
from .fields import QUESTIONS
from .models import PLAN_SECTIONS, Application


def _person(person) -> dict | None:
    if person is None:
        return None
    return {"name": person.name, "id_masked": person.id_masked}


def snapshot(application: Application) -> dict:
    """Everything the applicant submits, as plain JSON (ID numbers masked)."""
    return to_json(
        {
            "center_name": application.center_name,
            "sub_field": (
                f"{application.sub_field.code} {application.sub_field.name}"
                if application.sub_field_id
                else ""
            ),
            "plan": {name: getattr(application, name) for name, _label in PLAN_SECTIONS},
            "targets": [
                {
                    "name": t.name,
                    "unit": t.unit,
                    "baseline": t.baseline,
                    "target_value": t.target_value,
                    "target_year": t.target_year,
                }
                for t in application.targets.all()
            ],
            "profile": profile_dict(application),
            "director": _person(application.director),
            "executive_director": _person(application.executive_director),
            "co_builders": [
                {"name": c.name, "uscc": c.uscc, "kind": c.kind, "duties": c.duties}
                for c in application.co_builders.all()
            ],
            "team": [
                {
                    "name": m.person.name,
                    "id_masked": m.person.id_masked,
                    "team": m.team,
                    "position": m.position,
                    "full_time": m.full_time,
                    "is_rd_staff": m.is_rd_staff,
                    "title_level": m.title_level,
                    "degree": m.degree,
                }
                for m in application.team_members.select_related("person")
            ],
            "excluded_units": [
                {"name": u.name, "uscc": u.uscc, "reason": u.reason}
                for u in application.excluded_units.all()
            ],
            "attachments": [
                {"kind": a.kind, "name": a.original_name, "sha256": a.sha256, "size": a.size}
                for a in application.attachments.all()
            ],
        }
    )


def _labels() -> dict[str, str]:
    labels = {
        "center_name": _("拟建中心名称"),
        "sub_field": _("细分产业领域"),
        "director": _("拟任主任"),
        "executive_director": _("拟任执行主任"),
        "targets": _("考核指标"),
        "co_builders": _("共建单位"),
        "team": _("团队成员"),
        "excluded_units": _("回避单位"),
        "attachments": _("附件材料"),
        "profile.center.co_builders": _("共建单位（资格核查）"),
        "profile.host_unit.rd_investment_wan_yuan": _("依托单位研发投入（万元）"),
        "profile.team.members": _("团队成员人数"),
        "profile.team.full_time_members": _("全职人员人数"),
        "profile.team.rd_staff": _("研发人员人数"),
        "profile.team.rd_staff_qualified": _("中高级职称或硕士学位以上研发人员人数"),
        "profile.team.has_core_rd_team": _("核心技术研发团队"),
        "profile.team.has_tech_support_team": _("技术支撑服务团队"),
        "profile.team.has_transfer_team": _("成果转化应用团队"),
    }
    labels.update({f"plan.{name}": str(label) for name, label in PLAN_SECTIONS})
    labels.update({f"profile.{q.path}": str(q.label) for q in QUESTIONS})
    return {k: str(v) for k, v in labels.items()}


def _flatten(data: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if (isinstance(value, dict) and path in ("plan", "profile")) or (
            isinstance(value, dict) and path.startswith("profile.") and path.count(".") == 1
        ):
            out.update(_flatten(value, f"{path}."))
        else:
            out[path] = value
    return out


def compare(old: dict, new: dict) -> list[dict]:
    """Rows of what differs: label, the old value and the new one (lists shown whole)."""
    labels = _labels()
    a, b = _flatten(old), _flatten(new)
    rows = []
    for path in list(dict.fromkeys([*a, *b])):
        if a.get(path) != b.get(path):
            rows.append(
                {
                    "path": path,
                    "label": labels.get(path, path),
                    "old": a.get(path),
                    "new": b.get(path),
                }
            )
    return rows
