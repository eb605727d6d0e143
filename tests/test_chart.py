"""The chart of comparable figures: geometry on a shared axis, uncertainty drawn as stated,
the archive's calculations told apart, links and accessible names, escaping, determinism."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from browsing import PHONE
from readable_drawings import axe_script

from build_tools.pages.visual.chart import Row, comparable, render_chart
from build_tools.records.parts import Value

NS = "{http://www.w3.org/2000/svg}"


def row(rid: str, value: Value, unit: str = "percent", **kw: object) -> Row:
    return Row(rid, kw.pop("label", f"Label {rid}"), kw.pop("href", f"../{rid}/"), value, unit, **kw)  # type: ignore[arg-type]


def draw(*rows: Row, prefix: str = "ch", narrow: bool = False) -> ET.Element:
    return ET.fromstring(render_chart(rows, title="A chart", desc="What it shows", prefix=prefix, narrow=narrow))


def beside(r: Row) -> tuple[Row, Row]:
    """``r`` and a plain figure to set it beside: a chart has two rows or more."""
    return r, row("fig-9", Value(exact=1), r.unit)


def links(svg: ET.Element) -> list[ET.Element]:
    return svg.findall(f"{NS}a")


def classes(e: ET.Element) -> set[str]:
    return set(e.get("class", "").split())


def find(e: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [x for x in e.iter(f"{NS}{tag}") if cls in classes(x)]


def texts(e: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in e.iter(f"{NS}text")]


def fl(e: ET.Element, name: str) -> float:
    return float(e.get(name, "nan"))


def axis(svg: ET.Element) -> list[float]:
    """The x of each tick's grid line, 0 first."""
    group = next(g for g in svg.iter(f"{NS}g") if "ea-chart-gridlines" in classes(g))
    return [fl(line, "x1") for line in group.iter(f"{NS}line")]


def ticks(svg: ET.Element) -> list[str]:
    group = next(g for g in svg.iter(f"{NS}g") if "ea-chart-ticks" in classes(g))
    return texts(group)


def bar(a: ET.Element) -> ET.Element:
    (rect,) = find(a, "rect", "ea-chart-fill")
    return rect


def value_text(a: ET.Element) -> str:
    (t,) = find(a, "text", "ea-chart-value")
    return "".join(t.itertext())


def tick_number(label: str) -> float:
    return float(label.rstrip("%").replace(",", ""))


# ---- geometry -----------------------------------------------------------------------------------


def test_bar_lengths_are_proportional_on_the_shared_axis() -> None:
    svg = draw(row("fig-1", Value(exact=42)), row("fig-2", Value(exact=71)))
    assert ticks(svg) == ["0%", "25%", "50%", "75%", "100%"]
    grid = axis(svg)
    zero, hundred = grid[0], grid[-1]
    a, b = (bar(x) for x in links(svg))
    assert fl(a, "x") == fl(b, "x") == zero
    assert fl(a, "width") == pytest.approx((hundred - zero) * 0.42, abs=0.1)
    assert fl(b, "width") == pytest.approx((hundred - zero) * 0.71, abs=0.1)
    assert fl(a, "width") / fl(b, "width") == pytest.approx(42 / 71, rel=1e-3)
    assert [value_text(x) for x in links(svg)] == ["42%", "71%"]


def test_the_value_in_words_sits_at_the_end_of_the_mark() -> None:
    svg = draw(*beside(row("fig-1", Value(exact=42))))
    a = links(svg)[0]
    (t,) = find(a, "text", "ea-chart-value")
    r = bar(a)
    assert fl(t, "x") > fl(r, "x") + fl(r, "width")
    assert fl(r, "y") < fl(t, "y") < fl(r, "y") + fl(r, "height") + 6


def test_the_label_is_above_its_bar() -> None:
    svg = draw(*beside(row("fig-1", Value(exact=42), label="Chongori · 2020")))
    a = links(svg)[0]
    (label,) = find(a, "text", "ea-chart-label")
    assert "".join(label.itertext()) == "Chongori · 2020"
    assert fl(label, "y") < fl(bar(a), "y")


def test_rows_keep_the_order_given() -> None:
    svg = draw(row("fig-2", Value(exact=71)), row("fig-1", Value(exact=42)))
    hrefs = [a.get("href") for a in links(svg)]
    assert hrefs == ["../fig-2/", "../fig-1/"]
    ys = [fl(bar(a), "y") for a in links(svg)]
    assert ys == sorted(ys)


# ---- uncertainty --------------------------------------------------------------------------------


def test_between_draws_a_capped_segment_from_low_to_high() -> None:
    svg = draw(*beside(row("fig-1", Value(between=[30, 60]))))
    zero, hundred = axis(svg)[0], axis(svg)[-1]
    a = links(svg)[0]
    at = lambda v: zero + (hundred - zero) * v / 100  # noqa: E731
    (band,) = find(a, "rect", "ea-chart-range")
    assert fl(band, "x") == pytest.approx(at(30), abs=0.1)
    assert fl(band, "x") + fl(band, "width") == pytest.approx(at(60), abs=0.1)
    caps = sorted(fl(c, "x1") for c in find(a, "line", "ea-chart-cap"))
    assert caps == [pytest.approx(at(30), abs=0.1), pytest.approx(at(60), abs=0.1)]
    # a faint bar up to the low end, then the range: never one solid bar to either end
    faint = [r for r in a.iter(f"{NS}rect") if r.get("opacity")]
    assert len(faint) == 1 and fl(faint[0], "x") == zero
    assert fl(faint[0], "width") == pytest.approx(at(30) - zero, abs=0.1)
    assert value_text(a) == "between 30% and 60%"


def test_between_with_equal_ends_and_decimals() -> None:
    svg = draw(row("fig-1", Value(between=[2, 2]), "companies"), row("fig-2", Value(between=[3.0, 5.1]), "companies"))
    same, decimals = links(svg)
    assert len(find(same, "line", "ea-chart-cap")) == 1
    assert not find(same, "rect", "ea-chart-range")
    assert value_text(same) == "between 2 and 2 companies"
    assert value_text(decimals) == "between 3 and 5.1 companies"
    (band,) = find(decimals, "rect", "ea-chart-range")
    assert fl(band, "width") > 0
    assert tick_number(ticks(svg)[-1]) >= 5.1


def test_about_has_a_soft_end_and_says_about() -> None:
    svg = draw(*beside(row("fig-1", Value(about=25))), prefix="p")
    zero, hundred = axis(svg)[0], axis(svg)[-1]
    a = links(svg)[0]
    assert value_text(a) == "about 25%"
    end = zero + (hundred - zero) * 0.25
    (dotted,) = find(a, "line", "ea-chart-soft-end")
    assert fl(dotted, "x1") == pytest.approx(end, abs=0.1)
    assert dotted.get("stroke-dasharray")
    # the bar fades out through a mask defined in the drawing, with no margin drawn past the value
    faded = [r for r in a.iter(f"{NS}rect") if r.get("mask")]
    assert len(faded) == 1
    mask_id = re.fullmatch(r"url\(#(.+)\)", faded[0].get("mask", "")).group(1)  # type: ignore[union-attr]
    assert mask_id.startswith("p-") and svg.find(f".//{NS}mask[@id='{mask_id}']") is not None
    assert fl(faded[0], "x") + fl(faded[0], "width") == pytest.approx(end, abs=0.1)
    assert not find(a, "line", "ea-chart-cap") and not find(a, "rect", "ea-chart-range")


def test_at_least_has_an_arrow_beyond_the_value() -> None:
    svg = draw(*beside(row("fig-1", Value(at_least=5), "deaths")))
    a = links(svg)[0]
    assert value_text(a) == "at least 5 deaths"
    r = bar(a)
    end = fl(r, "x") + fl(r, "width")
    (shaft,) = find(a, "line", "ea-chart-arrow")
    (head,) = find(a, "path", "ea-chart-arrowhead")
    assert fl(shaft, "x1") == pytest.approx(end, abs=0.1)
    assert fl(shaft, "x2") > end
    xs = [float(n) for n in re.findall(r"[ML](-?[\d.]+)", head.get("d", ""))]
    assert max(xs) > fl(shaft, "x2") > end


def test_at_most_is_a_dashed_outline_with_an_end_cap() -> None:
    svg = draw(*beside(row("fig-1", Value(at_most=30))))
    a = links(svg)[0]
    assert value_text(a) == "at most 30%"
    (outline,) = find(a, "rect", "ea-chart-outline")
    assert outline.get("stroke-dasharray")
    (cap,) = find(a, "line", "ea-chart-cap")
    assert fl(cap, "x1") == pytest.approx(fl(outline, "x") + fl(outline, "width"), abs=0.1)


def test_almost_is_a_bar_that_stops_short_of_a_dashed_cap() -> None:
    svg = draw(*beside(row("fig-1", Value(almost=60))))
    zero, hundred = axis(svg)[0], axis(svg)[-1]
    a = links(svg)[0]
    assert value_text(a) == "almost 60%"
    end = zero + (hundred - zero) * 0.6
    (cap,) = find(a, "line", "ea-chart-cap")
    assert fl(cap, "x1") == pytest.approx(end, abs=0.1)
    assert cap.get("stroke-dasharray")
    r = bar(a)
    assert end - 8 < fl(r, "x") + fl(r, "width") < end - 2
    assert not find(a, "rect", "ea-chart-outline") and not find(a, "line", "ea-chart-arrow")


def test_a_range_given_as_a_minimum_has_the_arrow_of_or_more() -> None:
    svg = draw(*beside(row("fig-1", Value(between=[15, 25], or_more=True), "deaths")))
    a = links(svg)[0]
    assert value_text(a) == "at least 15 to 25 deaths"
    (band,) = find(a, "rect", "ea-chart-range")
    end = fl(band, "x") + fl(band, "width")
    (shaft,) = find(a, "line", "ea-chart-arrow")
    assert fl(shaft, "x1") == pytest.approx(end, abs=0.1) and fl(shaft, "x2") > end
    key = next(g for g in svg.iter(f"{NS}g") if "ea-chart-legend" in classes(g))
    assert "at least a range: low to high, or more" in texts(key)


def test_a_value_of_zero_still_shows_a_mark() -> None:
    svg = draw(row("fig-1", Value(exact=0), "deaths"), row("fig-2", Value(exact=3), "deaths"))
    zero_row = links(svg)[0]
    assert find(zero_row, "line", "ea-chart-zero")
    assert value_text(zero_row) == "0 deaths"


def test_all_values_zero() -> None:
    svg = draw(row("fig-1", Value(exact=0), "deaths"), row("fig-2", Value(at_most=0), "deaths"))
    assert ticks(svg) == ["0", "1"]
    assert [value_text(a) for a in links(svg)] == ["0 deaths", "at most 0 deaths"]


# ---- the archive's calculations and flags ------------------------------------------------------


def test_derived_rows_are_hatched_and_say_so() -> None:
    svg = draw(
        row("fig-1", Value(exact=25), label="Camp A"),
        row("fig-2", Value(between=[3.0, 5.1]), label="Camp B", derived=True),
        prefix="mort",
    )
    source, derived = links(svg)
    assert derived.get("aria-label") == "Camp B, archive's calculation: between 3% and 5.1%"
    assert "archive's calculation" in texts(derived)
    fills = {r.get("fill") for r in derived.iter(f"{NS}rect") if "ea-chart-hatched" in classes(r)}
    assert "url(#mort-hatch)" in fills
    assert svg.find(f".//{NS}defs/{NS}pattern[@id='mort-hatch']") is not None
    (band,) = find(derived, "rect", "ea-chart-range")
    assert band.get("fill") == "url(#mort-hatch)"
    # a source's claim is neither hatched nor marked
    assert source.get("aria-label") == "Camp A: 25%"
    assert not any("calculation" in t for t in texts(source))
    assert not find(source, "rect", "ea-chart-hatched")
    assert any("archive's calculation" in t for t in texts(svg.find(f".//{NS}g[@class='ea-chart-legend']")))  # type: ignore[arg-type]


def test_flags_are_shown_as_text_with_a_symbol() -> None:
    svg = draw(
        row("fig-1", Value(exact=42), label="Chongori · 2020", flag="sources differ"), row("fig-2", Value(exact=71))
    )
    flagged, plain = links(svg)
    assert "sources differ" in texts(flagged)
    assert find(flagged, "path", "ea-chart-flag-icon")
    assert flagged.get("aria-label") == "Chongori · 2020, sources differ: 42%"
    assert not find(plain, "path", "ea-chart-flag-icon")


def test_a_long_flag_wraps_inside_the_frame() -> None:
    flag = "sources differ: " + "one source gives another number entirely " * 4
    svg = draw(*beside(row("fig-1", Value(exact=42), flag=flag)))
    width = float(svg.get("viewBox", "").split()[2])
    notes = find(svg, "text", "ea-chart-note--flag")
    assert len(notes) > 1
    assert " ".join("".join(n.itertext()) for n in notes) == " ".join(flag.split())
    assert all(0 <= fl(n, "x") < width for n in notes)


# ---- links, names, legend -----------------------------------------------------------------------


def test_each_row_is_a_link_with_an_accessible_name() -> None:
    svg = draw(
        row("fig-1", Value(exact=42), label="Chongori · 2020", href="../../figures/fig-1/"),
        row("fig-2", Value(exact=71), label="Chongori · 2021", href="fig-2/"),
    )
    assert [(a.get("href"), a.get("aria-label")) for a in links(svg)] == [
        ("../../figures/fig-1/", "Chongori · 2020: 42%"),
        ("fig-2/", "Chongori · 2021: 71%"),
    ]
    assert svg.get("role") == "group"  # it holds links, which role="img" would hide
    assert svg.findtext(f"{NS}title") == "A chart" and svg.findtext(f"{NS}desc") == "What it shows"


def test_the_legend_lists_only_the_marks_used() -> None:
    def legend(*rows: Row) -> str:
        svg = draw(*rows)
        group = next(g for g in svg.iter(f"{NS}g") if "ea-chart-legend" in classes(g))
        return " | ".join(texts(group))

    only_exact = legend(*beside(row("fig-1", Value(exact=1), "wigs")))
    assert "exact" in only_exact
    assert not any(w in only_exact for w in ("about", "between", "at least", "at most", "calculation", "comparison"))
    mixed = legend(
        row("fig-1", Value(about=9000), "wigs", highlight=True),
        row("fig-2", Value(at_least=5000), "wigs"),
        row("fig-3", Value(at_most=100), "wigs", derived=True),
    )
    for words in ("about", "at least", "at most", "archive's calculation", "comparison"):
        assert words in mixed
    assert "exact" not in mixed and "between" not in mixed


def test_context_rows_are_told_apart_from_the_pages_own() -> None:
    svg = draw(row("fig-1", Value(exact=42), highlight=True), row("fig-2", Value(exact=25)))
    own, other = links(svg)
    assert find(own, "text", "ea-chart-label--highlight")
    assert not find(other, "text", "ea-chart-label--highlight")
    assert "ea-chart-context" in classes(other) and "ea-chart-context" not in classes(own)


# ---- the axis -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "value", "last_tick"),
    [
        ("percent", Value(exact=100), "100%"),
        ("percent", Value(exact=130), "150%"),
        ("usd", Value(exact=1_200_000), "1,500,000"),
        ("wigs", Value(about=9000), "10,000"),
        ("companies", Value(between=[1, 2]), "2"),
        ("deaths", Value(at_least=5), "6"),
        ("hours", Value(at_most=12.5), "15"),
        ("percent", Value(between=[3.0, 5.1]), "100%"),
    ],
)
def test_the_axis_covers_the_largest_value(unit: str, value: Value, last_tick: str) -> None:
    svg = draw(row("fig-1", value, unit), row("fig-2", Value(exact=1), unit))
    labels = ticks(svg)
    assert labels[0] in ("0", "0%") and labels[-1] == last_tick
    numbers = [tick_number(t) for t in labels]
    assert numbers == sorted(numbers) and 2 <= len(numbers) <= 6
    steps = {round(b - a, 9) for a, b in itertools.pairwise(numbers)}
    assert len(steps) == 1, "ticks are evenly spaced"
    # every mark ends on or before the axis' last tick (arrows may point past it)
    grid = axis(svg)
    for a in links(svg):
        in_masks = {id(r) for m in a.iter(f"{NS}mask") for r in m.iter(f"{NS}rect")}
        for r in a.iter(f"{NS}rect"):
            if "ea-chart-hit" not in classes(r) and id(r) not in in_masks:
                assert fl(r, "x") + fl(r, "width") <= grid[-1] + 0.1


def test_counts_get_no_fractional_ticks() -> None:
    svg = draw(*beside(row("fig-1", Value(exact=2), "companies")))
    assert ticks(svg) == ["0", "1", "2"]


def test_large_values_are_written_in_full() -> None:
    svg = draw(*beside(row("fig-1", Value(exact=1_200_000), "usd")))
    assert ticks(svg) == ["0", "500,000", "1,000,000", "1,500,000"]
    assert value_text(links(svg)[0]) == "US$1,200,000"
    assert "Scale: US dollars" in texts(svg)


def test_height_grows_with_the_rows_and_width_stays() -> None:
    two = draw(*(row(f"fig-{i}", Value(exact=42)) for i in range(2)))
    four = draw(*(row(f"fig-{i}", Value(exact=42)) for i in range(4)))
    w2, h2 = (float(n) for n in two.get("viewBox", "").split()[2:])
    w4, h4 = (float(n) for n in four.get("viewBox", "").split()[2:])
    assert 640 <= w2 == w4 <= 700
    assert h4 > h2 + 80


# On a 390 px phone the page's column is 358 px wide (Material's 16 px margins): a drawing as wide
# as the column, or narrower, is drawn at 358 / its width CSS px a unit, no more.
PHONE_COLUMN = 358


def test_the_phone_layout_keeps_every_text_12px_or_more_on_a_390px_phone() -> None:
    rows = (
        row("fig-1", Value(at_least=5), "deaths", derived=True, flag="sources differ", highlight=True, population="A"),
        row("fig-2", Value(about=3), "deaths", population="B"),
    )
    phone, wide = draw(*rows, narrow=True), draw(*rows)
    width = float(phone.get("viewBox", "").split()[2])
    assert width < float(wide.get("viewBox", "").split()[2])
    assert "ea-narrow" in classes(phone) and "ea-wide" in classes(wide)
    sizes = [fl(t, "font-size") for t in phone.iter(f"{NS}text")]
    assert sizes and min(sizes) * min(1.0, PHONE_COLUMN / width) >= 12
    # the same rows, links and words as the wide one
    assert [a.get("aria-label") for a in links(phone)] == [a.get("aria-label") for a in links(wide)]
    assert sorted(texts(phone)) != [] and set(" ".join(texts(phone)).split()) == set(" ".join(texts(wide)).split())
    # nothing runs past the right edge: every line of text was measured to fit
    for t in phone.iter(f"{NS}text"):
        assert 0 <= fl(t, "x") <= width


# ---- what a chart compares ----------------------------------------------------------------------


def test_a_lone_figure_makes_no_chart() -> None:
    lone = row("fig-1", Value(exact=25))
    assert comparable([lone]) == []
    # two figures of a measure in different units compare nothing either
    assert comparable([lone, row("fig-2", Value(exact=40), "deaths")]) == []
    with pytest.raises(ValueError, match="two rows or more"):
        render_chart([lone], title="t", desc="d", prefix="p")


def test_figures_are_charted_with_those_in_the_same_unit() -> None:
    rows = [
        row("fig-1", Value(exact=25)),
        row("fig-2", Value(exact=40), "deaths"),
        row("fig-3", Value(about=8), derived=True),
        row("fig-4", Value(exact=500), "people"),
    ]
    charts = comparable(rows)
    assert [[r.id for r in chart] for chart in charts] == [["fig-1", "fig-3"]]


def test_rows_counting_different_people_each_say_whom_they_count() -> None:
    svg = draw(
        row("fig-5", Value(exact=25), label="Chongori", population="Inmates of Chongori"),
        row(
            "fig-16", Value(between=[3, 5.1]), label="Kaechon", derived=True, population="Women serving life sentences"
        ),
    )
    chongori, kaechon = links(svg)
    assert texts(chongori)[:2] == ["Chongori", "Inmates of Chongori"]
    assert "Women serving life sentences" in texts(kaechon)
    assert (
        kaechon.get("aria-label") == "Kaechon, archive's calculation, Women serving life sentences: between 3% and 5.1%"
    )
    assert not any(t.startswith("Counted") for t in texts(svg))


def test_rows_counting_the_same_say_it_once_above_the_axis() -> None:
    counted = "Wig exports to China made at Chongori"
    svg = draw(
        row("fig-7", Value(exact=42), label="2020", population=counted),
        row("fig-8", Value(exact=71), label="2021", population=f"  {counted.lower()} "),
    )
    captions = find(svg, "text", "ea-chart-caption")
    assert [" ".join("".join(t.itertext()) for t in captions)] == [f"Counted: {counted}"]
    assert not find(svg, "text", "ea-chart-population")
    assert [a.get("aria-label") for a in links(svg)] == ["2020: 42%", "2021: 71%"]
    # a caption sits above the axis' ticks
    assert max(fl(t, "y") for t in captions) < min(fl(t, "y") for t in find(svg, "text", "ea-chart-tick"))


# ---- names --------------------------------------------------------------------------------------


def _curated(s: str) -> str:
    """As axe-core compares a link's words with its name: no punctuation, spaces collapsed, lower case."""
    return " ".join(re.sub(r"[^\w\s]", " ", s).split()).lower()


@pytest.mark.parametrize("narrow", [False, True])
def test_each_links_name_holds_the_words_it_shows_in_order(narrow: bool) -> None:
    out = render_chart(
        [
            row(
                "fig-1",
                Value(at_least=5),
                "deaths",
                label="Camp A · 2020 to August 2022",
                derived=True,
                flag="sources differ",
                population="Women serving life sentences at Camp A",
            ),
            row("fig-2", Value(about=3), "deaths", label="Camp B · period not given", population="Inmates of Camp B"),
        ],
        title="t",
        desc="d",
        prefix="p",
        narrow=narrow,
    )
    for a in links(ET.fromstring(out)):
        shown = " ".join(texts(a))
        assert _curated(shown) in _curated(a.get("aria-label", "")), (shown, a.get("aria-label"))
    # between one text and the next, a space: read one after the other, their words do not run on
    for link in re.findall(r"<a .*?</a>", out):
        assert not re.search(r"</text><(?!/a>)", link), link


@pytest.mark.parametrize("narrow", [False, True])
def test_a_word_too_long_for_a_line_begins_the_links_name_broken_as_it_shows(narrow: bool) -> None:
    """axe-core compares whole words: a word broken across two lines ("Supercalifragi" /
    "listic...") is not the word in the name, so the name starts with the lines as drawn, then says
    the row whole."""
    label = "> ⟦camp name⟧: </title> " + "Supercalifragilistic" * 8 + " · 2020"
    hostile = row("fig-1", Value(about=25), label=label, flag="sources differ", population="Inmates")
    plain = row("fig-2", Value(exact=3), population="Guards")
    svg = draw(hostile, plain, narrow=narrow)
    first, second = links(svg)
    drawn = texts(first)
    assert "Supercalifragilistic" * 8 not in drawn[0] + drawn[1]  # the word is broken
    name = first.get("aria-label", "")
    assert name.startswith(" ".join(drawn) + " ")
    assert name.endswith(f"{label}, sources differ, Inmates: about 25%")
    # a row drawn whole keeps its name as it was, said once
    assert second.get("aria-label") == "Label fig-2, Guards: 3%"


# ---- refusals -----------------------------------------------------------------------------------


def test_mixed_units_raise() -> None:
    with pytest.raises(ValueError, match="one unit"):
        render_chart(
            [row("fig-1", Value(exact=1), "people"), row("fig-2", Value(exact=1), "deaths")],
            title="t",
            desc="d",
            prefix="p",
        )


@pytest.mark.parametrize(
    ("rows", "prefix"),
    [
        ([], "p"),
        ([Row("fig-1", "A", "a/", Value(exact=-1), "people"), Row("fig-2", "B", "b/", Value(exact=1), "people")], "p"),
        (
            [Row("fig-1", "A", "a/", Value(exact=1), "people"), Row("fig-2", "B", "b/", Value(exact=1), "people")],
            "1-bad id",
        ),
        ([Row("fig-1", "A", "a/", Value(exact=1), "people")], "p"),
    ],
)
def test_what_cannot_be_drawn_raises(rows: list[Row], prefix: str) -> None:
    with pytest.raises(ValueError):
        render_chart(rows, title="t", desc="d", prefix=prefix)


# ---- output -------------------------------------------------------------------------------------

HOSTILE = "Camp <b>&amp; \"A\"</svg><script>alert(1)</script> 'x'"


def test_hostile_text_is_escaped() -> None:
    out = render_chart(
        beside(Row("fig-1", HOSTILE, '../x/?a=1&b="2"', Value(exact=3), "deaths", flag="<i>differ</i> & more")),
        title="</title><script>1</script>",
        desc='"><svg onload=alert(1)>',
        prefix="h",
    )
    svg = ET.fromstring(out)  # parses: nothing broke out of the markup
    assert out.count("<svg") == 1 and out.count("</svg>") == 1
    assert not any(e.tag.endswith(("script", "b", "i")) for e in svg.iter())
    a = links(svg)[0]
    assert a.get("href") == '../x/?a=1&b="2"'
    assert a.get("aria-label") == f"{HOSTILE}, <i>differ</i> & more: 3 deaths"
    label = " ".join("".join(t.itertext()) for t in find(a, "text", "ea-chart-label"))
    assert label == HOSTILE
    assert "<i>differ</i> & more" in " ".join(texts(a))
    assert svg.findtext(f"{NS}title") == "</title><script>1</script>"


def test_output_is_one_deterministic_line_with_ids_from_the_prefix() -> None:
    rows = [
        row("fig-1", Value(about=9000), "wigs", highlight=True, label="Line\nbreak"),
        row("fig-2", Value(between=[1000, 2000]), "wigs", derived=True),
        row("fig-3", Value(at_least=5000), "wigs", derived=True, flag="sources differ"),
        row("fig-4", Value(at_most=700), "wigs"),
    ]
    first = render_chart(rows, title="t\n\nt", desc="d", prefix="wig")
    assert first == render_chart(rows, title="t\n\nt", desc="d", prefix="wig")
    assert "\n" not in first and "\r" not in first
    ids = re.findall(r'\bid="([^"]*)"', first)
    assert ids and len(ids) == len(set(ids))
    assert all(i.startswith("wig-") for i in ids)
    # every reference points at an ID of this drawing
    for ref in re.findall(r"url\(#([^)]*)\)", first):
        assert ref in ids
    other = render_chart(rows, title="t", desc="d", prefix="other")
    assert not set(re.findall(r'\bid="([^"]*)"', other)) & set(ids)


# ---- in the built site, on a phone and a laptop -------------------------------------------------
# The real archive's site (conftest.py's session build) in Chromium: pages with charts, the
# timeline, in both languages.

DRAWN_PAGES = [
    "/camps/kaechon/",
    "/camps/chongori/",
    "/measures/annual-mortality-rate/",
    "/measures/inmate-population/",
    "/timeline/",
    "/ko/camps/kaechon/",
    "/ko/measures/inmate-population/",
    "/ko/timeline/",
]
LAPTOP = {"width": 1280, "height": 800}

# Each drawing shown on the page: its class, every text (and tspan) drawn under 12 CSS px (its
# computed font size times the scale the drawing is shown at), every link smaller than 24 x 24 px.
MEASURED = """() => [...document.querySelectorAll('figure.ea-visual svg')]
    .filter(svg => svg.getClientRects().length)
    .map(svg => ({
        cls: svg.getAttribute('class'),
        texts: svg.querySelectorAll('text').length,
        small: [...svg.querySelectorAll('text, tspan')]
            .filter(t => t.getClientRects().length && t.textContent.trim())
            .map(t => {
                const m = t.getScreenCTM();
                return [t.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
            })
            .filter(([, px]) => px < 12)
            .map(([words, px]) => `${words}: ${px.toFixed(1)} px`),
        links: svg.querySelectorAll('a').length,
        tiny: [...svg.querySelectorAll('a')]
            .map(a => [a.getAttribute('href'), a.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24)
            .map(([href, r]) => `${href}: ${Math.round(r.width)} x ${Math.round(r.height)} px`),
    }))"""


def _measured(browser: Any, base_url: str, viewport: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        found = {}
        for path in DRAWN_PAGES:
            page.goto(base_url + path)
            found[path] = page.evaluate(MEASURED)
        return found
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_every_text_in_a_drawing_is_12px_or_more_and_every_link_24px(
    browser: Any, base_url: str, viewport: dict[str, int]
) -> None:
    found = _measured(browser, base_url, viewport)
    layout = "ea-narrow" if viewport is PHONE else "ea-wide"
    for path, drawings in found.items():
        ours = [d for d in drawings if d["cls"].split()[0] in ("ea-chart", "ea-tl")]
        assert ours, f"{path}: no chart or timeline shown"
        # one layout of each chart and timeline shows: the phone's on a phone
        assert all(layout in d["cls"].split() for d in ours), (path, [d["cls"] for d in ours])
        for d in drawings:
            assert d["texts"] and d["links"], (path, d["cls"])
            assert d["small"] == [], f"{path} at {viewport['width']} px, {d['cls']}: text under 12 px: {d['small']}"
            assert d["tiny"] == [], f"{path} at {viewport['width']} px, {d['cls']}: links under 24 px: {d['tiny']}"


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_a_drawings_links_say_their_visible_words_in_their_names(
    browser: Any, base_url: str, viewport: dict[str, int]
) -> None:
    """axe-core's "label in name" rule (WCAG 2.5.3), run by itself on the drawings."""
    script = axe_script()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        failed = {}
        for path in DRAWN_PAGES:
            page.goto(base_url + path)
            page.evaluate(script + "\n;0")  # evaluated: the pages' Content-Security-Policy refuses inline scripts
            result = page.evaluate(
                "() => axe.run({include: [['figure.ea-visual']]}, {runOnly: {type: 'rule', values: ['label-content-name-mismatch']}})"
            )
            checked = sum(len(r["nodes"]) for r in result["passes"])
            bad = [n["html"][:160] for v in result["violations"] + result["incomplete"] for n in v["nodes"]]
            if bad or not checked:
                failed[path] = bad or ["no link checked"]
    finally:
        context.close()
    assert failed == {}, failed


def test_no_chart_in_the_site_has_a_single_bar(site: Path) -> None:
    charts = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for svg in re.findall(r'<svg[^>]*class="ea-chart[^"]*".*?</svg>', html):
            charts += 1
            rows = re.findall(r'<a class="ea-chart-row', svg)
            assert len(rows) >= 2, f"{page.relative_to(site)}: a chart of {len(rows)} bar"
            if "/camps/" in page.as_posix():  # a camp's chart shows a figure of its own
                assert "ea-chart-label--highlight" in svg, page.relative_to(site)
    assert charts > 0
