"""What the phases of one seed_scale run share: the sizes, the seeded random generator, the clock,
the audit events they record (written as one chain at the end), progress output, and the
generators of valid codes (USCC check characters, resident ID numbers kept only hashed)."""

from __future__ import annotations

import datetime as dt
import random
import time
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.db import models
from django.utils import timezone

from ticms.accounts import idnumbers, uscc
from ticms.common.audit import actor_label_of
from ticms.demo.province import GIVEN, SURNAMES

DEFAULT_EVENTS_PER_CENTER = 200
# Usernames the benchmark logs in as (`make bench`).
WELL_KNOWN = ("scale-province", "scale-city", "scale-center", "scale-expert", "scale-cobuilder")
ADMIN = "scale-admin"


class Event(NamedTuple):
    """One audit event before it is chained: what `audit_record` would have written."""

    at: dt.datetime
    actor: tuple[int, str] | None  # (user pk, actor label)
    action: str
    object_type: str
    object_id: str
    object_repr: str
    article: str = ""
    before: Any = None
    after: Any = None
    comment: str = ""
    note: Any = None


class Scale:
    def __init__(self, *, centers: int, years: int, audit_events: int | None, seed: int, stdout):
        self.n = centers
        self.years = years
        self.audit_target = (
            audit_events if audit_events is not None else DEFAULT_EVENTS_PER_CENTER * centers
        )
        self.rng = random.Random(seed)  # noqa: S311 — reproducible data, not secrets
        self.stdout = stdout
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.first_year = self.today.year - years + 1
        # TICMS took over in the autumn before the first reporting year.
        self.system_start = dt.date(self.first_year - 1, 9, 1)
        self.events: list[Event] = []
        self.counts: dict[str, int] = {}
        self._used_uscc: set[str] = set()
        self._uscc_serial = 0
        self._ids: set[str] = set()
        self._labels: dict[int, tuple[int, str]] = {}
        self._started = time.monotonic()

    # --- progress ------------------------------------------------------------------------------
    @contextmanager
    def phase(self, name: str):
        """Time one phase and print what it wrote: {label: count}."""
        started = time.monotonic()
        written: dict[str, int] = {}
        yield written
        for label, count in written.items():
            self.counts[label] = self.counts.get(label, 0) + count
        shown = ", ".join(f"{count:,} {label}" for label, count in written.items())
        self.stdout.write(f"{name}: {shown} ({time.monotonic() - started:.1f} s)")
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    # --- time ----------------------------------------------------------------------------------
    def at(self, day: dt.date, *, hour: tuple[int, int] = (9, 18)) -> dt.datetime:
        """A moment in office hours of `day` (local time), never after now."""
        moment = dt.datetime(
            day.year,
            day.month,
            day.day,
            self.rng.randrange(*hour),
            self.rng.randrange(60),
            self.rng.randrange(60),
            self.rng.randrange(1_000_000),
            tzinfo=self.tz,
        )
        return min(moment, self.now - dt.timedelta(seconds=self.rng.randrange(60, 3600)))

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def moment_between(self, first: dt.datetime, last: dt.datetime) -> dt.datetime:
        if last <= first:
            return first
        span = int((last - first).total_seconds())
        return first + dt.timedelta(seconds=self.rng.randrange(span + 1))

    # --- audit ---------------------------------------------------------------------------------
    def actor(self, user) -> tuple[int, str]:
        found = self._labels.get(user.pk)
        if found is None:
            found = self._labels[user.pk] = (user.pk, actor_label_of(user))
        return found

    def record(self, at, user, action, obj_type, obj_id, obj_repr, **extra) -> None:
        """`before`/`after`/`note` must already be what a JSONField gives back (str dates,
        str amounts, lists not tuples): they are hashed as they are."""
        actor = self.actor(user) if user is not None else None
        self.events.append(Event(at, actor, action, obj_type, str(obj_id), obj_repr[:300], **extra))

    # --- codes ---------------------------------------------------------------------------------
    def reserve_usccs(self, existing) -> None:
        self._used_uscc.update(existing)

    def uscc(self, division: str, prefix: str = "91") -> str:
        """A valid unified social credit code, unique in this run (a scrambled serial as the
        organisation code, the GB 32100 check character computed)."""
        while True:
            self._uscc_serial += 1
            number = (self._uscc_serial * 7_368_787 + 104_729) % 31**7
            body = ""
            for _ in range(7):
                number, digit = divmod(number, 31)
                body += uscc.ALPHABET[digit]
            head = "MA" if prefix == "91" else str(self.rng.randrange(10, 100))
            code = uscc.make(f"{prefix}{division}{head}{body}")
            if code not in self._used_uscc:
                self._used_uscc.add(code)
                return code

    def id_number(self, city_code: str, born: tuple[int, int] = (1962, 1998)) -> str:
        """A valid resident ID number (GB 11643 check digit), unique in this run. Only its
        keyed hash and masked form are stored (accounts.idnumbers)."""
        first = dt.date(born[0], 1, 1).toordinal()
        last = dt.date(born[1], 12, 31).toordinal()
        while True:
            birth = dt.date.fromordinal(self.rng.randint(first, last))
            area = f"{city_code[:4]}{self.rng.randrange(2, 20):02d}"
            number = idnumbers.make_resident(f"{area}{birth:%Y%m%d}{self.rng.randrange(1000):03d}")
            if number not in self._ids:
                self._ids.add(number)
                return number

    def person_name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


# The auto timestamps own_timestamps() switched off, by model: bulk() fills the ones left empty.
AUTO_FIELDS: dict[type[models.Model], list[str]] = {}


def bulk(model: type[models.Model], objs: list, batch_size: int = 2000) -> list:
    """bulk_create with the auto timestamps the objects do not carry set to now (the phases
    set created_at themselves so that lists sort as they would after ten years of use)."""
    if not objs:
        return objs
    now = timezone.now()
    auto = AUTO_FIELDS.get(model, ())
    for obj in objs:
        for name in auto:
            if getattr(obj, name) is None:
                setattr(obj, name, getattr(obj, "created_at", None) or now)
    return model.objects.bulk_create(objs, batch_size=batch_size)


@contextmanager
def own_timestamps():
    """While loading, auto_now/auto_now_add fields keep the times the phases give them."""
    from django.apps import apps

    switched = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(f, flag, False):
                    setattr(f, flag, False)
                    switched.append((f, flag))
                    AUTO_FIELDS.setdefault(model, []).append(f.attname)
    try:
        yield
    finally:
        for f, flag in switched:
            setattr(f, flag, True)
        AUTO_FIELDS.clear()
