"""The filters of the pages readers scan: competencies, trainings and the matrix.

A listing page stays complete without JavaScript. The build writes, beside the list, a form
(hidden until ``overrides/assets/javascripts/referentiel-filters.js`` shows it) and, on each
element of the list, the values it is filtered by as ``data-rf-<facet>`` attributes: a JSON
array of strings, HTML-escaped. The script only hides and shows elements; it renders nothing
from the data. What each facet offers is drawn here from the framework: the values the list
holds, labelled from the schemas (``fields.labels``) or by the entity they name.

The elements the script reads, by their ``data-rf-<part>`` attribute (``Filters.mark``):

- ``group``: a part of the list (a domain's section, a table), hidden when nothing in it is shown;
- ``item``: what is counted (a competency, a training, a matrix row), its value the entity's id;
- ``column``: a role's column in a matrix table (its header cell; the column's cells follow it);
- ``entry``: a role's line under a competency in the matrix drawn as a list.

A ``td`` marked ``data-rf-required`` holds a requirement: a matrix row is shown while one of
them is in a shown column, an item with entries while one of its entries is shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any

from markupsafe import Markup, escape

from . import fields
from .model import Competency, Domain, Framework, Role, Training
from .text import fold

PARTS = ("group", "item", "column", "entry")


def _line(text: str) -> str:
    """A value on one line, white space folded: a line break would end the form's raw HTML block
    (and shows as a space anyway). Items and options are folded alike, so they still match."""
    return " ".join(text.split())


def _json(values: object) -> str:
    """JSON for an attribute that Markdown re-serialises (md_in_html): it would take a decoded
    ``&amp;`` for an entity and leave it, so no ``&`` is left for it to read (``\\u0026``)."""
    return json.dumps(values, ensure_ascii=False).replace("&", "\\u0026")


@dataclass(frozen=True)
class Facet:
    """One control of a filter form: the entities it applies to and their values."""

    name: str  # the control's name and the attribute of the elements it filters (data-rf-<name>)
    label: str  # the control's label
    everything: str  # the option that filters nothing
    applies_to: type  # the model class whose elements carry the attribute
    values: Callable[[Any], tuple[str, ...]]  # an entity's values
    options: tuple[tuple[str, str], ...]  # (value, label): every value of the list, in reading order

    def of(self, entity: object) -> list[str]:
        """The entity's values, each on one line."""
        return [_line(value) for value in self.values(entity)]

    def attribute(self, entity: object) -> Markup:
        return Markup(f' data-rf-{self.name}="{escape(_json(self.of(entity)))}"')


@dataclass(frozen=True)
class Count:
    """What the status line counts: the distinct ids of the shown elements of these parts."""

    parts: tuple[str, ...]
    one: str  # its noun, singular (also for 0, as French says it)
    many: str


@dataclass(frozen=True)
class Filters:
    """The filter form of one list, and the attributes its elements carry."""

    target: str  # the id of the element holding the list
    legend: str
    facets: Mapping[str, Facet]
    counts: tuple[Count, ...]  # what the status line counts
    entries: tuple[Role, ...] = ()  # the roles listed as entries (the matrix drawn as a list)
    _marks: dict[tuple[str, type, str], Markup] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _applying(self, entity: object) -> list[Facet]:
        return [facet for facet in self.facets.values() if isinstance(entity, facet.applies_to)]

    def mark(self, part: str, entity: Domain | Competency | Role | Training) -> Markup:
        """The attributes of an element of the list: its part (with the entity's id) and the
        values of every facet that applies to the entity, but for an entry, whose values the
        holder carries once (a role has hundreds of entries in a large matrix)."""
        key = (part, type(entity), entity.id)
        if key not in self._marks:  # an entry is marked as often as its role has requirements
            if part not in PARTS:
                raise ValueError(f"unknown part {part!r}: one of {PARTS}")
            facets = [] if part == "entry" else [facet.attribute(entity) for facet in self._applying(entity)]
            self._marks[key] = Markup(f' data-rf-{part}="{escape(entity.id)}"') + Markup("").join(facets)
        return self._marks[key]

    def holder(self) -> Markup:
        """The attributes of the element holding the list: its id, and the values of each
        entity listed as entries (``data-rf-entries``: id → facet → values), when there are."""
        html = Markup(' id="{}"').format(self.target)
        if self.entries:
            values = {entity.id: {f.name: f.of(entity) for f in self._applying(entity)} for entity in self.entries}
            html += Markup(' data-rf-entries="{}"').format(_json(values))
        return html

    def form(self) -> Markup:
        """The form, a raw HTML block: hidden until the script runs, so no control does nothing.
        An option's value is JSON too (a string): like the elements' values, it never starts
        with what could be read as an address (``javascript:``…)."""
        html = Markup(
            '<form class="rf-filters rf-no-terms" data-rf-for="{}" data-rf-counts="{}" hidden>\n'
            "<fieldset>\n<legend>{}</legend>\n"
        ).format(self.target, _json([asdict(count) for count in self.counts]), self.legend)
        for facet in self.facets.values():
            control = f"rf-filter-{self.target}-{facet.name}"
            html += Markup(
                '<div class="rf-filters__field"><label for="{}">{}</label>\n<select id="{}" name="{}">\n'
                '<option value="">{}</option>\n'
            ).format(control, facet.label, control, facet.name, facet.everything)
            html += Markup("").join(
                Markup('<option value="{}">{}</option>\n').format(_json(_line(value)), _line(label))
                for value, label in facet.options
            )
            html += Markup("</select></div>\n")
        return html + Markup(
            '</fieldset>\n<p class="rf-filters__status" role="status" aria-live="polite"></p>\n</form>'
        )


def _in_order(present: Iterable[str], order: Iterable[str]) -> list[str]:
    found = set(present)
    return [value for value in order if value in found]


def _labelled(field: str, present: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The values present of a field with a fixed list of values, in the schema's order, with their labels."""
    labels = fields.labels(*field.split(".", 1))
    return tuple((value, labels[value]) for value in _in_order(present, labels))


def _alphabetical(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    folded = {(_line(value), _line(label)) for value, label in pairs}
    return tuple(sorted(folded, key=lambda pair: (fold(pair[1]), pair[1], pair[0])))


def _facets(*facets: Facet) -> Mapping[str, Facet]:
    return MappingProxyType({facet.name: facet for facet in facets})


def _domain_facet(framework: Framework, shown: Iterable[str]) -> Facet:
    """Domains, in display order, those the page shows (a list or a table under their heading)."""
    return Facet(
        "domain", "Domaine", "Tous les domaines", Domain, lambda domain: (domain.id,),
        tuple((did, framework.domains[did].title) for did in _in_order(shown, framework.domains)),
    )


def competencies(framework: Framework) -> Filters:
    listed = framework.competencies.values()
    return Filters(
        "rf-competencies", "Filtrer les compétences",
        _facets(
            _domain_facet(framework, (did for did, found in framework.competencies_by_domain.items() if found)),
            Facet("status", "Statut", "Tous les statuts", Competency, lambda c: (c.status,),
                  _labelled("competency.status", (c.status for c in listed))),
            Facet("kind", "Nature", "Toutes les natures", Competency, lambda c: (c.kind,),
                  _labelled("competency.kind", (c.kind for c in listed))),
        ),
        (Count(("item",), "compétence", "compétences"),),
    )


def _covered(training: Training) -> tuple[str, ...]:
    return tuple(dict.fromkeys(coverage.competency for coverage in training.covers))


def trainings(framework: Framework) -> Filters:
    listed = framework.trainings.values()
    return Filters(
        "rf-trainings", "Filtrer les formations",
        _facets(
            Facet("format", "Format", "Tous les formats", Training, lambda t: (t.format,),
                  _labelled("training.format", (t.format for t in listed))),
            Facet("provider", "Organisme", "Tous les organismes", Training, lambda t: (t.provider,),
                  _alphabetical((t.provider, t.provider) for t in listed)),
            Facet("competency", "Compétence développée", "Toutes les compétences", Training, _covered,
                  _alphabetical((cid, framework.competencies[cid].title) for t in listed for cid in _covered(t))),
        ),
        (Count(("item",), "formation", "formations"),),
    )


def matrix(framework: Framework, listed: frozenset[str] = frozenset()) -> Filters:
    """The matrix's filters; ``listed``: the domains drawn as a list, whose roles are entries."""
    drawn = {did: roles for did, (rows, roles) in framework.matrix_by_domain.items() if rows}
    return Filters(
        "rf-matrix", "Filtrer la matrice",
        _facets(
            _domain_facet(framework, drawn),
            Facet("family", "Famille de rôles", "Toutes les familles", Role, lambda role: (role.family,),
                  _alphabetical((role.family, role.family) for roles in drawn.values() for role in roles)),
        ),
        (Count(("item",), "compétence", "compétences"), Count(("column", "entry"), "rôle", "rôles")),
        tuple({role.id: role for did in listed for role in drawn.get(did, ())}.values()),
    )
