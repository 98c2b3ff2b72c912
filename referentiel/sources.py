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
#: Scalars are built by SafeLoader's constructor functions, called directly: its
#: ``construct_object`` would keep every node it ever saw (a leak of about 1.7 MB per parse).
_constructor = yaml.SafeLoader("")
_SCALARS = {tag: yaml.SafeLoader.yaml_constructors[tag] for tag in _ALLOWED_TAGS}

#: Deeper than any schema needs; a deeper structure is refused before Python's recursion limit.
MAX_DEPTH = 50

#: Characters no source needs and editors do not show: C0 and C1 controls except tab and line breaks.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")
_LONE_CR = re.compile("\r(?!\n)")


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


_OS_ERRORS: tuple[tuple[type[OSError], str], ...] = (
    (PermissionError, "permission refusée"),
    (FileNotFoundError, "fichier introuvable"),
    (IsADirectoryError, "c'est un dossier"),
)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be used: unreadable, not UTF-8,
    old Mac line endings (CR alone), invisible control characters."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = next((text for kind, text in _OS_ERRORS if isinstance(error, kind)), f"erreur système {error.errno}")
        hint = "vérifiez que le fichier existe et que vous avez le droit de le lire (chmod a+r)"
        return None, [Problem(shown, 1, 1, f"fichier illisible ({reason})", hint)]
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
    text = text.removeprefix("\ufeff")
    if lone := _LONE_CR.search(text):
        line, column = _line_column(text, lone.start())
        return None, [
            Problem(
                shown, line, column, "fin de ligne « retour chariot » seule (ancien format Mac)",
                "enregistrez le fichier avec des fins de ligne LF (Unix) ou CRLF (Windows) dans votre éditeur",
            )
        ]
    if invisible := _INVISIBLE.search(text):
        line, column = _line_column(text, invisible.start())
        code = ord(invisible.group())
        name = "octet nul" if code == 0 else "caractère de contrôle invisible"
        return None, [
            Problem(
                shown, line, column, f"{name} (U+{code:04X}) dans le fichier",
                "supprimez ce caractère (souvent collé depuis un autre logiciel) ou retapez le texte à cet endroit",
            )
        ]
    return text, []


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (lines end at LF, CRLF or CR)."""
    before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def parse_yaml(text: str, shown: str, *, first_line: int = 1) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document whose top level must be a mapping.

    ``first_line`` is the line of ``text``'s first line in its file (for front matter).
    """
    shift = first_line - 1
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, shown, shift)]
    except yaml.reader.ReaderError as error:  # a character YAML does not accept
        line, column = _line_column(text, error.position)
        return None, [
            Problem(
                shown,
                line + shift,
                column,
                f"caractère non accepté en YAML (U+{error.character:04X})"
                if isinstance(error.character, int)
                else "caractère non accepté en YAML",
                "supprimez ce caractère ou retapez le texte à cet endroit",
            )
        ]
    except yaml.YAMLError as error:
        return None, [Problem(shown, first_line, 1, f"YAML illisible ({type(error).__name__})", "vérifiez le fichier")]
    except RecursionError:  # the pure-Python composer recurses at each level
        line, column = _too_deep(text)
        return None, [_depth_problem(shown, line + shift, column)]
    if root is None:
        return None, [
            Problem(
                shown,
                first_line,
                1,
                "le fichier est vide",
                "remplissez-le à partir du modèle de ce type de fichier, ou supprimez-le",
            )
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


#: Front matter as MkDocs reads it (``mkdocs.utils.meta.YAML_RE``, on text whose line endings
#: were made LF): the closing line must end with a line break, or MkDocs shows the block as text.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING = re.compile(r"\A-{3}[ \t]*\n")
_UNTERMINATED = re.compile(r"\n(?:\.{3}|-{3})[ \t]*\Z")


def load_front_matter(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Parse a Markdown file's front matter; ``(None, [])`` when it has none."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        if _OPENING.match(text) and (end := _UNTERMINATED.search(text)):
            line = text.count("\n", 0, end.start()) + 2
            return None, [
                Problem(
                    shown, line, 4, "la ligne « --- » qui ferme l'en-tête termine le fichier sans retour à la ligne",
                    "ajoutez un retour à la ligne après « --- » (MkDocs afficherait sinon l'en-tête comme du texte)",
                )
            ]
        return None, []
    return parse_yaml(match.group(1) or "", shown, first_line=2)


def _mark(node: yaml.Node, shift: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + shift, node.start_mark.column + 1


def _build(
    node: yaml.Node, path: JsonPath, document: Document, problems: list[Problem], shift: int, seen: set[int]
) -> Any:
    """Turn a node into plain data, recording marks and rejecting what a safe source never needs."""
    document.marks[path] = _mark(node, shift)
    if len(path) > MAX_DEPTH:
        problems.append(_depth_problem(document.path, *_mark(node, shift)))
        return None
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
                document.path,
                line,
                column,
                f"étiquette YAML non acceptée : {node.tag.replace('tag:yaml.org,2002:', '!!')}",
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
                        document.path, line, column, f"la clé « {' '.join(str(key).split())[:80]} » apparaît deux fois",
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
    return _SCALARS[node.tag](_constructor, node)


def _depth_problem(shown: str, line: int, column: int) -> Problem:
    return Problem(
        shown, line, column, f"structure imbriquée sur plus de {MAX_DEPTH} niveaux",
        "aucun champ n'en demande autant : vérifiez les crochets, accolades et l'indentation",
    )


def _too_deep(text: str) -> tuple[int, int]:
    """Where a structure first goes deeper than ``MAX_DEPTH`` (read from events, which do not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            mark = event.start_mark  # always set by the parser; None only in hand-made events
            if depth > MAX_DEPTH + 1 and mark is not None:  # the document's own mapping is depth 1
                return mark.line + 1, mark.column + 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return 1, 1


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
        message, hint = (
            "le fichier contient plusieurs documents YAML",
            "retirez la ligne « --- » du milieu : un fichier décrit une seule entrée",
        )
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
