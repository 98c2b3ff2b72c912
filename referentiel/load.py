"""From a project folder to a validated ``Framework``, or to the full list of problems."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model
from .bodies import body_problems
from .layout import COMPETENCY, DELIVERABLE, DOCS_FOLDER, DOMAIN, INSTITUTE, JOURNAL, KINDS, MISSION, PATH, ROLE, SCALE, TERM, TRADE, TRAINING, Kind
from .problems import Problem, SourceError, display_path
from .sources import Document, load_front_matter, load_yaml_file
from .text import fold
from .validate import (
    identity_problems,
    level_problems,
    nested_id_problems,
    path_problems,
    placeholder_problems,
    reference_problems,
    deliverable_problems,
    journal_problems,
    schema_problems,
    term_form_problems,
)

_BUILDERS: dict[str, Callable[[Mapping[str, Any], str], Any]] = {
    DOMAIN.name: model.build_domain,
    MISSION.name: model.build_mission,
    COMPETENCY.name: model.build_competency,
    ROLE.name: model.build_role,
    PATH.name: model.build_path,
    TRAINING.name: model.build_training,
    TERM.name: model.build_term,
}


def _files(root: Path, kind: Kind) -> list[Path]:
    if kind.file is not None:
        return [root / kind.file]
    folder = root / kind.folder
    return sorted(path for path in folder.glob(kind.pattern) if path.name != "index.md") if folder.is_dir() else []


@dataclass
class Parsed:
    """Every source file parsed, not yet validated."""

    documents: dict[str, list[Document]]  # by kind name
    known: dict[str, set[str]]  # ids every file claims (its file name), by kind name
    problems: list[Problem]  # files that could not be read or parsed


def parse(root: Path) -> Parsed:
    """Read and parse every source file of the project."""
    parsed = Parsed({}, {}, [])
    for kind in KINDS:
        parsed.documents[kind.name] = []
        parsed.known[kind.name] = set()
        for path in _files(root, kind):
            shown = display_path(path, root)
            if not path.is_file():
                parsed.problems.append(Problem(shown, 1, 1, f"fichier manquant : {kind.label}", f"créez {shown}"))
                continue
            parsed.known[kind.name].add(path.stem)
            if path.suffix == ".md":
                document, found = load_front_matter(path, shown)
                if document is None and not found:
                    found = [Problem(shown, 1, 1, f"en-tête manquant : {kind.label} commence par un bloc « --- » de champs", "copiez l'en-tête du modèle (page Contribuer) en haut du fichier")]
                if document is not None and kind is DELIVERABLE:
                    found += body_problems(path.read_text("utf-8"), shown)
            else:
                document, found = load_yaml_file(path, shown)
            parsed.problems += found
            if document is not None:
                parsed.documents[kind.name].append(document)
    return parsed


def validate(parsed: Parsed, root: Path) -> list[Problem]:
    """Every problem in the sources, sorted: parsing, schemas, then the rules between files.

    Files that break their schema are left out of the rules between files, but their id
    (file name) stays known, so that references to them do not look unknown.
    """
    problems = list(parsed.problems)
    valid: dict[str, list[Document]] = {}
    for kind in KINDS:
        valid[kind.name] = []
        for document in parsed.documents[kind.name]:
            found = placeholder_problems(document) or schema_problems(document, kind)
            problems += found
            if not found:
                valid[kind.name].append(document)
    problems += identity_problems(valid, KINDS)
    problems += nested_id_problems(valid[INSTITUTE.name], ("communities", "formats"))
    problems += reference_problems(valid, parsed.known)
    problems += path_problems(valid)
    problems += term_form_problems(valid)
    problems += journal_problems(valid[JOURNAL.name])
    problems += deliverable_problems(valid, valid[INSTITUTE.name][0] if valid[INSTITUTE.name] else None)
    problems += level_problems(valid, valid[SCALE.name][0] if valid[SCALE.name] else None)
    problems += front_matter_problems(root)
    return sorted(set(problems))


def front_matter_problems(root: Path) -> list[Problem]:
    """Problems in the front matter of the hand-written pages under docs/ (deliverables aside)."""
    problems: list[Problem] = []
    deliverables = set(_files(root, DELIVERABLE))
    for path in sorted((root / DOCS_FOLDER).rglob("*.md")):
        if path not in deliverables:
            problems += load_front_matter(path, display_path(path, root))[1]
    return problems


def build(documents: Mapping[str, list[Document]]) -> model.Framework:
    """The framework from parsed documents; valid ones, or it may raise on what it cannot read."""
    deliverables = [model.build_deliverable(d.data, d.path) for d in documents[DELIVERABLE.name]]
    entities = {
        kind: {document.data["id"]: builder(document.data, document.path) for document in documents[kind]}
        for kind, builder in _BUILDERS.items()
    }
    trade, scale, institute, journal = (documents[kind.name][0] for kind in (TRADE, SCALE, INSTITUTE, JOURNAL))
    return model.Framework(
        trade=model.build_trade(trade.data, trade.path),
        scale=model.build_scale(scale.data, scale.path),
        institute=model.build_institute(institute.data, institute.path),
        journal=tuple(
            sorted((model.Version(**{**v, "changes": tuple(v["changes"])}) for v in journal.data["versions"]), key=lambda v: v.date, reverse=True)
        ),
        domains=dict(sorted(entities[DOMAIN.name].items(), key=lambda item: (item[1].order, item[0]))),
        missions=dict(sorted(entities[MISSION.name].items(), key=lambda item: (item[1].order, item[0]))),
        competencies=dict(sorted(entities[COMPETENCY.name].items(), key=lambda item: fold(item[1].title))),
        roles=dict(sorted(entities[ROLE.name].items(), key=lambda item: (fold(item[1].family), fold(item[1].title)))),
        paths=tuple(sorted(entities[PATH.name].values(), key=lambda p: (p.origin, p.target))),
        trainings=dict(sorted(entities[TRAINING.name].items(), key=lambda item: fold(item[1].title))),
        terms=dict(sorted(entities[TERM.name].items(), key=lambda item: item[1].sort_key)),
        deliverables={d.id: d for d in sorted(deliverables, key=lambda d: (d.date, d.id), reverse=True)},
    )


def check(root: Path) -> tuple[model.Framework | None, list[Problem]]:
    """Every problem in the project's sources, and the framework when there is none."""
    parsed = parse(root)
    problems = validate(parsed, root)
    if problems:
        return None, problems
    return build(parsed.documents), []


def load_framework(root: Path) -> model.Framework:
    """The validated framework; raises ``SourceError`` with every problem otherwise."""
    framework, problems = check(root)
    if framework is None:
        raise SourceError(problems)
    return framework
