"""seed_scale: a province at benchmark scale, built in bulk through the project's models and kept
valid by the same rules the services apply (see management/commands/seed_scale.py)."""

from __future__ import annotations

from collections import Counter


def run(*, centers: int, years: int, audit_events: int | None, seed: int, password, stdout):
    """Every phase in order, inside the caller's transaction; returns the summary line."""
    from . import acceptances, audit, establishment, inbox, matters, organisations, plans, reports
    from . import centers as registry
    from .base import Scale, own_timestamps
    from .organisations import set_passwords

    s = Scale(centers=centers, years=years, audit_events=audit_events, seed=seed, stdout=stdout)
    with own_timestamps():
        organisations.reference(s)
        planned = plans.plan_centers(s)
        s.top_city = Counter(p.city.code for p in planned).most_common(1)[0][0]
        organisations.seed(s)
        registry.seed(s, planned)
        reports.seed(s, planned)
        matters.seed(s, planned)
        establishment.seed(s, planned)
        inbox.seed(s, planned)
        acceptances.seed(s, planned)
        audit.seed(s)
        set_passwords(s, password)
    c = s.counts
    return (
        f"seed_scale done in {s.elapsed():.0f} s: {c.get('centers', 0):,} centers, "
        f"{c.get('annual reports', 0):,} annual reports, {c.get('audit events', 0):,} audit "
        f"events, {c.get('inbox items', 0):,} inbox items, {c.get('people', 0):,} people, "
        f"{c.get('users', 0):,} users, {c.get('applications', 0):,} applications"
    )
