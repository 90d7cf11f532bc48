"""docs/dynamic-management.md names every rule the code has, with its article."""

from pathlib import Path

from django.conf import settings

from ticms.evaluation.dynamic import DYNAMIC_RULES


def test_every_rule_is_documented():
    text = (Path(settings.BASE_DIR) / "docs" / "dynamic-management.md").read_text(encoding="utf-8")
    for rule in DYNAMIC_RULES:
        assert f"`{rule.id}`" in text
    assert "第二十五条" in text
