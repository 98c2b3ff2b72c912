"""The docs folder for a site builder that runs no hooks (``referentiel generate --out DIR``).

DIR is a complete ``docs_dir``: every file of ``docs/`` (hand-written pages, stylesheets),
published deliverables with their metadata block after the title and their sources at the
end, drafts left out, front-matter titles escaped as the hook escapes them (MkDocs takes
them as text, Material prints them as HTML), and every generated page. What the hook does
to the HTML and to the build besides (glossary links and backlinks, edit links to the
source files, the search folding table, the glossary built last) is lost: the list is in
ARCHITECTURE.md ("A builder that runs no hooks") and in ``referentiel generate --help``.
"""

from __future__ import annotations

import shutil
from html import escape
from itertools import chain
from pathlib import Path

import yaml

from . import downloads, siteconfig
from .layout import DOCS_FOLDER
from .model import Framework
from .pages import decorate, decorations, generate
from .sources import split_front_matter


class OverlapError(ValueError):
    """The output folder would overwrite the sources (it is or holds ``docs/``, or lies inside it)."""


def write_docs(framework: Framework, root: Path, out: Path) -> list[str]:
    """Write the docs folder into ``out``; returns the paths written. (A hand-written page on a
    generated page's route never gets here: ``check`` refuses it, ``validate.route_problems``.)"""
    docs = (root / DOCS_FOLDER).resolve()
    target = out.resolve()
    if target == docs or target.is_relative_to(docs) or docs.is_relative_to(target):
        raise OverlapError(str(out))
    added = decorations(framework)
    config = siteconfig.read(root)
    data_page, data = downloads.publish(framework, config.site_url if config else None)
    written: list[str] = []
    for source in sorted(path for path in docs.rglob("*") if path.is_file()):
        path = source.relative_to(docs).as_posix()
        if path in added.drafts:
            continue
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".md"):
            front, inside, body = split_front_matter(source.read_text("utf-8"))
            if path in added.deliverables:
                body = decorate(body, *added.deliverables[path])
            destination.write_text(_escaped_title(front, inside) + body, "utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(path)
    pages = generate(framework, edit_uri=config.edit_uri if config else None)
    for page in chain(pages, [data_page]):  # one page in memory at a time
        destination = target / page.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(page.content, "utf-8")
        written.append(page.path)
    for file in data:
        destination = target / file.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(file.content)
        written.append(file.path)
    return written


def _escaped_title(front: str, inside: str) -> str:
    """The front matter with its ``title`` HTML-escaped; unchanged when escaping changes nothing.
    (Sources are checked before: the block parses, and is a mapping when it is there.)"""
    data = yaml.safe_load(inside) if inside else None
    if not isinstance(data, dict):
        return front
    title = data.get("title")
    if not isinstance(title, str) or escape(title, quote=False) == title:
        return front
    dumped = yaml.safe_dump({**data, "title": escape(title, quote=False)}, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n"
