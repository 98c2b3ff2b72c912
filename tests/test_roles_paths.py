"""Roles, career paths, trainings, matrix and comparisons, read from the built HTML."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import yaml

from helpers import FIXTURE
from roles_gaps import _rows, check_gap_tables
from site_html import read_page


def test_gap_tables_equal_the_difference_of_the_two_roles(built_mini: Path) -> None:
    assert check_gap_tables(FIXTURE, built_mini) == 3


def test_gap_lists_trainings_reaching_the_required_level_or_says_none(built_mini: Path) -> None:
    rows = _rows((built_mini / "parcours/charge-operation/referent-bim/index.html").read_text("utf-8"))
    # the BIM workshop reaches level 2 only: the move to level 4 has no training
    assert rows == [
        [
            "Collaborer avec le BIM",
            "2 — Application",
            "4 — Expertise",
            "+2",
            "essentielle",
            "aucune formation référencée",
        ]
    ]
    rows = _rows((built_mini / "parcours/assistant-operation/charge-operation/index.html").read_text("utf-8"))
    assert [
        "Piloter le budget d’une opération",
        "1 — Notions",
        "3 — Maîtrise",
        "+2",
        "essentielle",
        "Piloter le budget d’une opération",
    ] in rows


def test_graph_links_every_role_and_has_a_text_alternative(built_mini: Path) -> None:
    page = read_page(built_mini, "parcours/")
    nodes = [e for e in page.elements if e.tag == "a" and "rf-graph__node" in (e.attrs.get("class") or "")]
    svg_links = [e.attrs["href"] or "" for e in nodes]
    roles = sorted(p.stem for p in (FIXTURE / "framework/roles").glob("*.yml"))
    assert sorted(svg_links) == sorted(2 * [f"../roles/{r}/" for r in roles])  # the wide and the narrow drawing
    for link in svg_links:
        assert (built_mini / "parcours" / link / "index.html").resolve().exists()
    assert page.find("svg") and page.find("title")
    for path in (FIXTURE / "framework/paths").glob("*.yml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert (
            f"../parcours/{data['from']}/{data['to']}/" in page.links()
            or f"{data['from']}/{data['to']}/" in page.links()
        )
    assert len(page.find("path", **{"class": "rf-graph__edge rf-graph__edge--proche"})) == 2  # one a drawing


def test_role_page(built_mini: Path) -> None:
    page = read_page(built_mini, "roles/charge-operation/")
    text = page.text
    for expected in (
        "Chargé·e d’opération",
        "Conduite d’opération",
        "3 — Maîtrise",
        "essentielle",
        "optionnelle",
        "ROME : C1503",
        "Assistant·e d’opération",
        "Référent·e BIM",
        "Atelier BIM de l’institut",
    ):
        assert expected in text, expected
    links = page.links()
    assert "../../parcours/charge-operation/referent-bim/" in links  # outgoing
    assert "../../parcours/assistant-operation/charge-operation/" in links  # incoming
    assert "../../comparer/charge-operation/referent-bim/" in links
    assert "../../formations/atelier-bim/" in links


def test_comparison_for_every_pair(built_mini: Path) -> None:
    roles = sorted(p.stem for p in (FIXTURE / "framework/roles").glob("*.yml"))
    for a, b in combinations(roles, 2):
        rows = _rows((built_mini / "comparer" / a / b / "index.html").read_text("utf-8"))
        assert rows
    rows = _rows((built_mini / "comparer/charge-operation/referent-bim/index.html").read_text("utf-8"))
    assert ["Collaborer avec le BIM", "2 — Application", "4 — Expertise"] in rows
    assert ["Animer la concertation", "1 — Notions", "—"] in rows


def test_matrix(built_mini: Path) -> None:
    html = (built_mini / "matrice/index.html").read_text("utf-8")
    rows = _rows(html)
    assert ["Piloter le budget d’une opération", "1", "3", "2"] in rows
    assert ["Collaborer avec le BIM", "—", "2", "4"] in rows
    assert 'class="rf-matrix"' in html


def test_trainings_and_competency_backlinks(built_mini: Path) -> None:
    index = read_page(built_mini, "formations/")
    assert {"atelier-bim/", "piloter-budget-formation/"} <= set(index.links())
    training = read_page(built_mini, "formations/piloter-budget-formation/")
    assert "https://example.org/formation" in training.links() and "3 — Maîtrise" in training.text
    competency = read_page(built_mini, "competences/collaborer-bim/")
    assert "Rôles qui la demandent" in competency.text and "4 — Expertise" in competency.text
    assert "../../roles/referent-bim/" in competency.links() and "../../formations/atelier-bim/" in competency.links()
