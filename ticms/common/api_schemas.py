from ninja import Schema


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str]
    field: str
    msg: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]
