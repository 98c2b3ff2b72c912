"""What the project's ``mkdocs.yml`` says about pages: the navigation, the pages left out of it, the edit address.

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
    edit_uri: str | None = None  # the repository's edit address: a source file's path is appended to it


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
    docs = values.get("docs_dir")
    nav = list(_entries(values["nav"])) if "nav" in values else None
    edit = values.get("edit_uri")
    return SiteConfig(
        nav, spec, docs.value if isinstance(docs, yaml.ScalarNode) else "docs",
        edit.value if isinstance(edit, yaml.ScalarNode) and edit.value else None,
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
