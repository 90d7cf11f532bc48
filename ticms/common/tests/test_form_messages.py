"""Form messages say what to do, also for labels that hold a literal % and for checkboxes."""

import re
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import StyledFormMixin, add_service_errors
from ticms.testing import factories as f


class F(StyledFormMixin, forms.Form):
    weight = forms.DecimalField(
        label="权重（%）", min_value=Decimal("0.01"), max_value=Decimal(100), decimal_places=2
    )
    ok = forms.BooleanField(label="材料齐全")


def test_percent_label():
    f = F({"weight": "-10"})
    assert not f.is_valid()
    assert f.errors["weight"] == ["权重（%）不能小于 0.01"]
    assert F({"weight": "150"}).errors["weight"] == ["权重（%）不能大于 100"]
    assert F({"weight": "1.234"}).errors["weight"] == ["权重（%）最多保留 2 位小数"]
    assert F({"weight": "1"}).errors["ok"] == ["请勾选确认：材料齐全"]


# --- Every error names its field, all at once (issue 9 §5) ----------------------------------


class CenterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("中心名称"), max_length=10)
    email = forms.EmailField(label=_("联系方式"), required=False)
    city = forms.ChoiceField(label=_("设区市"), choices=[("320100", "南京市")])
    code = forms.CharField(label=_("编号"), min_length=3)
    starts_on = forms.DateField(label=_("起始日期"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data["starts_on"].year < 2000:
            # A message written without the field's name: the form adds it.
            self.add_error("starts_on", _("须在2000年以后"))
        return data


BAD = {
    "name": "一" * 11,
    "email": "not-an-address",
    "city": "999999",
    "code": "ab",
    "starts_on": "1999-01-01",
}


def test_every_error_names_its_field_and_all_show_at_once():
    form = CenterForm(BAD)
    assert not form.is_valid()
    assert form.errors == {
        "name": ["「中心名称」不能超过 10 个字"],
        "email": ["「联系方式」须为有效的电子邮件地址，如 name@example.com"],
        "city": ["请从列表中选择设区市"],
        "code": ["「编号」至少需要 3 个字"],
        "starts_on": ["「起始日期」：须在2000年以后"],
    }


def test_the_messages_in_english():
    with translation.override("en"):
        form = CenterForm(BAD)
        assert not form.is_valid()
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    assert errors["name"] == ["Center name: at most 10 characters"]
    assert errors["code"] == ["Code: at least 3 characters"]
    assert errors["email"] == [
        "Contact details: enter a valid email address, like name@example.com"
    ]
    assert all(not re.search(r"[：、（）「」]", m) for ms in errors.values() for m in ms)


def test_service_errors_on_a_field_are_named_too():
    form = CenterForm({"name": "中心", "city": "320100", "code": "abc"})
    assert form.is_valid()
    add_service_errors(form, ValidationFailed({"name": ["已被使用"], "code": ["请填写编号"]}))
    assert form.errors["name"] == ["「中心名称」：已被使用"]
    assert form.errors["code"] == ["请填写编号"]  # already names it: left as it is


@pytest.mark.django_db
def test_the_admins_forms_name_their_fields():
    from django.contrib import admin
    from django.test import RequestFactory

    from ticms.catalog.models import IndustryField

    request = RequestFactory().get("/")
    request.user = f.role_user("sysadmin")
    form_class = admin.site._registry[IndustryField].get_form(request)
    form = form_class({"code": "X" * 30, "name": "", "category": "future", "order": 0})
    assert not form.is_valid()
    assert form.errors["code"] == ["「代码」不能超过 20 个字"]
    assert form.errors["name"] == ["请填写名称"]


def test_a_form_in_the_project_uses_the_messages():
    """Every form class of the project renders its errors through FieldMessagesMixin."""
    import importlib
    import pkgutil

    import ticms
    from ticms.common.forms import FieldMessagesMixin

    for module in pkgutil.walk_packages(ticms.__path__, "ticms."):
        if ".tests" in module.name or ".e2e" in module.name or ".migrations" in module.name:
            continue
        if "forms" in module.name.rsplit(".", 1)[-1] or module.name.endswith("views_excel"):
            importlib.import_module(module.name)
    missing = []

    def walk(cls):
        for sub in cls.__subclasses__():
            ours = sub.__module__.startswith("ticms.") and ".tests" not in sub.__module__
            if ours and not issubclass(sub, FieldMessagesMixin) and "Mixin" not in sub.__name__:
                missing.append(f"{sub.__module__}.{sub.__name__}")
            walk(sub)

    walk(forms.BaseForm)
    assert not missing, missing


@pytest.mark.django_db
def test_every_admin_page_form_builds(client):
    """The admin's forms (its own and those of the apps) get the messages without breaking."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = f.role_user("sysadmin")
    for model_admin in admin.site._registry.values():
        form_class = model_admin.get_form(request)
        assert issubclass(form_class, forms.BaseForm)
        form_class()


class ChoicesForm(StyledFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("是否全职"), choices=[("y", "是"), ("n", "否")], widget=forms.RadioSelect
    )
    kinds = forms.MultipleChoiceField(
        label=_("类型"), choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(label=_("名称"))


def test_the_error_summary_links_to_an_input_of_every_field():
    from django.template.loader import render_to_string

    form = ChoicesForm({})
    assert not form.is_valid()
    summary = render_to_string("includes/error_summary.html", {"form": form})
    links = re.findall(r'href="#([^"]*)"', summary)
    assert links == ["id_answer_0", "id_kinds_0", "id_name"]
    page = str(form["answer"]) + str(form["kinds"]) + str(form["name"])
    assert all(f'id="{anchor}"' in page for anchor in links)
    assert "请选择是否全职" in summary and "请选择类型" in summary and "请填写名称" in summary
