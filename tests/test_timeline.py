"""The SVG timeline: uncertain dates become spans, never false points, and the drawing says so."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from itertools import pairwise

import pytest

from build_tools.pages.fmt import fmt_date
from build_tools.pages.visual.timeline import Item, render_timeline, undated
from build_tools.records.dates import Span, span_of

NS = "{http://www.w3.org/2000/svg}"


def d(s: str) -> date:
    return date.fromisoformat(s)


# ---- spans ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "period", "expected"),
    [
        # an event "2020" is some day of 2020: the whole year, nothing certain
        ("2020", False, Span(d("2020-01-01"), d("2020-12-31"), None, False, False, False)),
        # a period "2020" covers the whole year
        ("2020", True, Span(d("2020-01-01"), d("2020-12-31"), (d("2020-01-01"), d("2020-12-31")), False, False, False)),
        ("2020-08", False, Span(d("2020-08-01"), d("2020-08-31"), None, False, False, False)),
        (
            "2020-02",
            True,
            Span(d("2020-02-01"), d("2020-02-29"), (d("2020-02-01"), d("2020-02-29")), False, False, False),
        ),
        ("2020-08-15", False, Span(d("2020-08-15"), d("2020-08-15"), None, False, False, False)),
        # began within 2020, ended within August 2022: certainly covered from 2020-12-31 to 2022-08-01
        (
            "2020/2022-08",
            True,
            Span(d("2020-01-01"), d("2022-08-31"), (d("2020-12-31"), d("2022-08-01")), False, False, False),
        ),
        ("2020/2022-08", False, Span(d("2020-01-01"), d("2022-08-31"), None, False, False, False)),
        ("2009-02/2009-08", False, Span(d("2009-02-01"), d("2009-08-31"), None, False, False, False)),
        # start and end may overlap: nothing is certain
        ("2020/2020-08", True, Span(d("2020-01-01"), d("2020-08-31"), None, False, False, False)),
        # open end: only the known start, and the core runs on from its latest day
        (
            "2022-08/..",
            True,
            Span(d("2022-08-01"), d("2022-08-31"), (d("2022-08-31"), d("2022-08-31")), False, True, False),
        ),
        ("2022-08/..", False, Span(d("2022-08-01"), d("2022-08-31"), None, False, True, False)),
        # open start: only the known end, and the core reaches back from its earliest day
        (
            "../2019",
            True,
            Span(d("2019-01-01"), d("2019-12-31"), (d("2019-01-01"), d("2019-01-01")), True, False, False),
        ),
        # an unknown end may have come at once: open, but nothing certain
        ("2020/", True, Span(d("2020-01-01"), d("2020-12-31"), None, False, True, False)),
        ("/2019", True, Span(d("2019-01-01"), d("2019-12-31"), None, True, False, False)),
        # approximate and uncertain widen by edtf's fuzzy bounds
        ("2008~", False, Span(d("2007-01-01"), d("2009-12-31"), None, False, False, True)),
        ("2008~", True, Span(d("2007-01-01"), d("2009-12-31"), None, False, False, True)),
        ("2010?", False, Span(d("2009-01-01"), d("2011-12-31"), None, False, False, True)),
        ("2011%", False, Span(d("2009-01-01"), d("2013-12-31"), None, False, False, True)),
        # the core of a fuzzy interval begins after the latest possible (widened) start
        (
            "2012~/2019",
            True,
            Span(d("2011-01-01"), d("2019-12-31"), (d("2013-12-31"), d("2019-01-01")), False, False, True),
        ),
        # some year of the 2010s: the decade, and as a period no certain stretch
        ("201X", False, Span(d("2010-01-01"), d("2019-12-31"), None, False, False, False)),
        ("201X", True, Span(d("2010-01-01"), d("2019-12-31"), None, False, False, False)),
    ],
)
def test_span_rules(value: str, period: bool, expected: Span) -> None:
    assert span_of(value, period=period) == expected


@pytest.mark.parametrize("value", ["unknown", "../..", "/", "/..", "../", "[..1760-12-03]"])
def test_no_span_when_nothing_can_be_placed(value: str) -> None:
    assert span_of(value, period=True) is None
    assert span_of(value, period=False) is None


def _calendar_dates() -> list[str]:
    """Years, months and days (and days no month has) at the edges of the calendar."""
    values = []
    for year in (1, 1900, 2000, 2023, 2024, 9998, 9999):
        values.append(f"{year:04}")
        for month in range(0, 14):
            values.append(f"{year:04}-{month:02}")
            values += [f"{year:04}-{month:02}-{day:02}" for day in (0, 1, 28, 29, 30, 31, 32)]
    return values


@pytest.mark.slow  # the EDTF parser on every calendar date
def test_a_plain_year_month_or_day_is_placed_where_edtf_places_it() -> None:
    """Dates written as a plain year, month or day are placed without the EDTF parser, which takes
    milliseconds a date: the bounds must be exactly those the parser gives, and a date it cannot
    place (a thirteenth month, a 30 February, the year 9999) must still not be placed."""
    from edtf import parse_edtf

    from build_tools.records import dates

    def parsed(value: str) -> object:
        try:
            p = parse_edtf(value)
            lo, hi = dates._day(p.lower_strict()), dates._day(p.upper_strict())
            return dates._Bounds(
                min(lo, dates._day(p.lower_fuzzy())), max(hi, dates._day(p.upper_fuzzy())), lo, hi, False
            )
        except Exception as e:
            return type(e).__name__

    def placed(value: str) -> object:
        try:
            return dates._bounds(value)
        except Exception as e:
            return type(e).__name__

    values = _calendar_dates()
    assert [v for v in values if placed(v) != parsed(v)] == []
    assert sum(dates._calendar_bounds(v) is not None for v in values) > 350


# ---- drawing helpers --------------------------------------------------------------------------


def draw(items: list[Item], prefix: str = "tl") -> ET.Element:
    svg = render_timeline(items, title="Timeline", desc="Dated records", prefix=prefix)
    return ET.fromstring(svg)


def cls(e: ET.Element) -> set[str]:
    return set(e.get("class", "").split())


def find(tree: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in tree.iter() if name in cls(e)]


def rows(tree: ET.Element) -> list[ET.Element]:
    return tree.findall(f".//{NS}a")


def row(tree: ET.Element, href: str) -> ET.Element:
    (r,) = [a for a in rows(tree) if a.get("href") == href]
    return r


def extent(e: ET.Element) -> tuple[float, float]:
    x = float(e.get("x", "0"))
    return x, x + float(e.get("width", "0"))


def year_ticks(tree: ET.Element) -> dict[int, float]:
    """Year -> x of its tick, from the axis labels (top and bottom agree)."""
    return {int("".join(t.itertext())): float(t.get("x", "0")) for t in find(tree, "ea-tl-year")}


def at(tree: ET.Element, year: int) -> float:
    """The x of 1 January of ``year``, read off the two outermost labelled ticks."""
    ticks = year_ticks(tree)
    a, b = min(ticks), max(ticks)
    days = date(b, 1, 1).toordinal() - date(a, 1, 1).toordinal()
    return ticks[a] + (date(year, 1, 1).toordinal() - date(a, 1, 1).toordinal()) / days * (ticks[b] - ticks[a])


def axis_ends(tree: ET.Element) -> tuple[float, float]:
    line = find(tree, "ea-tl-axis")[0]
    return float(line.get("x1", "0")), float(line.get("x2", "0"))


def path_xs(path: ET.Element) -> list[float]:
    """The x of every point in a path of M/L/H commands with absolute coordinates."""
    xs, tokens = [], path.get("d", "").replace("M", " M ").replace("L", " L ").replace("Z", " ").split()
    i = 0
    while i < len(tokens):
        if tokens[i] in ("M", "L"):
            xs.append(float(tokens[i + 1]))
            i += 3
        else:
            i += 1
    return xs


EXAMPLE = [
    Item("evt-0001", "Olympics-era repatriations", "../events/evt-0001/", "event", "2008"),
    Item("evt-0002", "Women's section built", "../events/evt-0002/", "event", "2009-02/2009-08"),
    Item("evt-0003", "Border closed", "../events/evt-0003/", "event", "2020-01"),
    Item("evt-0004", "Announcement", "../events/evt-0004/", "event", "2022-08"),
    Item("fig-0001", "Share exported", "../figures/fig-0001/", "figure", "2020"),
    Item("fig-0002", "Detainees per unit", "../figures/fig-0002/", "figure", "2021", highlight=True),
    Item("fig-0003", "Hours a day", "../figures/fig-0003/", "figure", "2016/2024-08"),
    Item("fig-0004", "Daily quota", "../figures/fig-0004/", "figure", "2022-08/.."),
    Item("fig-0005", "Rations", "../figures/fig-0005/", "figure", "2020/2022-08"),
    Item("tes-0001", "Former detainee", "../testimonies/tes-0001/", "testimony", "2012~/2019"),
    Item("evt-0005", "Undated event", "../events/evt-0005/", "event", "unknown"),
]


# ---- marks ------------------------------------------------------------------------------------


def test_an_event_dated_by_its_year_is_a_band_over_the_year_not_a_dot() -> None:
    tree = draw(EXAMPLE)
    r = row(tree, "../events/evt-0001/")
    assert find(r, "ea-tl-dot") == []
    (band,) = find(r, "ea-tl-range")
    x0, x1 = extent(band)
    assert x0 == pytest.approx(at(tree, 2008), abs=0.15)
    assert x1 == pytest.approx(at(tree, 2009), abs=0.15)
    # a year is many times wider than a dot
    assert x1 - x0 > 20


def test_an_event_known_to_the_day_is_a_dot() -> None:
    tree = draw([Item("evt-9", "On the day", "day/", "event", "2020-08-15"), *EXAMPLE[:2]])
    r = row(tree, "day/")
    assert len(find(r, "ea-tl-dot")) == 1
    assert find(r, "ea-tl-range") == []
    assert "event on a known day" in "".join(tree.itertext())


def test_a_month_precise_event_stays_a_band_and_is_never_a_dot() -> None:
    tree = draw(EXAMPLE)
    r = row(tree, "../events/evt-0003/")
    assert find(r, "ea-tl-dot") == []
    assert len(find(r, "ea-tl-range")) == 1
    assert len(find(r, "ea-tl-cap")) == 2  # sharp ends on both sides
    assert not any("ea-tl-dot" in cls(e) for e in tree.iter())  # no event in EXAMPLE is known to the day


def test_a_period_has_its_core_inside_its_band() -> None:
    tree = draw(EXAMPLE)
    for href in ("../figures/fig-0003/", "../figures/fig-0005/", "../testimonies/tes-0001/"):
        r = row(tree, href)
        (band,) = find(r, "ea-tl-band")
        (core,) = find(r, "ea-tl-core")
        (b0, b1), (c0, c1) = extent(band), extent(core)
        assert b0 <= c0 < c1 <= b1, href
        assert c1 - c0 < b1 - b0, href  # some of the possible extent is not certain


def test_a_period_given_as_one_year_is_certain_over_that_year() -> None:
    tree = draw(EXAMPLE)
    (core,) = find(row(tree, "../figures/fig-0001/"), "ea-tl-core")
    assert extent(core) == (pytest.approx(at(tree, 2020), abs=0.15), pytest.approx(at(tree, 2021), abs=0.15))


def test_a_fuzzy_end_fades_over_the_room_the_qualifier_allows() -> None:
    tree = draw(EXAMPLE, prefix="t7")
    r = row(tree, "../testimonies/tes-0001/")
    (fuzz,) = find(r, "ea-tl-fuzz")
    (band,) = find(r, "ea-tl-band")
    # "about 2012" reaches back to 2011; the band proper starts at 2012
    assert extent(fuzz) == (pytest.approx(at(tree, 2011), abs=0.15), pytest.approx(extent(band)[0], abs=0.15))
    assert extent(band)[0] == pytest.approx(at(tree, 2012), abs=0.15)
    gradient = fuzz.get("fill", "")
    assert gradient.startswith("url(#t7-")
    assert tree.find(f".//{NS}linearGradient[@id='{gradient[5:-1]}']") is not None
    assert len(find(r, "ea-tl-fuzz-edge")) == 1  # dashed, for black-and-white print


def test_an_open_end_runs_to_the_axis_edge_with_an_arrow() -> None:
    tree = draw(EXAMPLE)
    _left, right = axis_ends(tree)
    r = row(tree, "../figures/fig-0004/")
    (band,) = find(r, "ea-tl-band")
    (core,) = find(r, "ea-tl-core")
    assert extent(band)[1] == pytest.approx(right)
    assert extent(core)[1] == pytest.approx(right)
    (arrow,) = find(r, "ea-tl-arrow")
    assert max(path_xs(arrow)) > right  # the arrow points off the axis
    # the known start is where the band begins, not the axis edge
    assert at(tree, 2022) < extent(band)[0] < at(tree, 2023)
    # every other row stays inside the axis and has no arrow
    for other in rows(tree):
        if other is not r:
            assert find(other, "ea-tl-arrow") == []


def test_an_open_start_runs_back_to_the_axis_edge_with_an_arrow() -> None:
    tree = draw([Item("fig-1", "Since before", "a/", "figure", "../2019"), *EXAMPLE[:3]])
    left, _right = axis_ends(tree)
    r = row(tree, "a/")
    (band,) = find(r, "ea-tl-band")
    (core,) = find(r, "ea-tl-core")
    assert extent(band)[0] == pytest.approx(left)
    assert extent(core)[0] == pytest.approx(left)
    (arrow,) = find(r, "ea-tl-arrow")
    assert min(path_xs(arrow)) < left
    assert "no start date given" in "".join(tree.itertext())


def test_an_unknown_end_runs_on_but_claims_no_certain_stretch() -> None:
    tree = draw([Item("fig-1", "Ended some time", "a/", "figure", "2020/")])
    r = row(tree, "a/")
    _left, right = axis_ends(tree)
    assert find(r, "ea-tl-core") == []
    assert extent(find(r, "ea-tl-band")[0])[1] == pytest.approx(right)
    assert len(find(r, "ea-tl-arrow")) == 1


def test_the_legend_lists_only_the_marks_used() -> None:
    words = "".join(draw(EXAMPLE[:1]).itertext())
    assert "somewhere in this range" in words
    for absent in ("known day", "possible extent", "certainly covered", "approximate", "given"):
        assert absent not in words
    words = "".join(draw(EXAMPLE).itertext())
    for present in ("somewhere in this range", "possible extent", "certainly covered", "approximate", "no end date"):
        assert present in words
    assert "known day" not in words


# ---- rows -------------------------------------------------------------------------------------


def test_each_dated_item_is_a_row_linked_with_an_accessible_name() -> None:
    tree = draw(EXAMPLE)
    dated = [i for i in EXAMPLE if i.date != "unknown"]
    links = {a.get("href"): a.get("aria-label") for a in rows(tree)}
    assert links == {i.href: f"{i.label}, {i.kind}, {fmt_date(i.date)}" for i in dated}
    assert links["../figures/fig-0003/"] == "Hours a day, figure, 2016 to August 2024"
    # the date in words is also shown
    assert "about 2012 to 2019" in "".join(row(tree, "../testimonies/tes-0001/").itertext())


def test_rows_are_sorted_by_earliest_date_then_id() -> None:
    tree = draw(EXAMPLE)
    order = [a.get("href", "").rstrip("/").rsplit("/", 1)[-1] for a in rows(tree)]
    assert order == [
        "evt-0001",  # 2008
        "evt-0002",  # 2009-02
        "tes-0001",  # about 2012: from 2011
        "fig-0003",  # 2016
        "evt-0003",  # 2020-01-01, before fig-0001 and fig-0005 by ID
        "fig-0001",
        "fig-0005",
        "fig-0002",  # 2021
        "evt-0004",  # 2022-08-01, before fig-0004 by ID
        "fig-0004",
    ]
    ys = [float(find(a, "ea-tl-bg")[0].get("y", "0")) for a in rows(tree)]
    assert ys == sorted(ys)


def test_undated_items_are_left_out_and_returned_by_undated() -> None:
    items = [*EXAMPLE, Item("fig-0009", "Neither end", "x/", "figure", "../..")]
    tree = draw(items)
    hrefs = {a.get("href") for a in rows(tree)}
    assert "../events/evt-0005/" not in hrefs
    assert "x/" not in hrefs
    assert undated(items) == [items[10], items[11]]
    assert undated(EXAMPLE[:3]) == []


def test_nothing_dated_still_gives_a_named_drawing() -> None:
    tree = draw([EXAMPLE[-1]])
    assert rows(tree) == []
    assert tree.find(f"{NS}title") is not None


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind 'place'"):
        render_timeline([Item("x", "x", "x", "place", "2020")], title="t", desc="d", prefix="p")


def test_a_highlighted_item_stands_out() -> None:
    tree = draw(EXAMPLE)
    marked = [a for a in rows(tree) if "ea-tl-hl" in cls(a)]
    assert [a.get("href") for a in marked] == ["../figures/fig-0002/"]
    assert len(find(marked[0], "ea-tl-hlbar")) == 1
    assert all(find(a, "ea-tl-hlbar") == [] for a in rows(tree) if a is not marked[0])


@pytest.mark.parametrize("narrow", [False, True])
def test_a_long_label_wraps_whole_and_its_name_holds_what_it_shows(narrow: bool) -> None:
    label = "A testimony with a title far too long for one line of the drawing " * 4
    svg = render_timeline(
        [Item("tes-1", label, "t/", "testimony", "2012/2019")], title="T", desc="D", prefix="p", narrow=narrow
    )
    r = row(ET.fromstring(svg), "t/")
    lines = find(r, "ea-tl-label")
    assert len(lines) > 2
    shown = " ".join("".join(t.itertext()) for t in lines)
    assert "…" not in shown  # nothing cut: every word is there to read
    assert shown == f"{' '.join(label.split())} testimony · 2012 to 2019"
    assert r.get("aria-label") == f"{' '.join(label.split())}, testimony, 2012 to 2019"
    # the words one after the other, apart (a link's name must hold what it shows, in order)
    curated = lambda s: " ".join(s.replace("·", " ").replace(",", " ").split())  # noqa: E731
    assert curated(shown) == curated(r.get("aria-label", ""))
    link = re.search(r'<a [^>]*href="t/".*?</a>', svg).group(0)  # type: ignore[union-attr]
    assert not re.search(r"</text><(?!/a>)|[^ >]<tspan", link)


def test_hostile_labels_are_text() -> None:
    label = "</svg><script>alert('x')</script> & \"quoted\" <b>"
    svg = render_timeline(
        [Item("e-1", label, 'a?b=1&c="2"', "event", "2020")], title="<t> & t", desc="</desc>", prefix="p"
    )
    assert "<script" not in svg
    assert "<b>" not in svg
    tree = ET.fromstring(svg)  # still one well-formed drawing
    assert not any(e.tag.endswith("script") for e in tree.iter())
    (a,) = rows(tree)
    assert a.get("aria-label") == f"{label}, event, 2020"
    assert a.get("href") == 'a?b=1&c="2"'
    assert label in "".join(find(a, "ea-tl-label")[0].itertext())
    assert "".join(tree.find(f"{NS}title").itertext()) == "<t> & t"  # type: ignore[union-attr]


# ---- the drawing as a whole -------------------------------------------------------------------


def test_output_is_deterministic_one_line_and_ids_come_from_the_prefix() -> None:
    one = render_timeline(EXAMPLE, title="T", desc="D", prefix="camp-x-tl")
    two = render_timeline(list(EXAMPLE), title="T", desc="D", prefix="camp-x-tl")
    assert one == two
    assert "\n" not in one
    ids = [e.get("id", "") for e in ET.fromstring(one).iter() if e.get("id")]
    assert ids and all(i.startswith("camp-x-tl-") for i in ids)
    assert len(ids) == len(set(ids))


# On a 390 px phone the page's column is 358 px wide (Material's 16 px margins).
PHONE_COLUMN = 358


def test_the_phone_layout_keeps_every_text_12px_or_more_on_a_390px_phone() -> None:
    wide = draw(EXAMPLE)
    phone = ET.fromstring(render_timeline(EXAMPLE, title="T", desc="D", prefix="tl", narrow=True))
    widths = [float(t.get("viewBox", "").split()[2]) for t in (wide, phone)]
    assert 640 <= widths[0] <= 700 and widths[1] < widths[0]
    assert "ea-wide" in cls(wide) and "ea-narrow" in cls(phone)
    sizes = [float(e.get("font-size", "0")) for e in phone.iter() if e.tag in (f"{NS}text", f"{NS}tspan")]
    assert sizes and min(sizes) * min(1.0, PHONE_COLUMN / widths[1]) >= 12
    for tree in (wide, phone):
        assert tree.get("role") == "group"  # it holds links, which role="img" would hide
    # the same rows, in the same order, and the same words in the legend
    assert [a.get("aria-label") for a in rows(phone)] == [a.get("aria-label") for a in rows(wide)]
    legend = lambda t: set(" ".join(find(t, "ea-tl-legend")[0].itertext()).split())  # noqa: E731
    assert legend(phone) == legend(wide)
    # every year of the axis is labelled, far enough apart not to touch
    xs = sorted(year_ticks(phone).values())
    assert all(b - a >= 40 for a, b in pairwise(xs))


@pytest.mark.parametrize(
    ("items", "first", "last"),
    [
        ([("event", "2020-03"), ("event", "2021-05")], 2020, 2021),  # two years
        ([("figure", "2016/2024-08"), ("event", "2008")], 2008, 2024),
        ([("testimony", "1994~/2003"), ("figure", "2023")], 1993, 2023),  # thirty years
        ([("event", "1925"), ("figure", "2024-08")], 1925, 2024),  # a hundred years
    ],
)
def test_axis_ticks_cover_the_data_at_a_readable_density(items: list[tuple[str, str]], first: int, last: int) -> None:
    tree = draw([Item(f"r-{n}", f"row {n}", f"r{n}/", kind, value) for n, (kind, value) in enumerate(items)])
    years = sorted(year_ticks(tree))
    assert years[0] <= first
    assert years[-1] >= last + 1  # the tick closing the last year
    steps = {b - a for a, b in pairwise(years)}
    assert len(steps) == 1  # evenly spaced
    assert 3 <= len(years) <= 13
    # the axis spans no more than a step of padding either side
    (step,) = steps
    assert years[-1] - years[0] <= (last + 1 - first) + 2 * step
    left, right = axis_ends(tree)
    ticks = year_ticks(tree)
    assert ticks[years[0]] == pytest.approx(left) and ticks[years[-1]] == pytest.approx(right)


def test_the_axis_comes_from_the_data_not_from_today() -> None:
    tree = draw([Item("e", "Long ago", "e/", "figure", "1961/1963")])
    assert max(year_ticks(tree)) <= 1965


@pytest.mark.parametrize("narrow", [False, True])
def test_a_long_timeline_shows_its_years_again_as_a_reader_scrolls_down_it(narrow: bool) -> None:
    """Forty rows run several screens down a phone: the year labels come back between rows, the
    same years at the same places, so no row is far from a scale to read it against."""
    items = [
        Item(f"evt-{i:04}", f"Event number {i}", f"../events/evt-{i:04}/", "event", str(2000 + i % 20))
        for i in range(40)
    ]
    tree = ET.fromstring(render_timeline(items, title="T", desc="D", prefix="tl", narrow=narrow))
    scales = find(tree, "ea-tl-ticks")
    assert len(scales) >= 4  # the top, the bottom and some between

    def years(g: ET.Element) -> list[tuple[str, str | None]]:
        return [("".join(t.itertext()), t.get("x")) for t in g.iter() if "ea-tl-year" in cls(t)]

    assert all(years(g) == years(scales[0]) for g in scales)
    tops = sorted(float(next(t for t in g.iter() if "ea-tl-axis" in cls(t)).get("y1", "0")) for g in scales)
    height = float(tree.get("viewBox", "0 0 0 0").split()[3])
    assert max(b - a for a, b in pairwise([*tops, height])) < 700  # never more than about a screen apart
    # the rows stay apart from the scales between them: no row's box crosses one
    for a in rows(tree):
        bg = next(e for e in a.iter() if "ea-tl-bg" in cls(e))
        top, bottom = float(bg.get("y", "0")), float(bg.get("y", "0")) + float(bg.get("height", "0"))
        assert not any(top < y - 20 < bottom or top < y < bottom for y in tops[1:-1]), a.get("href")
