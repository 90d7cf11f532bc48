from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import StyledFormMixin

from .models import City, Organisation, OrganisationKind
from .uscc import validate_uscc


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


class PasswordChangeForm(StyledFormMixin, forms.Form):
    """The fields only; the service checks the current password and runs the validators."""

    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8个字符，不能全为数字，不能过于常见，也不能与用户名相近"),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        return data


NOT_IN_SCOPE = _("统一社会信用代码为 %(code)s 的单位不在可选范围内：请核对代码，或先登记该单位")


class OrganisationByUsccField(forms.CharField):
    """A registered unit named by its unified social credit code (一数一源), among `queryset`
    (the units the user may pick). A text field, not a drop-down: the register holds thousands
    of units, and a page listing them all took half a second to render (issue 10)."""

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(**kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        return value.uscc if isinstance(value, Organisation) else value

    def clean(self, value):
        code = (super().clean(value) or "").strip().upper()
        if not code:
            return None
        try:
            validate_uscc(code)
        except DjangoValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        units = self.queryset if self.queryset is not None else Organisation.objects.all()
        unit = units.filter(uscc=code).first()
        if unit is None:
            raise forms.ValidationError(
                NOT_IN_SCOPE,
                params={"code": code},
            )
        return unit
