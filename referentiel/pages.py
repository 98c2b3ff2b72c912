"""Generated pages: the framework rendered to Markdown strings by Jinja2 templates.

Pure functions: ``generate`` gives the same pages to the MkDocs hook and to
``referentiel generate``. Every value printed with ``{{ … }}`` is escaped as literal
Markdown text unless a helper marked it safe.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import fields, graph, model, routes
from .layout import CAREER_PATH, COMPETENCY, DELIVERABLE, JOURNAL, MISSION, ROLE, TERM, TRAINING, Kind
from .linking import TermEntry, backlinks_marker, entries
from .model import Deliverable, Framework, Scale
from .routes import page_url
from .text import anchor, french_date, html, inline, paragraphs


@dataclass(frozen=True)
class GeneratedPage:
    """A page of the site: where it goes under docs/, its Markdown, and the source file it is drawn from."""

    path: str
    content: str
    source: str


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str, anchor: str = "") -> Markup:
    """Relative link from the page being rendered to ``target`` (a docs-relative .md path)."""
    return Markup(_relative(target, posixpath.dirname(context["here"])) + (f"#{anchor}" if anchor else ""))


@lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder or ".")


@jinja2.pass_context
def _raw_href(context: jinja2.runtime.Context, target: str) -> str:
    """Relative URL for links in raw HTML, which MkDocs does not rewrite."""
    here = page_url(context["here"]).rstrip("/")
    return posixpath.relpath(page_url(target).rstrip("/") or ".", here or ".") + "/"


@jinja2.pass_context
def _graph(context: jinja2.runtime.Context, framework: Framework) -> Markup:
    roles = list(framework.roles.values())
    return Markup(graph.svg(roles, framework.career_paths, lambda rid: _raw_href(context, routes.role(rid))))


def _scale_page(scale: Scale) -> str:
    """The page of a scale: the framework's, or a named one's."""
    return routes.scale(scale.id) if scale.id else routes.SCALE


@jinja2.pass_context
def _compare_page(context: jinja2.runtime.Context, *role_ids: str) -> Markup:
    """Link to the comparison page with these roles preselected (``?roles=a,b``)."""
    query = quote(",".join(role_ids), safe=",")
    return Markup(_relative(routes.COMPARE, posixpath.dirname(context["here"])) + f"?roles={query}")


def _url(value: str) -> Markup:
    """A link destination for ``[text](<…>)``: characters that could end it are percent-encoded."""
    return Markup(re.sub(r"[<>\s\\`]", lambda match: quote(match.group()), value))


def _code(value: object) -> Markup:
    """A Markdown code span of the literal value (no escaping applies inside one)."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def _badge(status: str) -> Markup:
    return Markup(f'<span class="rf-badge rf-badge--{status}">{fields.label(status, "competency.status")}</span>')


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("referentiel", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=inline,  # every {{ value }} is literal text unless marked safe (helpers, macros)
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        paragraphs=paragraphs, html=html, anchor=anchor, badge=_badge, url=_url, french_date=french_date, code=_code,
        label=fields.label,
    )
    env.globals.update(backlinks_marker=lambda term_id: Markup(backlinks_marker(term_id)))
    # what is shown for a level not given or not described
    env.globals.update(UNSPECIFIED=model.UNSPECIFIED, UNDESCRIBED=model.UNDESCRIBED)
    env.globals.update(scale_page=_scale_page)
    env.globals.update(
        href=_href,
        raw_href=_raw_href,
        career_graph=_graph,
        graph_max_roles=graph.MAX_ROLES,
        routes=routes,  # every page's path: routes.SCALE, routes.deliverable(id)…
        competency_page=routes.competency,
        mission_page=routes.mission,
        role_page=routes.role,
        career_path_page=routes.career_path,
        compare_page=_compare_page,
        training_page=routes.training,
        deliverable_page=routes.deliverable,
        glossary_page=routes.GLOSSARY,
    )
    return env


@dataclass(frozen=True)
class PlannedPage:
    """A page to render: where it goes, what it is drawn from, which template with what."""

    path: str
    source: str
    template: str
    context: dict[str, Any]


#: The largest table the matrix draws for one domain (rows × columns); beyond it, the domain's
#: requirements are listed per competency, so the page grows with requirements, not roles × competencies.
MATRIX_CELLS = 2000


def _folder(kind: Kind) -> str:
    return kind.folder or ""


def plan(framework: Framework) -> list[PlannedPage]:
    """Every generated page of the site, in build order, not rendered yet (cheap)."""
    roles = framework.roles
    pages = [
        PlannedPage(routes.TRADE, framework.trade.source, "trade.md.j2", {"trade": framework.trade}),
        PlannedPage(routes.SCALE, framework.scale.source, "scale.md.j2", {"scale": framework.scale}),
        *(
            PlannedPage(routes.scale(scale.id), scale.source, "scale.md.j2", {"scale": scale})
            for scale in framework.scales.values()
        ),
        PlannedPage(
            routes.INSTITUTE, framework.institute.source, "institute.md.j2", {"institute": framework.institute}
        ),
        PlannedPage(routes.MISSIONS, _folder(MISSION), "missions.md.j2", {}),
        PlannedPage(routes.COMPETENCIES, _folder(COMPETENCY), "competencies.md.j2", {}),
        PlannedPage(routes.EMERGING, _folder(COMPETENCY), "emerging.md.j2", {}),
        PlannedPage(routes.GLOSSARY, _folder(TERM), "glossary.md.j2", {}),
    ]
    pages += [
        PlannedPage(routes.mission(mission.id), mission.source, "mission.md.j2", {"mission": mission})
        for mission in framework.missions.values()
    ]
    pages += [
        PlannedPage(routes.competency(competency.id), competency.source, "competency.md.j2", {"competency": competency})
        for competency in framework.competencies.values()
    ]
    pages += [
        PlannedPage(routes.ROLES, _folder(ROLE), "roles.md.j2", {}),
        PlannedPage(routes.CAREER_PATHS, _folder(CAREER_PATH), "paths.md.j2", {}),
        PlannedPage(routes.MATRIX, _folder(ROLE), "matrix.md.j2", {"matrix_cells": MATRIX_CELLS}),
        PlannedPage(routes.COMPARE, _folder(ROLE), "compare.md.j2", {}),
        PlannedPage(routes.TRAININGS, _folder(TRAINING), "trainings.md.j2", {}),
    ]
    pages += [PlannedPage(routes.role(role.id), role.source, "role.md.j2", {"role": role}) for role in roles.values()]
    pages += [
        PlannedPage(
            routes.career_path(career_path.origin, career_path.target), career_path.source, "path.md.j2",
            {"career_path": career_path, "origin": roles[career_path.origin], "target": roles[career_path.target]},
        )
        for career_path in framework.career_paths
    ]
    pages += [
        PlannedPage(routes.training(training.id), training.source, "training.md.j2", {"training": training})
        for training in framework.trainings.values()
    ]
    pages.append(PlannedPage(routes.JOURNAL, JOURNAL.file or "", "journal.md.j2", {}))
    pages.append(PlannedPage(routes.FIELDS, "referentiel/schemas", "fields.md.j2", {"kinds": fields.reference()}))
    pages += [
        PlannedPage(routes.DELIVERABLES, _folder(DELIVERABLE), "deliverables.md.j2", {}),
        *(
            PlannedPage(routes.deliverable_view(view), _folder(DELIVERABLE), "deliverables_by.md.j2", {"view": view})
            for view in routes.DELIVERABLE_VIEWS
        ),
    ]
    for page in pages:
        page.context["framework"] = framework
    return pages


def render(page: PlannedPage) -> GeneratedPage:
    content = environment().get_template(page.template).render(here=page.path, source=page.source, **page.context)
    return GeneratedPage(page.path, content, page.source)


@dataclass(frozen=True)
class Decorations:
    """What the build adds to hand-written pages, and what it leaves out."""

    terms: list[TermEntry]  # for the glossary linker
    drafts: frozenset[str]  # deliverables not published (paths under docs/)
    deliverables: dict[str, tuple[str, str]]  # path → (Markdown after the title, Markdown at the end)


def decorations(framework: Framework) -> Decorations:
    env = environment()
    return Decorations(
        terms=entries(framework),
        drafts=frozenset(
            routes.deliverable(deliverable.id)
            for deliverable in framework.deliverables.values()
            if deliverable.status == "draft"
        ),
        deliverables={
            routes.deliverable(deliverable.id): (
                _render(env, "deliverable_header.md.j2", framework, deliverable),
                _render(env, "deliverable_footer.md.j2", framework, deliverable),
            )
            for deliverable in framework.published
        },
    )


def _render(env: jinja2.Environment, template: str, framework: Framework, deliverable: Deliverable) -> str:
    here = routes.deliverable(deliverable.id)
    return env.get_template(template).render(here=here, framework=framework, deliverable=deliverable)


def decorate(markdown: str, header: str, footer: str) -> str:
    """Put ``header`` right after the page's first-level title (or on top), ``footer`` at the end."""
    lines = markdown.split("\n")
    title = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if title is None:
        return f"{header}\n\n{markdown}\n\n{footer}"
    return "\n".join([*lines[: title + 1], "", header, *lines[title + 1 :], "", footer])


def generate(framework: Framework) -> Iterator[GeneratedPage]:
    """Every generated page of the site, rendered one at a time: a caller writing them to disk
    holds one page, not the site."""
    return (render(page) for page in plan(framework))
