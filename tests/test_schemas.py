"""The JSON Schemas themselves: valid, documented in French for editors, used by the validator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import REPO
from referentiel.layout import KINDS

SCHEMAS = sorted((REPO / "referentiel" / "schemas").glob("*.schema.json"))


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, value in node.items():
            yield from _properties(value, f"{where}.{key}" if key not in {"properties"} else where)
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, where)


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_and_documented(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema.get("description") or path.name == "common.schema.json"
    for name, sub in _properties(schema):
        described = "description" in sub or "$ref" in sub and sub["$ref"].endswith(("/id", "/sources"))
        assert described, f"{path.name}: {name} has no description for editors"


def test_every_kind_has_its_schema() -> None:
    names = {path.name for path in SCHEMAS}
    assert {kind.schema for kind in KINDS} <= names
