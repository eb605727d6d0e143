"""Export routes as flow diagrams: layout top to bottom, links with accessible names, the strength
of each leg drawn by line shape, text kept inside its room, escaping, determinism."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import combinations, pairwise

import pytest

from build_tools.visual.flow import KIND_SIZE, LABEL_SIZE, NAME_SIZE, Edge, Node, render_flow
from build_tools.visual.svg import text_width

NS = "{http://www.w3.org/2000/svg}"
CAMP = Node("camp-a", "Camp A", "Camp", "../camp-a/")
TRADER = Node("trader", "Korea Trading Co.", "Trading company", "../trader/")
FIRM = Node("firm", "Dandong Firm", "Chinese firm", "../firm/")
MARKET = Node("market", "Global market", "Region", "../market/")


def edge(
    source: Node,
    target: Node,
    route: int = 0,
    strength: str = "single",
    mechanism: str = "Export",
    goods: tuple[str, ...] = ("wigs",),
) -> Edge:
    return Edge(source.id, target.id, route, mechanism, goods, strength, f"#leg-{source.id}-{target.id}")


def svg_of(nodes: list[Node], edges: list[Edge], **kw: object) -> str:
    return render_flow(nodes, edges, title="Export route", desc="Who hands what to whom", prefix="fl", **kw)  # type: ignore[arg-type]


def draw(nodes: list[Node], edges: list[Edge], **kw: object) -> ET.Element:
    return ET.fromstring(svg_of(nodes, edges, **kw))


def classes(e: ET.Element) -> set[str]:
    return set(e.get("class", "").split())


def fl(e: ET.Element, name: str) -> float:
    return float(e.get(name, "nan"))


def boxes(svg: ET.Element) -> dict[str, ET.Element]:
    """Each node's link, by its href."""
    found = [a for a in svg.iter(f"{NS}a") if "ea-flow-node" in classes(a)]
    hrefs = [a.get("href", "") for a in found]
    assert len(hrefs) == len(set(hrefs)), "a node is drawn more than once"
    return dict(zip(hrefs, found, strict=True))


def rect(a: ET.Element) -> ET.Element:
    (r,) = a.iter(f"{NS}rect")
    return r


def legs(svg: ET.Element) -> dict[str, ET.Element]:
    """Each leg's label link, by its href."""
    return {a.get("href", ""): a for a in svg.iter(f"{NS}a") if "ea-flow-leg" in classes(a)}


def texts(e: ET.Element, cls: str | None = None) -> list[str]:
    return ["".join(t.itertext()) for t in e.iter(f"{NS}text") if cls is None or cls in classes(t)]


def lines(svg: ET.Element) -> list[ET.Element]:
    """The arrows' lines, outside the legend."""
    legend = {id(p) for g in svg.iter(f"{NS}g") for p in g.iter(f"{NS}path")}
    return [p for p in svg.iter(f"{NS}path") if id(p) not in legend and classes(p) & {"ea-flow-line", "ea-flow-inner"}]


def legend(svg: ET.Element) -> ET.Element:
    (g,) = (g for g in svg.iter(f"{NS}g") if "ea-flow-legend" in classes(g))
    return g


def view_width(svg: ET.Element) -> float:
    return float(svg.get("viewBox", "").split()[2])


def label_extent(a: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a leg's label, by the estimated widths of its lines."""
    ts = list(a.iter(f"{NS}text"))
    sizes = [LABEL_SIZE if "ea-flow-mech" in classes(t) else LABEL_SIZE - 1.5 for t in ts]
    left = min(fl(t, "x") for t in ts)
    right = max(fl(t, "x") + text_width("".join(t.itertext()), s) for t, s in zip(ts, sizes, strict=True))
    return left, fl(ts[0], "y") - LABEL_SIZE, right, fl(ts[-1], "y")


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# ---- one route ------------------------------------------------------------------------------------

ONE_ROUTE = [
    edge(CAMP, TRADER, mechanism="Outsourced production", goods=("wigs", "false eyelashes")),
    edge(TRADER, FIRM, strength="corroborated", mechanism="Outward processing trade"),
    edge(FIRM, MARKET, strength="uncited", mechanism="Relabelling of origin", goods=()),
]


def test_one_route_is_one_column_in_the_order_of_its_legs() -> None:
    # the nodes given in another order: the legs decide the order on the page
    svg = draw([MARKET, FIRM, CAMP, TRADER], ONE_ROUTE)
    got = boxes(svg)
    column = [rect(got[n.href]) for n in (CAMP, TRADER, FIRM, MARKET)]
    assert len({fl(r, "x") for r in column}) == 1
    for upper, lower in pairwise(column):
        assert fl(upper, "y") + fl(upper, "height") < fl(lower, "y")


def test_each_box_links_to_its_record_with_an_accessible_name() -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE)
    got = boxes(svg)
    assert sorted(got) == ["../camp-a/", "../firm/", "../market/", "../trader/"]
    assert got["../trader/"].get("aria-label") == "Korea Trading Co. (Trading company)"
    assert texts(got["../trader/"]) == ["TRADING COMPANY", "Korea Trading Co."]


def test_each_leg_label_links_to_its_evidence_and_says_it_in_words() -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE)
    got = legs(svg)
    assert sorted(got) == ["#leg-camp-a-trader", "#leg-firm-market", "#leg-trader-firm"]
    # mechanism, goods, from, to, and how well the leg is evidenced
    assert got["#leg-camp-a-trader"].get("aria-label") == (
        "Evidence: Outsourced production of wigs, false eyelashes, from Camp A to Korea Trading Co.: one source"
    )
    assert got["#leg-trader-firm"].get("aria-label") == (
        "Evidence: Outward processing trade of wigs, from Korea Trading Co. to Dandong Firm:"
        " two or more independent sources"
    )
    # no goods: none named
    assert got["#leg-firm-market"].get("aria-label") == (
        "Evidence: Relabelling of origin, from Dandong Firm to Global market: no cited evidence"
    )
    # what the eye reads says the same
    assert texts(got["#leg-camp-a-trader"]) == ["Outsourced production", "wigs, false eyelashes", "One source"]


def test_one_route_has_its_labels_beside_the_arrows_between_their_boxes() -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE)
    got, labels = boxes(svg), legs(svg)
    for source, target in pairwise([CAMP, TRADER, FIRM, MARKET]):
        label = label_extent(labels[f"#leg-{source.id}-{target.id}"])
        upper = rect(got[source.href])
        assert label[0] > fl(upper, "x") + fl(upper, "width")  # right of the column
        assert label[2] <= view_width(svg)
        # between the two boxes, beside the arrow joining them
        assert fl(upper, "y") + fl(upper, "height") < label[1] < label[3] < fl(rect(got[target.href]), "y")


# ---- several routes -------------------------------------------------------------------------------

# Route 0: camp A -> trader -> firm -> market; route 1: camp B straight to the same firm.
OTHER = Node("camp-b", "Camp B", "Camp", "../camp-b/")
OTHER_END = Node("online", "Internet sales platforms", "Company", "../online/")
TWO_ROUTES = [
    edge(CAMP, TRADER, 0, mechanism="Outsourced production", goods=("wigs", "false eyelashes")),
    edge(TRADER, FIRM, 0, strength="corroborated", mechanism="Outward processing trade"),
    edge(OTHER, FIRM, 1, mechanism="Outward processing trade", goods=("knitwear", "wigs")),
    edge(FIRM, MARKET, 0, mechanism="Relabelling of origin"),
]


def test_a_node_shared_by_two_routes_is_drawn_once_between_them() -> None:
    svg = draw([CAMP, TRADER, FIRM, OTHER, MARKET], TWO_ROUTES)
    got = boxes(svg)
    assert len(got) == 5
    x = {n.id: fl(rect(got[n.href]), "x") for n in (CAMP, TRADER, FIRM, OTHER, MARKET)}
    assert x["camp-a"] == x["trader"] == x["market"] < x["camp-b"]
    assert x["camp-a"] < x["firm"] < x["camp-b"]


def test_rows_follow_the_longest_chain_of_legs() -> None:
    svg = draw([CAMP, TRADER, FIRM, OTHER, MARKET], TWO_ROUTES)
    got = boxes(svg)
    y = {n.id: fl(rect(got[n.href]), "y") for n in (CAMP, TRADER, FIRM, OTHER, MARKET)}
    # camp B hands straight to the firm, yet starts its route: the top row, beside camp A
    assert y["camp-b"] == y["camp-a"] < y["trader"] < y["firm"] < y["market"]


def test_labels_of_several_routes_stay_apart_and_inside_the_drawing() -> None:
    # two legs meet at the shared firm, and two leave it: their labels share the room above it
    split = [*TWO_ROUTES, edge(FIRM, OTHER_END, 1, mechanism="Sale on online platforms", goods=("knitwear",))]
    svg = draw([CAMP, TRADER, FIRM, OTHER, MARKET, OTHER_END], split)
    extents = {href: label_extent(a) for href, a in legs(svg).items()}
    assert len(extents) == 5
    for (ha, a), (hb, b) in combinations(extents.items(), 2):
        assert not overlap(a, b), f"the labels of {ha} and {hb} overlap"
    for href, (left, _top, right, _bottom) in extents.items():
        assert left >= 0 and right <= view_width(svg), f"the label of {href} runs out of the drawing"
    for node, a in boxes(svg).items():
        r = rect(a)
        box = (fl(r, "x"), fl(r, "y"), fl(r, "x") + fl(r, "width"), fl(r, "y") + fl(r, "height"))
        assert box[2] <= view_width(svg)
        for href, label in extents.items():
            assert not overlap(box, label), f"the label of {href} covers the box of {node}"


# ---- strength of evidence, by line shape -----------------------------------------------------------


def test_strength_is_drawn_by_the_shape_of_the_line() -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE)
    drawn = lines(svg)
    by_class = [sorted(classes(p)) for p in drawn]
    # one source: one solid line; two or more: a thick line with a thin one of the page colour
    # inside it (a double line); none: a dotted line
    assert by_class == [
        ["ea-flow-line", "ea-flow-single"],
        ["ea-flow-line", "ea-flow-strong"],
        ["ea-flow-inner"],
        ["ea-flow-line", "ea-flow-none"],
    ]
    assert drawn[1].get("d") == drawn[2].get("d")


def test_the_legend_lists_only_the_strengths_used() -> None:
    svg = draw([CAMP, TRADER, FIRM], [ONE_ROUTE[0], edge(TRADER, FIRM, strength="uncited")])
    g = legend(svg)
    assert texts(g) == ["Evidence for each step:", "one source", "no cited evidence"]
    assert [sorted(classes(p) - {"ea-flow-line"}) for p in g.iter(f"{NS}path")] == [
        ["ea-flow-single"],
        ["ea-flow-none"],
    ]
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE)
    assert texts(legend(svg))[1:] == ["two or more independent sources", "one source", "no cited evidence"]


# ---- highlighting and text in its room ----------------------------------------------------------


def test_a_highlighted_node_is_marked() -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE, highlight=frozenset({"trader"}))
    marked = [href for href, a in boxes(svg).items() if "ea-flow-here" in classes(a)]
    assert marked == ["../trader/"]


def test_a_long_kind_or_name_stays_inside_its_box() -> None:
    long_kind = Node("org", "Short", "State trading company with export permits and more", "../org/")
    long_name = Node(
        "work",
        "Women's production workshop of the Kaechon correctional camp, making wigs and eyelashes for export",
        "Work team",
        "../team/",
    )
    one_word = Node("word", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Camp", "../word/")
    svg = draw([long_kind, long_name, one_word], [edge(long_name, long_kind), edge(long_kind, one_word)])
    for a in boxes(svg).values():
        r = rect(a)
        left, right = fl(r, "x"), fl(r, "x") + fl(r, "width")
        bottom = fl(r, "y") + fl(r, "height")
        for t in a.iter(f"{NS}text"):
            size = KIND_SIZE if "ea-flow-kind" in classes(t) else NAME_SIZE
            assert left < fl(t, "x")
            assert fl(t, "x") + text_width("".join(t.itertext()), size) <= right
            assert fl(r, "y") < fl(t, "y") < bottom
    kind = texts(boxes(svg)["../org/"], "ea-flow-kind")[0]
    assert kind.endswith("…") and kind.startswith("STATE TRADING")
    name = texts(boxes(svg)["../team/"], "ea-flow-name")
    assert len(name) == 3 and name[-1].endswith("…")
    # the full name is still there for a screen reader
    assert boxes(svg)["../team/"].get("aria-label", "").startswith(long_name.label)
    assert "".join(texts(boxes(svg)["../word/"], "ea-flow-name")) == one_word.label


# ---- escaping, determinism, odd input ---------------------------------------------------------------

HOSTILE = "</svg><script>alert(1)</script>"


def test_hostile_labels_are_text_never_markup() -> None:
    bad = Node("bad", HOSTILE, 'Kind "A" & <B>', "../bad/?a=1&b='2'\"")
    tricky = Edge("camp-a", "bad", 0, "Export & <re>export", ('goods "quoted"', HOSTILE), "single", '#leg"1')
    out = render_flow(
        [CAMP, bad], [tricky], title=f"Route {HOSTILE}", desc="A & B", prefix="fl", highlight=frozenset({"bad"})
    )
    assert "<script" not in out
    svg = ET.fromstring(out)
    box = boxes(svg)["../bad/?a=1&b='2'\""]
    assert box.get("aria-label") == f'{HOSTILE} (Kind "A" & <B>)'
    (label,) = legs(svg).values()
    assert label.get("href") == '#leg"1'
    assert label.get("aria-label", "").startswith('Evidence: Export & <re>export of goods "quoted", </svg>')
    assert "".join(svg.find(f"{NS}title").itertext()) == f"Route {HOSTILE}"  # type: ignore[union-attr]


def test_output_is_deterministic() -> None:
    nodes = [CAMP, TRADER, FIRM, OTHER, MARKET]
    assert svg_of(nodes, TWO_ROUTES) == svg_of(list(nodes), list(TWO_ROUTES))
    assert svg_of(nodes, TWO_ROUTES, highlight=frozenset({"firm"})) == svg_of(
        nodes, TWO_ROUTES, highlight=frozenset({"firm"})
    )


def test_a_loop_of_legs_still_renders() -> None:
    svg = draw([CAMP, TRADER], [edge(CAMP, TRADER), edge(TRADER, CAMP, strength="corroborated")])
    assert sorted(boxes(svg)) == ["../camp-a/", "../trader/"]
    assert sorted(legs(svg)) == ["#leg-camp-a-trader", "#leg-trader-camp-a"]


def test_a_node_without_legs_is_still_drawn() -> None:
    svg = draw([CAMP], [])
    assert list(boxes(svg)) == ["../camp-a/"]
    assert texts(legend(svg)) == ["Evidence for each step:"]


def test_no_nodes_is_refused() -> None:
    with pytest.raises(ValueError):
        render_flow([], [], title="t", desc="d", prefix="fl")
