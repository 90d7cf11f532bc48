"""One road to 批准组建 (第六条、第十三条第4项): a center becomes supported only through an
application under a guide — argumentation, decision, public notice — and its signed contract.
A regional center already cultivated applies like any other; its contract promotes its record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.centers.models import SUPPORTED_STATUSES, Center, CenterStatus
from ticms.common.exceptions import GuardFailed, NotFound, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.dashboard.lifecycles import WORKFLOWS
from ticms.establishment import services
from ticms.establishment.effects import contract_signed
from ticms.establishment.models import Application, ApplicationStatus, Contract
from ticms.establishment.workflow import APPLICATION_WORKFLOW
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

pytestmark = pytest.mark.django_db

SIGN_CONTRACT = f"{APPLICATION_WORKFLOW.name}.sign_contract"


def test_no_transition_reaches_a_supported_state_without_the_contract():
    """Walk every transition table: whatever moves a center from outside the programme into it
    is taken only as part of signing an application's contract, and refuses without one."""
    # Constructing and after; revocation (第七条第2项) ends any center, a cultivating one too.
    supported = set(SUPPORTED_STATUSES) - {CenterStatus.REVOKED}
    entering = []
    for workflow, _title in WORKFLOWS:
        for t in workflow.transitions:
            if workflow.model is not Center:
                continue
            if t.target in supported and set(t.sources) - supported:
                entering.append((workflow, t))
    assert [t.action for _w, t in entering] == ["enter_construction"]
    for workflow, t in entering:
        assert t.via == SIGN_CONTRACT
        assert t.guard is not None
        assert t not in workflow.available(f.province_user(), f.CenterFactory(status="cultivating"))
    contract = APPLICATION_WORKFLOW.get("sign_contract")
    assert (contract.sources, contract.effect) == (("approved",), contract_signed)
    # Only the tables' own states: no table but the center's holds a center state.
    for workflow, _title in WORKFLOWS:
        if workflow.model is not Center:
            assert not set(workflow.states) & {CenterStatus.CONSTRUCTING, CenterStatus.OPERATING}


def test_the_guard_refuses_a_center_without_a_contract():
    center = f.CenterFactory(status="cultivating")
    t = next(t for w, _ in WORKFLOWS for t in w.transitions if t.action == "enter_construction")
    assert t.guard(center, {}, f.province_user(), "")
    assert not Contract.objects.filter(center=center).exists()


@pytest.fixture
def regional():
    """A cultivating regional center (第六条) with its own account, co-builders and a team."""
    center = f.CenterFactory(status="cultivating", city=f.city("321100"))
    f.CoBuilderFactory(center=center, kind="local_government")
    for _ in range(3):
        f.TeamMemberFactory(center=center)
    own = f.center_user(center.host_unit, center=center)
    return center, own


def test_an_application_for_a_cultivating_center_starts_filled_from_it(regional):
    center, own = regional
    guide = published_guide()
    application = services.application_create(
        actor=own, guide_id=guide.pk, center_name="", center_id=center.pk
    )
    assert application.center == center
    assert (application.center_name, application.city, application.host_unit) == (
        center.name,
        center.city,
        center.host_unit,
    )
    assert application.sub_field == center.sub_field
    assert application.plan_directions == center.research_directions
    assert set(application.co_builders.values_list("uscc", flat=True)) == set(
        center.co_builders.values_list("organisation__uscc", flat=True)
    )
    assert application.team_members.count() == 3
    event = AuditEvent.objects.get(action="application.create")
    assert (event.article, event.after["center"]) == ("第六条", center.code)
    # One live application per center.
    with pytest.raises(ValidationFailed) as exc:
        services.application_create(
            actor=own,
            guide_id=published_guide(year=guide.year + 1).pk,
            center_name="",
            center_id=center.pk,
        )
    assert "center" in exc.value.errors


@pytest.mark.parametrize("status", ["constructing", "operating", "revoked"])
def test_only_a_cultivating_center_may_apply(regional, status):
    center, own = regional
    Center.objects.filter(pk=center.pk).update(status=status)
    with pytest.raises(ValidationFailed) as exc:
        services.application_create(
            actor=own, guide_id=published_guide().pk, center_name="", center_id=center.pk
        )
    assert "第六条" in exc.value.errors["center"][0]
    assert not Application.objects.exists()


def test_nobody_applies_for_a_center_they_do_not_run(regional):
    center, _own = regional
    stranger = f.center_user(f.OrganisationFactory())
    with pytest.raises(NotFound):
        services.application_create(
            actor=stranger, guide_id=published_guide().pk, center_name="", center_id=center.pk
        )
    assert not Application.objects.exists()


def _approved(application):
    # Argumentation, decision and notice are tested on their own (test_full_path).
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.APPROVED,
        submitted_at=timezone.now(),
        approval_doc_no="苏科技函〔2026〕9号",
        approved_on=timezone.localdate() - dt.timedelta(days=3),
    )


def test_the_contract_promotes_the_cultivating_center_and_keeps_its_history(
    regional, django_capture_on_commit_callbacks
):
    center, own = regional
    province = f.province_user()
    application = services.application_create(
        actor=own,
        guide_id=published_guide(province=province).pk,
        center_name="江苏省氢能技术创新中心",
        center_id=center.pk,
    )
    services.target_add(
        actor=own,
        application_id=application.pk,
        name="突破关键核心技术",
        unit="项",
        target_value="10",
        target_year=timezone.localdate().year + 4,
    )
    _approved(application)
    centers_before = Center.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            actor=province,
            application_id=application.pk,
            action="sign_contract",
            params={"contract_no": "JSTIC-2026-088", "signed_on": timezone.localdate().isoformat()},
        )
    assert Center.objects.count() == centers_before  # no duplicate record
    center.refresh_from_db()
    assert center.status == CenterStatus.CONSTRUCTING
    assert center.name == "江苏省氢能技术创新中心"
    assert center.approval_doc_no == "苏科技函〔2026〕9号"
    contract = Contract.objects.get(center=center)
    assert contract.application_id == application.pk
    assert (center.construction_starts_on, center.construction_ends_on) == (
        contract.construction_starts_on,
        contract.construction_ends_on,
    )
    assert list(center.contract_targets.values_list("name", flat=True)) == ["突破关键核心技术"]
    actions = list(
        AuditEvent.objects.filter(object_type="centers.center", object_id=str(center.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["center.promote", "center.enter_construction"]
    promote = AuditEvent.objects.get(action="center.promote")
    assert promote.after["name"] == "江苏省氢能技术创新中心"
    # Its own staff keep acting for it, and it now reports like any supported center.
    application.refresh_from_db()
    assert application.center_id == center.pk and application.status == "contracted"


def test_a_center_revoked_since_its_application_cannot_be_contracted(regional):
    center, own = regional
    province = f.province_user()
    application = services.application_create(
        actor=own,
        guide_id=published_guide(province=province).pk,
        center_name="",
        center_id=center.pk,
    )
    _approved(application)
    Center.objects.filter(pk=center.pk).update(status=CenterStatus.REVOKED)
    with pytest.raises(GuardFailed) as exc:
        services.application_transition(
            actor=province,
            application_id=application.pk,
            action="sign_contract",
            params={"contract_no": "JSTIC-2026-089", "signed_on": timezone.localdate().isoformat()},
        )
    assert "已撤销" in " ".join(exc.value.problems)
    assert not Contract.objects.exists()


def test_the_start_page_offers_the_users_cultivating_centers(client, regional):
    center, own = regional
    guide = published_guide()
    client.force_login(own)
    page = client.get(f"/establishment/guides/{guide.pk}/apply/")
    assert page.status_code == 200
    assert f'value="{center.pk}"' in page.content.decode()
    response = client.post(
        f"/establishment/guides/{guide.pk}/apply/",
        {"center": str(center.pk), "center_name": "", "sub_field": ""},
    )
    assert response.status_code == 302
    assert Application.objects.get().center == center
