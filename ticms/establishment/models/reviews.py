"""Review of an application (第十三条第3项): the province's formal review with the eligibility
verdict it recorded, and the applicant's answers to the argumentation opinions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ticms.regulation.models import Verdict

from .applications import Application


class FormalReview(models.Model):
    """The province's formal review (第十三条第3项): completeness, the eligibility verdict under
    the rule set then in force, and any override justification."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("application",)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="formal_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("通过"))
    checks = models.JSONField(_("形式审查项"), default=dict)
    rule_set_code = models.CharField(_("规则版本"), max_length=20)
    verdict = models.CharField(_("资格核查结论"), max_length=20, choices=Verdict.choices)
    report = models.JSONField(_("资格核查结果"))
    similar = models.JSONField(_("查重结果"), default=list)
    justification = models.TextField(_("意见或例外理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "-created_at", "-pk"]
        verbose_name = _("形式审查")
        verbose_name_plural = _("形式审查")

    def __str__(self) -> str:
        return f"{self.application} · {self.created_at:%Y-%m-%d}"


class OpinionResponse(models.Model):
    """The applicant's answer to one argumentation opinion (第十三条第3项)."""

    # What __str__ reads: loaded with the record wherever records are named in bulk.
    NAME_RELATED = ("application",)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="opinion_responses"
    )
    # Key of the opinion it answers, e.g. "panel:3" or "assignment:12".
    opinion_key = models.CharField(max_length=40)
    opinion_text = models.TextField(_("论证意见"))
    response = models.TextField(_("修改说明"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("论证意见答复")
        verbose_name_plural = _("论证意见答复")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "opinion_key"], name="unique_opinion_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.opinion_key}"
