"""Public forms. The service checks everything (the API takes the same path); the form only
carries the input and shows the service's messages on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import StyledFormMixin, add_service_errors


class ObjectionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        required=False,
        strip=False,
        help_text=_("以个人名义提出异议的，须填写真实姓名"),
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("联系方式"),
        required=False,
        strip=False,
        help_text=_("手机号码、带区号的固定电话或电子邮箱，仅用于核实异议，不会公开"),
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "tel"}),
    )
    unit_name = forms.CharField(
        label=_("单位名称"),
        required=False,
        strip=False,
        help_text=_("以单位名义提出异议的，填写单位全称"),
        widget=forms.TextInput(attrs={"maxlength": 200, "autocomplete": "organization"}),
    )
    stamp = forms.FileField(
        label=_("加盖单位公章的异议材料"),
        required=False,
        allow_empty_file=True,
        help_text=_("以单位名义提出的须上传；PDF、JPG 或 PNG，不超过20MB"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    content = forms.CharField(
        label=_("异议内容"),
        required=False,
        strip=False,
        help_text=_("写明对哪一事项有异议、理由和事实依据，不超过5000字"),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
    )

    def add_service_errors(self, exc: ValidationFailed) -> None:
        add_service_errors(self, exc)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                    attrs["aria-invalid"] = "true"
                    attrs["aria-describedby"] = (
                        attrs.get("aria-describedby", "") + f" {self.add_prefix(name)}-error"
                    ).strip()
