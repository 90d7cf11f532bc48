"""Realistic annual-report figures in the shape of reporting.figures: every part within its
total (the checks' errors never fire), stocks that grow from year to year, amounts as the
decimal strings the parser stores."""

from __future__ import annotations

from decimal import Decimal

from ticms.reporting import figures as F

from .base import Scale

CENT = Decimal("0.01")
ROWS = (("core_rd", 0.55), ("tech_support", 0.28), ("transfer", 0.17))
PROGRESS = (
    "按合同推进建设任务：完成中试验证平台建设，突破关键核心技术{n}项，新增技术合同{c}项，"
    "服务省内企业{e}家。",
    "围绕重点研发方向开展攻关，形成发明专利申请{n}件，成果在省内{e}家企业转化应用。",
    "完善理事会领导下的主任负责制，引进高层次人才{n}名，技术服务收入较上年增长{c}%。",
)
PROBLEMS = (
    "高层次人才引进难度较大；中试平台对外开放共享的机时仍有提升空间。",
    "市场化收入结构仍需优化；部分共建单位投入到位较慢。",
    "成果转化的中试环节投入不足，与下游企业的协同有待加强。",
)
NEXT_GOALS = (
    "完成中试平台二期建设；新增发明专利授权{n}项以上；技术合同成交额增长15%。",
    "孵化科技型企业{n}家；牵头或参与制定标准{c}项；服务企业{e}家以上。",
    "深化与共建单位合作，争取国家级项目{n}项，市场化收入占比保持在三分之一以上。",
)


def amount(value) -> str:
    """A stored amount: at most two decimals, as figures.clean_value normalises it."""
    q = Decimal(value).quantize(CENT)
    return format(q.normalize(), "f") if q else "0"


def _part(s: Scale, total: int, low: float, high: float) -> int:
    return min(total, round(total * s.rng.uniform(low, high)))


def report_figures(s: Scale, size: float, age: int) -> dict:
    """One year's tables for a center of `size` (0.5–2) in its `age`-th reporting year."""
    rng = s.rng
    grow = size * (1 + 0.08 * min(age, 12)) * rng.uniform(0.9, 1.1)
    members = max(60, round(150 * grow))
    people = {}
    for row, share in ROWS:
        m = max(5, round(members * share))
        rd = _part(s, m, 0.7, 0.95)
        people[row] = {
            "members": m,
            "full_time": _part(s, m, 0.6, 0.9),
            "rd_staff": rd,
            "qualified_rd": _part(s, rd, 0.82, 0.97),
            "senior_title": _part(s, m, 0.1, 0.3),
            "doctorate": _part(s, m, 0.05, 0.25),
        }
    host, gov, co = (Decimal(round(x * grow * rng.uniform(0.8, 1.2))) for x in (2600, 1800, 800))
    rd_total = host + gov + co + Decimal(round(300 * grow))
    market = [Decimal(round(x * grow * rng.uniform(0.7, 1.3))) for x in (2600, 1500, 1700, 400)]
    government = Decimal(round(3400 * grow * rng.uniform(0.8, 1.2)))
    income_total = government + sum(market) + Decimal(round(200 * grow))
    projects = {}
    for row, count, budget in (
        ("national", 3, 2100),
        ("provincial", 6, 1350),
        ("municipal", 8, 620),
        ("enterprise", 25, 2600),
    ):
        n = max(0, round(count * grow * rng.uniform(0.6, 1.4)))
        projects[row] = {
            "count": n,
            "led": _part(s, n, 0.3, 1.0) if row != "enterprise" else n,
            "budget": amount(budget * grow * rng.uniform(0.6, 1.4) if n else 0),
        }
    applied = round(58 * grow * rng.uniform(0.7, 1.3))
    granted = round(33 * grow * rng.uniform(0.7, 1.3))
    standards = round(5 * grow * rng.uniform(0.5, 1.5))
    contracts = round(64 * grow * rng.uniform(0.7, 1.3))
    contract_amount = Decimal(round(4300 * grow * rng.uniform(0.7, 1.3), 2))
    transfers = round(14 * grow * rng.uniform(0.6, 1.4))
    spin, incubated = round(2 * grow * rng.uniform(0, 2)), round(6 * grow * rng.uniform(0.5, 1.5))
    instruments = round(210 * grow)
    return {
        "people": people,
        "rd_input": {
            "total": amount(rd_total),
            "host_unit": amount(host),
            "government": amount(gov),
            "co_builders": amount(co),
        },
        "income": {
            "total": amount(income_total),
            "government_funding": amount(government),
            **{k: amount(v) for k, v in zip(F.MARKET_INCOME, market, strict=True)},
        },
        "projects": projects,
        "ip": {
            "patents_applied": applied,
            "inventions_applied": _part(s, applied, 0.5, 0.8),
            "patents_granted": granted,
            "inventions_granted": _part(s, granted, 0.4, 0.7),
            "software_copyrights": round(7 * grow * rng.uniform(0.5, 1.5)),
            "standards": standards,
            "standards_national": _part(s, standards, 0.2, 0.6),
        },
        "contracts": {
            "count": contracts,
            "amount": amount(contract_amount),
            "in_province_count": _part(s, contracts, 0.6, 0.85),
            "in_province_amount": amount(contract_amount * Decimal(rng.randint(55, 85)) / 100),
        },
        "transfers": {
            "count": transfers,
            "amount": amount(1500 * grow * rng.uniform(0.6, 1.4)),
            "in_province_count": _part(s, transfers, 0.5, 0.9),
        },
        "enterprises": {
            "spin_offs": spin,
            "incubated": incubated,
            "high_tech": _part(s, spin + incubated, 0.2, 0.6),
        },
        "instruments": {
            "count": instruments,
            "value": amount(26000 * grow),
            "shared_count": _part(s, instruments, 0.5, 0.7),
            "sharing_hours": amount(8600 * grow * rng.uniform(0.8, 1.2)),
            "external_users": round(95 * grow * rng.uniform(0.7, 1.3)),
        },
    }


def partial(s: Scale, figures: dict) -> dict:
    """A draft part-way: some tables not filled yet."""
    keep = [t.key for t in F.TABLES if s.chance(0.6)]
    return {key: figures[key] for key in keep}


def narrative(s: Scale, size: float) -> dict:
    numbers = {
        "n": max(1, round(5 * size * s.rng.uniform(0.6, 1.4))),
        "c": round(30 * size),
        "e": round(80 * size),
    }
    return {
        "progress": s.rng.choice(PROGRESS).format(**numbers),
        "problems": s.rng.choice(PROBLEMS),
        "next_goals": s.rng.choice(NEXT_GOALS).format(**numbers),
    }
