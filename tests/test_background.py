"""PageStream (forked worker) and EagerPages give the same pages and the same problems as check."""

from __future__ import annotations

from pathlib import Path

import pytest

from referentiel.background import EagerPages, PageStream, can_fork
from referentiel.load import check
from referentiel.pages import generate
from referentiel.problems import SourceError

pytestmark = pytest.mark.skipif(not can_fork(), reason="this platform cannot fork: PageStream is not used there")


@pytest.mark.parametrize("kind", [PageStream, EagerPages])
def test_same_pages_as_generate(project: Path, kind: type) -> None:
    framework, _ = check(project)
    expected = generate(framework)
    pages = kind(project)
    assert pages.planned() == [(page.path, page.source) for page in expected]
    assert [pages.content(page.path) for page in expected] == [page.content for page in expected]
    pages.verdict()


def test_stream_reports_every_problem_before_anything_is_used(project: Path) -> None:
    """Invalid sources that still render: pages arrive, then the verdict refuses them."""
    budget = project / "competencies" / "piloter-budget.yml"
    budget.write_text(budget.read_text("utf-8").replace("status: current", "status: courant"), "utf-8")
    (project / "glossary" / "moe.yml").write_text("id: moe\n", "utf-8")
    _, problems = check(project)
    stream = PageStream(project)
    with pytest.raises(SourceError) as raised:
        stream.planned()
        stream.verdict()
    assert raised.value.problems == problems and len(problems) >= 2


def test_stream_survives_sources_that_cannot_render(project: Path) -> None:
    budget = project / "competencies" / "piloter-budget.yml"
    budget.write_text(budget.read_text("utf-8").replace("missions: [programmation,", "missions: [inconnue,"), "utf-8")
    stream = PageStream(project)
    assert ("competences/piloter-budget.md", "competencies/piloter-budget.yml") in stream.planned()
    assert stream.content("metier/index.md").startswith("# Maître d’ouvrage")
    assert stream.content("competences/piloter-budget.md") == ""  # its mission cannot be looked up
    with pytest.raises(SourceError) as raised:
        stream.verdict()
    assert "la mission « inconnue » n'existe pas" in str(raised.value)
