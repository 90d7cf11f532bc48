"""The filters of the application list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import StyledFormMixin

from ..models import ApplicationStatus, Guide


class ApplicationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    guide = forms.ModelChoiceField(
        label=_("申报指南"), required=False, queryset=Guide.objects.none(), empty_label=_("全部")
    )
    city = forms.ChoiceField(label=_("设区市"), required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *ApplicationStatus.choices],
    )

    def __init__(self, *args, cities, guides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = guides
        self.fields["city"].choices = [("", _("全部"))] + [(c.code, str(c)) for c in cities]
