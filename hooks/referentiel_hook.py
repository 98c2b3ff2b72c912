"""MkDocs hooks: the thin adapter between a MkDocs build and the ``referentiel`` core.

Sources are read, validated and rendered in ``on_config``, which runs for each ``mkdocs
serve`` rebuild too, so a fixed error recovers without restarting the server; a problem in
the sources stops the build there, before any page is read or written. ``on_files`` adds the
generated pages.

Besides: pages left out of the nav are placed under their listing (``on_nav``: breadcrumbs,
active section), deliverables get their metadata block (``on_page_markdown``), titles are
given as HTML text (``on_page_content``), glossary terms are linked in every article and
French no-break spaces set in every page (``on_post_page``, ``on_post_template`` for the 404
page), and the search index gets its accent-folding table (``on_post_build``).
A failed build leaves no site (``on_build_error`` empties site_dir).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_relative_url

from referentiel import downloads, fiches, siteconfig
from referentiel.accessibility import mention
from referentiel.edition import edition
from referentiel.layout import SNIPPETS_FOLDER, source_folders
from referentiel.linking import Linker, insert_backlinks, uses_defined_senses
from referentiel.load import check
from referentiel.pages import Decorations, GeneratedPage, decorate, decorations, generate, unpublished
from referentiel.problems import Problem, format_problems
from referentiel.routes import GLOSSARY, listing, page_url
from referentiel.search import add_fold_table
from referentiel.typography import french_spacing
from referentiel.validate import snippet_problems

_command = "build"
_pages: list[GeneratedPage] = []
_data: list[downloads.DataFile] = []  # the data exports, under donnees/
_decorations: Decorations | None = None
_generated: dict[str, str] = {}  # generated page path → the source file or folder it is drawn from
_linker: Linker | None = None
_site_dir: Path | None = None
_GLOSSARY_URL = page_url(GLOSSARY)
_users: dict[str, list[tuple[str, str]]] = {}  # term id → (page URL, page title) of pages using it
_titles: dict[str, str] = {}  # page URL → its title, as HTML text
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.DOTALL)


def _failure(problems: list[Problem]) -> PluginError:
    return PluginError("Les sources du référentiel contiennent des erreurs :\n" + format_problems(problems))


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read, validate and render the sources; refuse them with every problem they have."""
    global _decorations, _site_dir
    _site_dir = Path(config.site_dir)
    root = Path(config.config_file_path).parent
    framework, problems = check(root)
    if framework is None:
        raise _failure(problems)
    folder = str(config.extra.get(fiches.SETTING) or "")  # the printable fiches, when given (mkdocs.yml)
    given, problems = fiches.published(framework, root, folder, config.site_name, config.site_url)
    if problems:
        raise _failure(problems)
    if config.nav is not None:  # entries to a listing of what this référentiel lacks (no trainings…)
        config.nav = siteconfig.without(config.nav, unpublished(framework))
    data_page, _data[:] = downloads.publish(framework, config.site_url or None, given)
    _pages[:] = [*generate(framework, frozenset(fiche.path for fiche in given), config.edit_uri), data_page]
    _decorations = decorations(framework)
    config.extra["edition"] = edition(framework)  # printed at the foot of every page (overrides/main.html)
    config.extra["accessibility"] = mention(framework)  # in every page's footer (overrides/partials/copyright.html)
    return config


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    """Rebuild when a source outside docs/ changes: the folders of ``layout.KINDS`` the project has
    (a référentiel may have no glossary, so they are not listed in mkdocs.yml's ``watch``)."""
    for folder in source_folders(Path(config.config_file_path).parent):
        server.watch(str(folder))
    return server


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated pages; point every page's edit link at the file it comes from."""
    assert _decorations is not None
    docs = Path(config.docs_dir).name
    for file in files:
        file.edit_uri = f"{docs}/{file.src_uri}"
    _generated.clear()
    for page in _pages:
        file = File.generated(config, page.path, content=page.content)
        # A listing drawn from a whole folder has no one file to edit.
        file.edit_uri = page.source if Path(page.source).suffix else None
        files.append(file)
        _generated[page.path] = page.source
    for data in _data:
        files.append(File.generated(config, data.path, content=data.content))
    for draft in _decorations.drafts:
        if draft_file := files.get_file_from_path(draft):
            files.remove(draft_file)  # drafts are checked, never published
    if glossary := files.get_file_from_path(GLOSSARY):
        files.remove(glossary)  # rendered last, once every page has said which terms it uses
        files.append(glossary)
    global _linker
    _linker = Linker(_decorations.terms) if config.extra.get("link_glossary_terms", True) else None
    _users.clear()
    _titles.clear()
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Place each page left out of the nav (a competency, a role, a path…) under its listing, so
    that its breadcrumbs and the active section show where it is; the nav itself stays short.
    The parent is the listing's section when the listing is that section's index page."""
    in_nav = {page.file.src_uri: page for page in nav.pages}
    for file in files.documentation_pages():
        page, route = file.page, listing(file.src_uri)
        if page is None or file.src_uri in in_nav or route is None or route not in in_nav:
            continue
        shown = in_nav[route]
        section = shown.parent
        if shown.is_index and section is not None and section.children[0] is shown:
            page.parent = section
        else:  # MkDocs types a parent as a Section; ancestors, active and Material's partials take any item
            page.parent = shown  # type: ignore[assignment]
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A deliverable gets its metadata block (date, format, community, what it discusses) and sources."""
    assert _decorations is not None
    snippets = Path(config.config_file_path).parent / SNIPPETS_FOLDER
    if page.file.src_uri not in _generated and (found := snippet_problems(markdown, page.file.src_uri, snippets)):
        raise _failure(found)  # check reports it first; the snippet extension would raise a traceback
    if added := _decorations.deliverables.get(page.file.src_uri):
        return decorate(markdown, *added)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give every title in one form, HTML text, as Material and the search index print it.
    A title from the front matter or the nav is plain text: escaped here; a title MkDocs
    took from the first heading is already HTML (tags stripped, entities kept): as it is."""
    if not isinstance(page.title, str | None) or not isinstance(page.meta.get("title", ""), str):
        raise PluginError(f"{page.file.src_uri} : le titre doit être un texte")  # check says where
    meta_title = page.meta.get("title")
    plain = "title" in vars(page) or isinstance(meta_title, str) or page._title_from_render is None
    if plain and isinstance(page.title, str):  # the nav's, the front matter's or the file name's
        page.title = escape(page.title, quote=False)
    if isinstance(meta_title, str):
        page.meta["title"] = escape(meta_title, quote=False)
    _titles[page.url] = page.title or escape(page.url)
    return html


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Link glossary terms in the page's article, then set the whole page's French spacing.
    Done after search indexing (which reads the same text either way), so that the indexer
    does not parse thousands of extra tags."""
    return french_spacing(_link_terms(output, page, config))


def _link_terms(output: str, page: Page, config: MkDocsConfig) -> str:
    article = _ARTICLE.search(output)
    if _linker is None or article is None:
        return output
    is_glossary = page.file.src_uri == GLOSSARY
    glossary_url = "" if is_glossary else get_relative_url(_GLOSSARY_URL, page.url).rstrip("/") + "/"
    source = _generated.get(page.file.src_uri, f"{Path(config.docs_dir).name}/{page.file.src_uri}")
    content, used = _linker.link(article.group(2), glossary_url, defined_senses=uses_defined_senses(source))
    if is_glossary:  # rendered last: every other page has said which terms it uses
        content = insert_backlinks(content, _users, _linker.terms)
    # A listing (drawn from a whole folder) repeats the summaries of the pages it lists: not a use
    listing = not Path(source).suffix
    for term_id in () if is_glossary or listing else used:
        _users.setdefault(term_id, []).append((get_relative_url(page.url, _GLOSSARY_URL), _titles[page.url]))
    return output[: article.start(2)] + content + output[article.end(2) :]


def on_build_error(*, error: Exception) -> None:
    """A failed build leaves no site: empty site_dir as MkDocs cleans it (hidden files kept),
    since the strict mode's verdict on warnings comes after every page is written."""
    if _command != "serve" and _site_dir is not None and _site_dir.is_dir():
        clean_directory(str(_site_dir))


def on_post_build(*, config: MkDocsConfig) -> None:
    """Make the search accent-insensitive: add the folding table to Material's search index
    (written just before, by the search plugin), serialised as the plugin does."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.is_file():
        index = add_fold_table(json.loads(path.read_text("utf-8")))
        path.write_text(json.dumps(index, separators=(",", ":")), "utf-8")


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The pages drawn from a template alone (the 404 page) get the French spacing too."""
    return french_spacing(output_content) if template_name.endswith(".html") else output_content
