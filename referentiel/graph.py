"""The career-path graph, laid out and drawn at build time as inline SVG (no script, no network).

Seniority reads from top (junior) to bottom (senior), along a labelled axis. Roles joined by a
"proche" move, or by evolution moves both ways, share a rank (a lateral move); otherwise a
role sits one rank below the most senior role an evolution leads from (longest path over the
ranks' graph, cycles folded into one rank). Inside a rank the most connected roles are placed
in the middle, the others alternately left and right, so linked roles stay close.

Two drawings of the same graph: a wide one (three roles a row) and a narrow one (two a row)
for phones; the stylesheet shows one (``rf-graph--wide`` / ``rf-graph--narrow``), both drawn
at a size where their 13 px labels are shown at least at 12 px. Every edge has its own end
points on its boxes (no two edges overlap); a pair of roles joined both ways by the same kind
of move gets one line with a head at each end. Evolution: solid line, filled triangle head;
proche: dashed line, open chevron head; a legend in the drawing says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .model import CareerPath, Role

FONT_SIZE = 13
LINE_HEIGHT = 16
CHAR_WIDTH = 0.6 * FONT_SIZE  # a wide sans-serif letter, on average: lines are wrapped to fit it
PADDING = 8
ROW_GAP = 48
AXIS_GUTTER = 30
MARGIN = 6
LEGEND_ROW = 24
#: The most roles the graph is drawn for: beyond, its rows (one role a row on a phone, each edge a
#: lane) are no longer readable, and the page gives the paths as text only.
MAX_ROLES = 60
KINDS = {"evolution": "Évolution : vers un rôle plus senior", "proche": "Mobilité proche : vers un rôle voisin"}


@dataclass(frozen=True)
class Geometry:
    """One drawing of the graph: how many roles a row, how wide a box and the gap between boxes."""

    name: str
    columns: int
    box_width: int
    column_gap: int

    @property
    def line_chars(self) -> int:
        return int((self.box_width - 2 * PADDING) / CHAR_WIDTH)


WIDE = Geometry("wide", columns=3, box_width=184, column_gap=36)


@dataclass(frozen=True)
class Placed:
    role: Role
    x: int
    y: int
    row: int
    column: int


def ranks(roles: Sequence[Role], paths: Sequence[CareerPath]) -> dict[str, int]:
    """Rank of each role, 0 the most junior: lateral groups share one (see the module's doc)."""
    ids = [role.id for role in roles]
    following: dict[str, list[str]] = {i: [] for i in ids}
    for p in paths:
        following[p.origin].append(p.target)
        if p.kind == "proche":
            following[p.target].append(p.origin)
    group = _components(ids, following)
    above: dict[int, set[int]] = {g: set() for g in set(group.values())}
    for p in paths:
        if p.kind == "evolution" and group[p.origin] != group[p.target]:
            above[group[p.target]].add(group[p.origin])
    rank: dict[int, int] = {}

    def rank_of(g: int) -> int:  # the groups' graph has no cycle: every cycle is one group
        if g not in rank:
            rank[g] = 1 + max((rank_of(a) for a in above[g]), default=-1)
        return rank[g]

    return {i: rank_of(group[i]) for i in ids}


def _components(ids: list[str], following: dict[str, list[str]]) -> dict[str, int]:
    """Strongly connected components (Kosaraju, iterative): role id → component number."""
    order: list[str] = []
    seen: set[str] = set()
    for start in ids:
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(following[start]))]
        while stack:
            node, rest = stack[-1]
            step = next(rest, None)
            if step is None:
                stack.pop()
                order.append(node)
            elif step not in seen:
                seen.add(step)
                stack.append((step, iter(following[step])))
    preceding: dict[str, list[str]] = {i: [] for i in ids}
    for origin, targets in following.items():
        for target in targets:
            preceding[target].append(origin)
    component: dict[str, int] = {}
    number = -1
    for start in reversed(order):
        if start in component:
            continue
        number += 1
        component[start] = number
        todo = [start]
        while todo:
            for other in preceding[todo.pop()]:
                if other not in component:
                    component[other] = number
                    todo.append(other)
    return component


def _lines(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _arranged(members: list[Role], degree: dict[str, int]) -> list[Role]:
    """Left to right: the most connected in the middle, the others alternately left and right."""
    arranged: list[Role] = []
    for index, role in enumerate(sorted(members, key=lambda r: (-degree[r.id], r.title))):
        if index % 2:
            arranged.insert(0, role)
        else:
            arranged.append(role)
    return arranged


def _barycentre(role_id: str, neighbours: dict[str, set[str]], centre: dict[str, float],
                guess: dict[str, float]) -> float:
    above = [centre[n] for n in neighbours[role_id] if n in centre]
    return sum(above) / len(above) if above else guess[role_id]


def layout(roles: Sequence[Role], paths: Sequence[CareerPath], geometry: Geometry, box_height: int) -> list[Placed]:
    rank = ranks(roles, paths)
    degree = {role.id: 0 for role in roles}
    for p in paths:
        degree[p.origin] += 1
        degree[p.target] += 1
    by_rank: dict[int, list[Role]] = {}
    for role in roles:
        by_rank.setdefault(rank[role.id], []).append(role)
    neighbours: dict[str, set[str]] = {role.id: set() for role in roles}
    for p in paths:
        neighbours[p.origin].add(p.target)
        neighbours[p.target].add(p.origin)
    placed: list[Placed] = []
    centre: dict[str, float] = {}  # role id → its box's horizontal centre, once placed
    row = 0
    full_width = geometry.columns * geometry.box_width + (geometry.columns - 1) * geometry.column_gap
    for r in sorted(by_rank):
        tentative = _arranged(by_rank[r], degree)
        # Under the roles they are linked to, when those are placed (fewer crossings); else as arranged.
        count = len(tentative)
        guess = {role.id: MARGIN + AXIS_GUTTER + full_width * (i + 0.5) / count for i, role in enumerate(tentative)}
        keyed = sorted((_barycentre(role.id, neighbours, centre, guess), i, role) for i, role in enumerate(tentative))
        arranged = [role for _, _, role in keyed]
        for start in range(0, len(arranged), geometry.columns):
            chunk = arranged[start : start + geometry.columns]
            used = len(chunk) * geometry.box_width + (len(chunk) - 1) * geometry.column_gap
            left = MARGIN + AXIS_GUTTER + (full_width - used) // 2
            for column, role in enumerate(chunk):
                x = left + column * (geometry.box_width + geometry.column_gap)
                placed.append(Placed(role, x, MARGIN + row * (box_height + ROW_GAP), row, column))
                centre[role.id] = x + geometry.box_width / 2
            row += 1
    return placed


@dataclass(frozen=True)
class Edge:
    """A line between two roles: one move, or two of the same kind in opposite directions."""

    origin: str
    target: str
    kind: str
    both_ways: bool


def edges(paths: Sequence[CareerPath]) -> list[Edge]:
    """One edge per move, except a pair of moves of one kind both ways, drawn as one line."""
    kinds = {(p.origin, p.target, p.kind) for p in paths}
    found: list[Edge] = []
    for p in paths:
        reverse = (p.target, p.origin, p.kind) in kinds
        if reverse and (p.target, p.origin) < (p.origin, p.target):
            continue  # drawn with its reverse
        found.append(Edge(p.origin, p.target, p.kind, reverse))
    return found


def _sides(a: Placed, b: Placed) -> tuple[str, str]:
    """Where an edge leaves a and reaches b: bottom/top across rows, the facing sides in a row."""
    if a.row < b.row:
        return "bottom", "top"
    if a.row > b.row:
        return "top", "bottom"
    if abs(a.column - b.column) == 1:
        return ("right", "left") if a.column < b.column else ("left", "right")
    return "bottom", "bottom"


def _ports(
    placed: dict[str, Placed], drawn: list[Edge], geometry: Geometry, box_height: int
) -> list[tuple[tuple[float, float, str], tuple[float, float, str]]]:
    """The two end points of every edge, spread along the sides so that no two edges share one."""
    attached: dict[tuple[str, str], list[tuple[float, int, int]]] = {}  # (role, side) → (sort key, edge, end)
    for index, edge in enumerate(drawn):
        a, b = placed[edge.origin], placed[edge.target]
        side_a, side_b = _sides(a, b)
        attached.setdefault((edge.origin, side_a), []).append((b.x + b.y / 1000, index, 0))
        attached.setdefault((edge.target, side_b), []).append((a.x + a.y / 1000, index, 1))
    ends: list[list[tuple[float, float, str]]] = [[(0.0, 0.0, ""), (0.0, 0.0, "")] for _ in drawn]
    for (role_id, side), items in attached.items():
        p = placed[role_id]
        for order, (_, index, end) in enumerate(sorted(items)):
            share = (order + 1) / (len(items) + 1)
            if side in ("top", "bottom"):
                point = (p.x + geometry.box_width * share, float(p.y + (box_height if side == "bottom" else 0)), side)
            else:
                point = (float(p.x + (geometry.box_width if side == "right" else 0)), p.y + box_height * share, side)
            ends[index][end] = point
    return [(first, second) for first, second in ends]


def _curve(start: tuple[float, float, str], end: tuple[float, float, str]) -> str:
    (x1, y1, side1), (x2, y2, side2) = start, end
    pull = {"bottom": (0, 1), "top": (0, -1), "left": (-1, 0), "right": (1, 0)}
    if side1 == side2:  # under a row, between two roles apart
        reach = ROW_GAP * 0.7
    else:  # along the direction the edge leaves in: no loop out of the gap it crosses
        reach = abs(y2 - y1) / 2 if side1 in ("top", "bottom") else abs(x2 - x1) / 2
    c1 = (x1 + pull[side1][0] * reach, y1 + pull[side1][1] * reach)
    c2 = (x2 + pull[side2][0] * reach, y2 + pull[side2][1] * reach)
    return f"M{x1:g},{y1:g} C{c1[0]:g},{c1[1]:g} {c2[0]:g},{c2[1]:g} {x2:g},{y2:g}"


def svg(roles: Sequence[Role], paths: Sequence[CareerPath], href: Callable[[str], str]) -> str:
    """The graph as two SVG elements (wide, narrow); ``href(role_id)`` gives a role's page URL."""
    return wide(roles, paths, href) + narrow(roles, paths, href)


def _open(name: str, width: float, height: float) -> list[str]:
    ident = f"rf-graph-{name}"
    return [
        (
            f'<svg class="rf-graph rf-graph--{name}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" font-size="{FONT_SIZE}" '
            f'role="group" aria-labelledby="{ident}-title">'
        ),
        f'<title id="{ident}-title">Graphe des parcours entre les rôles, du plus junior au plus senior</title>',
        "<defs>",
        (
            f'<marker id="{ident}-evolution" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
            'markerHeight="6" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" class="rf-graph__head rf-graph__head--evolution"/></marker>'
        ),
        (
            f'<marker id="{ident}-proche" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
            'markerHeight="6" orient="auto-start-reverse">'
            '<path d="M1,1 L9,5 L1,9" class="rf-graph__head rf-graph__head--proche"/></marker>'
        ),
        "</defs>",
    ]


def _axis(name: str, bottom: float) -> str:
    """The seniority axis, down the left gutter."""
    x = MARGIN + 4
    return (
        f'<g class="rf-graph__axis"><path d="M{x},{MARGIN} L{x},{bottom:g}" '
        f'marker-end="url(#rf-graph-{name}-evolution)"/>'
        f'<text transform="translate({x + 12},{(MARGIN + bottom) / 2:g}) rotate(90)" '
        'text-anchor="middle" dy="0.35em">junior → senior</text></g>'
    )


def _edge(name: str, edge: Edge, d: str) -> str:
    heads = f'marker-end="url(#rf-graph-{name}-{edge.kind})"'
    if edge.both_ways:
        heads += f' marker-start="url(#rf-graph-{name}-{edge.kind})"'
    return (
        f'<path class="rf-graph__edge rf-graph__edge--{edge.kind}" data-from="{escape(edge.origin)}" '
        f'data-to="{escape(edge.target)}" d="{d}" {heads}/>'
    )


def _node(role: Role, x: float, y: float, width: float, height: float, lines: list[str], href: str) -> str:
    centre = x + width / 2
    first_y = y + height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2
    text = "".join(
        f'<tspan x="{centre:g}" y="{first_y + i * LINE_HEIGHT:g}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<a href="{escape(href)}" class="rf-graph__node"><title>{escape(role.title)}</title>'
        f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" rx="8"/>'
        f'<text text-anchor="middle" dominant-baseline="central">{text}</text></a>'
    )


def _legend(name: str, top: float) -> str:
    parts = ['<g class="rf-graph__legend">']
    left = MARGIN + AXIS_GUTTER
    for index, (kind, meaning) in enumerate(KINDS.items()):
        y = top + index * LEGEND_ROW + LEGEND_ROW / 2
        parts.append(
            f'<path class="rf-graph__sample rf-graph__sample--{kind}" d="M{left},{y:g} L{left + 40},{y:g}" '
            f'marker-end="url(#rf-graph-{name}-{kind})"/>'
            f'<text x="{left + 52}" y="{y:g}" dominant-baseline="central">{escape(meaning)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def wide(
    roles: Sequence[Role], paths: Sequence[CareerPath], href: Callable[[str], str], geometry: Geometry = WIDE
) -> str:
    """Ranks as rows, up to ``geometry.columns`` roles a row, edges curved between the rows."""
    lines = {role.id: _lines(role.title, geometry.line_chars) for role in roles}
    box_height = max((len(found) for found in lines.values()), default=1) * LINE_HEIGHT + 2 * PADDING
    placed = {p.role.id: p for p in layout(roles, paths, geometry, box_height)}
    drawn = edges(paths)
    full_width = geometry.columns * geometry.box_width + (geometry.columns - 1) * geometry.column_gap
    width = MARGIN + AXIS_GUTTER + full_width + MARGIN
    bottom = max((p.y for p in placed.values()), default=MARGIN) + box_height
    height = bottom + ROW_GAP // 2 + len(KINDS) * LEGEND_ROW + MARGIN
    parts = [*_open(geometry.name, width, height), _axis(geometry.name, bottom)]
    for edge, (start, end) in zip(drawn, _ports(placed, drawn, geometry, box_height), strict=True):
        parts.append(_edge(geometry.name, edge, _curve(start, end)))
    for p in placed.values():
        parts.append(_node(p.role, p.x, p.y, geometry.box_width, box_height, lines[p.role.id], href(p.role.id)))
    parts += [_legend(geometry.name, bottom + ROW_GAP // 2), "</svg>"]
    return "".join(parts)


NARROW_WIDTH = 356  # a phone's column (390 px less Material's margins), so the drawing is not shrunk
LANE = 10
NARROW_GAP = 14


def lanes(order: dict[str, int], drawn: list[Edge]) -> list[int]:
    """A lane (0 nearest the boxes) for each edge of the one-column drawing: edges whose row
    spans meet, ends included, get different lanes; shorter edges run nearer the boxes."""
    spans = [tuple(sorted((order[e.origin], order[e.target]))) for e in drawn]
    taken: list[list[tuple[int, int]]] = []
    lane = [0] * len(drawn)
    for index in sorted(range(len(drawn)), key=lambda i: (spans[i][1] - spans[i][0], spans[i])):
        low, high = spans[index]
        free = next((n for n, used in enumerate(taken) if all(h < low or l > high for l, h in used)), len(taken))
        if free == len(taken):
            taken.append([])
        taken[free].append((low, high))
        lane[index] = free
    return lane


def narrow(roles: Sequence[Role], paths: Sequence[CareerPath], href: Callable[[str], str]) -> str:
    """One role a row, by rank; each edge leaves its box on the right, runs down (or up) its
    own lane and comes back: lanes never share a stretch, so no two edges overlap."""
    ordered = [p.role for p in sorted(layout(roles, paths, WIDE, 0), key=lambda p: (p.y, p.x))]
    order = {role.id: index for index, role in enumerate(ordered)}
    drawn = edges(paths)
    lane = lanes(order, drawn)
    count = max(lane, default=-1) + 1
    left = MARGIN + AXIS_GUTTER
    box_width = NARROW_WIDTH - left - MARGIN - (count + 1) * LANE
    chars = int((box_width - 2 * PADDING) / CHAR_WIDTH)
    lines = {role.id: _lines(role.title, chars) for role in ordered}
    box_height = max((len(found) for found in lines.values()), default=1) * LINE_HEIGHT + 2 * PADDING
    top = {role.id: MARGIN + index * (box_height + NARROW_GAP) for index, role in enumerate(ordered)}
    bottom = MARGIN + len(ordered) * (box_height + NARROW_GAP) - NARROW_GAP
    height = bottom + NARROW_GAP + len(KINDS) * LEGEND_ROW + MARGIN
    parts = [*_open("narrow", NARROW_WIDTH, height), _axis("narrow", bottom)]
    attached: dict[str, list[tuple[int, int, int]]] = {}  # role id → (other end's row, edge, end)
    for index, edge in enumerate(drawn):
        attached.setdefault(edge.origin, []).append((order[edge.target], index, 0))
        attached.setdefault(edge.target, []).append((order[edge.origin], index, 1))
    ends = [[0.0, 0.0] for _ in drawn]
    for role_id, items in attached.items():
        for position, (_, index, end) in enumerate(sorted(items)):
            ends[index][end] = top[role_id] + box_height * (position + 1) / (len(items) + 1)
    side = left + box_width
    for index, edge in enumerate(drawn):
        x = side + (lane[index] + 1) * LANE
        y1, y2 = ends[index]
        parts.append(_edge("narrow", edge, f"M{side:g},{y1:g} L{x:g},{y1:g} L{x:g},{y2:g} L{side:g},{y2:g}"))
    for role in ordered:
        parts.append(_node(role, left, top[role.id], box_width, box_height, lines[role.id], href(role.id)))
    parts += [_legend("narrow", bottom + NARROW_GAP), "</svg>"]
    return "".join(parts)
