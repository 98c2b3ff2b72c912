"""From a project folder to a validated ``Framework``, or to the full list of problems."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import model
from .layout import COMPETENCY, DOCS_FOLDER, DOMAIN, KINDS, MISSION, SCALE, TERM, TRADE, Kind
from .problems import Problem, SourceError, display_path
from .sources import Document, load_front_matter, load_yaml_file
from .validate import identity_problems, level_problems, reference_problems, schema_problems

_BUILDERS: dict[str, Callable[[Mapping[str, Any], str], Any]] = {
    DOMAIN.name: model.build_domain,
    MISSION.name: model.build_mission,
    COMPETENCY.name: model.build_competency,
    TERM.name: model.build_term,
}


def _files(root: Path, kind: Kind) -> list[Path]:
    if kind.file is not None:
        return [root / kind.file]
    folder = root / kind.folder
    return sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def read_sources(root: Path) -> tuple[dict[str, list[Document]], dict[str, set[str]], list[Problem]]:
    """Parse and schema-check every source file.

    Returns the documents that are valid against their schema (by kind), the ids every file
    claims (file names, so that a broken file does not make references to it look unknown),
    and the problems found.
    """
    valid: dict[str, list[Document]] = {}
    known: dict[str, set[str]] = {}
    problems: list[Problem] = []
    for kind in KINDS:
        valid[kind.name] = []
        known[kind.name] = set()
        for path in _files(root, kind):
            shown = display_path(path, root)
            if not path.is_file():
                problems.append(Problem(shown, 1, 1, f"fichier manquant : {kind.label}", f"créez {shown}"))
                continue
            known[kind.name].add(path.stem)
            document, found = load_yaml_file(path, shown)
            problems += found
            if document is None:
                continue
            found = schema_problems(document, kind)
            problems += found
            if not found:
                valid[kind.name].append(document)
    return valid, known, problems


def front_matter_problems(root: Path) -> list[Problem]:
    """Problems in the front matter of the hand-written pages under docs/."""
    problems: list[Problem] = []
    for path in sorted((root / DOCS_FOLDER).rglob("*.md")):
        problems += load_front_matter(path, display_path(path, root))[1]
    return problems


def check(root: Path) -> tuple[model.Framework | None, list[Problem]]:
    """Every problem in the project's sources, and the framework when there is none."""
    documents, known, problems = read_sources(root)
    problems += identity_problems(documents, KINDS)
    problems += reference_problems(documents, known)
    scale = documents[SCALE.name][0] if documents[SCALE.name] else None
    problems += level_problems(documents, scale)
    problems += front_matter_problems(root)
    if problems:
        return None, sorted(set(problems))
    entities = {
        kind: {document.data["id"]: builder(document.data, document.path) for document in documents[kind]}
        for kind, builder in _BUILDERS.items()
    }
    framework = model.Framework(
        trade=model.build_trade(documents[TRADE.name][0].data, documents[TRADE.name][0].path),
        scale=model.build_scale(scale.data, scale.path),
        domains=dict(sorted(entities[DOMAIN.name].items(), key=lambda item: (item[1].order, item[0]))),
        missions=dict(sorted(entities[MISSION.name].items(), key=lambda item: (item[1].order, item[0]))),
        competencies=dict(sorted(entities[COMPETENCY.name].items(), key=lambda item: model.fold(item[1].title))),
        terms=dict(sorted(entities[TERM.name].items(), key=lambda item: item[1].sort_key)),
    )
    return framework, []


def load_framework(root: Path) -> model.Framework:
    """The validated framework; raises ``SourceError`` with every problem otherwise."""
    framework, problems = check(root)
    if framework is None:
        raise SourceError(problems)
    return framework
