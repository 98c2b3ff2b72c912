"""The model is immutable all the way down: nothing a template or the hook receives can be changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from helpers import FIXTURE, FIXTURES, REPO
from referentiel import model
from referentiel.layout import DELIVERABLE, KINDS, NAMED_SCALE, SCALE, Kind
from referentiel.load import load_framework
from referentiel.model import Framework
from referentiel.schemas import properties


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FIXTURE)


def _views(framework: Framework) -> dict[str, Any]:
    """Every derived view of the framework (cached properties), computed."""
    names = [name for name, value in vars(Framework).items() if isinstance(value, cached_property)]
    return {name: getattr(framework, name) for name in names}


def _walk(value: Any, where: str, seen: set[int]) -> Iterator[tuple[str, Any]]:
    if id(value) in seen or isinstance(value, (str, int, float, bool, type(None))):
        return
    seen.add(id(value))
    yield where, value
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name), f"{where}.{field.name}", seen)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, f"{where}[{key!r}]", seen)
    elif isinstance(value, (tuple, frozenset)):
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}[{index}]", seen)


def test_no_mutable_container_anywhere(framework: Framework) -> None:
    seen: set[int] = set()
    found = list(_walk(framework, "fw", seen))
    for name, view in _views(framework).items():
        found += _walk(view, f"fw.{name}", seen)
    assert len(found) > 100  # the walk reached the entities
    for where, value in found:
        assert dataclasses.is_dataclass(value) or isinstance(value, (tuple, frozenset, MappingProxyType)), (
            f"{where} is a {type(value).__name__}, which can be changed"
        )
        if dataclasses.is_dataclass(value) and (fields := dataclasses.fields(value)):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(value, fields[0].name, None)


def test_mutations_raise(framework: Framework) -> None:
    fw: Any = framework  # what a template or the hook could try, whatever the types say
    competency = next(iter(fw.competencies.values()))
    domain = next(iter(fw.domains))
    with pytest.raises(TypeError):
        fw.competencies["nouvelle"] = competency
    with pytest.raises(TypeError):
        competency.levels[1] = "autre chose"
    with pytest.raises(dataclasses.FrozenInstanceError):
        next(iter(fw.roles.values())).requirements[0].level = 9
    with pytest.raises(AttributeError):
        fw.competencies_by_domain[domain].append(competency)
    with pytest.raises(TypeError):
        fw.roles_by_competency[competency.id] = ()
    with pytest.raises(AttributeError):
        fw.institute.communities[0].topics.append("x")


def test_a_mapping_given_to_the_model_is_copied(framework: Framework) -> None:
    """Whoever built the framework keeps no handle on its maps."""
    terms = dict(framework.terms)
    copy = dataclasses.replace(framework, terms=terms)
    terms.clear()
    assert len(copy.terms) == len(framework.terms) > 0


#: The class each kind of source is built into (the journal is a list of ``Version``s).
CLASSES = {
    "trade": model.Trade, "scale": model.Scale, "institute": model.Institute, "domain": model.Domain,
    "mission": model.Mission, "competency": model.Competency, "role": model.Role, "path": model.CareerPath,
    "training": model.Training, "term": model.Term, "deliverable": model.Deliverable, "named-scale": model.Scale,
    "accessibility": model.Accessibility,
}


def _read_keys(cls: type[Any]) -> set[str]:
    keys = (field.metadata.get("key", field.name) for field in dataclasses.fields(cls))
    return {key[0] if isinstance(key, tuple) else key for key in keys}


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.name in CLASSES], ids=lambda kind: kind.name)
def test_the_model_reads_every_field_of_the_schema(kind: Kind) -> None:
    """``model.build`` reads a field by its name: a field added to a schema and not to the
    model (or renamed in one only) would be dropped silently."""
    read = _read_keys(CLASSES[kind.name])
    assert properties(kind.schema) - read == set(), "fields of the schema the model does not read"
    derived = {"source"} | ({"id"} if kind in (DELIVERABLE, SCALE, NAMED_SCALE) else set())  # the file name
    assert read - properties(kind.schema) == derived, "fields of the model the schema does not have"


def test_build_maps_keys_converts_and_fills_absent_fields() -> None:
    career_path = model.build(
        model.CareerPath, {"id": "a-vers-b", "from": "a", "to": "b", "kind": "proche", "duration": "1 an"}, "x.yml"
    )
    assert (career_path.origin, career_path.target, career_path.source) == ("a", "b", "x.yml")
    assert career_path.notes is None and career_path.sources == ()
    data = {
        "id": "c", "title": "C", "domain": "d", "kind": "k", "status": "current", "summary": "s", "description": "d",
        "levels": {"2": "deux", "1": "un"}, "missions": ["m"], "crosswalks": {"esco": ["http://e/1"]},
        "sources": [{"title": "T", "url": "http://u"}],
    }
    competency = model.build(model.Competency, data, "competencies/c.yml")
    assert list(competency.levels.items()) == [(1, "un"), (2, "deux")]
    assert competency.esco == ("http://e/1",) and competency.rome == () and competency.related == ()
    assert competency.missions == ("m",) and isinstance(competency.missions, tuple)
    assert competency.sources == (model.Source("T", "http://u"),)
    with pytest.raises(TypeError):
        competency.levels[3] = "trois"  # type: ignore[index]
    with pytest.raises(KeyError, match="Competency.title"):
        model.build(model.Competency, {key: value for key, value in data.items() if key != "title"})


def test_indexes_equal_their_definitions_on_the_real_content() -> None:
    """The views built in one pass (issue 14) give what a scan per entry gives, in display order."""
    fw = load_framework(REPO)
    competencies = list(fw.competencies.values())
    for domain in fw.domains:
        assert fw.competencies_by_domain[domain] == tuple(c for c in competencies if c.domain == domain)
        rows, columns = fw.matrix_by_domain[domain]
        assert rows == tuple(c for c in fw.competencies_by_domain[domain] if fw.roles_by_competency[c.id])
        assert columns == tuple(r for r in fw.roles.values() if any(r.requirement(c.id) for c in rows))
    for mission in fw.missions:
        assert fw.competencies_by_mission[mission] == tuple(c for c in competencies if mission in c.missions)
    for term in fw.terms:
        assert fw.competencies_by_term[term] == tuple(c for c in competencies if term in c.terms)
    for competency in competencies:
        both = {o.id for o in competencies if competency.id in o.related} | set(competency.related)
        assert fw.related[competency.id] == tuple(c for c in competencies if c.id in both)
    for role in fw.roles.values():
        for competency in competencies:
            scanned = next((r for r in role.requirements if r.competency == competency.id), None)
            assert role.requirement(competency.id) == scanned
    assert sum(len(fw.matrix_by_domain[d][0]) for d in fw.domains) > 10  # the real content reached the check


def test_role_views_equal_a_scan_of_every_path_and_training() -> None:
    fw = load_framework(REPO)
    assert fw.career_paths and fw.trainings
    for role in fw.roles.values():
        assert fw.career_paths_from(role.id) == [p for p in fw.career_paths if p.origin == role.id]
        assert fw.career_paths_to(role.id) == [p for p in fw.career_paths if p.target == role.id]
        wanted = {r.competency for r in role.requirements}
        scanned = [
            (t, tuple(v for v in t.covers if v.competency in wanted))
            for t in fw.trainings.values()
            if any(v.competency in wanted for v in t.covers)
        ]
        assert list(fw.trainings_for(role)) == scanned


@pytest.mark.parametrize("root", [REPO, FIXTURES / "partial"], ids=["real", "partial"])
def test_scale_and_deliverable_lookups_equal_their_scans(root: Path) -> None:
    """A competency's scale, a scale's competencies and the deliverables about an entity are
    looked up in indexes built once (issue 14); each equals the scan it replaces."""
    fw = load_framework(root)
    for competency in fw.competencies.values():
        named = fw.scales[competency.scale] if competency.scale else None
        by_kind = next((s for s in fw.scales.values() if competency.kind in s.kinds), fw.scale)
        assert fw.scale_of(competency.id) is (named or by_kind)
    for scale in (s for s in (fw.scale, *fw.scales.values()) if s is not None):
        assert fw.competencies_on(scale) == tuple(
            c for c in fw.competencies.values() if fw.scale_of(c.id) is scale
        )
    for name, ids in (("competencies", fw.competencies), ("missions", fw.missions), ("terms", fw.terms)):
        for entity_id in ids:
            assert fw.deliverables_about(name, entity_id) == tuple(
                d for d in fw.published if entity_id in getattr(d, name)
            )
    assert fw.published or root != REPO  # the real content reached the deliverables' check
    assert fw.scales or root == REPO  # the partial fixture reached the named scales' check
