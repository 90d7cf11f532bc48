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


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than settings.MAX_REQUEST_BYTES (the
    largest attachment plus its form) with 413, before anything reads the body. The proxy in
    front (nginx `client_max_body_size`) holds the same line for bodies without a length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            from django.http import JsonResponse
            from django.shortcuts import render
            from django.utils.translation import gettext as _

            message = _(
                "提交的内容过大（%(mb).1fMB）：每次提交不能超过 %(max)dMB，单个附件不能超过20MB"
            ) % {"mb": length / 1024 / 1024, "max": limit // 1024 // 1024}
            if _is_api(request):
                return JsonResponse({"detail": message}, status=413)
            return render(request, "errors/413.html", {"message": message}, status=413)
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL character is never valid input here, and PostgreSQL refuses it in text: answer
    with a clear message instead of letting it reach a query (which would be a 500).

    The body is looked at in process_view, after CsrfViewMiddleware's (placed after it): a form
    without a valid CSRF token is refused before its body is parsed. A multipart body sent to a
    view that does its own CSRF check (the API) is left to that view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return self._refuse(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            if b"\\u0000" in request.body or b"\x00" in request.body:
                return self._refuse(request)
        elif content_type.startswith(FORM_TYPES):
            if content_type.startswith("multipart/") and getattr(view_func, "csrf_exempt", False):
                return None
            if any("\x00" in v for values in request.POST.lists() for v in values[1]):
                return self._refuse(request)
        return None

    @staticmethod
    def _refuse(request):
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        message = _("提交的内容含有不允许的空字符（NUL），请删除后重试")
        if _is_api(request):
            return JsonResponse(
                {"detail": [{"loc": ["request"], "field": "(request)", "msg": message}]},
                status=422,
            )
        return render(request, "errors/400.html", {"message": message}, status=400)


class NotFoundPageMiddleware:
    """A record that is missing or outside the user's scope (Http404 from a view) gets the
    project's 404 page, also with DEBUG on: Django's technical page would tell the two apart
    and show the settings. An unmatched URL still gets the technical page in development."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import Http404

        if not isinstance(exception, Http404) or _is_api(request):
            return None
        from django.shortcuts import render

        return render(request, "404.html", status=404)
