"""``referentiel import``: an existing référentiel, as CSV files, turned into a source tree.

A mapping file (YAML, ``import.schema.json``) says which CSV file holds the competencies (and
optionally the roles and the requirements), which column gives which field, which words give
which levels, importances or kinds. The trade, the scale and the domains are written in the
mapping as the référentiel declares them. Everything else comes from the cells: the importer
writes no text of its own, leaves out what a cell does not give (an empty descriptor is « non
décrit », a requirement without a level « non précisé ») and reports, with the CSV file's line
and column, every cell it cannot read.

Steps: ``read_mapping`` (the mapping checked like a source), ``read_table`` (a CSV file with
the line of each record), ``entities`` (the files to write, by path, or the problems), and
``write`` (the tree, idempotently: the files of a previous import that are no longer produced
are removed, nothing else is touched).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .layout import COMPETENCY, DOMAIN, IMPORT_MAPPING, ROLE, SCALE, TRADE
from .problems import Problem
from .sources import Document, JsonPath, load_yaml_file
from .text import slugify
from .validate import schema_problems

#: The file listing what the last import wrote, so that a new run removes only its own files.
MANIFEST = ".referentiel-import"

#: Encodings a mapping may name, as Python calls them.
_ENCODINGS = {"utf-8": "utf-8-sig", "latin-1": "latin-1"}


@dataclass(frozen=True)
class Row:
    line: int  # line of the file where the record starts (the header is line 1)
    cells: Mapping[str, str]


@dataclass(frozen=True)
class Table:
    shown: str  # the CSV file as problems name it
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def problem(self, row: Row, column: str, message: str, hint: str) -> Problem:
        return Problem(self.shown, row.line, self.columns.index(column) + 1, message, hint)


@dataclass
class Result:
    """What an import produces: files by path (relative to the output folder), problems, and
    the report of merged or renamed rows."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


def read_mapping(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """The mapping file, parsed and checked against its schema like any source."""
    document, problems = load_yaml_file(path, shown)
    if document is None or problems:
        return None, problems
    problems = schema_problems(document, IMPORT_MAPPING)
    for table in ("competencies", "roles", "requirements"):
        for name, choice in (document.data.get(table) or {}).items():
            if isinstance(choice, dict) and "value" in choice and "column" in choice:
                problems.append(document.problem(
                    (table, name), "« value » et « column » ensemble",
                    "gardez « value » (la même valeur pour toutes les lignes) ou « column », pas les deux",
                ))
    return (None, problems) if problems else (document, [])


def read_table(path: Path, shown: str, encoding: str, separator: str) -> tuple[Table | None, list[Problem]]:
    """A CSV file: its header and its records, each with the line it starts on."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 1, 1, f"fichier illisible ({error.strerror})",
                              "vérifiez le chemin « file: » du fichier de correspondance")]
    try:
        text = raw.decode(_ENCODINGS[encoding])
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        hint = (
            "indiquez « encoding: latin-1 » pour ce fichier dans le fichier de correspondance "
            "(un export de tableur ancien), ou enregistrez-le en UTF-8"
        )
        return None, [Problem(shown, line, column, f"ce fichier n'est pas en {encoding.upper()}", hint)]
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=separator)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            return None, [Problem(shown, 1, 1, "fichier vide ou sans ligne d'en-tête",
                                  "la première ligne doit nommer les colonnes")]
        columns = tuple(cell.strip() for cell in header)
        rows: list[Row] = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(Row(start, dict(zip(columns, (cell.strip() for cell in record), strict=False))))
            start = reader.line_num + 1
    except csv.Error as error:
        return None, [Problem(shown, reader.line_num, 1, f"CSV illisible : {error}",
                              "vérifiez les guillemets de cette ligne et le séparateur déclaré")]
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        return None, [Problem(shown, 1, 1, f"colonne nommée deux fois : {', '.join(duplicates)}",
                              "renommez l'une des deux dans la ligne d'en-tête")]
    return Table(shown, columns, tuple(rows)), []


def _columns_named(mapping: Document, table: str, spec: Mapping[str, Any]) -> Iterable[tuple[JsonPath, str]]:
    """Every column a table's mapping names, with where it names it."""
    for name, value in spec.items():
        if isinstance(value, str) and name not in ("file", "encoding", "separator"):
            yield (table, name), value
        elif isinstance(value, dict):
            for key in ("column",):
                if isinstance(value.get(key), str):
                    yield (table, name, key), value[key]
            if name == "levels":
                for level, column in value.items():
                    yield (table, name, level), column


def _unknown_columns(mapping: Document, table: str, found: Table) -> list[Problem]:
    spec = mapping.data[table]
    hint = f"colonnes du fichier : {', '.join(found.columns)}"
    if len(found.columns) == 1 and (other := next((c for c in ";\t,|" if c in found.columns[0]), None)):
        hint = f"l'en-tête n'a qu'une colonne : indiquez « separator: \"{other}\" » pour {table}"
    return [
        mapping.problem(where, f"colonne inconnue dans {found.shown} : « {column} »", hint)
        for where, column in _columns_named(mapping, table, spec)
        if column not in found.columns
    ]


class _Reader:
    """Reads the cells of one table according to its part of the mapping."""

    def __init__(self, mapping: Document, table: str, found: Table, result: Result) -> None:
        self.mapping, self.name, self.table, self.result = mapping, table, found, result
        self.spec: Mapping[str, Any] = mapping.data[table]

    def text(self, row: Row, name: str) -> str | None:
        column = self.spec.get(name)
        return (row.cells.get(column) or None) if isinstance(column, str) else None

    def choice(self, row: Row, name: str, allowed: Iterable[Any] | None = None) -> Any:
        """The value of a ``choice`` field for a row: the constant, or the column's word
        through ``values``; None when the cell is empty. Reports a word with no value."""
        choice = self.spec.get(name)
        if choice is None:
            return None
        if "value" in choice:
            return choice["value"]
        word = row.cells.get(choice["column"], "")
        if not word:
            return None
        values: Mapping[str, Any] = choice.get("values") or {}
        value = values.get(word, word if not values else None)
        allowed = list(allowed) if allowed is not None else None
        if value is None or (allowed is not None and value not in allowed):
            known = ", ".join(str(v) for v in (values or allowed or ()))
            self.result.problems.append(self.table.problem(
                row, choice["column"], f"valeur inconnue : « {word} »",
                f"ajoutez « {word}: … » à « values » de {self.name}.{name} dans le fichier de correspondance"
                + (f" (valeurs possibles : {known})" if known else ""),
            ))
            return None
        return value

    def identifier(self, row: Row) -> str | None:
        column = self.spec.get("id") or self.spec["title"]
        value = slugify(row.cells.get(column, ""))
        if not value:
            self.result.problems.append(self.table.problem(
                row, column, "identifiant vide : la cellule ne contient ni lettre ni chiffre",
                "remplissez la cellule, ou choisissez une autre colonne « id » dans le fichier de correspondance",
            ))
            return None
        return value

    def key(self, row: Row, identifier: str) -> str:
        column = self.spec.get("key")
        return row.cells.get(column, "") if isinstance(column, str) else identifier


def _with_unique_ids(
    entities: list[tuple[Row, str, dict[str, Any]]], reader: _Reader, what: str
) -> list[tuple[Row, str, dict[str, Any]]]:
    """Rows whose label gives the same id: the same entity twice is merged, different ones
    get ``-2``, ``-3``…; both are reported."""
    kept: dict[str, tuple[Row, dict[str, Any]]] = {}
    found: list[tuple[Row, str, dict[str, Any]]] = []
    for row, identifier, data in entities:
        if identifier in kept:
            first_row, first = kept[identifier]
            if {k: v for k, v in first.items() if k != "id"} == {k: v for k, v in data.items() if k != "id"}:
                reader.result.report.append(
                    f"{reader.table.shown}:{row.line}: {what} identique à celle de la ligne {first_row.line}, "
                    "fusionnée"
                )
                continue
            number = 2
            while f"{identifier}-{number}" in kept:
                number += 1
            reader.result.report.append(
                f"{reader.table.shown}:{row.line}: même intitulé que la ligne {first_row.line}, "
                f"identifiant « {identifier}-{number} »"
            )
            identifier = f"{identifier}-{number}"
            data = {**data, "id": identifier}
        kept[identifier] = (row, data)
        found.append((row, identifier, data))
    return found


def _competencies(mapping: Document, table: Table, result: Result) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Competency files; their keys → ids; role names → the competency ids listing them."""
    reader = _Reader(mapping, "competencies", table, result)
    data = mapping.data
    levels: Mapping[str, str] = reader.spec.get("levels") or {}
    undescribed = set(reader.spec.get("undescribed") or ())
    scale_levels = [str(level["level"]) for level in data["scale"]["levels"]] if "scale" in data else []
    for number in levels:
        if number not in scale_levels:
            result.problems.append(mapping.problem(
                ("competencies", "levels", number), f"niveau {number} absent de l'échelle",
                f"l'échelle (« scale ») a les niveaux {', '.join(scale_levels)}" if scale_levels else
                "ajoutez « scale: » avec ses niveaux au fichier de correspondance",
            ))
    domains = [domain["id"] for domain in data["domains"]]
    rows: list[tuple[Row, str, dict[str, Any]]] = []
    for row in table.rows:
        identifier = reader.identifier(row)
        title = reader.text(row, "title")
        entry: dict[str, Any] = {"id": identifier, "title": title}
        entry["domain"] = reader.choice(row, "domain", domains)
        entry["kind"] = reader.choice(row, "kind")
        entry["status"] = reader.choice(row, "status")
        for name in ("summary", "description"):
            entry[name] = reader.text(row, name)
        descriptors = {
            int(number): row.cells[column]
            for number, column in sorted(levels.items())
            if row.cells.get(column) and row.cells[column] not in undescribed
        }
        entry["levels"] = descriptors or None
        if esco := reader.text(row, "esco"):
            entry["crosswalks"] = {"esco": [esco]}
        entry["sources"] = data["sources"]
        if identifier is None or title is None:
            if title is None and identifier is not None:
                column = reader.spec["title"]
                result.problems.append(table.problem(row, column, "intitulé vide", "remplissez la cellule"))
            continue
        rows.append((row, identifier, {k: v for k, v in entry.items() if v is not None}))
    keys: dict[str, str] = {}
    listed: dict[str, list[str]] = {}
    roles = reader.spec.get("roles")
    for row, identifier, entry in _with_unique_ids(rows, reader, "compétence"):
        result.files[f"{COMPETENCY.folder}/{identifier}.yml"] = entry
        keys[reader.key(row, identifier)] = identifier
        if roles:
            for name in row.cells.get(roles["column"], "").split(roles.get("separator", ",")):
                if name.strip():
                    listed.setdefault(name.strip(), []).append(identifier)
    return keys, listed


def _roles_listed(mapping: Document, listed: Mapping[str, list[str]], result: Result) -> None:
    """Roles named in a column of the competencies: each requires the competencies naming it."""
    family = mapping.data["competencies"]["roles"]["family"]
    by_id: dict[str, tuple[str, list[str]]] = {}
    for name, competencies in listed.items():
        identifier = slugify(name)
        title, required = by_id.setdefault(identifier, (name, []))
        if title != name:
            result.report.append(f"rôles « {title} » et « {name} » : même identifiant « {identifier} », fusionnés")
        required += [c for c in competencies if c not in required]
    for identifier, (title, required) in sorted(by_id.items()):
        result.files[f"{ROLE.folder}/{identifier}.yml"] = {
            "id": identifier, "title": title, "family": family,
            "requirements": [{"competency": c} for c in required], "sources": mapping.data["sources"],
        }


def _roles_table(mapping: Document, table: Table, result: Result) -> dict[str, str]:
    reader = _Reader(mapping, "roles", table, result)
    rows: list[tuple[Row, str, dict[str, Any]]] = []
    for row in table.rows:
        identifier, title = reader.identifier(row), reader.text(row, "title")
        if identifier is None or title is None:
            if title is None and identifier is not None:
                result.problems.append(
                    table.problem(row, reader.spec["title"], "intitulé vide", "remplissez la cellule")
                )
            continue
        entry = {"id": identifier, "title": title, "family": reader.choice(row, "family"),
                 "summary": reader.text(row, "summary"), "description": reader.text(row, "description")}
        rows.append((row, identifier, {k: v for k, v in entry.items() if v is not None}))
    keys: dict[str, str] = {}
    for row, identifier, entry in _with_unique_ids(rows, reader, "rôle"):
        result.files[f"{ROLE.folder}/{identifier}.yml"] = {**entry, "requirements": [],
                                                           "sources": mapping.data["sources"]}
        keys[reader.key(row, identifier)] = identifier
    return keys


def _requirements(mapping: Document, table: Table, roles: Mapping[str, str], competencies: Mapping[str, str],
                  result: Result) -> None:
    reader = _Reader(mapping, "requirements", table, result)
    levels = [level["level"] for level in mapping.data["scale"]["levels"]] if "scale" in mapping.data else []
    seen: set[tuple[str, str]] = set()
    for row in table.rows:
        ends = []
        for name, keys, unknown, table_name in (
            ("role", roles, "rôle inconnu", "roles"),
            ("competency", competencies, "compétence inconnue", "competencies"),
        ):
            column = reader.spec[name]
            key = row.cells.get(column, "")
            if key not in keys:
                result.problems.append(table.problem(
                    row, column, f"{unknown} : « {key} »",
                    f"la clé doit figurer dans la colonne « key » du fichier de « {table_name} »",
                ))
            ends.append(keys.get(key))
        role, competency = ends
        level, importance = reader.choice(row, "level", levels), reader.choice(row, "importance",
                                                                              ("essential", "optional"))
        if role is None or competency is None or (role, competency) in seen:
            continue
        seen.add((role, competency))
        requirement = {"competency": competency, "level": level, "importance": importance}
        result.files[f"{ROLE.folder}/{role}.yml"]["requirements"].append(
            {k: v for k, v in requirement.items() if v is not None}
        )


def entities(mapping: Document, folder: Path) -> Result:
    """The source files the mapping's CSV files give, or the problems that stop them."""
    result = Result()
    data = mapping.data
    tables: dict[str, Table] = {}
    for name in ("competencies", "roles", "requirements"):
        spec = data.get(name)
        if spec is None:
            continue
        path = folder / spec["file"]
        shown = PurePosixPath(mapping.path).parent.joinpath(spec["file"]).as_posix()
        table, problems = read_table(path, shown, spec.get("encoding", "utf-8"), spec.get("separator", ","))
        result.problems += problems
        if table is not None:
            result.problems += _unknown_columns(mapping, name, table)
            tables[name] = table
    if result.problems:
        return result
    if ("roles" in data) != ("requirements" in data):
        present, absent = ("roles", "requirements") if "roles" in data else ("requirements", "roles")
        result.problems.append(mapping.problem(
            (present,), f"« {present} » sans « {absent} »", f"ajoutez « {absent}: » : l'un ne va pas sans l'autre",
            key=True,
        ))
        return result
    result.files[TRADE.file or ""] = data["trade"]
    if "scale" in data:
        result.files[SCALE.file or ""] = data["scale"]
    for domain in data["domains"]:
        result.files[f"{DOMAIN.folder}/{domain['id']}.yml"] = domain
    competencies, listed = _competencies(mapping, tables["competencies"], result)
    if listed:
        _roles_listed(mapping, listed, result)
    if "roles" in tables:
        roles = _roles_table(mapping, tables["roles"], result)
        _requirements(mapping, tables["requirements"], roles, competencies, result)
        for path in [p for p in result.files if p.startswith(f"{ROLE.folder}/")]:
            if not result.files[path]["requirements"]:  # a role must require something
                result.report.append(f"{path} : aucune exigence dans {tables['requirements'].shown}, rôle omis")
                del result.files[path]
    return result


class _Dumper(yaml.SafeDumper):
    """Safe YAML whose multi-line texts are literal blocks (``|``), as a contributor writes them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dumps(data: Mapping[str, Any]) -> str:
    """A source file's YAML, keys in the order a contributor writes them."""
    return yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def foreign_files(result: Result, out: Path) -> list[str]:
    """Files the import would overwrite that no previous import wrote: someone's sources."""
    manifest = out / MANIFEST
    ours = set(manifest.read_text("utf-8").split()) if manifest.is_file() else set()
    return sorted(path for path in result.files if (out / path).exists() and path not in ours)


def write(result: Result, out: Path) -> list[str]:
    """Write the files into ``out``; remove those a previous import wrote and this one did not.
    Returns the paths written, sorted."""
    manifest = out / MANIFEST
    before = set(manifest.read_text("utf-8").split()) if manifest.is_file() else set()
    for path, data in sorted(result.files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = dumps(data)
        if not target.is_file() or target.read_text("utf-8") != text:
            target.write_text(text, "utf-8")
    for stale in sorted(before - set(result.files)):
        (out / stale).unlink(missing_ok=True)
    written = sorted(result.files)
    manifest.write_text("\n".join(written) + "\n", "utf-8")
    return written
