"""Builders for the reviews tests: an application in argumentation (made through the
establishment services), experts in the pool, a panel with its assignments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.establishment import services as establishment
from ticms.establishment.models import Application
from ticms.reviews import services
from ticms.reviews.models import Assignment, Expert, Panel
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

FORMAL_CHECKS = {
    "check_sections": True,
    "check_materials": True,
    "check_units": True,
    "check_commitment": True,
}


def to_argumentation(application: Application, province) -> Application:
    applicant = application.created_by
    establishment.application_transition(
        actor=applicant, application_id=application.pk, action="submit"
    )
    city = f.city_user(application.city.code)
    establishment.application_transition(
        actor=city, application_id=application.pk, action="recommend"
    )
    establishment.application_transition(
        actor=province,
        application_id=application.pk,
        action="pass_formal_review",
        params=FORMAL_CHECKS,
    )
    application.refresh_from_db()
    assert application.status == "argumentation"
    return application


def make_expert(province, *, employer=None, user=True, person=None, **kw) -> Expert:
    employer = employer or f.OrganisationFactory(kind="university")
    account = f.UserFactory(role=Role.EXPERT) if user else None
    return services.expert_create(
        actor=province,
        name=kw.pop("name", f"专家{f.make_id_number()[-6:]}"),
        employer=employer,
        title=kw.pop("title", "教授"),
        title_level=kw.pop("title_level", "senior"),
        user=account,
        person=person,
        id_number="" if person else f.make_id_number(),
        **kw,
    )


@dataclass
class Rig:
    province: object
    application: Application
    experts: list[Expert] = field(default_factory=list)
    panel: Panel | None = None

    @property
    def applicant(self):
        return self.application.created_by

    def form_panel(self, n: int = 3, *, mode="online") -> Panel:
        self.panel = services.panel_create(
            actor=self.province,
            application_id=self.application.pk,
            mode=mode,
            due_on=timezone.localdate() + dt.timedelta(days=14),
        )
        for _ in range(n):
            self.invite(make_expert(self.province))
        return self.panel

    def invite(self, expert: Expert) -> Assignment:
        self.experts.append(expert)
        return services.panel_expert_add(
            actor=self.province, panel_id=self.panel.pk, expert_id=expert.pk
        )

    def assignment(self, expert: Expert) -> Assignment:
        return Assignment.objects.get(panel=self.panel, expert=expert)

    def criteria(self):
        return list(self.application.guide.criteria.order_by("order", "pk"))

    def act(self, expert: Expert, action: str, **kw) -> Assignment:
        return services.assignment_transition(
            actor=expert.user, assignment_id=self.assignment(expert).pk, action=action, **kw
        )

    def clear(self, expert: Expert) -> Assignment:
        """Accept and declare no conflict."""
        self.act(expert, "accept")
        return self.act(expert, "declare", params={"confirm": True})

    def score(self, expert: Expert, values=(80, 70, 90), *, submit=True, comments=None):
        assignment = self.assignment(expert)
        services.score_sheet_save(
            actor=expert.user,
            assignment_id=assignment.pk,
            scores={c.pk: str(v) for c, v in zip(self.criteria(), values, strict=True)},
            comments=comments if comments is not None else f"建议加强成果转化（{assignment.pk}）。",
            recommendation="support",
        )
        if submit:
            self.act(expert, "submit")
        return self.assignment(expert)

    def all_submit(self, values=((80, 70, 90), (60, 75, 85), (90, 95, 70))):
        for expert, v in zip(self.experts, values, strict=False):
            self.clear(expert)
            self.score(expert, v)

    def set_leader(self, expert: Expert) -> Panel:
        return services.panel_leader_set(
            actor=self.province, panel_id=self.panel.pk, expert_id=expert.pk
        )


@pytest.fixture
def province(db):
    return f.province_user(username="province_officer")


@pytest.fixture
def application(province):
    guide = published_guide(province=province)
    return to_argumentation(eligible_application(guide, team_size=100), province)


@pytest.fixture
def rig(province, application) -> Rig:
    return Rig(province=province, application=application)


@pytest.fixture
def panel_rig(rig, django_capture_on_commit_callbacks) -> Rig:
    """A panel of three invited experts; their invitations (sent on commit) delivered."""
    with django_capture_on_commit_callbacks(execute=True):
        rig.form_panel(3)
    return rig
