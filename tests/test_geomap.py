"""The region map: what a reader sees and what a screen reader hears, checked on the parsed SVG and,
for its phone and wide drawings, in a browser."""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import PHONE
from readable_drawings import hard_to_tap, label_in_name, overlapping, shown, too_small

from build_tools.pages.visual import labels, mapbase
from build_tools.pages.visual.geomap import draw_map, render_map
from build_tools.pages.visual.labels import place_labels
from build_tools.pages.visual.mapbase import Marker, project

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).parent.parent

CHONGORI = Marker("chongori", "Chongori camp", "../chongori/", 42.20941, 129.7551, "camp", "exact", highlight=True)
PYONGYANG = Marker("pyongyang", "Pyongyang", "../../places/pyongyang/", 39.03, 125.75, "place", "exact")
KAECHON_CITY = Marker("kaechon-city", "Kaechon", "../../places/kaechon/", 39.70, 125.90, "place", "exact")
# The camp's general area, centred about 2.6 km east of the city's dot.
KAECHON = Marker(
    "kaechon",
    "Kaechon camp",
    "../kaechon/",
    39.70,
    125.93,
    "camp",
    "area",
    note="general area: about 2.6 km east of Kaechon city",
)
HOERYONG = Marker("hoeryong", "Hoeryong", "../../places/hoeryong/", 42.44, 129.75, "place", "exact")
RASON = Marker("rason", "Rason", "../../places/rason/", 42.26, 130.30, "place", "approximate")
YODOK = Marker("yodok", "Yodok camp", "../yodok/", 39.75, 126.9, "camp", "approximate")
MARKERS = [CHONGORI, KAECHON, KAECHON_CITY, PYONGYANG, HOERYONG, RASON]


def draw(markers: list[Marker], prefix: str = "map", sheet: mapbase.Sheet = mapbase.WIDE) -> ET.Element:
    """The wide map (``sheet=mapbase.NARROW``: the phone's)."""
    return ET.fromstring(
        draw_map(markers, title="Camps and places", desc="Where they are.", prefix=prefix, sheet=sheet)
    )


def links(svg: ET.Element) -> dict[str, ET.Element]:
    return {a.get("data-record", ""): a for a in svg.iter(f"{NS}a")}


def classes(e: ET.Element) -> set[str]:
    return set((e.get("class") or "").split())


def overlap(a: mapbase.Box, b: mapbase.Box) -> bool:
    return a.overlap(b) > 0


def test_the_map_is_well_formed_and_named_by_its_title_and_description() -> None:
    svg = draw(MARKERS, prefix="fig-map")
    title, desc = svg.find(f"{NS}title"), svg.find(f"{NS}desc")
    assert title is not None and title.text == "Camps and places"
    assert desc is not None and desc.text == "Where they are."
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # It holds links, so it is a named group: as role="img" its links would be hidden from
    # assistive technology.
    assert svg.get("role") == "group"
    width, height = (float(v) for v in svg.get("viewBox", "").split()[2:])
    assert 600 <= width <= 700 and height > 0


def test_the_output_is_one_line_deterministic_and_independent_of_the_markers_order() -> None:
    out = render_map(MARKERS, title="t", desc="d", prefix="m")
    assert "\n" not in out
    assert out == render_map(MARKERS, title="t", desc="d", prefix="m")
    assert out == render_map(list(reversed(MARKERS)), title="t", desc="d", prefix="m")


def test_every_id_comes_from_the_prefix() -> None:
    svg = draw(MARKERS, prefix="fig-7")
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert ids and all(i is not None and i.startswith("fig-7-") for i in ids)
    assert len(ids) == len(set(ids))
    references = re.findall(r"url\(#([^)]+)\)", draw_map(MARKERS, title="t", desc="d", prefix="fig-7"))
    assert references and set(references) <= set(ids)


def test_each_marker_is_a_link_to_its_record_named_with_its_label_precision_and_note() -> None:
    found = links(draw(MARKERS))
    assert set(found) == {m.id for m in MARKERS}
    for m in MARKERS:
        a = found[m.id]
        assert a.get("href") == m.href
        name = a.get("aria-label", "")
        assert m.label in name
        assert mapbase.PRECISION_WORDS[m.precision] in name
        assert "".join(a.itertext()) == m.label  # the label is drawn inside the link
    assert "about 2.6 km east of Kaechon city" in found["kaechon"].get("aria-label", "")
    assert "general area only" in found["kaechon"].get("aria-label", "")


def test_an_exact_camp_is_a_solid_square_exactly_at_its_point() -> None:
    a = links(draw(MARKERS))["chongori"]
    (square,) = [e for e in a.iter(f"{NS}rect") if "ea-map-symbol" in classes(e)]
    cx = float(square.get("x", "")) + float(square.get("width", "")) / 2
    cy = float(square.get("y", "")) + float(square.get("height", "")) / 2
    x, y = project(CHONGORI.lat, CHONGORI.lon)
    assert cx == pytest.approx(x, abs=0.1) and cy == pytest.approx(y, abs=0.1)
    assert not list(a.iter(f"{NS}circle"))  # no ring: the position is exact


def test_the_projection_puts_places_where_they_are() -> None:
    chongori, pyongyang = project(42.20941, 129.7551), project(39.03, 125.75)
    assert chongori[0] > pyongyang[0]  # east is right
    assert chongori[1] < pyongyang[1]  # north is up
    width, height = mapbase.WIDTH, mapbase.map_height()
    assert 0 < pyongyang[0] < width / 2 < chongori[0] < width
    assert 0 < chongori[1] < height / 2 < pyongyang[1] < height


def test_a_general_area_has_no_point_symbol_only_a_dashed_hatched_circle_around_its_point() -> None:
    a = links(draw(MARKERS))["kaechon"]
    assert not [r for r in a.iter(f"{NS}rect") if "ea-map-hit" not in classes(r)]  # only the unpainted tap area
    (circle,) = list(a.iter(f"{NS}circle"))
    assert "ea-map-area" in classes(circle)
    assert circle.get("stroke-dasharray")
    assert circle.get("fill", "").startswith("url(#map-hatch")
    x, y = project(KAECHON.lat, KAECHON.lon)
    assert (float(circle.get("cx", "")), float(circle.get("cy", ""))) == pytest.approx((x, y), abs=0.1)
    assert float(circle.get("r", "")) == mapbase.AREA_RADIUS


def test_an_approximate_position_has_its_symbol_with_a_dotted_ring() -> None:
    found = links(draw([*MARKERS, YODOK]))
    camp, place = found["yodok"], found["rason"]
    assert [e for e in camp.iter(f"{NS}rect") if "ea-map-symbol" in classes(e)]
    assert [e for e in place.iter(f"{NS}circle") if "ea-map-dot" in classes(e)]
    for a in (camp, place):
        (ring,) = [e for e in a.iter(f"{NS}circle") if "ea-map-ring" in classes(e)]
        assert ring.get("stroke-dasharray")


def test_a_place_is_a_small_dot_and_the_highlighted_marker_stands_out() -> None:
    svg = draw(MARKERS)
    found = links(svg)
    (dot,) = list(found["pyongyang"].iter(f"{NS}circle"))
    assert "ea-map-dot" in classes(dot) and float(dot.get("r", "")) <= 4
    assert "ea-map-marker--highlight" in classes(found["chongori"])
    assert not any("ea-map-marker--highlight" in classes(found[m.id]) for m in MARKERS if m is not CHONGORI)
    sizes = {k: float(next(a.iter(f"{NS}text")).get("font-size", "")) for k, a in found.items()}
    assert sizes["chongori"] > max(v for k, v in sizes.items() if k != "chongori")


@pytest.mark.parametrize(
    "markers",
    [
        [KAECHON, KAECHON_CITY],  # a camp's area 2.6 km from a city's dot
        [dataclasses.replace(KAECHON, lon=125.90), KAECHON_CITY],  # centred on the city itself
        [CHONGORI, HOERYONG, RASON, KAECHON, KAECHON_CITY, PYONGYANG, YODOK],
    ],
    ids=["near", "coincident", "all"],
)
def test_labels_overlap_neither_each_other_nor_the_symbols_and_stay_on_the_map(markers: list[Marker]) -> None:
    placed = place_labels(markers)
    assert set(placed) == {m.id for m in markers}
    for a, b in itertools.combinations(placed.values(), 2):
        assert not overlap(a.box, b.box), (a.id, b.id)
    for m in markers:
        for p in placed.values():
            if p.id != m.id:
                assert not overlap(p.box, labels.symbol_box(m)), (p.id, m.id)
    for p in placed.values():
        assert p.box.within(mapbase.Box(0, 0, mapbase.WIDTH, mapbase.map_height())), p.id
    # the drawing puts each label where the placement says
    found = links(draw(markers))
    for m in markers:
        label = next(e for e in found[m.id].iter(f"{NS}text") if "ea-map-label" in classes(e))
        assert float(label.get("x", "")) == pytest.approx(placed[m.id].x, abs=0.1)
        assert float(label.get("y", "")) == pytest.approx(placed[m.id].y, abs=0.1)


def test_a_label_moved_away_from_its_symbol_gets_a_leader_line() -> None:
    placed = place_labels([KAECHON, KAECHON_CITY])
    found = links(draw([KAECHON, KAECHON_CITY]))
    for key, p in placed.items():
        assert bool(list(found[key].iter(f"{NS}line"))) == (p.leader is not None)
    # the city's dot lies inside the camp's area circle, so its label must go further out
    assert placed["kaechon-city"].leader is not None


def test_a_label_is_not_set_beside_another_places_symbol_where_it_would_read_as_its_name() -> None:
    """A camp's label right beside a town's dot names the town to a reader, whatever leader line
    it has; with room elsewhere, it goes elsewhere. (A camp known as an area around the town, one
    spot on the map, may keep its label by the town's dot.)"""
    camp = Marker("camp", "Some camp", "#c", 40.0, 127.0, "camp", "exact")
    x, _y = project(camp.lat, camp.lon)
    first = place_labels([camp])["camp"].box  # where its label goes on a map of its own: to the right
    assert first.x > x
    # a town whose dot sits just past the end of that label, clear of it but right beside it
    lon_per_unit = (project(40.0, 127.1)[0] - x) / 0.1
    town_x = first.right + labels.reach_of(PYONGYANG) + 2
    town = dataclasses.replace(PYONGYANG, lat=40.0, lon=127.0 + (town_x - x) / lon_per_unit)
    assert not overlap(first, labels.symbol_box(town))
    placed = place_labels([camp, town])["camp"].box
    assert placed.overlap(labels.symbol_box(town), labels.BESIDE) == 0


def test_where_room_runs_short_the_camp_the_archive_says_most_about_keeps_its_label() -> None:
    """On a crowded phone map some camps go without a label; the one with thirty records is not
    among them, wherever it lies, and no fewer camps are named than before."""
    crowd = [
        Marker(f"c{i}", f"Camp number {i}", f"#{i}", 40.0 - (i // 4) * 0.08, 126.0 + (i % 4) * 0.08, "camp", "exact")
        for i in range(24)
    ]
    placed = place_labels(crowd, sheet=mapbase.NARROW)
    left_out = [m for m in crowd if m.id not in placed]
    assert left_out  # the crowd is too tight for every label
    heavy = left_out[-1]  # the last in north-to-south order
    weighted = [dataclasses.replace(m, weight=30) if m is heavy else m for m in crowd]
    again = place_labels(weighted, sheet=mapbase.NARROW)
    assert heavy.id in again
    assert len(again) >= len(placed)
    # a camp page's own camp keeps its label, however much the archive says of another
    own = left_out[0]
    paged = [dataclasses.replace(m, highlight=True) if m is own else m for m in weighted]
    assert {own.id, heavy.id} <= set(place_labels(paged, sheet=mapbase.NARROW))
    for a, b in itertools.combinations(again.values(), 2):
        assert not overlap(a.box, b.box), (a.id, b.id)


def test_labels_of_a_crowded_map_stay_apart() -> None:
    crowded = [
        Marker(f"p{i}", f"Place number {i}", f"#{i}", 40.0 + (i % 4) * 0.05, 127.0 + (i // 4) * 0.05, "place", "exact")
        for i in range(12)
    ]
    placed = place_labels(crowded)
    for a, b in itertools.combinations(placed.values(), 2):
        assert not overlap(a.box, b.box), (a.id, b.id)


def test_hostile_text_is_escaped_not_markup() -> None:
    evil = "</svg><script>x(\"y\")</script> & 'q'"
    m = Marker('x"><script>', evil, 'javascript:"><b>', 40.0, 127.0, "camp", "exact", note="<i>note</i> & more")
    out = render_map([m], title="<title>&", desc='"desc"</desc>', prefix="p")
    svg = ET.fromstring(out.split("</svg>")[0] + "</svg>")  # the wide map; the phone's follows
    assert not [e for e in svg.iter() if e.tag.endswith("script") or e.tag.endswith("}b") or e.tag.endswith("}i")]
    (a,) = list(svg.iter(f"{NS}a"))
    assert "".join(a.itertext()) == evil
    assert a.get("data-record") == 'x"><script>'
    assert "<i>note</i> & more" in a.get("aria-label", "")
    assert svg.find(f"{NS}title") is not None and svg.find(f"{NS}title").text == "<title>&"  # type: ignore[union-attr]
    assert "<script" not in out


def test_the_legend_explains_only_the_symbols_on_this_map() -> None:
    def legend(markers: list[Marker]) -> list[str]:
        g = next(e for e in draw(markers).iter(f"{NS}g") if "ea-map-legend" in classes(e))
        return ["".join(t.itertext()) for t in g.iter(f"{NS}text")]

    assert legend([CHONGORI]) == [mapbase.LEGEND["camp-exact"]]
    assert legend([KAECHON, PYONGYANG]) == [mapbase.LEGEND["area"], mapbase.LEGEND["place-exact"]]
    assert len(legend([*MARKERS, YODOK])) == 5
    svg = draw([])
    assert not [e for e in svg.iter(f"{NS}g") if "ea-map-legend" in classes(e)]


def test_the_legend_fits_inside_the_drawing() -> None:
    svg = draw([*MARKERS, YODOK])
    height = float(svg.get("viewBox", "").split()[3])
    g = next(e for e in svg.iter(f"{NS}g") if "ea-map-legend" in classes(e))
    for t in g.iter(f"{NS}text"):
        y, x = float(t.get("y", "")), float(t.get("x", ""))
        assert mapbase.map_height() < y < height
        assert x + labels.label_width(t.text or "", mapbase.SMALL_SIZE) < mapbase.WIDTH


def test_the_map_draws_the_countries_names_scale_and_attribution() -> None:
    svg = draw([CHONGORI])
    countries = {p.get("data-name"): classes(p) for p in svg.iter(f"{NS}path")}
    assert {"North Korea", "China", "South Korea", "Russia"} <= set(countries)
    assert "ea-map-focus" in countries["North Korea"] and "ea-map-focus" not in countries["China"]
    texts = ["".join(t.itertext()) for t in svg.iter(f"{NS}text")]
    assert {"NORTH KOREA", "CHINA", "SOUTH KOREA", "RUSSIA", "Outline: Natural Earth", "100 km"} <= set(texts)


def test_the_scale_bar_measures_100_km() -> None:
    svg = draw([CHONGORI])
    g = next(e for e in svg.iter(f"{NS}g") if "ea-map-scale" in classes(e))
    length = sum(float(r.get("width", "")) for r in g.iter(f"{NS}rect"))
    # 100 km north-south, in the map's units per degree of latitude
    units_per_degree = project(40.0, 127.0)[1] - project(41.0, 127.0)[1]
    assert length == pytest.approx(100 / 111.195 * units_per_degree, abs=0.2)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lat": 45.0}, "outside the map"),
        ({"lon": 120.0}, "outside the map"),
        ({"lat": float("nan")}, "outside the map"),
        ({"precision": "roughly"}, "precision"),
        ({"kind": "factory"}, "kind"),
    ],
)
def test_a_marker_that_cannot_be_drawn_truthfully_is_refused(change: dict[str, Any], message: str) -> None:
    bad = dataclasses.replace(CHONGORI, **change)
    with pytest.raises(ValueError, match=message):
        render_map([bad], title="t", desc="d", prefix="m")
    assert mapbase.contains(CHONGORI.lat, CHONGORI.lon)
    assert not mapbase.contains(45.0, 127.0)


def test_a_marker_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        render_map([PYONGYANG, PYONGYANG], title="t", desc="d", prefix="m")


def test_a_long_label_is_shortened_on_the_map_but_whole_in_the_links_name() -> None:
    long = "A very long name for a camp that goes on and on beyond any reasonable length for a map label"
    m = Marker("long", long, "#", 40.0, 127.0, "camp", "exact")
    (a,) = list(draw([m]).iter(f"{NS}a"))
    shown = "".join(a.itertext())
    assert shown.endswith("…") and long.startswith(shown[:-1])
    assert long in a.get("aria-label", "")


@pytest.mark.parametrize("sheet", [mapbase.WIDE, mapbase.NARROW], ids=["wide", "phone"])
def test_a_label_cut_inside_a_word_begins_the_links_name_as_it_shows(sheet: mapbase.Sheet) -> None:
    """axe-core compares whole words: "⟦town n…" is not in "⟦town name⟧ ...", so the name starts
    with the words as the map shows them, the cut one and the ellipsis too, then the whole label."""
    long = "⟦town name⟧: </title><b>" + "Supercalifragilistic" * 6
    m = Marker("town", long, "#", 40.0, 127.0, "place", "approximate")
    found = links(draw([m, CHONGORI], sheet=sheet))
    a = found["town"]
    shown, name = "".join(a.itertext()), a.get("aria-label", "")
    assert shown.endswith("…") and not long.startswith(shown)
    assert name.startswith(shown + " ")
    assert name[len(shown) + 1 :].startswith(long + ": place, approximate position")
    # a label shown whole is said once
    assert found["chongori"].get("aria-label") == "Chongori camp: camp, exact position"


def test_the_shipped_outline_names_its_source_and_stays_small() -> None:
    path = ROOT / "build_tools" / "pages" / "visual" / "data" / "korea-outline.json"
    assert path.stat().st_size <= 40_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "world-atlas@2.0.2" in data["source"]
    assert "public domain" in data["licence"]
    assert "make_map_outline.py" in data["made_by"]
    names = {c["name"] for c in data["countries"]}
    assert {"North Korea", "China", "South Korea", "Russia"} <= names
    west, south, east, north = data["bbox"]
    for c in data["countries"]:
        for ring in c["rings"]:
            for lon, lat in ring:
                assert west <= lon <= east and south <= lat <= north
                assert round(lon, 3) == lon and round(lat, 3) == lat
    assert (ROOT / "build_tools" / "pages" / "visual" / "data" / "README.md").is_file()


def test_the_maintenance_script_clips_simplifies_and_notes_its_source(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_map_outline", ROOT / "scripts" / "make_map_outline.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    # A tiny TopoJSON: four square "countries" around a shared corner inside the box, one far away.
    def square(x: float, y: float, size: float) -> list[list[int]]:
        q = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
        points = [(round(a * 1000), round(b * 1000)) for a, b in q]
        return [list(points[0])] + [[b[0] - a[0], b[1] - a[1]] for a, b in itertools.pairwise(points)]

    topology = {
        "transform": {"scale": [0.001, 0.001], "translate": [0, 0]},
        "arcs": [square(126, 39, 10), square(120, 39, 5), square(126, 34, 5), square(131, 42, 5), square(0, 0, 1)],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "408", "properties": {"name": "North Korea"}},
                    {"type": "Polygon", "arcs": [[1]], "id": "156", "properties": {"name": "China"}},
                    {"type": "MultiPolygon", "arcs": [[[2]]], "id": "410", "properties": {"name": "South Korea"}},
                    {"type": "Polygon", "arcs": [[3]], "id": "643", "properties": {"name": "Russia"}},
                    {"type": "Polygon", "arcs": [[4]], "id": "999", "properties": {"name": "Elsewhere"}},
                ]
            }
        },
    }
    source = tmp_path / "topo.json"
    source.write_text(json.dumps(topology), encoding="utf-8")
    out = tmp_path / "out.json"
    assert script.main([str(source), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"]
    assert [c["name"] for c in data["countries"]] == ["North Korea", "China", "Russia", "South Korea"]
    _, _, east, north = data["bbox"]
    (ring,) = data["countries"][0]["rings"]
    assert sorted(ring) == sorted([[126.0, 39.0], [east, 39.0], [east, north], [126.0, north]])
    first = out.read_bytes()
    script.main([str(source), "--out", str(out)])
    assert out.read_bytes() == first


# ---- in a browser: readable on a phone, labels apart at either width, Korean not letter-spaced ----

SCREENS = {"phone": PHONE, "wide": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module", params=sorted(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    size = SCREENS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=size, device_scale_factor=2 if phone else 1, is_mobile=phone, has_touch=phone
    )
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/map/", "/ko/map/"])
def test_the_map_in_a_browser_is_readable_its_labels_apart_and_its_marks_tappable(
    screen: tuple[str, Any], base_url: str, path: str
) -> None:
    name, page = screen
    page.goto(base_url + path)
    (drawing,) = shown(page, "figure.ea-visual-map svg")
    assert ("ea-map--narrow" in drawing["cls"]) == (name == "phone")
    assert drawing["page"] <= SCREENS[name]["width"] + 1, "the page runs off the screen"
    assert too_small(drawing) == [], f"{path} ({name}): texts under 12 px"
    assert hard_to_tap(drawing) == [], f"{path} ({name}): marks under 24 x 24 px"
    # every text on the map itself (labels, country names, scale, credit), as the browser drew it
    on_map = [t for t in drawing["texts"] if not t["legend"]]
    assert len([t for t in on_map if "ea-map-label" in t["cls"]]) >= 5
    assert list(overlapping(on_map)) == [], f"{path} ({name}): labels drawn over each other"
    if path.startswith("/ko/"):
        spaced = [(t["text"], t["spacing"]) for t in drawing["texts"] if t["spacing"] not in ("normal", "0px")]
        assert spaced == [], "Korean labels are letter-spaced"
    assert label_in_name(page, "figure.ea-visual-map") == []


def test_korean_country_names_are_not_letter_spaced_and_english_ones_are() -> None:
    korean = {"NORTH KOREA": "북한", "CHINA": "중국", "SOUTH KOREA": "한국", "RUSSIA": "러시아"}
    for sheet in (mapbase.WIDE, mapbase.NARROW):
        for words, spaced in ((korean, False), (None, True)):
            svg = ET.fromstring(draw_map([CHONGORI], title="t", desc="d", prefix="m", words=words, sheet=sheet))
            names = [t for t in svg.iter(f"{NS}text") if "ea-map-country" in classes(t)]
            assert len(names) == 4
            assert all((t.get("letter-spacing") is not None) == spaced for t in names), words


@pytest.mark.parametrize("sheet", [mapbase.WIDE, mapbase.NARROW], ids=["wide", "phone"])
def test_every_mark_and_label_is_a_target_a_finger_can_hit(sheet: mapbase.Sheet) -> None:
    placed = place_labels([*MARKERS, YODOK], sheet=sheet)
    assert all(p.box.h >= mapbase.TARGET for p in placed.values())
    for a in draw([*MARKERS, YODOK], sheet=sheet).iter(f"{NS}a"):
        hits = [r for r in a.iter(f"{NS}rect") if "ea-map-hit" in classes(r)]
        assert any(float(r.get("width", "")) >= 24 and float(r.get("height", "")) >= 24 for r in hits)
    for a, b in itertools.combinations(placed.values(), 2):
        assert not overlap(a.box, b.box), (a.id, b.id)
