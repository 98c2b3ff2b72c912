"""The JSON Schemas of the sources (the ``schemas/`` folder next to this module): loading,
``$ref``s inlined, one validator per kind.

The schema files are the one description of each kind's fields: ``validate`` checks the
sources against them, ``fields`` and ``skeleton`` draw the contributor's reference and
``referentiel new``'s skeletons from them, and ``choices`` reads the allowed values and their
labels from them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema


@cache
def _files() -> dict[str, dict[str, Any]]:
    folder = resources.files("referentiel") / "schemas"
    return {
        entry.name: json.loads(entry.read_text("utf-8")) for entry in folder.iterdir() if entry.name.endswith(".json")
    }


def schema(schema_name: str) -> Mapping[str, Any]:
    """One schema file as written (``$ref``s left as they are)."""
    return _files()[schema_name]


@cache
def inlined_schema(schema_name: str) -> dict[str, Any]:
    """A kind's schema with its ``$ref``s to other schema files inlined."""
    files = _files()
    inlined: dict[str, Any] = _inline_refs(files[schema_name], schema_name, files)
    return inlined


#: The keyword, next to ``required``, of the fields a strict project must also give (the
#: trade's ``strict: true``): a strict validator reads them as ``required``.
STRICT_REQUIRED = "strictRequired"


@cache
def strict_schema(schema_name: str) -> dict[str, Any]:
    """A kind's inlined schema with every ``strictRequired`` list merged into ``required``."""
    merged: dict[str, Any] = _merge_strict(inlined_schema(schema_name))
    return merged


@cache
def validator(schema_name: str, strict: bool = False) -> jsonschema.Draft202012Validator:
    """A validator for one kind, lenient or strict; inlining the ``$ref``s halves the validation
    time of a large framework (no reference lookups)."""
    return jsonschema.Draft202012Validator(strict_schema(schema_name) if strict else inlined_schema(schema_name))


def properties(schema_name: str) -> frozenset[str]:
    """The top-level fields a kind's files may have."""
    return frozenset(inlined_schema(schema_name).get("properties", {}))


def _merge_strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_merge_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    merged = {key: _merge_strict(value) for key, value in node.items() if key != STRICT_REQUIRED}
    if STRICT_REQUIRED in node:
        merged["required"] = [*node.get("required", ()), *node[STRICT_REQUIRED]]
    return merged


def _inline_refs(node: Any, base: str, files: Mapping[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline_refs(item, base, files) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" not in node:
        return {key: _inline_refs(value, base, files) for key, value in node.items()}
    document, _, pointer = node["$ref"].partition("#")
    document = document or base
    target = files[document]
    for part in filter(None, pointer.split("/")):
        target = target[part]
    siblings = {key: _inline_refs(value, base, files) for key, value in node.items() if key != "$ref"}
    return {**_inline_refs(target, document, files), **siblings}
