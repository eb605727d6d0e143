"""A timeline of dated records, drawn as static SVG: uncertain dates are spans, never false points.

Dates are EDTF strings (or ``unknown``). ``span_of`` turns one into a ``Span``: how early the thing
can have begun, how late it can have ended, and, for a period, the stretch it certainly covered.
``render_timeline`` draws one row per dated item on a shared year axis:

* an event (an instant) known to the day is a dot; known less precisely (a month, a year, an
  interval) it is a thin band with end caps over every day it can have happened on, never a dot;
* a period (a figure's or a testimony's time) is a light band over its possible extent with a
  solid bar over the stretch it certainly covered;
* approximate or uncertain ends (``~ ? %``) fade out, with dashed edges, over the extra room the
  qualifier allows;
* an open end (``..``) or an unknown one (an empty side of ``/``) runs to the edge of the axis
  and ends in an arrow: no end date is invented.

The marks differ by shape, height and opacity, not by hue alone, so the drawing survives
black-and-white printing. Colours come from ``docs/assets/archive.css`` (classes
``ea-tl-*``); a few presentation attributes keep the drawing legible without that stylesheet.
The axis is worked out from the data only (never from today's date), so the same items always
give the same SVG.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from build_tools.pages.fmt import fmt_date
from build_tools.pages.visual.svg import el, num, root, text
from build_tools.pages.visual.svg import text_width as _width
from build_tools.pages.visual.svg import wrap as _wrap
from build_tools.records.dates import Shape
from build_tools.records.dates import shape as shape_of_date

KINDS = {"event": False, "figure": True, "testimony": True}  # kind -> drawn as a period
LEGEND = {
    "dot": "event on a known day",
    "range": "event, day unknown: somewhere in this range",
    "band": "period, possible extent",
    "core": "period, certainly covered",
    "fuzzy": "approximate or uncertain",
}
OPEN = ("no start or end date given", "no start date given", "no end date given")
NONE_DATED = "No dated entries."
# Every word the timeline shows, in English; ``render_timeline``'s ``words`` gives them in another
# language (the dates come in words with each item).
WORDS = (*KINDS, *LEGEND.values(), *OPEN, NONE_DATED)
Words = Mapping[str, str] | None  # English -> the page's language; what it lacks stays English


def _say(words: Words, english: str) -> str:
    return words.get(english, english) if words else english


# ---- items ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: str  # record ID
    label: str  # e.g. the record's title
    href: str  # link to the record page (relative URL, used as given)
    kind: str  # "event" | "figure" | "testimony"
    date: str  # EDTF or "unknown"
    highlight: bool = False
    when: str = ""  # the date in words, in the page's language; fmt_date's English when empty


def _is_period(item: Item) -> bool:
    try:
        return KINDS[item.kind]
    except KeyError:
        raise ValueError(f"{item.id}: a timeline cannot draw kind {item.kind!r}; known: {', '.join(KINDS)}") from None


def undated(items: Iterable[Item]) -> list[Item]:
    """The items the timeline leaves out because no span can be drawn for them, in given order."""
    return [i for i in items if shape_of_date(i.date, _is_period(i)) is None]


# ---- layout -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A layout: the drawing's width, where its axis runs, and its type sizes (drawing units)."""

    width: float
    x0: float  # the axis: first and last tick
    x1: float
    label: float
    when: float  # the kind and date after a label
    small: float  # years and the legend
    line: float  # label line height


WIDE = Frame(640.0, 30.0, 610.0, 15, 13, 13, 18.0)  # a page's column, at about a unit a pixel
NARROW = Frame(360.0, 22.0, 338.0, 15, 14, 14, 19.0)  # a phone, at about a unit a pixel: 12 px and up
WIDTH = WIDE.width
EDGE = 8.0  # left and right room for text
BAND_H, RANGE_H, CAP_H, DOT_R, ARROW = 12.0, 6.0, 14.0, 5.0, 9.0
MIN_BAND = 3.0  # narrower spans are widened about their middle, to stay visible
MIN_RANGE = 7.0  # an event's band stays wider than a dot, so it is never mistaken for one
TICK_GAP = 50.0  # least room between two labelled ticks
AXIS_EVERY = 600.0  # a long timeline shows its year labels again after about this much height (a phone's screen)
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)


def _label_lines(label: str, when: str, f: Frame) -> tuple[list[str], bool]:
    """The label in as many lines as it needs, and whether the kind and date fit after it on the
    last line (else they take a line of their own)."""
    room = f.width - 2 * EDGE
    lines = _wrap(label, f.label, room)
    return lines, _width(lines[-1], f.label) + _width(when, f.when) + 8 <= room


@dataclass(frozen=True)
class _Axis:
    start: date  # at x0
    end: date  # at x1
    step: int  # years between labelled ticks
    minor: int  # years between grid lines
    x0: float
    x1: float

    def x(self, d: date) -> float:
        total = self.end.toordinal() - self.start.toordinal()
        return self.x0 + (d.toordinal() - self.start.toordinal()) / total * (self.x1 - self.x0)

    def years(self, every: int) -> list[int]:
        return list(range(self.start.year, self.end.year + 1, every))


def _shift(d: date, by: timedelta) -> date:
    try:
        return d + by
    except OverflowError:
        return date.min if by.days < 0 else date.max


def _axis(shapes: Sequence[Shape], f: Frame) -> _Axis:
    lo = min(s.span.earliest for s in shapes)
    hi = max(s.span.latest for s in shapes) + timedelta(days=1)  # the end of the last day
    # an open end needs room to run on past its known side before the arrow
    run = timedelta(days=max(365, (hi - lo).days // 10))
    if any(s.span.open_start for s in shapes):
        lo = min(lo, _shift(min(s.span.earliest for s in shapes if s.span.open_start), -run))
    if any(s.span.open_end for s in shapes):
        hi = max(hi, _shift(max(s.span.latest for s in shapes if s.span.open_end), run))
    lo, hi = max(lo, date(1, 1, 1)), min(hi, date(9999, 1, 1))
    first_year, last_year = lo.year, hi.year + (hi != date(hi.year, 1, 1))
    step = NICE_STEPS[-1]
    for n in NICE_STEPS:
        if -(-last_year // n) - first_year // n <= (f.x1 - f.x0) / TICK_GAP:
            step = n
            break
    start = max(first_year // step * step, 1)
    end = min(-(-last_year // step) * step, 9999)
    if end <= start:
        end = start + step
    minor = step // 2 if step % 2 == 0 else step // 5 if step % 5 == 0 else step  # 2->1, 5->1, 10->5
    year_w = (f.x1 - f.x0) / (end - start)
    if minor * year_w < 5:
        minor = step
    return _Axis(date(start, 1, 1), date(end, 1, 1), step, minor, f.x0, f.x1)


# ---- marks --------------------------------------------------------------------------------------


def _rect(cls: str, x0: float, x1: float, cy: float, h: float, **extra: object) -> str:
    return el(
        "rect",
        {"class": cls, "x": num(x0), "y": num(cy - h / 2), "width": num(max(x1 - x0, 0)), "height": num(h), **extra},
    )


def _widen(x0: float, x1: float, least: float) -> tuple[float, float]:
    if x1 - x0 >= least:
        return x0, x1
    mid = (x0 + x1) / 2
    return mid - least / 2, mid + least / 2


def _arrow(x: float, cy: float, h: float, right: bool, cls: str) -> str:
    tip = x + ARROW if right else x - ARROW
    half = h / 2 + 3
    d = f"M{num(x)} {num(cy - half)}L{num(tip)} {num(cy)}L{num(x)} {num(cy + half)}Z"
    return el("path", {"class": f"ea-tl-arrow {cls}", "d": d})


def _fuzz(x0: float, x1: float, cy: float, h: float, fade: str, prefix: str) -> str:
    """A qualified end's extra room: fading out, edged with dashes."""
    if x1 - x0 < 0.5:
        return ""
    top, bottom = num(cy - h / 2), num(cy + h / 2)
    edge = f"M{num(x0)} {top}H{num(x1)}M{num(x0)} {bottom}H{num(x1)}"
    return _rect("ea-tl-fuzz", x0, x1, cy, h, fill=f"url(#{prefix}-{fade})", **{"fill-opacity": ".25"}) + el(
        "path", {"class": "ea-tl-fuzz-edge", "d": edge, "fill": "none", "stroke": "currentColor"}
    )


def _mark(shape: Shape, period: bool, axis: _Axis, cy: float, prefix: str) -> tuple[str, set[str], tuple[float, float]]:
    """One item's mark, the mark types it uses (for the legend), and where it begins and ends."""
    span = shape.span
    x0, x1 = axis.x0, axis.x1
    one_day = (x1 - x0) / (axis.end.toordinal() - axis.start.toordinal())
    if not period and span.earliest == span.latest and not span.fuzzy and not (span.open_start or span.open_end):
        x = axis.x(span.earliest) + one_day / 2
        dot = el("circle", {"class": "ea-tl-dot", "cx": num(x), "cy": num(cy), "r": num(DOT_R)})
        return dot, {"dot"}, (x - DOT_R, x + DOT_R)
    used = {"band" if period else "range"}
    h = BAND_H if period else RANGE_H
    cls = "ea-tl-band" if period else "ea-tl-range"
    # the solid middle runs over what the value names; qualified ends fade over the extra room
    a = x0 if span.open_start else axis.x(shape.strict_lo if shape.fuzzy_start else span.earliest)
    b = x1 if span.open_end else axis.x((shape.strict_hi if shape.fuzzy_end else span.latest) + timedelta(days=1))
    if not (span.open_start or span.open_end):
        a, b = _widen(a, b, MIN_BAND if period else MIN_RANGE)
    parts = [_rect(cls, a, b, cy, h, **{"fill-opacity": ".25"})]
    left, right = a, b
    if shape.fuzzy_start:
        left = axis.x(span.earliest)
        parts.append(_fuzz(left, a, cy, h, "fade-in", prefix))
    if shape.fuzzy_end:
        right = axis.x(span.latest + timedelta(days=1))
        parts.append(_fuzz(b, right, cy, h, "fade-out", prefix))
    if shape.fuzzy_start or shape.fuzzy_end:
        used.add("fuzzy")
    if not period:  # caps mark the ends an event lies between, where they are sharp
        for x, sharp in ((a, not (shape.fuzzy_start or span.open_start)), (b, not (shape.fuzzy_end or span.open_end))):
            if sharp:
                parts.append(_cap(x, cy))
    if span.core is not None:
        used.add("core")
        c0 = x0 if span.open_start else axis.x(span.core[0])
        c1 = x1 if span.open_end else axis.x(span.core[1] + timedelta(days=1))
        if not (span.open_start or span.open_end):
            c0, c1 = _widen(c0, c1, MIN_BAND)
        parts.append(_rect("ea-tl-core", c0, c1, cy, BAND_H))
    if span.open_start or span.open_end:
        used.add("open")
        solid = "ea-tl-arrow-core" if span.core is not None else "ea-tl-arrow-band"
        if span.open_start:
            left = x0 - ARROW
            parts.append(_arrow(x0, cy, h, False, solid))
        if span.open_end:
            right = x1 + ARROW
            parts.append(_arrow(x1, cy, h, True, solid))
    return "".join(parts), used, (left, right)


def _cap(x: float, cy: float) -> str:
    return el(
        "line",
        {
            "class": "ea-tl-cap",
            "x1": num(x),
            "y1": num(cy - CAP_H / 2),
            "x2": num(x),
            "y2": num(cy + CAP_H / 2),
            "stroke": "currentColor",
        },
    )


# ---- legend -------------------------------------------------------------------------------------


def _legend(
    used: set[str], opens: tuple[bool, bool], prefix: str, y: float, f: Frame, say: Words = None
) -> tuple[str, float]:
    """Only the mark types used, wrapped over as many lines as needed; returns (svg, next y)."""
    starts, ends = opens
    open_words = OPEN[0] if starts and ends else OPEN[1] if starts else OPEN[2]
    entries = [(key, _say(say, english)) for key, english in (*LEGEND.items(), ("open", open_words))]
    glyph_w, pad = 26.0, 18.0
    x, cy, parts = EDGE, y + 8, []
    for key, words in entries:
        if key not in used:
            continue
        lines = _wrap(words, f.small, f.width - 2 * EDGE - glyph_w - 6)
        w = glyph_w + 6 + max(_width(line, f.small) for line in lines)
        if x > EDGE and x + w > f.width - EDGE:
            x, cy = EDGE, cy + f.line
        g0, g1 = x, x + glyph_w
        if key == "dot":
            glyph = el("circle", {"class": "ea-tl-dot", "cx": num(g0 + glyph_w / 2), "cy": num(cy), "r": num(DOT_R)})
        elif key == "range":
            glyph = _rect("ea-tl-range", g0 + 2, g1 - 2, cy, RANGE_H, **{"fill-opacity": ".25"})
            glyph += _cap(g0 + 2, cy) + _cap(g1 - 2, cy)
        elif key == "band":
            glyph = _rect("ea-tl-band", g0, g1, cy, BAND_H, **{"fill-opacity": ".25"})
        elif key == "core":
            glyph = _rect("ea-tl-core", g0, g1, cy, BAND_H)
        elif key == "fuzzy":
            glyph = _rect("ea-tl-band", g0, g0 + 10, cy, BAND_H, **{"fill-opacity": ".25"})
            glyph += _fuzz(g0 + 10, g1, cy, BAND_H, "fade-out", prefix)
        else:
            glyph = _rect("ea-tl-band", g0, g1 - ARROW, cy, BAND_H, **{"fill-opacity": ".25"})
            glyph += _arrow(g1 - ARROW, cy, BAND_H, True, "ea-tl-arrow-band")
        key_attrs = {"class": "ea-tl-key", "x": num(g1 + 6), "font-size": num(f.small)}
        label = "".join(
            el("text", {**key_attrs, "y": num(cy + 4 + i * f.line)}, text(line)) for i, line in enumerate(lines)
        )
        parts.append(glyph + label)
        cy += (len(lines) - 1) * f.line
        x += w + pad
    return el("g", {"class": "ea-tl-legend", "aria-hidden": "true"}, "".join(parts)), cy + 16


def _defs(prefix: str) -> str:
    def fade(name: str, first: str, last: str) -> str:
        stops = el("stop", {"class": "ea-tl-stop", "offset": "0", "stop-opacity": first}) + el(
            "stop", {"class": "ea-tl-stop", "offset": "1", "stop-opacity": last}
        )
        return el("linearGradient", {"id": f"{prefix}-{name}"}, stops)

    return el("defs", None, fade("fade-in", "0", "1") + fade("fade-out", "1", "0"))


# ---- the drawing --------------------------------------------------------------------------------


def _axis_svg(axis: _Axis, y: float, below: bool, f: Frame) -> str:
    """Year labels with ticks, above the line at ``y`` (or below it)."""
    parts = [
        el(
            "line",
            {
                "class": "ea-tl-axis",
                "x1": num(axis.x0),
                "y1": num(y),
                "x2": num(axis.x1),
                "y2": num(y),
                "stroke": "currentColor",
            },
        )
    ]
    for year in axis.years(axis.step):
        x = axis.x(date(year, 1, 1))
        t0, t1 = (y, y + 4) if below else (y - 4, y)
        parts.append(
            el(
                "line",
                {
                    "class": "ea-tl-tick",
                    "x1": num(x),
                    "y1": num(t0),
                    "x2": num(x),
                    "y2": num(t1),
                    "stroke": "currentColor",
                },
            )
        )
        ty = y + 17 if below else y - 7
        parts.append(
            el(
                "text",
                {"class": "ea-tl-year", "x": num(x), "y": num(ty), "text-anchor": "middle", "font-size": num(f.small)},
                text(year),
            )
        )
    return el("g", {"class": "ea-tl-ticks", "aria-hidden": "true"}, "".join(parts))


def _grid(axis: _Axis, y0: float, y1: float) -> str:
    parts = []
    for year in axis.years(axis.minor):
        x = num(axis.x(date(year, 1, 1)))
        major = (year - axis.start.year) % axis.step == 0
        cls = "ea-tl-grid" if major else "ea-tl-grid ea-tl-grid-minor"
        line = {"class": cls, "x1": x, "y1": num(y0), "x2": x, "y2": num(y1), "stroke": "currentColor"}
        parts.append(el("line", {**line, "stroke-opacity": ".15"}))
    return el("g", {"class": "ea-tl-grids", "aria-hidden": "true"}, "".join(parts))


def render_timeline(
    items: Sequence[Item], *, title: str, desc: str, prefix: str, words: Words = None, narrow: bool = False
) -> str:
    """The items on one shared year axis, one linked row each, as a one-line ``<svg>``; ``narrow``
    lays it out for a phone (``NARROW``).

    Rows are sorted by earliest date, then ID; undated items are left out (see ``undated``). Each
    row is a link named "label, kind, date in words", the words it shows; its label sits above its
    mark, in as many lines as it needs. IDs in the output all begin with ``prefix``. With no dated
    item the drawing only says so. ``words`` gives its words (``WORDS``) in the page's language."""
    f = NARROW if narrow else WIDE
    cls = "ea-tl ea-narrow" if narrow else "ea-tl ea-wide"
    rows: list[tuple[Item, Shape, bool]] = []
    for item in items:
        period = _is_period(item)
        shape = shape_of_date(item.date, period)
        if shape is not None:
            rows.append((item, shape, period))
    rows.sort(key=lambda r: (r[1].span.earliest, r[0].id))
    if not rows:
        lines = _wrap(_say(words, NONE_DATED), f.label, f.width - 2 * EDGE)
        attrs = {"class": "ea-tl-label", "x": num(EDGE), "font-size": num(f.label)}
        note = "".join(el("text", {**attrs, "y": num(22 + i * f.line)}, text(s)) for i, s in enumerate(lines))
        return root(f.width, 36 + (len(lines) - 1) * f.line, title, desc, note, prefix, cls)

    axis = _axis([r[1] for r in rows], f)
    used: set[str] = set()
    for _item, shape, period in rows:
        used |= _mark(shape, period, axis, 0.0, prefix)[1]
    opens = (any(r[1].span.open_start for r in rows), any(r[1].span.open_end for r in rows))
    legend, y = _legend(used, opens, prefix, 6.0, f, words)

    axis_y = y + 22
    body_rows, y = [], axis_y + 4
    since = 0.0  # how far down the rows run from the last year labels
    for i, (item, shape, period) in enumerate(rows):
        if since > AXIS_EVERY and len(rows) - i >= 3:  # the years again, for a reader scrolled down a long one
            body_rows.append(_axis_svg(axis, y + 22, False, f))
            y, since = y + 26, 0.0
        when = f"{_say(words, item.kind)} · {_date(item)}"
        lines, after = _label_lines(" ".join(item.label.split()) or item.id, when, f)
        height = f.line * (len(lines) + (not after)) + 22
        mark, _kinds, extent = _mark(shape, period, axis, y + height - 13, prefix)
        body_rows.append(_row(item, when, (lines, after), mark, extent, y, f, words))
        y += height
        since += height
    rows_end = y
    bottom = ""
    if len(rows) >= 6:
        bottom = _axis_svg(axis, rows_end, True, f)
        y += 24
    body = (
        (_defs(prefix) if "fuzzy" in used else "")
        + legend
        + _grid(axis, axis_y, rows_end)
        + _axis_svg(axis, axis_y, False, f)
        + "".join(body_rows)
        + bottom
    )
    return root(f.width, y + 6, title, desc, body, prefix, cls)


def _date(item: Item) -> str:
    return item.when or fmt_date(item.date)


def _row(
    item: Item,
    when: str,
    label: tuple[list[str], bool],
    mark: str,
    extent: tuple[float, float],
    y: float,
    f: Frame,
    say: Words = None,
) -> str:
    """One linked row: the label (and the kind and date in words, after it or under it) above the
    mark."""
    lines, after = label
    height = f.line * (len(lines) + (not after)) + 22
    when_w = _width(when, f.when)
    widest = max(
        *(_width(line, f.label) for line in lines),
        _width(lines[-1], f.label) + when_w + 8 if after else when_w,
    )
    # over its mark: from where the mark begins, or else ending where it ends, or else from the edge
    left, right = max(extent[0], EDGE), min(extent[1], f.width - EDGE)
    if left + widest <= f.width - EDGE:
        x, anchor = left, None
    elif right - widest >= EDGE:
        x, anchor = right, "end"
    else:
        x, anchor = EDGE, None
    attrs = {"class": "ea-tl-label", "x": num(x), "font-size": num(f.label), "text-anchor": anchor}
    tspan = el("tspan", {"class": "ea-tl-when", "dx": "4", "font-size": num(f.when)}, text(when))
    texts = []
    for i, line in enumerate(lines):
        # the space before the date is a word break, read as one (a link's name holds its words)
        content = f"{text(line)} {tspan}" if after and i == len(lines) - 1 else text(line)
        texts.append(el("text", {**attrs, "y": num(y + 14 + f.line * i)}, content))
    if not after:
        plain = {**attrs, "class": "ea-tl-label ea-tl-when-line", "font-size": num(f.when)}
        texts.append(el("text", {**plain, "y": num(y + 14 + f.line * len(lines))}, text(when)))
    cls = "ea-tl-row" + (" ea-tl-hl" if item.highlight else "")
    bg_attrs = {"class": "ea-tl-bg", "x": "0", "y": num(y), "width": num(f.width), "height": num(height)}
    bg = el("rect", {**bg_attrs, "fill": "transparent"})
    hl = ""
    if item.highlight:
        hl = el("rect", {"class": "ea-tl-hlbar", "x": "0", "y": num(y + 2), "width": "4", "height": num(height - 4)})
    aria = f"{' '.join(lines)}, {_say(say, item.kind)}, {_date(item)}"
    # texts apart by a space, as their words are read
    return el("a", {"class": cls, "href": item.href, "aria-label": aria}, " ".join([bg + hl, *texts, mark]))
