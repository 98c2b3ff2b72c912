"""`referentiel new <kind> <id>`: a skeleton per kind that `check` refuses as written and accepts once filled."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import Run, check, run_referentiel
from referentiel.cli import main
from referentiel.layout import KINDS
from referentiel.skeleton import ALIASES

SOURCES = [{"title": "Source d’essai"}]
FILLED = {
    "competency": (
        "competencies/nouvelle.yml",
        {
            "id": "nouvelle",
            "title": "Nouvelle compétence",
            "domain": "pilotage",
            "kind": "savoir",
            "status": "current",
            "summary": "Résumé.",
            "description": "Description.",
            "levels": {1: "Un.", 2: "Deux.", 3: "Trois.", 4: "Quatre."},
            "missions": ["programmation"],
            "sources": SOURCES,
        },
    ),
    "mission": (
        "framework/missions/nouvelle.yml",
        {
            "id": "nouvelle",
            "title": "Nouvelle mission",
            "summary": "Résumé.",
            "activities": ["Agir."],
            "order": 3,
            "sources": SOURCES,
        },
    ),
    "domain": (
        "framework/domains/nouvelle.yml",
        {"id": "nouvelle", "title": "Nouveau domaine", "summary": "Résumé.", "order": 3},
    ),
    "role": (
        "framework/roles/nouvelle.yml",
        {
            "id": "nouvelle",
            "title": "Nouveau rôle",
            "family": "Famille",
            "summary": "Résumé.",
            "missions": ["programmation"],
            "requirements": [{"competency": "piloter-budget", "level": 2, "importance": "essential"}],
            "sources": SOURCES,
        },
    ),
    "path": (
        "framework/paths/nouvelle.yml",
        {
            "id": "nouvelle",
            "from": "referent-bim",
            "to": "assistant-operation",
            "kind": "proche",
            "duration": "1 an",
            "sources": SOURCES,
        },
    ),
    "training": (
        "framework/trainings/nouvelle.yml",
        {
            "id": "nouvelle",
            "title": "Formation",
            "provider": "Organisme",
            "format": "mixte",
            "duration": "2 jours",
            "summary": "Résumé.",
            "covers": [{"competency": "piloter-budget", "level": 2}],
            "sources": SOURCES,
        },
    ),
    "term": (
        "glossary/nouvelle.yml",
        {"id": "nouvelle", "term": "Nouveau terme", "short": "Court.", "definition": "Long.", "sources": SOURCES},
    ),
    "deliverable": (
        "docs/livrables/nouvelle.md",
        {
            "title": "Livrable",
            "date": "2026-11-23",
            "format": "ateliers",
            "community": "metier-competences",
            "status": "published",
            "summary": "Résumé.",
            "sources": SOURCES,
        },
    ),
}


def new(project: Path, *args: str) -> Run:
    return run_referentiel(project, "new", *args)


def _keys(value: object, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    if isinstance(value, dict):
        return {k for key, item in value.items() for k in _keys(item, (*prefix, str(key)))} | {prefix}
    if isinstance(value, list):
        return {k for item in value for k in _keys(item, (*prefix, "[]"))} | {prefix}
    return {prefix}


@pytest.mark.parametrize("kind", FILLED)
def test_new_skeleton_is_refused_then_accepted_once_filled(project: Path, kind: str) -> None:
    relative, filled = FILLED[kind]
    run = new(project, kind, "nouvelle")
    assert run.code == 0, run.output
    path = project / relative
    text = path.read_text("utf-8")
    placeholders = text.count("À COMPLÉTER")
    assert placeholders >= 3
    run = check(project)
    assert run.code == 1 and "Traceback" not in run.output
    lines = [line for line in run.output.splitlines() if line.startswith(relative)]
    assert len(lines) == placeholders - (1 if kind == "deliverable" else 0) - (
        text.count("# À COMPLÉTER") if kind == "deliverable" else 0
    ), run.output
    assert all("n'est pas encore rempli — remplacez « À COMPLÉTER" in line for line in lines)
    front = text.split("---\n")[1] if kind == "deliverable" else text
    assert _keys(yaml.safe_load(front)) <= _keys(filled), "the skeleton has fields the filled version lacks"
    body = yaml.safe_dump(filled, allow_unicode=True, sort_keys=False)
    path.write_text(
        f"---\n{body}---\n\n# Livrable\n\nTexte.\n" if kind == "deliverable" else text.splitlines()[0] + "\n" + body,
        "utf-8",
    )
    run = check(project)
    assert run.code == 0, run.output


def test_french_kind_names(project: Path) -> None:
    assert new(project, "compétence", "autre").code == 0
    assert (project / "competencies" / "autre.yml").exists()
    assert new(project, "livrable", "autre").code == 0
    assert (project / "docs" / "livrables" / "autre.md").exists()
    # every kind with a folder, by its French name (from Kind.label), with and without accents
    for index, (name, kind_name) in enumerate(sorted(ALIASES.items())):
        kind = next(kind for kind in KINDS if kind.name == kind_name)
        assert main(["--root", str(project), "new", name, f"essai-{index}"]) == 0, name
        assert any((project / (kind.folder or "")).glob(f"essai-{index}.*")), name
    assert {"rôle", "role", "parcours", "formation", "terme", "domaine", "mission"} <= set(ALIASES)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("competency", "piloter-budget"), "competencies/piloter-budget.yml existe déjà"),
        (("competency", "Piloter_Budget"), "identifiant invalide : « Piloter_Budget »"),
        (("competency", "é-accent"), "identifiant invalide"),
        (("scale", "x"), "type inconnu : « scale »"),
        (("recette", "x"), "type inconnu : « recette »"),
    ],
)
def test_new_refuses(project: Path, args: tuple[str, str], message: str) -> None:
    before = sorted(p for p in project.rglob("*") if p.is_file())
    run = new(project, *args)
    assert run.code == 2 and message in run.output and "Traceback" not in run.output
    assert sorted(p for p in project.rglob("*") if p.is_file()) == before
