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

Decision: a link must give the right sense, so these are never linked:
- other people's words: text between French quotation marks « … » (titles of documents,
  official labels such as a ROME job title, quotations), and any element of class
  ``rf-no-terms`` (the templates put it on source lists and tables of official labels);
- the one-word forms (« programme », « réception ») of a term marked ``ordinary_word``,
  except on pages written in the framework's own vocabulary (``uses_defined_senses``): a
  training's « le programme se déroule… » is the ordinary word, not the construction
  programme. Its longer forms (« programme de l’opération ») are linked everywhere;
- a term's ``other_senses``, phrases where its words mean something else (« programme
  d’opérations »): matched like forms, so the longest match wins, and linked to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import quote

from .layout import DELIVERABLE, DOCS_FOLDER, TRAINING
from .model import Framework
from .text import WORD, words

#: Elements whose text is never linked.
SKIPPED = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "svg", "title", "button",
                     "textarea", "select", "h1", "h2", "h3", "h4", "h5", "h6", "label", "dt"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Little words that a plural leaves alone: « maîtres d’ouvrage », not « maîtres d’ouvrages ».
FUNCTION_WORDS = frozenset(
    {"d", "de", "du", "des", "l", "la", "le", "les", "à", "au", "aux", "et", "en", "pour", "par", "sur"}
)

#: Class of an element whose text is never linked (it must not contain an element of its own tag).
NO_TERMS_CLASS = "rf-no-terms"
#: Kinds whose pages are not written in the framework's own vocabulary: others' offers, workshop write-ups.
FREE_PROSE_KINDS = (TRAINING, DELIVERABLE)

#: An element whose text is never linked, with all it contains (or a comment).
_SKIPPED_SPAN = re.compile(
    rf"<({'|'.join(sorted(SKIPPED, key=len, reverse=True))})\b([^>]*)>.*?</\1\s*>|<!--.*?-->"
    rf"|<([a-z][a-z0-9]*)\b(?=[^>]*\bclass=\"[^\"]*\b{NO_TERMS_CLASS}\b)[^>]*>.*?</\3\s*>",
    re.DOTALL | re.IGNORECASE,
)
#: The end of a block: a quotation left open does not run past it.
_BLOCK_END = re.compile(r"</(?:p|li|td|th|dd|dt|div|blockquote|caption|figcaption|section)\s*>", re.IGNORECASE)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
#: What may stand between two words of a term: spaces, an apostrophe or a hyphen, or the point
#: médian of inclusive writing (« chef·fe de projet »: the words « chef », « fe », « de », « projet »).
_JOINER = re.compile(r"[\s\u00a0\u202f]*(?:['’\-][\s\u00a0\u202f]*)?|[\s\u00a0\u202f]+|·")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_ID = re.compile(r'\bid="([^"]*)"')


@dataclass(frozen=True)
class TermEntry:
    """What the linker needs of a glossary term."""

    id: str
    forms: tuple[str, ...]  # the term, its variants (matched in any case)
    acronym: str | None  # matched with its exact case
    short: str
    ordinary_word: bool = False  # one-word forms linked only on pages that use defined senses
    other_senses: tuple[str, ...] = ()  # phrases where its words mean something else: never linked


def entries(framework: Framework) -> list[TermEntry]:
    return [
        TermEntry(t.id, (t.term, *t.variants), t.acronym, t.short, t.ordinary_word, t.other_senses)
        for t in framework.terms.values()
    ]


def uses_defined_senses(source: str) -> bool:
    """Whether the page drawn from ``source`` (its file or folder in the project, as its edit
    link names it) is written in the framework's own vocabulary, where an ordinary word that
    is a glossary term takes the glossary's sense: not hand-written pages (docs/), not
    trainings (others' offers) nor deliverables (workshop write-ups)."""
    folders = [DOCS_FOLDER, *(kind.folder for kind in FREE_PROSE_KINDS if kind.folder)]
    return not any(source == folder or source.startswith(folder + "/") for folder in folders)


def _unquoted(text: str, depth: int) -> tuple[str, int]:
    """``text`` with what is inside « … » blanked out (same length), and the quotation depth
    after it (``depth`` before it: a quotation may span several text nodes)."""
    if depth == 0 and "«" not in text:
        return text, 0
    chars = list(text)
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
        elif char == "»":
            depth = max(depth - 1, 0)
        elif depth:
            chars[index] = " "
    return "".join(chars), depth


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


@dataclass
class _Page:
    """Where the linker is in a page."""

    linked_here: set[str]  # terms already linked in the current section
    used: set[str]  # terms the page uses
    href: str  # the glossary page, relative to this page
    entry: str | None  # the glossary entry being read (on the glossary page)
    defined_senses: bool  # ordinary words that are terms take their glossary sense here


class Linker:
    """Links the terms of one glossary into HTML pages."""

    def __init__(self, terms: Iterable[TermEntry]) -> None:
        self.terms = {term.id: term for term in terms}
        self._folded: dict[tuple[str, ...], str] = {}  # casefolded words → term id
        self._exact: dict[tuple[str, ...], str] = {}  # acronyms, exact case
        ordinary: set[tuple[str, ...]] = set()  # one-word spellings of ordinary words
        for term in self.terms.values():
            for form in (*term.forms, *([term.acronym] if term.acronym else [])):
                spellings = {words(form)} | plurals(words(form))
                if form.isupper():  # an acronym: exact case, so "moe" is not MOE
                    for spelling in spellings:
                        self._exact.setdefault(spelling, term.id)
                else:
                    for spelling in spellings:
                        key = tuple(w.casefold() for w in spelling)
                        if self._folded.setdefault(key, term.id) == term.id and term.ordinary_word and len(key) == 1:
                            ordinary.add(key)
            for phrase in term.other_senses:  # matched like a form, linked to nothing
                for spelling in {words(phrase)} | plurals(words(phrase)):
                    self._folded.setdefault(tuple(w.casefold() for w in spelling), "")
        self._ordinary = frozenset(ordinary)
        self._longest = max((len(key) for key in (*self._folded, *self._exact)), default=0)
        self._folded_prefixes = {key[:n] for key in self._folded for n in range(1, len(key) + 1)}
        self._exact_prefixes = {key[:n] for key in self._exact for n in range(1, len(key) + 1)}
        # words that can start a term, lower-cased: a text sharing none of them is skipped at C speed
        self._first_words = frozenset(key[0] for key in self._folded) | frozenset(
            key[0].casefold() for key in self._exact
        )

    def link(self, html: str, glossary_href: str, *, defined_senses: bool = True) -> tuple[str, set[str]]:
        """The page with its terms linked, and the ids of the terms it uses.

        ``glossary_href`` is the URL of the glossary page relative to this page ("" on the
        glossary page itself); a term is never linked inside its own glossary entry.
        ``defined_senses``: the page uses ordinary words that are terms in their glossary
        sense (``uses_defined_senses`` of its source), so their one-word forms are linked.
        """
        out: list[str] = []
        page = _Page(set(), set(), glossary_href, None, defined_senses)
        quoted = 0  # depth of « quotation » at this point
        position = 0
        for skipped in _SKIPPED_SPAN.finditer(html):
            text, quoted = self._segment(html[position : skipped.start()], page, quoted)
            out.append(text)
            out.append(skipped.group())
            position = skipped.end()
            if (skipped.group(1) or "").lower() in HEADINGS:  # a new section
                page.linked_here, quoted = set(), 0
                if glossary_href == "" and (found := _ID.search(skipped.group(2) or "")):
                    page.entry = found.group(1) if found.group(1) in self.terms else None
        out.append(self._segment(html[position:], page, quoted)[0])
        return "".join(out), page.used

    def _segment(self, html: str, page: _Page, quoted: int) -> tuple[str, int]:
        """HTML free of skipped elements: its text nodes linked, its tags untouched; and the
        quotation depth at its end."""
        if not quoted and "«" not in html and self._first_words.isdisjoint(WORD.findall(html.casefold())):
            return html, 0  # no word of it can start a term: the common case, decided in C
        parts = _TAG_SPLIT.split(html)  # text, tag, text, tag…
        for index, part in enumerate(parts):
            if index % 2:
                quoted = 0 if quoted and _BLOCK_END.fullmatch(part) else quoted
                continue
            visible, quoted_after = _unquoted(part, quoted)
            parts[index] = self._text(part, visible, page)
            quoted = quoted_after
        return "".join(parts), quoted

    def _text(self, text: str, visible: str, page: _Page) -> str:
        """``text`` with its terms linked; ``visible``: the same with quoted words blanked out."""
        linked_here, used, href, entry = page.linked_here, page.used, page.href, page.entry
        matches = self._matches(text, visible, page.defined_senses)
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
            if not href:  # the glossary itself: the entry is on the page, a link to it says enough (no tooltip)
                pieces.append(text[start:end] if term_id in linked_here else
                              f'<a class="rf-term" href="#{term_id}">{text[start:end]}</a>')
                linked_here.add(term_id)
            elif term_id in linked_here:
                pieces.append(f'<abbr class="rf-term" title="{title}">{text[start:end]}</abbr>')
            else:
                pieces.append(
                    f'<a class="rf-term" href="{escape(href)}#{term_id}" title="{title}">{text[start:end]}</a>'
                )
                linked_here.add(term_id)
            used.add(term_id)
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def _matches(self, text: str, visible: str, defined_senses: bool) -> list[tuple[int, int, str]]:
        """(start, end, term id) of each longest match, left to right, not overlapping, among
        the words of ``visible`` (``text`` with quoted words blanked out)."""
        masked = (
            _URL.sub(lambda m: " " * len(m.group()), visible)
            if ("/" in text or "@" in text or "www." in text)
            else visible
        )
        tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(masked)]
        folded = [token.casefold() for _, _, token in tokens]
        found: list[tuple[int, int, str]] = []
        free = 0  # the first word not inside a match already found
        for index, word in enumerate(folded):
            if index < free or word not in self._first_words:
                continue
            match = self._longest_at(tokens, folded, index, text, defined_senses)
            if match is not None:
                count, term_id = match
                if term_id:  # not another sense of its words
                    found.append((tokens[index][0], tokens[index + count - 1][1], term_id))
                free = index + count
        return found

    def _longest_at(
        self, tokens: list[tuple[int, int, str]], folded: list[str], index: int, text: str, defined_senses: bool
    ) -> tuple[int, str] | None:
        """(number of words, term id) of the longest term starting at ``tokens[index]`` (term id
        "" for a phrase in which a term's words have another sense).

        Runs grow only while they are the beginning of some term: most words cost one lookup.
        Without ``defined_senses``, a one-word form of an ordinary word does not count."""
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
            term_id = (self._exact.get(exact) if exact else None) or (
                self._folded.get(loose) if loose and (defined_senses or loose not in self._ordinary) else None
            )
            if term_id is not None:
                best = (current - index + 1, term_id)
        return best


_BACKLINKS = re.compile(r"<!-- rf-backlinks:([\w-]+) -->")
_HREF = re.compile(r'href="([^"]*)"')


def backlinks_marker(term_id: str) -> str:
    """Where a glossary entry's « pages qui emploient ce terme » goes, once every page is linked."""
    return f"<!-- rf-backlinks:{term_id} -->"


#: How many of the pages using a term its glossary entry lists; a search for the term finds the rest.
BACKLINKS_SHOWN = 3


def insert_backlinks(html: str, users: dict[str, list[tuple[str, str]]], terms: Mapping[str, TermEntry]) -> str:
    """Replace each entry's marker by links to the pages that use the term: (href, title as
    HTML text, the form MkDocs gives a page title once the hook has escaped the plain ones).

    Collapsed (``<details>``), and limited to :data:`BACKLINKS_SHOWN` pages in title order,
    leaving out those the entry links to already (its competencies and deliverables): the
    rest is a search for the term (Material opens its search on ``?q=``), since a term
    used on a hundred pages would otherwise fill the glossary with links."""

    def replace(match: re.Match[str]) -> str:
        pages = sorted(users.get(match.group(1), []), key=lambda p: unescape(p[1]))
        if not pages:
            return ""
        entry = html[html.rfind("<h3", 0, match.start()) : match.start()]  # its links to competencies, deliverables
        linked = set(_HREF.findall(entry))
        shown = [(href, title) for href, title in pages if escape(href) not in linked][:BACKLINKS_SHOWN]
        links = ", ".join(f'<a href="{escape(href)}">{title}</a>' for href, title in shown)
        if (rest := len(pages) - len(shown)) > 0:
            term = terms[match.group(1)]
            query = escape(quote(term.acronym or term.forms[0]))
            others = f'<a href="?q={query}">{rest} page{"s" if rest > 1 else ""} (rechercher le terme)</a>'
            links = f"{links} et {others}" if links else others
        count = f"{len(pages)} page{'s' if len(pages) > 1 else ''}"
        return (f'<details class="rf-backlinks"><summary>Pages qui emploient ce terme : {count}</summary>'
                f"<p>{links}</p></details>")

    return _BACKLINKS.sub(replace, html)
