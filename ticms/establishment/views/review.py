from django.http import Http404


def application_list(request, *args, **kwargs):
    raise Http404


application_detail = application_action = formal_review = application_list
