from django.http import Http404


def application_create(request, *args, **kwargs):
    raise Http404


application_review_page = application_create
