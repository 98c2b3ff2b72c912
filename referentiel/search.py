"""Accent-insensitive site search: the folding table the build adds to the search index.

Material's search (lunr, run in a web worker) matches words as they are written:
"maitrise" does not find "maîtrise", nor "réglementation" a page that wrote
"reglementation". Rather than adding an accent-free copy of the text to the index
(which grows it by about 70 %), the build adds a small table to the index's
configuration, ``config.fold``: every lower-case character of the site's text, and
every accented letter of French, that :func:`referentiel.text.fold` changes, with its
folded form. The site's search worker (``overrides/assets/javascripts/workers/``)
lower-cases every indexed word and every query and replaces each character found in
the table, so site and search fold text the same way while results still show and
highlight the text as written. The table's size depends on the site's alphabet, not
on the amount of text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from referentiel.text import fold

#: Folded even when the site does not use them, so that any French query folds.
FRENCH_LETTERS = "àâäçéèêëîïôöùûüÿœæ"


def fold_table(texts: Iterable[str]) -> dict[str, str]:
    """Each non-ASCII character of the lower-cased ``texts`` (and of French) that folding
    changes, mapped to its folded form; ASCII characters never change once lower-cased."""
    chars = set(FRENCH_LETTERS)
    for text in texts:
        chars.update(char for char in set(text.lower()) if not char.isascii())  # set(): one pass in C
    return {char: folded for char in sorted(chars) if (folded := fold(char)) != char}


def fold_with(table: Mapping[str, str], text: str) -> str:
    """What the search worker does with ``table``: lower-case, then replace character by character."""
    return "".join(table.get(char, char) for char in text.lower())


def add_fold_table(index: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a Material search index (``search_index.json``, parsed) whose
    configuration carries the folding table of all its documents' titles, texts and tags."""
    texts: list[str] = []
    for doc in index["docs"]:
        texts += [doc.get("title", ""), doc.get("text", ""), *doc.get("tags", [])]
    return {**index, "config": {**index["config"], "fold": fold_table(texts)}}
