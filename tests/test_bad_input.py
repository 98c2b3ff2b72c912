"""Every kind of bad input a contributor can make, through both real entry points.

Each case breaks a copy of the fixture project, then runs ``referentiel check`` and
``mkdocs build --strict``: both must print the expected ``path:line:col: … — …`` lines,
exit non-zero, show no traceback, and leave no built site behind. Both run in-process
(tests/helpers.py); a few cases also run as real subprocesses, which must print exactly
what the in-process runs print.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import (
    Mutation,
    assert_reported,
    build,
    build_process,
    check,
    check_process,
    edit,
    fixture,
    make_project,
    write,
)


def remove(relative: str) -> Mutation:
    return lambda project: (project / relative).unlink()


BUDGET = "competencies/piloter-budget.yml"
FICHE = "docs/livrables/fiche-budget.md"
CAREER_PATH_FILE = "framework/paths/charge-operation-vers-referent-bim.yml"
BILLION_LAUGHS = "id: moe\n" + "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
) + "\n"

CASES: dict[str, tuple[Mutation, list[str]]] = {
    "yaml syntax error": (
        edit(BUDGET, "summary: Tenir", 'summary: "Tenir'),
        [f"{BUDGET}:6:10: guillemet ouvert ici mais jamais fermé — fermez le guillemet"],
    ),
    "yaml structure error": (
        edit(BUDGET, "missions: [programmation, suivi-travaux]", "missions: [programmation, suivi-travaux"),
        [f"{BUDGET}:14:8: syntaxe YAML invalide"],
    ),
    "tab in indentation": (
        edit(BUDGET, "levels:\n  1:", "levels:\n\t1:"),
        [f"{BUDGET}:9:1: tabulation dans l'indentation — indentez avec des espaces"],
    ),
    "wrong type": (
        edit("framework/domains/pilotage.yml", "order: 1", "order: premier"),
        ["framework/domains/pilotage.yml:4:8: « order » doit être un nombre entier"],
    ),
    "empty value": (
        edit("glossary/moe.yml", "short: Conçoit l’ouvrage et dirige les travaux.", "short:"),
        ["glossary/moe.yml:4:7: le champ « short » est vide — écrivez un texte après « short: »"],
    ),
    "missing required field": (
        edit(BUDGET, "summary: Tenir l’enveloppe financière prévisionnelle.\n", ""),
        [f"{BUDGET}:1:1: champ obligatoire manquant : « summary » — ajoutez « summary: … »"],
    ),
    "unknown key (typo)": (
        edit("glossary/moe.yml", "term: Maîtrise", "terme: Maîtrise"),
        ["glossary/moe.yml:2:1: champ inconnu « terme » — vouliez-vous dire « term » ?"],
    ),
    "unknown reference": (
        edit(BUDGET, "missions: [programmation,", "missions: [programation,"),
        [f"{BUDGET}:13:12: la mission « programation » n'existe pas — vouliez-vous dire « programmation » ?"],
    ),
    "unknown glossary see-also": (
        edit("glossary/programme.yml", "see_also: [moa]", "see_also: [amo]"),
        ["glossary/programme.yml:5:12: le terme « amo » n'existe pas"],
    ),
    "self-reference": (
        edit(BUDGET, "related: [collaborer-bim]", "related: [collaborer-bim, piloter-budget]"),
        [f"{BUDGET}:14:27: « piloter-budget » se cite lui-même dans « related »"],
    ),
    "duplicate id across files": (
        lambda project: (project / "competencies" / "piloter-budget-copie.yml").write_text(
            (project / BUDGET).read_text("utf-8"), "utf-8"
        ),
        [
            ("competencies/piloter-budget-copie.yml:1:5: l'identifiant « piloter-budget » diffère du nom du fichier "
             "« piloter-budget-copie.yml »"),
            f"{BUDGET}:1:5: identifiant « piloter-budget » déjà employé par competencies/piloter-budget-copie.yml",
        ],
    ),
    "id differs from file name": (
        edit("framework/missions/programmation.yml", "id: programmation", "id: programmer"),
        [
            ("framework/missions/programmation.yml:1:5: l'identifiant « programmer » diffère du nom du fichier "
             "« programmation.yml » — renommez le fichier en « programmer.yml » ou écrivez « id: programmation »")
        ],
    ),
    "reserved id": (
        lambda project: (project / "competencies" / "emergentes.yml").write_text(
            (project / BUDGET).read_text("utf-8").replace("id: piloter-budget", "id: emergentes"), "utf-8"
        ),
        ["competencies/emergentes.yml:1:5: l'identifiant « emergentes » est réservé à une page du site"],
    ),
    "level outside the scale": (
        edit(BUDGET, "  4: Conçoit la méthode de pilotage.", "  4: Conçoit la méthode de pilotage.\n  5: Invente."),
        [f"{BUDGET}:13:3: niveau « 5 » hors de l'échelle (niveaux 1 à 4)"],
    ),
    "level key not a level": (
        edit(BUDGET, "  4: Conçoit", "  expert: Conçoit"),
        [f"{BUDGET}:12:3: clé « expert » non admise dans « levels »"],
    ),
    "missing level descriptor": (
        edit(BUDGET, "  4: Conçoit la méthode de pilotage.\n", ""),
        [f"{BUDGET}:9:3: descripteur manquant pour le niveau 4"],
    ),
    "same descriptor at two levels": (
        edit(BUDGET, "  2: Met à jour le tableau de bord.", "  2: Lit un tableau de bord  budgétaire."),
        [f"{BUDGET}:10:6: les niveaux 1 et 2 ont le même descripteur"],
    ),
    "scale numbered with a gap": (
        edit("framework/scale.yml", "  - level: 3", "  - level: 5"),
        ["framework/scale.yml:12:12: niveau numéroté 5 à la place 3"],
    ),
    "unknown status": (
        edit("competencies/collaborer-bim.yml", "status: emerging", "status: emergent"),
        [
            (
                "competencies/collaborer-bim.yml:5:9: valeur non admise pour « status » : « emergent » — "
                "vouliez-vous dire « emerging » ? "
                "valeurs possibles : current (actuelle), emerging (émergente), legacy (en retrait)"
            )
        ],
    ),
    "emerging competency without its reason": (
        edit(
            "competencies/collaborer-bim.yml",
            "emergence:\n  reason: Le Cerema présente le BIM comme un enjeu émergent.\n  since: 2021\n",
            "",
        ),
        [
            (
                "competencies/collaborer-bim.yml:1:1: champ obligatoire manquant : « emergence » — "
                "ajoutez « emergence: … » (une compétence émergente dit pourquoi elle l'est et depuis quand"
            )
        ],
    ),
    "emergence of a current competency": (
        edit(BUDGET, "sources:\n", "emergence:\n  reason: Nouvelle.\nsources:\n"),
        [
            (
                f"{BUDGET}:19:3: « emergence » donné pour une compétence au statut « current » — "
                "retirez « emergence », ou passez « status » à « emerging » si la compétence est émergente"
            )
        ],
    ),
    "non-UTF-8 file": (
        write("glossary/moe.yml", "id: moe\nterm: Maîtrise d'œuvre\n".encode().replace("î".encode(), b"\xee")),
        [
            ("glossary/moe.yml:2:9: le fichier n'est pas encodé en UTF-8 (octet 0xee illisible) — "
             "enregistrez le fichier en UTF-8")
        ],
    ),
    "empty file": (
        write("glossary/moe.yml", "# rien\n"),
        ["glossary/moe.yml:1:1: le fichier est vide"],
    ),
    "python tag": (
        edit("glossary/moe.yml", "short: Conçoit", "short: !!python/object/apply:os.system ['echo pwned'] #"),
        ["glossary/moe.yml:4:8: étiquette YAML non acceptée : !!python/object/apply:os.system"],
    ),
    "alias bomb (billion laughs)": (
        write("glossary/moe.yml", BILLION_LAUGHS),
        ["glossary/moe.yml:3:5: les ancres et alias YAML (&nom, *nom) ne sont pas acceptés"],
    ),
    "top-level list": (
        write("glossary/moe.yml", "- id: moe\n- term: MOE\n"),
        ["glossary/moe.yml:1:1: le fichier doit être une suite de champs « clé: valeur », pas une liste"],
    ),
    "duplicate key": (
        edit("glossary/moe.yml", "acronym: MOE", "acronym: MOE\nacronym: MO"),
        ["glossary/moe.yml:4:1: la clé « acronym » apparaît deux fois"],
    ),
    "two documents in one file": (
        edit("glossary/moe.yml", "acronym: MOE", "acronym: MOE\n---\nid: autre"),
        ["glossary/moe.yml:4:1: le fichier contient plusieurs documents YAML"],
    ),
    "duplicate id inside a list": (
        edit("framework/institute.yml", "  - id: visites-expertes", "  - id: ateliers"),
        ["framework/institute.yml:17:9: identifiant « ateliers » employé deux fois dans « formats »"],
    ),
    "unknown role in a career path": (
        edit(CAREER_PATH_FILE, "to: referent-bim", "to: referent-bin"),
        [f"{CAREER_PATH_FILE}:3:5: le rôle « referent-bin » n'existe pas — vouliez-vous dire « referent-bim » ?"],
    ),
    "career path from a role to itself": (
        edit(CAREER_PATH_FILE, "to: referent-bim", "to: charge-operation"),
        [f"{CAREER_PATH_FILE}:3:5: le parcours mène du rôle « charge-operation » à lui-même"],
    ),
    "duplicate career path": (
        write(
            "framework/paths/doublon.yml",
            "id: doublon\nfrom: charge-operation\nto: referent-bim\nkind: evolution\n"
            "duration: 2 ans\nsources:\n  - title: x\n",
        ),
        [
            (
                "framework/paths/doublon.yml:2:7: le parcours de « charge-operation » vers « referent-bim » "
                f"est déjà décrit dans {CAREER_PATH_FILE}"
            )
        ],
    ),
    "unknown path kind": (
        edit(CAREER_PATH_FILE, "kind: proche", "kind: proximite"),
        [f"{CAREER_PATH_FILE}:4:7: valeur non admise pour « kind » : « proximite »"],
    ),
    "required level outside the scale": (
        edit("framework/roles/referent-bim.yml", "    level: 4", "    level: 5"),
        ["framework/roles/referent-bim.yml:8:12: niveau 5 hors de l'échelle (niveaux 1 à 4)"],
    ),
    "unknown competency in a role": (
        edit("framework/roles/referent-bim.yml", "  - competency: collaborer-bim", "  - competency: collaborer-en-bim"),
        [
            ("framework/roles/referent-bim.yml:7:17: la compétence « collaborer-en-bim » n'existe pas — "
             "vouliez-vous dire « collaborer-bim » ?")
        ],
    ),
    "competency required twice by a role": (
        edit("framework/roles/referent-bim.yml", "  - competency: piloter-budget", "  - competency: collaborer-bim"),
        ["framework/roles/referent-bim.yml:10:17: « collaborer-bim » apparaît deux fois dans « requirements »"],
    ),
    "training covering an unknown competency": (
        edit("framework/trainings/atelier-bim.yml", "  - competency: collaborer-bim", "  - competency: bim"),
        ["framework/trainings/atelier-bim.yml:8:17: la compétence « bim » n'existe pas"],
    ),
    "training level outside the scale": (
        edit("framework/trainings/atelier-bim.yml", "    level: 2", "    level: 7"),
        ["framework/trainings/atelier-bim.yml:9:12: niveau 7 hors de l'échelle (niveaux 1 à 4)"],
    ),
    "glossary spelling claimed by two terms": (
        edit("glossary/programme.yml", "term: Programme", "term: Programme\nvariants: [maître d’ouvrage]"),
        ["glossary/programme.yml:3:12: « maître d’ouvrage » désigne déjà le terme « moa »"],
    ),
    "deliverable without front matter": (
        write("docs/livrables/sans-entete.md", "# Un livrable\n\nDu texte.\n"),
        ["docs/livrables/sans-entete.md:1:1: en-tête manquant : le livrable commence par un bloc « --- » de champs"],
    ),
    "source citing an institute document it does not list": (
        edit(BUDGET, "seed: 000_257c336bb350e0a8.txt", "seed: 000_257c336bb350e0a9.txt"),
        [(f"{BUDGET}:20:11: document de l'institut inconnu : « 000_257c336bb350e0a9.txt » — vouliez-vous dire "
          "« 000_257c336bb350e0a8.txt » ? ajoutez-le aux « documents » de framework/institute.yml")],
    ),
    "deliverable with an unknown community": (
        edit(FICHE, "community: metier-competences", "community: metier-competence"),
        [f"{FICHE}:5:12: communauté inconnu(e) : « metier-competence » — vouliez-vous dire « metier-competences » ?"],
    ),
    "deliverable with an unknown format": (
        edit(FICHE, "format: ateliers", "format: webinaire"),
        [f"{FICHE}:4:9: format d'échange inconnu(e) : « webinaire »"],
    ),
    "deliverable with a malformed date": (
        edit(FICHE, "date: 2026-10-05", "date: 05/10/2026"),
        [f"{FICHE}:3:7: format invalide pour « date » : « 05/10/2026 » — Date de rédaction, au format AAAA-MM-JJ"],
    ),
    "deliverable with an impossible date": (
        edit(FICHE, "date: 2026-10-05", "date: 2026-02-30"),
        [f"{FICHE}:3:7: date impossible : « 2026-02-30 »"],
    ),
    "deliverable with an unknown status": (
        edit(FICHE, "status: published", "status: publie"),
        [f"{FICHE}:6:9: valeur non admise pour « status » : « publie »"],
    ),
    "deliverable citing an unknown competency": (
        edit(FICHE, "competencies: [piloter-budget]", "competencies: [piloter-budjet]"),
        [f"{FICHE}:8:16: la compétence « piloter-budjet » n'existe pas — vouliez-vous dire « piloter-budget » ?"],
    ),
    "deliverable front matter syntax error": (
        edit(FICHE, "missions: [programmation]", "missions: [programmation"),
        [f"{FICHE}:10:6: syntaxe YAML invalide"],
    ),
    "journal with a version twice and an impossible date": (
        write(
            "framework/journal.yml",
            'versions:\n  - version: "0.2"\n    date: "2026-13-01"\n    summary: Deux.\n    changes: [Un.]\n'
            '  - version: "0.2"\n    date: "2026-11-24"\n    summary: Doublon.\n    changes: [Rien.]\n',
        ),
        [
            "framework/journal.yml:3:11: date impossible : « 2026-13-01 »",
            "framework/journal.yml:6:14: la version 0.2 figure deux fois",
        ],
    ),
    "short definition too long for a tooltip": (
        edit("glossary/moe.yml", "short: Conçoit l’ouvrage et dirige les travaux.", "short: " + "Très long. " * 25),
        ["glossary/moe.yml:4:8: « short » est trop long (274 caractères) — raccourcissez-le à 200 caractères au plus"],
    ),
    "empty list where one item is needed": (
        edit(BUDGET, "missions: [programmation, suivi-travaux]", "missions: []"),
        [f"{BUDGET}:13:11: « missions » doit compter au moins 1 élément(s)"],
    ),
    "same id twice in a list": (
        edit(BUDGET, "missions: [programmation, suivi-travaux]", "missions: [programmation, programmation]"),
        [f"{BUDGET}:13:11: « missions » contient un doublon — retirez l'élément répété"],
    ),
    "number below its minimum": (
        edit("framework/domains/pilotage.yml", "order: 1", "order: 0"),
        ["framework/domains/pilotage.yml:4:8: valeur hors limites pour « order » : 0"],
    ),
    "missing single file": (
        remove("framework/trade.yml"),
        ["framework/trade.yml:1:1: fichier manquant : le métier — créez framework/trade.yml"],
    ),
    "bad source URL": (
        edit("framework/missions/programmation.yml", "    reference: art. L2421-2", "    url: javascript:alert(1)"),
        ["framework/missions/programmation.yml:9:10: format invalide pour « sources.0.url » : « javascript:alert(1) »"],
    ),
    "malformed front matter (real third-party file)": (
        lambda project: shutil.copy(fixture("external/monzo-progression-framework/people.md"), project / "docs"),
        ["docs/people.md:205:12: tabulation dans l'indentation"],
    ),
}



@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_check_reports_bad_input(project: Path, case: str) -> None:
    mutate, expected = CASES[case]
    mutate(project)
    run = check(project)
    assert run.code == 1, run.output
    assert_reported(run.output, expected)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_build_reports_bad_input(project: Path, case: str) -> None:
    mutate, expected = CASES[case]
    mutate(project)
    run = build(project)
    assert run.code == 1, run.output
    assert_reported(run.output, expected)
    assert not (project / "site" / "index.html").exists(), "a site was built from bad sources"


# A file that cannot be read, a reference between files, a hand-written page's front matter.
THROUGH_SUBPROCESS = ["yaml syntax error", "unknown reference", "malformed front matter (real third-party file)"]


@pytest.mark.parametrize("case", THROUGH_SUBPROCESS)
def test_real_commands_exit_non_zero_without_traceback(tmp_path: Path, case: str) -> None:
    """The commands as a contributor runs them: exit code 1, the problems on the terminal, no
    traceback, no site; and the in-process runs used above print exactly the same."""
    mutate, expected = CASES[case]
    projects = {way: make_project(tmp_path / way) for way in ("process", "in-process")}
    for project in projects.values():
        mutate(project)
    for command, in_process in ((check_process, check), (build_process, build)):
        real = command(projects["process"])
        assert real.code == 1, real.output
        assert_reported(real.output, expected)
        assert not (projects["process"] / "site" / "index.html").exists()
        same = in_process(projects["in-process"])
        assert (same.code, same.output.replace("in-process", "process")) == (real.code, real.output)


def test_all_problems_reported_in_one_run_sorted(project: Path) -> None:
    for case in ("unknown status", "unknown key (typo)", "wrong type", "unknown reference"):
        CASES[case][0](project)
    run = check(project)
    assert run.code == 1
    problems = [line for line in run.output.splitlines() if line[:1].isalpha() and ".yml:" in line]
    assert len(problems) == 5, run.output  # the typo also leaves « term » missing
    keys = [(p.split(":")[0], int(p.split(":")[1]), int(p.split(":")[2])) for p in problems]
    assert keys == sorted(keys)
    assert "5 problèmes dans les sources." in run.output


def test_clean_sources_pass(project: Path) -> None:
    run = check(project)
    assert run.code == 0, run.output

    def count(folder: str) -> int:
        return len(list((project / folder).glob("*.yml")))

    assert (
        f"{count('competencies')} compétences, {count('framework/missions')} missions, "
        f"{count('framework/domains')} domaines, {count('framework/roles')} rôles, "
        f"{count('framework/paths')} parcours, {count('framework/trainings')} formations, "
        f"{count('glossary')} termes."
    ) in run.output
