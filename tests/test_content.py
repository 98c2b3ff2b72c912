"""The repository's own content: valid, complete, sourced, written in our own words, built strictly."""

from __future__ import annotations

import csv
import re
from html import unescape
from pathlib import Path

import pytest

from descriptor_phrases import descriptors_by_level, most_shared_run, report, stock_shares
from helpers import REPO, build, check, fixture, found
from referentiel.layout import KINDS
from referentiel.load import load_framework
from referentiel.model import Competency, Framework, Institute, Mission, Scale, Term, Trade
from roles_gaps import check_gap_tables
from seed_runs import load_fingerprints, runs
from site_html import broken_links, click_distances, read_page


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(REPO)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    run = build(REPO, "--site-dir", str(site))
    assert run.code == 0, run.output
    assert "WARNING" not in run.output, run.output
    return site


def _scale(framework: Framework) -> Scale:
    """Our référentiel has its scale (strict mode requires framework/scale.yml)."""
    assert framework.scale is not None, "framework/scale.yml is missing"
    return framework.scale


def _institute(framework: Framework) -> Institute:
    """Our référentiel has an institute (strict mode requires framework/institute.yml)."""
    assert framework.institute is not None, "framework/institute.yml is missing"
    return framework.institute


def test_check_passes_on_the_repository() -> None:
    run = check(REPO)
    assert run.code == 0, run.output


def _sources() -> list[tuple[Path, str]]:
    files = []
    for kind in KINDS:
        if kind.file:
            paths = [REPO / kind.file]
        else:
            assert kind.folder, kind.name  # a kind is one file or a folder of files
            paths = sorted((REPO / kind.folder).glob("*.yml"))
        files += [(path, kind.schema) for path in paths]
    return files


def test_every_source_declares_its_schema_for_editors() -> None:
    for path, schema in _sources():
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.relative_to(REPO)}: first line must be the yaml-language-server modeline"
        target = (path.parent / match.group(1)).resolve()
        assert target == (REPO / "referentiel" / "schemas" / schema).resolve(), (
            f"{path.relative_to(REPO)} → {match.group(1)}"
        )


def test_starter_counts(framework: Framework) -> None:
    assert len(framework.missions) >= 4
    assert len(framework.competencies) >= 10
    assert len(framework.emerging) >= 3
    acronyms = {term.acronym for term in framework.terms.values()}
    assert {"MOA", "MOE", "AMO", "AMOA", "AMOE"} <= acronyms
    assert len(_scale(framework).levels) >= 4


def test_every_entry_has_sources(framework: Framework) -> None:
    entries: list[Trade | Scale | Mission | Competency | Term] = [
        framework.trade,
        _scale(framework),
        *framework.missions.values(),
        *framework.competencies.values(),
        *framework.terms.values(),
    ]
    for entry in entries:
        assert entry.sources, entry.source
    cited = {source.seed for entry in entries for source in entry.sources if source.seed}
    assert cited, "no entry cites a seed"
    assert cited <= set(load_fingerprints()), "a seed is cited that does not exist"


def test_esco_uris_are_real(framework: Framework) -> None:
    with fixture("external/esco-construction-subset/skills.csv").open(encoding="utf-8", newline="") as handle:
        known = {row["conceptUri"] for row in csv.DictReader(handle)}
    assert len(known) > 700, "the vendored ESCO subset is incomplete"
    uris = [(competency.source, uri) for competency in framework.competencies.values() for uri in competency.esco]
    assert uris, "no competency cites an ESCO skill"
    for path, uri in uris:
        assert uri in known, f"{path}: {uri} is not in the ESCO subset"


def test_no_run_of_twelve_words_copied_from_a_seed() -> None:
    seeds = load_fingerprints()
    assert len(seeds) >= 5 and all(len(hashes) > 100 for hashes in seeds.values()), "seed fingerprints missing"
    seed_runs = set().union(*seeds.values())
    content = [path for path, _ in _sources()] + sorted((REPO / "docs").rglob("*.md"))
    assert len(content) > 50
    for path in content:
        copied = [text for text, hashed in runs(path.read_text("utf-8")) if hashed in seed_runs]
        assert not copied, f"{path.relative_to(REPO)} copies a seed: « {copied[0]} »"


def test_every_entity_has_its_page(framework: Framework, built_site: Path) -> None:
    for competency_id in framework.competencies:
        assert read_page(built_site, f"competences/{competency_id}/").find("h1"), competency_id
    for mission_id in framework.missions:
        assert read_page(built_site, f"missions/{mission_id}/").find("h1"), mission_id
    glossary = read_page(built_site, "glossaire/")
    for term_id in framework.terms:
        assert glossary.find("h3", id=term_id), term_id
    domains = read_page(built_site, "competences/")
    for domain_id in framework.domains:
        assert domains.find("h2", id=domain_id), domain_id


def test_every_cross_reference_is_a_working_link(built_site: Path) -> None:
    broken, checked = broken_links(built_site)
    assert not broken
    assert checked > 200


REQUIRED_TERMS = {
    "moa",
    "moe",
    "amo",
    "amoa",
    "amoe",
    "maitre-ouvrage-delegue",
    "conducteur-operation",
    "opc",
    "csps",
    "controleur-technique",
    "programme",
    "enveloppe-financiere-previsionnelle",
    "loi-mop",
    "code-commande-publique-livre-iv",
    "esq",
    "aps",
    "apd",
    "avp",
    "pro",
    "act",
    "visa",
    "exe",
    "det",
    "aor",
    "dce",
    "reception",
    "gpa",
    "doe",
    "diuo",
    "bim",
    "cout-global",
    "gpec",
    "gpect",
    "opca",
    "opco",
    "qcd",
    "cahier-des-charges",
    "recette",
}


def test_full_framework_counts(framework: Framework) -> None:
    assert len(framework.missions) >= 8
    assert len(framework.competencies) >= 35
    assert len({c.domain for c in framework.competencies.values()}) >= 6
    assert {c.kind for c in framework.competencies.values()} == {"savoir", "savoir-faire", "savoir-être"}
    assert len(framework.emerging) >= 10
    assert len(framework.terms) >= 40
    assert REQUIRED_TERMS <= set(framework.terms)
    assert len(_institute(framework).communities) == 3
    assert len(_institute(framework).formats) == 7


def test_every_competency_has_distinct_descriptors_at_every_level(framework: Framework) -> None:
    levels = [level.number for level in _scale(framework).levels]
    for competency in framework.competencies.values():
        assert list(competency.levels) == levels, competency.source
        descriptors = [" ".join(text.split()).casefold() for text in competency.levels.values()]
        assert all(descriptors), competency.source
        assert len(set(descriptors)) == len(descriptors), competency.source


def test_glossary_entries_are_complete(framework: Framework) -> None:
    for term in framework.terms.values():
        assert term.short and term.definition and term.sources, term.source
        assert term.english, f"{term.source}: no English equivalent"
    moa = framework.terms["moa"]
    assert any("project manager" in friend.term for friend in moa.false_friends)


def test_roles_paths_trainings_counts(framework: Framework) -> None:
    assert len(framework.roles) >= 6
    assert len(framework.career_paths) >= 8
    assert len(framework.trainings) >= 12


def test_every_gap_table_equals_the_difference_of_the_two_roles(framework: Framework, built_site: Path) -> None:
    assert check_gap_tables(REPO, built_site) > 0


def test_every_entity_is_within_three_clicks_of_home(framework: Framework, built_site: Path) -> None:
    distance = click_distances(built_site)
    targets = (
        [f"competences/{cid}/" for cid in framework.competencies]
        + [f"missions/{mid}/" for mid in framework.missions]
        + [f"roles/{rid}/" for rid in framework.roles]
        + [f"parcours/{p.origin}/{p.target}/" for p in framework.career_paths]
        + [f"formations/{tid}/" for tid in framework.trainings]
        + [f"glossaire/#{tid}" for tid in framework.terms]
        + [f"institut/#{c.id}" for c in _institute(framework).communities]
        + ["metier/", "niveaux/", "matrice/", "competences/emergentes/"]
    )
    far = [target for target in targets if distance.get(target, 99) > 3]
    assert not far, far


def test_deliverables_are_listed_and_backlinked(built_site: Path) -> None:
    from test_deliverables import check_listings_and_backlinks

    assert check_listings_and_backlinks(REPO, built_site) >= 5


def test_every_edit_link_targets_a_file_of_the_repository(framework: Framework, built_site: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    base = found(r"^edit_uri: (\S+)", config, re.MULTILINE).group(1)
    pages = [html for html in built_site.rglob("index.html") if html.parent != built_site / "search"]
    with_edit = 0
    for html in pages:
        edit = [href for href in read_page(html.parent, "index.html").links() if href.startswith(base)]
        for href in edit:
            assert (REPO / href.removeprefix(base)).is_file(), f"{html.relative_to(built_site)} → {href}"
        with_edit += bool(edit)
    detail = (
        [f"competences/{c}" for c in framework.competencies]
        + [f"roles/{r}" for r in framework.roles]
        + [f"missions/{m}" for m in framework.missions]
    )
    for url in detail:
        assert any(href.startswith(base) for href in read_page(built_site, f"{url}/").links()), url
    assert with_edit > len(detail)


# Issue 18, errors to correct: each fixed fact is guarded where a machine can see it.


def _texts() -> list[tuple[str, str]]:
    """Every content file (sources of every kind, Markdown pages) as (path, text with lines joined)."""
    paths = [path for path, _ in _sources()] + sorted((REPO / "docs").rglob("*.md"))
    return [(str(path.relative_to(REPO)), " ".join(path.read_text("utf-8").split())) for path in paths]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;!?])\s+|\s+-\s+|\s+\|\s+", text) if s]


def test_g3a42_is_never_cited_as_an_assistant_job(framework: Framework) -> None:
    assert "assistant-operation" in framework.roles, "the assistant role is missing"
    for role in framework.roles.values():
        for source in role.sources:
            cited = f"{source.title} {source.reference or ''}"
            if "G3A42" in cited:
                assert "assistant" not in role.id and "Conducteur" in cited, (
                    f"{role.source}: G3A42 is the conducteur de travaux immobiliers"
                )
    for career_path in framework.career_paths:
        if "assistant" in career_path.origin or "assistant" in career_path.target:
            assert not any("G3A42" in f"{s.title} {s.reference or ''}" for s in career_path.sources), career_path.source
    for name, text in _texts():
        for sentence in _sentences(text):
            if "G3A42" in sentence:
                assert "assistant" not in sentence.casefold(), f"{name}: « {sentence} »"


def test_the_maitre_d_oeuvre_organises_the_operations_prealables(framework: Framework) -> None:
    checked = 0
    for name, text in _texts():
        for sentence in _sentences(text):
            if "opérations préalables" in sentence and re.search(r"\borganis", sentence, re.IGNORECASE):
                checked += 1
                assert "d’œuvre" in sentence or "d'œuvre" in sentence, (
                    f"{name}: the MOE organises them (AOR) — « {sentence} »"
                )
    assert checked >= 3, "the reception texts no longer say who organises the opérations préalables"
    reception = framework.competencies["conduire-reception"].levels[2]
    assert not reception.startswith("Organise"), reception


def test_conduite_d_operation_incompatibilities_cite_l2422_4() -> None:
    cited = 0
    for name, text in _texts():
        assert not re.search(r"L2422-3[^;),\n]{0,40}incompatib", text), f"{name}: the incompatibilities are in L2422-4"
        if re.search(r"(conduite|conducteur) d’opération", text) and re.search(r"ne peut pas (être |se )?cumul", text):
            assert "L2422-4" in text, f"{name}: cite L2422-4 for what the conduite d’opération cannot be combined with"
            cited += 1
    assert cited >= 3


def test_corrected_claims_do_not_come_back() -> None:
    """Statements issue 18 found wrong or beyond their source; each was rewritten."""
    wrong = {
        r"classée en niveau [123]": (
            "CSPS: operations have catégories (R4532-1), coordinators niveaux de compétence (R4532-23)"
        ),
        r"ne collectent plus": "OPCO collected contributions until the end of 2021",
        r"ne conçoit pas l’ouvrage": "a public MOA may perform maîtrise d’œuvre with its own services",
        r"parmi les compétences émergentes": "the Cerema page speaks of stakes, not of emerging competencies",
        r"tenu à jour par les groupes de travail": "the site was drafted from documents, not by the working groups",
        r"2 journées": "the source's duration for expert visits is unclear",
        r"se sont tenues en 2022": "the source announced the first editions for 2022",
        r"réservée?s? aux membres": "the source says accessible to members",
    }
    for name, text in _texts():
        for pattern, why in wrong.items():
            match = re.search(pattern, text)
            assert not match, f"{name}: « {match.group(0)} » — {why}"


def test_documentary_syntheses_claim_no_exchange_format(framework: Framework) -> None:
    assert framework.deliverables, "no deliverable"
    formats = {f.id: f for f in _institute(framework).formats}
    assert formats["synthese"].category == "documentaire"
    for deliverable in framework.deliverables.values():
        body = (REPO / deliverable.source).read_text("utf-8").split("\n---\n", 1)[1]
        if re.search(r"\bsynthétise\b|synthèse documentaire", body):
            assert deliverable.format == "synthese", (
                f"{deliverable.source}: a documentary synthesis is not the output of « {deliverable.format} »"
            )


# Issue 18, roles that hold together. The thresholds are the contributor guide's
# (docs/contribuer/index.md, « Rôles et parcours cohérents ») and the scale's own rule.

CLOSE_PATH_MAX_LEVELS = 3  # a « proche » path: at most three levels to climb on essential competencies
LEVELS_PER_YEAR = 20  # a path announces at least one year per twenty essential levels to climb
EXPERTISE_MAX_SHARE = 1 / 4  # a role requires Expertise on at most a quarter of its competencies


def _essential_levels_to_climb(framework: Framework, origin: str, target: str) -> int:
    gap = framework.gap(framework.roles[origin], framework.roles[target])
    return sum(line.difference or 0 for line in gap if line.importance == "essential")


def test_the_thresholds_are_those_the_contributor_guide_states() -> None:
    guide = " ".join((REPO / "docs/contribuer/index.md").read_text("utf-8").split())
    assert "au plus trois niveaux à gagner" in guide
    assert "un an par tranche de vingt niveaux" in guide
    assert "plus du quart" in guide
    scale = " ".join((REPO / "framework/scale.yml").read_text("utf-8").split())
    assert "jamais sur plus du quart de celles qu’il demande" in scale


def test_every_competency_is_required_by_a_role(framework: Framework) -> None:
    required = {r.competency for role in framework.roles.values() for r in role.requirements}
    unused = [c.source for c in framework.competencies.values() if c.id not in required]
    assert not unused, f"required by no role: {unused}"


def test_a_close_path_has_a_small_gap(framework: Framework) -> None:
    close = [p for p in framework.career_paths if p.kind == "proche"]
    assert close, "no « proche » path left to check"
    for path in close:
        levels = _essential_levels_to_climb(framework, path.origin, path.target)
        assert levels <= CLOSE_PATH_MAX_LEVELS, f"{path.source}: « proche » with {levels} essential levels to climb"


def test_a_path_s_duration_is_consistent_with_its_gap(framework: Framework) -> None:
    for path in framework.career_paths:
        assert path.duration, f"{path.source}: no duration"
        years = found(r"(\d+)", path.duration).group(1)
        levels = _essential_levels_to_climb(framework, path.origin, path.target)
        assert int(years) >= levels // LEVELS_PER_YEAR, (
            f"{path.source}: « {path.duration} » for {levels} essential levels to climb"
        )


def test_no_role_requires_expertise_on_more_than_a_quarter_of_its_competencies(framework: Framework) -> None:
    expert = _scale(framework).levels[-1].number
    for role in framework.roles.values():
        at_expertise = [r.competency for r in role.requirements if r.level == expert]
        assert len(at_expertise) <= EXPERTISE_MAX_SHARE * len(role.requirements), (
            f"{role.source}: Expertise required on {len(at_expertise)} of {len(role.requirements)}"
        )


# Issue 18, levels that differ in behaviour: the share of descriptors naming a context
# (« opération courante », « complexe », « de sa structure ») instead of what the person does.
# Before the rewrite: 9 %, 91 %, 83 % and 93 % at levels 1 to 4.

STOCK_PHRASE_MAX_SHARE = 0.10
SHARED_RUN_MAX_SHARE = 0.20  # no new formula: a run of three words in at most a fifth of a level


def test_level_descriptors_do_not_lean_on_stock_phrases(capsys: pytest.CaptureFixture[str]) -> None:
    descriptors = descriptors_by_level(REPO)
    assert sorted(descriptors) == [1, 2, 3, 4] and all(len(texts) > 30 for texts in descriptors.values())
    with capsys.disabled():
        print("\n" + report(descriptors))
    for level, share in stock_shares(descriptors).items():
        assert share <= STOCK_PHRASE_MAX_SHARE, f"level {level}: {share:.0%} of descriptors use a stock phrase"
    for level, texts in descriptors.items():
        run, count = most_shared_run(texts)
        assert count <= SHARED_RUN_MAX_SHARE * len(texts), f"level {level}: « {run} » in {count} descriptors"


def test_the_stock_phrase_measure_sees_a_formula() -> None:
    formula = {2: [f"Rédige la pièce {n} d’une opération courante." for n in range(10)]}
    assert stock_shares(formula) == {2: 1.0}
    assert most_shared_run(formula[2])[1] == 10


# Issue 18, emerging with a reason: each emerging competency says why and since when, from a
# source it cites, and the emerging page shows it.


def test_every_emerging_competency_says_why_and_since_when(framework: Framework, built_site: Path) -> None:
    assert len(framework.emerging) >= 8
    page = read_page(built_site, "competences/emergentes/")
    dated = 0
    for competency in framework.emerging:
        emergence = competency.emergence
        assert emergence and emergence.reason, f"{competency.source}: no reason"
        assert competency.sources, competency.source
        shown = "".join(page.text.split())  # glossary links split the text into nodes: compare without spaces
        assert "".join(emergence.reason.split()) in shown, f"{competency.source}: reason not on the emerging page"
        if emergence.since:
            assert str(emergence.since) in emergence.reason, (
                f"{competency.source}: the reason names no source for the year {emergence.since}"
            )
            dated += 1
    assert dated >= len(framework.emerging) // 2
    assert "Pourquoi émergente" in read_page(built_site, "competences/piloter-demarche-bim/").text
    assert not any(c.emergence for c in framework.competencies.values() if c.status != "emerging")


# Issue 18, writing: one inclusive-writing convention, the vocabulary settled (contributor guide,
# « Écriture inclusive et vocabulaire »).


def _outside_quotes(text: str) -> str:
    """The text without what is quoted « … » (official titles, quotations) and without glossary
    variants (the spellings a reader may meet, listed to be recognised)."""
    text = "\n".join(line for line in text.splitlines() if not re.match(r"\s+- chargé", line))
    return re.sub(r"«[^»]*»", "«»", text)


def test_one_writing_convention() -> None:
    paths = [path for path, _ in _sources()] + sorted((REPO / "docs").rglob("*.md"))
    checked = 0
    for path in paths:
        name = str(path.relative_to(REPO))
        text = " ".join(_outside_quotes(path.read_text("utf-8")).split())
        assert "reporting" not in text.casefold(), f"{name}: « reporting » — write « compte rendu »"
        assert not re.search(r"\bNon précisée?s?\b", text), f"{name}: « non précisé(e) » takes a small letter"
        person = re.search(r"\b[Cc]hargée?s?\s+d[’']opérations?\b", text)
        assert not person, f"{name}: « {person.group(0)} » — write « chargé·e d’opération »" if person else ""
        plural = re.search(r"[Cc]hargé\S*\s+d[’']opérations\b", text)
        assert not plural, f"{name}: « {plural.group(0)} » — the role is « chargé·e d’opération »" if plural else ""
        checked += "chargé·e" in text
    assert checked >= 10, "the role is no longer written « chargé·e d’opération »"


# Issue 18, kinds and granularity (contributor guide, « Nature et granularité des compétences »).

UMBRELLAS = {  # a competency gathering finer ones: kept for the arbitration it adds, related to its parts
    "piloter-triptyque-cout-qualite-delai": {"maitriser-couts", "maitriser-delais", "assurer-qualite-technique"},
    "integrer-transition-environnementale": {
        "adapter-changement-climatique", "favoriser-reemploi-ecoconception", "maitriser-performance-energetique",
        "raisonner-cout-global",
    },
}
NEIGHBOURS = [  # competencies that look alike: each says what it covers and relates to the others
    {"coordonner-acteurs", "organiser-equipe-projet", "animer-equipe-projet"},
    {"collaborer-outils-numeriques", "piloter-demarche-bim", "gerer-information-operation"},
]


def test_a_savoir_is_what_one_knows_the_others_what_one_does(framework: Framework) -> None:
    for competency in framework.competencies.values():
        knowing = competency.title.startswith("Connaître")
        assert knowing == (competency.kind == "savoir"), (
            f"{competency.source}: « {competency.title} » is labelled {competency.kind}"
        )


def test_umbrellas_and_neighbours_are_related_explicitly(framework: Framework) -> None:
    for umbrella, parts in UMBRELLAS.items():
        related = {c.id for c in framework.related[umbrella]}
        assert parts <= related, f"{umbrella}: not related to {sorted(parts - related)}"
        assert "chacune à son niveau" in " ".join((framework.competencies[umbrella].description or "").split())
    for group in NEIGHBOURS:
        for competency_id in group:
            related = {c.id for c in framework.related[competency_id]}
            assert group - {competency_id} <= related, f"{competency_id}: not related to {sorted(group - related)}"


# What readers are told (issue 17, items 6 and 7), on the real site.

def _article(site: Path, url_path: str) -> str:
    html = (site / url_path / "index.html").read_text("utf-8")
    return found(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL).group(1)


def _pages(site: Path) -> dict[str, str]:
    return {path.parent.relative_to(site).as_posix(): path.read_text("utf-8") for path in site.rglob("index.html")}


def test_no_page_shows_a_seed_file_name(framework: Framework, built_site: Path) -> None:
    """Sources citing an institute document show its title and link to its origin, never its file name."""
    seeds = {d.file for d in _institute(framework).documents}
    assert seeds == set(load_fingerprints()), "every institute document has a title and an origin"
    for url, html in _pages(built_site).items():
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", html), url
    institute = _article(built_site, "institut")
    for document in _institute(framework).documents:
        entry = found(rf'<h3 id="{document.anchor}">(.*?)</h3>\s*<p[^>]*>(.*?)</p>', institute, re.DOTALL)
        assert document.title.split(" ")[0] in entry.group(1) and document.origin.split(" ")[0] in entry.group(2)
    bim = _article(built_site, "competences/piloter-demarche-bim")
    assert '(<a href="../../institut/#document-000">document réuni par l’institut</a>)' in bim


def test_rome_codes_link_to_their_public_fiche(framework: Framework, built_site: Path) -> None:
    from referentiel.pages import ROME_FICHE

    coded = [c for c in framework.competencies.values() if c.rome]
    assert coded and framework.trade.rome
    for competency in coded:
        article = _article(built_site, f"competences/{competency.id}")
        for code in competency.rome:
            assert f'<a href="{ROME_FICHE.format(code=code)}">{code}</a>' in article, competency.id
    trade = _article(built_site, "metier")
    for rome in framework.trade.rome:
        assert f'<a href="{ROME_FICHE.format(code=rome.code)}">{rome.code}</a>' in trade


def test_every_page_has_its_own_meta_description(framework: Framework, built_site: Path) -> None:
    """From the page's summary (an entity's, a listing's introduction, a deliverable's); none
    is made up for a page without one (a career path), and the site's is the home page's only."""
    descriptions: dict[str, str | None] = {}
    for url, html in _pages(built_site).items():
        metas = re.findall(r'<meta name="description" content="([^"]*)">', html)
        assert len(metas) <= 1, url
        descriptions[url] = unescape(metas[0]) if metas else None
    site = descriptions.pop(".")
    assert site and site not in descriptions.values()
    for competency in framework.competencies.values():
        assert descriptions[f"competences/{competency.id}"] == " ".join((competency.summary or "").split()) or None
    for path in framework.career_paths:
        assert descriptions[f"parcours/{path.origin}/{path.target}"] is None  # no summary: none invented
    for deliverable in framework.published:
        assert descriptions[f"livrables/{deliverable.id}"] == " ".join(deliverable.summary.split())
    glossary = re.sub("[\u00a0\u202f]", " ", unescape(re.sub("<[^>]+>", "", _article(built_site, "glossaire"))))
    assert descriptions["glossaire"] and descriptions["glossaire"] in glossary
    described = [text for text in descriptions.values() if text]
    assert len(described) == len(set(described)), "two pages share a description"
    missing = sorted(url for url, text in descriptions.items() if not text and not url.startswith("parcours/"))
    assert not missing, missing


def test_trainings_say_what_they_serve_and_what_no_training_reaches(framework: Framework, built_site: Path) -> None:
    untrained = framework.untrained
    assert untrained, "the real content has competencies no training covers"
    listing = _article(built_site, "formations")
    section = listing.split('id="sans-formation"')[1]
    for competency in framework.competencies.values():
        link = f'href="../competences/{competency.id}/"'
        assert (link in section) == (competency in untrained), competency.id
        page = _article(built_site, f"competences/{competency.id}")
        formations = found(r'<h2 id="formations">.*?(?=<h2|$)', page, re.DOTALL).group()
        assert ("rf-untrained" in formations) == (competency in untrained), competency.id
    for training in framework.trainings.values():
        page = _article(built_site, f"formations/{training.id}")
        roles = found(r'<h2 id="roles-concernes">.*?(?=<h2)', page, re.DOTALL).group()
        paths = found(r'<h2 id="parcours-concernes">.*?(?=<h2)', page, re.DOTALL).group()
        covered = {c.competency for c in training.covers}
        for role in framework.roles.values():
            assert (f'href="../../roles/{role.id}/"' in roles) == bool(covered & set(role.requirements_by_competency))
        for path in framework.career_paths:
            gaps = framework.gap(framework.roles[path.origin], framework.roles[path.target])
            helps = any(training in gap.trainings for gap in gaps)
            assert (f'href="../../parcours/{path.origin}/{path.target}/"' in paths) == helps, (training.id, path)
    assert any(framework.career_paths_by_training.values()) and any(framework.roles_by_training.values())


def test_the_matrix_marks_essential_and_optional_by_a_symbol_with_its_legend(framework: Framework,
                                                                            built_site: Path) -> None:
    matrix = _article(built_site, "matrice")
    assert "3 ●" in matrix.split("<h2")[0] and "3 ○" in matrix.split("<h2")[0], "the legend"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", matrix, re.DOTALL)
    essential = [c for c in cells if c.endswith("●</strong>")]
    optional = [c for c in cells if c.endswith(" ○")]
    requirements = [r for role in framework.roles.values() for r in role.requirements]
    assert len(essential) == sum(r.importance == "essential" for r in requirements)
    assert len(optional) == sum(r.importance == "optional" for r in requirements) > 0


def test_path_tables_put_essential_and_wide_gaps_first(framework: Framework, built_site: Path) -> None:
    for path in framework.career_paths:
        gaps = framework.gap(framework.roles[path.origin], framework.roles[path.target])
        keys = [(g.importance != "essential", -(g.difference or 0)) for g in gaps if g.difference is not None]
        assert keys == sorted(keys), path
        page = _article(built_site, f"parcours/{path.origin}/{path.target}")
        shown = re.findall(r'<tr>\s*<td><a href="../../../competences/([\w-]+)/"', page)
        assert shown == [g.competency.id for g in gaps], path


def test_the_glossary_is_light_its_backlinks_collapsed_and_limited(framework: Framework, built_site: Path) -> None:
    from referentiel.linking import BACKLINKS_SHOWN

    html = (built_site / "glossaire" / "index.html").read_text("utf-8")
    print(f"glossary page: {len(html.encode()):,} bytes")
    article = _article(built_site, "glossaire")
    backlinks = re.findall(r'<details class="rf-backlinks"><summary>(.*?)</summary><p>(.*?)</p></details>', article)
    assert len(backlinks) >= len(framework.terms) * 3 // 4
    for summary, links in backlinks:
        count = int(found(r"Pages qui emploient ce terme\u00a0: (\d+) pages?", summary)[1])
        shown = re.findall(r'<a href="(?!\?q=)[^"]*">', links)
        assert len(shown) <= min(count, BACKLINKS_SHOWN)
        if count > len(shown):
            assert re.search(rf'<a href="\?q=[^"]+">{count - len(shown)} (autres )?pages?', links), links
    for term in framework.terms.values():
        entry = article.split(f'id="{term.id}"')[1].split("<h3")[0]
        assert f'>{term.source}</a></p>' in entry and "/edit/main/" + term.source in entry, term.id
        if term.variants:
            forms = found(r"<em>Autres formes\u00a0:</em> (.*?)</p>", entry).group(1)
            assert forms == " et ".join([", ".join(f"«\u00a0{v}\u00a0»" for v in term.variants[:-1]),
                                         f"«\u00a0{term.variants[-1]}\u00a0»"]).removeprefix(" et ") + ".", forms
    assert len(html.encode()) < 190_000  # 293,080 bytes before; see ARCHITECTURE.md for what remains
