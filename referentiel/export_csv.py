"""The framework as CSV tables, one file per table, drawn from the JSON document (``export_json``).

Made for the spreadsheets French offices use (LibreOffice Calc, Excel in a French locale):

- UTF-8 with a byte-order mark, so that the spreadsheet reads accents as UTF-8 without asking;
- ``;`` between cells (``,`` is the decimal separator of a French locale), CRLF between rows;
- text cells always quoted (``"`` doubled inside), so line breaks inside a cell survive and
  text is never taken for a number; numbers (levels, orders) unquoted;
- a list in one cell (a competency's missions, a term's English equivalents) one item per line;
- formula injection neutralised: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return gets a leading ``'`` (the spreadsheet then shows it as text). The JSON
  keeps the text exactly as written.

The columns are the JSON's field names, so both exports read the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .export_json import JSON

#: Characters a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
SEPARATOR = ";"

Cell = str | int | None


@dataclass(frozen=True)
class Table:
    name: str  # file name without ".csv"
    title: str  # French, for the downloads page
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def neutralise(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, int | str):
        return value
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    raise TypeError(f"no CSV cell for {value!r}")


def _table(name: str, title: str, columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> Table:
    return Table(name, title, tuple(columns), tuple(tuple(_cell(record[c]) for c in columns) for record in records))


def tables(document: JSON) -> list[Table]:
    """Every table, in the order of the downloads page."""
    d = document
    return [
        _table("domaines", "Domaines", ("id", "title", "summary", "order", "page"), d["domains"]),
        _table("missions", "Missions", ("id", "title", "summary", "activities", "order", "page"), d["missions"]),
        _table(
            "niveaux", "Échelles de niveaux (échelle vide : celle du référentiel)",
            ("level", "label", "essence", "description", "page", "scale"),
            (
                {"scale": scale.get("id", ""), **level}
                for scale in (d["scale"], *d["scales"]) if scale for level in scale["levels"]
            ),
        ),
        _table(
            "competences", "Compétences",
            ("id", "title", "domain", "kind", "status", "summary", "description", "missions", "related", "terms",
             "esco", "rome", "page", "domains", "scale"),
            d["competencies"],
        ),
        _table(
            "descripteurs", "Descripteurs de niveau des compétences", ("competency", "level", "descriptor"),
            ({"competency": c["id"], **level} for c in d["competencies"] for level in c["levels"]),
        ),
        _table(
            "roles", "Rôles", ("id", "title", "family", "summary", "description", "missions", "rome", "page"),
            d["roles"],
        ),
        _table(
            "exigences", "Compétences requises par rôle", ("role", "competency", "level", "importance"),
            ({"role": r["id"], **q} for r in d["roles"] for q in r["requirements"]),
        ),
        _table("parcours", "Parcours", ("id", "from", "to", "kind", "duration", "notes", "page"), d["paths"]),
        _table(
            "ecarts", "Écarts de compétences des parcours",
            ("path", "from", "to", "competency", "now", "required", "difference", "importance", "trainings"),
            ({"path": p["id"], "from": p["from"], "to": p["to"], **g} for p in d["paths"] for g in p["gaps"]),
        ),
        _table(
            "formations", "Formations", ("id", "title", "provider", "format", "duration", "url", "summary", "page"),
            d["trainings"],
        ),
        _table(
            "couverture-formations", "Compétences développées par formation", ("training", "competency", "level"),
            ({"training": t["id"], **v} for t in d["trainings"] for v in t["covers"]),
        ),
        _table(
            "glossaire", "Glossaire (équivalents anglais compris)",
            ("id", "term", "acronym", "variants", "short", "definition", "english", "legal", "see_also", "page"),
            d["glossary"],
        ),
        _table(
            "faux-amis", "Faux amis du glossaire", ("term", "false_friend", "reason"),
            ({"term": t["id"], "false_friend": f["term"], "reason": f["reason"]} for t in d["glossary"]
             for f in t["false_friends"]),
        ),
    ]


def to_csv(table: Table) -> bytes:
    """The table as the bytes of its file (see the module's docstring for the format)."""
    lines = [SEPARATOR.join(_quoted(cell) for cell in row) for row in (table.columns, *table.rows)]
    return (BOM + "".join(line + "\r\n" for line in lines)).encode("utf-8")


def _quoted(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, int):
        return str(cell)
    return '"' + neutralise(cell).replace('"', '""') + '"'
