"""The framework as SKOS concept schemes (``donnees/referentiel.skos.jsonld`` and ``.ttl``),
the W3C vocabulary format ESCO publishes and thesaurus tools import.

Drawn from the JSON document (``export_json``), so it says what the other exports say. Three
kinds of concept scheme, each a page of the site:

- the competencies (``competences/``): domains are its top concepts, each competency is
  ``skos:broader`` its domains, ``skos:related`` to its related competencies (both ways: the
  property is symmetric) and to the glossary terms it names, ``skos:exactMatch`` each ESCO skill
  URI of its crosswalks and ``skos:relatedMatch`` each ROME code (a ROME fiche is an occupation,
  not a skill: an exact match would also make two codes of one competency the same fiche, since
  ``skos:exactMatch`` is transitive);
- one per scale (``niveaux/``, ``niveaux/<id>/``): its levels, ``skos:notation`` their number;
- the glossary (``glossaire/``): each term, its acronym and variants as French ``altLabel``, its
  English equivalents as English labels (the first ``prefLabel``, the others ``altLabel``: SKOS
  allows one preferred label per language), ``skos:related`` the terms it sends to.

A concept's IRI is its page's address on the site (``site_url`` + the document's ``page``): it
resolves to the page describing it. ``skos:definition`` is the one-sentence text of the sources
(a summary, a level's essence, a term's short definition), ``skos:scopeNote`` the longer one; a
text the sources lack is absent, never filled in. English labels come from the glossary's
equivalents only: the sources give competencies, domains and levels none, and none is made up.
ROME codes are concepts of a ``ROME`` scheme of this file (``<trade page>#rome``), their IRI
``<trade page>#rome-<code>`` (France Travail publishes no IRI for a fiche); the trade's table
gives some their title.

The graph is one list of nodes written twice, as JSON-LD (an inline context: nothing to fetch)
and as Turtle, in the document's order: the same sources give the same bytes. No RDF library
is needed to write either; the tests read both back with ``rdflib``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from . import routes
from .export_json import JSON
from .routes import page_url

PREFIXES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class IRI:
    value: str


@dataclass(frozen=True)
class Literal:
    text: str
    language: str | None = None
    datatype: str | None = None  # a prefixed name ("xsd:date")


Value = IRI | Literal


@dataclass
class Node:
    iri: str
    type: str  # a prefixed name
    properties: list[tuple[str, Value]]

    def add(self, predicate: str, value: Value | str | None, language: str | None = "fr") -> None:
        """A property; a string is a literal (in French unless told), ``None`` or empty text adds nothing."""
        if isinstance(value, str):
            value = Literal(value, language) if value else None
        if value is not None:
            self.properties.append((predicate, value))


def graph(document: JSON, site_url: str) -> list[Node]:
    """Every node of the SKOS export, in the order it is written."""
    d = document

    def url(page: str) -> str:
        return site_url + page

    nodes: list[Node] = []

    def node(iri: str, type_: str) -> Node:
        nodes.append(made := Node(iri, type_, []))
        return made

    def versioned(scheme: Node, title: str, summary: str | None) -> None:
        scheme.add("skos:prefLabel", title)
        scheme.add("skos:definition", summary)
        if d["version"] is not None:  # a référentiel without a journal has no version nor date
            scheme.add("owl:versionInfo", Literal(d["version"]))
            scheme.add("dcterms:modified", Literal(d["date"], datatype="xsd:date"))
        scheme.add("dcterms:publisher", d["institute"]["name"] if d["institute"] else None)
        scheme.add("dcterms:language", Literal("fr"))

    scheme_iri = url(page_url(routes.COMPETENCIES))
    scheme = node(scheme_iri, "skos:ConceptScheme")
    versioned(scheme, f"{d['trade']['title']} — compétences", d["trade"]["summary"])
    rome_titles = {r["code"]: r["title"] for r in d["trade"]["rome"]}
    trade_page = url(d["trade"]["page"])
    terms = {t["id"]: url(t["page"]) for t in d["glossary"]}
    competencies = {c["id"]: url(c["page"]) for c in d["competencies"]}
    narrower: dict[str, list[str]] = {}
    related: dict[str, list[str]] = {c["id"]: [] for c in d["competencies"]}
    for c in d["competencies"]:
        for other in c["related"]:
            for one, two in ((c["id"], other), (other, c["id"])):
                if two not in related[one]:
                    related[one].append(two)
    for c in d["competencies"]:
        for domain in c["domains"]:
            narrower.setdefault(domain, []).append(competencies[c["id"]])
    for domain in d["domains"]:
        concept = node(url(domain["page"]), "skos:Concept")
        concept.add("skos:inScheme", IRI(scheme_iri))
        concept.add("skos:topConceptOf", IRI(scheme_iri))
        concept.add("skos:prefLabel", domain["title"])
        concept.add("skos:notation", Literal(domain["id"]))
        concept.add("skos:definition", domain["summary"])
        for child in narrower.get(domain["id"], []):
            concept.add("skos:narrower", IRI(child))
        scheme.add("skos:hasTopConcept", IRI(concept.iri))
    domains = {domain["id"]: url(domain["page"]) for domain in d["domains"]}
    rome_cited: list[str] = []
    for c in d["competencies"]:
        concept = node(competencies[c["id"]], "skos:Concept")
        concept.add("skos:inScheme", IRI(scheme_iri))
        concept.add("skos:prefLabel", c["title"])
        concept.add("skos:notation", Literal(c["id"]))
        concept.add("skos:definition", c["summary"])
        concept.add("skos:scopeNote", c["description"])
        for domain in c["domains"]:
            concept.add("skos:broader", IRI(domains[domain]))
        for other in related[c["id"]]:
            concept.add("skos:related", IRI(competencies[other]))
        for term in c["terms"]:
            concept.add("skos:related", IRI(terms[term]))
        for esco in c["esco"]:
            concept.add("skos:exactMatch", IRI(esco))
        for code in c["rome"]:
            concept.add("skos:relatedMatch", IRI(f"{trade_page}#rome-{code}"))
            if code not in rome_cited:
                rome_cited.append(code)
    if rome_cited:
        rome = node(f"{trade_page}#rome", "skos:ConceptScheme")
        rome.add("skos:prefLabel", Literal("ROME"))
        for code in rome_cited:
            fiche = node(f"{trade_page}#rome-{code}", "skos:Concept")
            fiche.add("skos:inScheme", IRI(rome.iri))
            fiche.add("skos:notation", Literal(code))
            fiche.add("skos:prefLabel", rome_titles.get(code))

    for scale in [s for s in (d["scale"], *d["scales"]) if s]:  # no scale: no level scheme
        levels = node(url(scale["page"]), "skos:ConceptScheme")
        versioned(levels, scale["title"], None)
        levels.add("skos:scopeNote", scale["summary"])
        for level in scale["levels"]:
            concept = node(url(level["page"]), "skos:Concept")
            concept.add("skos:inScheme", IRI(levels.iri))
            concept.add("skos:topConceptOf", IRI(levels.iri))
            concept.add("skos:prefLabel", level["label"])
            concept.add("skos:notation", Literal(str(level["level"])))
            concept.add("skos:definition", level["essence"])
            concept.add("skos:scopeNote", level["description"])
            levels.add("skos:hasTopConcept", IRI(concept.iri))

    if d["glossary"]:
        glossary = node(url(page_url(routes.GLOSSARY)), "skos:ConceptScheme")
        versioned(glossary, f"{d['trade']['title']} — glossaire", None)
        for t in d["glossary"]:
            concept = node(terms[t["id"]], "skos:Concept")
            concept.add("skos:inScheme", IRI(glossary.iri))
            concept.add("skos:topConceptOf", IRI(glossary.iri))
            concept.add("skos:prefLabel", t["term"])
            concept.add("skos:altLabel", t["acronym"])
            for variant in t["variants"]:
                concept.add("skos:altLabel", variant)
            for position, english in enumerate(t["english"]):
                concept.add("skos:altLabel" if position else "skos:prefLabel", english, "en")
            concept.add("skos:notation", Literal(t["id"]))
            concept.add("skos:definition", t["short"])
            concept.add("skos:scopeNote", t["definition"])
            for other in t["see_also"]:
                concept.add("skos:related", IRI(terms[other]))
            glossary.add("skos:hasTopConcept", IRI(concept.iri))
    return nodes


# --- JSON-LD -----------------------------------------------------------------------------------


def _jsonld_value(value: Value) -> JSON:
    if isinstance(value, IRI):
        return {"@id": value.value}
    if value.language:
        return {"@value": value.text, "@language": value.language}
    if value.datatype:
        return {"@value": value.text, "@type": value.datatype}
    return {"@value": value.text}


def jsonld(nodes: list[Node]) -> bytes:
    """The graph as JSON-LD 1.1: an inline ``@context`` of prefixes, then one node per line (a
    line-by-line diff shows what changed; and the standard library's fast encoder writes it), every
    value an object (``@id`` or ``@value``), properties in their order of first appearance."""
    items: list[str] = []
    for n in nodes:
        item: dict[str, Any] = {"@id": n.iri, "@type": n.type}
        for predicate, value in n.properties:
            item.setdefault(predicate, []).append(_jsonld_value(value))
        items.append(json.dumps(item, ensure_ascii=False))
    context = json.dumps(PREFIXES, ensure_ascii=False)
    return ('{"@context": ' + context + ',\n"@graph": [\n' + ",\n".join(items) + "\n]}\n").encode("utf-8")


# --- Turtle ------------------------------------------------------------------------------------

#: A Turtle string's escapes: its delimiter, the backslash, line breaks and every other control character.
_STRING_ESCAPES = str.maketrans(
    {**{code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)},
     "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)
#: Characters an IRIREF may not hold as they are (RDF 1.1 Turtle, production [18]): written as \\uXXXX.
_IRI_ESCAPES = str.maketrans({char: f"\\u{ord(char):04X}" for char in '<>"{}|^`\\ ' + "".join(map(chr, range(0x20)))})


def _string(text: str) -> str:
    return '"' + text.translate(_STRING_ESCAPES) + '"'


def _iri(iri: str) -> str:
    return "<" + iri.translate(_IRI_ESCAPES) + ">"


def _turtle_value(value: Value) -> str:
    if isinstance(value, IRI):
        return _iri(value.value)
    text = _string(value.text)
    if value.language:
        return f"{text}@{value.language}"
    return f"{text}^^{value.datatype}" if value.datatype else text


def turtle(nodes: list[Node]) -> bytes:
    """The same graph as RDF 1.1 Turtle: one block per node, its properties grouped as in JSON-LD."""
    lines = [f"@prefix {name}: <{iri}> ." for name, iri in PREFIXES.items()]
    for n in nodes:
        grouped: dict[str, list[str]] = {}
        for predicate, value in n.properties:
            grouped.setdefault(predicate, []).append(_turtle_value(value))
        lines += ["", f"{_iri(n.iri)} a {n.type}" + (" ;" if grouped else " .")]
        for position, (predicate, values) in enumerate(grouped.items(), 1):
            end = " ." if position == len(grouped) else " ;"
            lines.append(f"    {predicate} " + ",\n        ".join(values) + end)
    return ("\n".join(lines) + "\n").encode("utf-8")
