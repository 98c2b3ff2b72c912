"""Workshop deliverables in the built site: listings, metadata block, backlinks, drafts left out."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from helpers import FIXTURE, REPO, check
from site_html import read_page

COMMUNITY_TITLES = {
    c["id"]: c["title"] for c in yaml.safe_load((FIXTURE / "framework/institute.yml").read_text("utf-8"))["communities"]
}


def deliverables(root: Path) -> dict[str, dict[str, Any]]:
    result = {}
    for path in sorted((root / "docs" / "livrables").glob("*.md")):
        front = path.read_text("utf-8").split("---\n")[1]
        result[path.stem] = yaml.safe_load(front)
    return result


def check_listings_and_backlinks(root: Path, site: Path) -> int:
    """Every published deliverable in every listing it belongs to, and on the pages it names."""
    checked = 0
    for stem, front in deliverables(root).items():
        link = f"{stem}/"
        if front["status"] == "draft":
            assert not (site / "livrables" / stem).exists(), f"draft {stem} was published"
            for listing in ("", "communautes/", "formats/", "annees/"):
                assert link not in read_page(site, f"livrables/{listing}").links()
            continue
        listings = {
            "": None,
            "communautes/": front["community"],
            "formats/": front["format"],
            "annees/": f"annee-{str(front['date'])[:4]}",
        }
        for listing, section in listings.items():
            html = (site / "livrables" / listing / "index.html").read_text("utf-8")
            if section:
                html = html.split(f'id="{section}"')[1].split("<h2")[0]
            assert f'href="../{link}"' in html or f'href="{link}"' in html, (stem, listing)
        for cid in front.get("competencies", []):
            assert f"../../livrables/{link}" in read_page(site, f"competences/{cid}/").links(), (stem, cid)
        for mid in front.get("missions", []):
            assert f"../../livrables/{link}" in read_page(site, f"missions/{mid}/").links(), (stem, mid)
        for tid in front.get("terms", []):
            entry = (site / "glossaire" / "index.html").read_text("utf-8").split(f'id="{tid}"')[1].split("<h3")[0]
            assert f'href="../livrables/{link}"' in entry, (stem, tid)
        checked += 1
    return checked


def test_listings_backlinks_and_drafts(built_mini: Path) -> None:
    assert check_listings_and_backlinks(FIXTURE, built_mini) == 2


def test_newest_first(built_mini: Path) -> None:
    links = [
        link for link in read_page(built_mini, "livrables/").links() if link in {"fiche-budget/", "visite-chantier/"}
    ]
    assert links == ["fiche-budget/", "visite-chantier/"]
    years = read_page(built_mini, "livrables/annees/")
    assert [e.attrs["id"] for e in years.find("h2") if e.attrs.get("id")] == ["annee-2026", "annee-2025"]


def test_deliverable_page_shows_its_metadata_and_sources(built_mini: Path) -> None:
    page = read_page(built_mini, "livrables/fiche-budget/")
    assert (
        "5 octobre 2026" in page.text
        and "Les ateliers" in page.text
        and COMMUNITY_TITLES["metier-competences"] in page.text
    )
    links = page.links()
    for target in ("../../competences/piloter-budget/", "../../missions/programmation/", "../../glossaire/#moa",
                   "../../institut/#ateliers", "../../institut/#metier-competences"):
        assert target in links, target
    assert "Sources" in page.text and "document réuni par l’institut" in page.text  # the seed by its title
    assert "000_257c336bb350e0a8.txt" not in page.text
    assert page.text.index("5 octobre 2026") < page.text.index("Le maître d’ouvrage tient l’enveloppe.")


def test_contributor_template_is_valid_as_it_is_and_shown_in_the_guide(project: Path, built_mini: Path) -> None:
    shutil.copy(REPO / "modeles" / "livrable.md", project / "docs" / "livrables" / "nouveau.md")
    run = check(project)
    assert run.code == 0, run.output
    guide = read_page(built_mini, "contribuer/")
    assert "title: Titre du livrable" in guide.text and "community: metier-competences" in guide.text
