"""What every drafting write shares: the draft, locked, if the actor may change it now, and
the audit event naming the part that changed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import messages
from ticms.common.audit import audit_record
from ticms.common.exceptions import Conflict, PermissionDenied

from ...models import Application
from ...permissions import is_applicant
from ...selectors import application_get


def _locked_draft(actor, application_id: int) -> Application:
    """The application, locked, if `actor` may change its content now."""
    application = application_get(user=actor, pk=application_id)
    if not is_applicant(actor, application):
        raise PermissionDenied(_("只有申报单位（依托单位）的用户可以修改申请书"))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_editable:
        raise Conflict(
            _("申请书当前状态为「%(state)s」，不能修改") % {"state": locked.get_status_display()}
        )
    return locked


PART_LABELS = {
    "basics": gettext_lazy("基本信息"),
    "plan": gettext_lazy("建设方案"),
    "profile": gettext_lazy("组建条件"),
    "leaders": gettext_lazy("主任与执行主任"),
    "targets": gettext_lazy("考核指标"),
    "co_builders": gettext_lazy("共建单位"),
    "team": gettext_lazy("团队成员"),
    "excluded_units": gettext_lazy("回避单位"),
    "responses": gettext_lazy("论证意见答复"),
    "attachments": gettext_lazy("附件材料"),
}


def _audit_update(actor, application, part: str, before: dict, after: dict) -> None:
    changed = [k for k in after if after[k] != before.get(k)]
    if not changed:
        return
    audit_record(
        actor=actor,
        action="application.update",
        obj=application,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
        article="第十三条第2项",
        # The section's name, in each reader's language.
        note=messages.msg(messages.LEGACY, text=messages.text(PART_LABELS.get(part, part))),
    )
