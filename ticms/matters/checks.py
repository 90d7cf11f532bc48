"""第十二条第4项 re-run on the person a director or executive director change proposes.

The same rules as the establishment check: the same leader is not supported twice (原则上, an
in-principle rule the province may override with a written justification) and the executive
director is full time (mandatory)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.idnumbers import KnownId
from ticms.accounts.models import Person, Role
from ticms.establishment.models import Contract
from ticms.regulation import layout
from ticms.regulation.eligibility import rule_set_for
from ticms.regulation.profile import Profile
from ticms.regulation.rules import (
    OUTCOME_LABELS,
    RULES_BY_ID,
    SEVERITY_LABELS,
    Context,
    Finding,
    Msg,
    Outcome,
    Rule,
    Severity,
    field_paths,
)
from ticms.regulation.thresholds import Thresholds

from .models import ChangeKind, ChangeRequest

LEADER_KINDS = (ChangeKind.DIRECTOR, ChangeKind.EXECUTIVE_DIRECTOR)
ROLE_LABELS = {
    ChangeKind.DIRECTOR: gettext_lazy("主任"),
    ChangeKind.EXECUTIVE_DIRECTOR: gettext_lazy("执行主任"),
}


@dataclass
class LeaderCheck:
    rule_set_code: str
    results: list[tuple[Rule, Finding]]

    def failed(self, severity: str) -> list[tuple[Rule, Finding]]:
        return [
            (rule, finding)
            for rule, finding in self.results
            if rule.severity == severity and finding.outcome == Outcome.FAIL
        ]

    def problems(self, severity: str) -> list[str]:
        with field_paths(False):
            return [
                _("%(article)s %(title)s：%(message)s")
                % {"article": rule.article, "title": rule.title, "message": finding.render()}
                for rule, finding in self.failed(severity)
            ]

    def rows(self) -> list[dict]:
        with field_paths(False):
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

    def as_list(self, language: str | None = None) -> list[dict]:
        with field_paths(False):
            return [
                {
                    "rule": rule.id,
                    "article": rule.article,
                    "severity": str(rule.severity),
                    "outcome": str(finding.outcome),
                    "message": finding.render(language),
                }
                for rule, finding in self.results
            ]


def _repeat_support(change: ChangeRequest, known: KnownId, ctx: Context) -> Finding:
    """The proposed leader already leads another supported center (its own headquarters and
    branches apart, 第五条) or is a proposed leader in another application in the pipeline."""
    role = "director" if change.kind == ChangeKind.DIRECTOR else "executive_director"
    ratio = ctx.thresholds.ratio("same_team_ratio")
    # The application that founded or promoted this center is not a repeat of itself.
    own_application = (
        Contract.objects.filter(center_id=change.center_id).values("application_id").first()
    )
    problems = layout.repeat_support_problems(
        leaders={role: known},
        team=[],
        same_team_ratio=ratio,
        exclude_center_id=change.center_id,
        disclose=ctx.disclose,
    ) + layout.repeat_in_applications(
        leaders={role: known},
        team=[],
        same_team_ratio=ratio,
        exclude_application_id=(own_application or {}).get("application_id"),
        disclose=ctx.disclose,
    )
    if problems:
        return Finding(
            Outcome.FAIL,
            gettext_lazy("原则上同一负责人、同一团队不重复支持建设：%(problems)s"),
            {"problems": problems},
        )
    return Finding(
        Outcome.PASS,
        gettext_lazy(
            "拟任%(role)s（%(masked)s）不是其他已支持建设的技术创新中心的主任或执行主任，"
            "也不是正在申报的申请书的拟任负责人"
        ),
        {"role": Msg(ROLE_LABELS[change.kind]), "masked": known.masked},
    )


def leader_check(change: ChangeRequest, *, viewer=None) -> LeaderCheck | None:
    """None for the kinds that change no leader, or before a person is proposed. The names of
    other centers and applications are shown only to the province (personal data)."""
    if change.kind not in LEADER_KINDS:
        return None
    person_id = (change.proposed or {}).get("person_id")
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    if person is None or not person.id_hash:
        return None
    today = timezone.localdate()
    rule_set = rule_set_for(today)
    team: dict = {}
    if change.kind == ChangeKind.EXECUTIVE_DIRECTOR:
        team["executive_director_full_time"] = bool(change.proposed.get("full_time"))
    ctx = Context(
        profile=Profile(None, {"team": team, "layout": {}}),
        thresholds=Thresholds(rule_set.thresholds),
        as_of=today,
        exclude_center_id=change.center_id,
        disclose=viewer is None or getattr(viewer, "role", None) == Role.PROVINCE,
    )
    known = KnownId(person.id_hash, person.id_masked)
    results = [(RULES_BY_ID["A12.4.no_repeat_support"], _repeat_support(change, known, ctx))]
    if change.kind == ChangeKind.EXECUTIVE_DIRECTOR:
        rule = RULES_BY_ID["A12.4.executive_director"]
        results.insert(0, (rule, rule.evaluate(ctx)))
    return LeaderCheck(rule_set_code=rule_set.code, results=results)


def mandatory_problems(change: ChangeRequest, actor) -> list[str]:
    check = leader_check(change, viewer=actor)
    return check.problems(Severity.MANDATORY) if check else []


def in_principle_problems(change: ChangeRequest, actor) -> list[str]:
    check = leader_check(change, viewer=actor)
    return check.problems(Severity.IN_PRINCIPLE) if check else []


class _OtherViewer:
    """Anyone but the province: other centers' names stay hidden (personal data)."""

    role = Role.CITY


def decision_record(change: ChangeRequest) -> tuple[str, list[dict]]:
    """(rule set code, findings) kept on the request when the province decides, so the
    decision re-displays as it was made, whatever the registry says later. Each finding keeps
    the province's message and the one others may read."""
    full = leader_check(change, viewer=None)
    if full is None:
        return rule_set_for(timezone.localdate()).code, []
    public = leader_check(change, viewer=_OtherViewer())
    # Kept in both languages, as each reader will read it.
    return full.rule_set_code, [
        {
            **mine,
            "message_en": mine_en["message"],
            "message_public": theirs["message"],
            "message_public_en": theirs_en["message"],
        }
        for mine, mine_en, theirs, theirs_en in zip(
            full.as_list("zh-hans"),
            full.as_list("en"),
            public.as_list("zh-hans"),
            public.as_list("en"),
            strict=True,
        )
    ]


def displayed_findings(change: ChangeRequest, viewer) -> tuple[str, list[dict], list[dict]]:
    """(rule set code, rows for the pages, items for the API): the stored findings once the
    province has decided, today's check while the request is open."""
    from .models import ChangeStatus

    decided = change.status in (ChangeStatus.APPROVED, ChangeStatus.REFUSED)
    if decided and change.rule_set_code:
        disclose = getattr(viewer, "role", None) == Role.PROVINCE
        key = "message" if disclose else "message_public"
        if not (translation.get_language() or "zh-hans").startswith("zh"):
            key += "_en"
        items = [
            {
                "rule": item["rule"],
                "article": item["article"],
                "severity": item["severity"],
                "outcome": item["outcome"],
                "message": item.get(key) or item.get(key.removesuffix("_en"), ""),
            }
            for item in change.decision_findings
        ]
        rows = [
            {
                "rule": RULES_BY_ID[item["rule"]],
                "severity_label": SEVERITY_LABELS[Severity(item["severity"])],
                "outcome": item["outcome"],
                "outcome_label": OUTCOME_LABELS[Outcome(item["outcome"])],
                "message": item["message"],
            }
            for item in items
            if item["rule"] in RULES_BY_ID
        ]
        return change.rule_set_code, rows, items
    check = leader_check(change, viewer=viewer)
    if check is None:
        return "", [], []
    return check.rule_set_code, check.rows(), check.as_list()
