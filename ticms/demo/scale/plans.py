"""The plan of every center before anything is written: city, sub-field, lifecycle state and the
dates that state implies (approval, contract, construction period, acceptance, rectification,
removal), headquarters and branches (第五条), and unique names and codes."""

from __future__ import annotations

import datetime as dt

from ticms.centers.models import CenterStatus
from ticms.establishment.effects import construction_end

from .base import Scale

S = CenterStatus
# Shares of the lifecycle states in a mature programme; the first centers take one state each
# so that every state is present at any size.
STATUS_WEIGHTS = (
    (S.CULTIVATING, 3),
    (S.CONSTRUCTING, 6),
    (S.ACCEPTING, 2),
    (S.OPERATING, 75),
    (S.RECTIFYING, 5),
    (S.RECTIFICATION_REVIEW, 3),
    (S.REMOVED, 4),
    (S.REVOKED, 2),
)
CITY_WEIGHTS = {
    "320100": 15,
    "320200": 10,
    "320300": 7,
    "320400": 8,
    "320500": 16,
    "320600": 8,
    "320700": 4.5,
    "320800": 5,
    "320900": 6,
    "321000": 6,
    "321100": 5,
    "321200": 5,
    "321300": 4.5,
}
TOPICS = [
    "关键材料",
    "核心部件",
    "智能制造",
    "绿色工艺",
    "检测认证",
    "精密加工",
    "系统集成",
    "数字化",
    "先进工艺",
    "关键装备",
    "共性技术",
    "前沿技术",
    "高端装备",
    "智能控制",
    "基础软件",
    "工业互联网",
    "低碳技术",
    "可靠性",
    "新型器件",
    "应用技术",
    "中试熟化",
    "创新设计",
    "测试验证",
    "智能运维",
    "安全技术",
    "先进制程",
    "高效节能",
    "绿色低碳",
    "融合创新",
    "工程化",
]
HQ_SHARE = 0.05
REMOVAL_REASONS = ("rectification_failed", "two_poor", "absent")


class Plan:
    """One center as it will be written, with the facts of its history."""

    __slots__ = (
        "accepted_on",
        "approved_on",
        "branches",
        "center",
        "city",
        "co_builders",
        "code",
        "contract",
        "contract_no",
        "director",
        "doc_no",
        "ends_on",
        "established_on",
        "executive",
        "exit_from",
        "exit_on",
        "exit_reason",
        "field",
        "host",
        "hq",
        "idx",
        "name",
        "officer",
        "rect_deadline",
        "rect_ordered_on",
        "rect_submitted_on",
        "registered_on",
        "report_years",
        "request_acceptance_on",
        "signed_on",
        "size",
        "staff",
        "starts_on",
        "status",
        "targets",
        "team",
        "via_application",
    )

    def __init__(self, idx: int):
        for name in self.__slots__:
            setattr(self, name, None)
        self.idx = idx
        self.branches = []

    @property
    def supported(self) -> bool:
        return self.status != S.CULTIVATING

    def reporting_years(self, s: Scale) -> list[int]:
        """The years the center owes a report (reporting.deadlines.owes_report): from the year
        its construction started, while it is built or run; none before the window."""
        if not self.supported:
            return []
        last = s.today.year
        if self.exit_on is not None:
            # Removed or revoked: the year before it left was still due the spring after.
            last = self.exit_on.year - 1 if self.exit_on.month > 3 else self.exit_on.year - 2
        return list(range(max(self.starts_on.year, s.first_year), last + 1))


def _years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def plan_centers(s: Scale) -> list[Plan]:
    rng = s.rng
    statuses = [status for status, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    codes = list(CITY_WEIGHTS)
    city_weights = list(CITY_WEIGHTS.values())
    plans = []
    for idx in range(s.n):
        p = Plan(idx)
        p.status = statuses[idx] if idx < len(statuses) else rng.choices(statuses, weights)[0]
        p.city = s.city_by_code[rng.choices(codes, city_weights)[0]]
        p.field = rng.choice(s.fields)
        p.size = rng.uniform(0.5, 2.0)
        _dates(s, p)
        plans.append(p)
    _branches(s, plans)
    _names(s, plans)
    return plans


def _dates(s: Scale, p: Plan) -> None:
    rng, today, day = s.rng, s.today, s.day_between
    Y = today.year
    if p.status == S.CULTIVATING:
        p.established_on = day(_years(today, -6), today - dt.timedelta(days=240))
        p.registered_on = max(
            day(p.established_on + dt.timedelta(days=30), today - dt.timedelta(days=30)),
            s.system_start,
        )
        return
    if p.status == S.CONSTRUCTING:
        p.approved_on = day(
            _years(today, -4) + dt.timedelta(days=60), today - dt.timedelta(days=70)
        )
    elif p.status == S.ACCEPTING:
        p.approved_on = day(
            _years(today, -5) - dt.timedelta(days=150), _years(today, -5) - dt.timedelta(days=60)
        )
    elif p.status == S.REVOKED:
        p.approved_on = day(dt.date(Y - 12, 1, 1), _years(today, -2))
    else:
        # Most of the programme is older than the window: ten years of reports each.
        latest = _years(today, -6)
        if s.chance(0.9):
            latest = min(latest, dt.date(s.first_year - 1, 6, 30))
        p.approved_on = day(dt.date(Y - 16, 1, 1), latest)
    p.signed_on = p.approved_on + dt.timedelta(days=rng.randint(20, 60))
    p.starts_on = p.signed_on
    p.ends_on = construction_end(p.signed_on, 5)
    p.established_on = p.approved_on - dt.timedelta(days=rng.randint(200, 800))
    p.via_application = p.approved_on >= s.system_start
    # Entered when it was created (through its application) or when TICMS took over.
    p.registered_on = p.signed_on if p.via_application else s.system_start
    last = today - dt.timedelta(days=20)
    if p.status == S.ACCEPTING:
        p.request_acceptance_on = day(min(p.ends_on - dt.timedelta(days=30), last), last)
        return
    if p.status == S.CONSTRUCTING:
        return
    accepted = p.ends_on + dt.timedelta(days=rng.randint(40, 200))
    if p.status == S.REVOKED:
        p.exit_on = day(max(p.signed_on + dt.timedelta(days=300), s.system_start), last)
        p.exit_from = S.CONSTRUCTING if p.exit_on < accepted else S.OPERATING
        if p.exit_from == S.OPERATING:
            p.request_acceptance_on = p.ends_on - dt.timedelta(days=rng.randint(5, 30))
            p.accepted_on = accepted
        return
    p.request_acceptance_on = p.ends_on - dt.timedelta(days=rng.randint(5, 30))
    p.accepted_on = min(accepted, last - dt.timedelta(days=200))
    if p.status == S.RECTIFYING:
        p.rect_ordered_on = day(
            max(p.accepted_on + dt.timedelta(days=150), today - dt.timedelta(days=300)), last
        )
        p.rect_deadline = p.rect_ordered_on + dt.timedelta(days=rng.randint(180, 365))
    elif p.status == S.RECTIFICATION_REVIEW:
        p.rect_ordered_on = day(
            max(p.accepted_on + dt.timedelta(days=100), today - dt.timedelta(days=400)),
            today - dt.timedelta(days=120),
        )
        p.rect_deadline = p.rect_ordered_on + dt.timedelta(days=rng.randint(180, 365))
        p.rect_submitted_on = day(p.rect_ordered_on + dt.timedelta(days=60), last)
    elif p.status == S.REMOVED:
        p.exit_on = day(min(p.accepted_on + dt.timedelta(days=365), last), last)
        p.exit_on = max(p.exit_on, s.system_start + dt.timedelta(days=30))
        p.exit_reason = rng.choice(REMOVAL_REASONS)
        p.exit_from = S.OPERATING
        if p.exit_reason == "rectification_failed":
            p.exit_from = S.RECTIFYING
            p.rect_ordered_on = max(
                p.exit_on - dt.timedelta(days=rng.randint(200, 300)),
                p.accepted_on + dt.timedelta(days=30),
                s.system_start + dt.timedelta(days=5),
            )
            p.rect_deadline = p.rect_ordered_on + dt.timedelta(days=180)


def _branches(s: Scale, plans: list[Plan]) -> None:
    """Headquarters with branch centers (第五条): old operating centers lead two to four
    younger ones in the same sub-field, in their own or other cities."""
    window = dt.date(s.first_year, 1, 1)
    heads = [p for p in plans if p.status == S.OPERATING and p.starts_on.year < window.year]
    s.rng.shuffle(heads)
    heads = heads[: max(1, round(s.n * HQ_SHARE))]
    taken = {p.idx for p in heads}
    pool = [
        p
        for p in plans
        if p.status in (S.CONSTRUCTING, S.ACCEPTING, S.OPERATING, S.RECTIFYING)
        and p.idx not in taken
    ]
    s.rng.shuffle(pool)
    for hq in sorted(heads, key=lambda p: p.approved_on):
        wanted = s.rng.randint(2, 4)
        for p in pool:
            if len(hq.branches) == wanted:
                break
            if p.idx in taken or p.approved_on < hq.approved_on:
                continue
            taken.add(p.idx)
            p.hq = hq
            p.field = hq.field
            hq.branches.append(p)
    s.headquarters = [hq for hq in heads if hq.branches]


def _names(s: Scale, plans: list[Plan]) -> None:
    """Unique names (the registry refuses a second center of the same name) and codes in the
    order the centers were entered, per city (TIC-<city>-<n>)."""
    used: set[str] = set()
    for p in plans:
        if p.hq is not None:
            continue
        if p.status == S.CULTIVATING:
            candidates = [f"{p.city.name}{p.field.name}{t}技术创新中心" for t in TOPICS]
        else:
            candidates = [f"江苏省{p.field.name}{t}技术创新中心" for t in TOPICS]
            candidates += [f"江苏省{p.city.name[:-1]}{p.field.name}{t}技术创新中心" for t in TOPICS]
        start = s.rng.randrange(len(candidates))
        for k in range(len(candidates)):
            name = candidates[(start + k) % len(candidates)]
            if name not in used:
                break
        else:
            name = f"{candidates[start][:-6]}第{p.idx}技术创新中心"
        used.add(name)
        p.name = name
    for hq in s.headquarters:
        for k, branch in enumerate(hq.branches):
            topic = TOPICS[(hq.idx + k) % len(TOPICS)]
            branch.name = f"{hq.name}{branch.city.name[:-1]}{topic}分中心"
            used.add(branch.name)
    serial: dict[str, int] = {}
    for p in sorted(plans, key=lambda p: (p.registered_on, p.idx)):
        serial[p.city.code] = serial.get(p.city.code, 0) + 1
        p.code = f"TIC-{p.city.code}-{serial[p.city.code]:03d}"
