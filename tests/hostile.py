"""Hostile text in every text field of every kind: the fields, the payloads, the project.

The text fields are drawn from the JSON Schemas (referentiel/schemas/), so a new field is
covered as soon as the schema has it: a string without a fixed list of values whose ``pattern`` (if any) is
the "some text" one of ``common.schema.json``. Other strings with a pattern that a payload
can satisfy (web addresses, acronyms) get the payloads that fit it.

The project is the mini fixture (tests/fixtures/mini) with every text value replaced and
each kind of entity cloned, so that every field holds every payload at least once, most of
them alone at the start of the value (where a block would open): one build for all of it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers import build, make_project
from referentiel.choices import choices
from referentiel.layout import KINDS, Kind
from referentiel.schemas import inlined_schema

#: Every payload, in the text fields. ``{outside}`` is a file outside the project.
PAYLOADS: tuple[str, ...] = (
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')><circle r=9></svg>",
    "<a href=\"javascript:alert('a')\" onclick=\"alert('onclick')\">lien</a>",
    "[clic](javascript:alert('lien'))",
    "![x](data:,){: onerror=alert('attr-image') }",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<https://example.org/\"onmouseover=\"alert('autolien')>",
    "[x][ref]\n\n[ref]: javascript:alert('definition')",
    "texte {: onclick=\"alert('attr-fin')\" tabindex=0 }",
    "{: #pris onmouseover=alert('attr-seul') }",
    "!!! danger \"alert('admonition')\"\n    <img src=x onerror=alert('admonition-corps')>",
    "??? note \"Détails\"\n    [x](javascript:alert('details'))",
    "!!! danger \"alert('admonition-seule')\"",
    (
        "Introduction.\n\n!!! danger \"alert('admonition-paragraphe')\"\n\n    <img src=x "
        "onerror=alert('admonition-paragraphe-corps')>"
    ),
    'Introduction.\n\n???+ note "x"\n\n    corps\n\n/// warning | y\n\n///',
    'Introduction.\n\n--8<-- "inside-secret.md"\n\n;--8<-- "inside-secret.md"',
    'Introduction.\n\n- un\n\n1. deux\n\n# trois\n\n: quatre\n\n=== "Onglet"\n\n    cinq',
    "/// details | x\n<img src=x onerror=alert('blocks')>\n///",
    '--8<-- "{outside}"',
    '--8<-- "inside-secret.md"',
    "--8<--\n../outside-secret.txt\ninside-secret.md\n--8<--",
    "{{ 7 * 7 }} {% for x in range(3) %}boucle{% endfor %} {# commentaire #} ${alert('gabarit')}",
    "&lt;script&gt;alert('entite')&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert('hexa')&#x3E;",
    "&#60;svg onload=alert('decimal')&#62; &amp;lt;b&amp;gt;",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<div markdown=\"1\">[x](javascript:alert('md-in-html'))</div>",
    "*[HTML]: <img src=x onerror=alert('abreviation')>",
    "[^1]: <img src=x onerror=alert('note')>\n\nrenvoi[^1]",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert('tableau')> | c |",
    "```\n<script>alert('bloc-code')</script>\n```",
    "~~~ {.html onclick=alert('tilde')}\n<b>x</b>\n~~~",
    "    <img src=x onerror=alert('indente')>",
    "# Titre {: onclick=alert('titre') }",
    "- [x](javascript:alert('liste'))\n- <b onmouseover=alert('liste-b')>x</b>",
    "1. premier\n2) <i onfocus=alert('liste-num') tabindex=0>x</i>",
    "> <img src=x onerror=alert('citation')>",
    "\\<img src=x onerror=alert('antislash')>",
    "<!-- --><img src=x onerror=alert('commentaire')>",
    '" onmouseover="alert(\'guillemet\')" x="',
    "' onfocus='alert(\"apostrophe\")' autofocus x='",
    "javascript:alert('nu')",
    "<style>body{display:none}</style><link rel=stylesheet href=data:,x>",
    "<a title=\"<img src=x onerror=alert('titre-attr')>\">t</a>",
    "::: module.x\n[TOC]",
    "===\n---\n***",
    "<span style=\"background:url(javascript:alert('style'))\">x</span>",
    "<details open ontoggle=alert('details-html')><summary>x</summary></details>",
    "<math><mi xlink:href=\"javascript:alert('math')\">x</mi></math>",
    "<base href=\"javascript:alert('base')//\"><meta http-equiv=refresh content=\"0;url=javascript:alert('meta')\">",
)

#: Web addresses (fields whose pattern is ``^https?://\S+$``).
URL_PAYLOADS: tuple[str, ...] = (
    "https://example.org/\"onmouseover=\"alert('url-guillemet')",
    "https://example.org/><img/src=x/onerror=alert('url-balise')>",
    "https://example.org/)[x](javascript:alert('url-lien'))",
    "https://example.org/{:onclick=alert('url-attr')}",
    "http://example.org/&lt;script&gt;alert('url-entite')&lt;/script&gt;",
    "https://example.org/\\`<>",
)

#: Acronyms (``^[A-ZÀ-Ý0-9][A-Za-zÀ-ÿ0-9/&.-]*$``): as much of an entity or a path as fits.
ACRONYM_PAYLOADS: tuple[str, ...] = ("R&D", "A&lt", "B&amp", "C/../..", "E.F-G", "H&#")

#: Text written into files the payloads try to include; none may reach the site.
OUTSIDE_SECRET = "SECRET-HORS-PROJET-7f3a"
INSIDE_SECRET = "SECRET-DANS-MODELES-9b2c"
#: The schema of free text (common.schema.json#/$defs/text).
TEXT_PATTERN = "\\S"
_MARKER = "qz{:05d}"


def _fixed(schema: dict[str, Any]) -> bool:
    """A field with a fixed list of values (``oneOf`` of ``const``, see referentiel/choices.py)."""
    return bool(choices(schema))


def is_text(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and not _fixed(schema) and schema.get("pattern", TEXT_PATTERN) == TEXT_PATTERN


def constrained_payloads(schema: dict[str, Any]) -> tuple[str, ...]:
    """For a string with its own pattern: the special payloads that satisfy it (none for ids, dates…)."""
    if schema.get("type") != "string" or _fixed(schema) or is_text(schema):
        return ()
    return tuple(p for p in (*URL_PAYLOADS, *ACRONYM_PAYLOADS) if re.search(schema["pattern"], p))


def text_fields(schema: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of the text fields of a schema ("sources[].title", "levels.*")."""
    found: list[str] = []
    if is_text(schema):
        return [prefix]
    if schema.get("type") == "array":
        return text_fields(schema.get("items", {}), f"{prefix}[]")
    for name, sub in schema.get("properties", {}).items():
        found += text_fields(sub, f"{prefix}.{name}" if prefix else name)
    if isinstance(schema.get("additionalProperties"), dict):
        found += text_fields(schema["additionalProperties"], f"{prefix}.*")
    return found


def every_text_field() -> dict[str, list[str]]:
    """Kind name → its text fields, from the schemas."""
    return {kind.name: text_fields(inlined_schema(kind.schema)) for kind in KINDS}


@dataclass
class Slot:
    """A text value to fill: which field of which kind, the payloads it gets."""

    field: str
    payloads: list[str]
    pattern: str | None = None  # a string with its own pattern: ``payloads`` are those that fit it


@dataclass(frozen=True)
class Planted:
    """A payload written into a field, and the marker that follows it in the value."""

    kind: str
    field: str
    payload: str
    marker: str  # empty for constrained values (no room for a marker)


def _slots(schema: dict[str, Any], base: Any, field: str, slots: list[Slot], extend: int) -> Any:
    """``base`` with each text value replaced by a Slot; absent text fields are added, and
    lists of text or of groups get more items (``extend``) so that every payload fits in."""
    if is_text(schema):
        slots.append(Slot(field, []))
        return slots[-1]
    if allowed := constrained_payloads(schema):
        slots.append(Slot(field, list(allowed), schema["pattern"]))
        return slots[-1]
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if is_text(items) or constrained_payloads(items):
            return [_slots(items, None, f"{field}[]", slots, extend) for _ in range(2)]
        if items.get("type") == "object" and base:
            count = extend if extend and not _numbered(items) else len(base)
            return [
                _slots(items, _clone(base[i % len(base)], i, len(base)), f"{field}[]", slots, 0) for i in range(count)
            ]
        if (
            items.get("type") == "object"
            and base is None
            and all(is_text(s) for s in items.get("properties", {}).values())
        ):
            return [_slots(items, {}, f"{field}[]", slots, 0)]
        return base
    if schema.get("type") == "object" and isinstance(base, dict):
        result = dict(base)
        for name, sub in schema.get("properties", {}).items():
            path = f"{field}.{name}" if field else name
            if name in base or is_text(sub) or constrained_payloads(sub) or sub.get("type") == "array":
                filled = _slots(sub, base.get(name), path, slots, extend)
                if filled is not None:
                    result[name] = filled
        if isinstance(schema.get("additionalProperties"), dict):
            for key in base:
                result[key] = _slots(schema["additionalProperties"], base[key], f"{field}.*", slots, extend)
        return result
    return base


def _numbered(items: dict[str, Any]) -> bool:
    """Items told apart by a number or a code (scale levels, versions, ROME codes): their
    count is not ours to change. Items with an id are cloned with a new id."""
    return any(
        sub.get("type") == "integer" or (sub.get("pattern", TEXT_PATTERN) != TEXT_PATTERN and name != "id")
        for name, sub in items.get("properties", {}).items()
    )


def _clone(item: Any, index: int, originals: int) -> Any:
    if index < originals or not isinstance(item, dict) or "id" not in item:
        return item
    return {**item, "id": f"{item['id']}-{index}"}


def _fill(value: Any, planted: list[Planted], kind: str) -> Any:
    if isinstance(value, Slot):
        if value.pattern:  # no room for a marker; numbered, since an acronym is a spelling of one term
            number = sum(1 for p in planted if (p.kind, p.field) == (kind, value.field))
            payload = value.payloads[number % len(value.payloads)]
            written = f"{payload}{number}" if re.search(value.pattern, f"{payload}{number}") else payload
            planted.append(Planted(kind, value.field, written, ""))
            return written
        parts = []
        for payload in value.payloads:
            marker = _MARKER.format(len(planted))
            planted.append(Planted(kind, value.field, payload, marker))
            parts.append(f"{payload} {marker}")
        return "\n\n".join(parts)
    if isinstance(value, dict):
        return {key: _fill(item, planted, kind) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, planted, kind) for item in value]
    return value


#: Fields of the fixture's own terms left as they are: the hand-written pages use these words,
#: so the linker links them, with a hostile definition as tooltip (the clones cover the fields).
SPELLINGS = ("term", "variants", "acronym")

#: Clones per kind of entity, beyond the fixture's own. Roles are fewer (the comparison page
#: shows them side by side): their values hold several payloads each.
CLONES = {"role": 12, "path": 12}


@dataclass
class HostileProject:
    root: Path
    planted: list[Planted]
    payloads: tuple[str, ...]

    @property
    def site(self) -> Path:
        return self.root / "site"

    def counts(self) -> tuple[int, int, int]:
        """(text fields, payloads, field × payload pairs planted)."""
        pairs = {(p.kind, p.field, p.payload) for p in self.planted if p.marker}
        fields = {(p.kind, p.field) for p in self.planted if p.marker}
        return len(fields), len(self.payloads), len(pairs)


def make_hostile_project(target: Path) -> HostileProject:
    """The mini fixture with every text field filled with every payload, and the secrets."""
    root = make_project(target / "project")
    (target / "outside-secret.txt").write_text(OUTSIDE_SECRET, "utf-8")
    (root / "modeles" / "inside-secret.md").write_text(INSIDE_SECRET, "utf-8")
    payloads = tuple(p.replace("{outside}", (target / "outside-secret.txt").as_posix()) for p in PAYLOADS)
    documents: list[tuple[Kind, Path, Any, str]] = []  # kind, file to write, data with slots, Markdown body
    slots_by_field: dict[tuple[str, str], list[Slot]] = defaultdict(list)
    for kind in KINDS:
        schema = inlined_schema(kind.schema)
        for path, data, body in _instances(kind, root):
            slots: list[Slot] = []
            documents.append((kind, path, _slots(schema, data, "", slots, 0 if kind.folder else len(payloads)), body))
            for slot in slots:
                if not slot.pattern:
                    slots_by_field[(kind.name, slot.field)].append(slot)
    for slots in slots_by_field.values():  # every payload at least once per field, spread over its values
        for index in range(max(len(slots), len(payloads))):
            slots[index % len(slots)].payloads.append(payloads[index % len(payloads)])
    planted: list[Planted] = []
    written: list[str] = []
    for kind, path, data, body in documents:
        filled = _fill(data, planted, kind.name)
        if kind.name == "term" and path.exists():  # a fixture's own term keeps its spellings
            original = _read(path, kind)[0]
            filled = {
                key: original[key] if key in SPELLINGS else value
                for key, value in filled.items()
                if key in original or key not in SPELLINGS
            }
        text = yaml.safe_dump(filled, allow_unicode=True, sort_keys=False, width=10**6)
        path.write_text(f"---\n{text}---\n\n{body}" if kind.pattern == "*.md" else text, "utf-8")
        written.append(text)
    everything = "\n".join(written)
    planted = [p for p in planted if not p.marker or p.marker in everything]
    return HostileProject(root, planted, payloads)


def _instances(kind: Kind, root: Path) -> list[tuple[Path, Any, str]]:
    """(file to write, data, Markdown body) for every entity of a kind: the fixture's, then clones."""
    if kind.file:
        path = root / kind.file
        return [(path, yaml.safe_load(path.read_text("utf-8")), "")]
    assert kind.folder
    folder = root / kind.folder
    originals = sorted(folder.glob(kind.pattern))
    found = [(path, *_read(path, kind)) for path in originals]
    if found:
        base_path, base, body = found[0]
    else:  # a folder the fixture leaves empty (named scales): clones of the one file of the same schema
        twin = root / next(other.file for other in KINDS if other.file and other.schema == kind.schema)
        folder.mkdir(parents=True, exist_ok=True)
        base_path, base, body = folder / twin.name, yaml.safe_load(twin.read_text("utf-8")), ""
    for index in range(CLONES.get(kind.name, len(PAYLOADS))):
        stem = f"{base_path.stem}-h{index}"
        data = dict(base, id=stem) if "id" in base else dict(base)
        if kind.name == "path":  # from each cloned role to the role it is cloned from
            stem = data["id"] = f"parcours-h{index}"
            data.update({"from": f"{_role(root)}-h{index}", "to": _role(root)})
        if kind.name in ("domain", "mission") and "order" in data:
            data["order"] = data["order"] + 100 + index
        if kind.name == "deliverable":
            data["status"] = "published"
        found.append((folder / f"{stem}{base_path.suffix}", data, body))
    return found


def _role(root: Path) -> str:
    return min((root / "framework" / "roles").glob("*.yml")).stem


def _read(path: Path, kind: Kind) -> tuple[Any, str]:
    text = path.read_text("utf-8")
    if kind.pattern != "*.md":
        return yaml.safe_load(text), ""
    _, front, _body = text.split("---\n", 2)
    return yaml.safe_load(front), "Corps du livrable, écrit par un contributeur.\n"


_BUILT: dict[str, HostileProject] = {}


def built_hostile_project(tmp_path_factory: Any) -> HostileProject:
    """The hostile project, built once per test session (shared by the HTML and browser tests)."""
    if "project" not in _BUILT:
        project = make_hostile_project(tmp_path_factory.mktemp("hostile"))
        run = build(project.root)
        assert run.code == 0, run.output
        _BUILT["project"] = project
    return _BUILT["project"]


