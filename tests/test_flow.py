"""Export routes as flow diagrams: layout top to bottom, links with accessible names, the strength
of each leg drawn by line shape, text kept inside its room, escaping, determinism; where the goods
end up; and in a browser, on a phone and a wide screen, texts of 12 px or more and links a finger
can tap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from browsing import PHONE
from readable_drawings import hard_to_tap, label_in_name, shown, too_small

from build_tools.pages.visual import flow
from build_tools.pages.visual.flow import (
    END,
    LABEL_SIZE,
    SMALL_SIZE,
    Edge,
    Node,
    draw_flow,
    render_flow,
)
from build_tools.pages.visual.svg import text_width

NS = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parent.parent
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
    """The wide drawing (``narrow=True``: the one for phones)."""
    out = draw_flow(nodes, edges, title="Export route", desc="Who hands what to whom", prefix="fl", **kw)  # type: ignore[arg-type]
    assert out is not None
    return out


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
    return ["".join(t.itertext()).rstrip(" ") for t in e.iter(f"{NS}text") if cls is None or cls in classes(t)]


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
    sizes = [LABEL_SIZE if "ea-flow-mech" in classes(t) else SMALL_SIZE for t in ts]
    left = min(fl(t, "x") for t in ts)
    right = max(fl(t, "x") + text_width("".join(t.itertext()).rstrip(), s) for t, s in zip(ts, sizes, strict=True))
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


def curated(words: str) -> str:
    """Text as axe-core's "label in name" rule compares it: lower case, no punctuation, one space."""
    return " ".join(re.sub(r"[^\w\s]", " ", words.lower()).split())


def shown_in_name(a: ET.Element) -> bool:
    """Whether the link's name holds the words it shows, in their order (WCAG 2.5.3)."""
    return curated(" ".join(texts(a))) in curated(a.get("aria-label", ""))


def test_each_box_links_to_its_record_with_an_accessible_name() -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE)
    got = boxes(svg)
    assert sorted(got) == ["../camp-a/", "../firm/", "../market/", "../trader/"]
    assert got["../trader/"].get("aria-label") == "Trading company: Korea Trading Co."
    assert texts(got["../trader/"]) == ["TRADING COMPANY", "Korea Trading Co."]


def test_each_leg_label_links_to_its_evidence_and_says_it_in_words() -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE)
    got = legs(svg)
    assert sorted(got) == ["#leg-camp-a-trader", "#leg-firm-market", "#leg-trader-firm"]
    # mechanism, goods, how well the leg is evidenced, from, to
    assert got["#leg-camp-a-trader"].get("aria-label") == (
        "Outsourced production: wigs, false eyelashes; one source. Evidence for the step from Camp A to Korea Trading Co."
    )
    assert got["#leg-trader-firm"].get("aria-label") == (
        "Outward processing trade: wigs; two or more independent sources."
        " Evidence for the step from Korea Trading Co. to Dandong Firm"
    )
    # no goods: none named
    assert got["#leg-firm-market"].get("aria-label") == (
        "Relabelling of origin; no cited evidence. Evidence for the step from Dandong Firm to Global market"
    )
    # what the eye reads says the same
    assert texts(got["#leg-camp-a-trader"]) == ["Outsourced production", "wigs, false eyelashes", "One source"]


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
def test_every_link_names_the_words_it_shows_and_is_big_enough_for_a_finger(narrow: bool) -> None:
    svg = draw([CAMP, TRADER, FIRM, OTHER, MARKET], TWO_ROUTES, narrow=narrow)
    found = list(svg.iter(f"{NS}a"))
    assert len(found) == 5 + 4 + (1 if narrow else 0)  # on a phone the firm is drawn in each route
    for a in found:
        assert shown_in_name(a), (a.get("aria-label"), texts(a))
        (box,) = [r for r in a.iter(f"{NS}rect") if classes(r) & {"ea-flow-box", "ea-flow-hit"}]
        assert fl(box, "width") >= 24 and fl(box, "height") >= 24, a.get("href")


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


def heads(svg: ET.Element) -> list[ET.Element]:
    return [p for p in svg.iter(f"{NS}path") if "ea-flow-head" in classes(p)]


def partnered(edges: list[Edge], pair: tuple[str, str]) -> list[Edge]:
    """The same legs, the one from pair[0] to pair[1] between partners."""
    return [replace(e, partners=(e.source, e.target) == pair) for e in edges]


@pytest.mark.parametrize(
    ("edges", "narrow"),
    [(ONE_ROUTE, False), (ONE_ROUTE, True), (TWO_ROUTES, False)],
    ids=["one route", "phone", "routes side by side"],
)
def test_a_leg_between_partners_is_a_line_with_no_arrowhead(edges: list[Edge], narrow: bool) -> None:
    nodes = [CAMP, TRADER, FIRM, OTHER, MARKET]
    plain = draw(nodes, edges, narrow=narrow)
    svg = draw(nodes, partnered(edges, ("trader", "firm")), narrow=narrow)
    # one arrowhead fewer; the line is still drawn, in the style of its evidence, and reaches the box
    assert len(heads(svg)) == len(heads(plain)) - 1
    assert [classes(p) for p in lines(svg)] == [classes(p) for p in lines(plain)]
    ends_at = {p.get("d", "").rsplit(" ", 1)[-1] for p in lines(svg)} - {
        p.get("d", "").rsplit(" ", 1)[-1] for p in lines(plain)
    }
    (end,) = ends_at
    firm_top = fl(rect(boxes(svg)["../firm/"]), "y")
    assert float(end) == pytest.approx(firm_top, abs=1)
    # its label still says what joins the two, and links to the evidence
    assert "#leg-trader-firm" in legs(svg)


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


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
def test_a_long_kind_or_name_stays_inside_its_box(narrow: bool) -> None:
    long_kind = Node("org", "Short", "State trading company with export permits and more besides", "../org/")
    long_name = Node(
        "work",
        "Women's production workshop of the Kaechon correctional camp, making wigs and eyelashes for export"
        " to China and on to buyers around the world",
        "Work team",
        "../team/",
    )
    one_word = Node(
        "word", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Camp", "../word/"
    )
    svg = draw([long_kind, long_name, one_word], [edge(long_name, long_kind), edge(long_kind, one_word)], narrow=narrow)
    for a in boxes(svg).values():
        r = rect(a)
        left, right = fl(r, "x"), fl(r, "x") + fl(r, "width")
        bottom = fl(r, "y") + fl(r, "height")
        for t in a.iter(f"{NS}text"):
            assert left < fl(t, "x")
            assert fl(t, "x") + text_width("".join(t.itertext()).rstrip(), fl(t, "font-size")) <= right
            assert fl(r, "y") < fl(t, "y") < bottom
        # what is cut short is cut at the end, so the link's name still holds what shows (but for
        # a word too long for a line, which is broken inside)
        assert shown_in_name(a) or a.get("href") == "../word/", a.get("aria-label")
    kind = texts(boxes(svg)["../org/"], "ea-flow-kind")
    assert " ".join(kind) == long_kind.kind.upper()  # a kind is never cut: it wraps
    name = texts(boxes(svg)["../team/"], "ea-flow-name")
    assert len(name) == 3 and name[-1].endswith("…")
    # the full name is still there for a screen reader
    assert boxes(svg)["../team/"].get("aria-label", "").endswith(long_name.label)
    assert "".join(texts(boxes(svg)["../word/"], "ea-flow-name")) == one_word.label


def words(s: str) -> list[str]:
    """As axe-core's "label in name" compares them: whole words, punctuation and case set aside."""
    return re.findall(r"[^\W_]+", s.casefold())


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
def test_a_word_broken_or_cut_begins_the_links_name_as_it_shows(narrow: bool) -> None:
    """axe-core compares whole words: a box's name broken inside a word or cut with "…", or a
    leg's goods broken across lines, begin the link's name as drawn; then the whole follows."""
    word = "Supercalifragilistic" * 6
    team = Node("team", f"@SUM(1) ⟦team name⟧: </title> {word} and more words " * 3, "Work team", "../team/")
    leg = edge(CAMP, team, goods=(f"*** ⟦product⟧ {word}",))
    svg = draw([CAMP, team], [leg], narrow=narrow)
    for a, whole in ((boxes(svg)["../team/"], team.label), (legs(svg)[leg.href], word)):
        drawn, name = " ".join(texts(a)), a.get("aria-label", "")
        assert word not in drawn  # broken or cut
        assert name.startswith(drawn + " ") and whole in name[len(drawn) :]
    for a in [*boxes(svg).values(), *legs(svg).values()]:  # every link: its words first, as shown
        shown = words(" ".join(texts(a)))
        assert words(a.get("aria-label", ""))[: len(shown)] == shown, (texts(a), a.get("aria-label"))
    assert boxes(svg)["../camp-a/"].get("aria-label") == "Camp: Camp A"  # a box drawn whole: as it was


# ---- escaping, determinism, odd input ---------------------------------------------------------------

HOSTILE = "</svg><script>alert(1)</script>"


def test_hostile_labels_are_text_never_markup() -> None:
    bad = Node("bad", HOSTILE, 'Kind "A" & <B>', "../bad/?a=1&b='2'\"")
    tricky = Edge("camp-a", "bad", 0, "Export & <re>export", ('goods "quoted"', HOSTILE), "single", '#leg"1')
    out = render_flow(
        [CAMP, bad], [tricky], title=f"Route {HOSTILE}", desc="A & B", prefix="fl", highlight=frozenset({"bad"})
    )
    assert "<script" not in out
    both = ET.fromstring(f"<div>{out}</div>")
    assert len(both) == 2  # the wide drawing and the phone's
    for svg in both:
        box = boxes(svg)["../bad/?a=1&b='2'\""]
        assert box.get("aria-label") == f'{flow.END}: Kind "A" & <B>: {HOSTILE}'
        (label,) = legs(svg).values()
        assert label.get("href") == '#leg"1'
        assert label.get("aria-label", "").startswith('Export & <re>export: goods "quoted", </svg>')
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


# ---- where the goods end up ---------------------------------------------------------------------


def ends_shown(svg: ET.Element) -> dict[str, list[str]]:
    """The boxes marked as a route's end, by href: their words."""
    return {href: texts(a) for href, a in boxes(svg).items() if "ea-flow-end" in classes(a)}


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
def test_the_last_box_of_a_route_says_the_goods_end_up_there(narrow: bool) -> None:
    svg = draw([CAMP, TRADER, FIRM, MARKET], ONE_ROUTE, narrow=narrow)
    (words,) = ends_shown(svg).values()
    assert list(ends_shown(svg)) == [MARKET.href]
    assert " ".join(words).startswith(END.split(",")[0]) and words[-1] == "Global market"
    assert boxes(svg)[MARKET.href].get("aria-label") == f"{END}: Region: Global market"
    # nothing is drawn past it
    market = rect(boxes(svg)[MARKET.href])
    assert all(fl(rect(a), "y") < fl(market, "y") for href, a in boxes(svg).items() if href != MARKET.href)


def test_each_route_of_several_has_its_own_end_on_a_phone() -> None:
    # route 1 hands its goods to the firm and its source follows them no further; route 0 goes on
    wide = draw([CAMP, TRADER, FIRM, OTHER, MARKET], TWO_ROUTES)
    assert list(ends_shown(wide)) == ["../market/"]  # side by side, the firm's box has an arrow going on
    narrow = draw([CAMP, TRADER, FIRM, OTHER, MARKET], TWO_ROUTES, narrow=True)
    drawn = [
        (a.get("href"), "ea-flow-end" in classes(a)) for a in narrow.iter(f"{NS}a") if "ea-flow-node" in classes(a)
    ]
    # on a phone the routes come one below the other: the firm ends route 1, not route 0
    assert drawn == [
        ("../camp-a/", False),
        ("../trader/", False),
        ("../firm/", False),
        ("../market/", True),
        ("../camp-b/", False),
        ("../firm/", True),
    ]
    assert ends_shown(draw([CAMP, TRADER], [edge(CAMP, TRADER), edge(TRADER, CAMP)])) == {}  # a loop has no end


def records(kind: str) -> dict[str, dict[str, object]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "sources" / kind).glob("*.yaml")}


@pytest.mark.parametrize("route", sorted(records("routes")))
def test_the_archives_route_diagrams_name_the_final_destination_its_sources_give(route: str) -> None:
    """Each route in the archive drawn from its record: the box marked as where the goods end up is
    the last leg's destination, named as its record names it, and no other box is marked."""
    legs = records("routes")[route]["legs"]
    assert isinstance(legs, list)
    named = {
        rid: str(rec["name"])
        for kind in ("places", "organizations", "camps", "teams")
        for rid, rec in records(kind).items()
    }
    ids = list(dict.fromkeys(i for leg in legs for i in (leg["from"], leg["to"])))
    nodes = [Node(i, named[i], "Record", f"../{i}/") for i in ids]
    edges = [
        Edge(leg["from"], leg["to"], 0, leg["mechanism"], (), "single", f"#leg-{n}") for n, leg in enumerate(legs, 1)
    ]
    last = legs[-1]["to"]
    for narrow in (False, True):
        end = ends_shown(draw(nodes, edges, narrow=narrow))
        assert list(end) == [f"../{last}/"]
        assert end[f"../{last}/"][-1] == named[last]


# ---- in a browser, on a phone -----------------------------------------------------------------------

PHONE_PAGES = ["/routes/route-0001/", "/camps/chongori/", "/ko/routes/route-0001/", "/ko/camps/chongori/"]


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_on_a_phone_the_route_diagram_is_readable_tappable_and_names_where_the_goods_end_up(
    phone: Any, base_url: str, path: str
) -> None:
    phone.goto(base_url + path)
    (drawing,) = shown(phone, "figure.ea-visual-flow svg")
    assert "ea-flow--narrow" in drawing["cls"]
    assert drawing["box"][2] <= PHONE["width"] and drawing["page"] <= PHONE["width"] + 1, "it runs off the screen"
    assert too_small(drawing) == [], f"{path}: texts under 12 px on a phone"
    assert hard_to_tap(drawing) == [], f"{path}: links under 24 x 24 px"
    # the route's last destination, as its record names it, is marked as where the goods end up
    route = records("routes")["route-0001"]
    last = route["legs"][-1]["to"]  # type: ignore[index]
    place = records("places")[last]
    name = place["name_ko"] if path.startswith("/ko/") else place["name"]
    (end,) = [a for a in drawing["links"] if "ea-flow-end" in a["cls"]]
    assert end["shown"].endswith(str(name)) and end["name"].endswith(str(name))
    assert label_in_name(phone, "figure.ea-visual-flow") == []


def test_on_a_wide_screen_the_route_diagram_uses_its_width(desktop: Any, base_url: str) -> None:
    desktop.goto(base_url + "/routes/route-0001/")
    (drawing,) = shown(desktop, "figure.ea-visual-flow svg")
    column = desktop.evaluate("() => document.querySelector('.md-content .md-typeset').getBoundingClientRect().width")
    left, _, right, _ = drawing["box"]
    assert right - left >= 0.9 * column, "a small drawing in a wide column"
    drawn = max(box[2] for box in drawing["marks"]) - min(box[0] for box in drawing["marks"])
    assert drawn >= 0.8 * (right - left), "the drawing leaves much of its width empty"
    assert too_small(drawing) == [] and hard_to_tap(drawing) == []
    assert label_in_name(desktop, "figure.ea-visual-flow") == []


@pytest.mark.parametrize(
    ("page", "partnership", "caption"),
    [
        ("routes/route-0001/index.html", "Business partnership", "A line with no arrowhead joins partners"),
        ("ko/routes/route-0001/index.html", "사업 협력", "화살촉이 없는 선은 서로 협력하는 두 주체를 잇습니다"),
    ],
    ids=["en", "ko"],
)
def test_the_archives_partnership_legs_say_so_and_have_no_arrowhead(
    site: Path, page: str, partnership: str, caption: str
) -> None:
    """route-0001's first two legs are a partnership through Rason, not goods passing: in each
    drawing of the route (wide and phone) they are labelled so, in the page's language, and drawn
    with no arrowhead; the caption says what such a line means, and the path in words has no arrow
    between partners either."""
    html = (site / page).read_text(encoding="utf-8")
    drawings = re.findall(r'<svg [^>]*class="ea-flow[ "].*?</svg>', html, re.S)
    assert len(drawings) == 2
    for found in drawings:
        svg = ET.fromstring(found)
        said = [texts(a, "ea-flow-mech")[0] for a in legs(svg).values()]
        assert said[:2] == [partnership, partnership] and partnership not in said[2:]
        assert len(heads(svg)) == len(said) - 2
    assert html.count(caption) == 1
    # and the path in words, above it: the partners joined by a dash, the goods' steps by arrows
    intro = html[html.index('class="ea-intro"') :]
    path = intro[: intro.index("</p>")]
    assert re.findall(r"</a>\s*([—→])\s*<a", path) == ["—", "—", "→", "→", "→"]
