"""Reading built HTML pages in tests, with the standard library's parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]


@dataclass
class Page(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    script_texts: list[str] = field(default_factory=list)
    _in_script: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.script_texts if self._in_script else self.text_parts).append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def links(self) -> list[str]:
        return [e.attrs["href"] or "" for e in self.elements if e.tag == "a" and "href" in e.attrs]


def read_page(site: Path, url_path: str) -> Page:
    """Parse the page served at ``url_path`` (e.g. "competences/x/") of a built site."""
    page = Page()
    page.feed(
        (site / url_path / "index.html").read_text("utf-8")
        if not url_path.endswith(".html")
        else (site / url_path).read_text("utf-8")
    )
    return page


def broken_links(site: Path) -> tuple[list[str], int]:
    """Relative links of every page whose target file or anchor is missing; and how many were checked."""
    broken: list[str] = []
    checked = 0
    for html in site.rglob("index.html"):
        page_url = "/" + html.parent.relative_to(site).as_posix() + "/"
        for href in read_page(html.parent, "index.html").links():
            if urlsplit(href).scheme or href == "#":
                continue
            target = urlsplit(urljoin(page_url.replace("//", "/"), href))
            path = site / target.path.lstrip("/")
            path = path / "index.html" if target.path.endswith("/") else path
            if not path.exists() or (
                target.fragment and path.suffix == ".html" and f'id="{target.fragment}"' not in path.read_text("utf-8")
            ):
                broken.append(f"{page_url} → {href}")
            checked += 1
    return broken, checked


def click_distances(site: Path, start: str = "") -> dict[str, int]:
    """Fewest clicks from the page at ``start`` to every page and anchor reachable by links."""
    distances: dict[str, int] = {start: 0}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for url in frontier:
            html = site / url / "index.html"
            if not html.exists():
                continue
            for href in read_page(site, url).links():
                if urlsplit(href).scheme:
                    continue
                target = urlsplit(urljoin("/" + url, href))
                page = target.path.lstrip("/")
                for key in (page, f"{page}#{target.fragment}" if target.fragment else page):
                    if key not in distances:
                        distances[key] = distances[url] + 1
                        if key == page:
                            following.append(page)
        frontier = following
    return distances
