from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str]
    field: str
    msg: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


class ActionOut(Schema):
    """An action the transition table offers the caller on an object now."""

    action: str
    label: str
    article: str
    comment_required: bool
    params: list[str]
    # Why the action cannot be taken yet (e.g. the notice period is not over); empty if it can.
    not_ready: list[str]


class TransitionIn(Schema):
    params: dict[str, str | bool | int | None] = {}
    comment: str = Field("", max_length=5000)


def actions_out(workflow, user, obj) -> list[dict]:
    return [
        {
            "action": t.action,
            "label": str(t.label),
            "article": t.article,
            "comment_required": t.comment_required,
            "params": [p.name for p in t.params],
            "not_ready": t.not_ready(obj, user),
        }
        for t in workflow.available(user, obj)
    ]


# A file answer in the OpenAPI document. An int key, like ninja's own: a "200" string key
# would be a second, duplicate "200".
FILE_DOWNLOAD = {
    "responses": {
        200: {
            "description": "The file, as a download",
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    }
}
