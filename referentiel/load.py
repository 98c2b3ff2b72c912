"""From a project folder to a validated ``Framework``, or to the full list of problems."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model
from .bodies import body_problems
from .layout import (
    COMPETENCY, DELIVERABLE, DOCS_FOLDER, DOMAIN, INSTITUTE, JOURNAL, KINDS, MISSION, NOT_SOURCES, PAGE, PATH, ROLE, SCALE,
    SNIPPETS_FOLDER, TERM, TRADE, TRAINING, Kind,
)
from .problems import Problem, SourceError, display_path
from .routes import DATA_FOLDER
from .sources import Document, load_front_matter, load_yaml_file, read_text
from .text import fold
from .validate import (
    data_folder_problems,
    deliverable_problems,
    file_name_problems,
    identity_problems,
    journal_problems,
    level_problems,
    link_problems,
    markdown_anchors,
    misplaced_problems,
    nav_problems,
    nested_id_problems,
    path_problems,
    placeholder_problems,
    readable_part,
    reference_problems,
    route_problems,
    schema_problems,
    snippet_problems,
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
    problems: list[Problem]  # files that could not be read, parsed, or are not where sources go
    pages: list[Document]  # front matter of the hand-written pages under docs/


def parse(root: Path) -> Parsed:
    """Read and parse every source file of the project."""
    parsed = Parsed({}, {}, [], [])
    links = outside_links(root)
    escaping = {path for path, _ in links}
    parsed.problems += [problem for _, problem in links]
    for kind in KINDS:
        parsed.documents[kind.name] = []
        parsed.known[kind.name] = set()
        for path in _files(root, kind):
            shown = display_path(path, root)
            if path in escaping:
                continue
            if not path.is_file():
                parsed.problems.append(Problem(shown, 1, 1, f"fichier manquant : {kind.label}", f"créez {shown}"))
                continue
            parsed.known[kind.name].add(path.stem)
            if kind.folder is not None:
                parsed.problems += file_name_problems(shown)
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
    deliverables = set(_files(root, DELIVERABLE))
    snippets = root / SNIPPETS_FOLDER
    for path in _walk(root / DOCS_FOLDER):
        shown = display_path(path, root)
        if path in escaping or not path.is_file():
            continue
        parsed.problems += [] if path in deliverables else file_name_problems(shown, folders_too=True)
        if path.suffix.lower() in {".yml", ".yaml"}:
            document, _ = load_yaml_file(path, shown)
            parsed.problems += misplaced_problems(shown, document.data if document else None, f"dans {DOCS_FOLDER}/")
        if path.suffix != ".md":
            continue
        text, found = read_text(path, shown)
        if text is not None:
            found += snippet_problems(text, shown, snippets)
        if path not in deliverables and text is not None:
            document, more = load_front_matter(path, shown)
            found += more
            if document is not None:
                parsed.pages.append(document)
        parsed.problems += found
    parsed.problems += placement_problems(root)
    return parsed


def _walk(folder: Path) -> Iterator[Path]:
    """Every file and folder under ``folder`` (hidden ones aside), not following symbolic links."""
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in folders + sorted(files):
            if not name.startswith("."):
                yield Path(current) / name


def outside_links(root: Path) -> list[tuple[Path, Problem]]:
    """Symbolic links, in the folders the site is made from, to something outside the project:
    the build would publish a file nobody reviewed."""
    base = root.resolve()
    found: list[tuple[Path, Problem]] = []
    folders = {(kind.file or kind.folder or "").split("/")[0] for kind in KINDS} | {DOCS_FOLDER, SNIPPETS_FOLDER}
    for folder in sorted(folders):
        top = root / folder
        for path in ([top] if top.is_symlink() else []) + list(_walk(top)):
            if not path.is_symlink():
                continue
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # missing target, or a loop
                message = "lien symbolique cassé (sa cible n'existe pas ou boucle)"
            else:
                if target.is_relative_to(base):
                    continue
                message = "lien symbolique vers un fichier hors du projet"
            shown = display_path(path, root)
            hint = "remplacez le lien par le fichier lui-même, relu et versionné dans le dépôt"
            found.append((path, Problem(shown, 1, 1, message, hint)))
    return found


def placement_problems(root: Path) -> list[Problem]:
    """YAML files where no kind of source is read: an unknown folder at the top of the project
    or in framework/ (« competences/ » for competencies/), a subfolder of a kind's folder, or a
    name the kind's pattern does not take (« x.YML »)."""
    problems: list[Problem] = []
    places = {kind.file or kind.folder or "" for kind in KINDS if not (kind.folder or "").startswith(DOCS_FOLDER)}
    tops = {place.split("/")[0] for place in places}
    framework_name = Path(TRADE.file or "").parent.name  # framework/: the trade, the scale… and folders
    framework = {place.split("/")[1] for place in places if place.startswith(f"{framework_name}/")}

    def report(path: Path, where: str, *, only_if_kind: bool = False) -> None:
        shown = display_path(path, root)
        document, _ = load_yaml_file(path, shown) if path.is_file() and not path.is_symlink() else (None, [])
        data = document.data if document else None
        problems.extend(misplaced_problems(shown, data, where, only_if_kind=only_if_kind))

    def yaml_under(folder: Path) -> list[Path]:
        return [path for path in _walk(folder) if path.suffix.lower() in {".yml", ".yaml"}]

    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        if entry.is_file() and entry.suffix.lower() in {".yml", ".yaml"} and not entry.name.startswith("."):
            report(entry, "à la racine du projet", only_if_kind=True)  # mkdocs.yml and the like look like no kind
        if entry.name.startswith(".") or not entry.is_dir() or entry.name in NOT_SOURCES | tops | {DOCS_FOLDER}:
            continue
        for path in sorted(entry.glob("*.y*ml")):
            report(path, f"dans un dossier inconnu ({entry.name}/)")
    framework_folder = root / framework_name
    for entry in sorted(framework_folder.iterdir()) if framework_folder.is_dir() else []:
        if entry.name.startswith(".") or entry.name in framework:
            continue
        for path in [entry] if entry.is_file() else yaml_under(entry):
            if path.suffix.lower() in {".yml", ".yaml"}:
                report(path, f"dans un emplacement inconnu ({framework_name}/{entry.name})")
    for kind in KINDS:
        if kind.folder is None or kind.pattern.endswith(".md"):
            continue
        taken = set(_files(root, kind))
        for path in yaml_under(root / kind.folder):
            if path not in taken:
                nested = path.parent != root / kind.folder
                where = "dans un sous-dossier" if nested else "dont l'extension n'est pas .yml"
                report(path, f"{where} de {kind.folder}/")
    return problems


def validate(parsed: Parsed, root: Path) -> list[Problem]:
    """Every problem in the sources, sorted: parsing, schemas, then the rules between files.

    Files that break their schema keep their id (file name), so that references to them do
    not look unknown, and the fields that break no schema rule have their references checked
    in the same run; the other rules between files take only valid files.
    """
    problems = list(parsed.problems)
    valid: dict[str, list[Document]] = {}
    readable: dict[str, list[Document]] = {}
    for kind in KINDS:
        valid[kind.name] = []
        readable[kind.name] = []
        for document in parsed.documents[kind.name]:
            placeholders = placeholder_problems(document)
            found = placeholders or schema_problems(document, kind)
            problems += found
            if not found:
                valid[kind.name].append(document)
                readable[kind.name].append(document)
            elif not placeholders:
                readable[kind.name].append(readable_part(document, kind))
    problems += identity_problems(readable, KINDS)
    problems += nested_id_problems(valid[INSTITUTE.name], ("communities", "formats"))
    problems += reference_problems(readable, parsed.known)
    problems += path_problems(valid)
    problems += term_form_problems(valid)
    problems += journal_problems(valid[JOURNAL.name])
    problems += deliverable_problems(valid, valid[INSTITUTE.name][0] if valid[INSTITUTE.name] else None)
    problems += level_problems(valid, valid[SCALE.name][0] if valid[SCALE.name] else None)
    for page in parsed.pages:
        problems += schema_problems(page, PAGE)
    problems += route_problems(_docs_pages(root), parsed.known)
    problems += data_folder_problems(_docs_files(root, DOCS_FOLDER + "/" + DATA_FOLDER))
    return sorted(set(problems))


def _docs_pages(root: Path) -> list[tuple[str, str]]:
    """Every Markdown page under docs/: (path as shown, path under docs/)."""
    docs = root / DOCS_FOLDER
    return [(display_path(path, root), path.relative_to(docs).as_posix()) for path in sorted(docs.rglob("*.md"))]


def _docs_files(root: Path, folder: str) -> list[tuple[str, str]]:
    """Every file under ``folder`` of docs/: (path as shown, path under docs/)."""
    docs = root / DOCS_FOLDER
    return [
        (display_path(path, root), path.relative_to(docs).as_posix())
        for path in sorted((root / folder).rglob("*")) if path.is_file()
    ]


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


def site_problems(root: Path, framework: model.Framework) -> list[Problem]:
    """What the strict build would refuse in the Markdown of valid sources: links of the
    hand-written pages and deliverables to no page, a page missing from the navigation, a
    navigation entry to no page. Needs the generated pages, hence a valid framework."""
    from . import downloads, siteconfig
    from .pages import decorations, generate

    docs = root / DOCS_FOLDER
    decorated = decorations(framework)
    written = {
        path.relative_to(docs).as_posix(): path for path in _walk(docs) if path.is_file() and not path.is_symlink()
    }
    texts = {
        page: read_text(path, display_path(path, root))[0] or "" for page, path in written.items() if page.endswith(".md")
    }
    for page in texts.keys() & decorated.deliverables.keys():
        texts[page] = "\n".join((texts[page], *decorated.deliverables[page]))
    texts.update({page.path: page.content for page in generate(framework)})
    data_page, data = downloads.publish(framework)
    texts[data_page.path] = data_page.content
    site = (set(written) | set(texts) | {file.path for file in data}) - decorated.drafts
    anchors: dict[str, set[str]] = {}

    def anchors_of(page: str) -> set[str] | None:
        if page not in anchors:
            anchors[page] = markdown_anchors(texts[page])
        return anchors[page]

    problems: list[Problem] = []
    for page, path in sorted(written.items()):
        if page.endswith(".md") and page not in decorated.drafts:
            problems += link_problems(page, display_path(path, root), texts[page], site, anchors_of)
    config = siteconfig.read(root)
    if config is not None and config.nav is not None:
        pages = (page for page in site if page.endswith(".md"))
        problems += nav_problems("mkdocs.yml", DOCS_FOLDER, config.nav, config.not_in_nav, pages)
    return sorted(set(problems))


def load_framework(root: Path) -> model.Framework:
    """The validated framework; raises ``SourceError`` with every problem otherwise."""
    framework, problems = check(root)
    if framework is None:
        raise SourceError(problems)
    return framework
