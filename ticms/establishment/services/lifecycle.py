"""The one transition service the pages and the API call for every lifecycle step."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.common.exceptions import NotFound
from ticms.common.workflow import transition_execute

from ..models import (
    Application,
)
from ..selectors import application_get
from ..workflow import APPLICATION_WORKFLOW, OBJECTION_WORKFLOW

# --- The lifecycle --------------------------------------------------------------------------


def application_transition(
    *, actor, application_id: int, action: str, params=None, comment: str = ""
) -> Application:
    application = application_get(user=actor, pk=application_id)
    return transition_execute(
        actor=actor,
        workflow=APPLICATION_WORKFLOW,
        obj=application,
        action=action,
        params=params,
        comment=comment,
    )


def objection_transition(*, actor, objection_id: int, action: str, params=None, comment: str = ""):
    from ..models import Objection

    if actor.role != Role.PROVINCE:
        raise NotFound(_("异议不存在"))
    objection = Objection.objects.filter(pk=objection_id).first()
    if objection is None:
        raise NotFound(_("异议不存在"))
    return transition_execute(
        actor=actor,
        workflow=OBJECTION_WORKFLOW,
        obj=objection,
        action=action,
        params=params,
        comment=comment,
    )
