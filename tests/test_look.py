"""The site's look, read in the built fixture site: its own palette and no web font, the logo
drawn inline (no image), levels drawn as a scale with their number in text. Contrast is checked
in the browser (axe color-contrast, tests/browser/test_pages.py)."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import REPO, found, mkdocs_config


def test_own_palette_and_no_web_font() -> None:
    config = mkdocs_config()
    theme = config["theme"]
    assert theme["font"] is False
    assert theme["palette"] == {"scheme": "default", "primary": "custom", "accent": "custom"}
    css = (REPO / "overrides/assets/stylesheets/referentiel.css").read_text("utf-8")
    for variable in ("--md-primary-fg-color", "--md-accent-fg-color", "--md-typeset-a-color"):
        assert re.search(rf"{variable}:\s*#[0-9a-f]{{6}};", css), variable


def test_the_logo_is_drawn_inline_on_every_page(built_mini: Path) -> None:
    pages = sorted(built_mini.rglob("*.html"))
    for page in pages:
        html = page.read_text("utf-8")
        logos = re.findall(r'class="md-(?:header|nav)__button md-logo"[^>]*>(.*?)</a>', html, re.DOTALL)
        assert len(logos) == 2, page  # the header's and the navigation drawer's
        for logo in logos:
            assert '<svg class="rf-logo"' in logo and 'aria-hidden="true"' in logo and "<img" not in logo, page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page


def test_a_required_level_reads_as_a_scale(built_mini: Path) -> None:
    """The chargé d'opération requires piloter-budget at 3 of 4: three segments of four filled,
    then « 3 — Maîtrise » in text; the segments are hidden from assistive technologies."""
    html = (built_mini / "roles/charge-operation/index.html").read_text("utf-8")
    row = found(r"<tr>\s*<td><a [^>]*>Piloter le budget d’une opération</a></td>\s*<td>(.*?)</td>", html, re.DOTALL)
    scale = found(r'<span class="rf-level" aria-hidden="true">((?:<span class="[^"]*"></span>)+)</span>', row[1])
    segments = re.findall(r'class="([^"]*)"', scale[1])
    assert segments == ["rf-level__segment rf-level__segment--on"] * 3 + ["rf-level__segment"], segments
    assert re.sub(r"<[^>]*>", "", row[1]).strip() == "3 — Maîtrise"
