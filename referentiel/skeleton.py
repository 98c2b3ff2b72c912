"""Skeleton files for `referentiel new`: every field a strict project requires, drawn from the JSON Schema,
each value a clearly marked placeholder that `check` refuses until it is replaced."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .choices import choices
from .layout import KINDS, Kind
from .schemas import strict_schema
from .text import fold
from .validate import PLACEHOLDER

#: Kinds with one file per entry: those `referentiel new` creates.
NEW_KINDS = tuple(kind.name for kind in KINDS if kind.folder)


def french_name(kind: Kind) -> str:
    """The kind's French name without its article, from ``Kind.label``: "la compétence" → "compétence"."""
    return re.sub(r"^(?:le |la |les |l['’])", "", kind.label)


#: French names contributors may type, besides the English kind names, with or without accents.
ALIASES = {
    spelling: kind.name
    for kind in KINDS if kind.folder
    for spelling in (french_name(kind), fold(french_name(kind)))
}


def kind_named(name: str) -> Kind | None:
    name = ALIASES.get(name.lower(), name.lower())
    return next((kind for kind in KINDS if kind.name == name and kind.name in NEW_KINDS), None)


def _placeholder(schema: dict[str, Any], about: str = "") -> str:
    if allowed := choices(schema):
        return f"{PLACEHOLDER} : une valeur parmi {', '.join(str(choice) for choice in allowed)}"
    return f"{PLACEHOLDER} : {(about or schema.get('description', '')).rstrip('.')}"


def _value(schema: dict[str, Any], levels: list[int], about: str = "") -> Any:
    kind = schema.get("type")
    if kind == "array":  # one item, described by the list's own description
        return [_value(schema.get("items", {}), levels, schema.get("description", ""))]
    if kind == "object" and "properties" in schema:
        return {
            name: _value(sub, levels)
            for name, sub in schema["properties"].items()
            if name in schema.get("required", ())
        }
    if kind == "object":  # a competency's levels: one descriptor per level of the scale
        return {
            level: f"{PLACEHOLDER} : ce que fait la personne au niveau {level}, de façon observable" for level in levels
        }
    return _placeholder(schema, about if kind != "integer" and "pattern" in schema else "")


def skeleton(kind: Kind, entity_id: str, levels: list[int]) -> str:
    """The text of a new file of ``kind``: the schema line, then every required field."""
    schema = strict_schema(kind.schema)  # what a complete (strict) project needs
    data = {
        name: _value(sub, levels)
        for name, sub in schema["properties"].items()
        if name in schema["required"] or name == "id"
    }
    if "id" in data:
        data["id"] = entity_id
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if kind.pattern == "*.md":
        return (
            f"---\n{body}---\n\n# {PLACEHOLDER} : titre du livrable\n\n"
            f"{PLACEHOLDER} : le texte du livrable, en Markdown.\n"
        )
    depth = "../" * (len(Path(kind.folder or "").parts))
    return f"# yaml-language-server: $schema={depth}referentiel/schemas/{kind.schema}\n{body}"
