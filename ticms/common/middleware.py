from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    """Chinese unless the user chose otherwise (language cookie); the browser's Accept-Language
    is not consulted, so officers on English-configured machines still get the Chinese UI."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulMiddleware:
    """A NUL character is never valid input here, and PostgreSQL refuses it in text: answer
    with a clear message instead of letting it reach a query (which would be a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH"):
            if content_type.startswith("application/json"):
                return b"\\u0000" in request.body or b"\x00" in request.body
            if content_type.startswith(FORM_TYPES):
                return any("\x00" in v for values in request.POST.lists() for v in values[1])
        return False

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import JsonResponse
            from django.shortcuts import render
            from django.utils.translation import gettext as _

            message = _("提交的内容含有不允许的空字符（NUL），请删除后重试")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": [{"loc": ["request"], "field": "(request)", "msg": message}]},
                    status=422,
                )
            return render(request, "errors/400.html", {"message": message}, status=400)
        return self.get_response(request)
