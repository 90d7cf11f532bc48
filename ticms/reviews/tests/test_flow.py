"""The whole argumentation, end to end through the services, and the establishment guard."""

import pytest

from ticms.common.exceptions import GuardFailed
from ticms.establishment import services as establishment
from ticms.reviews import selectors, services
from ticms.reviews.models import AssignmentStatus, PanelStatus

pytestmark = pytest.mark.django_db


def test_argumentation_end_to_end_unlocks_the_application_lifecycle(panel_rig):
    rig = panel_rig
    app = rig.application
    with pytest.raises(GuardFailed) as exc:
        establishment.application_transition(
            actor=rig.province, application_id=app.pk, action="request_revision"
        )
    assert any("尚未" in str(p) or "至少" in str(p) for p in exc.value.problems)

    rig.set_leader(rig.experts[0])
    rig.all_submit()
    leader = rig.experts[0]
    services.panel_opinion_write(
        actor=leader.user,
        panel_id=rig.panel.pk,
        opinion="专家组认为建设方案总体可行，建议完善考核指标。",
        recommendation="support_with_changes",
    )
    rig.panel.refresh_from_db()
    assert rig.panel.status == PanelStatus.CONCLUDED
    assert selectors.argumentation_problems(app) == []
    establishment.application_transition(
        actor=rig.province, application_id=app.pk, action="request_revision"
    )
    app.refresh_from_db()
    assert app.status == "revising"
    assert all(a.status == AssignmentStatus.SUBMITTED for a in rig.panel.assignments.all())
