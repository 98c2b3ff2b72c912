"""The framework as plain immutable objects, built from validated sources, with derived reverse views.

The classes are the one description of what the model holds: ``build`` makes any of them
from the validated data of a source, field by field (the YAML key is the field's name, or
its ``key`` metadata), so nothing here repeats the schemas.

A relation is written once in the sources (a competency lists its missions); every reverse
view (a mission's competencies) is computed here, never written by hand.

Immutable all the way down: frozen dataclasses hold tuples, and mappings are read-only
views (``MappingProxyType``) of copies nobody else holds, so that a template or the hook
cannot change what another page will read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass
from functools import cache, cached_property
from types import MappingProxyType, NoneType, UnionType
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from .text import fold

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

K = TypeVar("K")
V = TypeVar("V")
E = TypeVar("E", bound="DataclassInstance")


def frozen_mapping(items: Mapping[K, V] | Iterable[tuple[K, V]]) -> Mapping[K, V]:
    """A read-only mapping of a private copy of ``items``, in their order."""
    return MappingProxyType(dict(items))


def _freeze_mappings(entity: Any) -> None:
    """Replace every mapping field of a frozen dataclass by a read-only copy."""
    for item in fields(entity):
        value = getattr(entity, item.name)
        if isinstance(value, Mapping) and not isinstance(value, MappingProxyType):
            object.__setattr__(entity, item.name, frozen_mapping(value))


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
    source: str  # the file it is drawn from, as problems name it
    strict: bool = False  # a complete référentiel: every descriptor, level and importance given


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
class InstituteDocument:
    """A document the institute gathered, which sources cite by its file name (``seed``)."""

    file: str
    title: str
    origin: str

    @property
    def anchor(self) -> str:
        """Its anchor on the institute's page: the file's number, not its internal name."""
        return "document-" + self.file.partition("_")[0]


@dataclass(frozen=True)
class Institute:
    name: str
    summary: str
    aims: tuple[Titled, ...]
    communities: tuple[Community, ...]
    formats: tuple[ExchangeFormat, ...]
    sources: tuple[Source, ...]
    source: str  # the file it is drawn from, as problems name it
    documents: tuple[InstituteDocument, ...] = ()

    def document(self, file: str) -> InstituteDocument | None:
        return next((d for d in self.documents if d.file == file), None)


@dataclass(frozen=True)
class Version:
    version: str
    date: str
    summary: str
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Audit:
    """A complete RGAA conformance audit."""

    date: str
    auditor: str
    rate: float  # percentage of the applicable criteria met
    report: str | None = None


@dataclass(frozen=True)
class Check:
    """What was checked, with which tool."""

    tool: str
    what: str
    version: str | None = None


@dataclass(frozen=True)
class Software:
    """A browser or an assistive technology, as the checks used it."""

    name: str
    version: str
    system: str | None = None


@dataclass(frozen=True)
class KnownIssue:
    description: str
    criterion: str | None = None  # the RGAA criterion ("10.7")
    workaround: str | None = None


@dataclass(frozen=True)
class Contact:
    email: str | None = None
    form: str | None = None
    postal: tuple[str, ...] = ()  # address lines


@dataclass(frozen=True)
class Accessibility:
    """The site's accessibility statement (framework/accessibility.yml), as the institute fills it."""

    status: str  # "non_compliant" | "partially_compliant" | "compliant"
    date: str  # AAAA-MM-JJ
    audit: Audit | None
    checks: tuple[Check, ...]
    browsers: tuple[Software, ...]
    assistive_technologies: tuple[Software, ...]
    known_issues: tuple[KnownIssue, ...]
    contact: Contact | None
    plan: str | None
    source: str  # the file it is drawn from, as problems name it


@dataclass(frozen=True)
class Level:
    number: int = field(metadata={"key": "level"})
    label: str
    essence: str | None  # None: not described (outside strict mode)
    description: str | None


@dataclass(frozen=True)
class Scale:
    title: str
    summary: str
    levels: tuple[Level, ...]
    sources: tuple[Source, ...]
    source: str  # the file it is drawn from, as problems name it
    id: str = ""  # a named scale's file name (framework/scales/<id>.yml); "" for framework/scale.yml
    kinds: tuple[str, ...] = ()  # competency kinds on this named scale unless they name one

    def label(self, number: int | None) -> str:
        """Level 3 reads "3 — Maîtrise"; 0 (not required) reads "—"; None (required, level not
        given) reads "non précisé"."""
        if number is None:
            return UNSPECIFIED
        return next((f"{level.number} — {level.label}" for level in self.levels if level.number == number), "—")


#: How a required level the sources do not give is shown (never a guessed level).
UNSPECIFIED = "non précisé"
#: How a level a competency does not describe is shown (never an invented descriptor).
UNDESCRIBED = "non décrit"


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    summary: str
    order: int
    source: str  # the file it is drawn from, as problems name it


@dataclass(frozen=True)
class Mission:
    id: str
    title: str
    summary: str
    activities: tuple[str, ...]
    order: int
    sources: tuple[Source, ...]
    source: str  # the file it is drawn from, as problems name it


@dataclass(frozen=True)
class Emergence:
    """Why an emerging competency is emerging, and since when, as its sources say."""

    reason: str
    since: int | None  # the year a source first names it as new; None: no source dates it


@dataclass(frozen=True, kw_only=True)
class Competency:
    id: str
    title: str
    domain: str = ""  # the first of ``domains``
    domains: tuple[str, ...]  # ``domain`` first, then those of ``domains`` (at least one)
    kind: str
    scale: str | None  # a named scale's id; None: the framework's scale
    status: str
    summary: str | None
    description: str | None
    levels: Mapping[int, str]  # the levels it describes; the others are "non décrit"
    missions: tuple[str, ...]
    related: tuple[str, ...]
    terms: tuple[str, ...]
    esco: tuple[str, ...] = field(metadata={"key": ("crosswalks", "esco")})
    rome: tuple[str, ...] = field(metadata={"key": ("crosswalks", "rome")})
    emergence: Emergence | None  # why and since when it is emerging (required for an emerging one when strict)
    sources: tuple[Source, ...]
    source: str  # the file it is drawn from, as problems name it

    def __post_init__(self) -> None:
        _freeze_mappings(self)
        object.__setattr__(self, "levels", frozen_mapping(sorted(self.levels.items())))  # in the scale's order
        domains = tuple(dict.fromkeys((self.domain, *self.domains) if self.domain else self.domains))
        object.__setattr__(self, "domains", domains)
        object.__setattr__(self, "domain", domains[0] if domains else "")


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
    source: str  # the file it is drawn from, as problems name it
    ordinary_word: bool = False  # its one-word forms are also ordinary French words
    other_senses: tuple[str, ...] = ()  # phrases where its words mean something else

    @property
    def label(self) -> str:
        """How the glossary names the entry: "MOA — Maîtrise d'ouvrage" or the term alone."""
        return f"{self.acronym} — {self.term}" if self.acronym else self.term

    @property
    def sort_key(self) -> str:
        return fold(self.acronym or self.term)


@dataclass(frozen=True)
class Requirement:
    competency: str
    level: int | None = None  # None: required, level not given ("non précisé")
    importance: str = "essential"  # "essential" | "optional"; essential when not given


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    family: str
    summary: str | None
    description: str | None
    missions: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    rome: tuple[str, ...]
    sources: tuple[Source, ...]
    source: str  # the file it is drawn from, as problems name it

    @cached_property
    def requirements_by_competency(self) -> Mapping[str, Requirement]:
        """The role's requirements by competency id, indexed once (a lookup, not a scan)."""
        return MappingProxyType({r.competency: r for r in self.requirements})

    def requirement(self, competency_id: str) -> Requirement | None:
        return self.requirements_by_competency.get(competency_id)

    def level_of(self, competency_id: str) -> int | None:
        """Required level of a competency, 0 when the role does not require it, None when it
        requires it without saying at which level."""
        found = self.requirement(competency_id)
        return found.level if found else 0

    @property
    def requirements_in_order(self) -> tuple[Requirement, ...]:
        """Essential first, then the highest level first; a level not given after the others."""
        return tuple(sorted(self.requirements, key=lambda r: (r.importance, r.level is None, -(r.level or 0))))


@dataclass(frozen=True)
class CareerPath:
    id: str
    origin: str = field(metadata={"key": "from"})  # role id
    target: str = field(metadata={"key": "to"})  # role id
    kind: str  # "proche" | "evolution"
    duration: str
    notes: str | None
    sources: tuple[Source, ...]
    source: str  # the file it is drawn from, as problems name it


@dataclass(frozen=True)
class Coverage:
    competency: str
    level: int


@dataclass(frozen=True)
class Training:
    id: str
    title: str
    provider: str
    format: str
    duration: str
    url: str | None
    summary: str
    covers: tuple[Coverage, ...]
    sources: tuple[Source, ...]
    source: str  # the file it is drawn from, as problems name it


@dataclass(frozen=True)
class Deliverable:
    """A workshop deliverable: a hand-written page under docs/livrables/, described by its front matter."""

    id: str  # the file name
    title: str
    date: str  # AAAA-MM-JJ
    format: str  # an exchange format of the institute
    community: str  # a community of the institute
    status: str  # "draft" | "published"
    summary: str
    competencies: tuple[str, ...]
    missions: tuple[str, ...]
    terms: tuple[str, ...]
    sources: tuple[Source, ...]
    source: str  # docs/livrables/<id>.md (its page: routes.deliverable)

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass(frozen=True)
class Gap:
    """One line of a career path's gap table: computed, never written by hand."""

    competency: Competency
    now: int | None  # 0: not required by the origin; None: required, level not given
    required: int | None  # None: level not given
    importance: str
    trainings: tuple[Training, ...]  # those reaching the required level (covering it, when not given)

    @property
    def difference(self) -> int | None:
        """How many levels to climb; None when a level is not given (it cannot be computed)."""
        return None if self.now is None or self.required is None else self.required - self.now


def _grouped(keys: Iterable[str], pairs: Iterable[tuple[str, V]]) -> Mapping[str, tuple[V, ...]]:
    """Values under each of ``keys``, in the order of ``pairs``: one pass, not one scan per key.
    Pairs whose key is not among ``keys`` are left out."""
    found: dict[str, list[V]] = {key: [] for key in keys}
    for key, value in pairs:
        if key in found:
            found[key].append(value)
    return frozen_mapping((key, tuple(values)) for key, values in found.items())


@dataclass(frozen=True)
class Framework:
    """Everything the site is made of; entity maps are keyed by id, in display order."""

    trade: Trade
    scale: Scale | None  # None: the référentiel has no framework/scale.yml, hence no levels
    institute: Institute | None  # None: the référentiel has no framework/institute.yml
    journal: tuple[Version, ...]  # newest first; empty without framework/journal.yml
    domains: Mapping[str, Domain]
    missions: Mapping[str, Mission]
    competencies: Mapping[str, Competency]
    roles: Mapping[str, Role]
    career_paths: tuple[CareerPath, ...]
    trainings: Mapping[str, Training]
    terms: Mapping[str, Term]
    deliverables: Mapping[str, Deliverable]  # drafts included, newest first
    scales: Mapping[str, Scale] = field(default_factory=dict)  # the named scales (framework/scales/)
    accessibility: Accessibility | None = None  # the accessibility statement, when the project has one

    def __post_init__(self) -> None:
        _freeze_mappings(self)

    def scale_of(self, competency_id: str) -> Scale | None:
        """The scale a competency is described and required on: the one it names, else the named
        scale of its kind, else the framework's (None without framework/scale.yml: the competency
        has no level then, validated); a lookup: pages ask it once per requirement."""
        return self._scales_of[competency_id]

    @cached_property
    def _scales_of(self) -> Mapping[str, Scale | None]:
        by_kind = {kind: s for s in reversed(tuple(self.scales.values())) for kind in s.kinds}  # the first claim wins
        return frozen_mapping(
            (cid, self.scales[c.scale] if c.scale else by_kind.get(c.kind, self.scale))
            for cid, c in self.competencies.items()
        )

    def competencies_on(self, scale: Scale) -> tuple[Competency, ...]:
        """The competencies described on ``scale``, in display order."""
        return self._competencies_by_scale.get(scale.id, ())

    @cached_property
    def _competencies_by_scale(self) -> Mapping[str, tuple[Competency, ...]]:
        found: dict[str, list[Competency]] = {}
        for cid, competency in self.competencies.items():
            if (scale := self._scales_of[cid]) is not None:
                found.setdefault(scale.id, []).append(competency)
        return frozen_mapping((sid, tuple(items)) for sid, items in found.items())

    def level_label(self, competency_id: str, number: int | None) -> str:
        """A level of a competency as the pages print it (``Scale.label``), « non précisé »
        without a scale."""
        scale = self.scale_of(competency_id)
        return scale.label(number) if scale is not None else UNSPECIFIED

    @cached_property
    def competencies_by_domain(self) -> Mapping[str, tuple[Competency, ...]]:
        return _grouped(self.domains, ((d, c) for c in self.competencies.values() for d in c.domains))

    @cached_property
    def competencies_by_mission(self) -> Mapping[str, tuple[Competency, ...]]:
        return _grouped(self.missions, ((m, c) for c in self.competencies.values() for m in dict.fromkeys(c.missions)))

    @cached_property
    def competencies_by_term(self) -> Mapping[str, tuple[Competency, ...]]:
        return _grouped(self.terms, ((t, c) for c in self.competencies.values() for t in dict.fromkeys(c.terms)))

    @cached_property
    def related(self) -> Mapping[str, tuple[Competency, ...]]:
        """Related competencies in both directions: written once, shown on both pages."""
        links: dict[str, set[str]] = {cid: set(c.related) for cid, c in self.competencies.items()}
        for cid, competency in self.competencies.items():
            for other in competency.related:
                links[other].add(cid)
        order = {cid: index for index, cid in enumerate(self.competencies)}  # display order, no C×C scan
        return frozen_mapping(
            (cid, tuple(self.competencies[oid] for oid in sorted(links[cid], key=order.__getitem__)))
            for cid in self.competencies
        )

    @cached_property
    def see_also(self) -> Mapping[str, tuple[Term, ...]]:
        """Related terms in both directions."""
        links: dict[str, set[str]] = {tid: set(t.see_also) for tid, t in self.terms.items()}
        for tid, term in self.terms.items():
            for other in term.see_also:
                links[other].add(tid)
        order = {tid: index for index, tid in enumerate(self.terms)}
        return frozen_mapping(
            (tid, tuple(self.terms[oid] for oid in sorted(links[tid], key=order.__getitem__))) for tid in self.terms
        )

    @cached_property
    def roles_by_competency(self) -> Mapping[str, tuple[tuple[Role, Requirement], ...]]:
        found: dict[str, list[tuple[Role, Requirement]]] = {cid: [] for cid in self.competencies}
        for role in self.roles.values():
            for requirement in role.requirements:
                found[requirement.competency].append((role, requirement))
        return frozen_mapping((cid, tuple(items)) for cid, items in found.items())

    @cached_property
    def matrix_by_domain(self) -> Mapping[str, tuple[tuple[Competency, ...], tuple[Role, ...]]]:
        """Per domain, its competencies some role requires and the roles requiring one of them
        (display order): the matrix's non-empty rows and columns, found in one pass over requirements."""
        rows: dict[str, set[str]] = {did: set() for did in self.domains}
        columns: dict[str, set[str]] = {did: set() for did in self.domains}
        for role in self.roles.values():
            for requirement in role.requirements:
                for domain in self.competencies[requirement.competency].domains:
                    rows[domain].add(requirement.competency)
                    columns[domain].add(role.id)
        return frozen_mapping(
            (did, (
                tuple(c for c in self.competencies_by_domain[did] if c.id in rows[did]),
                tuple(r for r in self.roles.values() if r.id in columns[did]),
            ))
            for did in self.domains
        )

    @cached_property
    def trainings_by_competency(self) -> Mapping[str, tuple[tuple[Training, int], ...]]:
        found: dict[str, list[tuple[Training, int]]] = {cid: [] for cid in self.competencies}
        for training in self.trainings.values():
            for coverage in training.covers:
                found[coverage.competency].append((training, coverage.level))
        return frozen_mapping((cid, tuple(items)) for cid, items in found.items())

    def trainings_reaching(self, competency_id: str, level: int | None) -> tuple[Training, ...]:
        """Trainings up to ``level`` at least; every one covering the competency when None."""
        return tuple(t for t, reached in self.trainings_by_competency[competency_id] if reached >= (level or 1))

    @cached_property
    def untrained(self) -> tuple[Competency, ...]:
        """Competencies no training covers, in display order: the offer still to find or create."""
        return tuple(c for c in self.competencies.values() if not self.trainings_by_competency[c.id])

    @cached_property
    def roles_by_training(self) -> Mapping[str, tuple[Role, ...]]:
        """Per training, the roles requiring a competency it covers (display order)."""
        return frozen_mapping(
            (tid, tuple(r for r in self.roles.values() if any(c.competency in r.requirements_by_competency
                                                               for c in training.covers)))
            for tid, training in self.trainings.items()
        )

    @cached_property
    def career_paths_by_training(self) -> Mapping[str, tuple[CareerPath, ...]]:
        """Per training, the career paths whose gap it helps close (it is among a gap line's trainings)."""
        found: dict[str, list[CareerPath]] = {tid: [] for tid in self.trainings}
        for path in self.career_paths:
            helped = {t.id for gap in self.gap(self.roles[path.origin], self.roles[path.target]) for t in gap.trainings}
            for tid in helped:
                found[tid].append(path)
        return frozen_mapping((tid, tuple(paths)) for tid, paths in found.items())

    @cached_property
    def _paths_from(self) -> Mapping[str, tuple[CareerPath, ...]]:
        return _grouped(self.roles, ((p.origin, p) for p in self.career_paths))

    @cached_property
    def _paths_to(self) -> Mapping[str, tuple[CareerPath, ...]]:
        return _grouped(self.roles, ((p.target, p) for p in self.career_paths))

    def career_paths_from(self, role_id: str) -> list[CareerPath]:
        return list(self._paths_from.get(role_id, ()))

    def career_paths_to(self, role_id: str) -> list[CareerPath]:
        return list(self._paths_to.get(role_id, ()))

    def trainings_for(self, role: Role) -> tuple[tuple[Training, tuple[Coverage, ...]], ...]:
        """Trainings covering a competency the role requires, each with those coverages, in display
        order; found from the role's requirements, not by reading every training."""
        wanted = role.requirements_by_competency
        found = {t.id for cid in wanted for t, _ in self.trainings_by_competency.get(cid, ())}
        return tuple(
            (t, tuple(v for v in t.covers if v.competency in wanted))
            for t in (self.trainings[tid] for tid in sorted(found, key=self._training_order.__getitem__))
        )

    @cached_property
    def _training_order(self) -> Mapping[str, int]:
        return MappingProxyType({tid: index for index, tid in enumerate(self.trainings)})

    def gap(self, origin: Role, target: Role) -> list[Gap]:
        """What must grow to move from ``origin`` to ``target``: essential first, largest first.

        A line with a level not given (``None``) on either side cannot be shown to be met: it is
        kept, shown as "non précisé" after the computed ones, never guessed; unless both roles
        require the competency without a level (nothing tells them apart)."""
        gaps = [
            Gap(self.competencies[r.competency], now, r.level, r.importance,
                self.trainings_reaching(r.competency, r.level))
            for r in target.requirements
            for now in (origin.level_of(r.competency),)
            if _may_be_unmet(now, r.level)
        ]
        return sorted(gaps, key=lambda g: (
            g.importance != "essential", g.difference is None, -(g.difference or 0), fold(g.competency.title)))

    @cached_property
    def published(self) -> tuple[Deliverable, ...]:
        """Deliverables shown on the site, newest first."""
        return tuple(d for d in self.deliverables.values() if d.status == "published")

    def deliverables_about(self, field: str, entity_id: str) -> tuple[Deliverable, ...]:
        """Published deliverables whose ``field`` (competencies, missions, terms) names the entity
        (a lookup in an index built once, not a scan of the deliverables per page)."""
        return self._deliverables_by[field].get(entity_id, ())

    @cached_property
    def _deliverables_by(self) -> Mapping[str, Mapping[str, tuple[Deliverable, ...]]]:
        found: dict[str, dict[str, list[Deliverable]]] = {f: {} for f in ("competencies", "missions", "terms")}
        for deliverable in self.published:
            for name, index in found.items():
                for entity_id in dict.fromkeys(getattr(deliverable, name)):
                    index.setdefault(entity_id, []).append(deliverable)
        return frozen_mapping(
            (name, frozen_mapping((key, tuple(items)) for key, items in index.items())) for name, index in found.items()
        )

    @cached_property
    def emerging(self) -> tuple[Competency, ...]:
        return tuple(c for c in self.competencies.values() if c.status == "emerging")


def _may_be_unmet(now: int | None, required: int | None) -> bool:
    """Whether a gap line is due: the required level is above the current one, or a level is
    not given (unless both are not given: nothing tells them apart)."""
    if required is None:
        return now is not None
    return now is None or required > now


_ABSENT = object()


def build(cls: type[E], data: Mapping[str, Any], source: str | None = None, **derived: Any) -> E:
    """An instance of the dataclass ``cls`` from validated data (it may raise on invalid data).

    Each field is read from the key of its name, or the key path of its ``key`` metadata
    (``"from"``, ``("crosswalks", "esco")``); lists become tuples, mappings read-only
    mappings, and dataclass values are built the same way. An absent field takes its default
    in the dataclass, else nothing of its type (``None``, ``()``, an empty mapping).
    ``source``: the file, for the field ``source``; ``derived``: fields computed, not read.
    """
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for item in fields(cls):
        if item.name in derived:
            values[item.name] = derived[item.name]
        elif item.name == "source" and source is not None:
            values[item.name] = source
        elif (value := _lookup(data, item)) is not _ABSENT:
            values[item.name] = _convert(hints[item.name], value)
        elif item.default is MISSING and item.default_factory is MISSING:
            values[item.name] = _empty(hints[item.name], f"{cls.__name__}.{item.name}")
    return cls(**values)


@cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return get_type_hints(cls)


def _lookup(data: Mapping[str, Any], item: Field[Any]) -> Any:
    key = item.metadata.get("key", item.name)
    value: Any = data
    for part in key if isinstance(key, tuple) else (key,):
        if not isinstance(value, Mapping) or part not in value:
            return _ABSENT
        value = value[part]
    return value


def _convert(hint: Any, value: Any) -> Any:
    origin = get_origin(hint)
    if origin is tuple:
        return tuple(_convert(get_args(hint)[0], item) for item in value)
    if origin is Union or origin is UnionType:
        kinds = [kind for kind in get_args(hint) if kind is not NoneType]
        return None if value is None else _convert(kinds[0], value)
    if origin is Mapping:
        key_hint, value_hint = get_args(hint)
        return frozen_mapping((_convert(key_hint, key), _convert(value_hint, item)) for key, item in value.items())
    if isinstance(hint, type) and is_dataclass(hint):
        return build(hint, value)
    if hint is int and isinstance(value, str):  # a mapping's keys are text in YAML (levels: "1": …)
        return int(value)
    return value


def _empty(hint: Any, where: str) -> Any:
    origin = get_origin(hint)
    if (origin is Union or origin is UnionType) and NoneType in get_args(hint):
        return None
    if origin is tuple:
        return ()
    if origin is Mapping:
        return frozen_mapping({})
    raise KeyError(f"{where}: no value in the data, and no default")
