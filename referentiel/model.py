"""The framework as plain immutable objects, built from validated sources, with derived reverse views.

A relation is written once in the sources (a competency lists its missions); every reverse
view (a mission's competencies) is computed here, never written by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .text import fold


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None
    seed: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class Titled:
    """A titled paragraph: a stake or a context of the trade."""

    title: str
    description: str


@dataclass(frozen=True)
class RomeCode:
    code: str
    version: str
    title: str


@dataclass(frozen=True)
class Trade:
    title: str
    summary: str
    description: str
    stakes: tuple[Titled, ...]
    contexts: tuple[Titled, ...]
    rome: tuple[RomeCode, ...]
    sources: tuple[Source, ...]
    path: str


@dataclass(frozen=True)
class Community:
    id: str
    title: str
    summary: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class ExchangeFormat:
    id: str
    title: str
    category: str
    purpose: str
    content: str
    duration: str | None
    frequency: str | None


@dataclass(frozen=True)
class Institute:
    name: str
    summary: str
    aims: tuple[Titled, ...]
    communities: tuple[Community, ...]
    formats: tuple[ExchangeFormat, ...]
    sources: tuple[Source, ...]
    path: str


@dataclass(frozen=True)
class Level:
    number: int
    label: str
    essence: str
    description: str


@dataclass(frozen=True)
class Scale:
    title: str
    summary: str
    levels: tuple[Level, ...]
    sources: tuple[Source, ...]
    path: str


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    summary: str
    order: int
    path: str


@dataclass(frozen=True)
class Mission:
    id: str
    title: str
    summary: str
    activities: tuple[str, ...]
    order: int
    sources: tuple[Source, ...]
    path: str


@dataclass(frozen=True)
class Competency:
    id: str
    title: str
    domain: str
    kind: str
    status: str
    summary: str
    description: str
    levels: Mapping[int, str]
    missions: tuple[str, ...]
    related: tuple[str, ...]
    terms: tuple[str, ...]
    esco: tuple[str, ...]
    rome: tuple[str, ...]
    sources: tuple[Source, ...]
    path: str


@dataclass(frozen=True)
class FalseFriend:
    term: str
    reason: str


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    acronym: str | None
    variants: tuple[str, ...]
    short: str
    definition: str
    english: tuple[str, ...]
    false_friends: tuple[FalseFriend, ...]
    legal: tuple[str, ...]
    see_also: tuple[str, ...]
    sources: tuple[Source, ...]
    path: str

    @property
    def label(self) -> str:
        """How the glossary names the entry: "MOA — Maîtrise d'ouvrage" or the term alone."""
        return f"{self.acronym} — {self.term}" if self.acronym else self.term

    @property
    def sort_key(self) -> str:
        return fold(self.acronym or self.term)


@dataclass(frozen=True)
class Framework:
    """Everything the site is made of; entity maps are keyed by id, in display order."""

    trade: Trade
    scale: Scale
    institute: Institute
    domains: Mapping[str, Domain]
    missions: Mapping[str, Mission]
    competencies: Mapping[str, Competency]
    terms: Mapping[str, Term]

    @cached_property
    def competencies_by_domain(self) -> dict[str, list[Competency]]:
        return {domain: [c for c in self.competencies.values() if c.domain == domain] for domain in self.domains}

    @cached_property
    def competencies_by_mission(self) -> dict[str, list[Competency]]:
        return {mission: [c for c in self.competencies.values() if mission in c.missions] for mission in self.missions}

    @cached_property
    def competencies_by_term(self) -> dict[str, list[Competency]]:
        return {term: [c for c in self.competencies.values() if term in c.terms] for term in self.terms}

    @cached_property
    def related(self) -> dict[str, list[Competency]]:
        """Related competencies in both directions: written once, shown on both pages."""
        links: dict[str, set[str]] = {cid: set(c.related) for cid, c in self.competencies.items()}
        for cid, competency in self.competencies.items():
            for other in competency.related:
                links[other].add(cid)
        return {cid: [c for oid, c in self.competencies.items() if oid in links[cid]] for cid in self.competencies}

    @cached_property
    def see_also(self) -> dict[str, list[Term]]:
        """Related terms in both directions."""
        links: dict[str, set[str]] = {tid: set(t.see_also) for tid, t in self.terms.items()}
        for tid, term in self.terms.items():
            for other in term.see_also:
                links[other].add(tid)
        return {tid: [t for oid, t in self.terms.items() if oid in links[tid]] for tid in self.terms}

    @property
    def emerging(self) -> list[Competency]:
        return [c for c in self.competencies.values() if c.status == "emerging"]


def _sources(data: Mapping[str, Any]) -> tuple[Source, ...]:
    return tuple(Source(**source) for source in data.get("sources", ()))


def build_trade(data: Mapping[str, Any], path: str) -> Trade:
    return Trade(
        title=data["title"], summary=data["summary"], description=data["description"],
        stakes=tuple(Titled(**item) for item in data["stakes"]),
        contexts=tuple(Titled(**item) for item in data["contexts"]),
        rome=tuple(RomeCode(**item) for item in data.get("rome", ())),
        sources=_sources(data), path=path,
    )


def build_institute(data: Mapping[str, Any], path: str) -> Institute:
    return Institute(
        name=data["name"], summary=data["summary"],
        aims=tuple(Titled(**item) for item in data["aims"]),
        communities=tuple(Community(**{**item, "topics": tuple(item["topics"])}) for item in data["communities"]),
        formats=tuple(
            ExchangeFormat(**{"duration": None, "frequency": None, **item}) for item in data["formats"]
        ),
        sources=_sources(data), path=path,
    )


def build_scale(data: Mapping[str, Any], path: str) -> Scale:
    levels = tuple(
        Level(number=item["level"], label=item["label"], essence=item["essence"], description=item["description"])
        for item in data["levels"]
    )
    return Scale(title=data["title"], summary=data["summary"], levels=levels, sources=_sources(data), path=path)


def build_domain(data: Mapping[str, Any], path: str) -> Domain:
    return Domain(id=data["id"], title=data["title"], summary=data["summary"], order=data["order"], path=path)


def build_mission(data: Mapping[str, Any], path: str) -> Mission:
    return Mission(
        id=data["id"], title=data["title"], summary=data["summary"], activities=tuple(data["activities"]),
        order=data["order"], sources=_sources(data), path=path,
    )


def build_competency(data: Mapping[str, Any], path: str) -> Competency:
    crosswalks = data.get("crosswalks", {})
    return Competency(
        id=data["id"], title=data["title"], domain=data["domain"], kind=data["kind"], status=data["status"],
        summary=data["summary"], description=data["description"],
        levels={int(key): text for key, text in sorted(data["levels"].items(), key=lambda item: int(item[0]))},
        missions=tuple(data["missions"]), related=tuple(data.get("related", ())), terms=tuple(data.get("terms", ())),
        esco=tuple(crosswalks.get("esco", ())), rome=tuple(crosswalks.get("rome", ())),
        sources=_sources(data), path=path,
    )


def build_term(data: Mapping[str, Any], path: str) -> Term:
    return Term(
        id=data["id"], term=data["term"], acronym=data.get("acronym"), variants=tuple(data.get("variants", ())),
        short=data["short"], definition=data["definition"], english=tuple(data.get("english", ())),
        false_friends=tuple(FalseFriend(**item) for item in data.get("false_friends", ())),
        legal=tuple(data.get("legal", ())), see_also=tuple(data.get("see_also", ())),
        sources=_sources(data), path=path,
    )
