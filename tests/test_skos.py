"""The SKOS export (donnees/referentiel.skos.jsonld and .ttl), read back with rdflib: both files
the same graph, every competency, domain, level and term a concept with its labels, every ESCO
and ROME crosswalk, hostile text kept as literal text, the same bytes every time."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from helpers import FIXTURE, REPO
from hostile import PAYLOADS
from referentiel import downloads, export_json, export_skos, routes, siteconfig
from referentiel.load import load_framework
from referentiel.model import Framework

SITE = siteconfig.site_url_of(REPO) or ""
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's own
#: Texts aimed at the two serialisations themselves: closing a Turtle string or IRI, escapes,
#: a triple smuggled after a quote, a language tag, JSON-LD keywords.
RDF_PAYLOADS = (
    '"', '"""', "'''", "\\", "\\u0022", '\\"', '" ; skos:note "injecté" ; skos:x "', '"@en', "> <http://example.invalid/>",
    "x\ny\r\nz\tw", '" . <http://example.invalid/a> <http://example.invalid/b> "c', "@prefix x: <http://e.invalid/> .",
    '{"@id": "http://example.invalid/"}', "@context", "#commentaire", "\u2028\u2029", "😀 é ’ «\u00a0»",
)


def _graphs(files: dict[str, bytes]) -> tuple[Graph, Graph]:
    jsonld = Graph().parse(data=files["referentiel.skos.jsonld"].decode("utf-8"), format="json-ld")
    turtle = Graph().parse(data=files["referentiel.skos.ttl"].decode("utf-8"), format="turtle")
    return jsonld, turtle


def _exported(framework: Framework) -> dict[str, bytes]:
    return {f.name: f.content for f in downloads.files(framework, SITE) if f.name.startswith("referentiel.skos.")}


@pytest.fixture(scope="module")
def content() -> Framework:
    return load_framework(REPO)


@pytest.fixture(scope="module")
def graph(content: Framework) -> Graph:
    jsonld, turtle = _graphs(_exported(content))
    assert len(jsonld) > 1000
    assert isomorphic(jsonld, turtle), "the JSON-LD and the Turtle file are one graph"
    return jsonld


def _iri(page: str) -> URIRef:
    return URIRef(SITE + page)


def _fr(text: str) -> Literal:
    return Literal(text, lang="fr")


def test_every_competency_and_domain_is_a_concept_of_the_scheme(content: Framework, graph: Graph) -> None:
    fw = content
    scheme = _iri(routes.page_url(routes.COMPETENCIES))
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert (scheme, OWL.versionInfo, Literal(fw.journal[0].version)) in graph
    concepts = {s for s in graph.subjects(SKOS.inScheme, scheme)}
    domains = {_iri(f"{routes.page_url(routes.COMPETENCIES)}#{d}") for d in fw.domains}
    competencies = {_iri(routes.page_url(routes.competency(c))): fw.competencies[c] for c in fw.competencies}
    assert concepts == domains | competencies.keys()
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == domains
    for domain in fw.domains.values():
        concept = _iri(f"{routes.page_url(routes.COMPETENCIES)}#{domain.id}")
        assert list(graph.objects(concept, SKOS.prefLabel)) == [_fr(domain.title)]
    related = 0
    for iri, competency in competencies.items():
        assert (iri, RDF.type, SKOS.Concept) in graph
        assert list(graph.objects(iri, SKOS.prefLabel)) == [_fr(competency.title)], "one label, in French"
        assert list(graph.objects(iri, SKOS.definition)) == [_fr(competency.summary or "")]
        assert list(graph.objects(iri, SKOS.scopeNote)) == [_fr(competency.description or "")]
        assert (iri, SKOS.notation, Literal(competency.id)) in graph
        assert set(graph.objects(iri, SKOS.broader)) == {
            _iri(f"{routes.page_url(routes.COMPETENCIES)}#{d}") for d in competency.domains}
        for domain_id in competency.domains:
            assert (_iri(f"{routes.page_url(routes.COMPETENCIES)}#{domain_id}"), SKOS.narrower, iri) in graph
        others = {o for o in graph.objects(iri, SKOS.related) if o in competencies}
        expected = {*competency.related, *(c.id for c in fw.competencies.values() if competency.id in c.related)}
        assert others == {_iri(routes.page_url(routes.competency(o))) for o in expected}
        related += len(others)
        terms = {o for o in graph.objects(iri, SKOS.related) if o not in competencies}
        assert terms == {_iri(f"{routes.page_url(routes.GLOSSARY)}#{t}") for t in competency.terms}
    assert related > 0


def test_every_crosswalk_is_there(content: Framework, graph: Graph) -> None:
    """Each ESCO skill an exact match; each ROME code a related match to a concept of the ROME scheme,
    titled when the trade's table gives its title."""
    fw = content
    exact = {(s, o) for s, o in graph.subject_objects(SKOS.exactMatch)}
    assert exact == {
        (_iri(routes.page_url(routes.competency(c.id))), URIRef(uri))
        for c in fw.competencies.values() for uri in c.esco}
    assert len(exact) > 10
    trade = SITE + routes.page_url(routes.TRADE)
    rome = {(s, o) for s, o in graph.subject_objects(SKOS.relatedMatch)}
    assert rome == {
        (_iri(routes.page_url(routes.competency(c.id))), URIRef(f"{trade}#rome-{code}"))
        for c in fw.competencies.values() for code in c.rome}
    titles = {r.code: r.title for r in fw.trade.rome}
    for code in {code for c in fw.competencies.values() for code in c.rome}:
        fiche = URIRef(f"{trade}#rome-{code}")
        assert (fiche, SKOS.inScheme, URIRef(f"{trade}#rome")) in graph
        assert (fiche, SKOS.notation, Literal(code)) in graph
        assert list(graph.objects(fiche, SKOS.prefLabel)) == ([_fr(titles[code])] if code in titles else [])
    assert any(code not in titles for c in fw.competencies.values() for code in c.rome), "an untitled code"


def test_every_level_of_every_scale_is_a_concept(graph: Graph) -> None:
    """Our scale, and the named scales of the partial fixture (each its own scheme)."""
    for framework in (load_framework(REPO), load_framework(FIXTURE.parent / "partial")):
        g = _graphs(_exported(framework))[0] if framework.scales else graph
        assert framework.scale is not None
        scales = [framework.scale, *framework.scales.values()]
        assert len(scales) == (2 if framework.scales else 1)
        for scale in scales:
            page = routes.scale(scale.id) if scale.id else routes.SCALE
            scheme = _iri(routes.page_url(page))
            assert (scheme, RDF.type, SKOS.ConceptScheme) in g
            assert list(g.objects(scheme, SKOS.prefLabel)) == [_fr(scale.title)]
            levels = set(g.subjects(SKOS.inScheme, scheme))
            assert levels == {_iri(f"{routes.page_url(page)}#niveau-{lv.number}") for lv in scale.levels}
            for level in scale.levels:
                concept = _iri(f"{routes.page_url(page)}#niveau-{level.number}")
                assert list(g.objects(concept, SKOS.prefLabel)) == [_fr(level.label)]
                assert list(g.objects(concept, SKOS.notation)) == [Literal(str(level.number))]
                assert list(g.objects(concept, SKOS.definition)) == ([_fr(level.essence)] if level.essence else [])


def test_every_term_with_its_english_equivalents(content: Framework, graph: Graph) -> None:
    """English labels only where the glossary gives them; acronyms and variants as French alternatives."""
    fw = content
    scheme = _iri(routes.page_url(routes.GLOSSARY))
    assert set(graph.subjects(SKOS.inScheme, scheme)) == {
        _iri(f"{routes.page_url(routes.GLOSSARY)}#{t}") for t in fw.terms}
    for term in fw.terms.values():
        concept = _iri(f"{routes.page_url(routes.GLOSSARY)}#{term.id}")
        labels = list(graph.objects(concept, SKOS.prefLabel))
        assert set(labels) == {_fr(term.term), *(Literal(e, lang="en") for e in term.english[:1])}
        alternatives = set(graph.objects(concept, SKOS.altLabel))
        assert alternatives == {*(_fr(a) for a in (term.acronym, *term.variants) if a),
                                *(Literal(e, lang="en") for e in term.english[1:])}
        assert list(graph.objects(concept, SKOS.definition)) == [_fr(term.short)]
        assert set(graph.objects(concept, SKOS.related)) == {
            _iri(f"{routes.page_url(routes.GLOSSARY)}#{o}") for o in term.see_also}
    english = {o for o in graph.objects(None, None) if isinstance(o, Literal) and o.language == "en"}
    assert english == {Literal(e, lang="en") for t in fw.terms.values() for e in t.english} and english
    languages = {o.language for o in graph.objects(None, None) if isinstance(o, Literal)}
    assert languages == {"fr", "en", None}


def test_every_concept_iri_is_a_page_of_the_document() -> None:
    """A concept is named by its page's address: every IRI under the site's address is the `page`
    of an entity in the JSON document (whose pages the build test finds on the site), the trade's
    page for ROME codes, or a listing page."""
    document = export_json.document(load_framework(REPO))
    pages = set(_pages(document))
    g = _graphs(_exported(load_framework(REPO)))[0]
    ours = {str(s) for s in g.subjects() if str(s).startswith(SITE)}
    assert ours
    trade = routes.page_url(routes.TRADE)
    listings = {routes.page_url(routes.COMPETENCIES), routes.page_url(routes.GLOSSARY)}
    for iri in ours:
        page = iri.removeprefix(SITE)
        assert page in pages or page in listings or page.startswith(f"{trade}#rome"), iri


def _pages(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "page" and isinstance(v, str)] + [
            p for k, v in data.items() if k != "page" for p in _pages(v)]
    return [p for item in data for p in _pages(item)] if isinstance(data, list) else []


@pytest.fixture(scope="module")
def mini() -> tuple[dict[str, Any], int]:
    """The mini fixture's JSON document and the number of triples of its SKOS graph."""
    document = export_json.document(load_framework(FIXTURE))
    return document, len(_parsed(document)[0])


@pytest.mark.parametrize("payload", [*PAYLOADS, *RDF_PAYLOADS])
def test_hostile_text_stays_literal_text(payload: str, mini: tuple[dict[str, Any], int]) -> None:
    """A hostile value in every text a concept carries comes back from both files as the same
    literal, and adds no triple: the graph has as many triples as with plain text."""
    document, triples = mini
    hostile = copy.deepcopy(document)
    planted = {
        "competency": (hostile["competencies"][0], ("title", "summary", "description")),
        "term": (hostile["glossary"][0], ("term", "short", "definition")),
        "domain": (hostile["domains"][0], ("title", "summary")),
        "level": (hostile["scale"]["levels"][0], ("label", "essence", "description")),
        "trade": (hostile["trade"], ("title",)),
    }
    for name, (item, fields) in planted.items():
        for field in fields:
            item[field] = f"{name}.{field}:{payload}"
    hostile["glossary"][0]["english"] = [f"english:{payload}"]
    for graph in _parsed(hostile):
        assert len(graph) == triples
        literals = {str(o) for o in graph.objects(None, None) if isinstance(o, Literal)}
        expected = {f"{name}.{field}:{payload}" for name, (_, fields) in planted.items() for field in fields}
        expected = {text for text in expected if not text.startswith("trade.")}  # in the schemes' composed titles
        assert expected | {f"english:{payload}"} <= literals, payload
        assert any(text.startswith(f"trade.title:{payload} — ") for text in literals)
        assert not any(str(s).startswith("http://example.invalid") or str(o).startswith("http://example.invalid")
                       for s, _, o in graph)


def _parsed(document: dict[str, Any]) -> tuple[Graph, Graph]:
    nodes = export_skos.graph(document, SITE)
    jsonld, turtle = _graphs({"referentiel.skos.jsonld": export_skos.jsonld(nodes),
                              "referentiel.skos.ttl": export_skos.turtle(nodes)})
    assert isomorphic(jsonld, turtle)
    return jsonld, turtle


def test_the_same_bytes_every_time(content: Framework) -> None:
    assert _exported(content) == _exported(load_framework(REPO))
    data = json.loads(_exported(content)["referentiel.skos.jsonld"])
    assert set(data["@context"]) == {"skos", "dcterms", "owl", "xsd"}, "an inline context: nothing to fetch"


def test_without_the_site_address_there_is_no_skos_file_and_the_page_says_why() -> None:
    framework = load_framework(FIXTURE)
    names = {f.name for f in downloads.files(framework, None)}
    assert "referentiel.json" in names and not any(name.startswith("referentiel.skos") for name in names)
    page, _ = downloads.publish(framework, None)
    assert downloads.NO_SITE_URL in page.content
    assert downloads.NO_SITE_URL not in downloads.publish(framework, SITE)[0].content
