"""Computing a whole campaign in bulk (第二十四条: 主要以客观数据为评估依据): the filed annual
reports of every participating center in one query, the agency's qualitative scores in one,
every indicator scored in memory, then the scores and totals written in batches. No query per
center: a campaign of 5,000 centers computes in seconds."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from ticms.common.audit import audit_record
from ticms.reporting import figures as F
from ticms.reporting.models import AnnualReport, AnnualReportStatus

from ..models import (
    Campaign,
    CampaignCenter,
    IndicatorKind,
    IndicatorScore,
    ScoringMethod,
)
from ..models.campaigns import NOT_PARTICIPATING
from . import ratings, scoring
from .indicators import expand_sources, system_tree

ARTICLE = "第二十四条"
BATCH = 1000


def figure_value(reports: dict, sources: list[str], aggregate: str):
    """reports: year → (report id, figures). The indicator's value and the inputs shown with
    it: each year's report and the figures read from it. None when no report has any of them."""
    years = sorted(reports)
    if aggregate == "latest":
        years = years[-1:]
    total, used = None, {}
    for year in years:
        report_id, figures = reports[year]
        row = {}
        for path in sources:
            value = F.get(figures, path)
            if value is not None:
                row[path] = str(value)
                total = (total or Decimal(0)) + Decimal(value)
        used[str(year)] = {"report": report_id, "figures": row}
    return total, {"aggregate": aggregate, "years": used}


def participating(campaign: Campaign) -> list[tuple[int, int, str]]:
    """(entry id, center id, veto reason) of the centers taking part."""
    return [
        (pk, center_id, (reason or "-") if veto else "")
        for pk, center_id, veto, reason in CampaignCenter.objects.filter(campaign=campaign)
        .exclude(status__in=NOT_PARTICIPATING)
        .values_list("pk", "center_id", "veto", "veto_reason")
        .order_by("pk")
    ]


def _reports(campaign: Campaign) -> dict[int, dict[int, tuple]]:
    rows = AnnualReport.objects.filter(
        status=AnnualReportStatus.FILED,
        year__in=campaign.years,
        center__evaluations__campaign=campaign,
    ).values_list("center_id", "year", "pk", "figures")
    by_center: dict[int, dict[int, tuple]] = defaultdict(dict)
    for center_id, year, pk, figures in rows.iterator(chunk_size=2000):
        by_center[center_id][year] = (pk, figures or {})
    return by_center


def qualitative_scores(campaign: Campaign) -> dict[tuple[int, int], Decimal]:
    rows = IndicatorScore.objects.filter(
        entry__campaign=campaign, indicator__kind=IndicatorKind.QUALITATIVE, score__isnull=False
    ).values_list("entry_id", "indicator_id", "score")
    return {(e, i): s for e, i, s in rows}


def score_entries(campaign: Campaign, entries, progress=None):
    """Every second-level indicator for every entry: (scores by (entry, indicator), the
    breakdown of each entry's quantitative scores, totals by entry)."""
    tree = system_tree(campaign.system)
    reports = _reports(campaign)
    given = qualitative_scores(campaign)
    scores: dict[tuple[int, int], Decimal] = {}
    breakdown: dict[int, dict] = {e: {} for e, _c, _v in entries}
    leaves = [leaf for _group, leaves in tree for leaf in leaves]
    for step, leaf in enumerate(leaves, start=1):
        if leaf.kind == IndicatorKind.QUALITATIVE:
            for entry_id, _center, _veto in entries:
                scores[entry_id, leaf.pk] = given.get((entry_id, leaf.pk), Decimal(0))
            continue
        sources = expand_sources(leaf.sources)
        values, inputs = {}, {}
        for entry_id, center_id, _veto in entries:
            values[entry_id], inputs[entry_id] = figure_value(
                reports.get(center_id, {}), sources, leaf.aggregate or "sum"
            )
        if leaf.method == ScoringMethod.RANK:
            scored = scoring.rank(values)
        elif leaf.method == ScoringMethod.BANDS:
            scored = {k: scoring.bands(v, leaf.bands) for k, v in values.items()}
        else:
            scored = {k: scoring.linear(v, leaf.floor, leaf.target) for k, v in values.items()}
        key = str(leaf.pk)
        for entry_id, result in scored.items():
            scores[entry_id, leaf.pk] = result.score
            value = values[entry_id]
            breakdown[entry_id][key] = {
                "value": None if value is None else str(value),
                "score": str(result.score),
                "inputs": inputs[entry_id],
                "working": result.working,
            }
        if progress:
            progress(step, len(leaves) + 2)
    totals = totals_of(tree, scores, [e for e, _c, _v in entries])
    return scores, breakdown, totals


def totals_of(tree, scores: dict, entry_ids, group_weights: dict | None = None) -> dict:
    """Σ group weight × weight × score ÷ 10,000, rounded half up to two decimals."""
    totals = {}
    for entry_id in entry_ids:
        exact = Decimal(0)
        for group, leaves in tree:
            weight = (group_weights or {}).get(group.pk, group.weight)
            for leaf in leaves:
                exact += scoring.contribution(weight, leaf.weight, scores[entry_id, leaf.pk])
        totals[entry_id] = scoring.round_half_up(exact)
    return totals


RESULT_FIELDS = ("total", "rank", "rating", "rating_note", "breakdown")


def _write_results(rows: list[tuple]) -> None:
    """One UPDATE statement run for many rows (executemany): Django's bulk_update builds a
    CASE per field and row, which takes seconds at thousands of rows. Values are prepared by
    the fields themselves, so each backend gets what it stores."""
    fields = [CampaignCenter._meta.get_field(name) for name in RESULT_FIELDS]
    table = connection.ops.quote_name(CampaignCenter._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 (names are ours)
    params = [
        [f.get_db_prep_save(value, connection) for f, value in zip(fields, values, strict=True)]
        + [pk]
        for pk, *values in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


def campaign_compute(campaign: Campaign, *, actor=None, progress=None) -> dict[str, int]:
    """Score, total, rank and rate every participating center; returns the distribution."""
    from ticms.evaluation.links import vetoes_before_compute

    vetoes_before_compute(campaign)  # 第二十六条: findings recorded before the campaign
    entries = participating(campaign)
    _scores, breakdown, totals = score_entries(campaign, entries, progress)
    rules = ratings.rules_parse(campaign.rating_rules or ratings.DEFAULT_RULES)
    rated = ratings.rate(((e, totals[e], veto) for e, _c, veto in entries), rules)
    with transaction.atomic():
        CampaignCenter.objects.filter(campaign=campaign, status__in=NOT_PARTICIPATING).update(
            total=None, rank=None, rating="", rating_note=[], breakdown={}
        )
        _write_results(
            [
                (e, totals[e], rated[e].rank, rated[e].rating, rated[e].notes, breakdown[e])
                for e, _c, _v in entries
            ]
        )
        Campaign.objects.filter(pk=campaign.pk).update(computed_at=timezone.now(), stale=False)
        counts = ratings.distribution(rated)
        audit_record(
            actor=actor,
            action="evaluation_campaign.compute",
            obj=campaign,
            after={"centers": len(entries), "distribution": counts, "rules": rules.as_json()},
            article=ARTICLE,
        )
    if progress:
        progress(1, 1)
    return counts
