"""The chain verified in ranges (one process per core at a million events) finds exactly what
one walk finds: each kind of break, inside a range and on the border between two (issue 10)."""

import pytest
from django.db import connection

from ticms.common import audit_verify
from ticms.common.audit import audit_record, verify_chain
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    actor, org = f.province_user(), f.OrganisationFactory()
    for i in range(12):
        audit_record(actor=actor, action="test.step", obj=org, after={"n": i})


@pytest.fixture
def in_ranges(monkeypatch):
    """Ranges from 12 events up, each run here in turn (the forked pool is tested on
    PostgreSQL below)."""
    monkeypatch.setattr(audit_verify, "PARALLEL_FROM", 1)
    monkeypatch.setattr(
        audit_verify,
        "_verify_parallel",
        lambda bounds, every, progress, total: [
            audit_verify.verify_range(lo, hi, every) for lo, hi in bounds
        ],
    )


def both(workers=3):
    one = verify_chain(workers=1)
    split = verify_chain(workers=workers)
    return one, split


def same(one, split):
    assert (one.ok, one.broken_seq, one.problem) == (split.ok, split.broken_seq, split.problem)
    return split


def test_intact(chain, in_ranges):
    report = same(*both())
    assert report.ok and report.checked == 12


@pytest.mark.parametrize("seq", [2, 4, 5, 8, 12])  # ranges of 4: 1-4, 5-8, 9-
def test_tampered_inside_and_on_borders(chain, in_ranges, seq):
    AuditEvent.objects.filter(seq=seq).update(comment="改过")
    assert same(*both()).broken_seq == seq


@pytest.mark.parametrize("seq", [3, 4, 5, 9, 12])
def test_a_missing_event(chain, in_ranges, seq):
    AuditEvent.objects.filter(seq=seq)._raw_delete(AuditEvent.objects.db)
    report = same(*both())
    assert not report.ok and report.broken_seq == seq


@pytest.mark.parametrize("seq", [5, 9])
def test_a_relinked_border(chain, in_ranges, seq):
    AuditEvent.objects.filter(seq=seq).update(prev_hash="f" * 64)
    assert same(*both()).broken_seq == seq


def test_two_ranges_and_one_agree_on_a_shortened_chain(chain, in_ranges):
    AuditEvent.objects.filter(seq__gte=11)._raw_delete(AuditEvent.objects.db)
    report = same(*both(workers=2))
    assert not report.ok and report.broken_seq == 11


@pytest.mark.skipif(connection.vendor != "postgresql", reason="forked workers need a server")
@pytest.mark.django_db(transaction=True)
def test_forked_workers_on_postgresql(monkeypatch, reference_data):
    actor, org = f.province_user(), f.OrganisationFactory()
    for i in range(9):
        audit_record(actor=actor, action="test.step", obj=org, after={"n": i})
    monkeypatch.setattr(audit_verify, "PARALLEL_FROM", 1)
    assert verify_chain(workers=3).ok
    AuditEvent.objects.filter(seq=6).update(comment="改过")
    assert verify_chain(workers=3).broken_seq == 6
