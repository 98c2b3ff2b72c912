"""What the body of a deliverable may hold: reviewed Markdown, nothing that runs or fetches.

A deliverable's body (docs/livrables/*.md, after its front matter) is written by a
contributor and reviewed in a pull request; Markdown, the site's extensions and layout HTML
(``<div markdown>``, ``<abbr>``, ``<br>``…) are welcome. What a reviewer can miss in a long
diff and the site never needs is refused by ``referentiel check`` (and so by the build):
elements that run code or load other documents, event-handler attributes (in HTML or in an
attribute list ``{: … }``), ``javascript:``/``vbscript:``/``data:`` addresses (also written
with character references), images and media loaded from another site, and snippet lines
``--8<--``, which would copy a file into the page. Code spans and fenced code blocks are text and are not looked at.
"""

from __future__ import annotations

import html
import re

from .problems import Problem

#: Elements that run code, style the whole page, or load another document.
FORBIDDEN_ELEMENTS = (
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base", "form",
)
_ELEMENT = re.compile(rf"<\s*({'|'.join(FORBIDDEN_ELEMENTS)})\b", re.IGNORECASE)
#: ``onclick=`` inside an HTML tag or an attribute list.
_HANDLER = re.compile(r"(?:<[a-z][^>]*?|\{:?[^}\n]*?)[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
_SCHEME = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|=\s*[\"']?|<)\s*((?:javascript|vbscript|data):)", re.IGNORECASE)
#: An image or any ``src`` loaded from another host (a page never fetches from the network).
_REMOTE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*(?:[a-z]+:)?//|\bsrc\s*=\s*[\"']?\s*(?:[a-z]+:)?//", re.IGNORECASE)
_SNIPPET = re.compile(r"^[ \t]*;*-+8<-+")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_INVISIBLE = re.compile(r"[\x00-\x1f ]")


def body_problems(text: str, shown: str) -> list[Problem]:
    """Problems in a deliverable's Markdown body (``text`` is the whole file: positions are
    the file's), the front matter left to its schema."""
    problems: list[Problem] = []
    fence: str | None = None
    lines = text.splitlines()
    start = 0
    if lines and lines[0].rstrip() == "---":  # the front matter is YAML, checked by its schema
        start = next((i + 1 for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), len(lines))
    for number, line in enumerate(lines[start:], start + 1):
        if opened := _FENCE.match(line):
            marker = opened.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        line = _CODE_SPAN.sub(lambda span: " " * len(span.group()), line)
        problems += _line_problems(line, shown, number)
    return problems


def _line_problems(line: str, shown: str, number: int) -> list[Problem]:
    found: list[Problem] = []
    if _SNIPPET.match(line):
        found.append(
            Problem(
                shown,
                number,
                line.index("-") + 1,
                "inclusion de fichier « --8<-- » non admise dans un livrable",
                "recopiez le texte voulu dans le livrable, ou faites un lien vers la page qui le contient",
            )
        )
    for match in _ELEMENT.finditer(line):
        found.append(
            Problem(
                shown,
                number,
                match.start() + 1,
                f"balise <{match.group(1).lower()}> non admise dans un livrable",
                "retirez-la : un livrable est du Markdown, le site n'exécute aucun script "
                "et ne charge rien d'extérieur",
            )
        )
    for match in _HANDLER.finditer(line):
        found.append(
            Problem(
                shown,
                number,
                match.start(1) + 1,
                f"attribut « {match.group(1).lower()} » non admis dans un livrable",
                "retirez-le : le site n'exécute aucun code venu des pages",
            )
        )
    for match in _SCHEME.finditer(line):
        found.append(_scheme_problem(shown, number, match.start(1) + 1, match.group(1)))
    if "&" in line or _INVISIBLE.search(line.strip(" ")):  # "&#106;avascript:", "java&Tab;script:"
        decoded = _INVISIBLE.sub("", html.unescape(line))
        for hidden in _SCHEME.findall(decoded)[len(_SCHEME.findall(line)) :]:
            found.append(_scheme_problem(shown, number, 1, hidden))
    for match in _REMOTE.finditer(line):
        found.append(
            Problem(
                shown,
                number,
                match.start() + 1,
                "image ou média chargé depuis un autre site",
                "le site ne charge rien d'extérieur : enregistrez le fichier dans docs/ et donnez son chemin, "
                "ou faites un lien",
            )
        )
    return found


def _scheme_problem(shown: str, line: int, column: int, scheme: str) -> Problem:
    return Problem(shown, line, column, f"adresse « {scheme.lower()} » non admise dans un livrable",
                   "donnez une adresse web (https://…) ou le lien d'une page du site")
