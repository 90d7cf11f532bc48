"""The schemas of the reviews API (reviews.api): what each endpoint accepts and answers."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from ticms.common.api_schemas import ActionOut


class ApplicationRef(Schema):
    id: int
    code: str
    center_name: str
    status: str


class SubjectRef(Schema):
    """What the panel reviews: its kind (application, acceptance…) and the record."""

    kind: str
    id: int
    code: str
    name: str
    status: str


class ExpertOut(Schema):
    id: int
    name: str
    title: str
    title_level: str
    employer: str
    employer_uscc: str
    expertise: str
    fields: list[str]
    username: str | None
    is_active: bool
    open_assignments: int


class ExpertPage(Schema):
    count: int
    items: list[ExpertOut]


class ExpertQuery(Schema):
    field: str = Field("", max_length=20)
    q: str = Field("", max_length=100)
    active: str = Field("", pattern="^[01]?$")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class PanelOut(Schema):
    id: int
    subject: SubjectRef
    # Set when the subject is an application (kept for existing clients).
    application: ApplicationRef | None
    mode: str
    due_on: dt.date
    meeting_at: dt.datetime | None
    place: str
    status: str
    leader: str | None
    submitted: int
    on_panel: int


class PanelPage(Schema):
    count: int
    items: list[PanelOut]


class ReviewListQuery(Schema):
    status: str = Field("", max_length=20)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class ScoreOut(Schema):
    criterion_id: int
    criterion: str
    weight: Decimal
    score: Decimal | None


class MemberOut(Schema):
    assignment_id: int
    expert_id: int
    expert: str
    status: str
    status_label: str
    is_leader: bool
    scores: list[ScoreOut]
    weighted_total: Decimal | None
    recommendation: str
    comments: str
    actions: list[ActionOut]


class StatOut(Schema):
    criterion_id: int | None
    mean: Decimal | None
    min: Decimal | None
    max: Decimal | None
    spread: Decimal | None


class PanelDetailOut(PanelOut):
    opinion: str
    recommendation: str
    opinion_at: dt.datetime | None
    members: list[MemberOut]
    statistics: list[StatOut]
    problems: list[str]
    actions: list[ActionOut]


class PanelIn(Schema):
    mode: str = Field(..., max_length=20)
    due_on: dt.date
    meeting_at: dt.datetime | None = None
    place: str = Field("", max_length=200)


class ExpertIn(Schema):
    expert_id: int = Field(..., ge=1, le=2**31 - 1)


class LeaderIn(Schema):
    expert_id: int | None = Field(None, ge=1, le=2**31 - 1)


class AssignmentOut(Schema):
    id: int
    panel_id: int
    subject: SubjectRef
    application: ApplicationRef | None
    status: str
    status_label: str
    mode: str
    due_on: dt.date
    meeting_at: dt.datetime | None
    place: str
    is_leader: bool
    # The expert's name is shown to the province only.
    expert: str | None


class AssignmentPage(Schema):
    count: int
    items: list[AssignmentOut]


class ExpertAttachmentOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    size: int
    uploaded_at: dt.datetime


class AssignmentDetailOut(AssignmentOut):
    scores: list[ScoreOut]
    weighted_total: Decimal | None
    comments: str
    recommendation: str
    actions: list[ActionOut]
    panel_actions: list[ActionOut]
    # The subject's content (an application's construction plan), once accepted and declared
    # no conflict.
    plan: dict[str, str] | None
    attachments: list[ExpertAttachmentOut] | None


class ScoresIn(Schema):
    scores: dict[str, str | int | float | None] = {}
    comments: str | None = Field(None, max_length=5000)
    recommendation: str | None = Field(None, max_length=30)


class OpinionIn(Schema):
    opinion: str = Field(..., max_length=5000)
    recommendation: str = Field(..., max_length=30)


class OpinionOut(Schema):
    panel_id: int
    status: str
    opinion: str
    recommendation: str
    opinion_at: dt.datetime | None
