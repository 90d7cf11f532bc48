from django.http import HttpRequest
from ninja import Router, Schema

from ticms.accounts.models import Role
from ticms.common.api_schemas import ErrorOut, ValidationErrorOut

from . import selectors
from .eligibility import check_profile
from .profile import decode_profile_json, profile_json_schema
from .rules.catalogue import ESTABLISHMENT_RULES

router = Router(tags=["regulation"])


class RuleResultOut(Schema):
    rule: str
    article: str
    severity: str
    outcome: str
    message: str


class EligibilityOut(Schema):
    rule_set: str
    rule_set_effective_from: str
    as_of: str
    verdict: str
    results: list[RuleResultOut]


@router.post(
    "/eligibility/check",
    # 403: a session cookie without its CSRF token.
    response={200: EligibilityOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Check an eligibility profile against 第十二条 and 第四条",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": profile_json_schema()}},
        }
    },
)
def eligibility_check(request: HttpRequest):
    data = decode_profile_json(request.body or b"")
    # Only the province compares ID numbers with other centers' leaders and teams (第十二条第4项).
    report = check_profile(data, personal_data_checks=request.auth.role == Role.PROVINCE)
    return 200, report.as_dict()


class ArticleOut(Schema):
    number: int
    label: str
    chapter: str
    text: str
    items: list[str]


@router.get("/regulation/articles", response=list[ArticleOut], auth=None)
def article_list(request: HttpRequest):
    return [
        {
            "number": a.number,
            "label": a.label,
            "chapter": str(a.chapter),
            "text": a.text,
            "items": a.items,
        }
        for chapter in selectors.chapters_with_articles()
        for a in chapter.articles.all()
    ]


class RuleOut(Schema):
    id: str
    article: str
    severity: str
    title: str
    fields: list[str]


class RuleCatalogueOut(Schema):
    rule_set: str | None
    thresholds: dict
    rules: list[RuleOut]


@router.get("/regulation/rules", response=RuleCatalogueOut, auth=None)
def rule_list(request: HttpRequest):
    current = selectors.current_rule_set()
    return {
        "rule_set": current.code if current else None,
        "thresholds": current.thresholds if current else {},
        "rules": [
            {
                "id": r.id,
                "article": r.article,
                "severity": str(r.severity),
                "title": str(r.title),
                "fields": list(r.fields),
            }
            for r in ESTABLISHMENT_RULES
        ],
    }
