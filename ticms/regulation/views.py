from django.http import Http404
from django.shortcuts import render

from . import selectors
from .rules.catalogue import ESTABLISHMENT_RULES
from .rules.outcomes import SEVERITY_LABELS


def index(request):
    return render(
        request, "regulation/index.html", {"chapters": selectors.chapters_with_articles()}
    )


def article(request, number: int):
    obj = selectors.article_get(number)
    if obj is None:
        raise Http404
    return render(
        request,
        "regulation/article.html",
        {
            "article": obj,
            "rules": [(r, SEVERITY_LABELS[r.severity]) for r in selectors.rules_citing(number)],
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < 28 else None,
        },
    )


def rule_catalogue(request):
    current = selectors.current_rule_set()
    return render(
        request,
        "regulation/rules.html",
        {
            "rules": [(r, SEVERITY_LABELS[r.severity]) for r in ESTABLISHMENT_RULES],
            "current": current,
            "thresholds": selectors.threshold_rows(current) if current else [],
            "rule_sets": selectors.rule_sets(),
        },
    )
