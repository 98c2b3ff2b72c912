"""Glossary terms linked in the HTML of every page, French-aware, in one pass per page.

Each text node outside code, links, headings and the like is cut into words; at each word
the longest run of words that spells a term form is looked up in a dictionary (so the cost
depends on the length of the page, not on the number of terms). Words are separated by
spaces (non-breaking too), hyphens and apostrophes (straight or typographic), which gives
elision for free: in « l’AMOA » the words are « l » and « AMOA ».

Acronyms match with their exact case ("moe" never matches MOE); other forms match in any
case (a capital at the start of a sentence). Each form also matches its plural.

Decision: in each section (the text between two headings) the first occurrence of a term
becomes a link to its glossary entry with the short definition as tooltip; later ones in the
same section get the tooltip only (``<abbr title>``), so the page is not a sea of links but
every occurrence explains itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from .model import Framework

#: Elements whose text is never linked.
SKIPPED = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "svg", "title", "button",
                     "textarea", "select", "h1", "h2", "h3", "h4", "h5", "h6", "label", "dt"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Little words that a plural leaves alone: « maîtres d’ouvrage », not « maîtres d’ouvrages ».
FUNCTION_WORDS = frozenset({"d", "de", "du", "des", "l", "la", "le", "les", "à", "au", "aux", "et", "en", "pour", "par", "sur"})

#: An element whose text is never linked, with all it contains (or a comment).
_SKIPPED_SPAN = re.compile(
    r"<(%s)\b([^>]*)>.*?</\1\s*>|<!--.*?-->" % "|".join(sorted(SKIPPED, key=len, reverse=True)), re.S | re.I
)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"\w+", re.UNICODE)
_JOINER = re.compile(r"[\s\u00a0\u202f]*(?:['’\-][\s\u00a0\u202f]*)?|[\s\u00a0\u202f]+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_ID = re.compile(r'\bid="([^"]*)"')


@dataclass(frozen=True)
class TermEntry:
    """What the linker needs of a glossary term."""

    id: str
    forms: tuple[str, ...]  # the term, its variants (matched in any case)
    acronym: str | None  # matched with its exact case
    short: str


def entries(framework: Framework) -> list[TermEntry]:
    return [TermEntry(t.id, (t.term, *t.variants), t.acronym, t.short) for t in framework.terms.values()]


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z")) or not word[-1:].isalpha():
        return word
    if word.endswith(("eau", "au", "eu")):
        return word + "x"
    return word + "s"


def plurals(form: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Plural spellings of a form: the words before the first preposition, or every content word."""
    head = next((i for i, w in enumerate(form) if w.casefold() in FUNCTION_WORDS), len(form))
    first = tuple(_plural(w) if i < head else w for i, w in enumerate(form))
    every = tuple(w if w.casefold() in FUNCTION_WORDS else _plural(w) for w in form)
    return {first, every}


class Linker:
    """Links the terms of one glossary into HTML pages."""

    def __init__(self, terms: Iterable[TermEntry]) -> None:
        self.terms = {term.id: term for term in terms}
        self._folded: dict[tuple[str, ...], str] = {}  # casefolded words → term id
        self._exact: dict[tuple[str, ...], str] = {}  # acronyms, exact case
        for term in self.terms.values():
            for form in (*term.forms, *([term.acronym] if term.acronym else [])):
                spellings = {words(form)} | plurals(words(form))
                if form.isupper():  # an acronym: exact case, so "moe" is not MOE
                    for spelling in spellings:
                        self._exact.setdefault(spelling, term.id)
                else:
                    for spelling in spellings:
                        self._folded.setdefault(tuple(w.casefold() for w in spelling), term.id)
        self._longest = max((len(key) for key in (*self._folded, *self._exact)), default=0)
        self._folded_prefixes = {key[:n] for key in self._folded for n in range(1, len(key) + 1)}
        self._exact_prefixes = {key[:n] for key in self._exact for n in range(1, len(key) + 1)}
        # words that can start a term, lower-cased: a text sharing none of them is skipped at C speed
        self._first_words = frozenset(key[0] for key in self._folded) | frozenset(key[0].casefold() for key in self._exact)

    def link(self, html: str, glossary_href: str) -> tuple[str, set[str]]:
        """The page with its terms linked, and the ids of the terms it uses.

        ``glossary_href`` is the URL of the glossary page relative to this page ("" on the
        glossary page itself); a term is never linked inside its own glossary entry.
        """
        out: list[str] = []
        used: set[str] = set()
        linked_here: set[str] = set()  # terms already linked in the current section
        entry: str | None = None  # the glossary entry being read (on the glossary page)
        position = 0
        for skipped in _SKIPPED_SPAN.finditer(html):
            out.append(self._segment(html[position : skipped.start()], linked_here, used, glossary_href, entry))
            out.append(skipped.group())
            position = skipped.end()
            if (skipped.group(1) or "").lower() in HEADINGS:  # a new section
                linked_here = set()
                if glossary_href == "" and (found := _ID.search(skipped.group(2) or "")):
                    entry = found.group(1) if found.group(1) in self.terms else None
        out.append(self._segment(html[position:], linked_here, used, glossary_href, entry))
        return "".join(out), used

    def _segment(self, html: str, linked_here: set[str], used: set[str], href: str, entry: str | None) -> str:
        """HTML free of skipped elements: its text nodes linked, its tags untouched."""
        if self._first_words.isdisjoint(_WORD.findall(html.casefold())):
            return html  # no word of it can start a term: the common case, decided in C
        parts = _TAG_SPLIT.split(html)  # text, tag, text, tag…
        for index in range(0, len(parts), 2):
            parts[index] = self._text(parts[index], linked_here, used, href, entry)
        return "".join(parts)

    def _text(self, text: str, linked_here: set[str], used: set[str], href: str, entry: str | None) -> str:
        matches = self._matches(text)
        if not matches:
            return text
        pieces: list[str] = []
        position = 0
        for start, end, term_id in matches:
            if term_id == entry:
                continue
            term = self.terms[term_id]
            title = escape(term.short, quote=True)
            pieces.append(text[position:start])
            if term_id in linked_here:
                pieces.append(f'<abbr class="rf-term" title="{title}">{text[start:end]}</abbr>')
            else:
                pieces.append(f'<a class="rf-term" href="{escape(href)}#{term_id}" title="{title}">{text[start:end]}</a>')
                linked_here.add(term_id)
            used.add(term_id)
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term id) of each longest match, left to right, not overlapping."""
        masked = _URL.sub(lambda m: " " * len(m.group()), text) if ("/" in text or "@" in text or "www." in text) else text
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(masked)]
        folded = [token.casefold() for _, _, token in tokens]
        found: list[tuple[int, int, str]] = []
        free = 0  # the first word not inside a match already found
        for index, word in enumerate(folded):
            if index < free or word not in self._first_words:
                continue
            match = self._longest_at(tokens, folded, index, text)
            if match is not None:
                count, term_id = match
                found.append((tokens[index][0], tokens[index + count - 1][1], term_id))
                free = index + count
        return found

    def _longest_at(self, tokens: list[tuple[int, int, str]], folded: list[str], index: int, text: str) -> tuple[int, str] | None:
        """(number of words, term id) of the longest term starting at ``tokens[index]``.

        Runs grow only while they are the beginning of some term: most words cost one lookup."""
        best: tuple[int, str] | None = None
        exact: tuple[str, ...] | None = ()  # None once no acronym starts this way
        loose: tuple[str, ...] | None = ()  # None once no folded form starts this way
        for current in range(index, min(index + self._longest, len(tokens))):
            if current > index and not _JOINER.fullmatch(text[tokens[current - 1][1] : tokens[current][0]]):
                break
            if exact is not None:
                exact = (*exact, tokens[current][2])
                exact = exact if exact in self._exact_prefixes else None
            if loose is not None:
                loose = (*loose, folded[current])
                loose = loose if loose in self._folded_prefixes else None
            if exact is None and loose is None:
                break
            term_id = (self._exact.get(exact) if exact else None) or (self._folded.get(loose) if loose else None)
            if term_id:
                best = (current - index + 1, term_id)
        return best


_BACKLINKS = re.compile(r"<!-- rf-backlinks:([\w-]+) -->")


def backlinks_marker(term_id: str) -> str:
    """Where a glossary entry's « pages qui emploient ce terme » goes, once every page is linked."""
    return f"<!-- rf-backlinks:{term_id} -->"


def insert_backlinks(html: str, users: dict[str, list[tuple[str, str]]]) -> str:
    """Replace each entry's marker by links to the pages that use the term: (href, plain title)."""

    def replace(match: re.Match[str]) -> str:
        pages = users.get(match.group(1), [])
        if not pages:
            return ""
        links = ", ".join(f'<a href="{escape(href)}">{escape(title, quote=False)}</a>' for href, title in sorted(pages, key=lambda p: p[1]))
        return f'<p class="rf-backlinks"><em>Pages qui emploient ce terme :</em> {links}</p>'

    return _BACKLINKS.sub(replace, html)
