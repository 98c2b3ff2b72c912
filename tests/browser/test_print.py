"""Every page type of the real site printed to PDF by Chromium and read back with pdftotext:
every column header and every row of every table on the paper, no navigation chrome, and the
page's address with the framework's version and date."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
import yaml

from helpers import REPO

from .conftest import Tab, unavailable

#: One page of each type (listings, details, tables, the glossary, the journal).
PAGE_TYPES = [
    "", "metier/", "niveaux/", "missions/", "missions/concertation-participation/", "competences/",
    "competences/adapter-changement-climatique/", "competences/emergentes/", "roles/", "roles/charge-operation/",
    "parcours/", "parcours/assistant-operation/charge-operation/",
    "matrice/", "formations/", "formations/acp-ccag-travaux/", "livrables/", "livrables/communautes/",
    "livrables/collaboration-moa-moe/", "glossaire/", "journal/", "institut/", "contribuer/",
]
#: Table cells as shown: header cells, then each row's cells (the texts pdftotext must give back).
TABLES = """() => [...document.querySelectorAll("article table")].map(table => ({
  headers: [...table.querySelectorAll("thead th")].map(cell => cell.innerText),
  rows: [...table.querySelectorAll("tbody tr")].map(row => [...row.cells].map(cell => cell.innerText)),
}))"""
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def squeezed(text: str) -> str:
    """Text without white space (line breaks fall anywhere in a table cell on paper)."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text)


def read_pdf(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page's width and words (left, right, text), from pdftotext's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        (float(width), [(float(a), float(b), unescape(word)) for a, b, word in _WORD.findall(body)])
        for width, _, body in _PAGE.findall(html)
    ]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_a_printed_page_holds_every_column_and_row(open_real_tab: Callable[[], Tab], path: str,
                                                   tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: run `.ci/run` as root, or `apt-get install poppler-utils`")
    tab = open_real_tab()
    tab.goto(path)
    page = tab.page
    page.emulate_media(media="print")
    tables = page.evaluate(TABLES)
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pages = read_pdf(pdf)
    outside = [word for width, words in pages for left, right, word in words if left < 0 or right > width]
    assert not outside, f"words off the paper: {outside[:10]}"
    # In the order Chromium wrote the text (a cell's lines together), not line by line across cells.
    text = squeezed(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    for table in tables:
        for cell in [*table["headers"], *(cell for row in table["rows"] for cell in row)]:
            assert squeezed(cell) in text, f"{path}: « {cell} » is not on the paper"
    url = f"https://institut-imoa.github.io/referentiel-moa/{path}"
    newest = yaml.safe_load((REPO / "framework" / "journal.yml").read_text("utf-8"))["versions"][0]
    assert squeezed(f"Page imprimée depuis {url}") in text
    assert squeezed(f"version {newest['version']}") in text
    year, month, day = str(newest["date"]).split("-")
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
    assert squeezed(f"du {int(day)}{'er' if day == '01' else ''} {months[int(month) - 1]} {year}") in text
    for chrome in ("Aller au contenu", "Retour en haut de la page", "Rechercher"):
        assert squeezed(chrome) not in text, f"{path}: navigation chrome printed: {chrome}"
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-path"):
        assert page.locator(selector).evaluate_all("all => all.every(e => e.offsetParent === null)"), selector
    assert "faitesdéfiler" not in text
    if path == "matrice/":
        # one table per domain (the matrix scales), every required competency a row of one of them
        assert len(tables) > 1 and all(len(t["headers"]) >= 2 for t in tables)
        assert sum(len(t["rows"]) for t in tables) > 40
        assert all(width > 800 for width, _ in pages), "the matrix is printed on landscape pages"
