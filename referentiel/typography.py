"""French typography of a built HTML page: no-break spaces before high punctuation and inside
guillemets, so that no line starts with « : », « ; », « ! », « ? » or « » ».

The convention, after the Imprimerie nationale's *Lexique des règles typographiques*:

- a narrow no-break space (U+202F, « espace fine insécable ») before ``;``, ``!`` and ``?``;
- a no-break space (U+00A0, « espace-mot insécable ») before ``:``, after ``«`` and before ``»``.

Decision: only the spaces a writer typed are changed (a run of ordinary white space before the
sign becomes the one no-break space); none is added where there was none, so « 14:30 »,
« C# », a URL's ``?`` and ``:`` or an English « Note: » stay as written. Spaces already
no-break are kept. Text inside ``code``, ``pre``, ``kbd``, ``samp``, ``script``, ``style``
and ``textarea`` is left alone, as are tags, attribute values and comments: only text nodes
change. A URL holds no space, so it never changes either.

One pass over the page (linear in its length): the page is cut at its tags; a space at the end
of a text node and the sign at the start of the next one, across inline tags only
(« <a>voir</a> : »), are joined as if they were one text.
"""

from __future__ import annotations

import re

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

#: Elements whose text is written as it is (code, program text).
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
#: Elements inside a line of text: a space before one and a sign after it are on the same line.
INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i", "ins", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "time", "u", "var", "tspan",
})

#: A comment, a tag (attribute values quoted with " or ' may hold ">"), a doctype or a CDATA section.
_TAG = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>\"']+|\"[^\"]*\"|'[^']*')*>|<![^>]*>|<\?[^>]*>",
    re.DOTALL,
)
_SPACES = "[ \t\r\n]+"
#: An ordinary space before a sign (its kind told by the group that matched), or after « .
#: (A run is matched from its first space only: the search stays linear in long runs.)
_FAULT = re.compile(rf"(?<![ \t\r\n]){_SPACES}(?=([;!?])|([:»]))|(?<=«){_SPACES}")
_SIGN = re.compile("[;!?:«»]")
_LEADING = re.compile(rf"^{_SPACES}")
_TRAILING = re.compile(rf"(?<![ \t\r\n]){_SPACES}$")


def _space(match: re.Match[str]) -> str:
    return NARROW_NBSP if match.group(1) else NBSP


def _fix(text: str) -> str:
    return _FAULT.sub(_space, text) if _SIGN.search(text) else text


def french_spacing(html: str) -> str:
    """The page with French no-break spaces in its text (see the module's convention)."""
    parts: list[str] = []
    verbatim: str | None = None  # the verbatim element being passed over, and its nesting depth
    depth = 0
    pending: int | None = None  # index in parts of the last text, if only inline tags followed it
    position = 0
    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        position = tag.end()
        if text and verbatim is None:
            pending = _text(parts, text, pending)
        elif text:
            parts.append(text)
        parts.append(tag.group())
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if verbatim is not None:
            if name == verbatim:
                depth += -1 if closing else 1
                if depth == 0:
                    verbatim = None
        elif name in VERBATIM and not tag.group().endswith("/>"):
            verbatim, depth, pending = name, 1, None
        elif name not in INLINE and not tag.group().startswith("<!--"):
            pending = None
    if tail := html[position:]:
        if verbatim is None:
            _text(parts, tail, pending)
        else:
            parts.append(tail)
    return "".join(parts)


def _text(parts: list[str], text: str, pending: int | None) -> int:
    """Append a text node, fixed; join it with the previous one on its line. Returns its index."""
    if pending is not None:
        previous = parts[pending]
        if text[0] in ";!?:»" and _TRAILING.search(previous):
            parts[pending] = _TRAILING.sub(NARROW_NBSP if text[0] in ";!?" else NBSP, previous)
        elif previous.endswith("«") and _LEADING.match(text):
            text = _LEADING.sub(NBSP, text)
    parts.append(_fix(text))
    return len(parts) - 1
