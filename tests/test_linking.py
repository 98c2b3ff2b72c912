"""French-aware glossary linking: a table of matching cases, positive and negative."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from referentiel.linking import Linker, TermEntry, uses_defined_senses
from referentiel.text import same_word

TERMS = [
    TermEntry("moa", ("Maîtrise d’ouvrage", "maître d’ouvrage"), "MOA", "Pour qui l’ouvrage est construit."),
    TermEntry("mod", ("Maîtrise d’ouvrage déléguée", "mandataire"), None, "Mandataire « du » MOA & co."),
    TermEntry("moe", ("Maîtrise d’œuvre",), "MOE", "Conçoit l’ouvrage."),
    TermEntry("amoa", ("Assistance à maîtrise d’ouvrage",), "AMOA", "Assiste la MOA."),
    TermEntry("amoe", ("Assistance à maîtrise d’œuvre",), "AMOE", "Assiste la MOE."),
    TermEntry("dce", ("Dossier de consultation des entreprises",), "DCE", "Le dossier remis aux candidats."),
    TermEntry("efp", ("Enveloppe financière prévisionnelle",), "EFP", "Le budget de l’opération."),
    TermEntry("gpa", ("Garantie de parfait achèvement",), "GPA", "Un an après la réception."),
    TermEntry("reception", ("Réception",), None, "Acceptation de l’ouvrage."),
    TermEntry(
        "programme", ("Programme", "programme de l’opération"), None, "Les besoins du maître d’ouvrage.",
        ordinary_word=True, other_senses=("programme d’opérations",),
    ),
    TermEntry("chef", ("Chef de projet", "responsable de projet", "chef·fe de projet"), None, "Conduit le projet."),
]
LINKER = Linker(TERMS)

CASES: list[tuple[str, str, list[str]]] = [
    # (what it shows, html, ids of the linked or tooltipped terms, in order)
    ("acronym", "<p>La MOA décide.</p>", ["moa"]),
    ("elision, straight apostrophe", "<p>l'AMOA conseille</p>", ["amoa"]),
    ("elision, typographic apostrophe", "<p>l’AMOA conseille</p>", ["amoa"]),
    ("elision qu’", "<p>qu’un MOE signe</p>", ["moe"]),
    ("elision d’ before a term", "<p>le rôle d’AMOE</p>", ["amoe"]),
    ("plural of a multi-word term", "<p>les maîtres d’ouvrage publics</p>", ["moa"]),
    ("plural of every word", "<p>des enveloppes financières prévisionnelles</p>", ["efp"]),
    ("plural of an acronym kept invariable", "<p>les DCE sont prêts</p>", ["dce"]),
    ("plural of an acronym with s", "<p>les AMOAs</p>", ["amoa"]),
    ("capital at the start of a sentence", "<p>Maîtrise d’ouvrage et maîtrise d’œuvre.</p>", ["moa", "moe"]),
    ("capital and plural", "<p>Réceptions partielles</p>", ["reception"]),
    ("straight apostrophe inside a term", "<p>la maîtrise d'ouvrage</p>", ["moa"]),
    ("non-breaking space inside a term", "<p>la maîtrise\u00a0d’ouvrage</p>", ["moa"]),
    ("narrow no-break space", "<p>la maîtrise\u202fd’ouvrage</p>", ["moa"]),
    ("longest match wins", "<p>la maîtrise d’ouvrage déléguée</p>", ["mod"]),
    ("longest match, acronym and words", "<p>la garantie de parfait achèvement</p>", ["gpa"]),
    ("hyphen separates", "<p>le binôme MOA-MOE</p>", ["moa", "moe"]),
    ("comma separates", "<p>MOA, MOE</p>", ["moa", "moe"]),
    ("inside emphasis", "<p><strong>MOA</strong> et <em>DCE</em></p>", ["moa", "dce"]),
    ("after an entity", "<p>R&amp;D de la MOA</p>", ["moa"]),
    ("inclusive writing, point médian inside a term", "<p>le ou la chef·fe de projet</p>", ["chef"]),
    ("the point médian joins only the words of a form", "<p>le chef·fe</p>", []),
    ("not across punctuation", "<p>maîtrise, d’ouvrage</p>", []),
    ("not a lower-case acronym", "<p>moe, moa, dce</p>", []),
    ("not inside another word", "<p>moelleux AMOEBA dcef</p>", []),
    ("AMOE is not MOE", "<p>AMOE</p>", ["amoe"]),
    ("not in inline code", "<p><code>MOA</code></p>", []),
    ("not in a code block", "<pre><code>MOE et DCE</code></pre>", []),
    ("not in an existing link", '<p><a href="x/">la MOA</a> MOE</p>', ["moe"]),
    ("not in a heading", "<h2>La MOA</h2><p>texte</p>", []),
    ("not in a URL", "<p>voir https://example.org/MOA/DCE et www.moa.fr</p>", []),
    ("not in an attribute", '<p title="MOA">texte</p><img alt="DCE"/>', []),
    ("not in a script", "<script>var MOA = 1;</script>", []),
    ("not in a tooltip already there", '<p><abbr title="x">MOA</abbr></p>', []),
    ("not in an SVG", "<svg><text>MOA</text></svg><p>DCE</p>", ["dce"]),
    # the right sense, or no link
    ("a related word is not a form", "<p>le programmiste et la programmation</p>", []),
    ("ordinary word in the framework's own page", "<p>Le programme fixe les besoins.</p>", ["programme"]),
    ("another sense of the term's word", "<p>un programme d’opérations et son programme</p>", ["programme"]),
    ("another sense, in the plural", "<p>des programmes d’opérations, la MOA</p>", ["moa"]),
    ("not in a quoted official label", "<p>fiche C1506 « Responsable de projet immobilier »</p>", []),
    (
        "after a quotation, linked again",
        "<p>« Responsable de projet immobilier », le responsable de projet</p>",
        ["chef"],
    ),
    ("quotation across inline markup", '<p>« la <em>MOA</em> et la <a href="x/">MOE</a> du DCE »</p>', []),
    ("quotation ends with its paragraph", "<p>« ouvert</p><p>la MOA</p>", ["moa"]),
    (
        "not in a source list",
        (
            '<div class="rf-sources rf-no-terms"><ul><li><p>Code de la MOA, maîtrise d’ouvrage</p></li></ul></div>'
            "<p>DCE</p>"
        ),
        ["dce"],
    ),
    (
        "not in a table of official labels",
        '<div class="rf-no-terms"><table><tr><td>Responsable de projet immobilier</td></tr></table></div>',
        [],
    ),
    (
        "not in a paragraph marked rf-no-terms",
        '<p class="rf-no-terms"><em>Sources :</em> Guide de la MOA</p><p>MOA</p>',
        ["moa"],
    ),
]

#: On a page not written in the framework's own vocabulary (a training, a deliverable, a
#: hand-written page), an ordinary word that is a term keeps its ordinary sense.
FREE_PROSE_CASES: list[tuple[str, str, list[str]]] = [
    ("ordinary word in free prose", "<p>Le programme se déroule sur trois jours.</p>", []),
    ("ordinary word, plural, in free prose", "<p>des programmes de formation</p>", []),
    ("longer form of an ordinary word in free prose", "<p>le programme de l’opération</p>", ["programme"]),
    ("other terms in free prose", "<p>le programme de la MOA</p>", ["moa"]),
    ("one-word form of a term that is not an ordinary word", "<p>la réception des travaux</p>", ["reception"]),
]


def _term_ids(html: str) -> list[str]:
    short = {term.short: term.id for term in TERMS}
    return [short[unescape(title)] for title in re.findall(r'class="rf-term"[^>]*title="([^"]*)"', html)]


@pytest.mark.parametrize(
    ("html", "defined_senses", "expected"),
    [(html, True, ids) for _, html, ids in CASES] + [(html, False, ids) for _, html, ids in FREE_PROSE_CASES],
    ids=[name for name, _, _ in CASES + FREE_PROSE_CASES],
)
def test_matching(html: str, defined_senses: bool, expected: list[str]) -> None:
    linked, used = LINKER.link(html, "../glossaire/", defined_senses=defined_senses)
    assert _term_ids(linked) == expected
    assert used == set(expected)
    unwrapped = re.sub(r'<(a|abbr) class="rf-term"[^>]*>(.*?)</\1>', r"\2", linked)
    assert unwrapped == html  # only wrappers were added, the text is untouched


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert sum(1 for _, _, ids in CASES if not ids) >= 10  # negatives too


def test_first_occurrence_per_section_is_a_link_later_ones_a_tooltip() -> None:
    html = "<h2>A</h2><p>La MOA et la MOA.</p><p>Encore la MOA.</p><h2>B</h2><p>La MOA.</p>"
    linked, _ = LINKER.link(html, "../glossaire/")
    assert re.findall(r"<(a|abbr) class", linked) == ["a", "abbr", "abbr", "a"]
    assert linked.count('href="../glossaire/#moa"') == 2
    assert linked.count('title="Pour qui l’ouvrage est construit."') == 4


def test_elided_article_stays_outside_the_link() -> None:
    linked, _ = LINKER.link("<p>l’AMOA</p>", "../glossaire/")
    assert linked == '<p>l’<a class="rf-term" href="../glossaire/#amoa" title="Assiste la MOA.">AMOA</a></p>'


def test_tooltip_text_is_escaped() -> None:
    linked, _ = LINKER.link("<p>le mandataire</p>", "../glossaire/")
    assert 'title="Mandataire « du » MOA &amp; co."' in linked


def test_the_glossary_links_its_entries_without_tooltips() -> None:
    """On the glossary the entry is on the same page: a link to it, once a section, no title to repeat."""
    linked, _ = LINKER.link("<h3 id=\"moa\">MOA</h3><p>le mandataire, le mandataire</p>", "")
    assert linked.count('<a class="rf-term" href="#mod">mandataire</a>') == 1
    assert "title=" not in linked.split("</h3>")[1] and "<abbr" not in linked


def test_own_glossary_entry_is_not_linked() -> None:
    html = '<h3 id="moa">MOA</h3><p>La MOA travaille avec la MOE.</p><h3 id="moe">MOE</h3><p>La MOE et la MOA.</p>'
    linked, used = LINKER.link(html, "")
    assert 'href="#moa"' in linked.split('<h3 id="moe">')[1] and 'href="#moa"' not in linked.split('<h3 id="moe">')[0]
    assert 'href="#moe"' in linked.split('<h3 id="moe">')[0] and 'href="#moe"' not in linked.split('<h3 id="moe">')[1]
    assert used == {"moa", "moe"}


def test_cost_does_not_grow_with_the_number_of_terms() -> None:
    """One dictionary lookup per word and length: 5,000 terms link as a handful do."""
    many = Linker([*TERMS, *(TermEntry(f"t{i}", (f"terme numéro {i}",), None, "x") for i in range(5000))])
    html = "<p>" + "La MOA et la maîtrise d’œuvre préparent le DCE. " * 200 + "</p>"
    assert many.link(html, "")[0] == LINKER.link(html, "")[0]


def test_pages_use_defined_senses_where_the_framework_speaks() -> None:
    for source in (
        "competencies/x.yml",
        "framework/missions/x.yml",
        "framework/roles",
        "glossary",
        "framework/trade.yml",
    ):
        assert uses_defined_senses(source), source
    for source in (
        "framework/trainings/x.yml",
        "framework/trainings",
        "docs/livrables/x.md",
        "docs/livrables",
        "docs/index.md",
    ):
        assert not uses_defined_senses(source), source


def test_one_word_variants_must_be_forms_of_the_term() -> None:
    for first, second in (
        ("Programme", "programmes"),
        ("Réserves", "réserve"),
        ("conducteur", "conductrice"),
        ("maître", "maîtresse"),
        ("chargé", "chargée"),
    ):
        assert same_word(first, second), (first, second)
    for first, second in (
        ("Programme", "programmiste"),
        ("Programme", "programmation"),
        ("Allotissement", "lot"),
        ("Réception", "réceptionner"),
        ("Commissionnement", "commissionneur"),
    ):
        assert not same_word(first, second), (first, second)


def test_check_refuses_a_related_word_as_a_variant(tmp_path: Path) -> None:
    from helpers import check, make_project

    project = make_project(tmp_path / "project")
    term = project / "glossary" / "programme.yml"
    term.write_text(
        term.read_text("utf-8").replace("short:", "variants:\n  - programmes\n  - programmiste\nshort:", 1), "utf-8"
    )
    run = check(project)
    assert run.code == 1, run.output
    assert "glossary/programme.yml:5:5: « programmiste » n'est pas une forme de « Programme »" in run.output, run.output
    assert "retirez-le des variantes" in run.output and "programmes" not in run.output.split("programmiste")[0]
