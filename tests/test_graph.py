"""The career-path graph of the real framework: seniority in one direction, no two edges overlapping."""

from __future__ import annotations

import re

import pytest

from helpers import REPO
from referentiel import graph
from referentiel.load import load_framework
from referentiel.model import Framework


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(REPO)


def test_seniority_reads_one_way(framework: Framework) -> None:
    """An evolution never leads to a more junior rank, a proche move stays on its rank; the
    one exception, evolutions both ways, folds the two roles into one rank."""
    roles = list(framework.roles.values())
    rank = graph.ranks(roles, framework.career_paths)
    moves = {(p.origin, p.target) for p in framework.career_paths}
    for p in framework.career_paths:
        if p.kind == "proche" or (p.target, p.origin) in moves:
            assert rank[p.origin] == rank[p.target], p.id
        else:
            assert rank[p.origin] < rank[p.target], p.id
    assert max(rank.values()) <= 4, rank  # no empty middle: the real paths make four ranks
    assert rank["assistant-operation"] == 0


def _ends(d: str) -> tuple[tuple[float, float], tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return (numbers[0], numbers[1]), (numbers[-2], numbers[-1])


@pytest.mark.parametrize("drawing", ["wide", "narrow"])
def test_no_two_edges_share_an_end_or_a_pair_of_roles(framework: Framework, drawing: str) -> None:
    roles = list(framework.roles.values())
    draw = graph.wide if drawing == "wide" else graph.narrow
    svg = draw(roles, framework.career_paths, lambda role_id: f"../roles/{role_id}/")
    drawn = re.findall(r'<path class="rf-graph__edge rf-graph__edge--(\w+)" data-from="([^"]+)" data-to="([^"]+)" '
                       r'd="([^"]+)" marker-end="url\(#rf-graph-\w+-(\w+)\)"', svg)
    pairs = [frozenset((origin, target)) for _, origin, target, _, _ in drawn]
    assert len(pairs) == len(set(pairs)) == len(framework.career_paths) - 2  # two pairs both ways, one line each
    ends = [end for *_, d, _ in drawn for end in _ends(d)]
    assert len(ends) == len(set(ends)), "two edges meet a box at the same point"
    assert all(kind == head for kind, *_, head in drawn), "each kind has its own arrowhead"
    assert 'class="rf-graph__head rf-graph__head--proche"' in svg
    assert svg.count('<a href="../roles/') == len(roles)
    assert "junior → senior" in svg
    for meaning in graph.KINDS.values():
        assert meaning in svg  # the legend


def test_the_narrow_drawing_gives_meeting_edges_their_own_lanes(framework: Framework) -> None:
    roles = list(framework.roles.values())
    order = {role.id: index for index, role in enumerate(roles)}
    drawn = graph.edges(framework.career_paths)
    lane = graph.lanes(order, drawn)
    spans = [sorted((order[e.origin], order[e.target])) for e in drawn]
    for i in range(len(drawn)):
        for j in range(i):
            if not (spans[i][1] < spans[j][0] or spans[j][1] < spans[i][0]):
                assert lane[i] != lane[j], (drawn[i], drawn[j])
