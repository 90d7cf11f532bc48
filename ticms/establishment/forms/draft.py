"""What every drafting form shares: the base form (radios styled as checks) and the explicit
是/否 question that stays unanswered until answered."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.forms import StyledFormMixin

ID_HELP = _("只保存加密摘要与脱敏号码，用于第十二条第4项重复支持比对")
YES, NO = "yes", "no"
YES_NO = ((YES, _("是")), (NO, _("否")))


def yes_no_value(value) -> bool | None:
    return {YES: True, NO: False}.get(value)


def yes_no_initial(value) -> str | None:
    if value is True:
        return YES
    if value is False:
        return NO
    return None


class YesNoField(forms.TypedChoiceField):
    """An explicit 是/否 question with no default: unanswered stays None (missing)."""

    widget = forms.RadioSelect

    def __init__(self, *, required=False, **kwargs):
        super().__init__(
            choices=YES_NO, coerce=yes_no_value, empty_value=None, required=required, **kwargs
        )


class DraftForm(StyledFormMixin, forms.Form):
    """Radios get the Bootstrap check classes (the mixin gives every input `form-control`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"
