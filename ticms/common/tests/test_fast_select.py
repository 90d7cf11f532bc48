"""Selects on every form are written out in Python with exactly the markup of Django's widget
templates (issue 10): same options, labels, groups, selection and attributes, all escaped."""

import pytest
from django import forms
from django.test.html import parse_html

from ticms.common.forms import FastSelect, FastSelectMultiple, StyledFormMixin

CHOICES = [
    ("", "全部"),
    ("a", "甲 <b>&"),
    ("组", [("x", "子一"), ("y", '子二 "引号"')]),
    (3, "三"),
]


class Plain(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)


class Styled(StyledFormMixin, Plain):
    pass


@pytest.mark.parametrize(
    ("plain", "fast", "value"),
    [
        (forms.Select, FastSelect, None),
        (forms.Select, FastSelect, "y"),
        (forms.Select, FastSelect, 3),
        (forms.Select, FastSelect, "nope"),
        (forms.SelectMultiple, FastSelectMultiple, ["a", "3"]),
        (forms.SelectMultiple, FastSelectMultiple, []),
    ],
)
def test_same_markup_as_the_templates(plain, fast, value):
    attrs = {"id": "id_one", "class": "form-select", "aria-invalid": "true", "disabled": True}
    expected = plain(choices=CHOICES).render("one", value, attrs)
    assert parse_html(fast(choices=CHOICES).render("one", value, attrs)) == parse_html(expected)


def test_the_forms_use_them():
    form = Styled()
    assert isinstance(form.fields["one"].widget, FastSelect)
    assert isinstance(form.fields["many"].widget, FastSelectMultiple)


def test_labels_and_values_are_escaped():
    html = str(Styled()["one"])
    assert "甲 &lt;b&gt;&amp;" in html and "&quot;引号&quot;" in html
    assert '<optgroup label="组">' in html
