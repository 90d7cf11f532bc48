"""Starting an application (第十三条第2项): a host unit's staff under an open guide, or a
regional center the actor runs (第六条), its facts filling the draft."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role
from ticms.catalog.models import IndustryField
from ticms.centers.models import CenterStatus
from ticms.common import messages
from ticms.common.audit import audit_record
from ticms.common.exceptions import NotFound, PermissionDenied, ValidationFailed

from ...models import (
    FINAL_STATUSES,
    Application,
    ApplicationCoBuilder,
    ApplicationTeamMember,
    Guide,
    GuideStatus,
)


def cultivating_center_for(actor, center_id):
    """A regional center the actor acts for that may apply to become a provincial one (第六条)."""
    from ticms.centers.selectors import centers_acted_for

    try:
        center_id = int(center_id)
    except (TypeError, ValueError):
        raise NotFound(_("中心不存在")) from None
    center = centers_acted_for(actor).filter(pk=center_id).select_related("host_unit").first()
    if center is None:
        raise NotFound(_("中心不存在"))
    return center


def _live_message(existing: Application) -> str:
    """Why another start is refused: the live application, and whether it can still be filled."""
    if existing.is_editable:
        return _("本单位已有依据该指南的申请书（编号 %(code)s），请继续填写该申请书") % {
            "code": existing.code
        }
    return _(
        "本单位已有依据该指南的申请书（编号 %(code)s），目前处于「%(state)s」阶段，不能再修改"
    ) % {"code": existing.code, "state": existing.get_status_display()}


def application_create(
    *,
    actor,
    guide_id: int,
    center_name: str,
    sub_field: IndustryField | None = None,
    center_id: int | None = None,
) -> Application:
    """A host unit's staff start an application under an open guide; its city is the host
    unit's. One live application per host unit and guide. With `center_id`, the application is
    for a regional center the actor already runs (第六条, 以建促创): its host unit, city, facts and
    rosters fill the draft, and its contract will promote that record."""
    if actor.role != Role.CENTER:
        raise PermissionDenied(_("只有依托单位（中心）用户可以起草申请书"))
    center = None if center_id in (None, "") else cultivating_center_for(actor, center_id)
    if center is None and actor.organisation_id is None:
        raise PermissionDenied(_("只有依托单位（中心）用户可以起草申请书"))
    host = center.host_unit if center is not None else actor.organisation
    guide = Guide.objects.filter(pk=guide_id).exclude(status=GuideStatus.DRAFT).first()
    if guide is None:
        raise NotFound(_("指南不存在"))
    today = timezone.localdate()
    errors: dict[str, list] = {}
    if guide.status != GuideStatus.PUBLISHED or today > guide.closes_on:
        errors["guide"] = [_("「%(guide)s」已截止申报") % {"guide": guide.title}]
    if host.city_id is None:
        errors["guide"] = [_("依托单位未登记所在设区市，请联系设区市科技局补充")]
    if center is not None:
        if center.status != CenterStatus.CULTIVATING:
            errors["center"] = [
                _(
                    "「%(center)s」当前状态为「%(state)s」：只有培育中的地方区域性中心可以申报（第六条）"
                )
                % {"center": center.name, "state": center.get_status_display()}
            ]
        elif Application.objects.filter(center=center).exclude(status__in=FINAL_STATUSES).exists():
            errors["center"] = [_("该中心已有办理中的申请书，请继续办理该申请书")]
        center_name = center_name or center.name
        sub_field = sub_field or center.sub_field
    name = (center_name or "").strip()
    if not name:
        errors["center_name"] = [_("请填写拟建中心名称")]
    elif len(name) > 200:
        errors["center_name"] = [_("拟建中心名称不能超过200个字")]
    if sub_field is not None and (sub_field.parent_id is None or not sub_field.is_active):
        errors["sub_field"] = [_("请选择细分产业领域（第四条）")]
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            existing = (
                Application.objects.filter(guide=guide, host_unit=host)
                .exclude(status__in=FINAL_STATUSES)
                .first()
            )
            if existing is not None:
                raise ValidationFailed({"guide": [_live_message(existing)]})
            city = center.city if center is not None else host.city
            prefix = f"SQ{guide.year}-{city.code}-"
            last = (
                Application.objects.filter(code__startswith=prefix)
                .order_by("-code")
                .values_list("code", flat=True)
                .first()
            )
            number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
            application = Application.objects.create(
                code=f"{prefix}{number:03d}",
                guide=guide,
                city=city,
                host_unit=host,
                center_name=name,
                sub_field=sub_field,
                created_by=actor,
                center=center,
            )
            if center is not None:
                _prefill_from_center(application, center)
            audit_record(
                actor=actor,
                action="application.create",
                obj=application,
                after={
                    "code": application.code,
                    "guide": guide.title,
                    "center_name": name,
                    "center": center.code if center is not None else None,
                },
                article="第六条" if center is not None else "第十三条第2项",
            )
    except IntegrityError as exc:
        # Two starts at once: the database constraints (one live application per host unit
        # and guide; unique codes) let one through; the other is told, nothing half-saved.
        existing = (
            Application.objects.filter(guide=guide, host_unit=host)
            .exclude(status__in=FINAL_STATUSES)
            .first()
        )
        if existing is not None:
            raise ValidationFailed({"guide": [_live_message(existing)]}) from exc
        raise ValidationFailed({"guide": [_("提交冲突，请重试")]}) from exc
    transaction.on_commit(lambda: _draft_todo(application))
    return application


def _prefill_from_center(application: Application, center) -> None:
    """Fill once (DESIGN §5): what the registry holds about the regional center."""
    application.plan_directions = center.research_directions
    application.director_id = center.director_id
    application.executive_director_id = center.executive_director_id
    facts = {
        "rd_site_area_m2": center.rd_site_area_m2,
        "instrument_value_wan_yuan": center.instrument_value_wan_yuan,
        "operating_since": center.established_on,
    }
    application.profile_data = {
        "center": {
            k: (v.isoformat() if isinstance(v, dt.date) else str(v))
            for k, v in facts.items()
            if v is not None
        },
        "team": {"executive_director_full_time": center.executive_director_full_time},
    }
    application.save()
    ApplicationCoBuilder.objects.bulk_create(
        ApplicationCoBuilder(
            application=application,
            name=cb.organisation.name,
            uscc=cb.organisation.uscc,
            kind=cb.kind,
            duties=cb.duties,
        )
        for cb in center.co_builders.select_related("organisation")
    )
    ApplicationTeamMember.objects.bulk_create(
        ApplicationTeamMember(
            application=application,
            person=m.person,
            team=m.team,
            position=m.position,
            full_time=m.full_time,
            is_rd_staff=m.is_rd_staff,
            title_level=m.person.title_level,
            degree=m.person.degree,
        )
        for m in center.team_members.select_related("person")
    )


DRAFT_TODO = messages.define("applications.draft_todo", gettext_lazy("%(name)s：完成并提交申请书"))


def _draft_todo(application) -> None:
    """The host unit's staff see the unfinished draft, with the guide's deadline."""
    from ticms.common import inbox

    from ...workflow import applicant_staff

    inbox.todo_create(
        recipients=applicant_staff(application),
        title=messages.msg(DRAFT_TODO, name=application.center_name),
        obj=application,
        state=application.status,
        url=application.get_absolute_url(),
        article="第十三条第2项",
        due_on=application.guide.closes_on,
    )
