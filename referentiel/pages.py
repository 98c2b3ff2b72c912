"""Generated pages: the framework rendered to Markdown strings by Jinja2 templates.

Pure functions: ``generate`` gives the same pages to the MkDocs hook and to
``referentiel generate``. Every value printed with ``{{ … }}`` is escaped as literal
Markdown text unless a helper marked it safe.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .model import Framework
from .text import inline, paragraphs

STATUS_LABELS = {"current": "actuelle", "emerging": "émergente", "legacy": "en retrait"}


@dataclass(frozen=True)
class GeneratedPage:
    """A page of the site: where it goes under docs/, its Markdown, and the source file it is drawn from."""

    path: str
    content: str
    source: str


def competency_page(competency_id: str) -> str:
    return f"competences/{competency_id}.md"


def mission_page(mission_id: str) -> str:
    return f"missions/{mission_id}.md"


GLOSSARY_PAGE = "glossaire/index.md"


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str, anchor: str = "") -> Markup:
    """Relative link from the page being rendered to ``target`` (a docs-relative .md path)."""
    return Markup(_relative(target, posixpath.dirname(context["here"])) + (f"#{anchor}" if anchor else ""))


@lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder or ".")


def _url(value: str) -> Markup:
    """A link destination for ``[text](<…>)``: characters that could end it are percent-encoded."""
    return Markup(re.sub(r"[<>\s\\`]", lambda match: quote(match.group()), value))


def _badge(status: str) -> Markup:
    return Markup(f'<span class="rf-badge rf-badge--{status}">{STATUS_LABELS[status]}</span>')


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
    env.filters.update(paragraphs=paragraphs, badge=_badge, url=_url)
    env.globals.update(
        href=_href,
        competency_page=competency_page,
        mission_page=mission_page,
        glossary_page=GLOSSARY_PAGE,
        status_labels=STATUS_LABELS,
    )
    return env


def _render(template: str, here: str, source: str, **context: Any) -> GeneratedPage:
    content = environment().get_template(template).render(here=here, source=source, **context)
    return GeneratedPage(here, content, source)


def generate(framework: Framework) -> list[GeneratedPage]:
    """Every generated page of the site."""
    fw = framework
    pages = [
        _render("trade.md.j2", "metier/index.md", fw.trade.path, fw=fw, trade=fw.trade),
        _render("scale.md.j2", "niveaux/index.md", fw.scale.path, fw=fw, scale=fw.scale),
        _render("missions.md.j2", "missions/index.md", "framework/missions", fw=fw),
        _render("competencies.md.j2", "competences/index.md", "competencies", fw=fw),
        _render("emerging.md.j2", "competences/emergentes.md", "competencies", fw=fw),
        _render("glossary.md.j2", GLOSSARY_PAGE, "glossary", fw=fw),
    ]
    pages += [
        _render("mission.md.j2", mission_page(m.id), m.path, fw=fw, mission=m) for m in fw.missions.values()
    ]
    pages += [
        _render("competency.md.j2", competency_page(c.id), c.path, fw=fw, c=c) for c in fw.competencies.values()
    ]
    return pages
