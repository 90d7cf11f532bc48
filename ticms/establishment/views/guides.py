from django.http import Http404


def guide_list(request):
    raise Http404


guide_create = guide_detail = guide_edit = guide_action = guide_list
