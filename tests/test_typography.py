"""French typography: no-break spaces before « : ; ! ? » and inside guillemets, in text only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from helpers import REPO, build
from referentiel.typography import NARROW_NBSP, NBSP, VERBATIM, french_spacing

#: An ordinary space where French typography wants a no-break one.
FAULT = re.compile(r"[ \t\r\n](?=[;:!?»])|«[ \t\r\n]")


def test_each_sign_gets_its_space() -> None:
    assert french_spacing("<p>Durée : 3 jours ; lieu ? Paris !</p>") == (
        f"<p>Durée{NBSP}: 3 jours{NARROW_NBSP}; lieu{NARROW_NBSP}? Paris{NARROW_NBSP}!</p>"
    )
    assert french_spacing("<p>le « Guide  des  achats »</p>") == f"<p>le «{NBSP}Guide  des  achats{NBSP}»</p>"
    assert french_spacing("<p>Note\n  : suite</p>") == f"<p>Note{NBSP}: suite</p>"  # a run becomes one space


def test_no_space_is_added_where_none_was_typed() -> None:
    text = "<p>14:30, C#, «x», Note: a;b</p>"
    assert french_spacing(text) == text


def test_code_attributes_comments_and_urls_are_left_alone() -> None:
    page = (
        '<pre><code>a : b ; c ? <span>d !</span></code></pre><p><code>x : y</code> <kbd>Ctrl !</kbd></p>'
        '<script>if (a ? b : c) {}</script><style>a { color: red !important; }</style>'
        '<textarea>ok ?</textarea><!-- note : ici -->'
        '<p><a href="https://exemple.fr/?q=a:b" title="Voir : ici ? » > « fin">https://exemple.fr/?q=a:b</a></p>'
    )
    assert french_spacing(page) == page


def test_a_space_and_a_sign_on_either_side_of_inline_tags_are_joined() -> None:
    assert french_spacing("<p><a>voir</a> <em>:</em> ici</p>") == f"<p><a>voir</a>{NBSP}<em>:</em> ici</p>"
    assert french_spacing("<p>« <em>Titre</em> »</p>") == f"<p>«{NBSP}<em>Titre</em>{NBSP}»</p>"
    assert french_spacing("<p>Pourquoi </p><p>? seul</p>") == "<p>Pourquoi </p><p>? seul</p>"  # another block


def test_nested_verbatim_elements_end_where_the_outer_one_ends() -> None:
    page = "<pre><pre>a :</pre> b :</pre> c :"
    assert french_spacing(page) == f"<pre><pre>a :</pre> b :</pre> c{NBSP}:"


@dataclass
class Reading(HTMLParser):
    """Text nodes of a page, told apart: outside code (faults counted), inside code, attributes."""

    faults: list[str] = field(default_factory=list)
    verbatim_texts: list[str] = field(default_factory=list)
    attribute_values: list[str] = field(default_factory=list)
    _open: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attribute_values += [value for _, value in attrs if value]
        if tag in VERBATIM:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self.verbatim_texts.append(data)
        else:
            self.faults += [data[max(0, m.start() - 30) : m.end() + 10] for m in FAULT.finditer(data)]


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Reading]:
    site = tmp_path_factory.mktemp("typography") / "site"
    run = build(REPO, "--site-dir", str(site))
    assert run.code == 0, run.output
    pages = {}
    for html in sorted(site.rglob("*.html")):
        reading = Reading()
        reading.feed(html.read_text("utf-8"))
        pages[html.relative_to(site).as_posix()] = reading
    assert len(pages) > 100
    return pages


def test_no_ordinary_space_before_high_punctuation_in_the_real_site(real_pages: dict[str, Reading]) -> None:
    faults = {page: reading.faults[:3] for page, reading in real_pages.items() if reading.faults}
    assert not faults, faults
    assert "404.html" in real_pages  # drawn from a template alone, spaced too


def test_code_and_attribute_values_of_the_real_site_are_untouched(real_pages: dict[str, Reading]) -> None:
    """The sources hold no narrow no-break space, so none may land in code or an attribute;
    the ordinary spaces before signs that code and tooltips hold are still there."""
    sources = [REPO / folder for folder in ("docs", "framework", "competencies", "glossary", "modeles")]
    assert not [path for folder in sources for path in folder.rglob("*") if path.is_file()
                and NARROW_NBSP in path.read_text("utf-8", errors="replace")]
    attributes = [value for reading in real_pages.values() for value in reading.attribute_values]
    verbatim = [text for reading in real_pages.values() for text in reading.verbatim_texts]
    assert not [value for value in attributes + verbatim if NARROW_NBSP in value]
    assert sum(bool(FAULT.search(value)) for value in attributes) > 100  # tooltips: « Source : … »
    assert any(FAULT.search(text) for text in verbatim)

