"""Expert argumentation (第十三条第3项): a panel per application past its formal review, five
invited experts with their answers, declarations and weighted score sheets, the leader's
opinion on concluded panels. The benchmark's expert sits on every open panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ticms.common.audit import to_json
from ticms.establishment.models import Application, ApplicationStatus
from ticms.reviews.models import (
    Assignment,
    AssignmentStatus,
    Panel,
    PanelMode,
    PanelStatus,
    Recommendation,
    Score,
)

from .base import Scale, bulk

AS = AssignmentStatus
ARTICLE = "第十三条第3项"
PANEL_SIZE = 5
OPINION = "该中心定位清晰，建设基础较好，考核指标可考核；建议进一步聚焦细分领域关键核心技术。"
COMMENTS = "建设方案总体可行，团队结构合理；建议细化中试平台建设进度和市场化收入目标。"
OPEN_CYCLE = (AS.INVITED, AS.ACCEPTED, AS.DECLARED, AS.SUBMITTED)


def seed(s: Scale, apps: list[Application]) -> dict:
    panels, assignments = [], []
    for app in apps:
        open_ = app.status == ApplicationStatus.ARGUMENTATION
        start = app.times["pass_formal_review"] + dt.timedelta(hours=3)
        after = [t for step, t in app.times.items() if t > start and step != "pass_formal_review"]
        end = min(after) - dt.timedelta(hours=2) if after else s.now - dt.timedelta(hours=2)
        meeting = s.chance(0.4)
        panel = Panel(
            application=app,
            mode=PanelMode.MEETING if meeting else PanelMode.ONLINE,
            due_on=(start + (end - start) * 0.8).date()
            if not open_
            else s.today + dt.timedelta(days=s.rng.randint(5, 25)),
            status=PanelStatus.OPEN if open_ else PanelStatus.CONCLUDED,
            created_by=s.province,
            created_at=start,
            updated_at=end,
        )
        if meeting:
            panel.meeting_at = start + (end - start) * 0.7
            panel.place = "省科技厅第一会议室"
        if not open_:
            panel.opinion, panel.opinion_at = OPINION, end
            panel.recommendation = Recommendation.SUPPORT
        experts = s.rng.sample(s.experts[1:], min(PANEL_SIZE, len(s.experts) - 1))
        if open_ or s.chance(0.02):
            experts = [s.experts[0], *experts[: PANEL_SIZE - 1]]
        # The benchmark's expert leads every other open panel it sits on.
        panel.leader = experts[0] if open_ and app.pk % 2 else experts[-1]
        panel.window = (start, end)
        panels.append(panel)
        for k, expert in enumerate(experts):
            status = AS.SUBMITTED
            if open_:
                status = OPEN_CYCLE[(app.pk + k) % len(OPEN_CYCLE)]
                if expert is s.experts[0]:
                    status = OPEN_CYCLE[app.pk % 3]
            assignments.append(_assignment(s, panel, expert, status, start, end))
        if open_ and len(s.experts) > PANEL_SIZE + 1:
            # One invited expert declined (the province is told and invites another).
            spare = next(e for e in s.experts[1:] if e not in experts)
            assignments.append(_assignment(s, panel, spare, AS.DECLINED, start, end))
    bulk(Panel, panels)
    bulk(Assignment, assignments)
    scores = _scores(s, assignments)
    _events(s, panels, assignments)
    s.panels, s.assignments = panels, assignments
    return {"panels": len(panels), "assignments": len(assignments), "scores": scores}


def _assignment(s, panel, expert, status, start, end) -> Assignment:
    step = (end - start) / 6
    a = Assignment(panel=panel, expert=expert, status=status, invited_at=start + step * 0.2)
    if status != AS.INVITED:
        a.responded_at = start + step * (0.6 if status == AS.DECLINED else 1)
    if status in (AS.DECLARED, AS.SUBMITTED):
        a.declared_at = start + step * 1.5
    if status == AS.SUBMITTED:
        a.submitted_at = start + step * s.rng.uniform(2, 4)
        a.comments = COMMENTS
        a.recommendation = s.rng.choice(
            (Recommendation.SUPPORT, Recommendation.SUPPORT, Recommendation.SUPPORT_WITH_CHANGES)
        )
    return a


def _scores(s: Scale, assignments: list[Assignment]) -> int:
    rows = []
    for a in assignments:
        if a.status != AS.SUBMITTED:
            continue
        for criterion in a.panel.application.guide.criteria_rows:
            rows.append(
                Score(assignment=a, criterion=criterion, score=Decimal(s.rng.randint(65, 96)))
            )
    bulk(Score, rows, batch_size=5000)
    return len(rows)


def _events(s: Scale, panels: list[Panel], assignments: list[Assignment]) -> None:
    for panel in panels:
        app = panel.application
        s.record(
            panel.created_at,
            s.province,
            "review_panel.create",
            "reviews.panel",
            panel.pk,
            f"「{app.center_name}」论证专家组",
            article=ARTICLE,
            after={
                "application": app.code,
                "mode": panel.mode,
                "due_on": panel.due_on.isoformat(),
                "meeting_at": to_json(panel.meeting_at),
                "place": panel.place,
            },
        )
    for a in assignments:
        panel, expert = a.panel, a.expert
        name = f"「{panel.application.center_name}」专家论证"
        s.record(
            a.invited_at,
            s.province,
            "review_panel.expert_add",
            "reviews.assignment",
            a.pk,
            name,
            article=ARTICLE,
            after={"panel": panel.pk, "expert": expert.name, "status": AS.INVITED},
        )
        steps = []
        if a.status == AS.DECLINED:
            steps.append((a.responded_at, "decline", AS.INVITED, AS.DECLINED))
        elif a.responded_at:
            steps.append((a.responded_at, "accept", AS.INVITED, AS.ACCEPTED))
        if a.declared_at:
            steps.append((a.declared_at, "declare", AS.ACCEPTED, AS.DECLARED))
        if a.submitted_at:
            s.record(
                a.submitted_at - dt.timedelta(minutes=20),
                expert.user,
                "review_assignment.scores_save",
                "reviews.assignment",
                a.pk,
                name,
                article=ARTICLE,
                after={"comments": a.comments, "recommendation": a.recommendation},
            )
            steps.append((a.submitted_at, "submit", AS.DECLARED, AS.SUBMITTED))
        for when, action, source, target in steps:
            s.record(
                when,
                expert.user,
                f"review_assignment.{action}",
                "reviews.assignment",
                a.pk,
                name,
                article=ARTICLE,
                before={"status": source},
                after={"status": target},
            )
    for panel in panels:
        name = f"「{panel.application.center_name}」论证专家组"
        s.record(
            panel.created_at + dt.timedelta(minutes=30),
            s.province,
            "review_panel.leader_set",
            "reviews.panel",
            panel.pk,
            name,
            article=ARTICLE,
            after={"leader": panel.leader.name},
        )
        if panel.status == PanelStatus.CONCLUDED:
            s.record(
                panel.opinion_at,
                panel.leader.user,
                "review_panel.conclude",
                "reviews.panel",
                panel.pk,
                name,
                article=ARTICLE,
                before={"status": PanelStatus.OPEN, "opinion": "", "recommendation": ""},
                after={
                    "status": PanelStatus.CONCLUDED,
                    "opinion": panel.opinion,
                    "recommendation": panel.recommendation,
                    "opinion_at": to_json(panel.opinion_at),
                },
            )
