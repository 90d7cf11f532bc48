"""Form helpers: Bootstrap classes, accessible errors, and service errors mapped onto fields."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import audit_search
from .exceptions import ValidationFailed


def _instructive_messages(field: forms.Field) -> None:
    """Messages that say what to do and name the field (GOV.UK): "请填写整改期限", "「中心名称」
    不能超过 200 个字", never Django's "这个字段是必填项" or "确保该值不超过 200 个字符"."""
    label = field.label or ""
    # Django formats some messages with their own parameters (`% params`): a literal % in a
    # label (权重（%）) must reach that step as %%. Those are built with `p` below.
    escaped = str(label).replace("%", "%%")

    def p(template) -> str:  # a message Django formats with parameters
        return template % {"label": escaped}

    def m(template) -> str:  # a message Django shows as it is
        return template % {"label": label}

    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    if isinstance(field, forms.BooleanField):
        required = m(_("请勾选确认：%(label)s"))
    elif choose or isinstance(field, forms.FileField):
        required = m(_("请选择%(label)s"))
    else:
        required = m(_("请填写%(label)s"))
    messages = {
        "required": required,
        # Any text field (CharField and its validators): length and NUL characters.
        "max_length": p(_("「%(label)s」不能超过 %%(limit_value)d 个字")),
        "min_length": p(_("「%(label)s」至少需要 %%(limit_value)d 个字")),
        "null_characters_not_allowed": p(_("「%(label)s」含有不允许的空字符（NUL）")),
    }
    if isinstance(field, forms.DateTimeField):
        messages["invalid"] = m(_("「%(label)s」须为有效的日期和时间，格式为 YYYY-MM-DD HH:MM"))
    elif isinstance(field, forms.DateField):
        messages["invalid"] = m(_("%(label)s须为有效日期，格式为 YYYY-MM-DD"))
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = m(_("「%(label)s」须为有效的时间，格式为 HH:MM"))
    elif isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        messages["invalid"] = m(_("%(label)s须为数字"))
        messages["min_value"] = p(_("%(label)s不能小于 %%(limit_value)s"))
        messages["max_value"] = p(_("%(label)s不能大于 %%(limit_value)s"))
        messages["step_size"] = p(_("「%(label)s」须为 %%(limit_value)s 的整数倍"))
        messages["max_decimal_places"] = p(_("%(label)s最多保留 %%(max)s 位小数"))
        messages["max_digits"] = p(_("%(label)s数值过大"))
        messages["max_whole_digits"] = p(_("%(label)s数值过大"))
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = p(_("「%(label)s」须为有效的电子邮件地址，如 name@example.com"))
    elif isinstance(field, forms.URLField):
        messages["invalid"] = p(_("「%(label)s」须为有效的网址，如 https://www.example.com"))
    elif isinstance(field, forms.FileField):
        messages["invalid"] = m(_("「%(label)s」未收到文件，请重新选择文件"))
        messages["missing"] = m(_("「%(label)s」未收到文件，请重新选择文件"))
        messages["empty"] = m(_("「%(label)s」是空文件，请选择有内容的文件"))
        messages["max_length"] = p(_("「%(label)s」的文件名不能超过 %%(max)d 个字"))
        messages["contradiction"] = m(_("「%(label)s」：请上传新文件或勾选清除，不能同时选择"))
        messages["invalid_image"] = m(_("「%(label)s」须为图片文件"))
    elif isinstance(field, forms.JSONField):
        messages["invalid"] = p(_("「%(label)s」须为有效的 JSON"))
    elif isinstance(field, forms.RegexField | forms.SlugField | forms.UUIDField):
        messages["invalid"] = p(_("「%(label)s」的格式不正确"))
    if choose:
        pick = _("请从列表中选择%(label)s")
        messages["invalid_choice"] = p(pick)  # formatted with the rejected value
        messages["invalid_list"] = m(pick)
        messages["invalid_pk_value"] = p(pick)
    field.error_messages = {**field.error_messages, **messages}


def named(label, message) -> str:
    """A field's error that does not say which field: 「中心名称」：… / Center name: …"""
    return str(_("「%(label)s」：%(message)s") % {"label": label, "message": message})


class FieldMessagesMixin:
    """Every error of the form names its field, in the reader's language: Django's default
    messages rewritten with the field's label, and errors added by clean() or mapped from a
    service prefixed with the label when they do not name it. For every form of the project
    (through StyledFormMixin) and the admin's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _instructive_messages(field)

    def add_error(self, field, error):
        super().add_error(field, error)
        self._name_errors()

    def _name_errors(self) -> None:
        for name, errors in (self._errors or {}).items():
            if name not in self.fields or not self.fields[name].label:
                continue
            label = str(self.fields[name].label)
            for index, error in enumerate(errors.data):
                if isinstance(error, forms.ValidationError):
                    text = " ".join(str(message) for message in error.messages)
                else:
                    text = str(error)
                if label not in text:
                    code = getattr(error, "code", None)
                    errors.data[index] = forms.ValidationError(named(label, text), code=code)


class _OptionsInPython:
    """A select's options written out here rather than through one template per option: the
    same markup as Django's templates, at a tenth of the cost (a 46-option filter took 2 ms of
    every list page, issue 10)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if o["value"] is None else str(o["value"]),
                    flatatt(o["attrs"]),
                    o["label"],
                )
                for o in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every part escaped by format_html)


class FastSelect(_OptionsInPython, forms.Select):
    pass


class FastSelectMultiple(_OptionsInPython, forms.SelectMultiple):
    pass


_FAST = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


class StyledFormMixin(FieldMessagesMixin):
    """Adds Bootstrap classes and ARIA wiring so templates stay simple."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self.style_field(name, field)

    def style_field(self, name: str, field: forms.Field) -> None:
        """Also for fields added after __init__ (one per city, one per row...)."""
        widget = field.widget
        if type(widget) in _FAST:
            widget.__class__ = _FAST[type(widget)]
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
        # A shorter text cannot use the search index and would read every event.
        min_length=audit_search.MIN_LENGTH,
        max_length=100,
        help_text=_("对象名称中的文字，如中心名称"),
    )
    actor = forms.CharField(label=_("操作人"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("操作"), required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        # Grouped by record kind: a label alone, never the action's code.
        self.fields["action"].choices = [("", _("全部")), *actions]
        for name in self.fields:
            self.fields[name].help_text = ""


def transition_form(transition, data=None, *, obj=None, actor=None):
    """A form built from the transition's declared parameters (and its comment, unless the
    transition turns the comment field off). With `obj`, a comment the guard will require for
    that object is asked for as required, never labelled optional."""
    fields = {}
    for param in transition.params:
        if not param.asked(obj, actor):
            continue
        common = {
            "label": param.label,
            "required": param.required or (param.needed is not None and obj is not None),
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
        required = transition.comment_required or bool(
            obj is not None and transition.comment_needed and transition.comment_needed(obj, actor)
        )
        fields["comment"] = forms.CharField(
            label=_("办理意见") if required else _("办理意见（选填）"),
            required=required,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
    form_class = type("TransitionForm", (StyledFormMixin, forms.Form), fields)
    return form_class(data)
