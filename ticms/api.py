"""The REST API (/api/v1): same services and selectors as the pages, same scoping."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from ticms.accounts.tokens import user_for_token
from ticms.centers.api import router as centers_router
from ticms.centers.api_network import router as network_router
from ticms.common.api_schemas import ErrorOut
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationFailed,
)
from ticms.establishment.api import router as establishment_router
from ticms.establishment.api_contracts import router as contracts_router
from ticms.establishment.api_drafting import router as drafting_router
from ticms.establishment.api_guides import router as guides_router
from ticms.establishment.api_notices import router as notices_router
from ticms.evaluation.api_acceptance import router as acceptance_router
from ticms.evaluation.api_campaigns import router as campaigns_router
from ticms.evaluation.api_dynamic import router as dynamic_router
from ticms.evaluation.api_integrity import router as integrity_router
from ticms.matters.api import router as matters_router
from ticms.regulation.api import router as regulation_router
from ticms.reporting.api import router as reporting_router
from ticms.reporting.api_excel import router as reporting_excel_router
from ticms.reviews.api import router as reviews_router


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        return user_for_token(token)


class ActiveSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api = NinjaAPI(
    title="TICMS API",
    version="1",
    description="江苏省技术创新中心管理信息系统 API. Authenticate with the session cookie or "
    "`Authorization: Bearer <token>` (python manage.py create_api_token USERNAME).",
    urls_namespace="api",
    auth=[BearerToken(), ActiveSession()],
)


def _field_errors(errors: dict) -> list[dict]:
    return [
        {
            "loc": [p for p in field.replace("]", "").replace("[", ".").split(".") if p],
            "field": field,
            "msg": str(message),
        }
        for field, messages in errors.items()
        for message in messages
    ]


@api.exception_handler(ValidationFailed)
def on_validation_failed(request, exc: ValidationFailed):
    return api.create_response(request, {"detail": _field_errors(exc.errors)}, status=422)


@api.exception_handler(NinjaValidationError)
def on_ninja_validation(request, exc: NinjaValidationError):
    details = [
        {
            "loc": [str(p) for p in e.get("loc", [])],
            "field": ".".join(str(p) for p in e.get("loc", [])[1:]),
            "msg": e.get("msg", ""),
        }
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(NotFound)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": str(exc.message)}, status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc.message)}, status=403)


@api.exception_handler(Conflict)
@api.exception_handler(GuardFailed)
def on_conflict(request, exc):
    problems = getattr(exc, "problems", None) or [exc.message]
    return api.create_response(
        request, {"detail": str(_("；")).join(str(p) for p in problems)}, status=409
    )


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    response = api.create_response(request, {"detail": str(exc.message)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("请先登录或提供有效的 API 令牌")}, status=401)


class MeOut(Schema):
    username: str
    name: str
    role: str
    city: str | None
    organisation: str | None


@api.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["accounts"])
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.username,
        "name": str(user),
        "role": user.role,
        "city": user.city.code if user.city_id else None,
        "organisation": user.organisation.uscc if user.organisation_id else None,
    }


api.add_router("", regulation_router)
api.add_router("", centers_router)
api.add_router("", network_router)
api.add_router("", guides_router)
api.add_router("", establishment_router)
api.add_router("", drafting_router)
api.add_router("", notices_router)
api.add_router("", contracts_router)
api.add_router("", reviews_router)
api.add_router("", reporting_router)
api.add_router("", matters_router)
api.add_router("", reporting_excel_router)
api.add_router("", acceptance_router)
api.add_router("", campaigns_router)
api.add_router("", dynamic_router)
api.add_router("", integrity_router)
