"""The choice of two versions of an application to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import StyledFormMixin


class CompareForm(StyledFormMixin, forms.Form):
    old = forms.TypedChoiceField(label=_("原版本"), coerce=int)
    new = forms.TypedChoiceField(label=_("新版本"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("第%(n)d版") % {"n": n}) for n in numbers]
        self.numbers = list(numbers)
        # Say which versions exist; `%(value)s` is the number asked for, filled in by Django.
        existing = _("、").join(str(label) for _n, label in choices) or _("无")
        for name in ("old", "new"):
            field = self.fields[name]
            field.choices = choices
            field.widget.attrs["class"] = "form-select"
            field.error_messages["invalid_choice"] = _(
                "「%(field)s」：本申请书没有“%%(value)s”这一版本，现有版本为 %(existing)s"
            ) % {"field": field.label, "existing": existing}
            field.error_messages["required"] = _("「%(field)s」：请选择要比较的版本") % {
                "field": field.label
            }

    def clean(self):
        data = super().clean()
        if len(self.numbers) < 2:
            raise forms.ValidationError(_("本申请书只有一个已提交的版本，暂无可比较的版本"))
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("请选择两个不同的版本"))
        return data
