"""The framework as a CASE 1.1 CFPackage (1EdTech Competencies and Academic Standards Exchange),
the format learning and talent platforms import (``donnees/referentiel.case.json``).

Drawn from the JSON document (``export_json``), so it says what the other exports say:

- the CFDocument is the framework (the trade's title and summary, the institute as creator and
  publisher, the journal's latest version and date, language ``fr``);
- domains, competencies and roles are CFItems (``humanCodingScheme``: the id);
- associations: a domain ``isChildOf`` the document, a competency ``isChildOf`` its domain, a
  role ``isChildOf`` the document, a related competency ``isRelatedTo`` (as written once in the
  sources), ``exactMatchOf`` each ESCO skill URI, and a role's requirement as ``ext:requires``
  (level and importance in its notes: CASE has no association for a required level);
- level descriptors are a CFRubric: one criterion per competency, one criterion level per
  descriptor (``score``: the level's number, ``quality``: its label).

Identifiers are UUIDv5 of ``kind:id`` in one namespace: the same id always gives the same
identifier, across builds and versions. ``uri`` is the identifier as a URN (``urn:uuid:…``):
the site serves no CASE API to resolve. ``lastChangeDateTime`` is the version's date at 00:00 UTC.
"""

from __future__ import annotations

import uuid
from typing import Any

from .export_json import JSON
from .fields import label
from .model import UNSPECIFIED

#: Fixed forever: changing it would change every identifier.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://institut-imoa.github.io/referentiel-moa/case")
ITEM_TYPES = {"domain": "Domaine", "competency": "Compétence", "role": "Rôle"}


def identifier(kind: str, entity_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{entity_id}"))


def _uri(ident: str) -> str:
    return f"urn:uuid:{ident}"


def package(document: JSON) -> JSON:
    """The CFPackage of the JSON document."""
    d = document
    changed = f"{d['date']}T00:00:00+00:00"
    doc_id = identifier("document", "referentiel")
    doc_link = {"title": d["trade"]["title"], "identifier": doc_id, "uri": _uri(doc_id)}
    items: list[JSON] = []
    links: dict[tuple[str, str], JSON] = {}

    def item(kind: str, entity_id: str, statement: str, notes: str | None) -> None:
        ident = identifier(kind, entity_id)
        entry: JSON = {
            "identifier": ident, "uri": _uri(ident), "fullStatement": statement, "humanCodingScheme": entity_id,
            "CFItemType": ITEM_TYPES[kind], "language": "fr", "lastChangeDateTime": changed,
        }
        if notes:
            entry["notes"] = notes
        items.append(entry)
        links[kind, entity_id] = {"title": statement, "identifier": ident, "uri": _uri(ident)}

    for domain in d["domains"]:
        item("domain", domain["id"], domain["title"], domain["summary"])
    for competency in d["competencies"]:
        item("competency", competency["id"], competency["title"], competency["description"])
    for role in d["roles"]:
        item("role", role["id"], role["title"], role["summary"])

    associations: list[JSON] = []

    def associate(kind: str, origin: JSON, destination: JSON, sequence: int | None = None, notes: str = "") -> None:
        ident = str(uuid.uuid5(NAMESPACE, f"association:{kind}:{origin['identifier']}:{destination['identifier']}"))
        entry: JSON = {
            "identifier": ident, "uri": _uri(ident), "associationType": kind, "originNodeURI": origin,
            "destinationNodeURI": destination, "lastChangeDateTime": changed,
        }
        if sequence is not None:
            entry["sequenceNumber"] = sequence
        if notes:
            entry["notes"] = notes
        associations.append(entry)

    for number, domain in enumerate(d["domains"], 1):
        associate("isChildOf", links["domain", domain["id"]], doc_link, number)
    for number, competency in enumerate(d["competencies"], 1):
        node = links["competency", competency["id"]]
        associate("isChildOf", node, links["domain", competency["domain"]], number)
        for other in competency["related"]:
            associate("isRelatedTo", node, links["competency", other])
        for esco in competency["esco"]:
            associate("exactMatchOf", node, {"title": esco, "identifier": esco, "uri": esco})
    labels = {level["level"]: level["label"] for level in (d["scale"] or {"levels": []})["levels"]}
    for number, role in enumerate(d["roles"], 1):
        node = links["role", role["id"]]
        associate("isChildOf", node, doc_link, number)
        for requirement in role["requirements"]:
            level = requirement["level"]
            importance = label(requirement["importance"], "role.requirements[].importance")
            shown = UNSPECIFIED if level is None else f"{level} — {labels.get(level, '?')}"
            notes = f"niveau {shown} ; {importance}"
            associate("ext:requires", node, links["competency", requirement["competency"]], level, notes)

    rubric_id = identifier("rubric", "scale")
    criteria: list[JSON] = []
    for position, competency in enumerate(d["competencies"], 1):
        criterion_id = identifier("criterion", competency["id"])
        criteria.append({
            "identifier": criterion_id, "uri": _uri(criterion_id), "rubricId": rubric_id,
            "CFItemURI": dict(links["competency", competency["id"]]),
            "description": competency["title"], "position": position, "lastChangeDateTime": changed,
            "CFRubricCriterionLevels": [
                {"identifier": (level_id := identifier("criterion-level", f"{competency['id']}:{level['level']}")),
                 "uri": _uri(level_id), "rubricCriterionId": criterion_id, "description": level["descriptor"],
                 "quality": labels.get(level["level"], str(level["level"])), "score": level["level"],
                 "position": level["level"], "lastChangeDateTime": changed}
                for level in competency["levels"]
            ],
        })
    institute: str = d["institute"]["name"] if d["institute"] else UNSPECIFIED  # CASE requires a creator
    cf_document: dict[str, Any] = {
        "identifier": doc_id, "uri": _uri(doc_id), "creator": institute, "publisher": institute,
        "title": d["trade"]["title"], "description": d["trade"]["summary"], "language": "fr",
        "version": d["version"], "caseVersion": "1.1", "lastChangeDateTime": changed,
        "statusStartDate": d["date"],
    }
    return {
        "CFDocument": cf_document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": [{
            "identifier": rubric_id, "uri": _uri(rubric_id), "title": d["scale"]["title"],
            "description": d["scale"]["summary"], "lastChangeDateTime": changed, "CFRubricCriteria": criteria,
        }] if d["scale"] else [],  # no scale, no levels: no rubric
    }
