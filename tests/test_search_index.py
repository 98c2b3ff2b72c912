"""The folding table the build adds to the search index (referentiel/search.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from referentiel.search import FRENCH_LETTERS, add_fold_table, fold_table, fold_with
from referentiel.text import fold

SAMPLES = [
    "Maîtrise d’ouvrage (MOA)", "MAÎTRISE D'ŒUVRE", "Réglementation", "échéancier", "Cœur, sœur, Ægée",
    "Ça, Où, Noël, naïf, Haÿ", "Straße", "Peña, Øresund, Åland", "e\u0301te\u0301 (decomposed accents)", "ﬁnance",
]


def test_fold_table_covers_french_even_when_the_site_does_not() -> None:
    table = fold_table([])
    assert set(table) == set(FRENCH_LETTERS)
    assert table["é"] == "e" and table["œ"] == "oe" and table["æ"] == "ae" and table["ç"] == "c"


def test_fold_table_keeps_only_characters_that_change() -> None:
    table = fold_table(SAMPLES)
    assert all(not char.isascii() and char == char.lower() for char in table)
    assert all(fold(char) == folded != char for char, folded in table.items())
    assert {"ß", "ñ", "å", "\u0301", "ﬁ"} <= set(table)
    assert "ø" not in table and "’" not in table  # folding leaves them as they are


def test_folding_with_the_table_is_folding() -> None:
    """What the worker does with the table of a text gives referentiel.text.fold's result."""
    table = fold_table(SAMPLES)
    for text in SAMPLES:
        assert fold_with(table, text) == fold(text), text


def test_add_fold_table_returns_a_new_index() -> None:
    index = {
        "config": {"lang": ["fr"], "separator": "[\\s]+", "pipeline": ["stopWordFilter"], "fields": {}},
        "docs": [
            {"location": "", "title": "Accueil", "text": "<p>Maîtrise d’œuvre</p>"},
            {"location": "a/", "title": "Peña", "text": "", "tags": ["Øresund", "Åland"]},
        ],
    }
    before = copy.deepcopy(index)
    folded = add_fold_table(index)
    assert index == before, "the index given is left as it was"
    assert folded["docs"] == index["docs"]
    assert {key: value for key, value in folded["config"].items() if key != "fold"} == index["config"]
    assert folded["config"]["fold"] == fold_table(["Accueil", "<p>Maîtrise d’œuvre</p>", "Peña", "Øresund", "Åland"])
    assert {"ñ", "å", "î", "œ"} <= set(folded["config"]["fold"])


def test_built_index_has_the_table_and_barely_grows(built_mini: Path) -> None:
    """The build adds the table and nothing else; the index grows by far less than 25 %."""
    raw = (built_mini / "search" / "search_index.json").read_text("utf-8")
    index = json.loads(raw)
    table = index["config"].pop("fold")
    assert table == fold_table(
        text for doc in index["docs"] for text in (doc["title"], doc["text"], *doc.get("tags", []))
    )
    material = json.dumps(index, separators=(",", ":"))  # as Material's search plugin writes it
    assert len(raw.encode()) <= 1.25 * len(material.encode())
