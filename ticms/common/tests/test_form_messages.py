"""Form messages say what to do, also for labels that hold a literal % and for checkboxes."""

from decimal import Decimal

from django import forms

from ticms.common.forms import StyledFormMixin


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
