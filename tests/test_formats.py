"""Formats of any référentiel: what may be missing outside strict mode, and how it shows.

``tests/fixtures/partial`` is the mini project without ``strict: true``: a competency with
two domains, two of four level descriptors, no summary, description or missions; a role
requirement without level (« non précisé ») and one without importance (essential); a role
without summary or missions; a trade without contexts; a second scale, of two levels
(``framework/scales/comportement.yml``), used by one competency. It must pass
``referentiel check`` and build ``--strict``, showing what is missing as missing, never as
invented text. The same omissions in a strict
project (the mini fixture, our own référentiel) fail with ``path:line:col``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, REPO, build, check, make_project, run_referentiel
from site_html import read_page

PARTIAL = FIXTURES / "partial"
STRICT_LINE = "strict: true"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _position(path: Path, line_text: str) -> int:
    """The 1-based number of the first line of ``path`` that is exactly ``line_text``."""
    return path.read_text("utf-8").splitlines().index(line_text) + 1


@pytest.fixture(scope="module")
def built_partial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("partial") / "project", PARTIAL)
    run = build(root)
    assert run.code == 0, run.output
    return root / "site"


def test_partial_fixture_is_not_strict_and_mini_is() -> None:
    assert STRICT_LINE not in (PARTIAL / "framework/trade.yml").read_text("utf-8").splitlines()
    assert STRICT_LINE in (FIXTURES / "mini/framework/trade.yml").read_text("utf-8").splitlines()
    ours = (REPO / "framework/trade.yml").read_text("utf-8").splitlines()
    assert any(line.startswith(STRICT_LINE + " ") for line in ours)  # with a comment


def test_partial_fixture_passes_check(tmp_path: Path) -> None:
    run = check(make_project(tmp_path / "p", PARTIAL))
    assert run.code == 0, run.output
    assert "Sources valides : 3 compétences" in run.output


def test_missing_descriptor_fails_in_our_referentiel_and_passes_without_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path / "ours", REPO)
    competency = project / "competencies/piloter-triptyque-cout-qualite-delai.yml"
    text = competency.read_text("utf-8")
    descriptor = re.search(r"^  4: .*\n(?:    .*\n)*", text, re.MULTILINE)
    assert descriptor is not None
    competency.write_text(text.replace(descriptor.group(0), "", 1), "utf-8")
    levels_line = _position(competency, "levels:")
    run = check(project)
    assert run.code == 1
    assert (
        f"competencies/piloter-triptyque-cout-qualite-delai.yml:{levels_line + 1}:3: "
        "descripteur manquant pour le niveau 4 — ajoutez « 4: … »"
    ) in run.output, run.output
    assert "Traceback" not in run.output

    trade = project / "framework/trade.yml"
    trade.write_text(re.sub(r"^strict: true.*\n", "", trade.read_text("utf-8"), flags=re.MULTILINE), "utf-8")
    run = check(project)
    assert run.code == 0, run.output
    out = tmp_path / "out"
    run = run_referentiel(project, "generate", "--out", str(out))
    assert run.code == 0, run.output
    page = (out / "competences/piloter-triptyque-cout-qualite-delai.md").read_text("utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| [4 — "))
    assert row.endswith('| <span class="rf-none">non décrit</span> |'), row


STRICT_CASES: dict[str, tuple[str, str, str, str]] = {
    # name: (file, old, new, expected problem, as path:line:col: message)
    "missing summary": (
        "competencies/piloter-budget.yml", "summary: Tenir l’enveloppe financière prévisionnelle.\n", "",
        "competencies/piloter-budget.yml:1:1: champ obligatoire manquant : « summary »",
    ),
    "missing missions": (
        "competencies/piloter-budget.yml", "missions: [programmation, suivi-travaux]\n", "",
        "competencies/piloter-budget.yml:1:1: champ obligatoire manquant : « missions »",
    ),
    "missing domain": (
        "competencies/piloter-budget.yml", "domain: pilotage\n", "",
        "competencies/piloter-budget.yml:1:1: champ obligatoire manquant : « domain »",
    ),
    "missing required level": (
        "framework/roles/charge-operation.yml", "    level: 3\n", "",
        "framework/roles/charge-operation.yml:7:5: champ obligatoire manquant : « level »",
    ),
    "missing importance": (
        "framework/roles/charge-operation.yml", "    importance: essential\n", "",
        "framework/roles/charge-operation.yml:7:5: champ obligatoire manquant : « importance »",
    ),
    "missing trade contexts": (
        "framework/trade.yml", "contexts:\n  - title: Réglementation\n    description: Un cadre juridique dense.\n", "",
        "framework/trade.yml:1:1: champ obligatoire manquant : « contexts »",
    ),
    "missing level essence": (
        "framework/scale.yml", "    essence: Connaît les repères.\n", "",
        "framework/scale.yml:4:5: champ obligatoire manquant : « essence »",
    ),
    "missing role summary": (
        "framework/roles/charge-operation.yml", "summary: Conduit une opération.\n", "",
        "framework/roles/charge-operation.yml:1:1: champ obligatoire manquant : « summary »",
    ),
}


@pytest.mark.parametrize("name", STRICT_CASES)
def test_strict_project_requires_what_may_be_missing_elsewhere(tmp_path: Path, name: str) -> None:
    relative, old, new, expected = STRICT_CASES[name]
    strict = make_project(tmp_path / "strict")  # the mini fixture: strict
    _edit(strict / relative, old, new)
    run = check(strict)
    assert run.code == 1
    assert expected in run.output, run.output
    assert "Traceback" not in run.output

    lenient = make_project(tmp_path / "lenient")
    _edit(lenient / "framework/trade.yml", STRICT_LINE + "\n", "")
    _edit(lenient / relative, old, new)
    if name == "missing domain":  # a domain is always needed: with or without strict
        run = check(lenient)
        assert run.code == 1
        assert expected + " — ajoutez « domain: … »" in run.output, run.output
        assert "domains: [ …, … ]" in run.output
    else:
        run = check(lenient)
        assert run.code == 0, run.output


BAD_CASES: dict[str, tuple[str, str, str, list[str]]] = {
    "no domain at all": (
        "competencies/collaborer-bim.yml", "domains: [transitions, pilotage]\n", "",
        ["competencies/collaborer-bim.yml:1:1: champ obligatoire manquant : « domain »"],
    ),
    "unknown domain in domains": (
        "competencies/collaborer-bim.yml", "domains: [transitions, pilotage]", "domains: [transitions, pilotag]",
        [("competencies/collaborer-bim.yml:3:24: le domaine « pilotag » n'existe pas — "
         "vouliez-vous dire « pilotage » ?")],
    ),
    "empty domains": (
        "competencies/collaborer-bim.yml", "domains: [transitions, pilotage]", "domains: []",
        ["competencies/collaborer-bim.yml:3:10: "],
    ),
    "partial descriptors still on the scale": (
        "competencies/collaborer-bim.yml", "  3: Rédige un cahier", "  5: Rédige un cahier",
        ["competencies/collaborer-bim.yml:8:3: niveau « 5 » hors de l'échelle (niveaux 1 à 4)"],
    ),
    "strict is yes or no": (
        "framework/trade.yml", "title: ", "strict: oui\ntitle: ",
        ["framework/trade.yml:1:9: "],
    ),
}


@pytest.mark.parametrize("name", BAD_CASES)
def test_bad_input_outside_strict_mode(tmp_path: Path, name: str) -> None:
    relative, old, new, expected = BAD_CASES[name]
    project = make_project(tmp_path / "p", PARTIAL)
    _edit(project / relative, old, new)
    run = check(project)
    assert run.code == 1
    for line in expected:
        assert line in run.output, run.output
    assert "Traceback" not in run.output


def test_all_problems_at_once(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", PARTIAL)
    _edit(project / "competencies/collaborer-bim.yml", "domains: [transitions, pilotage]\n", "")
    _edit(project / "framework/roles/charge-operation.yml", "  - competency: collaborer-bim\n",
          "  - competency: collaborer-bim\n    level: 7\n")
    run = check(project)
    assert run.code == 1
    assert "competencies/collaborer-bim.yml:1:1: champ obligatoire manquant : « domain »" in run.output
    assert "framework/roles/charge-operation.yml:10:12: niveau 7 hors de l'échelle (niveaux 1 à 4)" in run.output


def test_undescribed_levels_show_as_such(built_partial: Path) -> None:
    page = read_page(built_partial, "competences/collaborer-bim/")
    text = page.text
    assert "1 — " in text and "Ouvre une maquette." in text
    assert text.count("non décrit") == 2  # levels 2 and 4, nothing written in their place
    assert "Vérifie une convention BIM." not in text  # the mini fixture's descriptor, absent here
    assert "domaines" in text and "Pilotage" in text and "Transitions" in text
    html = (built_partial / "competences/collaborer-bim/index.html").read_text("utf-8")
    assert 'id="missions"' not in html  # no empty Missions section


def test_competency_listed_under_each_of_its_domains(built_partial: Path) -> None:
    html = (built_partial / "competences/index.html").read_text("utf-8")
    assert html.count('href="collaborer-bim/"') == 2, "listed once under each of its two domains"


def test_unspecified_level_on_role_matrix_path_and_comparison(built_partial: Path) -> None:
    role = read_page(built_partial, "roles/charge-operation/").text
    assert re.search(r"Collaborer avec le BIM non précisé essentielle", role), role
    assert re.search(r"Piloter le budget d’une opération 3 — \S+ essentielle", role), role  # importance default
    matrix = read_page(built_partial, "matrice/").text
    assert "non précisé" in matrix
    path = read_page(built_partial, "parcours/assistant-operation/charge-operation/").text
    assert re.search(r"Collaborer avec le BIM — non précisé non précisé", path), path  # now, required, difference
    # The comparison is drawn in the browser from the JSON export: the level is missing there, not invented.
    data = json.loads((built_partial / "donnees" / "referentiel.json").read_text("utf-8"))
    charge = next(role for role in data["roles"] if role["id"] == "charge-operation")
    assert {"competency": "collaborer-bim", "level": None, "importance": "essential"} in charge["requirements"]


def test_role_without_summary_or_missions(built_partial: Path) -> None:
    html = (built_partial / "roles/assistant-operation/index.html").read_text("utf-8")
    assert 'id="missions"' not in html
    assert "None" not in read_page(built_partial, "roles/assistant-operation/").text
    roles = read_page(built_partial, "roles/").text
    assert "Assistant·e d’opération" in roles and "None" not in roles


def test_trade_without_contexts(built_partial: Path) -> None:
    trade = read_page(built_partial, "metier/")
    assert "Enjeux" in trade.text and "Coût, qualité, délai" in trade.text
    assert "Contexte d’exercice" not in trade.text  # no heading over nothing


def test_partial_site_has_no_none_anywhere(built_partial: Path) -> None:
    for page in built_partial.rglob("index.html"):
        text = read_page(page.parent, "index.html").text
        assert " None " not in f" {text} ", page


def test_partial_fixture_is_the_mini_one_with_omissions() -> None:
    """The two fixtures differ only where the docstring says: the rest is shared test data."""
    def same_in_mini(path: Path) -> bool:
        twin = FIXTURES / "mini" / path.relative_to(PARTIAL)
        return twin.is_file() and twin.read_bytes() == path.read_bytes()

    differing = sorted(
        str(path.relative_to(PARTIAL)) for path in PARTIAL.rglob("*") if path.is_file() and not same_in_mini(path)
    )
    assert differing == [
        "competencies/animer-concertation.yml", "competencies/collaborer-bim.yml",
        "competencies/piloter-budget.yml",
        "framework/roles/assistant-operation.yml", "framework/roles/charge-operation.yml",
        "framework/scales/comportement.yml",
        "framework/trade.yml",
    ]


CONCERTATION = "competencies/animer-concertation.yml"
SCALE_CASES: dict[str, list[tuple[str, str, str]]] = {
    # name: edits (file, old, new); the expected lines are in SCALE_EXPECTED
    "unknown scale": [(CONCERTATION, "scale: comportement", "scale: comportment")],
    "descriptor outside the competency's scale": [(CONCERTATION, "  2: Prépare", "  3: Prépare")],
    "requirement beyond the competency's scale": [
        ("framework/roles/charge-operation.yml", "  - competency: animer-concertation\n    level: 1",
         "  - competency: animer-concertation\n    level: 3"),
    ],
    "training beyond the competency's scale": [
        ("framework/trainings/piloter-budget-formation.yml", "  - competency: piloter-budget\n    level: 3",
         "  - competency: animer-concertation\n    level: 4"),
    ],
    "scale of more than seven levels": [
        ("framework/scales/comportement.yml", "sources:", "".join(
            f"  - level: {n}\n    label: N{n}\n    essence: E{n}.\n    description: D{n}.\n" for n in range(3, 9)
        ) + "sources:"),
    ],
    "scale of one level": [
        ("framework/scales/comportement.yml",
         ("  - level: 2\n    label: Exemplaire\n    essence: Le fait adopter.\n"
         "    description: Entraîne les autres à se comporter ainsi.\n"), ""),
    ],
    "scale numbered with a gap": [("framework/scales/comportement.yml", "  - level: 2", "  - level: 3")],
}
SCALE_EXPECTED: dict[str, list[str]] = {
    "unknown scale": [
        (f"{CONCERTATION}:5:8: l'échelle « comportment » n'existe pas — vouliez-vous dire « comportement » ? "
        "l'identifiant doit être le nom d'un fichier de framework/scales/")
    ],
    "descriptor outside the competency's scale": [
        (f"{CONCERTATION}:11:3: niveau « 3 » hors de l'échelle (niveaux 1 à 2) — retirez ce niveau ou décrivez un "
        "niveau de 1 à 2 (voir framework/scales/comportement.yml)")
    ],
    "requirement beyond the competency's scale": [
        ("framework/roles/charge-operation.yml:11:12: niveau 3 hors de l'échelle (niveaux 1 à 2) — indiquez un niveau "
        "de 1 à 2 (voir framework/scales/comportement.yml)")
    ],
    "training beyond the competency's scale": [
        "framework/trainings/piloter-budget-formation.yml:",
        ("niveau 4 hors de l'échelle (niveaux 1 à 2) — indiquez un niveau de 1 à 2 "
        "(voir framework/scales/comportement.yml)"),
    ],
    "scale of more than seven levels": ["framework/scales/comportement.yml:4:3: "],
    "scale of one level": ["framework/scales/comportement.yml:4:3: "],
    "scale numbered with a gap": ["framework/scales/comportement.yml:8:12: niveau numéroté 3 à la place 2"],
}


@pytest.mark.parametrize("name", SCALE_CASES)
def test_bad_scales(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path / "p", PARTIAL)
    for relative, old, new in SCALE_CASES[name]:
        _edit(project / relative, old, new)
    run = check(project)
    assert run.code == 1
    for line in SCALE_EXPECTED[name]:
        assert line in run.output, run.output
    assert "Traceback" not in run.output


def test_scale_problems_all_at_once(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", PARTIAL)
    for name in ("descriptor outside the competency's scale", "requirement beyond the competency's scale"):
        for relative, old, new in SCALE_CASES[name]:
            _edit(project / relative, old, new)
    run = check(project)
    assert run.code == 1
    for name in ("descriptor outside the competency's scale", "requirement beyond the competency's scale"):
        assert SCALE_EXPECTED[name][0] in run.output, run.output


def test_named_scale_on_its_pages(built_partial: Path) -> None:
    scale = read_page(built_partial, "niveaux/comportement/").text
    assert "Échelle des comportements" in scale and "Exemplaire" in scale
    assert "Compétences sur cette échelle" in scale and "Animer la concertation" in scale
    default = read_page(built_partial, "niveaux/")
    assert "Autres échelles" in default.text
    assert any(link.endswith("comportement/") for link in default.links())
    competency = read_page(built_partial, "competences/animer-concertation/")
    assert "1 — Pratique" in competency.text and "2 — Exemplaire" in competency.text
    assert "3 — Maîtrise" not in competency.text  # the framework's scale is not this competency's
    assert any("niveaux/comportement/#niveau-1" in link for link in competency.links())
    role = read_page(built_partial, "roles/charge-operation/").text
    assert "Animer la concertation 1 — Pratique optionnelle" in role, role
    assert "Piloter le budget d’une opération 3 — Maîtrise" in role  # the other competencies keep theirs
    # The comparison (in the browser) labels levels from the competency's scale, given by the export.
    data = json.loads((built_partial / "donnees" / "referentiel.json").read_text("utf-8"))
    concertation = next(c for c in data["competencies"] if c["id"] == "animer-concertation")
    named = next(scale for scale in data["scales"] if scale["id"] == concertation["scale"] == "comportement")
    assert [level["label"] for level in named["levels"]][:2] == ["Pratique", "Exemplaire"]


def _on_kind_scale(project: Path) -> None:
    """animer-concertation (savoir-être) loses its ``scale:``; comportement claims its kind."""
    _edit(project / CONCERTATION, "scale: comportement\n", "")
    _edit(project / "framework/scales/comportement.yml", "sources:", "kinds: [savoir-être]\nsources:")


def test_kind_scale_is_used_when_a_competency_names_none(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", PARTIAL)
    _on_kind_scale(project)
    assert check(project).code == 0
    _edit(project / "framework/roles/charge-operation.yml", "  - competency: animer-concertation\n    level: 1",
          "  - competency: animer-concertation\n    level: 3")
    run = check(project)
    assert run.code == 1
    assert SCALE_EXPECTED["requirement beyond the competency's scale"][0] in run.output, run.output
    out = tmp_path / "out"
    _edit(project / "framework/roles/charge-operation.yml", "    level: 3\n    importance: optional",
          "    level: 2\n    importance: optional")
    assert run_referentiel(project, "generate", "--out", str(out)).code == 0
    page = (out / "competences/animer-concertation.md").read_text("utf-8")
    assert "2 — Exemplaire" in page and "3 — Maîtrise" not in page


def test_kind_claimed_by_two_scales_and_kinds_on_the_framework_scale(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", PARTIAL)
    _on_kind_scale(project)
    shutil.copy(project / "framework/scales/comportement.yml", project / "framework/scales/attitude.yml")
    _edit(project / "framework/scale.yml", "sources:", "kinds: [savoir]\nsources:")
    run = check(project)
    assert run.code == 1
    assert (
        "framework/scales/comportement.yml:12:9: la nature « savoir-être » a déjà son échelle : « attitude » — "
    ) in run.output, run.output
    kinds_line = _position(project / "framework/scale.yml", "kinds: [savoir]")
    assert f"framework/scale.yml:{kinds_line}:1: « kinds » ne sert qu'aux échelles de framework/scales/" in run.output
    assert "Traceback" not in run.output
