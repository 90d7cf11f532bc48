"""Every schema of the API has a name of its own: the OpenAPI document keys its components by
class name, so two different schemas with one name would silently describe one of them wrong."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from ninja import Schema

import ticms


def test_no_two_api_schemas_share_a_name():
    by_name = defaultdict(set)
    for module_info in pkgutil.walk_packages(ticms.__path__, "ticms."):
        if (
            not module_info.name.rsplit(".", 1)[-1].startswith("api")
            or ".tests" in module_info.name
        ):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value is not Schema:
                by_name[value.__name__].add(f"{value.__module__}.{value.__qualname__}")
    assert len(by_name) > 20
    clashes = {name: places for name, places in by_name.items() if len(places) > 1}
    assert clashes == {}
