"""Export routes as flow diagrams: who hands what to whom, and how well each step is evidenced.

Nodes (camps, work teams, companies, places) are boxes; each leg of a route is an arrow from one
to the next, labelled with what happens (outsourced production, export, relabelling ...) and the
goods. The arrow's line says how strong the evidence for the leg is, by its shape, so it reads
in black and white: a double line for two or more independent sources, a solid line for one, a
dotted line for none. Each box links to its record and each arrow's label to the evidence for
that leg.

Layout: top to bottom, so a long route fits a phone's width. A node's row is the longest chain of
legs leading to it; its column follows the routes it is on (a node shared by two routes sits
between them). One route is a single column with the labels beside the arrows; several routes are
drawn side by side, labels on the arrows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..vocab import STRENGTHS
from .svg import el, fit, num, root, text, text_width, wrap

STRENGTH_CLASSES = {"corroborated": "ea-flow-strong", "single": "ea-flow-single", "uncited": "ea-flow-none"}
STRENGTH_WORDS = STRENGTHS
LEGEND_TITLE = "Evidence for each step:"
EVIDENCE = "Evidence: %(leg)s"
LEG = "%(how)s, from %(source)s to %(target)s: %(strength)s"
LEG_OF = "%(how)s of %(goods)s, from %(source)s to %(target)s: %(strength)s"
# Every word the diagram shows, in English; ``render_flow``'s ``words`` gives them in another
# language (the names, kinds, mechanisms and goods come in words with the nodes and edges).
WORDS = (*STRENGTH_WORDS.values(), LEGEND_TITLE, EVIDENCE, LEG, LEG_OF)
Words = Mapping[str, str] | None  # English -> the page's language; what it lacks stays English


def _say(words: Words, english: str) -> str:
    return words.get(english, english) if words else english


@dataclass(frozen=True)
class Node:
    id: str
    label: str  # the record's name
    kind: str  # shown above the name: "Camp", "Chinese firm", "Place" ...
    href: str


@dataclass(frozen=True)
class Edge:
    source: str  # node IDs
    target: str
    route: int  # which route (0, 1, ...): sets the column
    mechanism: str  # in words: "Outsourced production"
    goods: tuple[str, ...]  # in words
    strength: str  # a key of STRENGTH_CLASSES
    href: str  # where the evidence for this leg is listed


NAME_SIZE = 16
KIND_SIZE = 12.5
LABEL_SIZE = 14
NODE_W = 200
PAD = 10
GAP = 86  # vertical room between rows, for the arrow and its label
COL = 236  # distance between columns of several routes
SINGLE_LABEL_X = NODE_W + 46  # a single route's labels, right of its arrows
WIDTH_SINGLE = 660


def _ranks(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[str, int]:
    """Each node's row: the longest chain of legs leading to it (a loop is cut where found)."""
    rank = {n.id: 0 for n in nodes}
    for _ in range(len(nodes)):
        changed = False
        for e in edges:
            if rank[e.target] < rank[e.source] + 1 <= len(nodes):
                rank[e.target] = rank[e.source] + 1
                changed = True
        if not changed:
            break
    return rank


def _columns(nodes: Sequence[Node], edges: Sequence[Edge], rank: dict[str, int]) -> dict[str, float]:
    """Each node's column: the mean of the routes it is on, then pushed apart within a row."""
    routes: dict[str, list[int]] = {n.id: [] for n in nodes}
    for e in edges:
        routes[e.source].append(e.route)
        routes[e.target].append(e.route)
    col = {nid: (sum(r) / len(r) if r else 0.0) for nid, r in routes.items()}
    for row in sorted(set(rank.values())):
        here = sorted((n.id for n in nodes if rank[n.id] == row), key=lambda nid: (col[nid], nid))
        for a, b in pairwise(here):
            col[b] = max(col[b], col[a] + 1)
    return col


def _box(node: Node, x: float, y: float, lines: list[str], highlight: bool) -> str:
    h = _box_height(lines)
    parts = [
        el("rect", {"x": num(x), "y": num(y), "width": NODE_W, "height": num(h), "rx": 6, "class": "ea-flow-box"}),
        el(
            "text",
            {"x": num(x + PAD), "y": num(y + PAD + KIND_SIZE), "class": "ea-flow-kind"},
            text(fit(node.kind.upper(), NODE_W - 2 * PAD, KIND_SIZE)),
        ),
    ]
    for i, line in enumerate(lines):
        baseline = y + PAD + KIND_SIZE + 6 + NAME_SIZE * 1.2 * (i + 1) - 3
        parts.append(el("text", {"x": num(x + PAD), "y": num(baseline), "class": "ea-flow-name"}, text(line)))
    cls = "ea-flow-node ea-flow-here" if highlight else "ea-flow-node"
    return el("a", {"href": node.href, "class": cls, "aria-label": f"{node.label} ({node.kind})"}, "".join(parts))


def _box_height(lines: list[str]) -> float:
    return PAD * 2 + KIND_SIZE + 6 + NAME_SIZE * 1.2 * len(lines)


def _name_lines(label: str) -> list[str]:
    lines = wrap(label, NAME_SIZE, NODE_W - 2 * PAD)
    if len(lines) > 3:
        lines = lines[:3]
        while lines[2] and text_width(lines[2] + "…", NAME_SIZE) > NODE_W - 2 * PAD:
            lines[2] = lines[2][:-1]
        lines[2] = lines[2].rstrip() + "…"
    return lines


def _arrow(x1: float, y1: float, x2: float, y2: float, strength: str) -> str:
    cls = STRENGTH_CLASSES[strength]
    d = f"M{num(x1)} {num(y1)}C{num(x1)} {num((y1 + y2) / 2)} {num(x2)} {num((y1 + y2) / 2)} {num(x2)} {num(y2 - 9)}"
    head = f"M{num(x2 - 6)} {num(y2 - 10)}L{num(x2)} {num(y2)}L{num(x2 + 6)} {num(y2 - 10)}Z"
    line = el("path", {"d": d, "class": f"ea-flow-line {cls}"})
    if strength == "corroborated":  # a double line: a thinner line of the page colour inside a thick one
        line += el("path", {"d": d, "class": "ea-flow-inner"})
    return line + el("path", {"d": head, "class": "ea-flow-head"})


def _leg_words(e: Edge, names: dict[str, str], say: Words = None) -> str:
    strength = _say(say, STRENGTH_WORDS[e.strength])
    said = {"how": e.mechanism, "source": names[e.source], "target": names[e.target], "strength": strength}
    if e.goods:
        return _say(say, LEG_OF) % {**said, "goods": ", ".join(e.goods)}
    return _say(say, LEG) % said


def _label(
    e: Edge, x: float, y: float, width: float, names: dict[str, str], anchor: str, say: Words = None
) -> tuple[str, float, float]:
    """The leg's label, as a link to its evidence; returns it, its height and its width."""
    lines = wrap(e.mechanism, LABEL_SIZE, width)
    small = wrap(", ".join(e.goods), LABEL_SIZE - 1.5, width) if e.goods else []
    small += wrap(_say(say, STRENGTH_WORDS[e.strength]).capitalize(), LABEL_SIZE - 1.5, width)
    parts = []
    line_h = LABEL_SIZE * 1.2
    for i, line in enumerate(lines):
        parts.append(
            el(
                "text",
                {"x": num(x), "y": num(y + line_h * (i + 1)), "class": "ea-flow-mech", "text-anchor": anchor},
                text(line),
            )
        )
    for j, line in enumerate(small):
        baseline = y + line_h * (len(lines) + j + 1) - 1
        parts.append(
            el("text", {"x": num(x), "y": num(baseline), "class": "ea-flow-goods", "text-anchor": anchor}, text(line))
        )
    height = line_h * (len(lines) + len(small)) + 4
    link = el(
        "a",
        {
            "href": e.href,
            "class": "ea-flow-leg",
            "aria-label": _say(say, EVIDENCE) % {"leg": _leg_words(e, names, say)},
        },
        "".join(parts),
    )
    wide = max([text_width(t, LABEL_SIZE) for t in lines] + [text_width(t, LABEL_SIZE - 1.5) for t in small])
    return link, height, wide


def _legend(strengths: list[str], y: float, width: float, say: Words = None) -> tuple[str, float]:
    parts = [el("text", {"x": 0, "y": num(y + 14), "class": "ea-flow-kind"}, text(_say(say, LEGEND_TITLE)))]
    x = 0.0
    y += 24
    for s in strengths:
        words = _say(say, STRENGTH_WORDS[s])
        w = 46 + text_width(words, 13)
        if x and x + w > width:
            x, y = 0.0, y + 22
        parts.append(_arrow_sample(x, y + 8, s))
        parts.append(el("text", {"x": num(x + 40), "y": num(y + 13), "class": "ea-flow-goods"}, text(words)))
        x += w + 16
    return el("g", {"class": "ea-flow-legend"}, "".join(parts)), y + 24


def _arrow_sample(x: float, y: float, strength: str) -> str:
    d = f"M{num(x)} {num(y)}H{num(x + 32)}"
    out = el("path", {"d": d, "class": f"ea-flow-line {STRENGTH_CLASSES[strength]}"})
    if strength == "corroborated":
        out += el("path", {"d": d, "class": "ea-flow-inner"})
    return out


def render_flow(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    title: str,
    desc: str,
    prefix: str,
    highlight: frozenset[str] = frozenset(),
    words: Words = None,
) -> str:
    """The diagram of one route (one column, labels beside the arrows) or of several; ``words``
    gives its words (``WORDS``) in the page's language."""
    if not nodes:
        raise ValueError("a flow diagram needs at least one node")
    names = {n.id: n.label for n in nodes}
    rank = _ranks(nodes, edges)
    col = _columns(nodes, edges, rank)
    single = max(col.values()) == 0
    lines = {n.id: _name_lines(n.label) for n in nodes}
    rows = sorted(set(rank.values()))
    row_h = {r: max(_box_height(lines[n.id]) for n in nodes if rank[n.id] == r) for r in rows}
    # room between rows: enough for the tallest label crossing that gap
    gap = dict.fromkeys(rows, float(GAP))
    label_w = (WIDTH_SINGLE - SINGLE_LABEL_X) if single else COL - 24
    labels = {}
    for e in edges:
        _svg, h, w = _label(e, 0, 0, label_w, names, "start", words)
        labels[id(e)] = h, w
        if not single:
            gap[rank[e.target] - 1] = max(gap.get(rank[e.target] - 1, GAP), h + 40)
    top = {}
    y = 4.0
    for r in rows:
        top[r] = y
        y += row_h[r] + gap[r]
    height_nodes = y - gap[rows[-1]]
    x_of = {nid: 4 + c * COL for nid, c in col.items()}
    on = {n.id: {e.route for e in edges if n.id in (e.source, e.target)} for n in nodes}

    def label_x(e: Edge) -> float:
        # in the column of the leg's end that is on fewer routes (the target's on a tie), so the
        # labels of legs meeting at a shared node sit in their own routes' columns, not on each other
        lane = e.source if len(on[e.source]) < len(on[e.target]) else e.target
        return x_of[lane] + NODE_W / 2 + 10

    width: float = WIDTH_SINGLE
    if not single:  # wide enough for the nodes and for every label
        width = max([max(col.values()) * COL + NODE_W + 8, *(label_x(e) + labels[id(e)][1] + 4 for e in edges)])
    parts = []
    for e in sorted(edges, key=lambda e: (rank[e.source], x_of[e.source], e.source, e.target)):
        x1 = x_of[e.source] + NODE_W / 2
        y1 = top[rank[e.source]] + _box_height(lines[e.source])
        x2 = x_of[e.target] + NODE_W / 2
        y2 = top[rank[e.target]]
        parts.append(_arrow(x1, y1, x2, y2, e.strength))
        if single:
            label, _h, _w = _label(e, SINGLE_LABEL_X, y1 + 6, label_w, names, "start", words)
        else:
            label, _h, _w = _label(e, label_x(e), y2 - 18 - labels[id(e)][0], label_w, names, "start", words)
        parts.append(label)
    for n in sorted(nodes, key=lambda n: (rank[n.id], x_of[n.id], n.id)):
        parts.append(_box(n, x_of[n.id], top[rank[n.id]], lines[n.id], n.id in highlight))
    used = [s for s in STRENGTH_CLASSES if any(e.strength == s for e in edges)]
    legend, height = _legend(used, height_nodes + 16, width, words)
    parts.append(legend)
    return root(width, height, title, desc, "".join(parts), prefix, "ea-flow")
