"""An expert's past employer is entered by its code: a registered unit is linked, an
unregistered one is kept by name (and code), and each gap is named (回避 reads them)."""

import pytest

from ticms.common.exceptions import ValidationFailed
from ticms.reviews import services
from ticms.reviews.models import ExpertEmployment
from ticms.testing import factories as f

from .conftest import make_expert

pytestmark = pytest.mark.django_db


def test_a_registered_code_links_the_unit(province):
    expert, unit = make_expert(province), f.OrganisationFactory(name="原单位")
    row = services.employment_add(actor=province, expert_id=expert.pk, uscc=unit.uscc.lower())
    assert (row.organisation, row.name, row.uscc) == (unit, "", "")


def test_an_unregistered_code_needs_the_name_and_keeps_both(province):
    expert = make_expert(province)
    code = f.make_uscc()
    with pytest.raises(ValidationFailed) as exc:
        services.employment_add(actor=province, expert_id=expert.pk, uscc=code)
    assert "尚未登记，请填写单位名称" in str(exc.value.errors["name"][0])
    row = services.employment_add(actor=province, expert_id=expert.pk, uscc=code, name="某研究所")
    assert (row.organisation, row.name, row.uscc) == (None, "某研究所", code)


def test_nothing_given_and_a_bad_code_are_refused(province):
    expert = make_expert(province)
    with pytest.raises(ValidationFailed) as nothing:
        services.employment_add(actor=province, expert_id=expert.pk)
    assert "name" in nothing.value.errors
    with pytest.raises(ValidationFailed) as bad:
        services.employment_add(actor=province, expert_id=expert.pk, uscc="123", name="某单位")
    assert "uscc" in bad.value.errors
    assert not ExpertEmployment.objects.exists()


def test_the_page_has_no_list_of_units(client, province):
    expert = make_expert(province)
    for _ in range(5):
        f.OrganisationFactory()
    client.force_login(province)
    html = client.get(f"/reviews/experts/{expert.pk}/").content.decode()
    assert 'name="employer"' in html and 'name="employer"' not in html.split("<select")[-1]
    form = client.get(f"/reviews/experts/{expert.pk}/employments/new/").content.decode()
    assert 'name="employment-uscc"' in form and "<select" not in form.split("<main")[1]
