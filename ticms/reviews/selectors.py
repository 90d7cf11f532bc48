"""Reads of expert argumentation, scoped to the user. (Contract used by establishment; the
reviews app fills these in.)"""

from __future__ import annotations

from django.utils.translation import gettext as _


def applications_assigned_to(user):
    """Application ids an expert may read (their accepted assignments)."""
    from ticms.establishment.models import Application

    return Application.objects.none().values("pk")


def argumentation_problems(application) -> list[str]:
    """Why the argumentation of `application` is not complete yet (empty when complete)."""
    return [_("尚未组建专家组")]


def argumentation_opinions(application) -> list[dict]:
    """The opinions the applicant must answer: dicts with key, author, text."""
    return []
