"""REST API of expert argumentation (第十三条第3项): the same services and selectors as the
pages, the same scoping (an assignment of another expert is 404, like a missing one)."""

from django.http import HttpRequest
from ninja import Query, Router

from ticms.accounts.models import Role
from ticms.common.api_schemas import (
    FILE_DOWNLOAD,
    ErrorOut,
    TransitionIn,
    ValidationErrorOut,
    actions_out,
)
from ticms.common.exceptions import PermissionDenied
from ticms.common.files import attachment_download
from ticms.common.paging import slice_by_pk

from . import selectors, services
from .api_schemas import (
    AssignmentDetailOut,
    AssignmentPage,
    ExpertIn,
    ExpertPage,
    ExpertQuery,
    LeaderIn,
    OpinionIn,
    OpinionOut,
    PanelDetailOut,
    PanelIn,
    PanelPage,
    ReviewListQuery,
    ScoresIn,
)
from .models import AssignmentStatus
from .permissions import is_panel_leader
from .subjects import subject_ref
from .workflow import ASSIGNMENT_WORKFLOW, PANEL_WORKFLOW

router = Router(tags=["reviews"])

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {400: ErrorOut, 409: ErrorOut, **READ_ERRORS}


def _application(a) -> dict | None:
    if a is None:
        return None
    return {"id": a.pk, "code": a.code, "center_name": a.center_name, "status": a.status}


# --- The expert pool ----------------------------------------------------------------------------


@router.get("/reviews/experts", response={200: ExpertPage, **READ_ERRORS})
def expert_list(request: HttpRequest, query: Query[ExpertQuery]):
    if request.auth.role != Role.PROVINCE:
        raise PermissionDenied()
    qs = selectors.expert_list(
        user=request.auth,
        filters=selectors.ExpertFilters(field=query.field, q=query.q, active=query.active),
    )
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {
        "count": qs.count(),
        "items": [
            {
                "id": e.pk,
                "name": e.name,
                "title": e.title,
                "title_level": e.title_level,
                "employer": e.employer.name,
                "employer_uscc": e.employer.uscc,
                "expertise": e.expertise,
                "fields": [f.code for f in e.fields.all()],
                "username": e.user.username if e.user_id else None,
                "is_active": e.is_active,
                "open_assignments": e.open_assignments,
            }
            for e in items
        ],
    }


# --- Panels (the province) ----------------------------------------------------------------------


def _panel(p, *, submitted: int, on_panel: int) -> dict:
    return {
        "id": p.pk,
        "subject": subject_ref(p.subject),
        "application": _application(p.application),
        "mode": p.mode,
        "due_on": p.due_on,
        "meeting_at": p.meeting_at,
        "place": p.place,
        "status": p.status,
        "leader": p.leader.name if p.leader_id else None,
        "submitted": submitted,
        "on_panel": on_panel,
    }


@router.get("/reviews/panels", response={200: PanelPage, **READ_ERRORS})
def panel_list(request: HttpRequest, query: Query[ReviewListQuery]):
    if request.auth.role != Role.PROVINCE:
        raise PermissionDenied()
    qs = selectors.panel_list(user=request.auth, status=query.status)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {
        "count": qs.count(),
        "items": [_panel(p, submitted=p.submitted_count, on_panel=p.invited_count) for p in items],
    }


def _stat(criterion_id, s) -> dict:
    return {
        "criterion_id": criterion_id,
        **{k: s[k] for k in ("mean", "min", "max", "spread")},
    }


def _panel_detail(user, panel) -> dict:
    assignments = selectors.panel_assignments(panel)
    sheet = selectors.panel_sheet(panel, assignments)
    progress = selectors.panel_progress(panel)
    criteria = sheet["criteria"]
    members = [
        {
            "assignment_id": row["assignment"].pk,
            "expert_id": row["assignment"].expert_id,
            "expert": row["label"],
            "status": row["assignment"].status,
            "status_label": str(row["assignment"].get_status_display()),
            "is_leader": panel.leader_id == row["assignment"].expert_id,
            "scores": [
                {"criterion_id": c.pk, "criterion": c.name, "weight": c.weight, "score": s}
                for c, s in zip(criteria, row["scores"], strict=True)
            ],
            "weighted_total": row["total"],
            "recommendation": row["assignment"].recommendation,
            "comments": row["comments"],
            "actions": actions_out(ASSIGNMENT_WORKFLOW, user, row["assignment"]),
        }
        for row in sheet["rows"]
    ]
    return {
        **_panel(
            panel,
            submitted=progress["submitted"],
            on_panel=progress["submitted"] + progress["pending"] + progress["invited"],
        ),
        "opinion": panel.opinion,
        "recommendation": panel.recommendation,
        "opinion_at": panel.opinion_at,
        "members": members,
        "statistics": [_stat(s["criterion"].pk, s) for s in sheet["per_criterion"]]
        + [_stat(None, sheet["total"])],
        "problems": [str(p) for p in progress["problems"]],
        "actions": actions_out(PANEL_WORKFLOW, user, panel),
    }


@router.get("/reviews/panels/{panel_id}", response={200: PanelDetailOut, **READ_ERRORS})
def panel_detail(request: HttpRequest, panel_id: int):
    return _panel_detail(request.auth, selectors.panel_get(user=request.auth, pk=panel_id))


def _panel_create(request, kind: str, subject_id: int, payload: PanelIn):
    panel = services.panel_create(
        actor=request.auth,
        kind=kind,
        subject_id=subject_id,
        mode=payload.mode,
        due_on=payload.due_on,
        meeting_at=payload.meeting_at,
        place=payload.place,
    )
    return 201, _panel_detail(request.auth, selectors.panel_get(user=request.auth, pk=panel.pk))


@router.post(
    "/reviews/applications/{application_id}/panel",
    response={201: PanelDetailOut, **WRITE_ERRORS},
)
def panel_create(request: HttpRequest, application_id: int, payload: PanelIn):
    return _panel_create(request, "application", application_id, payload)


@router.post(
    "/reviews/subjects/{kind}/{subject_id}/panel",
    response={201: PanelDetailOut, **WRITE_ERRORS},
)
def subject_panel_create(request: HttpRequest, kind: str, subject_id: int, payload: PanelIn):
    """Form the panel of any reviewed kind (application, acceptance) under review."""
    return _panel_create(request, kind, subject_id, payload)


@router.post("/reviews/panels/{panel_id}/experts", response={200: PanelDetailOut, **WRITE_ERRORS})
def panel_expert_add(request: HttpRequest, panel_id: int, payload: ExpertIn):
    """Invite an expert; 409 with the 回避 reasons when a conflict-of-interest rule applies."""
    services.panel_expert_add(actor=request.auth, panel_id=panel_id, expert_id=payload.expert_id)
    return _panel_detail(request.auth, selectors.panel_get(user=request.auth, pk=panel_id))


@router.put("/reviews/panels/{panel_id}/leader", response={200: PanelDetailOut, **WRITE_ERRORS})
def panel_leader(request: HttpRequest, panel_id: int, payload: LeaderIn):
    services.panel_leader_set(actor=request.auth, panel_id=panel_id, expert_id=payload.expert_id)
    return _panel_detail(request.auth, selectors.panel_get(user=request.auth, pk=panel_id))


# --- Assignments --------------------------------------------------------------------------------


def _assignment(user, a) -> dict:
    panel = a.panel
    return {
        "id": a.pk,
        "panel_id": panel.pk,
        "subject": subject_ref(panel.subject),
        "application": _application(panel.application),
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "mode": panel.mode,
        "due_on": panel.due_on,
        "meeting_at": panel.meeting_at,
        "place": panel.place,
        "is_leader": panel.leader_id is not None and panel.leader_id == a.expert_id,
        "expert": a.expert.name if user.role == Role.PROVINCE else None,
    }


@router.get("/reviews/assignments", response={200: AssignmentPage, **READ_ERRORS})
def assignment_list(request: HttpRequest, query: Query[ReviewListQuery]):
    """The expert's own assignments (the province: every assignment)."""
    qs = selectors.assignment_list(user=request.auth, status=query.status)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_assignment(request.auth, a) for a in items]}


def _assignment_detail(user, a) -> dict:
    criteria = selectors.panel_criteria(a.panel)
    scores = selectors.assignment_scores(a)
    plan = attachments = None
    if a.status in (AssignmentStatus.DECLARED, AssignmentStatus.SUBMITTED):
        plan = a.panel.kind.sections(a.panel.subject)
        attachments = [
            {
                "id": f.pk,
                "kind": f.kind,
                "kind_label": str(f.get_kind_display()),
                "name": f.original_name,
                "size": f.size,
                "uploaded_at": f.uploaded_at,
            }
            for f in selectors.assignment_attachments(a)
        ]
    return {
        **_assignment(user, a),
        "scores": [
            {
                "criterion_id": c.pk,
                "criterion": c.name,
                "weight": c.weight,
                "score": scores.get(c.pk),
            }
            for c in criteria
        ],
        "weighted_total": selectors.weighted_total(scores, criteria),
        "comments": a.comments,
        "recommendation": a.recommendation,
        "actions": actions_out(ASSIGNMENT_WORKFLOW, user, a),
        "panel_actions": actions_out(PANEL_WORKFLOW, user, a.panel)
        if is_panel_leader(user, a.panel)
        else [],
        "plan": plan,
        "attachments": attachments,
    }


@router.get(
    "/reviews/assignments/{assignment_id}", response={200: AssignmentDetailOut, **READ_ERRORS}
)
def assignment_detail(request: HttpRequest, assignment_id: int):
    a = selectors.assignment_get(user=request.auth, pk=assignment_id)
    return _assignment_detail(request.auth, a)


@router.get(
    "/reviews/assignments/{assignment_id}/attachments/{attachment_id}",
    response={401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=FILE_DOWNLOAD,
)
def assignment_attachment_download(request: HttpRequest, assignment_id: int, attachment_id: int):
    """An attachment of the application, once the expert accepted and declared no conflict."""
    rows = selectors.assignment_attachment_rows(user=request.auth, assignment_pk=assignment_id)
    return attachment_download(rows, attachment_id)


@router.post(
    "/reviews/assignments/{assignment_id}/transitions/{action}",
    response={200: AssignmentDetailOut, **WRITE_ERRORS},
)
def assignment_transition(
    request: HttpRequest, assignment_id: int, action: str, payload: TransitionIn
):
    """accept, decline, declare (params.confirm=true), declare_conflict (comment), submit;
    withdraw, reinvite, return_scores (the province)."""
    services.assignment_transition(
        actor=request.auth,
        assignment_id=assignment_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    a = selectors.assignment_get(user=request.auth, pk=assignment_id)
    return _assignment_detail(request.auth, a)


@router.put(
    "/reviews/assignments/{assignment_id}/scores",
    response={200: AssignmentDetailOut, **WRITE_ERRORS},
)
def assignment_scores(request: HttpRequest, assignment_id: int, payload: ScoresIn):
    """Save the score sheet (draft): scores map criterion ids to "0"–"100" (two decimals)."""
    services.score_sheet_save(
        actor=request.auth,
        assignment_id=assignment_id,
        scores=payload.scores,
        comments=payload.comments,
        recommendation=payload.recommendation,
    )
    a = selectors.assignment_get(user=request.auth, pk=assignment_id)
    return _assignment_detail(request.auth, a)


@router.post("/reviews/panels/{panel_id}/opinion", response={200: OpinionOut, **WRITE_ERRORS})
def panel_opinion(request: HttpRequest, panel_id: int, payload: OpinionIn):
    """The panel leader writes the panel opinion (after every accepted expert has submitted)."""
    panel = services.panel_opinion_write(
        actor=request.auth,
        panel_id=panel_id,
        opinion=payload.opinion,
        recommendation=payload.recommendation,
    )
    return {
        "panel_id": panel.pk,
        "status": panel.status,
        "opinion": panel.opinion,
        "recommendation": panel.recommendation,
        "opinion_at": panel.opinion_at,
    }
