"""`referentiel diff REV-A REV-B`: what changed in the framework between two git revisions, in French
Markdown, for a pull-request comment: entries added, removed, renamed and changed field by field.

`referentiel diff --json A.json B.json` reports the same way on two JSON exports
(``donnees/referentiel.json`` of two versions, ``export_json``): their entries are read back by
kind and id (``export_entries``), so one reporter serves both, descriptors and requirements included,
and the paths' computed gaps with them."""

from __future__ import annotations

import difflib
import io
import json
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import export_json
from .fields import labels
from .layout import (
    CAREER_PATH,
    COMPETENCY,
    DELIVERABLE,
    DOMAIN,
    INSTITUTE,
    JOURNAL,
    KINDS,
    MISSION,
    NAMED_SCALE,
    ROLE,
    SCALE,
    TERM,
    TRADE,
    TRAINING,
    Kind,
)
from .load import parse
from .text import inline

RENAME_SIMILARITY = 0.75


class RevisionError(Exception):
    """A revision git does not know, or no git repository."""


class ExportError(Exception):
    """A file that is not a JSON export of the framework (the message says why, in French)."""


@dataclass(frozen=True)
class KindChanges:
    kind: Kind
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str, list[str]]]  # old id, new id, field changes
    changed: list[tuple[str, list[str]]]  # id, field changes

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.changed)


#: Top-level folders holding sources: only they are read from a revision.
SOURCE_FOLDERS = tuple(sorted({PurePosixPath(kind.file or kind.folder or "").parts[0] for kind in KINDS}))


def entries_at(repository: Path, revision: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Every source entry at ``revision``, by kind then id, as plain data (broken files left out)."""
    try:
        resolved = _git(repository, "rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}")
    except RevisionError:
        unknown = "ce n'est ni une branche, ni une étiquette, ni un commit connu"
        raise RevisionError(f"révision illisible « {revision} » : {unknown}") from None
    commit = resolved.decode().strip()
    # The source folders' trees ("mode type hash\tname" lines): two commits that differ only
    # outside the sources have the same, and are read once.
    trees = _git(repository, "ls-tree", commit, "--", *SOURCE_FOLDERS).decode()
    return _entries_of(repository.resolve(), trees, commit)


def _git(repository: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=repository, capture_output=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        message = getattr(error, "stderr", b"") or str(error).encode()
        raise RevisionError(message.decode(errors="replace").strip()) from None


_read: dict[tuple[Path, str], dict[str, dict[str, dict[str, Any]]]] = {}  # (repository, trees) → entries


def _entries_of(repository: Path, trees: str, commit: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The entries of ``commit``, whose source folders are ``trees``; kept for a few calls (a tree never changes)."""
    if (repository, trees) in _read:
        return _read[repository, trees]
    present = [line.split("\t", 1)[1] for line in trees.splitlines() if "\t" in line]
    archive = _git(repository, "archive", "--format=tar", commit, "--", *present) if present else b""
    with tempfile.TemporaryDirectory() as tmp:
        if archive:
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(tmp, members=[m for m in tar.getmembers() if m.isfile() or m.isdir()], filter="data")
        parsed = parse(Path(tmp))
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in KINDS:
        documents = parsed.documents[kind.name]
        result[kind.name] = {_id(kind, d.path, d.data): d.data for d in documents if isinstance(d.data, dict)}
    if len(_read) >= 8:
        _read.pop(next(iter(_read)))
    _read[repository, trees] = result
    return result


def _id(kind: Kind, path: str, data: Mapping[str, Any]) -> str:
    if kind.file:
        return kind.name
    return str(data.get("id") or PurePosixPath(path).stem)


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        dumped: str = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000)
        return dumped.strip()
    return " ".join(str(value).split())


#: Fields that name each item of a list of records (a role's requirements, the journal's versions…).
ITEM_KEYS = ("competency", "version", "id", "level", "title")


def _shown(kind: str, field: str, value: Any) -> str:
    """A value as written, followed by its label when the field's schema gives one: "emerging (émergente)";
    escaped as literal Markdown text."""
    label = labels(kind, field).get(value) if isinstance(value, str) else None
    return inline(f"{_text(value)} ({label})" if label and label != value else _text(value))


def _code(text: str) -> str:
    """A name from the sources (id, field) as a code span, or as escaped text if it could not be one."""
    return f"`{text}`" if re.fullmatch(r"[^`\s]+", text) else inline(text)


def _item_key(*lists: list[Any]) -> str | None:
    """The field naming each item of these lists of records: present in every item, never twice in a list."""
    if not all(isinstance(item, dict) for items in lists for item in items):
        return None
    for key in ITEM_KEYS:
        names = [[_text(item[key]) for item in items if key in item] for items in lists]
        pairs = zip(names, lists, strict=True)
        if all(len(found) == len(items) and len(set(found)) == len(found) for found, items in pairs):
            return key
    return None


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any], kind: str = "", prefix: str = "") -> list[str]:
    """Field-by-field differences of one entry of ``kind``, as Markdown lines: groups of fields field
    by field, lists of records item by item (named by their ``ITEM_KEYS`` field), level descriptors
    level by level, allowed values with their labels."""
    lines: list[str] = []
    for field in [*old, *(key for key in new if key not in old)]:
        if (field == "id" and not prefix) or old.get(field) == new.get(field):
            continue
        before, after = old.get(field), new.get(field)
        name = f"{prefix}{field}"
        shown = _code(name)
        if name == "levels" and isinstance(before, dict) and isinstance(after, dict):
            for level in sorted({*before, *after}, key=str):
                if before.get(level) != after.get(level):
                    was, now = (inline(_text(side.get(level, "—"))) for side in (before, after))
                    lines.append(f"niveau {inline(level)} : « {was} » → « {now} »")
        elif isinstance(before, dict) and isinstance(after, dict):
            lines += field_changes(before, after, kind, f"{name}.")
        elif isinstance(before, list) and isinstance(after, list) and (key := _item_key(before, after)):
            lines += _item_changes(kind, name, key, before, after)
        elif (
            isinstance(before, list) and isinstance(after, list) and all(isinstance(x, str) for x in [*before, *after])
        ):
            if added := [x for x in after if x not in before]:
                lines.append(f"{shown} : ajout de {', '.join(f'« {inline(x)} »' for x in added)}")
            if removed := [x for x in before if x not in after]:
                lines.append(f"{shown} : retrait de {', '.join(f'« {inline(x)} »' for x in removed)}")
        elif before is None:
            lines.append(f"{shown} : ajouté (« {_shown(kind, name, after)} »)")
        elif after is None:
            lines.append(f"{shown} : retiré (était « {_shown(kind, name, before)} »)")
        else:
            lines.append(f"{shown} : « {_shown(kind, name, before)} » → « {_shown(kind, name, after)} »")
    return lines


def _item_changes(
    kind: str, field: str, key: str, before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[str]:
    old = {_text(item[key]): item for item in before}
    new = {_text(item[key]): item for item in after}
    lines = []
    for name in [*old, *(n for n in new if n not in old)]:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if a is None or b is None:
            item = b if b is not None else a or {}
            details = ", ".join(
                f"{_code(str(k))} {_shown(kind, f'{field}[].{k}', v)}" for k, v in item.items() if k != key
            )
            verb = "ajout" if a is None else "retrait"
            lines.append(f"{_code(field)} : {verb} de {_code(name)}" + (f" ({details})" if details else ""))
        else:
            details = ", ".join(
                f"{_code(str(k))} {_shown(kind, f'{field}[].{k}', a.get(k, '—'))}"
                f" → {_shown(kind, f'{field}[].{k}', b.get(k, '—'))}"
                for k in [*a, *(k for k in b if k not in a)]
                if a.get(k) != b.get(k)
            )
            lines.append(f"{_code(field)} : {_code(name)} {details}")
    return lines


def _without_id(data: Mapping[str, Any]) -> str:
    return _text({k: v for k, v in data.items() if k != "id"})


def _similarity(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    return difflib.SequenceMatcher(None, _without_id(a), _without_id(b)).ratio()


def compare(
    old: Mapping[str, dict[str, dict[str, Any]]], new: Mapping[str, dict[str, dict[str, Any]]]
) -> Iterator[KindChanges]:
    for kind in KINDS:
        before, after = old.get(kind.name, {}), new.get(kind.name, {})
        added = [i for i in after if i not in before]
        removed = [i for i in before if i not in after]
        renamed = []
        for old_id in list(removed):
            best = max(added, key=lambda new_id: _similarity(before[old_id], after[new_id]), default=None)
            if best is not None and _similarity(before[old_id], after[best]) >= RENAME_SIMILARITY:
                renamed.append((old_id, best, field_changes(before[old_id], after[best], kind.name)))
                removed.remove(old_id)
                added.remove(best)
        changed = [
            (i, lines) for i in before if i in after and (lines := field_changes(before[i], after[i], kind.name))
        ]
        yield KindChanges(kind, added, removed, renamed, changed)


def _title(data: Mapping[str, Any]) -> str:
    return _text(data.get("title") or data.get("term") or data.get("name") or "")


def _entry(entity_id: str, data: Mapping[str, Any]) -> str:
    """An entry as the report names it: its id as code, then its title. Text from the sources is
    escaped (``text.inline``): the report is Markdown, posted as a pull-request comment."""
    title = _title(data)
    return f"{_code(entity_id)} — {inline(title)}" if title else _code(entity_id)


def report(repository: Path, revision_a: str, revision_b: str) -> str:
    """The French Markdown summary of what changed in the framework from ``revision_a`` to ``revision_b``."""
    return _report(revision_a, revision_b, entries_at(repository, revision_a), entries_at(repository, revision_b))


#: The JSON document's lists, by the kind of their entries.
EXPORT_LISTS = {
    NAMED_SCALE: "scales", DOMAIN: "domains", MISSION: "missions", COMPETENCY: "competencies", ROLE: "roles",
    CAREER_PATH: "paths", TRAINING: "trainings", TERM: "glossary", DELIVERABLE: "deliverables",
}
#: Its objects that are a whole single-file kind.
EXPORT_OBJECTS = {TRADE: "trade", SCALE: "scale", INSTITUTE: "institute"}


def read_export(path: Path) -> dict[str, Any]:
    """A JSON export read from ``path``; ``ExportError`` if it is not one."""
    hint = "indiquez le fichier donnees/referentiel.json d’une version du site"
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "pas du texte UTF-8"
        raise ExportError(f"{path} : fichier illisible ({reason}) — {hint}") from None
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}:{error.lineno}:{error.colno}: JSON invalide ({error.msg}) — {hint}") from None
    if not isinstance(data, dict) or not isinstance(data.get("format"), str):
        raise ExportError(f"{path} : ce n’est pas un export JSON du référentiel (pas de champ « format ») — {hint}")
    return data


def export_entries(document: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """The entries of a JSON export, by kind then id, shaped as ``entries_at`` gives the sources':
    a competency's descriptors by level, the journal's versions in one entry."""
    result: dict[str, dict[str, dict[str, Any]]] = {kind.name: {} for kind in KINDS}
    for kind, key in EXPORT_OBJECTS.items():
        if isinstance(document.get(key), dict):
            result[kind.name][kind.name] = document[key]
    if isinstance(document.get("journal"), list):
        result[JOURNAL.name][JOURNAL.name] = {"versions": document["journal"]}
    for kind, key in EXPORT_LISTS.items():
        items = document.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                result[kind.name][item["id"]] = _as_source(kind, item)
    return result


def _as_source(kind: Kind, item: dict[str, Any]) -> dict[str, Any]:
    levels = item.get("levels")
    if kind is COMPETENCY and isinstance(levels, list) and all(isinstance(x, dict) for x in levels):
        return {**item, "levels": {x.get("level"): x.get("descriptor") for x in levels}}
    return item


def export_report(path_a: Path, path_b: Path) -> str:
    """The French Markdown summary of what changed from the JSON export ``path_a`` to ``path_b``."""
    a, b = read_export(path_a), read_export(path_b)
    if a["format"] != b["format"]:
        raise ExportError(
            f"{path_a} est au format « {a['format']} », {path_b} au format « {b['format']} » — "
            "comparez deux exports du même format"
        )
    if a["format"] != export_json.FORMAT:
        raise ExportError(f"{path_a} : format « {a['format']} » inconnu — attendu « {export_json.FORMAT} »")
    return _report(str(path_a), str(path_b), export_entries(a), export_entries(b))


def _report(
    name_a: str, name_b: str, old: Mapping[str, dict[str, dict[str, Any]]], new: Mapping[str, dict[str, dict[str, Any]]]
) -> str:
    lines = ["## Changements du référentiel", "", f"De {_code(name_a)} à {_code(name_b)}.", ""]
    changes = [c for c in compare(old, new) if c]
    if not changes:
        kinds = ", ".join(kind.plural.lower() for kind in KINDS)
        return "\n".join([*lines, f"Aucun changement dans les sources ({kinds}).", ""])
    for c in changes:
        name = c.kind.name
        lines += [f"### {c.kind.plural}", ""]
        lines += [f"- **ajouté** {_entry(i, new[name][i])}" for i in c.added]
        lines += [f"- **retiré** {_entry(i, old[name][i])}" for i in c.removed]
        for old_id, new_id, details in c.renamed:
            lines.append(f"- **renommé** {_entry(old_id, {})} → {_entry(new_id, new[name][new_id])}")
            lines += [f"    - {detail}" for detail in details]
        for entity_id, details in c.changed:
            lines.append(f"- **modifié** {_entry(entity_id, new[name][entity_id] if c.kind.folder else {})}")
            lines += [f"    - {detail}" for detail in details]
        lines.append("")
    return "\n".join(lines)
