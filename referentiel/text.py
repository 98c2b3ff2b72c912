"""Text helpers: accent folding, the site's slug function, words and their forms, and Markdown
escaping of source text.

Source text is untrusted: whatever a YAML field holds must render as the same literal
text, never as markup. ``inline`` and ``paragraphs`` make sure of it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, without accents or ligatures: "Maîtrise d’œuvre" → "maitrise d’oeuvre"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LIGATURES).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(value: str, separator: str = "-") -> str:
    """The site's anchor slugs: French words kept readable and ASCII.

    "Maître d’œuvre (MOE)" → "maitre-d-oeuvre-moe". Apostrophes and punctuation separate
    words, accents and ligatures are folded. Signature of Python-Markdown's ``toc`` slugify.
    """
    value = re.sub(r"<[^>]*>", "", value)
    words = re.findall(r"[a-z0-9]+", fold(value))
    return separator.join(words)


#: A word: what the linker and the glossary rules count as one.
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> tuple[str, ...]:
    """The words of a text, as the glossary linker and the glossary rules cut it: in « l’AMOA »
    the words are « l » and « AMOA »."""
    return tuple(WORD.findall(text))


#: Feminine endings and the masculine ones they come from: « conductrice » → « conducteur ».
_FEMININE = (
    ("rice", "eur"), ("euse", "eur"), ("ère", "er"), ("enne", "en"), ("onne", "on"), ("ette", "et"), ("esse", "e")
)


def _lemma(word: str) -> str:
    """A word without its marks of number and gender, roughly: enough to tell « réserves »
    from « réserve » (one word) and « programmiste » from « programme » (two)."""
    word = word.casefold()
    if len(word) > 3 and word.endswith(("s", "x")):
        word = word[:-1]
    for feminine, masculine in _FEMININE:
        if word.endswith(feminine):
            word = word[: -len(feminine)] + masculine
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def same_word(first: str, second: str) -> bool:
    """Whether two one-word spellings are forms of one word (number, gender, case)."""
    return _lemma(first) == _lemma(second)


# Characters Python-Markdown (with our extensions) could read as markup; ``<``, ``>`` and
# ``&`` become entities instead, since a backslash does not escape raw HTML.
_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: What else can start a line that opens a Markdown block, in Python-Markdown or in an
#: extension a site might enable (the characters above are escaped wherever they stand):
#: headings, lists, rules and setext underlines, fences (``~~~``), admonitions (``!!!``),
#: details (``???``), blocks (``///``), snippets (``--8<--``), ``:::`` and definition lists,
#: math. Tables, HTML blocks, quotes, reference definitions, footnotes, abbreviations
#: (``*[X]: …``) and attribute lists start with an always-escaped character.
_BLOCK_OPENERS = frozenset("#-+=~!?/:$%")
#: Those Python-Markdown unescapes after a backslash (its ESCAPED_CHARS); the others are
#: written as a numeric character reference, which no block syntax matches.
_BACKSLASHED = frozenset("#-+!")
_ORDERED_ITEM = re.compile(r"(\d+)([.)])")


def inline(value: object) -> str:
    """Escape a value for any place in a Markdown line: one line, literal text.

    Also right at the start of a line: whatever the value starts with, it opens no block.
    """
    if isinstance(value, Markup):
        return str(value)
    return _escape(str(value))


@lru_cache(maxsize=65536)
def _escape(value: str) -> str:
    text = " ".join(value.split())
    head = ""
    if ordered := _ORDERED_ITEM.match(text):  # "1." or "2)" would open an ordered list
        head, text = f"{ordered[1]}\\{ordered[2]}", text[ordered.end() :]
    elif text[:1] in _BLOCK_OPENERS:
        head, text = (f"\\{text[0]}" if text[0] in _BACKSLASHED else f"&#{ord(text[0])};"), text[1:]
    text = re.sub(r"[&<>]", lambda match: _ENTITIES[match.group()], text)
    return head + _SPECIALS.sub(r"\\\1", text)


def paragraphs(value: str) -> Markup:
    """Escape multi-paragraph text (paragraphs separated by a blank line): each paragraph
    is literal text, and none opens a block (admonition, list, snippet…)."""
    blocks = [block for block in re.split(r"\n\s*\n", value.strip()) if block.strip()]
    return Markup("\n\n".join(inline(block) for block in blocks))


def html(value: object) -> Markup:
    """Escape a value for raw HTML that Markdown leaves alone (a line opening a block-level
    element such as ``<p>`` or ``<nav>``): there, Markdown escapes would show as typed."""
    return escape(str(value))


def anchor(value: str) -> str:
    """A piece of an HTML id and URL fragment drawn from text: its slug, or the code points of
    its characters when it has no letter or digit ("«" → "u00ab")."""
    return slugify(value) or "-".join(f"u{ord(char):04x}" for char in value)


MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def french_date(value: str) -> str:
    """"2026-10-05" → "5 octobre 2026" (an ISO date as the sources write it)."""
    year, month, day = value.split("-")
    return f"{int(day)}{'er' if day == '01' else ''} {MONTHS[int(month) - 1]} {year}"
