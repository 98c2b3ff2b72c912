"""What the project's ``mkdocs.yml`` says about pages: the navigation and the pages left out of
it, the site's name and public address (the SKOS concepts' names, the fiches' footers), the
edit address.

Read as data (the builder is not imported), so that ``referentiel check`` can refuse what the
strict build would: a page missing from the navigation, a navigation entry to no page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec
import yaml


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads a Python-specific tag (``!!python/name:…``) as nothing at all."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteConfig:
    nav: list[tuple[str, int]] | None  # every page path the navigation lists, with its line in mkdocs.yml
    not_in_nav: pathspec.GitIgnoreSpec | None
    docs_dir: str
    site_name: str | None = None
    site_url: str | None = None  # with a final "/", as MkDocs reads it
    edit_uri: str | None = None  # the repository's edit address: a source file's path is appended to it


def _directory(url: str | None) -> str | None:
    """``site_url`` as MkDocs normalises it: a final "/"; ``None`` when not given."""
    return None if not url else url if url.endswith("/") else url + "/"


def read(root: Path) -> SiteConfig | None:
    """The navigation of ``root/mkdocs.yml``; ``None`` when there is no such file or it cannot be read."""
    path = root / "mkdocs.yml"
    try:
        node = yaml.compose(path.read_text("utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    values = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    patterns = values.get("not_in_nav")
    spec = None
    if isinstance(patterns, yaml.ScalarNode):
        spec = pathspec.GitIgnoreSpec.from_lines(patterns.value.splitlines())
    nav = list(_entries(values["nav"])) if "nav" in values else None

    def text(key: str) -> str | None:
        node = values.get(key)
        return str(node.value) if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") else None

    return SiteConfig(
        nav, spec, text("docs_dir") or "docs", text("site_name"), _directory(text("site_url")), text("edit_uri") or None
    )


def _entries(node: Any) -> Iterator[tuple[str, int]]:
    """Page paths of a nav: scalars that are not external addresses, at any depth."""
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value)
        if "://" not in value and not value.startswith(("/", "#", "mailto:")):
            yield value, node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _entries(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _entries(value)


def without(nav: list[Any], absent: frozenset[str]) -> list[Any]:
    """MkDocs' nav (``config.nav``: page paths, ``{title: path}``, ``{title: [children]}``)
    without the entries to ``absent`` pages, and without a section left empty by it."""
    kept: list[Any] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        if isinstance(value, list):
            children = without(value, absent)
            if children:
                kept.append({next(iter(entry)): children} if isinstance(entry, dict) else children)
        elif not (isinstance(value, str) and value in absent):
            kept.append(entry)
    return kept


def site_url_of(root: Path) -> str | None:
    """The site's address ``root/mkdocs.yml`` declares (with its final "/"), if any."""
    config = read(root)
    return config.site_url if config else None
