from django.db.models import Prefetch
from django.utils import timezone

from .eligibility import rule_set_for
from .models import Article, Chapter, RuleSet
from .rules.catalogue import ESTABLISHMENT_RULES
from .thresholds import SPECS


def chapters_with_articles():
    return Chapter.objects.prefetch_related(
        Prefetch("articles", queryset=Article.objects.order_by("number"))
    ).order_by("number")


def article_get(number: int) -> Article | None:
    return Article.objects.select_related("chapter").filter(number=number).first()


def rules_citing(number: int):
    return [rule for rule in ESTABLISHMENT_RULES if rule.article_number == number]


def rule_sets():
    return RuleSet.objects.order_by("-effective_from")


def current_rule_set() -> RuleSet | None:
    return rule_set_for(timezone.localdate())


def threshold_rows(rule_set: RuleSet) -> list[dict]:
    return [{"spec": spec, "value": rule_set.thresholds.get(spec.key)} for spec in SPECS]
