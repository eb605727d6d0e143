"""Export routes as flow diagrams: who hands what to whom, and how well each step is evidenced.

Nodes (camps, work teams, companies, places) are boxes; each leg of a route is an arrow from one
to the next, labelled with what happens (outsourced production, export, relabelling ...) and the
goods; a leg between partners, a relation with no direction along which no goods are said to
pass, is a line with no arrowhead. The arrow's line says how strong the evidence for the leg is,
by its shape, so it reads in black and white: a double line for two or more independent sources,
a solid line for one, a dotted line for none. Each box links to its record and each arrow's label
to the evidence for that leg. Where a route ends, its box says so: that is where the goods end up
as far as the sources say, and nothing further is drawn.

Two drawings of the same routes (``render_flow`` gives both; the page's CSS shows one):

* wide, for a screen of 720 px or more: top to bottom, the boxes in a column with the labels
  beside the arrows; several routes side by side where they fit the width, a node shared by two
  routes between them (a node's row is the longest chain of legs leading to it), labels on the
  arrows; more routes than fit, one below the other;
* narrow, for a phone: full-width boxes with the arrows down their left edge and the labels
  beside them; several routes one below the other. Drawn one unit to one CSS pixel, so no text is
  under 13 px. Routes that branch have no narrow drawing: their wide one scrolls sideways.

Every text is at least 13 units high and every link at least 24 units each way; a link's name
begins with the words it shows (WCAG's "label in name").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from build_tools.pages.visual.svg import el, link_name, num, root, text, text_width, wrap
from build_tools.records.vocab import STRENGTHS

STRENGTH_CLASSES = {"corroborated": "ea-flow-strong", "single": "ea-flow-single", "uncited": "ea-flow-none"}
STRENGTH_WORDS = STRENGTHS
LEGEND_TITLE = "Evidence for each step:"
END = "Where the goods end up, as far as the sources say"
LEG = "%(how)s; %(strength)s. Evidence for the step from %(source)s to %(target)s"
LEG_OF = "%(how)s: %(goods)s; %(strength)s. Evidence for the step from %(source)s to %(target)s"
# Every word the diagram shows, in English; ``render_flow``'s ``words`` gives them in another
# language (the names, kinds, mechanisms and goods come in words with the nodes and edges).
WORDS = (*STRENGTH_WORDS.values(), LEGEND_TITLE, END, LEG, LEG_OF)
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
    partners: bool = False  # the two work together and no goods are said to pass: no arrowhead


NAME_SIZE = 16.0
KIND_SIZE = 13.0
TAG_SIZE = 13.0  # "where the goods end up"
LABEL_SIZE = 14.0
SMALL_SIZE = 13.0  # goods and strength under a label
TARGET = 24  # the least height of a link, for a finger
PAD = 10
GAP = 64  # least vertical room between rows, for the arrow


@dataclass(frozen=True)
class Layout:
    """One column of boxes with the labels beside the arrows."""

    width: float
    box_x: float
    node_w: float
    arrow_x: float  # from the box's left
    label_x: float


WIDE = Layout(width=680, box_x=4, node_w=360, arrow_x=180, label_x=400)
NARROW = Layout(width=340, box_x=2, node_w=336, arrow_x=20, label_x=42)
WIDE_PX = 720  # the narrowest screen (CSS px) on which the wide drawing is shown
GRID_NODE_W = 200  # several routes side by side
COL = 236  # distance between their columns


# ---- the graph -------------------------------------------------------------------------------


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


def _chain(nodes: Sequence[Node], edges: Sequence[Edge]) -> list[Node] | None:
    """The nodes in order if the legs join them in one line (each to the next), else None."""
    rank = _ranks(nodes, edges)
    order = sorted(nodes, key=lambda n: (rank[n.id], n.id))
    pairs = [(a.id, b.id) for a, b in pairwise(order)]
    if len({rank[n.id] for n in nodes}) != len(nodes) or sorted((e.source, e.target) for e in edges) != sorted(pairs):
        return None
    return order


def ends(edges: Sequence[Edge]) -> set[str]:
    """Where the goods end up: the nodes reached by a leg and left by none. (Of several routes
    drawn side by side, a node where one ends and another goes on is not one: its box would
    say the goods stop there above an arrow going on.)"""
    return {e.target for e in edges} - {e.source for e in edges}


# ---- boxes, arrows, labels ---------------------------------------------------------------------


def _box_lines(node: Node, end: bool, width: float, say: Words) -> list[tuple[str, str, float]]:
    """(class, text, size) of each line in a box: "where the goods end up", the kind, the name."""
    room = width - 2 * PAD
    out = [("ea-flow-endtag", t, TAG_SIZE) for t in wrap(_say(say, END), TAG_SIZE, room)] if end else []
    out += [("ea-flow-kind", t, KIND_SIZE) for t in wrap(node.kind.upper(), KIND_SIZE, room)]
    return out + [("ea-flow-name", t, NAME_SIZE) for t in _name_lines(node.label, room)]


def _name_lines(label: str, room: float) -> list[str]:
    lines = wrap(label, NAME_SIZE, room)
    if len(lines) > 3:  # the link's name keeps it whole
        lines = lines[:3]
        while lines[2] and text_width(lines[2] + "…", NAME_SIZE) > room:
            lines[2] = lines[2][:-1]
        lines[2] = lines[2].rstrip() + "…"
    return lines


def _baselines(lines: list[tuple[str, str, float]]) -> list[float]:
    """Each line's baseline from the box's top, and last the box's height: a little room between
    the tag, the kind and the name."""
    out, y = [], float(PAD)
    for i, (cls, _, size) in enumerate(lines):
        y += size * 1.25 + (4 if i and cls != lines[i - 1][0] else 0)
        out.append(y - size * 0.25)
    return [*out, y + PAD]


def _box_height(lines: list[tuple[str, str, float]]) -> float:
    return _baselines(lines)[-1]


def _box(node: Node, x: float, y: float, w: float, lines: list[tuple[str, str, float]], here: bool, say: Words) -> str:
    end = bool(lines) and lines[0][0] == "ea-flow-endtag"
    box_cls = "ea-flow-box ea-flow-endbox" if end else "ea-flow-box"
    parts = [
        el(
            "rect",
            {"x": num(x), "y": num(y), "width": num(w), "height": num(_box_height(lines)), "rx": 6, "class": box_cls},
        )
    ]
    shown = []
    for (cls, line, size), baseline in zip(lines, _baselines(lines), strict=False):
        attrs = {"x": num(x + PAD), "y": num(y + baseline), "class": cls, "font-size": num(size)}
        shown.append(el("text", attrs, text(line)))
    parts.append(_spaced(shown))
    cls = "ea-flow-node" + (" ea-flow-here" if here else "") + (" ea-flow-end" if end else "")
    return el("a", {"href": node.href, "class": cls, "aria-label": _box_name(node, lines, say)}, "".join(parts))


def _box_name(node: Node, lines: list[tuple[str, str, float]], say: Words) -> str:
    """The box's link name: what it says ("where the goods end up", the kind, the name), the words
    as drawn first when a name is cut short or a word broken (``svg.link_name``)."""
    end = _say(say, END)
    name = f"{node.kind}: {node.label}"
    name = f"{end}: {name}" if lines and lines[0][0] == "ea-flow-endtag" else name
    wholes = {"ea-flow-endtag": end, "ea-flow-kind": node.kind.upper(), "ea-flow-name": node.label}
    drawn = [(whole, [t for c, t, _ in lines if c == cls]) for cls, whole in wholes.items()]
    return link_name(name, [(whole, shown) for whole, shown in drawn if shown])


def _spaced(lines: list[str]) -> str:
    """A link's lines of text, with a space between them: the space is not drawn (it is outside
    any ``<text>``), but the words the link shows read apart, as they look, when its text is taken
    whole (by axe-core's "label in name" check, or a copy and paste)."""
    return " ".join(lines)


def _arrow(x1: float, y1: float, x2: float, y2: float, strength: str, head: bool = True) -> str:
    """A leg's arrow from (x1, y1) to (x2, y2); without ``head``, a line joining the two boxes."""
    cls = STRENGTH_CLASSES[strength]
    end = y2 - 9 if head else y2
    d = f"M{num(x1)} {num(y1)}C{num(x1)} {num((y1 + y2) / 2)} {num(x2)} {num((y1 + y2) / 2)} {num(x2)} {num(end)}"
    line = el("path", {"d": d, "class": f"ea-flow-line {cls}"})
    if strength == "corroborated":  # a double line: a thinner line of the page colour inside a thick one
        line += el("path", {"d": d, "class": "ea-flow-inner"})
    if not head:
        return line
    tip = f"M{num(x2 - 6)} {num(y2 - 10)}L{num(x2)} {num(y2)}L{num(x2 + 6)} {num(y2 - 10)}Z"
    return line + el("path", {"d": tip, "class": "ea-flow-head"})


def _leg_words(e: Edge, names: dict[str, str], say: Words = None) -> str:
    """The label's link name: what it shows (mechanism, goods, strength), then what it is."""
    strength = _say(say, STRENGTH_WORDS[e.strength])
    said = {"how": e.mechanism, "source": names[e.source], "target": names[e.target], "strength": strength}
    if e.goods:
        return _say(say, LEG_OF) % {**said, "goods": ", ".join(e.goods)}
    return _say(say, LEG) % said


def _label_texts(e: Edge, say: Words) -> list[tuple[str, str, float]]:
    """(class, text, size) of what a leg's label says: how, the goods, the strength."""
    strength = _say(say, STRENGTH_WORDS[e.strength])
    goods = [("ea-flow-goods", ", ".join(e.goods), SMALL_SIZE)] if e.goods else []
    return [
        ("ea-flow-mech", e.mechanism, LABEL_SIZE),
        *goods,
        ("ea-flow-goods", strength[:1].upper() + strength[1:], SMALL_SIZE),
    ]


def _label_lines(e: Edge, width: float, say: Words) -> list[tuple[str, str, float]]:
    return [(cls, t, size) for cls, said, size in _label_texts(e, say) for t in wrap(said, size, width)]


def _label_size(e: Edge, width: float, say: Words) -> tuple[float, float]:
    """Height and width of a leg's label."""
    lines = _label_lines(e, width, say)
    return sum(s * 1.2 for _, _, s in lines) + 4, max(text_width(t, s) for _, t, s in lines)


def _label(e: Edge, x: float, y: float, width: float, names: dict[str, str], say: Words = None) -> str:
    """The leg's label, as a link to its evidence, over a box a finger can hit."""
    lines = _label_lines(e, width, say)
    height, wide = _label_size(e, width, say)
    hit = max(height, TARGET)
    parts = [
        el(
            "rect",
            {
                "x": num(x - 4),
                "y": num(y + (height - hit) / 2),
                "width": num(max(wide, TARGET - 8) + 8),
                "height": num(hit),
                "class": "ea-flow-hit",
                "fill": "transparent",
            },
        )
    ]
    baseline, shown = y, []
    for cls, line, size in lines:
        baseline += size * 1.2
        attrs = {"x": num(x), "y": num(baseline - 1), "class": cls, "font-size": num(size)}
        shown.append(el("text", attrs, text(line)))
    parts.append(_spaced(shown))
    drawn = [(said, wrap(said, size, width)) for _, said, size in _label_texts(e, say)]
    name = link_name(_leg_words(e, names, say), drawn)
    return el("a", {"href": e.href, "class": "ea-flow-leg", "aria-label": name}, "".join(parts))


def _legend(strengths: list[str], y: float, width: float, say: Words = None) -> tuple[str, float]:
    title = wrap(_say(say, LEGEND_TITLE), KIND_SIZE, width)
    parts = [
        el("text", {"x": 0, "y": num(y + 15 * (i + 1)), "class": "ea-flow-kind", "font-size": num(KIND_SIZE)}, text(t))
        for i, t in enumerate(title)
    ]
    x = 0.0
    y += 15 * len(title) + 10
    for s in strengths:
        words = _say(say, STRENGTH_WORDS[s])
        w = 46 + text_width(words, SMALL_SIZE)
        if x and x + w > width:
            x, y = 0.0, y + 22
        parts.append(_arrow_sample(x, y + 8, s))
        attrs = {"x": num(x + 40), "y": num(y + 13), "class": "ea-flow-goods", "font-size": num(SMALL_SIZE)}
        parts.append(el("text", attrs, text(words)))
        x += w + 16
    return el("g", {"class": "ea-flow-legend"}, "".join(parts)), y + 24


def _arrow_sample(x: float, y: float, strength: str) -> str:
    d = f"M{num(x)} {num(y)}H{num(x + 32)}"
    out = el("path", {"d": d, "class": f"ea-flow-line {STRENGTH_CLASSES[strength]}"})
    if strength == "corroborated":
        out += el("path", {"d": d, "class": "ea-flow-inner"})
    return out


# ---- layouts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Drawing:
    nodes: Sequence[Node]
    edges: Sequence[Edge]
    names: dict[str, str]
    ends: set[str]
    highlight: frozenset[str]
    say: Words


def _column(d: _Drawing, order: list[Node], edges: Sequence[Edge], lay: Layout, y: float) -> tuple[list[str], float]:
    """One route in a column from ``y`` down; returns its parts and where it ends."""
    label_w = lay.width - lay.label_x - 6
    by_pair = {(e.source, e.target): e for e in edges}
    last = ends(edges)  # of this route: a node it shares with another may go on in that one
    arrows, labels, boxes = [], [], []
    for i, n in enumerate(order):
        lines = _box_lines(n, n.id in last, lay.node_w, d.say)
        boxes.append(_box(n, lay.box_x, y, lay.node_w, lines, n.id in d.highlight, d.say))
        y += _box_height(lines)
        if i + 1 < len(order):
            e = by_pair[(n.id, order[i + 1].id)]
            height, _ = _label_size(e, label_w, d.say)
            gap = max(GAP, height + 20)
            x = lay.box_x + lay.arrow_x
            arrows.append(_arrow(x, y, x, y + gap, e.strength, head=not e.partners))
            labels.append(_label(e, lay.label_x, y + (gap - height) / 2, label_w, d.names, d.say))
            y += gap
    return arrows + labels + boxes, y


def _single(d: _Drawing, lay: Layout, pieces: list[tuple[list[Node], list[Edge]]]) -> tuple[list[str], float]:
    """Each route's column, one below the other, with a rule between them."""
    parts: list[str] = []
    y = 4.0
    for i, (order, edges) in enumerate(pieces):
        if i:
            parts.append(el("path", {"d": f"M0 {num(y + 14)}H{num(lay.width)}", "class": "ea-flow-rule"}))
            y += 28
        drawn, y = _column(d, order, edges, lay, y)
        parts += drawn
    return parts, y


def _grid(d: _Drawing) -> tuple[list[str], float, float]:
    """Several routes side by side, labels on the arrows; returns the parts, height and width."""
    nodes, edges = d.nodes, d.edges
    rank = _ranks(nodes, edges)
    col = _columns(nodes, edges, rank)
    lines = {n.id: _box_lines(n, n.id in d.ends, GRID_NODE_W, d.say) for n in nodes}
    rows = sorted(set(rank.values()))
    row_h = {r: max(_box_height(lines[n.id]) for n in nodes if rank[n.id] == r) for r in rows}
    gap = dict.fromkeys(rows, float(GAP))
    label_w = COL - 24
    sizes = {id(e): _label_size(e, label_w, d.say) for e in edges}
    for e in edges:
        gap[rank[e.target] - 1] = max(gap.get(rank[e.target] - 1, GAP), sizes[id(e)][0] + 40)
    top, y = {}, 4.0
    for r in rows:
        top[r] = y
        y += row_h[r] + gap[r]
    x_of = {nid: 4 + c * COL for nid, c in col.items()}
    on = {n.id: {e.route for e in edges if n.id in (e.source, e.target)} for n in nodes}

    def label_x(e: Edge) -> float:
        # in the column of the leg's end that is on fewer routes (the target's on a tie), so the
        # labels of legs meeting at a shared node sit in their own routes' columns, not on each other
        lane = e.source if len(on[e.source]) < len(on[e.target]) else e.target
        return x_of[lane] + GRID_NODE_W / 2 + 10

    width = max([max(col.values()) * COL + GRID_NODE_W + 8, *(label_x(e) + sizes[id(e)][1] + 6 for e in edges)])
    parts = []
    for e in sorted(edges, key=lambda e: (rank[e.source], x_of[e.source], e.source, e.target)):
        x1, y1 = x_of[e.source] + GRID_NODE_W / 2, top[rank[e.source]] + _box_height(lines[e.source])
        x2, y2 = x_of[e.target] + GRID_NODE_W / 2, top[rank[e.target]]
        parts.append(_arrow(x1, y1, x2, y2, e.strength, head=not e.partners))
        parts.append(_label(e, label_x(e), y2 - 18 - sizes[id(e)][0], label_w, d.names, d.say))
    for n in sorted(nodes, key=lambda n: (rank[n.id], x_of[n.id], n.id)):
        parts.append(_box(n, x_of[n.id], top[rank[n.id]], GRID_NODE_W, lines[n.id], n.id in d.highlight, d.say))
    return parts, y - gap[rows[-1]], width


def _pieces(d: _Drawing) -> list[tuple[list[Node], list[Edge]]] | None:
    """Each route as a chain of nodes with its legs, and each node on no leg alone; None if a
    route branches."""
    out = []
    by_id = {n.id: n for n in d.nodes}
    for route in sorted({e.route for e in d.edges}):
        legs = [e for e in d.edges if e.route == route]
        ids = dict.fromkeys(nid for e in legs for nid in (e.source, e.target))
        order = _chain([by_id[i] for i in ids], legs)
        if order is None:
            return None
        out.append((order, legs))
    linked = {nid for e in d.edges for nid in (e.source, e.target)}
    return out + [([n], []) for n in d.nodes if n.id not in linked]


def _draw(d: _Drawing, narrow: bool, title: str, desc: str, prefix: str) -> str | None:
    """The wide or the narrow drawing (None: no narrow one, a route branches)."""
    pieces = _pieces(d)
    if narrow and pieces is None:
        return None
    grid = None if narrow or (pieces is not None and len(pieces) == 1) else _grid(d)
    if grid is not None and (pieces is None or grid[2] <= WIDE.width):
        parts, bottom, width = grid
    else:  # one route; or routes too many to stand side by side at full size: one below the other
        lay = NARROW if narrow else WIDE
        parts, bottom = _single(d, lay, pieces or [])
        width = lay.width
    used = [s for s in STRENGTH_CLASSES if any(e.strength == s for e in d.edges)]
    legend, height = _legend(used, bottom + 16, width, d.say)
    cls = (
        "ea-flow ea-flow--narrow"
        if narrow
        else ("ea-flow ea-flow--wide" if pieces is not None else "ea-flow ea-flow--only")
    )
    svg = root(width, height, title, desc, "".join(parts) + legend, prefix, cls)
    # drawn one unit to one CSS pixel at most (the CSS lets it shrink on a narrower screen)
    return svg.replace("<svg ", f'<svg width="{num(width)}" height="{num(height)}" ', 1)


def draw_flow(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    title: str,
    desc: str,
    prefix: str,
    highlight: frozenset[str] = frozenset(),
    words: Words = None,
    narrow: bool = False,
) -> str | None:
    """One drawing of the routes: the wide one, or the narrow one (None when a route branches)."""
    if not nodes:
        raise ValueError("a flow diagram needs at least one node")
    d = _Drawing(nodes, edges, {n.id: n.label for n in nodes}, ends(edges), highlight, words)
    return _draw(d, narrow, title, desc, prefix)


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
    """The wide drawing of the routes, followed by the narrow one for phones where there is one;
    the page's CSS shows one of them. ``words`` gives their words (``WORDS``) in the page's
    language."""
    kw = {"title": title, "desc": desc, "highlight": highlight, "words": words}
    wide = draw_flow(nodes, edges, prefix=prefix, **kw)  # type: ignore[arg-type]
    narrow = draw_flow(nodes, edges, prefix=f"{prefix}-phone", narrow=True, **kw)  # type: ignore[arg-type]
    return (wide or "") + (narrow or "")
