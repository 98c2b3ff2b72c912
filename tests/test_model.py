"""The model is immutable all the way down: nothing a template or the hook receives can be changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

import pytest

from helpers import FIXTURE
from referentiel.load import load_framework
from referentiel.model import Framework


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
