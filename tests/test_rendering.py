"""Pages render as their sources mean: lists are lists, code is code, titles show as written,
the 404 page works wherever it is served. Read from real builds."""

from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from helpers import FIXTURE, REPO, build, found, make_project, run_process
from site_html import Page, read_page


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built strictly."""
    site = tmp_path_factory.mktemp("real") / "site"
    run = run_process([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], REPO)
    assert run.code == 0 and "WARNING" not in run.output, run.output
    return site


def _article(site: Path, url: str) -> str:
    html = (
        (site / url / "index.html").read_text("utf-8") if not url.endswith(".html") else (site / url).read_text("utf-8")
    )
    return found(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL).group(1)


def _parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


# 8. The missions index is a numbered list, one item per mission, in the order of the sources.

@pytest.mark.parametrize("project", [REPO, FIXTURE], ids=["repository", "fixture"])
def test_missions_index_is_a_numbered_list(project: Path, real_site: Path, built_mini: Path) -> None:
    site = real_site if project == REPO else built_mini
    missions = sorted(path.stem for path in (project / "framework" / "missions").glob("*.yml"))
    lists = re.findall(r"<ol>(.*?)</ol>", _article(site, "missions/"), re.DOTALL)
    assert len(lists) == 1, "the missions are not one numbered list"
    items = re.findall(r"<li>(.*?)</li>", lists[0], re.DOTALL)
    assert len(items) == len(missions) >= 2
    linked = [found(r'^<a href="([\w-]+)/">', item).group(1) for item in items]
    assert sorted(linked) == missions


# 9. Fenced code blocks are code; the template contributors copy comes out as written.

def test_contributor_guide_shows_the_deliverable_template_as_code(real_site: Path) -> None:
    article = _article(real_site, "contribuer/")
    blocks = [
        unescape(re.sub(r"<[^>]+>", "", block)) for block in re.findall(r"<pre[^>]*>(.*?)</pre>", article, re.DOTALL)
    ]
    template = (REPO / "modeles" / "livrable.md").read_text("utf-8")
    assert template in blocks, "modeles/livrable.md is not shown as one code block"
    assert "docs/livrables/<identifiant>.md" in template
    assert "referentiel check" in blocks and any("referentiel new competence" in block for block in blocks)
    page = read_page(real_site, "contribuer/")
    prose = unescape(re.sub(r"<code>.*?</code>", "", article, flags=re.DOTALL))  # inline code may name the syntax
    assert "```" not in prose and "--8<--" not in prose
    assert not [h for h in page.find("a", **{"class": "md-nav__link"}) if "markdown" in (h.attrs.get("href") or "")]


def _markdown_blocks(markdown: str) -> dict[str, int]:
    """What a Markdown page asks for, counted outside fenced code: code blocks, headings, list
    items, tables."""
    counts = {"pre": 0, "heading": 0, "li": 0, "table": 0}
    fence: str | None = None
    for line in markdown.splitlines():
        if fence is not None:
            fence = None if line.strip().startswith(fence) else fence
            continue
        if found := re.match(r"\s*(`{3,}|~{3,})", line):
            fence = found.group(1)
            counts["pre"] += 1
        elif re.match(r"#{1,6}\s", line):
            counts["heading"] += 1
        elif re.match(r"\s*(?:[-*+]|\d+\.)\s", line):
            counts["li"] += 1
        elif re.match(r"\|?\s*:?-{3,}:?\s*\|", line):
            counts["table"] += 1
    return counts


def _hand_written_pages() -> list[Path]:
    pages = []
    for path in sorted((REPO / "docs").rglob("*.md")):
        text = path.read_text("utf-8")
        front = yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}
        if (front or {}).get("status") != "draft":
            pages.append(path)
    return pages


@pytest.mark.parametrize("path", _hand_written_pages(), ids=lambda path: path.relative_to(REPO / "docs").as_posix())
def test_hand_written_page_renders_its_markdown(path: Path, real_site: Path) -> None:
    """Every code block, heading, list item and table of the page is there in HTML, and no
    Markdown syntax is left over as text."""
    markdown = path.read_text("utf-8")
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    url = path.relative_to(REPO / "docs").with_suffix("").as_posix()
    url = url.removesuffix("index").rstrip("/") + "/" if url != "index" else ""
    article = _article(real_site, url)
    wanted = _markdown_blocks(markdown)
    found = {
        "pre": len(re.findall(r"<pre\b", article)),
        "heading": len(re.findall(r"<h[1-6]\b", article)),
        "li": len(re.findall(r"<li\b", article)),
        "table": len(re.findall(r"<table\b", article)),
    }
    assert found["pre"] == wanted["pre"], (found, wanted)
    for kind in ("heading", "li", "table"):  # a deliverable gets its metadata block and sources besides
        assert found[kind] >= wanted[kind], (kind, found, wanted)
    outside_code = _parse(re.sub(r"<(pre|code)\b.*?</\1>", " ", article, flags=re.DOTALL)).text
    for residue in ("```", "~~~", "--8<--", "](", "**", "{:", "<", ">"):
        assert residue not in outside_code, (residue, outside_code[max(outside_code.find(residue) - 80, 0) :][:160])


def test_no_markdown_is_left_as_text_on_any_page(real_site: Path) -> None:
    """Generated pages too: no fence, link, emphasis, attribute list, snippet or admonition
    syntax shows as text outside code."""
    pages = [html for html in real_site.rglob("index.html") if html.parent.name != "search"]
    assert len(pages) > 100
    for html in pages:
        article = found(
            r'<article class="md-content__inner md-typeset">(.*?)</article>', html.read_text("utf-8"), re.DOTALL
        )
        text = _parse(re.sub(r"<(pre|code|script|svg)\b.*?</\1>", " ", article.group(1), flags=re.DOTALL)).text
        for residue in ("```", "](", "**", "{:", "--8<--", "!!!"):
            assert residue not in text, (html.relative_to(real_site).as_posix(), residue)


# 10. A deliverable's metadata block: one item per kind of metadata.

@pytest.mark.parametrize(
    ("project", "url"),
    [(FIXTURE, "livrables/fiche-budget/"), (REPO, "livrables/collaboration-moa-moe/")],
    ids=["fixture", "repository"],
)
def test_deliverable_metadata_is_one_item_each(project: Path, url: str, real_site: Path, built_mini: Path) -> None:
    site = real_site if project == REPO else built_mini
    block = found(r'<div class="rf-deliverable-meta">(.*?)</div>', _article(site, url), re.DOTALL).group(1)
    items = [_parse(item).text for item in re.findall(r"<li>(.*?)</li>", block, re.DOTALL)]
    labels = [item.split(" :")[0] for item in items]
    assert labels == ["Date", "Format", "Communauté", "Compétences", "Missions", "Termes"], items
    front = yaml.safe_load((project / "docs" / f"{url.rstrip('/')}.md").read_text("utf-8").split("---\n")[1])
    assert items[3].count(" · ") == len(front["competencies"]) - 1
    assert items[5].count(" · ") == len(front["terms"]) - 1


# 12. The 404 page: relative links that resolve, whatever the folder it is served from.

def test_not_found_page_links_are_relative_and_resolve(built_mini: Path) -> None:
    html = (built_mini / "404.html").read_text("utf-8")
    assets = re.findall(r'<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"', html)
    links = re.findall(r'<a\b[^>]*\bhref="([^"#][^"]*)"', html)
    assert len(assets) >= 3 and len(links) >= 10
    for url in assets + links:
        if urlsplit(url).scheme:
            continue
        assert not url.startswith("/"), f"absolute link in 404.html: {url}"
        target = urlsplit(urljoin("/", url)).path.lstrip("/")
        resolved = built_mini / target / ("index.html" if target.endswith("/") or not target else "")
        assert resolved.exists(), url
    site_path = urlsplit(
        found(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text("utf-8"), re.MULTILINE)[1]
    ).path
    assert re.search(rf"<head>\s*<base href=\"{re.escape(site_path)}\">\s*<script>", html), (
        "the links resolve from the site's root"
    )
    assert '"base": "."' in html
    assert html.encode("utf-8").find(b"<meta charset") < 1024  # where browsers look for it


# 13. Titles are escaped once: R&D shows R&D, markup in a title stays text.

HOSTILE_TITLE = "R&D <img src=x onerror=alert(1)> </title><script>alert(2)</script>"


@pytest.fixture(scope="module")
def titled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with hostile titles: a competency (generated page, title from its heading),
    a deliverable (front matter title) and a hand-written page (its first heading)."""
    project = make_project(tmp_path_factory.mktemp("titles") / "project")
    competency = project / "competencies" / "piloter-budget.yml"
    data = yaml.safe_load(competency.read_text("utf-8"))
    data["title"] = HOSTILE_TITLE
    competency.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    deliverable = project / "docs" / "livrables" / "fiche-budget.md"
    deliverable.write_text(
        deliverable.read_text("utf-8").replace("title: Fiche méthode sur le budget", "title: 'Fiche R&D <b>gras</b>'"),
        "utf-8",
    )
    guide = project / "docs" / "contribuer" / "index.md"
    guide.write_text(
        guide.read_text("utf-8").replace(
            "# Contribuer au référentiel", "# Contribuer R&D <img src=x onerror=alert(3)> &lt;i&gt;", 1
        ),
        "utf-8",
    )
    run = build(project)
    assert run.code == 0, run.output
    return project / "site"


def _head_title_and_topic(site: Path, url: str) -> tuple[str, str]:
    html = (site / url / "index.html").read_text("utf-8")
    title = found(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    topic = found(r'data-md-component="header-topic">\s*<span class="md-ellipsis">(.*?)</span>', html, re.DOTALL)
    return title, topic.group(1)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("competences/piloter-budget/", HOSTILE_TITLE),
        ("livrables/fiche-budget/", "Fiche R&D <b>gras</b>"),
        ("contribuer/", "Contribuer R&D <i>"),  # a tag written in a heading is dropped, as MkDocs does
    ],
    ids=["generated", "front-matter", "heading"],
)
def test_titles_show_as_written_and_stay_text(titled_site: Path, url: str, shown: str) -> None:
    title, topic = _head_title_and_topic(titled_site, url)
    assert "<" not in title and "<" not in topic, "markup in a title became live"
    assert unescape(" ".join(topic.split())) == shown
    assert unescape(" ".join(title.split())) == f"{shown} - Référentiel MOA"
    html = (titled_site / url / "index.html").read_text("utf-8")
    head_and_header = _parse(html[: html.index("</header>")])  # a hand-written page's body may hold HTML
    assert not [e for e in head_and_header.elements if any(name.startswith("on") for name in e.attrs)]
    assert not [s for s in head_and_header.script_texts if "alert" in s]


def test_titles_in_search_and_backlinks_are_escaped_once(titled_site: Path) -> None:
    index = (titled_site / "search" / "search_index.json").read_text("utf-8")
    assert "&amp;amp;" not in index
    assert "R&amp;D &lt;img src=x onerror=alert(1)&gt;" in index and "<img" not in index
    glossary = read_page(titled_site, "glossaire/")
    backlinks = [text for text in glossary.text.split("Pages qui emploient ce terme :")[1:]]
    assert any("Fiche R&D <b>gras</b>" in text for text in backlinks), "the deliverable's title in a backlink"
    assert not glossary.find("b")


# 11. Glossary links give the defined sense, or nothing.

def _linked_terms(html: str) -> list[tuple[str, str]]:
    """(term id, linked text) of every glossary link or tooltip in ``html``."""
    found = re.findall(r'<(?:a|abbr) class="rf-term"(?: href="[^"]*#([\w-]+)")?[^>]*>(.*?)</(?:a|abbr)>', html)
    return [(term_id, unescape(text)) for term_id, text in found]


def test_glossary_links_only_in_the_defined_sense(real_site: Path) -> None:
    training = _article(real_site, "formations/acp-initiation-mop/")
    assert "programme se déroule" in _parse(training).text
    assert not [text for _, text in _linked_terms(training) if text.lower().startswith("programme")], (
        "a training's programme"
    )
    competency = _article(real_site, "competences/elaborer-programme/")
    assert ("programme", "programme") in _linked_terms(competency), "the framework's own programme is linked"
    role = _article(real_site, "roles/directeur-projet/")
    assert "programme d’opérations" in _parse(role).text
    assert not [text for _, text in _linked_terms(role) if text.lower().startswith("programme")], (
        "a programme of operations"
    )
    glossary = _article(real_site, "glossaire/")
    assert "programmiste" in _parse(glossary).text
    english = re.findall(r'<p class="rf-no-terms"><em>En anglais\u00a0:</em>(.*?)</p>', glossary, re.DOTALL)
    assert len(english) > 10 and not _linked_terms(" ".join(english)), "an English equivalent got a French term's link"
    assert not [text for _, text in _linked_terms(glossary) if "programmist" in text.lower()]
    for url in ("roles/charge-operation/", "metier/", "competences/elaborer-programme/"):
        article = _article(real_site, url)
        sources = found(r'<div class="rf-sources rf-no-terms">(.*?)</div>', article, re.DOTALL).group(1)
        assert "Code de la commande publique" in sources or "ROME" in sources, url
        assert not _linked_terms(sources), f"{url}: a third-party title in Sources got a glossary link"
        assert not re.search(r'class="rf-term"[^>]*>[^<]*</(?:a|abbr)>\s*immobili', article), (
            f"{url}: the ROME label got a link"
        )
    trade = _article(real_site, "metier/")
    rome = trade.split('id="correspondances-rome"')[1].split("</table>")[0]
    assert "Responsable de projet immobilier" in rome and not _linked_terms(rome)
