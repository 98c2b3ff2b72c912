"""Text helpers: accent folding, the site's slug function, and Markdown escaping of source text.

Source text is untrusted: whatever a YAML field holds must render as the same literal
text, never as markup. ``inline`` and ``paragraphs`` make sure of it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup

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


# Characters Python-Markdown (with our extensions) could read as markup; ``<``, ``>`` and
# ``&`` become entities instead, since a backslash does not escape raw HTML.
_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
# What would open a block (heading, list item) at the start of a line.
_BLOCK_START = re.compile(r"^(?:(\d+)([.)])|([#+-]))")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def inline(value: object) -> str:
    """Escape a value for any place in a Markdown line: one line, literal text."""
    if isinstance(value, Markup):
        return str(value)
    return _escape(str(value))


@lru_cache(maxsize=65536)
def _escape(value: str) -> str:
    text = " ".join(value.split())
    text = re.sub(r"[&<>]", lambda match: _ENTITIES[match.group()], text)
    text = _SPECIALS.sub(r"\\\1", text)
    return _BLOCK_START.sub(_escape_block_start, text, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    number, closer, marker = match.groups()
    return f"{number}\\{closer}" if number else f"\\{marker}"


def paragraphs(value: str) -> Markup:
    """Escape multi-paragraph text (paragraphs separated by a blank line)."""
    blocks = [block for block in re.split(r"\n\s*\n", value.strip()) if block.strip()]
    return Markup("\n\n".join(inline(block) for block in blocks))
