"""Form helpers: Bootstrap classes, accessible errors, and service errors mapped onto fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .exceptions import ValidationFailed


def _instructive_messages(field: forms.Field) -> None:
    """Messages that say what to do (GOV.UK): "请填写整改期限", not "这个字段是必填项"."""
    label = field.label or ""
    # Django formats the messages below with their own parameters (`% params`): a literal %
    # in a label (权重（%）) must reach that step as %%.
    escaped = str(label).replace("%", "%%")
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    if isinstance(field, forms.BooleanField):
        required = _("请勾选确认：%(label)s") % {"label": label}
    elif choose:
        required = _("请选择%(label)s") % {"label": label}
    else:
        required = _("请填写%(label)s") % {"label": label}
    messages = {"required": required}
    if isinstance(field, forms.DateField):
        messages["invalid"] = _("%(label)s须为有效日期，格式为 YYYY-MM-DD") % {"label": label}
    elif isinstance(field, forms.DecimalField | forms.IntegerField):
        messages["invalid"] = _("%(label)s须为数字") % {"label": label}
        messages["min_value"] = _("%(label)s不能小于 %%(limit_value)s") % {"label": escaped}
        messages["max_value"] = _("%(label)s不能大于 %%(limit_value)s") % {"label": escaped}
        messages["max_decimal_places"] = _("%(label)s最多保留 %%(max)s 位小数") % {"label": escaped}
        messages["max_digits"] = _("%(label)s数值过大") % {"label": label}
    elif choose:
        messages["invalid_choice"] = _("请从列表中选择%(label)s") % {"label": label}
    field.error_messages = {**field.error_messages, **messages}


class StyledFormMixin:
    """Adds Bootstrap classes and ARIA wiring so templates stay simple."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self.style_field(name, field)

    def style_field(self, name: str, field: forms.Field) -> None:
        """Also for fields added after __init__ (one per city, one per row...)."""
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = ""  # each option gets its own classes in the template
        elif isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        _instructive_messages(field)
        if field.help_text:
            widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] += " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = (
                    widget.attrs.get("aria-describedby", "") + f" {self.add_prefix(name)}-error"
                ).strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Show a service's field errors on the form; unknown fields go to the top."""
    for field, messages in exc.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
    if not exc.errors:
        form.add_error(None, str(exc.message))


class CalendarOverrideForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput())
    is_workday = forms.TypedChoiceField(
        label=_("该日为"),
        coerce=lambda v: v == "1",
        choices=[("1", _("工作日（调休上班）")), ("0", _("休息日（法定节假日或调休）"))],
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=200,
        required=False,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"),
    )


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("对象"),
        required=False,
        max_length=100,
        help_text=_("对象名称中的文字，如中心名称"),
    )
    actor = forms.CharField(label=_("操作人"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("操作"), required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部"))] + [
            (code, f"{label}（{code}）") for code, label in actions
        ]
        for name in self.fields:
            self.fields[name].help_text = ""


def transition_form(transition, data=None):
    """A form built from the transition's declared parameters (and its comment, unless the
    transition turns the comment field off)."""
    fields = {}
    for param in transition.params:
        common = {
            "label": param.label,
            "required": param.required,
            "help_text": param.help_text,
            "initial": param.initial,
        }
        if param.kind == "date":
            fields[param.name] = forms.DateField(widget=DateInput(), **common)
        elif param.kind == "choice":
            fields[param.name] = forms.ChoiceField(
                choices=[("", _("请选择")), *list(param.choices)], **common
            )
        elif param.kind == "textarea":
            fields[param.name] = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
        elif param.kind == "int":
            fields[param.name] = forms.IntegerField(
                min_value=param.min_value, max_value=param.max_value, **common
            )
        elif param.kind == "checkbox":
            fields[param.name] = forms.BooleanField(**common)
        else:
            fields[param.name] = forms.CharField(max_length=param.max_length, **common)
    if transition.comment_field:
        fields["comment"] = forms.CharField(
            label=_("办理意见") if transition.comment_required else _("办理意见（选填）"),
            required=transition.comment_required,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
    form_class = type("TransitionForm", (StyledFormMixin, forms.Form), fields)
    return form_class(data)
