"""The house (issue 9 §11): no module past ~500 lines; test files named after the behaviour they
test, not after when they were written; permissions are plain predicate functions, the `rules`
package no second mechanism beside them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]  # the `ticms` package


def _python_files():
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


MAX_LINES = 500
# Split in the same issue by another change; this list empties when it is merged.
# Names that say when a test was written, or that it is an afterthought, not what it tests.
UNDATED = ("trial", "extras", "regression", "fixes")


def test_no_module_is_past_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _python_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize("word", UNDATED)
def test_test_files_are_named_after_their_behaviour(word):
    named = [str(p.relative_to(ROOT)) for p in ROOT.rglob("test_*.py") if word in p.stem]
    assert named == []


def test_no_module_imports_the_rules_package():
    users = [str(p.relative_to(ROOT)) for p in _python_files() if "rules" in _imported_modules(p)]
    assert users == []


def test_the_rules_package_is_neither_an_app_nor_a_backend():
    assert not [app for app in settings.INSTALLED_APPS if app.split(".")[0] == "rules"]
    assert not [b for b in settings.AUTHENTICATION_BACKENDS if b.split(".")[0] == "rules"]


def test_predicates_are_plain_functions():
    from ticms.centers import permissions as centers
    from ticms.establishment import permissions as establishment
    from ticms.reviews import permissions as reviews

    for predicate in (
        centers.is_city_of,
        centers.is_staff_of,
        centers.is_province,
        centers.can_view_center,
        establishment.is_applicant,
        reviews.is_panel_leader,
    ):
        assert type(predicate).__name__ == "function", predicate
