"""Recording integrity findings (第九条第5项、第二十六条): the province only, every field checked,
audited; the findings the campaigns' veto reads; the expert-pool exclusion period."""

import datetime as dt

import pytest
from django.utils import timezone

from ticms.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.evaluation.integrity import (
    excluded_experts,
    expert_exclusion_problems,
    finding_get,
    finding_list,
    findings_for_center,
)
from ticms.evaluation.models import IntegrityFinding
from ticms.reviews.models import Expert
from ticms.testing import factories as f

from .integrity_helpers import make_expert, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return f.province_user()


def test_a_finding_against_a_center_is_recorded_and_audited(province):
    center = f.CenterFactory()
    finding = record(province, "center", center)
    assert finding.center == center and finding.excluded_until is None
    event = AuditEvent.objects.get(action="integrity_finding.record")
    assert event.article == "第二十六条" and event.after["subject"] == "center"


def test_a_finding_against_a_person_found_by_id_number(province):
    number = f.make_id_number()
    person = f.PersonFactory(id_number=number)
    finding = record(province, "person", person_id_number=number)
    assert finding.person == person


def test_an_unknown_id_number_is_refused(province):
    with pytest.raises(ValidationFailed) as info:
        record(province, "person", person_id_number=f.make_id_number())
    assert "person_id_number" in info.value.errors


@pytest.mark.parametrize("role", ["city", "center", "expert", "evaluator", "sysadmin"])
def test_only_the_province_records(role):
    with pytest.raises(PermissionDenied):
        record(f.role_user(role), "center", f.CenterFactory())
    assert not IntegrityFinding.objects.exists()


def test_every_missing_field_is_named(province):
    with pytest.raises(ValidationFailed) as info:
        record(
            province,
            "center",
            f.CenterFactory(),
            kind="lying",
            facts=" ",
            source="",
            decision="",
            decided_on=None,
        )
    assert set(info.value.errors) == {"kind", "facts", "source", "decision", "decided_on"}


def test_a_subject_must_match_its_kind(province):
    center = f.CenterFactory()
    with pytest.raises(ValidationFailed) as info:
        record(province, "expert", None, center_id=center.pk, exclusion_months=12)
    assert {"center_id", "expert_id"} <= set(info.value.errors)
    with pytest.raises(ValidationFailed) as info:
        record(province, "planet", center)
    assert "subject" in info.value.errors


def test_a_decision_in_the_future_is_refused(province):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as info:
        record(province, "center", f.CenterFactory(), decided_on=tomorrow)
    assert "decided_on" in info.value.errors


@pytest.mark.parametrize(
    "months,ok", [(0, False), (1, True), (120, True), (121, False), (None, False)]
)
def test_exclusion_period_bounds(province, months, ok):
    expert = make_expert(province)
    if ok:
        assert record(province, "expert", expert, exclusion_months=months).excluded_until
    else:
        with pytest.raises(ValidationFailed) as info:
            record(province, "expert", expert, exclusion_months=months)
        assert "exclusion_months" in info.value.errors


def test_no_exclusion_period_for_a_center(province):
    with pytest.raises(ValidationFailed) as info:
        record(province, "center", f.CenterFactory(), exclusion_months=6)
    assert "exclusion_months" in info.value.errors


def test_the_exclusion_runs_from_the_decision_for_the_set_months(province):
    expert = make_expert(province)
    decided = dt.date(2026, 1, 31)
    finding = record(province, "expert", expert, decided_on=decided, exclusion_months=1)
    assert finding.excluded_until == dt.date(2026, 2, 28)

    def ids(day):
        return set(Expert.objects.filter(pk__in=excluded_experts(day)).values_list("pk", flat=True))

    assert ids(dt.date(2026, 1, 30)) == set()  # not yet decided
    assert ids(decided) == {expert.pk}
    assert ids(dt.date(2026, 2, 27)) == {expert.pk}
    assert ids(dt.date(2026, 2, 28)) == set()  # the period is over on that day
    assert "2026-02-28" in expert_exclusion_problems(expert, on=dt.date(2026, 2, 1))[0]
    assert expert_exclusion_problems(expert, on=dt.date(2026, 2, 28)) == []


def test_findings_for_center_since(province):
    center, other = f.CenterFactory(), f.CenterFactory()
    old = record(province, "center", center, decided_on=dt.date(2024, 5, 1))
    new = record(province, "center", center, decided_on=dt.date(2026, 1, 1))
    record(province, "center", other)
    assert list(findings_for_center(center)) == [old, new]
    assert list(findings_for_center(center, since=dt.date(2026, 1, 1))) == [new]
    assert list(findings_for_center(center.pk, since=dt.date(2026, 1, 2))) == []


def test_findings_are_the_provinces_alone(province):
    center = f.CenterFactory()
    finding = record(province, "center", center)
    for user in (f.city_user(), f.center_user(center.host_unit), f.role_user("evaluator")):
        assert not finding_list(user=user).exists()
        with pytest.raises(NotFound):
            finding_get(user=user, pk=finding.pk)
    assert finding_get(user=province, pk=finding.pk) == finding


def test_list_filters(province):
    center = f.CenterFactory(name="甲中心")
    record(province, "center", center)
    record(province, "expert", make_expert(province, name="李四"))
    assert finding_list(user=province, subject="expert").count() == 1
    assert finding_list(user=province, q="甲中心").count() == 1
    assert finding_list(user=province, q="李四").count() == 1
