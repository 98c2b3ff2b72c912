"""The self-assessment page as built (its behaviour is in tests/browser/test_self_assessment.py):
one generated page reading the files the build publishes, its storage key said on the page, the
schema of its files published under donnees/, listed there and followed by what it refuses, and
the links that lead to it with roles preselected."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from helpers import REPO
from referentiel import fields, routes, self_assessment
from site_html import read_page


def test_one_page_reading_the_published_data(built_mini: Path) -> None:
    assert [p.parent.name for p in (built_mini / "auto-evaluation").rglob("index.html")] == ["auto-evaluation"]
    html = (built_mini / "auto-evaluation/index.html").read_text("utf-8")
    tool = re.search(r'<div class="rf-selfassess"[^>]*>', html)
    assert tool, html
    attributes = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tool[0]))
    assert attributes["data-source"] == "../donnees/referentiel.json"
    assert attributes["data-schema"] == "../donnees/auto-evaluation.schema.json"
    for name in ("data-source", "data-schema"):
        assert (built_mini / "auto-evaluation" / attributes[name]).resolve().is_file(), name
    assert attributes["data-storage-key"] == self_assessment.STORAGE_KEY
    labels = json.loads(attributes["data-labels"].replace("&quot;", '"'))
    assert labels == {"importance": dict(fields.labels("role", "requirements[].importance"))}
    page = read_page(built_mini, "auto-evaluation/")
    # what is stored, and where, said on the page with the key the script uses
    assert f"sous la clé {self_assessment.STORAGE_KEY}" in page.text
    assert "Rien ne quitte votre navigateur" in page.text and "Aucun nom" in page.text
    # without JavaScript: the page says so and leads to the role pages and the career paths
    assert "a besoin de JavaScript" in page.text
    assert {"../roles/", "../parcours/", "../donnees/"} <= set(page.links())


def test_roles_and_paths_lead_to_it_with_their_roles(built_mini: Path) -> None:
    role = read_page(built_mini, "roles/referent-bim/")
    assert "../../auto-evaluation/?cible=referent-bim" in role.links()
    path = read_page(built_mini, "parcours/charge-operation/referent-bim/")
    assert "../../../auto-evaluation/?cible=referent-bim&actuel=charge-operation" in path.links()
    home = read_page(built_mini, "")
    assert "auto-evaluation/" in home.links()
    nav = (REPO / "mkdocs.yml").read_text("utf-8")
    assert f"Auto-évaluation: {routes.SELF_ASSESSMENT}" in nav


def test_the_schema_is_published_and_listed(built_mini: Path) -> None:
    published = built_mini / routes.SELF_ASSESSMENT_SCHEMA
    assert published.read_bytes() == self_assessment.schema_bytes()
    schema = json.loads(published.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    donnees = read_page(built_mini, "donnees/")
    assert "auto-evaluation.schema.json" in donnees.links()
    assert "../auto-evaluation/" in donnees.links()


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "format": self_assessment.file_format(), "framework": {"version": "0.1", "date": "2026-11-23"},
        "roles": {"current": None, "target": "referent-bim"},
        "answers": [{"competency": "collaborer-bim", "title": "Collaborer avec le BIM", "level": None, "levels": [
            {"level": 1, "label": "Notions", "descriptor": None}]}],
    }
    record.update(changes)
    return record


def test_the_schema_refuses_what_is_not_a_record() -> None:
    validator = jsonschema.Draft202012Validator(self_assessment.schema())
    assert validator.is_valid(_record())
    bad = [
        _record(format="referentiel-moa/1"),
        _record(name="Camille"),  # no field for a name
        _record(roles={"current": None, "target": "<img src=x>"}),
        _record(answers=[{"competency": "collaborer-bim", "title": "x", "level": 8, "levels": []}]),
        _record(answers=[{"competency": "collaborer-bim", "title": "x", "level": "2", "levels": []}]),
        _record(answers=[{"competency": "collaborer-bim", "title": "x", "level": 2}]),
        {key: value for key, value in _record().items() if key != "framework"},
    ]
    for record in bad:
        assert not validator.is_valid(record), record


def test_the_schema_uses_only_what_the_script_checks() -> None:
    """The script applies the published schema with a subset of JSON Schema, and throws on a
    keyword outside it: every keyword of the schema is in that subset."""
    script = (REPO / "overrides/assets/javascripts/referentiel-self-assessment.js").read_text("utf-8")
    lists = re.findall(r"(?:ANNOTATIONS|KEYWORDS) = new Set\(\[(.*?)\]\)", script, re.DOTALL)
    subset = {name for found in lists for name in re.findall(r'"(\$?\w+)"', found)}

    def keywords(schema: Any) -> set[str]:
        if not isinstance(schema, dict):
            return set()
        nested = [*schema.get("properties", {}).values(), schema.get("items")]
        return set(schema).union(*(keywords(inner) for inner in nested))

    used = keywords(self_assessment.schema())
    assert {"additionalProperties", "items", "const"} <= used <= subset, used - subset
