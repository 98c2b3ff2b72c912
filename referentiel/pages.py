"""Generated pages: the framework rendered to Markdown strings by Jinja2 templates.

Pure functions: ``generate`` gives the same pages to the MkDocs hook and to
``referentiel generate``. Every value printed with ``{{ … }}`` is escaped as literal
Markdown text unless a helper marked it safe.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import fields, filters, graph, model, routes, self_assessment
from .layout import CAREER_PATH, COMPETENCY, DELIVERABLE, JOURNAL, MISSION, ROLE, TERM, TRAINING, Kind
from .linking import TermEntry, backlinks_marker, entries
from .model import Deliverable, Framework, Scale
from .routes import page_url
from .search import BOOSTS
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
    return _raw_relative(target, context["here"])


@lru_cache(maxsize=65536)
def _raw_relative(target: str, here: str) -> str:
    return posixpath.relpath(page_url(target).rstrip("/") or ".", page_url(here).rstrip("/") or ".") + "/"


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


@jinja2.pass_context
def _self_assessment_page(context: jinja2.runtime.Context, target: str, current: str = "") -> Markup:
    """Link to the self-assessment with its roles preselected (``?cible=b&actuel=a``)."""
    query = f"?cible={quote(target)}" + (f"&actuel={quote(current)}" if current else "")
    return Markup(_relative(routes.SELF_ASSESSMENT, posixpath.dirname(context["here"])) + query)


def _tool_labels() -> str:
    """The labels the browser tools show for values of the export (which carries values, not
    labels), as JSON for a data attribute: drawn from the schemas, never written again in a script."""
    return json.dumps({"importance": dict(fields.labels("role", "requirements[].importance"))}, ensure_ascii=False)


def _url(value: str) -> Markup:
    """A link destination for ``[text](<…>)``: characters that could end it are percent-encoded."""
    return Markup(re.sub(r"[<>\s\\`]", lambda match: quote(match.group()), value))


def _code(value: object) -> Markup:
    """A Markdown code span of the literal value (no escaping applies inside one)."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


#: The public fiche of a ROME code on France Travail's site: the one place its address is written.
ROME_FICHE = "https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"


def _rome_url(code: str) -> str:
    return ROME_FICHE.format(code=quote(code, safe=""))


def _badge(status: str) -> Markup:
    return Markup(f'<span class="rf-badge rf-badge--{status}">{fields.label(status, "competency.status")}</span>')


def _level(scale: Scale | None, number: int | None) -> Markup:
    """A level read as a scale: one segment per level of ``scale``, as many filled as ``number``
    (hidden from assistive technologies), then its number and label in text (``Scale.label``).
    Not given (None) or not required (0), or no scale at all: the text alone."""
    if scale is None:  # a référentiel without levels: a requirement's level is never given
        return Markup(inline(model.UNSPECIFIED if number is None else "—"))
    text = inline(scale.label(number))
    rank = next((index for index, level in enumerate(scale.levels, 1) if level.number == number), None)
    if rank is None:
        return Markup(text)
    segments = "".join(
        f'<span class="rf-level__segment{" rf-level__segment--on" if index <= rank else ""}"></span>'
        for index in range(1, len(scale.levels) + 1)
    )
    return Markup(f'<span class="rf-level" aria-hidden="true">{segments}</span> {text}')


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
    env.globals.update(scale_page=_scale_page, rome_url=_rome_url, level=_level)
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
        self_assessment_page=_self_assessment_page,
        tool_labels=_tool_labels,
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


def matrix_context(framework: Framework, cells: int) -> dict[str, Any]:
    """What the matrix page needs: the domains drawn as a list (their table would exceed
    ``cells``) and the filters, whose role entries in those lists carry their values once."""
    listed = frozenset(
        did for did, (rows, roles) in framework.matrix_by_domain.items() if len(rows) * len(roles) > cells
    )
    return {"listed": listed, "filters": filters.matrix(framework, listed)}


def _folder(kind: Kind) -> str:
    return kind.folder or ""


def plan(
    framework: Framework, fiches: frozenset[str] = frozenset(), edit_uri: str | None = None
) -> list[PlannedPage]:
    """Every generated page of the site, in build order, not rendered yet (cheap). A role or
    career path page links to its printable fiche when ``fiches`` (paths under docs/) has it.
    ``edit_uri``: the repository's edit address (``mkdocs.yml``), which source files link to."""

    def fiche(path: str) -> str | None:
        return path if path in fiches else None

    roles = framework.roles
    pages = [
        PlannedPage(routes.TRADE, framework.trade.source, "trade.md.j2", {"trade": framework.trade}),
        *(
            [PlannedPage(routes.SCALE, framework.scale.source, "scale.md.j2", {"scale": framework.scale})]
            if framework.scale else []
        ),
        *(
            PlannedPage(routes.scale(scale.id), scale.source, "scale.md.j2", {"scale": scale})
            for scale in framework.scales.values()
        ),
        *(
            [PlannedPage(routes.INSTITUTE, framework.institute.source, "institute.md.j2",
                         {"institute": framework.institute})]
            if framework.institute else []
        ),
        PlannedPage(routes.MISSIONS, _folder(MISSION), "missions.md.j2", {}),
        PlannedPage(
            routes.COMPETENCIES, _folder(COMPETENCY), "competencies.md.j2", {"filters": filters.competencies(framework)}
        ),
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
        PlannedPage(routes.MATRIX, _folder(ROLE), "matrix.md.j2", matrix_context(framework, MATRIX_CELLS)),
        PlannedPage(routes.COMPARE, _folder(ROLE), "compare.md.j2", {}),
        PlannedPage(routes.SELF_ASSESSMENT, _folder(ROLE), "self_assessment.md.j2",
                    {"storage_key": self_assessment.STORAGE_KEY}),
        PlannedPage(routes.TRAININGS, _folder(TRAINING), "trainings.md.j2", {"filters": filters.trainings(framework)}),
    ]
    pages += [
        PlannedPage(
            routes.role(role.id), role.source, "role.md.j2", {"role": role, "fiche": fiche(routes.role_fiche(role.id))}
        )
        for role in roles.values()
    ]
    pages += [
        PlannedPage(
            routes.career_path(career_path.origin, career_path.target), career_path.source, "path.md.j2",
            {"career_path": career_path, "origin": roles[career_path.origin], "target": roles[career_path.target],
             "fiche": fiche(routes.career_path_fiche(career_path.id))},
        )
        for career_path in framework.career_paths
    ]
    pages += [
        PlannedPage(routes.training(training.id), training.source, "training.md.j2", {"training": training})
        for training in framework.trainings.values()
    ]
    pages.append(PlannedPage(routes.JOURNAL, JOURNAL.file or "", "journal.md.j2", {}))
    if statement := framework.accessibility:
        pages.append(
            PlannedPage(routes.ACCESSIBILITY, statement.source, "accessibility.md.j2", {"statement": statement})
        )
    pages.append(PlannedPage(routes.FIELDS, "referentiel/schemas", "fields.md.j2", {"kinds": fields.reference()}))
    pages += [
        PlannedPage(routes.DELIVERABLES, _folder(DELIVERABLE), "deliverables.md.j2", {}),
        *(
            PlannedPage(routes.deliverable_view(view), _folder(DELIVERABLE), "deliverables_by.md.j2", {"view": view})
            for view in routes.DELIVERABLE_VIEWS
        ),
    ]
    absent = unpublished(framework)
    pages = [page for page in pages if page.path not in absent]
    site_pages = frozenset(page.path for page in pages)
    for page in pages:
        page.context["framework"] = framework
        page.context["site_pages"] = site_pages  # templates link to an optional listing only when it exists
        page.context["edit_uri"] = edit_uri
    return pages


def unpublished(framework: Framework) -> frozenset[str]:
    """The fixed pages (``routes.FIXED``) this framework does not have, because what they list
    is absent: no scale, institute, journal, mission, emerging competency, role, path, training,
    term or published deliverable. No empty page is published; the hook drops them from the nav."""
    has = {
        routes.SCALE: framework.scale is not None,
        routes.INSTITUTE: framework.institute is not None,
        routes.JOURNAL: bool(framework.journal),
        routes.MISSIONS: bool(framework.missions),
        routes.EMERGING: bool(framework.emerging),
        routes.ROLES: bool(framework.roles),
        routes.MATRIX: bool(framework.roles),
        routes.COMPARE: bool(framework.roles),
        routes.SELF_ASSESSMENT: bool(framework.roles),
        routes.CAREER_PATHS: bool(framework.career_paths),
        routes.TRAININGS: bool(framework.trainings),
        routes.GLOSSARY: bool(framework.terms),
    }
    for page in (routes.DELIVERABLES, *(routes.deliverable_view(view) for view in routes.DELIVERABLE_VIEWS)):
        has[page] = bool(framework.published)
    return frozenset(page for page, present in has.items() if not present)


def render(page: PlannedPage) -> GeneratedPage:
    """The page's Markdown, after a front matter giving its description (what its template sets
    as ``description``: the entity's summary, the listing's introduction; none when absent),
    its search weight (``search.BOOSTS``) and its table of contents' depth (``toc_depth``)."""
    template = environment().get_template(page.template)
    module = template.make_module({"here": page.path, "source": page.source, **page.context})
    description, toc_depth = getattr(module, "description", None), getattr(module, "toc_depth", None)
    front = front_matter(description, BOOSTS.get(page.path), toc_depth)
    return GeneratedPage(page.path, front + str(module), page.source)


def front_matter(description: str | None, boost: float | None, toc_depth: int | None = None) -> str:
    """YAML front matter (values as JSON strings, which YAML reads as they are), or nothing.
    ``toc_depth``: the deepest heading level the table of contents lists (overrides/partials/toc-item.html)."""
    lines = [f"description: {json.dumps(' '.join(description.split()), ensure_ascii=False)}"] if description else []
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    if toc_depth is not None:
        lines += [f"toc_depth: {toc_depth}"]
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\n" if lines else ""


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


def generate(
    framework: Framework, fiches: frozenset[str] = frozenset(), edit_uri: str | None = None
) -> Iterator[GeneratedPage]:
    """Every generated page of the site, rendered one at a time (a caller writing them to disk
    holds one page, not the site); those of ``fiches`` linked from their pages."""
    return (render(page) for page in plan(framework, fiches, edit_uri))
