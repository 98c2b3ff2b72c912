"""The JSON Schemas themselves: valid, documented in French for editors, used by the validator."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpers import REPO
from referentiel.choices import SchemaError, choices, label_problems
from referentiel.fields import label, reference
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


def _value_lists(node: Any, where: str = "") -> Iterator[tuple[str, list[Any]]]:
    """Every oneOf of consts (a field's allowed values) anywhere in a schema."""
    if isinstance(node, dict):
        if any(isinstance(a, dict) and "const" in a for a in node.get("oneOf", ())):
            yield where, node["oneOf"]
        for key, value in node.items():
            yield from _value_lists(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _value_lists(item, f"{where}/{index}")


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_every_allowed_value_has_one_label(path: Path) -> None:
    """Allowed values are written oneOf: [{const, title}]: the title is the value's only label."""
    schema = json.loads(path.read_text("utf-8"))
    assert label_problems(schema) == []
    assert '"enum"' not in path.read_text("utf-8"), "write the values as oneOf of consts, each with a title"
    for where, alternatives in _value_lists(schema):
        for alternative in alternatives:
            title = alternative.get("title")
            assert isinstance(title, str) and title.strip(), (path.name, where, alternative)


def test_the_labels_are_those_of_the_schemas() -> None:
    """What templates, hints and diff print is what the schema says, for every value of every field."""
    found = 0
    for kind in KINDS:
        for field in (f for ref in reference() if ref.kind is kind for f in ref.fields):
            for choice in field.choices:
                assert label(choice.value, f"{kind.name}.{field.name}") == choice.label
                found += 1
    assert found >= 21  # status 3, kind 3, importance 2, path kind 2, formats 5, categories 2, ROME 2, drafts 2
    assert label("emerging", "competency.status") == "émergente"
    assert label("essential", "role.requirements[].importance") == "essentielle"


def _competency_schema() -> dict[str, Any]:
    return copy.deepcopy(json.loads((REPO / "referentiel" / "schemas" / "competency.schema.json").read_text("utf-8")))


def test_a_value_added_without_a_title_is_caught() -> None:
    schema = _competency_schema()
    schema["properties"]["status"]["oneOf"].append({"const": "obsolete"})
    problems = label_problems(schema)
    assert len(problems) == 1 and "/properties/status" in problems[0] and "obsolete" in problems[0]
    with pytest.raises(SchemaError):
        choices(schema["properties"]["status"], "status")


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s["properties"]["status"].update(enum=["current", "emerging", "legacy"]),  # a bare enum
        lambda s: s["properties"]["status"]["oneOf"][0].update(title=" "),  # an empty title
        lambda s: s["properties"]["status"]["oneOf"].append({"const": "current", "title": "encore"}),  # twice
        lambda s: s["properties"]["crosswalks"]["properties"].update(extra={"type": "string", "const": "x"}),  # nested
    ],
    ids=["enum", "empty title", "value twice", "nested const"],
)
def test_other_values_without_one_label_are_caught(change: Any) -> None:
    schema = _competency_schema()
    change(schema)
    assert label_problems(schema), "a value without its one label went unnoticed"
