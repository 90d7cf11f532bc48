"""Evaluate an eligibility profile against the rule set in force on its `as_of` date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, F, When
from django.utils import timezone

from .models import RuleSet, Verdict
from .profile import Profile, parse_profile
from .rules.base import Context
from .rules.base import Rule as RuleDef
from .rules.catalogue import ESTABLISHMENT_RULES
from .rules.messages import Finding, field_paths
from .rules.outcomes import OUTCOME_LABELS, SEVERITY_LABELS, Outcome, Severity
from .thresholds import Thresholds

VERDICT_LABELS = dict(Verdict.choices)


def rule_set_for(as_of: dt.date) -> RuleSet:
    """The version in force on `as_of`; a date before the first version uses the first."""
    # One query: the versions in force, newest first, then the later ones, oldest first.
    in_force_on = Case(When(effective_from__lte=as_of, then=F("effective_from")))
    rule_set = (
        RuleSet.objects.annotate(in_force_on=in_force_on)
        .order_by(F("in_force_on").desc(nulls_last=True), "effective_from")
        .first()
    )
    if rule_set is None:
        # Only an unmigrated database has none; say so instead of failing obscurely.
        raise ImproperlyConfigured("No rule set: run python manage.py migrate")
    return rule_set


def verdict_of(results: list[tuple[RuleDef, Finding]]) -> str:
    outcomes = [(rule.severity, finding.outcome) for rule, finding in results]
    if (Severity.MANDATORY, Outcome.FAIL) in outcomes:
        return "ineligible"
    if any(outcome == Outcome.MISSING for _sev, outcome in outcomes):
        return "incomplete"
    if (Severity.IN_PRINCIPLE, Outcome.FAIL) in outcomes:
        return "needs_override"
    return "eligible"


@dataclass
class EligibilityReport:
    rule_set: RuleSet
    as_of: dt.date
    verdict: str
    results: list[tuple[RuleDef, Finding]]
    # An applicant's pages show field names without their JSON paths.
    show_paths: bool = True

    def as_dict(self, *, language: str = "zh-hans") -> dict:
        return {
            "rule_set": self.rule_set.code,
            "rule_set_effective_from": self.rule_set.effective_from.isoformat(),
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "results": [
                {
                    "rule": rule.id,
                    "article": rule.article,
                    "severity": str(rule.severity),
                    "outcome": str(finding.outcome),
                    "message": finding.render(language),
                }
                for rule, finding in self.results
            ],
        }

    def rows(self) -> list[dict]:
        """For templates: labels in the active language."""
        with field_paths(self.show_paths):
            return self._rows()

    def _rows(self) -> list[dict]:
        return [
            {
                "rule": rule,
                "severity_label": SEVERITY_LABELS[rule.severity],
                "outcome": str(finding.outcome),
                "outcome_label": OUTCOME_LABELS[finding.outcome],
                "message": finding.render(),
            }
            for rule, finding in self.results
        ]

    @property
    def verdict_label(self):
        return VERDICT_LABELS[self.verdict]


def evaluate(
    profile: Profile,
    *,
    exclude_center_id: int | None = None,
    personal_data_checks: bool = True,
    rule_set: RuleSet | None = None,
    **comparison,
) -> EligibilityReport:
    """`comparison`: exclude_application_id, compare_applications, disclose (see Context).
    `rule_set`: the version in force on the profile's date, when the caller has it already."""
    as_of = profile.as_of_given or timezone.localdate()
    rule_set = rule_set or rule_set_for(as_of)
    ctx = Context(
        profile=profile,
        thresholds=Thresholds(rule_set.thresholds),
        as_of=as_of,
        exclude_center_id=exclude_center_id,
        personal_data_checks=personal_data_checks,
        **comparison,
    )
    results = [(rule, rule.evaluate(ctx)) for rule in ESTABLISHMENT_RULES]
    return EligibilityReport(
        rule_set=rule_set, as_of=as_of, verdict=verdict_of(results), results=results
    )


def check_profile(data, *, personal_data_checks: bool = True) -> EligibilityReport:
    """Parse then evaluate; raises ValidationFailed naming each malformed field's path."""
    return evaluate(parse_profile(data), personal_data_checks=personal_data_checks)
