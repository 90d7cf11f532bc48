"""A unit is picked by its unified social credit code, within the units the user may pick; the
register is never rendered as a drop-down (issue 10)."""

import pytest
from django import forms

from ticms.accounts.forms import OrganisationByUsccField
from ticms.accounts.models import Organisation
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    unit = OrganisationByUsccField(label="单位", required=False)


def test_a_registered_code_in_any_case_and_spacing_gives_the_unit():
    unit = f.OrganisationFactory()
    form = PickForm({"unit": f"  {unit.uscc.lower()} "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == unit


def test_a_code_outside_the_choices_is_refused_with_the_code():
    allowed, other = f.OrganisationFactory(), f.OrganisationFactory()
    form = PickForm({"unit": other.uscc})
    form.fields["unit"].queryset = Organisation.objects.filter(pk=allowed.pk)
    assert not form.is_valid()
    assert other.uscc in form.errors["unit"][0] and "不在可选范围内" in form.errors["unit"][0]


@pytest.mark.parametrize("bad", ["91320100MA1X", "91320100MA1XXXXXX0", "中文"])
def test_a_malformed_code_says_why(bad):
    form = PickForm({"unit": bad})
    assert not form.is_valid() and form.errors["unit"]


def test_blank_is_none_and_the_widget_shows_the_code():
    unit = f.OrganisationFactory()
    assert PickForm({"unit": ""}).is_valid()
    html = str(PickForm(initial={"unit": unit})["unit"])
    assert f'value="{unit.uscc}"' in html and "<select" not in html
