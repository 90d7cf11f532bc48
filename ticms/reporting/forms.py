"""Forms of the annual report pages. The service validates every figure; these forms carry the
raw text to it and place its messages back on the inputs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import DateInput, StyledFormMixin
from ticms.common.text import bracketed

from . import figures as F
from .models import AnnualReportStatus
from .services import MAX_TEXT
from .workflow import NARRATIVE

CELL_MAX = 40


def _mark_invalid(form: forms.Form, name: str) -> None:
    """Errors added after validation (the service's) get the same styling and ARIA."""
    widget = form.fields[name].widget
    if "is-invalid" not in widget.attrs.get("class", ""):
        widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
        widget.attrs["aria-invalid"] = "true"
        widget.attrs["aria-describedby"] = (
            widget.attrs.get("aria-describedby", "") + f" {form.add_prefix(name)}-error"
        ).strip()


class ReportFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("报告年度"), required=False, min_value=2000, max_value=9999)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *AnnualReportStatus.choices]
    )
    city = forms.ChoiceField(label=_("设区市"), required=False)

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("全部"))] + [(c.code, str(c)) for c in cities]


class ReportCreateForm(StyledFormMixin, forms.Form):
    center = forms.ChoiceField(label=_("中心"))
    year = forms.CharField(label=_("报告年度"), max_length=4, help_text=_("四位年份，如 2025"))

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("请选择"))] + [(str(c.pk), bracketed(c.name, c.code)) for c in centers]
        self.fields["center"].choices = choices
        if len(choices) == 2 and not self.initial.get("center"):  # one center: nothing to choose
            self.initial["center"] = choices[1][0]


def cell_name(path: str) -> str:
    return path.replace(".", "__")


def _shown(value) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else format(value, "f")


class FigureTableForm(StyledFormMixin, forms.Form):
    """One input per cell of a declared table (rows × columns); blank clears a cell."""

    def __init__(self, *args, table: F.Table, stored: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        for path in table.paths():
            column = F.COLUMNS[path]
            self.fields[cell_name(path)] = forms.CharField(
                label=F.label_of(path),
                required=False,
                max_length=CELL_MAX,
                initial=_shown(F.get(stored, path)),
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "numeric" if column.kind == F.COUNT else "decimal",
                        "autocomplete": "off",
                    }
                ),
            )
            self.style_field(cell_name(path), self.fields[cell_name(path)])

    def figures(self) -> dict:
        """The table's cells as the service takes them: {table: {row: {col: text}}}."""
        data: dict = {}
        for path in self.table.paths():
            node = data
            *parents, leaf = path.split(".")
            for key in parents:
                node = node.setdefault(key, {})
            node[leaf] = self.cleaned_data.get(cell_name(path), "")
        return data

    def grid(self) -> list[dict]:
        """Rows of bound fields for the template: [{label, cells: [field, ...]}]."""
        t = self.table
        rows = t.rows or (("", ""),)
        return [
            {
                "label": label,
                "cells": [
                    self[cell_name(f"{t.key}.{row}.{c.key}" if row else f"{t.key}.{c.key}")]
                    for c in t.columns
                ],
            }
            for row, label in rows
        ]

    def add_service_errors(self, exc: ValidationFailed) -> None:
        """A bad cell on its input; a part larger than its total (a finding about the table,
        not one cell's text) in the error summary."""
        _cleaned, type_errors = F.figures_parse(self.figures())
        for path, messages in exc.errors.items():
            name = cell_name(path)
            for message in messages:
                if path in type_errors and name in self.fields:
                    self.add_error(name, str(message))
                    _mark_invalid(self, name)
                else:
                    self.add_error(None, str(message))
        if not exc.errors:
            self.add_error(None, str(exc.message))


class NarrativeForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in NARRATIVE:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=MAX_TEXT,
                initial=getattr(report, name),
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            self.style_field(name, self.fields[name])


class TargetProgressForm(StyledFormMixin, forms.Form):
    """完成值 and 说明 for each contract 考核指标 target row of the report."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            t = row.target
            achieved, note = self.names(row)
            self.fields[achieved] = forms.CharField(
                label=_("%(name)s 完成值（%(unit)s）") % {"name": t.name, "unit": t.unit},
                required=False,
                max_length=CELL_MAX,
                initial=_shown(row.achieved.normalize()) if row.achieved is not None else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[note] = forms.CharField(
                label=_("%(name)s 说明") % {"name": t.name},
                required=False,
                max_length=MAX_TEXT,
                initial=row.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.style_field(achieved, self.fields[achieved])
            self.style_field(note, self.fields[note])

    @staticmethod
    def names(row) -> tuple[str, str]:
        return f"t{row.target_id}_achieved", f"t{row.target_id}_note"

    def targets(self) -> dict:
        result = {}
        for row in self.rows:
            achieved, note = self.names(row)
            result[str(row.target_id)] = {
                "achieved": self.cleaned_data.get(achieved, ""),
                "note": self.cleaned_data.get(note, ""),
            }
        return result

    def items(self) -> list[dict]:
        return [
            {"row": row, "achieved": self[self.names(row)[0]], "note": self[self.names(row)[1]]}
            for row in self.rows
        ]

    def add_service_errors(self, exc: ValidationFailed) -> None:
        for path, messages in exc.errors.items():
            keys = path.split(".")
            name = None
            if len(keys) == 3 and keys[0] == "targets":
                name = f"t{keys[1]}_{keys[2]}"
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, str(message))
            if target:
                _mark_invalid(self, target)
        if not exc.errors:
            self.add_error(None, str(exc.message))


class DeadlineForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("报告年度"), min_value=2000, max_value=2100)
    due_on = forms.DateField(
        label=_("报送截止日期"),
        widget=DateInput(),
        help_text=_("须在报告年度的次年之内；未设定的年度按次年3月31日截止"),
    )


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("选择文件"),
        help_text=_("PDF、OFD、PNG、JPG、DOCX、XLSX，单个不超过20MB"),
    )
