"""The filters of the competencies, trainings and matrix pages, read from real builds: the form
(hidden without JavaScript, its options the values the list holds) and the data attributes of
every element, equal to the model. The browser side is tests/browser/test_filters.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest

from helpers import FIXTURE, FIXTURES, build, edit, found, make_project
from referentiel import fields, filters, pages, routes
from referentiel.load import load_framework
from referentiel.model import Framework
from site_html import Element, read_page

PARTIAL = FIXTURES / "partial"
#: A provider and a family that would break out of an attribute or a JSON string if not escaped.
HOSTILE = 'Org "x" <b>&amp; \\" ]\' »'


@pytest.fixture(scope="module")
def built_partial(tmp_path_factory: pytest.TempPathFactory) -> tuple[Framework, Path]:
    """The partial fixture (a competency in two domains), with a hostile provider and family."""
    root = make_project(tmp_path_factory.mktemp("filters") / "project", PARTIAL)
    quoted = json.dumps(HOSTILE)
    edit("framework/trainings/atelier-bim.yml", "provider: Institut d’essai", f"provider: {quoted}")(root)
    edit("framework/roles/referent-bim.yml", "family: Fonctions transverses", f"family: {quoted}")(root)
    run = build(root)
    assert run.code == 0, run.output
    return load_framework(root), root / "site"


def _values(element: Element, name: str) -> list[str]:
    value = element.attrs[f"data-rf-{name}"]
    assert value is not None, (element, name)
    parsed = json.loads(value)
    assert isinstance(parsed, list) and all(isinstance(v, str) for v in parsed), parsed
    return parsed


def _options(elements: list[Element], name: str) -> Iterator[str]:
    """The values of the options of the select named ``name`` (the first option, « tous », aside)."""
    start = next(i for i, e in enumerate(elements) if e.tag == "select" and e.attrs.get("name") == name)
    end = next(i for i in range(start + 1, len(elements)) if elements[i].tag == "select" or i == len(elements) - 1)
    options = [e.attrs.get("value") or "" for e in elements[start + 1 : end] if e.tag == "option"]
    assert options[0] == "", options
    for option in options[1:]:
        value = json.loads(option)  # JSON, as the elements' values are
        assert isinstance(value, str), option
        yield value


def test_competencies_page_marks_every_item_with_its_values(built_mini: Path) -> None:
    framework = load_framework(FIXTURE)
    page = read_page(built_mini, "competences/")
    (form,) = [e for e in page.find("form") if "data-rf-for" in e.attrs]
    assert "hidden" in form.attrs and form.attrs["data-rf-for"] == "rf-competencies"  # shown by the script only
    items = [e for e in page.elements if "data-rf-item" in e.attrs]
    assert [e.attrs["data-rf-item"] for e in items] == [
        c.id for domain in framework.domains for c in framework.competencies_by_domain[domain]
    ]
    for element in items:
        competency = framework.competencies[element.attrs["data-rf-item"] or ""]
        assert element.tag == "li"
        assert _values(element, "status") == [competency.status] and _values(element, "kind") == [competency.kind]
    groups = [e for e in page.elements if "data-rf-group" in e.attrs]
    assert [(e.attrs["data-rf-group"], _values(e, "domain")) for e in groups] == [(d, [d]) for d in framework.domains]
    assert list(_options(page.elements, "domain")) == list(framework.domains)
    statuses = {c.status for c in framework.competencies.values()}
    in_schema_order = [value for value in fields.labels("competency", "status") if value in statuses]
    assert list(_options(page.elements, "status")) == in_schema_order
    assert set(_options(page.elements, "kind")) == {c.kind for c in framework.competencies.values()}
    assert "Statut" in page.text and "émergente" in page.text  # labels from the schema


def test_a_competency_in_two_domains_is_an_item_of_each(built_partial: tuple[Framework, Path]) -> None:
    framework, site = built_partial
    page = read_page(site, "competences/")
    items = [e.attrs["data-rf-item"] for e in page.elements if "data-rf-item" in e.attrs]
    several = [c.id for c in framework.competencies.values() if len(c.domains) > 1]
    assert several and all(items.count(cid) == len(framework.competencies[cid].domains) for cid in several)


def test_trainings_page_marks_format_provider_and_competencies(built_partial: tuple[Framework, Path]) -> None:
    framework, site = built_partial
    page = read_page(site, "formations/")
    rows = [e for e in page.elements if "data-rf-item" in e.attrs]
    assert [e.attrs["data-rf-item"] for e in rows] == list(framework.trainings)
    for row in rows:
        training = framework.trainings[row.attrs["data-rf-item"] or ""]
        assert row.tag == "tr"
        assert _values(row, "format") == [training.format] and _values(row, "provider") == [training.provider]
        assert _values(row, "competency") == [c.competency for c in training.covers]
    assert HOSTILE in [framework.trainings[row.attrs["data-rf-item"] or ""].provider for row in rows]
    assert HOSTILE in list(_options(page.elements, "provider"))  # the option's value, as typed
    covered = {c.competency for t in framework.trainings.values() for c in t.covers}
    assert set(_options(page.elements, "competency")) == covered
    assert {v for v in _options(page.elements, "format")} == {t.format for t in framework.trainings.values()}


def test_matrix_marks_domains_role_columns_and_requirements(built_partial: tuple[Framework, Path]) -> None:
    framework, site = built_partial
    page = read_page(site, "matrice/")
    columns = [e for e in page.elements if "data-rf-column" in e.attrs]
    expected = [role for rows, roles in framework.matrix_by_domain.values() if rows for role in roles]
    assert [(e.tag, e.attrs["data-rf-column"], _values(e, "family")) for e in columns] == [
        ("th", role.id, [role.family]) for role in expected
    ]
    assert HOSTILE in list(_options(page.elements, "family"))
    required = [e for e in page.elements if "data-rf-required" in e.attrs]
    assert len(required) == sum(
        1 for rows, roles in framework.matrix_by_domain.values() for c in rows for r in roles if r.requirement(c.id)
    )
    groups = [e.attrs["data-rf-group"] for e in page.elements if "data-rf-group" in e.attrs]
    assert groups == [did for did, (rows, _) in framework.matrix_by_domain.items() if rows]


def test_a_mark_names_a_known_part() -> None:
    framework = load_framework(FIXTURE)
    with pytest.raises(ValueError, match="unknown part"):
        filters.competencies(framework).mark("row", framework.roles["referent-bim"])


def test_matrix_drawn_as_lists_carries_each_roles_values_once() -> None:
    """Beyond the cell limit, a role's entries carry only its id; its family is written once."""
    framework = load_framework(FIXTURE)
    page = next(page for page in pages.plan(framework) if page.path == routes.MATRIX)
    markdown = pages.render(replace(page, context={**page.context, **pages.matrix_context(framework, 0)})).content
    holder = found(r'<div id="rf-matrix" data-rf-entries="([^"]*)"', markdown)
    assert json.loads(unescape(holder[1])) == {r.id: {"family": [r.family]} for r in framework.roles.values()}
    assert "data-rf-family" not in markdown.split("</form>")[1]
    drawn = pages.render(page).content  # tables: no entries, no map
    assert "data-rf-entries" not in drawn and "<table" in drawn
