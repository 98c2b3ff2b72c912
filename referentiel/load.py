"""From a project folder to a validated ``Framework``, or to the full list of problems."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from . import model, validate
from .layout import (
    ACCESSIBILITY,
    CAREER_PATH,
    COMPETENCY,
    DELIVERABLE,
    DOCS_FOLDER,
    DOMAIN,
    INSTITUTE,
    JOURNAL,
    KINDS,
    MISSION,
    NAMED_SCALE,
    ROLE,
    SCALE,
    TERM,
    TRADE,
    TRAINING,
    Kind,
    files,
    walk,
)
from .problems import Problem, SourceError, display_path
from .sources import Document, load_front_matter, load_yaml_file, read_text
from .text import fold

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

E = TypeVar("E", bound="DataclassInstance")


def parse(root: Path) -> validate.Parsed:
    """Read and parse every source file of the project, and note what the checks need of each
    (``validate.problems``); only reading and parsing problems are found here. A symbolic link
    out of the project is not read."""
    parsed = validate.Parsed(root)
    links = validate.outside_links(root)
    escaping = {path for path, _ in links}
    parsed.problems += [problem for _, problem in links]
    for kind in KINDS:
        parsed.documents[kind.name] = []
        parsed.known[kind.name] = set()
        for path in files(root, kind):
            shown = display_path(path, root)
            if path in escaping:
                continue
            if not path.is_file():  # whether that is a problem is validate's to say (optional kinds)
                parsed.missing.append((shown, kind))
                continue
            parsed.known[kind.name].add(path.stem)
            if kind.folder is not None:
                parsed.names.append((shown, False))
            if path.suffix == ".md":
                document, found = load_front_matter(path, shown)
                if document is None and not found:
                    parsed.headless.append((shown, kind))
                if document is not None and kind is DELIVERABLE:
                    parsed.bodies.append((shown, path.read_text("utf-8")))
            else:
                document, found = load_yaml_file(path, shown)
            parsed.problems += found
            if document is not None:
                parsed.documents[kind.name].append(document)
    deliverables = set(files(root, DELIVERABLE))
    for path in walk(root / DOCS_FOLDER):
        shown = display_path(path, root)
        if path in escaping or not path.is_file():
            continue
        if path not in deliverables:
            parsed.names.append((shown, True))
        if path.suffix.lower() in {".yml", ".yaml"}:
            document, _ = load_yaml_file(path, shown)
            parsed.stray.append((shown, document.data if document else None))
        if path.suffix != ".md":
            continue
        text, found = read_text(path, shown)
        if text is not None:
            parsed.markdown.append((shown, text))
        if path not in deliverables and text is not None:
            document, more = load_front_matter(path, shown)
            found += more
            if document is not None:
                parsed.pages.append(document)
        parsed.problems += found
    return parsed


def build(documents: Mapping[str, list[Document]]) -> model.Framework:
    """The framework from parsed documents; valid ones, or it may raise on what it cannot read."""

    def entities(kind: Kind, cls: type[E]) -> dict[str, E]:
        return {d.data["id"]: model.build(cls, d.data, d.path) for d in documents[kind.name]}

    trade = documents[TRADE.name][0]
    scale, institute, journal = (next(iter(documents[kind.name]), None) for kind in (SCALE, INSTITUTE, JOURNAL))
    domains, missions = entities(DOMAIN, model.Domain), entities(MISSION, model.Mission)
    competencies, roles = entities(COMPETENCY, model.Competency), entities(ROLE, model.Role)
    trainings, terms = entities(TRAINING, model.Training), entities(TERM, model.Term)
    career_paths = entities(CAREER_PATH, model.CareerPath).values()
    deliverables = [  # a deliverable's id is its file name
        model.build(model.Deliverable, d.data, d.path, id=PurePosixPath(d.path).stem)
        for d in documents[DELIVERABLE.name]
    ]
    versions = (model.build(model.Version, version) for version in (journal.data["versions"] if journal else ()))
    scales = {  # a named scale's id is its file name
        PurePosixPath(d.path).stem: model.build(model.Scale, d.data, d.path, id=PurePosixPath(d.path).stem)
        for d in documents[NAMED_SCALE.name]
    }
    statement = next((model.build(model.Accessibility, d.data, d.path) for d in documents[ACCESSIBILITY.name]), None)
    return model.Framework(
        trade=model.build(model.Trade, trade.data, trade.path),
        scale=model.build(model.Scale, scale.data, scale.path) if scale else None,
        institute=model.build(model.Institute, institute.data, institute.path) if institute else None,
        journal=tuple(sorted(versions, key=lambda v: v.date, reverse=True)),
        domains=dict(sorted(domains.items(), key=lambda item: (item[1].order, item[0]))),
        missions=dict(sorted(missions.items(), key=lambda item: (item[1].order, item[0]))),
        competencies=dict(sorted(competencies.items(), key=lambda item: fold(item[1].title))),
        roles=dict(sorted(roles.items(), key=lambda item: (fold(item[1].family), fold(item[1].title)))),
        career_paths=tuple(sorted(career_paths, key=lambda p: (p.origin, p.target))),
        trainings=dict(sorted(trainings.items(), key=lambda item: fold(item[1].title))),
        terms=dict(sorted(terms.items(), key=lambda item: item[1].sort_key)),
        deliverables={d.id: d for d in sorted(deliverables, key=lambda d: (d.date, d.id), reverse=True)},
        scales=dict(sorted(scales.items())),
        accessibility=statement,
    )


def check(root: Path) -> tuple[model.Framework | None, list[Problem]]:
    """Every problem in the project's sources, and the framework when there is none: parse,
    check (``validate``), then build from what was checked."""
    parsed = parse(root)
    found = validate.problems(parsed)
    if found:
        return None, found
    return build(parsed.documents), []


def site_problems(root: Path, framework: model.Framework) -> list[Problem]:
    """What the strict build would refuse in the Markdown of valid sources: links of the
    hand-written pages and deliverables to no page, a page missing from the navigation, a
    navigation entry to no page. Needs the generated pages' paths, hence a valid framework;
    a generated page is rendered only when a hand-written page links to one of its anchors."""
    from . import downloads, siteconfig
    from .pages import decorations, plan, render, unpublished

    docs = root / DOCS_FOLDER
    decorated = decorations(framework)
    written = {
        path.relative_to(docs).as_posix(): path for path in walk(docs) if path.is_file() and not path.is_symlink()
    }
    texts = {
        page: read_text(path, display_path(path, root))[0] or ""
        for page, path in written.items()
        if page.endswith(".md")
    }
    for page in texts.keys() & decorated.deliverables.keys():
        texts[page] = "\n".join((texts[page], *decorated.deliverables[page]))
    planned = {page.path: page for page in plan(framework)}
    data_page, data = downloads.publish(framework, siteconfig.site_url_of(root))
    texts[data_page.path] = data_page.content
    site = (set(written) | set(texts) | set(planned) | {file.path for file in data}) - decorated.drafts
    anchors: dict[str, set[str]] = {}

    def anchors_of(page: str) -> set[str] | None:
        if page not in anchors:
            if page not in texts and page not in planned:
                return None
            anchors[page] = validate.markdown_anchors(texts[page] if page in texts else render(planned[page]).content)
        return anchors[page]

    problems: list[Problem] = []
    for page, path in sorted(written.items()):
        if page.endswith(".md") and page not in decorated.drafts:
            problems += validate.link_problems(page, display_path(path, root), texts[page], site, anchors_of)
    config = siteconfig.read(root)
    if config is not None and config.nav is not None:
        pages = (page for page in site if page.endswith(".md"))
        absent = unpublished(framework)  # the build drops their entries from the nav (siteconfig.without)
        nav = [(entry, line) for entry, line in config.nav if entry not in absent]
        problems += validate.nav_problems("mkdocs.yml", DOCS_FOLDER, nav, config.not_in_nav, pages)
    return sorted(set(problems))


def load_framework(root: Path) -> model.Framework:
    """The validated framework; raises ``SourceError`` with every problem otherwise."""
    framework, problems = check(root)
    if framework is None:
        raise SourceError(problems)
    return framework
