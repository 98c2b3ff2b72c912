"""``referentiel pdf``: the fiches (referentiel/fiches.py) printed to tagged PDF by Chromium.

Debian's Chromium (the one the browser tests drive), through Playwright, with no browser
download: one browser for every fiche, each printed with ``generateTaggedPDF`` (headings,
lists and tables as PDF structure, the document's language and title) and its outline. The
fiches are HTML documents drawn from the model with their styles inline; the browser context
runs no JavaScript, is offline, and refuses any request, so a fiche can load nothing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

from .edition import Edition
from .fiches import INVENTORY, Fiche, inventory

#: Flags that work with Debian's Chromium in a container (also the browser tests'); Playwright
#: gives it a fresh profile.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


class RequestRefused(Exception):
    """A fiche asked for something from outside itself (it never should: its HTML is escaped)."""


@dataclass(frozen=True)
class Timing:
    launch: float  # seconds to start Playwright's driver and Chromium
    fiches: tuple[float, ...]  # seconds to print each fiche


def footer(site_name: str, edition: Edition | None, url: str) -> str:
    """Chromium's footer template: the framework, its edition, the page's address, the page number."""
    version = f", version {edition.version} du {edition.french_date}" if edition else ""
    return (
        '<div style="font-size:7.5pt;font-family:sans-serif;width:100%;margin:0 1.5cm;display:flex;'
        'justify-content:space-between;align-items:flex-end;gap:1em">'
        f"<span>{escape(site_name + version)}<br>{escape(url)}</span>"
        '<span style="white-space:nowrap">page <span class="pageNumber"></span> '
        'sur <span class="totalPages"></span></span>'
        "</div>"
    )


def print_fiches(
    fiches: Sequence[Fiche], out: Path, executable: str, site_name: str, edition: Edition | None,
) -> Timing:
    """Print each fiche to ``out``, then write the inventory; a fiche that asks for anything
    outside itself stops everything (``RequestRefused``). Playwright's synchronous API refuses to
    start in a thread whose event loop already runs (a caller's own Playwright session, as in the
    test suite), so the printing has a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_print_fiches, fiches, out, executable, site_name, edition).result()


def _print_fiches(
    fiches: Sequence[Fiche], out: Path, executable: str, site_name: str, edition: Edition | None,
) -> Timing:
    out.mkdir(parents=True, exist_ok=True)
    refused: list[str] = []

    def refuse(route: Route) -> None:
        refused.append(route.request.url)
        route.abort()

    printed: list[tuple[Fiche, bytes]] = []
    durations: list[float] = []
    start = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_FLAGS))
        launch = time.perf_counter() - start
        try:
            context = browser.new_context(java_script_enabled=False, offline=True, locale="fr-FR")
            context.route("**/*", refuse)
            page = context.new_page()
            for fiche in fiches:
                start = time.perf_counter()
                page.set_content(fiche.html, wait_until="load")
                pdf = page.pdf(
                    prefer_css_page_size=True, print_background=True, tagged=True, outline=True,
                    display_header_footer=True, header_template="<span></span>",
                    footer_template=footer(site_name, edition, fiche.url),
                )
                if refused:
                    raise RequestRefused(f"{fiche.name} : {refused[0]}")
                (out / fiche.name).write_bytes(pdf)
                printed.append((fiche, pdf))
                durations.append(time.perf_counter() - start)
        finally:
            browser.close()
    (out / INVENTORY).write_bytes(inventory(printed))
    return Timing(launch, tuple(durations))
