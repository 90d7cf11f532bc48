from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import StyledFormMixin

from .models import City, OrganisationKind


class OrganisationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=200)
    uscc_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        help_text=_("18位，由营业执照或登记证书上获取；系统按 GB 32100-2015 校验"),
    )
    kind = forms.ChoiceField(
        label=_("单位类型"), choices=[("", _("请选择")), *list(OrganisationKind.choices)]
    )
    city = forms.ModelChoiceField(
        label=_("所在设区市"), queryset=City.objects.none(), required=False
    )
    address = forms.CharField(label=_("地址"), max_length=300, required=False)

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
