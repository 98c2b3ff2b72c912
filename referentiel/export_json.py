"""The whole framework as one JSON document (``donnees/referentiel.json``), drawn from the model.

Plain data, in the model's display order, keys sorted when written: the same sources give
the same bytes (no build time, no set order). Every entity keeps its id and the URL of its
page relative to the site root (``page``: "competences/piloter-budget/", drawn from
``routes``); a career path carries its gaps, computed by ``Framework.gap``, never stored.
Only published deliverables are exported. The JSON Schema it follows is
``referentiel/export.schema.json``, published beside it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from . import routes
from .model import CareerPath, Framework, Institute, Scale, Source
from .routes import page_url

#: The shape of the document: raised when a field is added, removed or changes meaning.
FORMAT = "referentiel-moa/1"
SCHEMA_FILE = "export.schema.json"

JSON = dict[str, Any]


def source_file(entity: Any) -> str:
    """The source file an entity was read from (the one place that names the model's attribute)."""
    return str(entity.source)


def career_path_page(career_path: CareerPath) -> str:
    return routes.career_path(career_path.origin, career_path.target)


def _sources(sources: tuple[Source, ...]) -> list[JSON]:
    return [
        {key: value for key, value in (("title", s.title), ("url", s.url), ("reference", s.reference)) if value}
        for s in sources
    ]


def _anchored(page: str, anchor: str) -> str:
    """The URL of a section of a page: domains, glossary terms and levels have explicit anchors."""
    return f"{page_url(page)}#{anchor}"


def _institute(institute: Institute) -> JSON:
    return {
        "name": institute.name, "summary": institute.summary,
        "aims": [{"title": a.title, "description": a.description} for a in institute.aims],
        "communities": [
            {"id": c.id, "title": c.title, "summary": c.summary, "topics": list(c.topics),
             "page": _anchored(routes.INSTITUTE, c.id)}
            for c in institute.communities
        ],
        "formats": [
            {"id": f.id, "title": f.title, "category": f.category, "purpose": f.purpose, "content": f.content,
             "duration": f.duration, "frequency": f.frequency, "page": _anchored(routes.INSTITUTE, f.id)}
            for f in institute.formats
        ],
        "sources": _sources(institute.sources), "page": page_url(routes.INSTITUTE),
        "source": source_file(institute),
    }


def document(framework: Framework) -> JSON:
    """The framework as JSON-ready data."""
    fw = framework
    latest = fw.journal[0] if fw.journal else None  # no framework/journal.yml: no version, shown as null
    return {
        "format": FORMAT,
        "version": latest.version if latest else None,
        "date": latest.date if latest else None,
        "trade": {
            "title": fw.trade.title, "summary": fw.trade.summary, "description": fw.trade.description,
            "stakes": [{"title": s.title, "description": s.description} for s in fw.trade.stakes],
            "contexts": [{"title": s.title, "description": s.description} for s in fw.trade.contexts],
            "rome": [{"code": r.code, "version": r.version, "title": r.title} for r in fw.trade.rome],
            "sources": _sources(fw.trade.sources), "page": page_url(routes.TRADE), "source": source_file(fw.trade),
        },
        "scale": _scale(fw.scale) if fw.scale else None,
        "scales": [{"id": named.id, "kinds": list(named.kinds), **_scale(named)} for named in fw.scales.values()],
        "domains": [
            {"id": d.id, "title": d.title, "summary": d.summary, "order": d.order,
             "page": _anchored(routes.COMPETENCIES, d.id), "source": source_file(d)}
            for d in fw.domains.values()
        ],
        "missions": [
            {"id": m.id, "title": m.title, "summary": m.summary, "activities": list(m.activities), "order": m.order,
             "sources": _sources(m.sources), "page": page_url(routes.mission(m.id)), "source": source_file(m)}
            for m in fw.missions.values()
        ],
        "competencies": [
            {"id": c.id, "title": c.title, "domain": c.domain, "domains": list(c.domains),
             "scale": scale.id if (scale := fw.scale_of(c.id)) else None, "kind": c.kind, "status": c.status,
             "summary": c.summary, "description": c.description,
             "levels": [{"level": number, "descriptor": text} for number, text in c.levels.items()],
             "missions": list(c.missions), "related": list(c.related), "terms": list(c.terms),
             "esco": list(c.esco), "rome": list(c.rome),
             "emergence": {"reason": c.emergence.reason, "since": c.emergence.since} if c.emergence else None,
             "sources": _sources(c.sources), "page": page_url(routes.competency(c.id)), "source": source_file(c)}
            for c in fw.competencies.values()
        ],
        "roles": [
            {"id": r.id, "title": r.title, "family": r.family, "summary": r.summary, "description": r.description,
             "missions": list(r.missions),
             "requirements": [
                 {"competency": q.competency, "level": q.level, "importance": q.importance} for q in r.requirements
             ],
             "rome": list(r.rome), "sources": _sources(r.sources), "page": page_url(routes.role(r.id)),
             "source": source_file(r)}
            for r in fw.roles.values()
        ],
        "paths": [_career_path(fw, p) for p in fw.career_paths],
        "trainings": [
            {"id": t.id, "title": t.title, "provider": t.provider, "format": t.format, "duration": t.duration,
             "url": t.url, "summary": t.summary,
             "covers": [{"competency": v.competency, "level": v.level} for v in t.covers],
             "sources": _sources(t.sources), "page": page_url(routes.training(t.id)), "source": source_file(t)}
            for t in fw.trainings.values()
        ],
        "glossary": [
            {"id": t.id, "term": t.term, "acronym": t.acronym, "variants": list(t.variants), "short": t.short,
             "definition": t.definition, "english": list(t.english),
             "false_friends": [{"term": f.term, "reason": f.reason} for f in t.false_friends],
             "legal": list(t.legal), "see_also": list(t.see_also), "other_senses": list(t.other_senses),
             "sources": _sources(t.sources), "page": _anchored(routes.GLOSSARY, t.id), "source": source_file(t)}
            for t in fw.terms.values()
        ],
        "deliverables": [
            {"id": d.id, "title": d.title, "date": d.date, "format": d.format, "community": d.community,
             "summary": d.summary, "competencies": list(d.competencies), "missions": list(d.missions),
             "terms": list(d.terms), "sources": _sources(d.sources), "page": page_url(routes.deliverable(d.id)),
             "source": source_file(d)}
            for d in fw.published
        ],
        "institute": _institute(fw.institute) if fw.institute else None,
        "journal": [
            {"version": v.version, "date": v.date, "summary": v.summary, "changes": list(v.changes),
             "page": _anchored(routes.JOURNAL, "version-" + v.version.replace(".", "-"))}
            for v in fw.journal
        ],
    }


def _scale(scale: Scale) -> JSON:
    page = routes.scale(scale.id) if scale.id else routes.SCALE
    return {
        "title": scale.title, "summary": scale.summary,
        "levels": [
            {"level": level.number, "label": level.label, "essence": level.essence,
             "description": level.description, "page": _anchored(page, f"niveau-{level.number}")}
            for level in scale.levels
        ],
        "sources": _sources(scale.sources), "page": page_url(page), "source": source_file(scale),
    }


def _career_path(fw: Framework, path: CareerPath) -> JSON:
    gaps = fw.gap(fw.roles[path.origin], fw.roles[path.target])
    return {
        "id": path.id, "from": path.origin, "to": path.target, "kind": path.kind, "duration": path.duration,
        "notes": path.notes, "sources": _sources(path.sources), "page": page_url(career_path_page(path)),
        "source": source_file(path),
        "gaps": [
            {"competency": g.competency.id, "now": g.now, "required": g.required, "difference": g.difference,
             "importance": g.importance, "trainings": [t.id for t in g.trainings]}
            for g in gaps
        ],
    }


def dumps(data: JSON) -> bytes:
    """Deterministic bytes: sorted keys, two-space indent, UTF-8 text as it is, a final newline."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def schema_bytes() -> bytes:
    """The JSON Schema of the document, as shipped in the package."""
    return resources.files("referentiel").joinpath(SCHEMA_FILE).read_bytes()
