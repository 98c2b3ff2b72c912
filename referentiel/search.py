"""Site search: what ranks where, and the folding table that makes it accent-insensitive.

Ranking. Material's search (lunr) weighs a page by its words, its titles above all; the
front matter's ``search: boost:`` multiplies a page's score. :data:`BOOSTS` says which
generated pages come forward (the glossary: an acronym finds its definition before the
pages that use it) and which stay out of the way (listings, the matrix, the comparison
tool, the field reference: they repeat titles found on the pages they list). Sections
holding others' words (a page's sources) are left out of the index
(``data-search-exclude`` on their heading, in the templates). The site's worker also gives
a word typed in full more weight than the longer words it begins ("OPC" finds OPC before
OPCO, see its header).

Folding. Material's search (lunr, run in a web worker) matches words as they are written:
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
from types import MappingProxyType
from typing import Any

from referentiel import routes
from referentiel.text import fold

#: Generated page (its route) → the factor its search score is multiplied by (1 when absent).
BOOSTS: Mapping[str, float] = MappingProxyType({
    routes.GLOSSARY: 10.0,
    routes.SCALE: 3.0,
    **dict.fromkeys(
        (routes.COMPETENCIES, routes.EMERGING, routes.MISSIONS, routes.ROLES, routes.CAREER_PATHS, routes.MATRIX,
         routes.COMPARE, routes.TRAININGS, routes.DELIVERABLES, routes.FIELDS, routes.JOURNAL,
         *(routes.deliverable_view(view) for view in routes.DELIVERABLE_VIEWS)),
        0.2,
    ),
})

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
