"""The reference of every field of every kind of source, drawn from the JSON Schemas.

The contributor guide prints it, so it cannot drift from what the validator enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .layout import KINDS, PAGE, Kind
from .validate import inlined_schema

_TYPES = {"string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "oui / non", "object": "groupe de champs"}


@dataclass(frozen=True)
class Field:
    name: str  # dotted path; "requirements[].level" for the fields of list items
    required: bool
    type: str  # in French
    description: str
    values: tuple[str, ...]  # allowed values, when the schema lists them


@dataclass(frozen=True)
class KindReference:
    kind: Kind
    title: str
    description: str
    fields: tuple[Field, ...]


def _type(schema: dict[str, Any]) -> str:
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if items.get("type") == "object":
            return "liste de groupes de champs"
        if "pattern" in items and items["pattern"].startswith("^[a-z0-9]"):
            return "liste d'identifiants"
        return f"liste de {_TYPES.get(items.get('type', 'string'), 'valeurs')}s"
    if schema.get("type") == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return "groupe de champs libres"
    return _TYPES.get(schema.get("type", "string"), "valeur")


def _fields(schema: dict[str, Any], prefix: str = "") -> list[Field]:
    fields: list[Field] = []
    required = set(schema.get("required", ()))
    for name, sub in schema.get("properties", {}).items():
        dotted = f"{prefix}{name}"
        values = tuple(str(v) for v in sub.get("enum", ()))
        fields.append(Field(dotted, name in required, _type(sub), sub.get("description", ""), values))
        if sub.get("type") == "object":
            fields += _fields(sub, f"{dotted}.")
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            fields += _fields(sub["items"], f"{dotted}[].")
    return fields


def reference() -> list[KindReference]:
    """Every kind, and the front matter of hand-written pages, with their fields in schema order."""
    result = []
    for kind in (*KINDS, PAGE):
        schema = inlined_schema(kind.schema)
        result.append(KindReference(kind, schema["title"], schema["description"], tuple(_fields(schema))))
    return result
