"""Reading source files: UTF-8 text, safe YAML, front matter, with the position of every value.

Only plain YAML is accepted: no Python tags, no anchors or aliases, no duplicate keys.
Values become plain JSON-like data (mapping keys are the text as written, dates stay
strings) so that the JSON Schemas apply as they read. Every problem is a ``Problem``
with a 1-based line and column; nothing here raises on bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

#: libyaml when PyYAML was built with it (ten times faster), else the pure-Python loader.
Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JsonPath = tuple[str | int, ...]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.SafeLoader("")  # only its scalar constructors are used


@dataclass
class Document:
    """A parsed YAML document: its data, and where each value and key starts."""

    path: str
    data: Any
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or its key) at ``path``, or of its nearest ancestor."""
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, path: JsonPath, message: str, hint: str = "", *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.path, line, column, message, hint)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying where it is not UTF-8."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                shown, line, column,
                f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[error.start]:02x} illisible)",
                "enregistrez le fichier en UTF-8 dans votre éditeur",
            )
        ]
    return text.removeprefix("\ufeff"), []


def parse_yaml(text: str, shown: str, *, first_line: int = 1) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document whose top level must be a mapping.

    ``first_line`` is the line of ``text``'s first line in its file (for front matter).
    """
    shift = first_line - 1
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, shown, shift)]
    except yaml.YAMLError as error:  # a reader error without a mark
        return None, [Problem(shown, first_line, 1, f"YAML illisible : {error}", "vérifiez le fichier")]
    if root is None:
        return None, [
            Problem(shown, first_line, 1, "le fichier est vide", "remplissez-le à partir du modèle de ce type de fichier, ou supprimez-le")
        ]
    document = Document(shown, None)
    problems: list[Problem] = []
    document.data = _build(root, (), document, problems, shift, set())
    if problems:
        return None, problems
    if not isinstance(document.data, dict):
        line, column = _mark(root, shift)
        return None, [
            Problem(
                shown, line, column,
                "le fichier doit être une suite de champs « clé: valeur », pas une liste ni une valeur seule",
                "commencez le fichier par « id: … » et les autres champs, sans tiret devant",
            )
        ]
    return document, []


def load_yaml_file(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML source file."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_yaml(text, shown)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def load_front_matter(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Parse a Markdown file's front matter; ``(None, [])`` when it has none."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, []
    return parse_yaml(match.group(1) or "", shown, first_line=2)


def _mark(node: yaml.Node, shift: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + shift, node.start_mark.column + 1


def _build(
    node: yaml.Node, path: JsonPath, document: Document, problems: list[Problem], shift: int, seen: set[int]
) -> Any:
    """Turn a node into plain data, recording marks and rejecting what a safe source never needs."""
    document.marks[path] = _mark(node, shift)
    if id(node) in seen:
        line, column = _mark(node, shift)
        problems.append(
            Problem(
                document.path, line, column,
                "les ancres et alias YAML (&nom, *nom) ne sont pas acceptés",
                "écrivez la valeur en entier à chaque endroit",
            )
        )
        return None
    seen.add(id(node))
    if node.tag not in _ALLOWED_TAGS:
        line, column = _mark(node, shift)
        problems.append(
            Problem(
                document.path, line, column, f"étiquette YAML non acceptée : {node.tag.replace('tag:yaml.org,2002:', '!!')}",
                "retirez l'étiquette (le mot qui commence par « ! ») et écrivez une simple valeur",
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                line, column = _mark(key_node, shift)
                problems.append(
                    Problem(document.path, line, column, "clé invalide", "une clé est un simple mot suivi de « : »")
                )
                continue
            key = key_node.value
            if key in result:
                line, column = _mark(key_node, shift)
                problems.append(
                    Problem(
                        document.path, line, column, f"la clé « {key} » apparaît deux fois",
                        "gardez une seule occurrence de ce champ",
                    )
                )
                continue
            document.key_marks[(*path, key)] = _mark(key_node, shift)
            result[key] = _build(value_node, (*path, key), document, problems, shift, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), document, problems, shift, seen) for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay "AAAA-MM-JJ" strings
    return _constructor.construct_object(node)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, shown: str, shift: int) -> Problem:
    unclosed_quote = "quoted scalar" in (error.context or "") and error.context_mark is not None
    mark = error.context_mark if unclosed_quote else (error.problem_mark or error.context_mark)
    line_index = mark.line if mark else 0
    column = (mark.column + 1) if mark else 1
    lines = text.splitlines()
    current = lines[line_index] if line_index < len(lines) else ""
    what = error.problem or "erreur de syntaxe"
    if "\t" in current[: max(column, len(current) - len(current.lstrip()))]:
        message, hint = "tabulation dans l'indentation", "indentez avec des espaces, jamais avec la touche Tab"
    elif unclosed_quote:
        message, hint = "guillemet ouvert ici mais jamais fermé", "fermez le guillemet à la fin de la valeur"
    elif "expected a single document" in str(error):
        message, hint = "le fichier contient plusieurs documents YAML", "retirez la ligne « --- » du milieu : un fichier décrit une seule entrée"
    elif "mapping values are not allowed" in what:
        message, hint = "deux-points inattendu", "mettez entre guillemets une valeur qui contient « : »"
    else:
        message = f"syntaxe YAML invalide ({what})"
        hint = "vérifiez l'indentation, les tirets de liste et les guillemets sur cette ligne et la précédente"
    return Problem(shown, line_index + 1 + shift, column, message, hint)


def split_front_matter(text: str) -> tuple[str, str, str]:
    """``(front matter block with its fences, the YAML inside, the rest)``; ``("", "", text)`` without one."""
    match = _FRONT_MATTER.match(text)
    return (match.group(), match.group(1) or "", text[match.end() :]) if match else ("", "", text)
