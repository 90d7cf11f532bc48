"""The dynamic-management rules of 第二十五条 as objects: each has a stable id, the article it
cites, the proposal it makes and a check that, when the rule applies to a history, returns the
facts it used (one sentence each). The rules are tried in order and the first that applies
decides: the three removal rules first, then the rules reading the latest evaluation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ticms.regulation.rules.base import article_label
from ticms.regulation.rules.messages import Msg

from .history import RATINGS, Evaluation, History

SUBSIDY, RECTIFICATION, REMOVAL, NONE = "subsidy", "rectification", "removal", "none"
PROPOSALS = {
    SUBSIDY: _("给予补助及人才计划、科技项目等联动支持"),
    RECTIFICATION: _("限期整改"),
    REMOVAL: _("不再纳入技术创新中心序列管理"),
    NONE: _("暂不处理"),
}

Check = Callable[[History], list[Msg] | None]


@dataclass(frozen=True)
class DynamicRule:
    id: str
    proposal: str
    title: Any
    check: Check
    article_number: int = 25
    item: int | None = None

    @property
    def article(self) -> str:
        return article_label(self.article_number, self.item)


@dataclass(frozen=True)
class Proposal:
    proposal: str
    rule: DynamicRule
    because: tuple[Msg, ...]

    def as_dict(self, language: str | None = None) -> dict:
        with translation.override(language or translation.get_language() or "zh-hans"):
            return {
                "proposal": self.proposal,
                "rule": self.rule.id,
                "article": self.rule.article,
                "because": [m.render() for m in self.because],
            }


def _rating(evaluation: Evaluation) -> Msg:
    return Msg(RATINGS[evaluation.rating])


# --- removal ------------------------------------------------------------------------------------


def check_absent(history: History) -> list[Msg] | None:
    facts = [
        Msg(_("评估「%(campaign)s」：未参加，且无正当理由。"), {"campaign": e.campaign})
        for e in history.evaluations
        if not e.participated and e.valid_reason is False
    ]
    return facts or None


def check_two_poor(history: History) -> list[Msg] | None:
    """Two participated evaluations in a row rated 较差. An excused absence between them does not
    separate them (they are still consecutive participated evaluations); nor does a passed
    rectification; a better rating does."""
    previous: Evaluation | None = None
    between: list[Evaluation] = []
    for evaluation in history.evaluations:
        if not evaluation.participated:
            between.append(evaluation)
            continue
        if previous is not None and previous.rating == "poor" and evaluation.rating == "poor":
            facts = [Msg(_("评估「%(campaign)s」评为较差。"), {"campaign": previous.campaign})]
            facts += [
                Msg(
                    _("评估「%(campaign)s」整改已通过，但不中断连续较差。"),
                    {"campaign": previous.campaign},
                )
                for r in history.rectifications
                if r.after_campaign == previous.campaign and r.passed
            ]
            facts += [
                Msg(
                    _("评估「%(campaign)s」有正当理由未参加，不计入连续评估。"),
                    {"campaign": e.campaign},
                )
                for e in between
            ]
            facts.append(
                Msg(
                    _("紧接着参加的评估「%(campaign)s」再次评为较差，连续两次较差。"),
                    {"campaign": evaluation.campaign},
                )
            )
            return facts
        previous, between = evaluation, []
    return None


def check_rectification_failed(history: History) -> list[Msg] | None:
    facts = [
        Msg(_("评估「%(campaign)s」评为较差后的整改未通过。"), {"campaign": r.after_campaign})
        for r in history.rectifications
        if not r.passed
    ]
    return facts or None


# --- the latest evaluation ----------------------------------------------------------------------

NO_REMOVAL = Msg(_("没有无正当理由不参加评估、连续两次评为较差或整改未通过的记录。"))


def check_empty(history: History) -> list[Msg] | None:
    if history.evaluations:
        return None
    return [Msg(_("尚无评估记录。"))]


def _latest(history: History, *, participated: bool, ratings=()) -> Evaluation | None:
    latest = history.evaluations[-1] if history.evaluations else None
    if latest is None or latest.participated != participated:
        return None
    if ratings and latest.rating not in ratings:
        return None
    return latest


def check_subsidy(history: History) -> list[Msg] | None:
    latest = _latest(history, participated=True, ratings=("excellent", "good"))
    if latest is None:
        return None
    return [
        Msg(
            _("最近一次评估「%(campaign)s」评为%(rating)s。"),
            {"campaign": latest.campaign, "rating": _rating(latest)},
        ),
        NO_REMOVAL,
    ]


def _rectifications_after(history: History, evaluation: Evaluation):
    return [r for r in history.rectifications if r.after_campaign == evaluation.campaign]


def check_rectification(history: History) -> list[Msg] | None:
    latest = _latest(history, participated=True, ratings=("poor",))
    if latest is None or _rectifications_after(history, latest):
        return None
    return [
        Msg(_("最近一次评估「%(campaign)s」评为较差。"), {"campaign": latest.campaign}),
        Msg(_("评估「%(campaign)s」之后尚无整改记录。"), {"campaign": latest.campaign}),
        NO_REMOVAL,
    ]


def check_rectified(history: History) -> list[Msg] | None:
    latest = _latest(history, participated=True, ratings=("poor",))
    # A failed rectification was already a removal: what is left after it has passed.
    if latest is None or not _rectifications_after(history, latest):
        return None
    return [
        Msg(_("最近一次评估「%(campaign)s」评为较差。"), {"campaign": latest.campaign}),
        Msg(_("评估「%(campaign)s」之后的整改已通过。"), {"campaign": latest.campaign}),
        NO_REMOVAL,
    ]


def check_excused(history: History) -> list[Msg] | None:
    latest = _latest(history, participated=False)
    if latest is None:
        return None
    return [
        Msg(_("最近一次评估「%(campaign)s」未参加，有正当理由。"), {"campaign": latest.campaign}),
        NO_REMOVAL,
    ]


DYNAMIC_RULES: tuple[DynamicRule, ...] = (
    DynamicRule("A25.removal.absent", REMOVAL, _("无正当理由不参加评估"), check_absent),
    DynamicRule("A25.removal.two_poor", REMOVAL, _("连续两次评估结果为较差"), check_two_poor),
    DynamicRule(
        "A25.removal.rectification_failed", REMOVAL, _("整改未通过"), check_rectification_failed
    ),
    DynamicRule("A25.none.no_evaluation", NONE, _("尚无评估记录"), check_empty),
    DynamicRule("A25.subsidy", SUBSIDY, _("最近一次评估结果为优秀或良好"), check_subsidy),
    DynamicRule(
        "A25.rectification",
        RECTIFICATION,
        _("最近一次评估结果为较差，尚未整改"),
        check_rectification,
    ),
    DynamicRule(
        "A25.none.rectified", NONE, _("最近一次评估结果为较差，整改已通过"), check_rectified
    ),
    DynamicRule("A25.none.excused", NONE, _("最近一次评估有正当理由未参加"), check_excused),
)
RULES_BY_ID = {rule.id: rule for rule in DYNAMIC_RULES}


def propose(history: History) -> Proposal:
    """What 第二十五条 proposes for this history, and why."""
    for rule in DYNAMIC_RULES:
        facts = rule.check(history)
        if facts is not None:
            return Proposal(rule.proposal, rule, tuple(facts))
    # The rules above cover every history the parser accepts.
    raise AssertionError("no dynamic-management rule applied")
