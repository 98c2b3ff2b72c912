"""Checking parsed sources: each file against its JSON Schema, then the references between files.

Every check returns ``Problem``s; none stops at the first one.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import jsonschema

from . import fields
from .bodies import body_problems
from .choices import choices
from .layout import (
    ACCESSIBILITY,
    CAREER_PATH,
    COMPETENCY,
    DELIVERABLE,
    DOCS_FOLDER,
    DOMAIN,
    INSTITUTE,
    JOURNAL,
    KINDS,
    MISSION,
    NAMED_SCALE,
    NOT_SOURCES,
    PAGE,
    ROLE,
    SCALE,
    SNIPPETS_FOLDER,
    TERM,
    TRADE,
    TRAINING,
    Kind,
    files,
    walk,
)
from .problems import Problem, display_path
from .routes import DATA_FOLDER, generated_urls, page_url, reserved_ids
from .schemas import properties, schema, validator
from .sources import Document, JsonPath, load_yaml_file
from .text import same_word, slugify, words

PLACEHOLDER = "À COMPLÉTER"  # what `referentiel new` writes where a value is needed

_TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "vrai ou faux (true / false)",
    "array": "une liste (une ligne « - … » par élément)",
    "object": "un groupe de champs « clé: valeur »",
    "null": "vide",
}


@dataclass
class Parsed:
    """Every source file of a project read and parsed, not yet checked: what ``problems`` checks,
    and what ``load`` builds the framework from once it holds none."""

    root: Path
    #: by kind name
    documents: dict[str, list[Document]] = dataclasses.field(default_factory=dict)
    #: ids every file claims (its file name), by kind name
    known: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    #: files that could not be read or parsed, symbolic links out of the project (not read)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    #: front matter of the hand-written pages under docs/
    pages: list[Document] = dataclasses.field(default_factory=list)
    #: a kind's one file (the trade, the scale…) that is not there: (as shown, kind)
    missing: list[tuple[str, Kind]] = dataclasses.field(default_factory=list)
    #: every source file and file under docs/: (as shown, whether the folders of its path count)
    names: list[tuple[str, bool]] = dataclasses.field(default_factory=list)
    #: Markdown sources without front matter: (as shown, kind)
    headless: list[tuple[str, Kind]] = dataclasses.field(default_factory=list)
    #: deliverables' Markdown: (as shown, text)
    bodies: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    #: every Markdown file under docs/: (as shown, text)
    markdown: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    #: YAML files under docs/: (as shown, their data or None)
    stray: list[tuple[str, Any]] = dataclasses.field(default_factory=list)


def problems(parsed: Parsed) -> list[Problem]:
    """Every problem in the sources, sorted: reading, places and names, schemas, then the rules
    between files.

    Files that break their schema keep their id (file name), so that references to them do
    not look unknown, and the fields that break no schema rule have their references checked
    in the same run; the other rules between files take only valid files.
    """
    root = parsed.root
    found = list(parsed.problems)
    strict = is_strict(parsed.documents.get(TRADE.name, []))
    found += [
        missing_file_problem(shown, kind)
        for shown, kind in parsed.missing
        if not kind.optional or (strict and kind.strict_required)
    ]
    found += [problem for shown, folders in parsed.names for problem in file_name_problems(shown, folders_too=folders)]
    found += [missing_front_matter_problem(shown, kind) for shown, kind in parsed.headless]
    found += [problem for shown, text in parsed.bodies for problem in body_problems(text, shown)]
    snippets = root / SNIPPETS_FOLDER
    found += [problem for shown, text in parsed.markdown for problem in snippet_problems(text, shown, snippets)]
    found += [
        problem for shown, data in parsed.stray for problem in misplaced_problems(shown, data, f"dans {DOCS_FOLDER}/")
    ]
    found += placement_problems(root)
    valid: dict[str, list[Document]] = {}
    readable: dict[str, list[Document]] = {}
    for kind in KINDS:
        valid[kind.name] = []
        readable[kind.name] = []
        for document in parsed.documents.get(kind.name, []):
            placeholders = placeholder_problems(document)
            broken = placeholders or schema_problems(document, kind, strict=strict)
            found += broken
            if not broken:
                valid[kind.name].append(document)
                readable[kind.name].append(document)
            elif not placeholders:
                readable[kind.name].append(readable_part(document, kind))
    found += identity_problems(readable, KINDS)
    found += nested_id_problems(valid[INSTITUTE.name], ("communities", "formats"))
    found += reference_problems(readable, parsed.known)
    found += career_path_problems(valid)
    found += term_form_problems(valid)
    found += journal_problems(valid[JOURNAL.name])
    found += accessibility_problems(valid[ACCESSIBILITY.name])
    found += deliverable_problems(
        valid, valid[INSTITUTE.name][0] if valid[INSTITUTE.name] else None,
        absent_institute=any(kind is INSTITUTE for _, kind in parsed.missing),
    )
    found += seed_problems(
        valid, valid[INSTITUTE.name][0] if valid[INSTITUTE.name] else None,
        absent_institute=any(kind is INSTITUTE for _, kind in parsed.missing),
    )
    found += domain_problems(valid[COMPETENCY.name])
    found += emergence_problems(valid[COMPETENCY.name])
    found += level_problems(
        valid, valid[SCALE.name][0] if valid[SCALE.name] else None, parsed.known.get(NAMED_SCALE.name, set()),
        strict=strict, absent=any(kind is SCALE for _, kind in parsed.missing),
    )
    for page in parsed.pages:
        found += schema_problems(page, PAGE)
    docs = root / DOCS_FOLDER
    written = [(display_path(path, root), path.relative_to(docs).as_posix()) for path in sorted(docs.rglob("*.md"))]
    found += route_problems(written, parsed.known)
    data = docs / DATA_FOLDER
    in_data = [path for path in sorted(data.rglob("*")) if path.is_file()]
    found += data_folder_problems((display_path(path, root), path.relative_to(docs).as_posix()) for path in in_data)
    return sorted(set(found))


def missing_file_problem(shown: str, kind: Kind) -> Problem:
    """A kind's one file (the trade, the scale…) that is not there; an optional one (the
    institute, the journal) only in strict mode."""
    if kind.optional:
        return Problem(
            shown, 1, 1, f"fichier manquant : {kind.label} (exigé en mode strict)",
            f"créez {shown}, ou retirez « strict: true » de {TRADE.file} si le référentiel n'en a pas",
        )
    return Problem(shown, 1, 1, f"fichier manquant : {kind.label}", f"créez {shown}")


def missing_front_matter_problem(shown: str, kind: Kind) -> Problem:
    """A Markdown source (a deliverable) that does not start with its block of fields."""
    return Problem(
        shown,
        1,
        1,
        f"en-tête manquant : {kind.label} commence par un bloc « --- » de champs",
        "copiez l'en-tête du modèle (page Contribuer) en haut du fichier",
    )


def outside_links(root: Path) -> list[tuple[Path, Problem]]:
    """Symbolic links, in the folders the site is made from, to something outside the project:
    the build would publish a file nobody reviewed. The loader reads none of them."""
    base = root.resolve()
    found: list[tuple[Path, Problem]] = []
    folders = {(kind.file or kind.folder or "").split("/")[0] for kind in KINDS} | {DOCS_FOLDER, SNIPPETS_FOLDER}
    for folder in sorted(folders):
        top = root / folder
        for path in ([top] if top.is_symlink() else []) + list(walk(top)):
            if not path.is_symlink():
                continue
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # missing target, or a loop
                message = "lien symbolique cassé (sa cible n'existe pas ou boucle)"
            else:
                if target.is_relative_to(base):
                    continue
                message = "lien symbolique vers un fichier hors du projet"
            shown = display_path(path, root)
            hint = "remplacez le lien par le fichier lui-même, relu et versionné dans le dépôt"
            found.append((path, Problem(shown, 1, 1, message, hint)))
    return found


def placement_problems(root: Path) -> list[Problem]:
    """YAML files where no kind of source is read: an unknown folder at the top of the project
    or in framework/ (« competences/ » for competencies/), a subfolder of a kind's folder, or a
    name the kind's pattern does not take (« x.YML »)."""
    found: list[Problem] = []
    places = {kind.file or kind.folder or "" for kind in KINDS if not (kind.folder or "").startswith(DOCS_FOLDER)}
    tops = {place.split("/")[0] for place in places}
    framework_name = Path(TRADE.file or "").parent.name  # framework/: the trade, the scale… and folders
    framework = {place.split("/")[1] for place in places if place.startswith(f"{framework_name}/")}

    def report(path: Path, where: str, *, only_if_kind: bool = False) -> None:
        shown = display_path(path, root)
        document, _ = load_yaml_file(path, shown) if path.is_file() and not path.is_symlink() else (None, [])
        data = document.data if document else None
        found.extend(misplaced_problems(shown, data, where, only_if_kind=only_if_kind))

    def yaml_under(folder: Path) -> list[Path]:
        return [path for path in walk(folder) if path.suffix.lower() in {".yml", ".yaml"}]

    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        if entry.is_file() and entry.suffix.lower() in {".yml", ".yaml"} and not entry.name.startswith("."):
            report(entry, "à la racine du projet", only_if_kind=True)  # mkdocs.yml and the like look like no kind
        if entry.name.startswith(".") or not entry.is_dir() or entry.name in NOT_SOURCES | tops | {DOCS_FOLDER}:
            continue
        for path in sorted(entry.glob("*.y*ml")):
            report(path, f"dans un dossier inconnu ({entry.name}/)")
    framework_folder = root / framework_name
    for entry in sorted(framework_folder.iterdir()) if framework_folder.is_dir() else []:
        if entry.name.startswith(".") or entry.name in framework:
            continue
        for path in [entry] if entry.is_file() else yaml_under(entry):
            if path.suffix.lower() in {".yml", ".yaml"}:
                report(path, f"dans un emplacement inconnu ({framework_name}/{entry.name})")
    for kind in KINDS:
        if kind.folder is None or kind.pattern.endswith(".md"):
            continue
        taken = set(files(root, kind))
        for path in yaml_under(root / kind.folder):
            if path not in taken:
                nested = path.parent != root / kind.folder
                where = "dans un sous-dossier" if nested else "dont l'extension n'est pas .yml"
                report(path, f"{where} de {kind.folder}/")
    return found


def is_strict(trades: Iterable[Document]) -> bool:
    """Whether the project asks for a complete référentiel: ``strict: true`` in the trade file."""
    return any(isinstance(trade.data, Mapping) and trade.data.get("strict") is True for trade in trades)


def schema_problems(document: Document, kind: Kind, *, strict: bool = False) -> list[Problem]:
    """Every way ``document`` breaks its kind's JSON Schema, in French; ``strict``: with the
    schema's ``strictRequired`` fields required too."""
    return [
        problem
        for error in validator(kind.schema, strict).iter_errors(document.data)
        for problem in _explain(error, document)
    ]


def placeholder_problems(document: Document) -> list[Problem]:
    """Values of a `referentiel new` skeleton that were never replaced, one problem each."""
    problems: list[Problem] = []

    def walk(value: Any, path: JsonPath) -> None:
        if isinstance(value, str) and value.startswith(PLACEHOLDER):
            name = _field(path)
            problems.append(document.problem(path, f"« {name} » n'est pas encore rempli", f"remplacez « {value} »"))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(document.data, ())
    return problems


def _suggest(word: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"vouliez-vous dire « {matches[0]} » ? " if matches else ""


def _shown(value: Any, limit: int = 80) -> str:
    """A value as quoted in a one-line message: whitespace runs as one space, cut when long."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field(path: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in path) or "le fichier"


def _explain(error: jsonschema.ValidationError, document: Document) -> list[Problem]:
    path = tuple(error.absolute_path)
    name = _field(path)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    instance: Any = error.instance  # the value found (jsonschema types it as possibly unset)
    described = schema.get("description", "")
    match error.validator:
        case "required":
            missing = re.match(r"'(.+)' is a required property", error.message)
            field = missing.group(1) if missing else "?"
            # a field a condition requires (``if``/``then``) is explained by the condition's description
            about = schema.get("properties", {}).get(field, {}).get("description", "") or described
            return [
                document.problem(
                    path,
                    f"champ obligatoire manquant : « {field} »",
                    f"ajoutez « {field}: … » ({about})" if about else f"ajoutez « {field}: … »",
                )
            ]
        case "additionalProperties":
            known = list(schema.get("properties", {}))
            extras = [key for key in instance if key not in known]
            return [
                document.problem(
                    (*path, key),
                    f"champ inconnu « {_shown(key)} »",
                    f"{_suggest(key, known)}champs possibles ici : {', '.join(known)}",
                    key=True,
                )
                for key in extras
            ]
        case "type":
            rule: Any = error.validator_value
            expected = rule if isinstance(rule, str) else rule[0]
            if error.instance is None:
                return [
                    document.problem(
                        path,
                        f"le champ « {name} » est vide",
                        f"écrivez {_TYPE_NAMES[expected]} après « {path[-1] if path else name}: »",
                    )
                ]
            return [
                document.problem(
                    path, f"« {name} » doit être {_TYPE_NAMES[expected]}", described or "corrigez la valeur"
                )
            ]
        case "oneOf" if allowed := choices(schema, name):
            values = [choice.value for choice in allowed]
            listed = ", ".join(str(choice) for choice in allowed)
            hint = f"{_suggest(str(error.instance), values)}valeurs possibles : {listed}"
            return [document.problem(path, f"valeur non admise pour « {name} » : « {_shown(error.instance)} »", hint)]
        case "pattern" if "propertyNames" in error.schema_path:
            return [
                document.problem(
                    (*path, str(error.instance)),
                    f"clé « {_shown(error.instance)} » non admise dans « {name} »",
                    described or "corrigez la clé",
                    key=True,
                )
            ]
        case "pattern" if error.validator_value == r"\S":
            return [
                document.problem(
                    path, f"le champ « {name} » est vide", "écrivez un texte, ou retirez le champ s'il est facultatif"
                )
            ]
        case "pattern":
            return [
                document.problem(
                    path,
                    f"format invalide pour « {name} » : « {_shown(error.instance)} »",
                    described or f"la valeur doit suivre le motif {error.validator_value}",
                )
            ]
        case "minLength":
            return [
                document.problem(
                    path, f"le champ « {name} » est vide", "écrivez un texte, ou retirez le champ s'il est facultatif"
                )
            ]
        case "maxLength":
            return [
                document.problem(
                    path,
                    f"« {name} » est trop long ({len(instance)} caractères)",
                    f"raccourcissez-le à {error.validator_value} caractères au plus",
                )
            ]
        case "minItems":
            return [
                document.problem(
                    path,
                    f"« {name} » doit compter au moins {error.validator_value} élément(s)",
                    described or "complétez la liste",
                )
            ]
        case "uniqueItems":
            return [document.problem(path, f"« {name} » contient un doublon", "retirez l'élément répété")]
        case "minimum" | "maximum":
            return [
                document.problem(
                    path, f"valeur hors limites pour « {name} » : {error.instance}", described or "corrigez la valeur"
                )
            ]
        case _:
            return [document.problem(path, f"« {name} » : {error.message}", described or "corrigez la valeur")]


def identity_problems(documents: Mapping[str, list[Document]], kinds: Iterable[Kind]) -> list[Problem]:
    """Ids that differ from their file name, are reserved, or are used by two files of one kind."""
    problems: list[Problem] = []
    for kind in kinds:
        if kind.folder is None:
            continue
        seen: dict[str, str] = {}
        for document in documents.get(kind.name, []):
            entity_id = document.data.get("id")
            if not isinstance(entity_id, str):
                continue
            stem = PurePosixPath(document.path).stem
            if entity_id != stem:
                problems.append(
                    document.problem(
                        ("id",),
                        f"l'identifiant « {entity_id} » diffère du nom du fichier « {stem}.yml »",
                        f"renommez le fichier en « {entity_id}.yml » ou écrivez « id: {stem} »",
                    )
                )
            if entity_id in reserved_ids(kind):
                problems.append(
                    document.problem(
                        ("id",),
                        f"l'identifiant « {entity_id} » est réservé à une page du site",
                        "choisissez un autre identifiant (et renommez le fichier)",
                    )
                )
            if entity_id in seen:
                problems.append(
                    document.problem(
                        ("id",),
                        f"identifiant « {entity_id} » déjà employé par {seen[entity_id]}",
                        "donnez un identifiant unique à chaque fichier",
                    )
                )
            else:
                seen[entity_id] = document.path
    return problems


def route_problems(pages: Iterable[tuple[str, str]], known: Mapping[str, Iterable[str]]) -> list[Problem]:
    """Hand-written pages (``(shown path, docs-relative path)``) served where a generated page is:
    the build would replace them, so neither is published as written."""
    taken = generated_urls(known)
    problems: list[Problem] = []
    for shown, page in pages:
        if (generated := taken.get(page_url(page))) is not None:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    f"cette page occupe l'adresse d'une page générée par le référentiel ({generated})",
                    "renommez le fichier : ce nom est réservé",
                )
            )
    return problems


def nested_id_problems(documents: Iterable[Document], fields: Iterable[str]) -> list[Problem]:
    """Ids of the items of a list (an institute's communities…) used twice in that list."""
    problems: list[Problem] = []
    for document in documents:
        for field in fields:
            seen: set[str] = set()
            for index, item in enumerate(document.data.get(field, [])):
                if item["id"] in seen:
                    problems.append(
                        document.problem(
                            (field, index, "id"),
                            f"identifiant « {item['id']} » employé deux fois dans « {field} »",
                            "donnez un identifiant unique à chaque élément",
                        )
                    )
                seen.add(item["id"])
    return problems


#: (kind, field, key inside each item of the field or None, kind referred to)
REFERENCES: tuple[tuple[Kind, str, str | None, Kind], ...] = (
    (COMPETENCY, "domain", None, DOMAIN),
    (COMPETENCY, "domains", None, DOMAIN),
    (COMPETENCY, "scale", None, NAMED_SCALE),
    (COMPETENCY, "missions", None, MISSION),
    (COMPETENCY, "related", None, COMPETENCY),
    (COMPETENCY, "terms", None, TERM),
    (TERM, "see_also", None, TERM),
    (ROLE, "missions", None, MISSION),
    (ROLE, "requirements", "competency", COMPETENCY),
    (CAREER_PATH, "from", None, ROLE),
    (CAREER_PATH, "to", None, ROLE),
    (TRAINING, "covers", "competency", COMPETENCY),
    (DELIVERABLE, "competencies", None, COMPETENCY),
    (DELIVERABLE, "missions", None, MISSION),
    (DELIVERABLE, "terms", None, TERM),
)


def _references(document: Document, field: str, key: str | None) -> list[tuple[JsonPath, str]]:
    """(position, id) of every id that ``field`` of ``document`` refers to."""
    value = document.data.get(field)
    if value is None:
        return []
    if isinstance(value, str):
        return [((field,), value)]
    if key is None:
        return [((field, index), item) for index, item in enumerate(value)]
    return [((field, index, key), item[key]) for index, item in enumerate(value)]


def reference_problems(documents: Mapping[str, list[Document]], known: Mapping[str, set[str]]) -> list[Problem]:
    """References to ids that no file defines (with a suggestion), to oneself, or twice in one list."""
    problems: list[Problem] = []
    for kind, field, key, target in REFERENCES:
        for document in documents.get(kind.name, []):
            seen: set[str] = set()
            for path, target_id in _references(document, field, key):
                if target is kind and target_id == document.data.get("id"):
                    problems.append(
                        document.problem(
                            path,
                            f"« {target_id} » se cite lui-même dans « {field} »",
                            "retirez cet élément de la liste",
                        )
                    )
                elif target_id not in known[target.name]:
                    where = target.folder or target.file
                    problems.append(
                        document.problem(
                            path,
                            f"{target.label} « {target_id} » n'existe pas",
                            f"{_suggest(target_id, known[target.name])}"
                            f"l'identifiant doit être le nom d'un fichier de {where}/",
                        )
                    )
                elif key is not None and target_id in seen:
                    problems.append(
                        document.problem(
                            path,
                            f"« {target_id} » apparaît deux fois dans « {field} »",
                            "gardez une seule ligne par compétence",
                        )
                    )
                seen.add(target_id)
    return problems


def career_path_problems(documents: Mapping[str, list[Document]]) -> list[Problem]:
    """Career paths from a role to itself, and two files describing the same move."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    for document in documents.get(CAREER_PATH.name, []):
        pair = (document.data["from"], document.data["to"])
        if pair[0] == pair[1]:
            problems.append(
                document.problem(
                    ("to",),
                    f"le parcours mène du rôle « {pair[0]} » à lui-même",
                    "un parcours relie deux rôles différents : corrigez « from » ou « to »",
                )
            )
        elif pair in seen:
            problems.append(
                document.problem(
                    ("from",),
                    f"le parcours de « {pair[0]} » vers « {pair[1]} » est déjà décrit dans {seen[pair]}",
                    "gardez un seul fichier par passage d'un rôle à un autre",
                )
            )
        else:
            seen[pair] = document.path
    return problems


def _date_problem(document: Document, path: JsonPath, value: str) -> list[Problem]:
    try:
        date.fromisoformat(value)
    except ValueError:
        return [
            document.problem(path, f"date impossible : « {value} »", "écrivez une date réelle au format AAAA-MM-JJ")
        ]
    return []


def journal_problems(documents: list[Document]) -> list[Problem]:
    """Journal entries: real dates, each version once."""
    problems: list[Problem] = []
    for document in documents:
        seen: set[str] = set()
        for index, entry in enumerate(document.data["versions"]):
            problems += _date_problem(document, ("versions", index, "date"), entry["date"])
            if entry["version"] in seen:
                problems.append(
                    document.problem(
                        ("versions", index, "version"),
                        f"la version {entry['version']} figure deux fois",
                        "gardez une seule entrée par version",
                    )
                )
            seen.add(entry["version"])
    return problems


def conformance(rate: float | None) -> str:
    """The RGAA conformance status an audit's rate gives (None: no audit): all criteria met,
    at least half of them, or fewer (or no audit in force)."""
    if rate is None or rate < 50:
        return "non_compliant"
    return "compliant" if rate >= 100 else "partially_compliant"


def accessibility_problems(documents: list[Document]) -> list[Problem]:
    """The accessibility statement: real dates, and a status that is the one its audit gives
    (RGAA 4.1: without a complete audit in force, « non conforme »), never more, never less."""
    problems: list[Problem] = []
    labels = fields.labels(ACCESSIBILITY.name, "status")
    for document in documents:
        data = document.data
        problems += _date_problem(document, ("date",), data["date"])
        audit = data.get("audit")
        if audit is not None:
            problems += _date_problem(document, ("audit", "date"), audit["date"])
        expected = conformance(audit["rate"] if audit is not None else None)
        if data["status"] == expected:
            continue
        if audit is None:
            message = (
                f"l'état « {labels[data['status']]} » demande un audit RGAA complet, et le fichier n'en décrit aucun"
            )
            hint = f"décrivez l'audit sous « audit » (date, auditor, rate), ou écrivez status: {expected}"
        else:
            rate = f"{audit['rate']:g}".replace(".", ",")
            message = (
                f"l'état « {labels[data['status']]} » ne correspond pas à l'audit ({rate} % des critères "
                f"respectés), que le RGAA dit « {labels[expected]} »"
            )
            hint = f"écrivez status: {expected}"
        problems.append(document.problem(("status",), message, hint))
    return problems


def deliverable_problems(
    documents: Mapping[str, list[Document]], institute: Document | None, *, absent_institute: bool = False
) -> list[Problem]:
    """Deliverables: a real calendar date, and a community and a format that the institute has
    (``institute`` None: it failed its schema, or is ``absent_institute``, the file missing)."""
    problems: list[Problem] = []
    for document in documents.get(DELIVERABLE.name, []):
        problems += _date_problem(document, ("date",), document.data["date"])
        for field, items, label in (
            ("community", "communities", "communauté"),
            ("format", "formats", "format d'échange"),
        ):
            if institute is None:
                if not absent_institute:
                    continue
                problems.append(document.problem(
                    (field,), f"{label} « {document.data[field]} » : aucun fichier {INSTITUTE.file} ne la définit",
                    f"créez {INSTITUTE.file} avec ses {items}, ou retirez ce livrable",
                ))
                continue
            known = [item["id"] for item in institute.data[items]]
            if document.data[field] not in known:
                problems.append(
                    document.problem(
                        (field,),
                        f"{label} inconnu(e) : « {document.data[field]} »",
                        f"{_suggest(document.data[field], known)}"
                        f"valeurs possibles (framework/institute.yml) : {', '.join(known)}",
                    )
                )
    return problems


def seed_problems(
    documents: Mapping[str, list[Document]], institute: Document | None, *, absent_institute: bool = False
) -> list[Problem]:
    """A source citing an institute document (``seed``) that framework/institute.yml does not list
    under ``documents``: readers would see a file name instead of its title and origin. Without
    the institute's file (``absent_institute``) no such document can be cited."""
    if institute is None and not absent_institute:
        return []  # the institute failed its schema: reported there
    known = [item["file"] for item in institute.data.get("documents", [])] if institute else []
    problems: list[Problem] = []
    for kind_documents in documents.values():
        for document in kind_documents:
            for path, seed in _seeds(document.data, ()):
                if institute is None:
                    problems.append(document.problem(
                        path,
                        f"document de l'institut « {_shown(seed)} » : aucun fichier {INSTITUTE.file} ne le décrit",
                        f"créez {INSTITUTE.file} avec ses « documents », "
                        "ou citez la source par son titre et son adresse",
                    ))
                elif seed not in known:
                    problems.append(document.problem(
                        path,
                        f"document de l'institut inconnu : « {_shown(seed)} »",
                        f"{_suggest(seed, known)}ajoutez-le aux « documents » de framework/institute.yml "
                        "(file, title, origin) : les lecteurs voient son titre et son origine, "
                        "jamais le nom du fichier",
                    ))
    return problems


def _seeds(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """(path, value) of every ``seed`` of a source, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "seed" and isinstance(item, str) and path and path[-2:-1] == ("sources",):
                yield (*path, key), item
            else:
                yield from _seeds(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _seeds(item, (*path, index))


def term_form_problems(documents: Mapping[str, list[Document]]) -> list[Problem]:
    """A spelling (term, variant, acronym) claimed by two glossary entries: the linker could not choose."""
    problems: list[Problem] = []
    owners: dict[tuple[str, ...], str] = {}
    for document in documents.get(TERM.name, []):
        data = document.data
        spellings = [(("term",), data["term"])] + [(("variants", i), v) for i, v in enumerate(data.get("variants", []))]
        if "acronym" in data:
            spellings.append((("acronym",), data["acronym"]))
        for path, spelling in spellings:
            key = words(spelling) if spelling.isupper() else tuple(w.casefold() for w in words(spelling))
            owner = owners.setdefault(key, data["id"])
            if owner != data["id"]:
                problems.append(
                    document.problem(
                        path,
                        f"« {spelling} » désigne déjà le terme « {owner} »",
                        "une même forme ne peut renvoyer qu'à un terme : retirez-la de l'un des deux",
                    )
                )
        # A variant is the term itself, differently written: a one-word variant of a one-word
        # term that is another word (« programmiste » of « Programme ») would get its definition.
        term = words(data["term"])
        for index, variant in enumerate(data.get("variants", [])):
            if (
                len(term) == 1
                and len(words(variant)) == 1
                and not variant.isupper()
                and not same_word(term[0], words(variant)[0])
            ):
                problems.append(
                    document.problem(
                        ("variants", index),
                        f"« {variant} » n'est pas une forme de « {data['term']} » (pluriel, féminin) "
                        "mais un autre mot, qui recevrait sa définition",
                        "retirez-le des variantes ; s'il doit être défini, créez-en un terme (referentiel new terme)",
                    )
                )
    return problems


def domain_problems(competencies: Iterable[Document]) -> list[Problem]:
    """Every competency belongs to a domain at least: ``domain``, ``domains`` or both."""
    return [
        document.problem(
            (),
            "champ obligatoire manquant : « domain »",
            "ajoutez « domain: … » (identifiant d'un fichier de framework/domains/), "
            "ou « domains: [ …, … ] » pour plusieurs domaines",
        )
        for document in competencies
        if not document.data.get("domain") and not document.data.get("domains")
    ]


def emergence_problems(competencies: Iterable[Document]) -> list[Problem]:
    """Why and since when a competency is emerging is said of an emerging one only (the schema
    requires it of each emerging one when strict)."""
    return [
        document.problem(
            ("emergence",),
            f"« emergence » donné pour une compétence au statut « {document.data['status']} »",
            "retirez « emergence », ou passez « status » à « emerging » si la compétence est émergente",
        )
        for document in competencies
        if "emergence" in document.data and document.data.get("status") != "emerging"
    ]


def _scale_levels(scale: Document) -> tuple[list[str] | None, list[Problem]]:
    """A scale's level numbers as text ("1", "2"…), or None and the problem when they are not 1…N."""
    numbers = [level["level"] for level in scale.data["levels"]]
    for index, number in enumerate(numbers):
        if number != index + 1:
            return None, [
                scale.problem(
                    ("levels", index, "level"),
                    f"niveau numéroté {number} à la place {index + 1}",
                    "numérotez les niveaux 1, 2, 3… dans l'ordre, sans trou ni doublon",
                )
            ]
    return [str(number) for number in numbers], []


def level_problems(
    documents: Mapping[str, list[Document]],
    scale: Document | None,
    named: Iterable[str] = (),
    *,
    strict: bool = False,
    absent: bool = False,
) -> list[Problem]:
    """Scales numbered 1…N without gaps; a competency describes only levels of its scale (the
    framework's, or the named one of its ``scale``; each of them when ``strict``); required and
    reached levels (roles, trainings), when given, are on the scale of their competency.
    ``named``: every named scale's id, valid or not (a competency on an invalid one is left
    unchecked: its scale's problem is reported). ``absent``: there is no framework/scale.yml, so
    a competency on the framework's scale has no level to describe or require."""
    problems: list[Problem] = []
    if scale is None and not absent:
        return problems
    default, found = _scale_levels(scale) if scale is not None else ([], [])  # absent: no level at all
    problems += found
    if default is None:
        return problems
    scales: dict[str | None, tuple[list[str], str]] = {None: (default, SCALE.file or "")}
    if scale is not None and "kinds" in scale.data:
        problems.append(
            scale.problem(
                ("kinds",),
                "« kinds » ne sert qu'aux échelles de framework/scales/",
                "retirez « kinds » : cette échelle sert déjà à toutes les compétences qui n'en nomment pas d'autre",
                key=True,
            )
        )
    by_kind: dict[str, str] = {}
    for document in documents.get(NAMED_SCALE.name, []):
        numbers, found = _scale_levels(document)
        problems += found
        stem = PurePosixPath(document.path).stem
        if numbers is not None:
            scales[stem] = (numbers, document.path)
        for index, kind in enumerate(document.data.get("kinds", [])):
            if kind in by_kind:
                problems.append(
                    document.problem(
                        ("kinds", index),
                        f"la nature « {kind} » a déjà son échelle : « {by_kind[kind]} »",
                        "une nature de compétence n'emploie qu'une échelle par défaut : retirez-la de l'une des deux",
                    )
                )
            else:
                by_kind[kind] = stem
    of_competency: dict[str, tuple[list[str], str]] = {}
    for document in documents.get(COMPETENCY.name, []):
        chosen = document.data.get("scale") or by_kind.get(document.data["kind"])
        if chosen not in scales:  # unknown (reported by the references) or invalid (reported above)
            continue
        expected, where = of_competency[document.data["id"]] = scales[chosen]
        levels: dict[str, str] = document.data.get("levels", {})
        for key in levels:
            if key.isdigit() and key not in expected:
                message, hint = _outside(f"« {key} »", expected, where)
                problems.append(
                    document.problem(
                        ("levels", key), message, hint or f"retirez ce niveau ou décrivez un niveau de 1 à "
                        f"{len(expected)} (voir {where})", key=True,
                    )
                )
        for key in expected if strict else ():
            if key not in levels:
                problems.append(
                    document.problem(
                        ("levels",),
                        f"descripteur manquant pour le niveau {key}",
                        f"ajoutez « {key}: … » sous « levels: » : ce que la personne fait à ce niveau",
                    )
                )
        first_seen: dict[str, str] = {}
        for key, text in levels.items():
            normalised = " ".join(text.split()).casefold()
            if normalised in first_seen:
                problems.append(
                    document.problem(
                        ("levels", key),
                        f"les niveaux {first_seen[normalised]} et {key} ont le même descripteur",
                        "décrivez ce qui change d'un niveau à l'autre, de façon observable",
                    )
                )
            first_seen.setdefault(normalised, key)
    for kind, field in ((ROLE, "requirements"), (TRAINING, "covers")):
        for document in documents.get(kind.name, []):
            for index, item in enumerate(document.data[field]):
                if "level" not in item or item["competency"] not in of_competency:
                    continue
                expected, where = of_competency[item["competency"]]
                if str(item["level"]) not in expected:
                    message, hint = _outside(str(item["level"]), expected, where)
                    problems.append(
                        document.problem(
                            (field, index, "level"), message,
                            hint or f"indiquez un niveau de 1 à {len(expected)} (voir {where})",
                        )
                    )
    return problems


def _outside(level: str, expected: list[str], where: str) -> tuple[str, str]:
    """A level outside its scale: the message, and the hint when there is no scale at all ("")."""
    if not expected:
        return (f"niveau {level} sans échelle : {where} est absent",
                f"créez {where} avec ses niveaux, ou retirez ce niveau")
    return f"niveau {level} hors de l'échelle (niveaux 1 à {len(expected)})", ""


#: The one safe pattern of ids and file names (the ``id`` of common.schema.json): lowercase
#: ASCII letters and digits, single hyphens between. Nothing in it needs escaping in a URL,
#: an HTML attribute or a shell.
ID_PATTERN = re.compile(schema("common.schema.json")["$defs"]["id"]["pattern"])
_NAME_HINT = (
    "un nom de fichier s'écrit comme un identifiant : minuscules sans accents, chiffres et tirets "
    "(ex. « piloter-budget »)"
)


def file_name_problems(shown: str, *, folders_too: bool = False) -> list[Problem]:
    """A source file (or, under docs/, any folder on its path) whose name is not a safe id."""
    path = PurePosixPath(shown)
    problems: list[Problem] = []
    if not ID_PATTERN.fullmatch(path.stem) or not re.fullmatch(r"\.[a-z0-9]+", path.suffix or "."):
        problems.append(
            Problem(shown, 1, 1, f"nom de fichier non admis : « {path.name} »", f"renommez le fichier : {_NAME_HINT}")
        )
    for folder in path.parts[1:-1] if folders_too else ():
        if not ID_PATTERN.fullmatch(folder):
            problems.append(
                Problem(shown, 1, 1, f"nom de dossier non admis : « {folder} »", f"renommez le dossier : {_NAME_HINT}")
            )
    return problems


def readable_part(document: Document, kind: Kind) -> Document:
    """The fields of a document that break no schema rule: enough to check its references
    in the same run as its schema errors."""
    broken: set[Any] = set()
    for error in validator(kind.schema).iter_errors(document.data):
        if error.absolute_path:
            broken.add(error.absolute_path[0])
        elif error.validator == "additionalProperties":
            broken.update(key for key in error.instance if key not in error.schema.get("properties", {}))
    data = {key: value for key, value in document.data.items() if key not in broken}
    return Document(document.path, data, document.marks, document.key_marks)


def misplaced_problems(shown: str, data: Any, where: str, *, only_if_kind: bool = False) -> list[Problem]:
    """A YAML file where no source is read: say so, and where it belongs when it looks like one
    kind (``only_if_kind``: say nothing of a file that looks like none, a tool's configuration)."""
    best: tuple[int, Kind | None] = (0, None)
    if isinstance(data, dict):
        for candidate in KINDS:
            if candidate.folder is None or candidate.pattern.endswith(".md"):
                continue
            known = properties(candidate.schema)
            score = len(known & set(data)) - len(set(data) - known)
            if score > best[0]:
                best = (score, candidate)
    kind = best[1]
    if kind is None and only_if_kind:
        return []
    hint = (
        f"ce fichier ressemble à {kind.label} : déplacez-le dans {kind.folder}/"
        if kind
        else "rangez-le dans le dossier de son type (competencies/, glossary/, framework/…, voir la page Contribuer) "
        "ou supprimez-le"
    )
    return [Problem(shown, 1, 1, f"fichier YAML {where} : le référentiel ne le lit pas", hint)]


_SNIPPET = re.compile(
    r"""^[ \t]*(?P<escape>;*)(?:-+8<-+[ \t]+(?P<quote>["'])(?P<inline>.+?)(?P=quote)|(?P<block>-+8<-+))[ \t]*$"""
)
_SNIPPET_SPEC = re.compile(r"(?i)(?::-?[0-9]*){1,2}(?:,-?[0-9]*(?::-?[0-9]*)?)*$|:[a-z][-_0-9a-z]*$")


def snippet_problems(text: str, shown: str, snippets: Path) -> list[Problem]:
    """Snippet lines (``--8<-- "file"``, or a block of names between two ``--8<--`` lines)
    whose file is not an existing file of the snippets folder: the build would stop on them,
    or include a file from elsewhere."""
    problems: list[Problem] = []
    base = snippets.resolve()
    in_block = False
    for number, line in enumerate(text.splitlines(), 1):
        match = _SNIPPET.match(line)
        if match and match.group("escape"):
            continue
        if match and match.group("block"):
            in_block = not in_block
            continue
        name = match.group("inline") if match else (line.strip() if in_block else "")
        if not name or (in_block and name.startswith(";")):
            continue
        column = line.index(name) + 1
        path = _SNIPPET_SPEC.sub("", name)
        try:
            target = (base / path).resolve()
            exists = target.is_file()
        except (OSError, RuntimeError, ValueError):  # a name too long, a link loop
            target, exists = base / "?", False
        if re.match(r"[a-z][a-z0-9+.-]*://", path, re.IGNORECASE):
            message = f"extrait distant « {name} » non accepté"
        elif not target.is_relative_to(base):
            message = f"extrait « {name} » hors du dossier {snippets.name}/"
        elif not exists:
            message = f"extrait « {name} » introuvable dans {snippets.name}/"
        else:
            continue
        hint = (
            f"une ligne « --8<-- » n'inclut qu'un fichier existant de {snippets.name}/ : "
            "corrigez le nom ou retirez la ligne"
        )
        problems.append(Problem(shown, number, column, message, hint))
    return problems


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_INLINE_LINK = re.compile(
    r"""!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]"""  # the text: brackets nest one level, never across a line
    r"""\([ \t]*(?P<target><[^<>\n]*>|[^\s)]+)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"""
)
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?P<target><[^>\n]*>|\S+)")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _prose(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a Markdown page outside its front matter and code, code spans blanked."""
    lines = text.splitlines()
    start = 0
    if lines and re.fullmatch(r"-{3}[ \t]*", lines[0]):
        start = next((i + 1 for i in range(1, len(lines)) if re.fullmatch(r"(?:-{3}|\.{3})[ \t]*", lines[i])), 0)
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield index + 1, _CODE_SPAN.sub(lambda match: " " * len(match.group()), line)


def markdown_links(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of every Markdown link and image outside code, front matter aside."""
    for number, line in _prose(text):
        for match in [*_INLINE_LINK.finditer(line), *_DEFINITION.finditer(line)]:
            yield number, match.start("target") + 1, match.group("target").strip("<>")


_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_ATTR_ID = re.compile(r"(?:^|\s|:)#(?P<id>[\w-]+)")
_HTML_ID = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:id|name)=["']?(?P<id>[^"'\s<>]+)""")
_TRAILING_ATTRS = re.compile(r"[ \t]*\{[^{}\n]*\}[ \t]*$")


def markdown_anchors(text: str) -> set[str]:
    """The anchors a page will have: heading ids as the ``toc`` extension makes them (the
    site's ``slugify``, ``_1``… for repeats, or an explicit ``{ #id }``), and ids in attribute
    lists and raw HTML."""
    anchors: set[str] = set()
    previous = ""
    for _, line in _prose(text):
        heading = _HEADING.match(line)
        underlined = previous.strip() and _SETEXT.match(line)
        title = heading.group("text") if heading else previous.strip() if underlined else None
        previous = line
        anchors.update(match.group("id") for match in _HTML_ID.finditer(line))
        if title is None:
            for attributes in _ATTR_LIST.finditer(line):
                anchors.update(found.group("id") for found in _ATTR_ID.finditer(attributes.group()[1:-1]))
            continue
        trailing = _TRAILING_ATTRS.search(title)
        if trailing and (explicit := _ATTR_ID.search(trailing.group().strip()[1:-1])):
            anchors.add(explicit.group("id"))
            continue
        plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", _TRAILING_ATTRS.sub("", title))
        slug = base = slugify(html.unescape(re.sub(r"\\(.)", r"\1", plain)))
        repeat = 0
        while slug in anchors:
            repeat += 1
            slug = f"{base}_{repeat}"
        anchors.add(slug)
    return anchors


def link_problems(
    page: str, shown: str, text: str, site: set[str], anchors: Callable[[str], set[str] | None]
) -> list[Problem]:
    """Links of a Markdown page (``page``: its path under docs/) to no file of the site, to a
    folder, by an absolute path, or to an anchor the target page does not have (``anchors``:
    a page's anchors, ``None`` when unknown): the strict build refuses each of them."""
    problems: list[Problem] = []
    for line, column, target in markdown_links(text):
        if _SCHEME.match(target):
            continue
        path, _, anchor = unquote(target.split("?", 1)[0]).partition("#")
        if not path:
            path = posixpath.basename(page)
        if target.startswith("/"):
            hint = (
                "écrivez un lien relatif vers le fichier .md (ex. ../glossaire/index.md) : "
                "le site peut être servi ailleurs"
            )
            problems.append(Problem(shown, line, column, f"lien absolu « {target} »", hint))
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if resolved in site:
            known = anchors(resolved) if anchor and resolved.endswith(".md") else None
            if known is not None and anchor not in known:
                hint = "l'ancre est l'intertitre visé écrit en minuscules, sans accents, mots séparés par des tirets"
                message = f"ancre « #{anchor} » absente de {resolved}"
                problems.append(Problem(shown, line, column, message, _suggest(anchor, sorted(known)) + hint))
            continue
        if posixpath.join(resolved, "index.md") in site:
            index = posixpath.relpath(posixpath.join(resolved, "index.md"), posixpath.dirname(page) or ".")
            hint = f"pointez vers le fichier de la page : « {index} »"
            problems.append(Problem(shown, line, column, f"lien vers un dossier « {target} »", hint))
        else:
            pages = sorted(p for p in site if p.endswith(".md"))
            hint = "un lien relie deux fichiers .md de la source du site, relativement à cette page"
            problems.append(
                Problem(
                    shown,
                    line,
                    column,
                    f"lien vers une page inexistante « {target} »",
                    _suggest(resolved, pages) + hint,
                )
            )
    return problems


def nav_problems(
    config_path: str, docs: str, nav: list[tuple[str, int]], excluded: Any, pages: Iterable[str]
) -> list[Problem]:
    """Navigation entries to no page, and pages neither in the navigation nor in ``not_in_nav``."""
    pages = set(pages)
    listed = {entry for entry, _ in nav}
    problems = [
        Problem(
            config_path,
            line,
            1,
            f"la navigation cite « {entry} », qui n'existe pas",
            f"{_suggest(entry, sorted(pages))}corrigez le chemin (relatif à {docs}/) ou retirez l'entrée",
        )
        for entry, line in nav
        if entry.endswith(".md") and entry not in pages
    ]
    for page in sorted(pages - listed):
        if excluded is None or not excluded.match_file(page):
            hint = (
                "ajoutez-la à « nav: » dans mkdocs.yml (à la place voulue dans le menu), "
                "ou à « not_in_nav: » si elle n'est atteinte que par des liens"
            )
            problems.append(Problem(f"{docs}/{page}", 1, 1, "page absente de la navigation", hint))
    return problems


def data_folder_problems(files: Iterable[tuple[str, str]]) -> list[Problem]:
    """Files (``(shown path, path under docs/)``) other than Markdown pages in the folder of the
    data exports: the build writes its files there and would replace them without a word."""
    return [
        Problem(shown, 1, 1, f"fichier dans {DATA_FOLDER}/, le dossier des données que le référentiel écrit",
                "déplacez-le dans un autre dossier de docs/ : les fichiers de données sont générés")
        for shown, path in files
        if path.startswith(f"{DATA_FOLDER}/") and not path.endswith(".md")
    ]
