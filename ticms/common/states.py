"""Where a record stands, by colour: every state of every lifecycle belongs to one family, and
each family has one badge colour (ticms.css, `.state-<family>`). The state badge template tag
(`{% state_badge obj %}`) reads this table; a test walks every Workflow so that a new state
cannot be left without a family."""

from __future__ import annotations

NEUTRAL = "neutral"  # not started: a draft, a guide not yet published
WAITING = "waiting"  # with someone else, waiting for their decision
PROGRESS = "progress"  # under way: building, argued, on notice, open for applications
SUCCESS = "success"  # reached a good end or a good standing: approved, filed, operating
WARNING = "warning"  # back with its owner to put right: returned, rectifying
DANGER = "danger"  # refused, revoked, removed
CLOSED = "closed"  # ended without a verdict: withdrawn, declined, closed

FAMILIES = (NEUTRAL, WAITING, PROGRESS, SUCCESS, WARNING, DANGER, CLOSED)

# By model name (the lifecycle's record), then state code.
STATE_FAMILIES: dict[str, dict[str, str]] = {
    "center": {
        "cultivating": NEUTRAL,
        "constructing": PROGRESS,
        "accepting": WAITING,
        "operating": SUCCESS,
        "rectifying": WARNING,
        "rectification_review": WAITING,
        "removed": DANGER,
        "revoked": DANGER,
    },
    "guide": {"draft": NEUTRAL, "published": PROGRESS, "closed": CLOSED},
    "application": {
        "draft": NEUTRAL,
        "city_review": WAITING,
        "returned": WARNING,
        "withdrawn": CLOSED,
        "city_rejected": DANGER,
        "formal_review": WAITING,
        "argumentation": PROGRESS,
        "revising": WARNING,
        "revision_review": WAITING,
        "decision": WAITING,
        "notice": PROGRESS,
        "approved": SUCCESS,
        "contracted": SUCCESS,
        "rejected": DANGER,
    },
    "objection": {"pending": WAITING, "upheld": WARNING, "dismissed": CLOSED},
    "panel": {"open": PROGRESS, "concluded": CLOSED},
    "assignment": {
        "invited": WAITING,
        "accepted": PROGRESS,
        "declared": PROGRESS,
        "submitted": SUCCESS,
        "declined": CLOSED,
        "conflict": CLOSED,
        "withdrawn": CLOSED,
    },
    "annualreport": {
        "draft": NEUTRAL,
        "submitted": WAITING,
        "returned": WARNING,
        "approved": WAITING,
        "filed": SUCCESS,
    },
    "majormatterreport": {
        "draft": NEUTRAL,
        "submitted": WAITING,
        "returned": WARNING,
        "filed": SUCCESS,
    },
    "changerequest": {
        "draft": NEUTRAL,
        "submitted": WAITING,
        "returned": WARNING,
        "city_reviewed": WAITING,
        "approved": SUCCESS,
        "refused": DANGER,
        "withdrawn": CLOSED,
    },
    "acceptance": {
        "draft": NEUTRAL,
        "city_review": WAITING,
        "province_review": WAITING,
        "expert_review": PROGRESS,
        "passed": SUCCESS,
        "failed": WARNING,
        "revoked": DANGER,
    },
    "dynamicdecision": {
        "proposed": WAITING,
        "subsidy_granted": SUCCESS,
        "rectifying": WARNING,
        "rectified": SUCCESS,
        "rectification_failed": DANGER,
        "removed": DANGER,
        "dismissed": CLOSED,
    },
    "campaign": {
        "draft": NEUTRAL,
        "collecting": PROGRESS,
        "scoring": PROGRESS,
        "reviewing": WAITING,
        "published": SUCCESS,
    },
    "campaigncenter": {
        "pending": NEUTRAL,
        "returned": WARNING,
        "self_submitted": WAITING,
        "city_checked": SUCCESS,
        "onsite": PROGRESS,
        "onsite_done": SUCCESS,
        "absent": DANGER,
        "excused": CLOSED,
    },
    "job": {"queued": WAITING, "running": PROGRESS, "done": SUCCESS, "failed": DANGER},
}


def state_family(model_name: str, state: str) -> str:
    """The family of `state` of the lifecycle of `model_name`; neutral for an unknown one (the
    test of this table keeps that from happening, a page must not fail over a colour)."""
    return STATE_FAMILIES.get(model_name, {}).get(state, NEUTRAL)
