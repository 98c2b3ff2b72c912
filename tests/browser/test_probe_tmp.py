from __future__ import annotations
import yaml
from pathlib import Path
from playwright.sync_api import Browser
from helpers import REPO
from .conftest import Tab
from .test_search import WATCH_SEARCH, search

def test_probe(browser: Browser, real_base_url: str) -> None:
    tab = Tab.open(browser, real_base_url)
    tab.page.add_init_script(WATCH_SEARCH)
    tab.goto("")
    tab.page.locator(".md-search__input").click()
    tab.page.wait_for_function("""() => document.querySelector(".md-search-result__meta").textContent.includes("Taper")""")
    acronyms = sorted({yaml.safe_load(p.read_text())["acronym"] for p in (REPO / "glossary").glob("*.yml") if yaml.safe_load(p.read_text()).get("acronym")})
    out = []
    for q in [*acronyms, "BIM", "niveau 3", "bim", "programme", "réception"]:
        r = search(tab, q)
        out.append(f"{q}: " + " | ".join(h.path for g in r.groups[:5] for h in g[:2]))
    Path("/tmp/reader/probe.txt").write_text("\n".join(out))
    tab.close()
