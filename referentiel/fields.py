"""The reference of every field of every kind of source, drawn from the JSON Schemas, and the
French labels of the values a field allows.

The contributor guide prints it, so it cannot drift from what the validator enforces. The
labels of a field's values (``choices``: the schemas' ``oneOf`` titles) are looked up here by
templates and ``referentiel diff``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from .choices import Choice, choices
from .layout import IMPORT_MAPPING, KINDS, PAGE, Kind
from .schemas import STRICT_REQUIRED, inlined_schema

_TYPES = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "boolean": "oui / non",
    "object": "groupe de champs",
}


@dataclass(frozen=True)
class Field:
    name: str  # dotted path; "requirements[].level" for the fields of list items
    required: bool
    type: str  # in French
    description: str
    choices: tuple[Choice, ...]  # allowed values and their labels, when the schema lists them
    strict: bool = False  # required only in a strict project (the schema's ``strictRequired``)


@dataclass(frozen=True)
class KindReference:
    kind: Kind
    title: str
    description: str
    fields: tuple[Field, ...]


def _type(schema: dict[str, Any]) -> str:
    if any(isinstance(a, dict) and "const" in a for a in schema.get("oneOf", ())):
        return "valeur de la liste"
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if items.get("type") == "object":
            return "liste de groupes de champs"
        if "pattern" in items and items["pattern"].startswith("^[a-z0-9]"):
            return "liste d'identifiants"
        return f"liste de {_TYPES.get(items.get('type', 'string'), 'valeurs')}s"
    if (
        schema.get("type") == "object"
        and "additionalProperties" in schema
        and isinstance(schema["additionalProperties"], dict)
    ):
        return "groupe de champs libres"
    kinds = schema.get("type", "string")
    if isinstance(kinds, list):  # ["string", "integer"]: one or the other
        return " ou ".join(_TYPES.get(kind, "valeur") for kind in kinds)
    return _TYPES.get(kinds, "valeur")


def _fields(schema: dict[str, Any], prefix: str = "") -> list[Field]:
    fields: list[Field] = []
    required = set(schema.get("required", ()))
    strict = set(schema.get(STRICT_REQUIRED, ()))
    for name, sub in schema.get("properties", {}).items():
        dotted = f"{prefix}{name}"
        fields.append(Field(
            dotted, name in required, _type(sub), sub.get("description", ""), choices(sub, dotted), name in strict
        ))
        if sub.get("type") == "object":
            fields += _fields(sub, f"{dotted}.")
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            fields += _fields(sub["items"], f"{dotted}[].")
    return fields


def reference() -> list[KindReference]:
    """Every kind, the front matter of hand-written pages and the import mapping, with their
    fields in schema order."""
    result = []
    for kind in (*KINDS, PAGE, IMPORT_MAPPING):
        schema = inlined_schema(kind.schema)
        result.append(KindReference(kind, schema["title"], schema["description"], tuple(_fields(schema))))
    return result


@cache
def _labels() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    return MappingProxyType({
        ref.kind.name: MappingProxyType({
            field.name: MappingProxyType({choice.value: choice.label for choice in field.choices})
            for field in ref.fields if field.choices
        })
        for ref in reference()
    })


def labels(kind_name: str, field: str) -> Mapping[str, str]:
    """Value → French label of a field with a fixed list of values ("requirements[].importance"
    for a field of list items); empty for a free field."""
    return _labels().get(kind_name, {}).get(field, MappingProxyType({}))


def label(value: object, field: str) -> str:
    """The French label of ``value`` in ``field``, written "<kind>.<field>" (e.g. "competency.status",
    "role.requirements[].importance")."""
    kind_name, _, name = field.partition(".")
    found = labels(kind_name, name)
    if not found:
        raise KeyError(f"{field} has no list of values in its schema")
    return found[str(value)]
