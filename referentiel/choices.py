"""The allowed values of a field and their French labels, as the JSON Schemas write them.

A field with a fixed list of values says so the schema-native way, one ``title`` per value::

    "status": {"type": "string", "oneOf": [{"const": "current", "title": "actuelle"}, …]}

Those titles are the only labels of the values: pages, the field reference, error hints and
``referentiel diff`` read them from the schemas. A bare ``enum`` (values without labels) or a
value without a title is refused (``SchemaError``; ``label_problems`` lists them for the tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class SchemaError(Exception):
    """A schema that breaks the project's conventions (a developer's mistake, caught by the tests)."""


@dataclass(frozen=True)
class Choice:
    """One allowed value of a field, with its French label (and what it means, if said)."""

    value: str
    label: str
    description: str = ""

    def __str__(self) -> str:
        """How hints list it: "emerging (émergente)", or the value alone when the label repeats it."""
        return self.value if self.label == self.value else f"{self.value} ({self.label})"


def choices(schema: Mapping[str, Any], where: str = "") -> tuple[Choice, ...]:
    """The allowed values of a field and their labels (``oneOf`` of ``const``s), or () for a free field.

    Raises ``SchemaError`` for a bare ``enum``, a value without a ``title`` or a value listed twice."""
    if "enum" in schema or "const" in schema:
        raise SchemaError(f"{where}: write the allowed values as oneOf: [{{const, title}}], one French title per value")
    alternatives = schema.get("oneOf")
    if not isinstance(alternatives, list) or not any(isinstance(a, dict) and "const" in a for a in alternatives):
        return ()
    found = []
    for alternative in alternatives:
        title = alternative.get("title") if isinstance(alternative, dict) else None
        if not isinstance(title, str) or not title.strip() or "const" not in alternative:
            raise SchemaError(f"{where}: every alternative of oneOf is a const with a French title ({alternative!r})")
        found.append(Choice(str(alternative["const"]), title, alternative.get("description", "")))
    if len({choice.value for choice in found}) < len(found):
        raise SchemaError(f"{where}: a value is listed twice in oneOf (it would match two alternatives)")
    return tuple(found)


def label_problems(node: Any, where: str = "") -> list[str]:
    """Every place in a schema where a value would have no label: each ``enum``, ``const`` or
    ``oneOf`` of consts is checked, wherever it sits (properties, items, definitions…)."""
    problems: list[str] = []
    if isinstance(node, dict):
        if {"enum", "const", "oneOf"} & node.keys():
            try:
                choices(node, where)
            except SchemaError as error:
                problems.append(str(error))
        for key, value in node.items():
            if key == "oneOf" and isinstance(value, list):
                # the alternatives were checked above; their other keywords are walked
                value = [
                    {k: v for k, v in item.items() if k not in {"const", "title"}} if isinstance(item, dict) else item
                    for item in value
                ]
            problems += label_problems(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            problems += label_problems(item, f"{where}/{index}")
    return problems
