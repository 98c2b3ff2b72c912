"""MkDocs hooks: the thin adapter between a MkDocs build and the ``referentiel`` core.

Sources are read again at every build (``on_config`` runs for each ``mkdocs serve``
rebuild), so a fixed error recovers without restarting the server.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from referentiel.layout import DOCS_FOLDER
from referentiel.load import check
from referentiel.pages import GeneratedPage, generate
from referentiel.problems import format_problems

log = get_plugin_logger(__name__)
_pages: list[GeneratedPage] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the sources; stop the build with every problem before anything is written."""
    root = Path(config.config_file_path).parent
    framework, problems = check(root)
    if framework is None:
        raise PluginError("Les sources du référentiel contiennent des erreurs :\n" + format_problems(problems))
    _pages[:] = generate(framework)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated pages; point every page's edit link at the file it comes from."""
    docs = Path(config.docs_dir).name or DOCS_FOLDER
    for file in files:
        file.edit_uri = f"{docs}/{file.src_uri}"
    for page in _pages:
        if existing := files.get_file_from_path(page.path):
            log.warning(f"{docs}/{page.path} est remplacé par la page générée depuis {page.source} : supprimez ce fichier")
            files.remove(existing)
        file = File.generated(config, page.path, content=page.content)
        file.edit_uri = page.source
        files.append(file)
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep titles literal: MkDocs takes them as plain text (first heading, front matter),
    while Material and the search index print them as HTML."""
    if page.title:
        page.title = escape(page.title, quote=False)
    if isinstance(page.meta.get("title"), str):
        page.meta["title"] = escape(page.meta["title"], quote=False)
    return html
