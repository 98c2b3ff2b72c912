"""`referentiel diff REV-A REV-B`: what changed in the framework between two git revisions, in French
Markdown, for a pull-request comment: entries added, removed, renamed and changed field by field."""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .layout import KINDS, Kind
from .load import parse

LABELS = {
    "trade": "Le métier", "scale": "L’échelle de niveaux", "institute": "L’institut", "domain": "Domaines",
    "mission": "Missions", "competency": "Compétences", "role": "Rôles", "path": "Parcours", "training": "Formations",
    "term": "Glossaire", "deliverable": "Livrables",
}
RENAME_SIMILARITY = 0.75


class RevisionError(Exception):
    """A revision git does not know, or no git repository."""


@dataclass(frozen=True)
class KindChanges:
    kind: Kind
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str, list[str]]]  # old id, new id, field changes
    changed: list[tuple[str, list[str]]]  # id, field changes

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.changed)


def entries_at(repository: Path, revision: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Every source entry at ``revision``, by kind then id, as plain data (broken files left out)."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", revision], cwd=repository, capture_output=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        message = getattr(error, "stderr", b"") or str(error).encode()
        raise RevisionError(f"révision illisible « {revision} » : {message.decode(errors='replace').strip()}") from None
    folders = {PurePosixPath(kind.file or kind.folder).parts[0] for kind in KINDS}
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = [m for m in tar.getmembers() if PurePosixPath(m.name).parts[:1] and PurePosixPath(m.name).parts[0] in folders and (m.isfile() or m.isdir())]
        tar.extractall(tmp, members=members, filter="data")
        parsed = parse(Path(tmp))
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in KINDS:
        result[kind.name] = {_id(kind, d.path, d.data): d.data for d in parsed.documents[kind.name] if isinstance(d.data, dict)}
    return result


def _id(kind: Kind, path: str, data: Mapping[str, Any]) -> str:
    if kind.file:
        return kind.name
    return str(data.get("id") or PurePosixPath(path).stem)


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000).strip()
    return " ".join(str(value).split())


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Field-by-field differences; level descriptors and role requirements item by item."""
    lines: list[str] = []
    for field in [*old, *(key for key in new if key not in old)]:
        if field == "id" or old.get(field) == new.get(field):
            continue
        before, after = old.get(field), new.get(field)
        if field == "levels" and isinstance(before, dict) and isinstance(after, dict):
            for level in sorted({*before, *after}, key=str):
                if before.get(level) != after.get(level):
                    lines.append(f"niveau {level} : « {_text(before.get(level, '—'))} » → « {_text(after.get(level, '—'))} »")
        elif field in {"requirements", "covers"} and isinstance(before, list) and isinstance(after, list):
            lines += _requirement_changes(field, before, after)
        elif isinstance(before, list) and isinstance(after, list) and all(isinstance(x, str) for x in [*before, *after]):
            if added := [x for x in after if x not in before]:
                lines.append(f"{field} : ajout de {', '.join(f'« {x} »' for x in added)}")
            if removed := [x for x in before if x not in after]:
                lines.append(f"{field} : retrait de {', '.join(f'« {x} »' for x in removed)}")
        elif before is None:
            lines.append(f"{field} : ajouté (« {_text(after)} »)")
        elif after is None:
            lines.append(f"{field} : retiré (était « {_text(before)} »)")
        else:
            lines.append(f"{field} : « {_text(before)} » → « {_text(after)} »")
    return lines


def _requirement_changes(field: str, before: list[Any], after: list[Any]) -> list[str]:
    index = lambda items: {i.get("competency"): i for i in items if isinstance(i, dict)}  # noqa: E731
    old, new = index(before), index(after)
    lines = []
    for competency in [*old, *(c for c in new if c not in old)]:
        a, b = old.get(competency), new.get(competency)
        if a == b:
            continue
        if a is None:
            lines.append(f"{field} : ajout de « {competency} » (niveau {b.get('level')}{', ' + b['importance'] if 'importance' in b else ''})")
        elif b is None:
            lines.append(f"{field} : retrait de « {competency} » (était niveau {a.get('level')})")
        else:
            details = [f"{key} {a.get(key)} → {b.get(key)}" for key in ("level", "importance") if a.get(key) != b.get(key)]
            lines.append(f"{field} : « {competency} » {', '.join(details)}")
    return lines


def _similarity(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    strip = lambda d: _text({k: v for k, v in d.items() if k != "id"})  # noqa: E731
    return difflib.SequenceMatcher(None, strip(a), strip(b)).ratio()


def compare(old: Mapping[str, dict[str, dict[str, Any]]], new: Mapping[str, dict[str, dict[str, Any]]]) -> Iterator[KindChanges]:
    for kind in KINDS:
        before, after = old.get(kind.name, {}), new.get(kind.name, {})
        added = [i for i in after if i not in before]
        removed = [i for i in before if i not in after]
        renamed = []
        for old_id in list(removed):
            best = max(added, key=lambda new_id: _similarity(before[old_id], after[new_id]), default=None)
            if best is not None and _similarity(before[old_id], after[best]) >= RENAME_SIMILARITY:
                renamed.append((old_id, best, field_changes(before[old_id], after[best])))
                removed.remove(old_id)
                added.remove(best)
        changed = [(i, lines) for i in before if i in after and (lines := field_changes(before[i], after[i]))]
        yield KindChanges(kind, added, removed, renamed, changed)


def _title(data: Mapping[str, Any]) -> str:
    return str(data.get("title") or data.get("term") or data.get("name") or "")


def report(repository: Path, revision_a: str, revision_b: str) -> str:
    """The French Markdown summary of what changed in the framework from ``revision_a`` to ``revision_b``."""
    old, new = entries_at(repository, revision_a), entries_at(repository, revision_b)
    lines = ["## Changements du référentiel", "", f"De `{revision_a}` à `{revision_b}`.", ""]
    changes = [c for c in compare(old, new) if c]
    if not changes:
        return "\n".join([*lines, "Aucun changement dans les compétences, missions, rôles, parcours, formations, termes ou livrables.", ""])
    for c in changes:
        name = c.kind.name
        lines += [f"### {LABELS[name]}", ""]
        lines += [f"- **ajouté** `{i}` — {_title(new[name][i])}" for i in c.added]
        lines += [f"- **retiré** `{i}` — {_title(old[name][i])}" for i in c.removed]
        for old_id, new_id, details in c.renamed:
            lines.append(f"- **renommé** `{old_id}` → `{new_id}` — {_title(new[name][new_id])}")
            lines += [f"    - {detail}" for detail in details]
        for entity_id, details in c.changed:
            lines.append(f"- **modifié** `{entity_id}`" + (f" — {_title(new[name][entity_id])}" if c.kind.folder else ""))
            lines += [f"    - {detail}" for detail in details]
        lines.append("")
    return "\n".join(lines)
