"""Major matters left the reporting app: what was written under the old types (audit events,
whose hashes cover them; notifications naming the records) still reads as the same records."""

from __future__ import annotations

import pytest

from ticms.common import messages
from ticms.common.audit import history_for
from ticms.common.labels import object_url
from ticms.common.models import AuditEvent

from .matters_helpers import change

pytestmark = pytest.mark.django_db


def test_events_under_the_old_type_stay_in_the_history(world):
    request = change(world)
    written = AuditEvent.objects.filter(object_id=str(request.pk), action="change_request.create")
    # As the events written before the move carry it.
    written.update(object_type="reporting.changerequest")
    assert [e.action for e in history_for(request)][:1] == ["change_request.create"]
    assert object_url("reporting.changerequest", str(request.pk)) == request.get_absolute_url()


def test_a_notification_naming_the_old_type_names_the_record_now(world):
    request = change(world)
    message = messages.msg(
        "workflow.todo",
        obj={"_o": f"reporting.changerequest:{request.pk}", "s": "旧名称"},
        state="x",
    )
    rendered = messages.render(message, messages.Records().prefetch([message]))
    assert rendered.startswith(str(request))
