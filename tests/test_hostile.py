"""Hostile text stays text: every text field of every kind × every payload (tests/hostile.py).

The bulk runs here, on the HTML of one real build; tests/browser/test_hostile.py opens the
same site in Chromium. A unit test renders each payload, escaped, in every Markdown context
a template puts a value in, with more Markdown extensions than the site enables.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from helpers import REPO, build, check
from hostile import (
    INSIDE_SECRET,
    OUTSIDE_SECRET,
    PAYLOADS,
    HostileProject,
    built_hostile_project,
    every_text_field,
)
from referentiel.text import inline, paragraphs
from site_html import Element, Page, read_page

#: Attributes whose value is a URL the browser may load or follow.
URL_SCHEMES = re.compile(r"^\s*(?:javascript|data|vbscript)\s*:", re.IGNORECASE)
#: Elements that only markup from the sources could bring (the site has none of them).
FOREIGN = {
    "img",
    "iframe",
    "object",
    "embed",
    "base",
    "style",
    "math",
    "details",
    "frame",
    "video",
    "audio",
    "source",
    "b",
    "i",
}
_MARKER = re.compile(r"qz\d{5}")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileProject:
    return built_hostile_project(tmp_path_factory)


def test_every_text_field_is_covered(hostile: HostileProject, capsys: pytest.CaptureFixture[str]) -> None:
    fields = every_text_field()
    assert {"provider", "duration"} <= set(fields["training"]) and "family" in fields["role"]
    assert "short" in fields["term"] and "levels.*" in fields["competency"] and "notes" in fields["path"]
    planted = {(p.kind, p.field) for p in hostile.planted if p.marker}
    assert planted == {(kind, field) for kind, names in fields.items() for field in names}
    count, payloads, pairs = hostile.counts()
    assert payloads >= 30 and pairs == count * payloads, (count, payloads, pairs)
    constrained = sorted({f"{p.kind}.{p.field}" for p in hostile.planted if not p.marker})
    with capsys.disabled():
        print(f"\nhostile text: {count} text fields × {payloads} payloads = {pairs} pairs planted; "
              f"constrained fields with fitting payloads: {', '.join(constrained)}")


def _article(html: str) -> Page:
    page = Page()
    found = re.search(r'<article class="md-content__inner md-typeset">.*?</article>', html, re.DOTALL)
    page.feed(found.group() if found else "")
    return page


def test_every_payload_shows_as_typed(hostile: HostileProject) -> None:
    """Each value is on its page as the contributor wrote it (whitespace folded): nothing
    was read as Markdown or HTML, not even in part (the marker after it would follow
    something else)."""
    by_marker = {p.marker: p for p in hostile.planted if p.marker}
    shown: set[tuple[str, str, str]] = set()
    wrong: list[str] = []
    for html in sorted(hostile.site.rglob("*.html")):
        text = _article(html.read_text("utf-8")).text
        for found in _MARKER.finditer(text):
            planted = by_marker[found.group()]
            expected = " ".join(planted.payload.split())
            if text[: found.start()].rstrip().endswith(expected):
                shown.add((planted.kind, planted.field, planted.payload))
            else:
                wrong.append(
                    f"{html.relative_to(hostile.site)}: {planted.kind}.{planted.field} {expected!r} shows as "
                    f"…{text[max(0, found.start() - 80) : found.start()]!r}"
                )
    assert not wrong, "\n".join(wrong[:20])
    missing = {(p.kind, p.field, p.payload) for p in hostile.planted if p.marker} - shown
    assert not missing, sorted(missing)[:20]


def test_no_active_markup_from_the_sources(hostile: HostileProject, built_mini: Path) -> None:
    pages = sorted(hostile.site.rglob("*.html"))
    assert len(pages) > 200  # every cloned entity has its page (no page per pair of roles any more)
    home = read_page(hostile.site, "index.html")
    # The 404 page has a template of its own (overrides/404.html): its <base> and scripts are
    # the ones the same page has in the fixture site without hostile text.
    clean_404 = read_page(built_mini, "404.html")
    own_404 = [e.attrs for e in clean_404.elements if e.tag == "base"]
    problems: list[str] = []
    for html in pages:
        url = html.relative_to(hostile.site).as_posix()
        page = read_page(html.parent, html.name)
        own_scripts = _scripts(clean_404 if url == "404.html" else home)
        for element in page.elements:
            if url == "404.html" and element.tag == "base" and element.attrs in own_404:
                continue
            for name, value in element.attrs.items():
                if name.startswith("on"):
                    problems.append(f"{url}: <{element.tag} {name}={value!r}>")
                if value and URL_SCHEMES.match(value) and not _is_description(element):
                    problems.append(f"{url}: <{element.tag} {name}={value!r}>")
            foreign = element.tag in FOREIGN and not _is_own(element)
            if foreign or (element.tag == "meta" and "http-equiv" in element.attrs):
                problems.append(f"{url}: <{element.tag} {element.attrs}>")
        if _scripts(page) != own_scripts:
            problems.append(f"{url}: scripts {_scripts(page)} instead of the site's {own_scripts}")
        raw = html.read_text("utf-8")
        if OUTSIDE_SECRET in raw or INSIDE_SECRET in raw:
            problems.append(f"{url}: a file named in a snippet line was included")
    assert not problems, "\n".join(problems[:30])


def _is_description(element: Element) -> bool:
    """The page's meta description: text (a summary, escaped), never a URL the browser follows."""
    return element.tag == "meta" and element.attrs.get("name") == "description" and set(element.attrs) == {
        "name", "content"
    }


def _is_own(element: Element) -> bool:
    """An element of a foreign kind that the site itself writes: the glossary's collapsed backlinks."""
    return element.tag == "details" and element.attrs == {"class": "rf-backlinks"}


def _scripts(page: Page) -> list[str]:
    """The page's scripts: file names of external ones, and how many inline ones (their text
    has the page's relative base in it)."""
    scripts = [e for e in page.elements if e.tag == "script"]
    names = sorted(Path(e.attrs["src"] or "").name for e in scripts if e.attrs.get("src"))
    return [*names, f"{sum(1 for e in scripts if not e.attrs.get('src'))} inline"]


def test_search_index_holds_no_live_markup(hostile: HostileProject) -> None:
    """Material inserts search results with innerHTML: the index must hold text, escaped."""
    index = (hostile.site / "search" / "search_index.json").read_text("utf-8")
    assert "qz0" in index  # the payloads are indexed …
    for tag in ("<script", "<img", "<svg", "<iframe", "<a href=\\\"javascript", "<details", "<style", "<base", "<math"):
        assert tag not in index, tag  # … as text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


#: Where templates put a value, and the tags Markdown makes of the template's own text.
CONTEXTS = {
    "{}": {"p"},
    "Texte avant : {}": {"p"},
    "Texte avant\n{}": {"p"},
    "- {}": {"ul", "li"},
    "1\\. {} suite": {"p"},
    "# {}": {"h1"},
    "| a | b |\n|---|---|\n| {} | c |": {"table", "thead", "tbody", "tr", "th", "td"},
    '<span class="rf-meta">{}</span>': {"p", "span"},
    '<div markdown>\n\n{}\n\n</div>': {"div", "p"},
    # the filterable lists (competencies, trainings, matrix): HTML elements whose text is Markdown
    '<ul markdown>\n<li data-rf-item="x" markdown="span">{}</li>\n</ul>': {"ul", "li"},
    '<table markdown>\n<tbody markdown>\n<tr markdown><td markdown="span">{}</td></tr>\n</tbody>\n</table>': {
        "table", "tbody", "tr", "td"},
}
PARAGRAPH_CONTEXTS = ("{}", '<div markdown>\n\n{}\n\n</div>')
#: More extensions than the site enables: a value must open no block in any of them.
EXTENSIONS = ["toc", "attr_list", "admonition", "tables", "md_in_html", "def_list", "footnotes", "abbr",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tilde", "pymdownx.blocks.admonition",
              "pymdownx.blocks.details", "pymdownx.snippets"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_an_escaped_value_is_text_in_every_context(payload: str, tmp_path: Path) -> None:
    (tmp_path / "inside-secret.md").write_text(INSIDE_SECRET, "utf-8")
    payload = payload.replace("{outside}", (tmp_path / "outside-secret.txt").as_posix())
    (tmp_path / "outside-secret.txt").write_text(OUTSIDE_SECRET, "utf-8")
    configs = {"pymdownx.snippets": {"base_path": [str(tmp_path)], "check_paths": True}}
    expected = " ".join(payload.split())
    for context, tags in CONTEXTS.items():
        # multi-paragraph text is put on lines of its own (tests/test_hostile.py checks the templates)
        for escaped in (inline(payload), *([str(paragraphs(payload))] if context in PARAGRAPH_CONTEXTS else [])):
            source = context.format(escaped)
            html = markdown.markdown(source, extensions=EXTENSIONS, extension_configs=configs)
            parsed = _Tags()
            parsed.feed(html)
            text = " ".join("".join(parsed.text).split())
            assert set(parsed.tags) <= tags, (context, source, html)
            if "\n\n" not in escaped:  # a paragraph break shows as one
                assert expected in text, (context, source, html)
            assert OUTSIDE_SECRET not in html and INSIDE_SECRET not in html


def test_templates_escape_through_finalize() -> None:
    """``| e`` returns Markup, which ``finalize`` lets through: in Markdown, HTML escaping
    leaves links, images and attribute lists live. Only raw HTML blocks use ``| html``."""
    for template in (REPO / "referentiel" / "templates").glob("*.j2"):
        for number, line in enumerate(template.read_text("utf-8").splitlines(), 1):
            where = f"{template.name}:{number}"
            assert not re.search(r"\|\s*(?:e|escape|forceescape)\b", line), where
            if "| paragraphs" in line:
                assert re.fullmatch(r"\s*\{\{[^}]*\| paragraphs \}\}\s*", line), (
                    f"{where}: | paragraphs not on a line of its own"
                )
            if re.search(r"\|\s*html\b", line):
                # a raw HTML block, or the attributes of a Markdown-in-HTML element's opening tag
                opening = re.match(r"\s*<(?:p|nav|div|table|figure|li)\b[^>]*>", line)
                raw = opening is not None and not re.search(r"\bmarkdown\b", opening.group())
                in_attributes = opening is not None and not re.search(r"\|\s*html\b", line[opening.end():])
                assert raw or in_attributes, f"{where}: | html outside a raw HTML block"


#: A deliverable body with what the policy refuses (line → expected problem), and what it allows.
BODY = """
# Fiche

Du **Markdown**, un tableau, <abbr title="Maîtrise d’ouvrage">MOA</abbr>, `<script>` en code.

<script>alert(1)</script>
<img src="../image.png" onerror="alert(1)">
![x](data:,){: onload=alert(1) }
[lien](javascript:alert(1)) et [caché](&#106;avascript:alert(1))
![image](https://example.org/suivi.png)
--8<-- "../../outside-secret.txt"

```html
<script>un exemple, dans un bloc de code</script>
```
"""
BODY_PROBLEMS = (
    "docs/livrables/fiche-budget.md:20:1: balise <script> non admise dans un livrable",
    "docs/livrables/fiche-budget.md:21:25: attribut « onerror » non admis dans un livrable",
    "docs/livrables/fiche-budget.md:22:6: adresse « data: » non admise dans un livrable",
    "docs/livrables/fiche-budget.md:22:16: attribut « onload » non admis dans un livrable",
    "docs/livrables/fiche-budget.md:23:8: adresse « javascript: » non admise dans un livrable",
    "docs/livrables/fiche-budget.md:23:1: adresse « javascript: » non admise dans un livrable",
    "docs/livrables/fiche-budget.md:24:1: image ou média chargé depuis un autre site",
    "docs/livrables/fiche-budget.md:25:1: inclusion de fichier « --8<-- » non admise dans un livrable",
)


def test_a_deliverable_body_may_not_run_load_or_include(project: Path) -> None:
    """Reviewed Markdown, but nothing that runs, loads from elsewhere or copies a file in:
    refused by `referentiel check` and by the build, every problem at its line."""
    path = project / "docs" / "livrables" / "fiche-budget.md"
    front = path.read_text("utf-8").split("\n# ")[0]
    path.write_text(front + BODY, "utf-8")
    (project.parent / "outside-secret.txt").write_text(OUTSIDE_SECRET, "utf-8")
    for run in (check(project), build(project)):
        assert run.code != 0 and "Traceback" not in run.output, run.output
        for expected in BODY_PROBLEMS:
            assert expected in run.output, (expected, run.output)
        assert run.output.count("non admis") + run.output.count("autre site") == len(BODY_PROBLEMS), run.output
    assert not (project / "site").exists()
