"""A chart of comparable figures: one measure in one unit, one horizontal row per figure.

A chart compares, so it is drawn only for two rows or more (``comparable`` groups a measure's rows
into the charts they make and leaves out a group of one: that figure is told in the page's table,
not as a lone bar). What is compared is said in the drawing: when the rows count different people
or things (their ``population`` differs, "women serving life sentences" beside "inmates"), each
row says what it counts under its label; when they all count the same, a line above the axis
says it once ("Counted: ...").

Each row shows its label on a line of its own, above the mark (so a long label never squeezes the
bars on a phone), and the value in words (``fmt_value``) at the end of the mark, or on a line under
it when it would run past the right edge. The axis is linear and starts at 0: 0-100 for percent
unless a value exceeds 100, otherwise up to a "nice" number (1, 2, 2.5 or 5 times a power of ten)
at or above the largest value shown. Tick labels are written in full with thousands separators
(1,500,000), never abbreviated (1.5M), the same way the values themselves are written; on a
narrow drawing every other one is left out when they would touch.

Uncertainty is drawn as the source gives it and never rounded away; every kind of mark differs in
shape, not only in colour (``chart_marks``), so the chart still reads printed in black and white.
The archive's own calculation (``derived``) is hatched, and marked "archive's calculation" in
words beside its label and in the legend, so it never passes for a source's claim.

A legend inside the drawing lists only the kinds of mark used. Rows of the page the chart is on
(``highlight``) have bold labels and marks in the primary colour; other rows, there for comparison,
are grey. Colours come from the stylesheet ``docs/assets/archive.css``; without it the chart
still draws in the text colour.

Two layouts: ``WIDE`` for a page column, ``NARROW`` for a phone, where it is drawn at about one
unit a pixel, so its smallest text (15 units) stays 12 px or more on a 390 px screen. Each row is
a link whose accessible name holds the words it shows, in the order it shows them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from build_tools.pages.fmt import fmt_number, fmt_value
from build_tools.pages.visual.chart_marks import (
    CAP,
    Mark,
    Shape,
    defs,
    fill,
    hatch_id,
    mark,
    note_icon,
    rect,
    shape_of,
    vline,
)
from build_tools.pages.visual.svg import el, link_name, num, root, text
from build_tools.pages.visual.svg import text_width as _width
from build_tools.pages.visual.svg import wrap as _wrap
from build_tools.records.parts import Value
from build_tools.records.vocab import UNITS


@dataclass(frozen=True)
class Frame:
    """A layout: the drawing's width and its type sizes (in drawing units)."""

    width: float
    label: float
    value: float
    small: float
    line: float  # height of a label line
    small_line: float


WIDE = Frame(680, 18, 17, 15, 23, 21)
NARROW = Frame(360, 16, 16, 15, 21, 20)
WIDTH = WIDE.width
LEFT = 12  # the axis' 0 and the labels' left edge
RIGHT = 40  # kept free right of the axis' end for arrows and caps of values at the maximum
BAR = 18  # bar height
ROW_GAP = 18
NOTE_ICON = 20  # room for a note's symbol before its words

DERIVED_NOTE = "archive's calculation"
KEY = "Key"
SCALE = "Scale: %(unit)s"
COUNTED = "Counted: %(population)s"
Words = Mapping[str, str] | None  # English -> the page's language; what it lacks stays English


def _say(words: Words, english: str) -> str:
    return words.get(english, english) if words else english


_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Row:
    """One figure: a row of the chart."""

    id: str  # figure record ID
    label: str  # e.g. "Chongori · 2020" (subject and period in words)
    href: str  # link to the figure page (relative URL, used as given)
    value: Value
    unit: str  # unit code, e.g. "percent", "people", "usd", "deaths"
    derived: bool = False  # the archive's own calculation, not a source's claim
    highlight: bool = False  # belongs to the page the chart is on (others are context)
    flag: str = ""  # e.g. "sources differ" - shown beside the row when set
    shown: str = ""  # the value in words, in the page's language; fmt_value's English when empty
    population: str = ""  # who or what the figure counts, in the page's language


def comparable(rows: Sequence[Row]) -> list[list[Row]]:
    """The charts ``rows`` (figures of one measure) make: one for each unit, its rows in the order
    given, charts in order of unit. A figure with nothing to be set beside is in no chart: a chart
    of one bar compares nothing."""
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.unit, []).append(r)
    return [g for _unit, g in sorted(groups.items()) if len(g) > 1]


def _plain(s: str) -> str:
    return " ".join(s.split())


def shared_population(rows: Sequence[Row]) -> str | None:
    """What every row counts, when they all count the same (as written, ignoring case and spaces);
    None when they differ, and each row must say its own."""
    said = {_plain(r.population).casefold() for r in rows}
    return _plain(rows[0].population) if len(said) == 1 else None


# ---- the axis -----------------------------------------------------------------------------------


def _axis(top: float, unit: str, whole: bool) -> tuple[float, list[float]]:
    """The axis maximum and its ticks. ``whole``: every value is a whole number, so no tick is
    put at half a person."""
    if unit == "percent" and top <= 100:
        return 100.0, [0.0, 25.0, 50.0, 75.0, 100.0]
    if top <= 0:
        return 1.0, [0.0, 1.0]
    raw = top / 4
    mag = 10.0 ** math.floor(math.log10(raw))
    steps = [m * mag for m in (1, 2, 2.5, 5, 10)]
    if whole:
        steps = [max(1.0, s) for s in steps if s >= 1 and float(s).is_integer()] or [1.0]
    step = next((s for s in steps if s >= raw * (1 - 1e-9)), steps[-1])
    n = max(1, math.ceil(top / step - 1e-9))
    return n * step, [round(i * step, 9) for i in range(n + 1)]


def _tick_label(t: float, unit: str) -> str:
    return f"{fmt_number(t)}%" if unit == "percent" else fmt_number(t)


def _tick_labels(ticks: list[float], x: Mark, unit: str, f: Frame, base: float) -> str:
    """The ticks' labels, every ``k``-th one (the first and, where it falls, the last) for the
    least ``k`` that keeps them from touching."""
    placed = []
    for t in ticks:
        label = _tick_label(t, unit)
        tx, w, anchor = x(t), _width(label, f.small), "middle"
        if tx - w / 2 < 2:
            tx, anchor = 2.0, "start"
        elif tx + w / 2 > f.width - 2:
            tx, anchor = f.width - 2.0, "end"
        left = {"start": tx, "middle": tx - w / 2, "end": tx - w}[anchor]
        placed.append((label, tx, anchor, left, left + w))
    shown = next(
        placed[::k] for k in range(1, len(placed) + 1) if all(b[3] - a[4] >= 8 for a, b in pairwise(placed[::k]))
    )
    attrs = {"class": "ea-chart-tick", "y": num(base), "font-size": num(f.small)}
    return "".join(el("text", {**attrs, "x": num(tx), "text-anchor": anchor}, text(s)) for s, tx, anchor, _, _ in shown)


# ---- a row's words ------------------------------------------------------------------------------


def _lines(words: str, size: float, y: float, step: float, x: float, cls: str, room: float) -> tuple[list[str], float]:
    """``words`` wrapped to ``room`` as <text> lines, the first on the baseline ``y``; returns
    them and the last baseline."""
    out = []
    for i, line in enumerate(_wrap(words, size, room)):
        y = y + step if i else y
        out.append(el("text", {"class": cls, "x": num(x), "y": num(y), "font-size": num(size)}, text(line)))
    return out, y


Drawn = list[tuple[str, list[str]]]  # each text a row shows, whole, and its lines as drawn


def _label_block(
    row: Row, top: float, hatch: str, f: Frame, population: bool, say: Words = None
) -> tuple[list[str], float, Drawn]:
    """The label, wrapped; the notes (archive's calculation, the flag) flowing after it; then what
    the row counts, when ``population``. ``hatch`` is the ID of the row's hatch pattern. Returns
    the SVG pieces in reading order, the height used and the texts as drawn (for the link's name)."""
    room = f.width - 2 * LEFT
    cls = "ea-chart-label ea-chart-label--highlight" if row.highlight else "ea-chart-label"
    parts, baseline = _lines(row.label, f.label, top + f.label - 1, f.line, LEFT, cls, room)
    drawn = [(row.label, _wrap(row.label, f.label, room))]
    cursor = LEFT + _width(drawn[0][1][-1], f.label) + 14
    derived = [("derived", _say(say, DERIVED_NOTE))] if row.derived else []
    for kind, words in derived + ([("flag", row.flag)] if row.flag.strip() else []):
        words = _plain(words)
        if cursor + NOTE_ICON + _width(words, f.small) > f.width - LEFT:
            cursor, baseline = LEFT, baseline + f.small_line
        note_lines = _wrap(words, f.small, room - NOTE_ICON, first=f.width - LEFT - cursor - NOTE_ICON)
        parts.append(note_icon(kind, cursor, baseline, hatch))
        drawn.append((words, note_lines))
        for i, line in enumerate(note_lines):
            if i:
                baseline += f.small_line
            x = cursor + NOTE_ICON if i == 0 else LEFT + NOTE_ICON
            attrs = {"class": f"ea-chart-note ea-chart-note--{kind}", "x": num(x), "y": num(baseline)}
            parts.append(el("text", {**attrs, "font-size": num(f.small)}, text(line)))
        cursor = (
            (cursor + NOTE_ICON if len(note_lines) == 1 else LEFT + NOTE_ICON) + _width(note_lines[-1], f.small) + 14
        )
    if population and row.population.strip():
        counted, baseline = _lines(
            _plain(row.population), f.small, baseline + f.small_line, f.small_line, LEFT, "ea-chart-population", room
        )
        parts.extend(counted)
        drawn.append((row.population, _wrap(_plain(row.population), f.small, room)))
    return parts, baseline - top + 6, drawn


def _accessible_name(row: Row, words: str, population: bool, say: Words = None) -> str:
    """What the row shows, in the order it shows it, so that its name holds its visible words:
    "label, notes, what it counts: value". Commas, not brackets: a checker that sets aside the
    words in brackets would find the notes missing."""
    said = [_plain(row.label)]
    if row.derived:
        said.append(_say(say, DERIVED_NOTE))
    if row.flag.strip():
        said.append(_plain(row.flag))
    if population and row.population.strip():
        said.append(_plain(row.population))
    return f"{', '.join(said)}: {words}"


# ---- the legend ---------------------------------------------------------------------------------

_LEGEND = {
    "exact": "exact",
    "about": "about (approximate)",
    "between": "between: a range, low to high",
    "between_or_more": "at least a range: low to high, or more",
    "at_least": "at least: or more",
    "at_most": "at most: no more than",
    "almost": "almost: just under",
    "derived": "hatched: the archive's calculation, not a source's claim",
    "context": "label not bold, mark grey: another figure, for comparison",
}
# Every word the chart shows, in English (and the units', vocab.UNITS); ``render_chart``'s
# ``words`` gives them in another language (the values come in words with each row).
WORDS = (DERIVED_NOTE, KEY, SCALE, COUNTED, *_LEGEND.values())

_SAMPLES = {
    "exact": Shape("exact", 1, 1),
    "about": Shape("about", 1, 1),
    "between": Shape("between", 0.45, 1),
    "between_or_more": Shape("between_or_more", 0.3, 0.6),
    "at_least": Shape("at_least", 0.5, 0.5),
    "at_most": Shape("at_most", 1, 1),
    "almost": Shape("almost", 1, 1),
    "derived": Shape("exact", 1, 1),
    "context": Shape("exact", 1, 1),
}


def _legend(keys: list[str], top: float, prefix: str, f: Frame, say: Words = None) -> tuple[str, float]:
    """The key: a sample of each kind of mark used, with its words (wrapped when the line is
    short); returns the SVG and its height."""
    title = _say(say, KEY)
    parts = [
        el(
            "text",
            {"class": "ea-chart-legend-title", "x": num(LEFT), "y": num(top + 15), "font-size": num(f.small)},
            text(title),
        )
    ]
    indent = LEFT + max(40.0, _width(title, f.small) + 10)
    x, line_top = indent, top
    for key in keys:
        words = _say(say, _LEGEND[key])
        lines = _wrap(words, f.small, f.width - LEFT - indent - 54)
        w = 54 + max(_width(line, f.small) for line in lines)
        if x + w > f.width - LEFT and x > indent:
            x, line_top = indent, line_top + f.small_line + 6
        gx = x + 2

        def sample_x(v: float, gx: float = gx) -> float:
            return gx + 40 * v

        svg, _ = mark(
            _SAMPLES[key], sample_x, line_top + 5, 11, fill(key == "derived", prefix, False), f"{prefix}-key-{key}"
        )
        parts.append(el("g", {"class": "ea-chart-context"}, svg) if key == "context" else svg)
        for i, line in enumerate(lines):
            y = line_top + 15 + i * f.small_line
            parts.append(el("text", {"x": num(x + 54), "y": num(y), "font-size": num(f.small)}, text(line)))
        line_top += (len(lines) - 1) * f.small_line
        x += w + 18
    body = el("g", {"class": "ea-chart-legend"}, "".join(parts))
    return body, line_top + f.small_line + 6 - top


# ---- the chart ----------------------------------------------------------------------------------


def _check(rows: Sequence[Row], prefix: str) -> tuple[str, list[Shape]]:
    """The rows' unit and shapes; ValueError for what a chart cannot draw."""
    if len(rows) < 2:
        raise ValueError("a chart compares figures: it needs two rows or more (tell a lone figure in words)")
    units = sorted({r.unit for r in rows})
    if len(units) > 1:
        raise ValueError(f"a chart's rows must share one unit, these have {', '.join(units)}")
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"{prefix!r} cannot start an ID (letters, digits, '-' and '_', a letter first)")
    unit = units[0]
    shapes = [shape_of(r.value) for r in rows]
    for r, s in zip(rows, shapes, strict=True):
        if not (math.isfinite(s.low) and math.isfinite(s.high)) or s.low < 0:
            raise ValueError(f"{r.id}: a chart's axis starts at 0 and cannot show {fmt_value(r.value, unit)}")
    return unit, shapes


def _captions(rows: Sequence[Row], unit: str, f: Frame, words: Words) -> tuple[list[str], float]:
    """The lines above the axis: the unit (but for percent), and what every row counts when they
    all count the same. Returns them and the height used."""
    parts: list[str] = []
    y = 4.0
    said = []
    if unit != "percent":
        said.append(_say(words, SCALE) % {"unit": _say(words, UNITS.get(unit, unit))})
    population = shared_population(rows)
    if population:
        said.append(_say(words, COUNTED) % {"population": population})
    for words_said in said:
        lines, last = _lines(words_said, f.small, y + 14, f.small_line, LEFT, "ea-chart-caption", f.width - 2 * LEFT)
        parts.extend(lines)
        y = last + f.small_line - 14
    return parts, y


def render_chart(
    rows: Sequence[Row], *, title: str, desc: str, prefix: str, words: Words = None, narrow: bool = False
) -> str:
    """An SVG chart of ``rows`` (two or more figures of one measure in one unit, drawn in the order
    given), as one line of markup; ``narrow`` lays it out for a phone (``NARROW``). ``title`` and
    ``desc`` name it for screen readers; every ID in it starts with ``prefix``, so several charts
    can share a page. ``words`` gives its words (``WORDS``) in the page's language.

    Raises ValueError for fewer than two rows, rows in different units, a negative
    or non-finite value, or a ``prefix`` that is not an ID."""
    unit, shapes = _check(rows, prefix)
    f = NARROW if narrow else WIDE
    whole = unit != "percent" and all(s.low.is_integer() and s.high.is_integer() for s in shapes)
    axis_max, ticks = _axis(max((s.high for s in shapes), default=0.0), unit, whole)
    x0, x1 = LEFT, f.width - RIGHT

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v / axis_max

    context = any(r.highlight for r in rows) and not all(r.highlight for r in rows)
    each_counts = shared_population(rows) is None
    parts, y = _captions(rows, unit, f, words)
    tick_svg = _tick_labels(ticks, x, unit, f, y + 15)
    grid_top = y + 22
    y = grid_top + 10

    row_parts = []
    for i, (row, shape) in enumerate(zip(rows, shapes, strict=True)):
        top = y
        is_context = context and not row.highlight
        pieces, used, drawn_words = _label_block(row, top, hatch_id(prefix, is_context), f, each_counts, words)
        bar_y = top + used + CAP
        drawn, end = mark(shape, x, bar_y, BAR, fill(row.derived, prefix, is_context), f"{prefix}-{i}")
        said = row.shown or fmt_value(row.value, unit)
        vw = _width(said, f.value)
        if end + 10 + vw <= f.width - 4:
            vx, vy, anchor = end + 10, bar_y + BAR / 2 + f.value / 3, "start"
            bottom = bar_y + BAR + CAP
        else:  # no room after the mark: on a line under it, ending where the mark ends
            vx, vy, anchor = min(end, f.width - 4.0), bar_y + BAR + CAP + f.value - 1, "end"
            if vx - vw < LEFT:
                vx, anchor = float(LEFT), "start"
            bottom = vy + 5
        value_attrs = {"class": "ea-chart-value", "x": num(vx), "y": num(vy), "font-size": num(f.value)}
        value_svg = el("text", {**value_attrs, "text-anchor": anchor}, text(said))
        hit_attrs = {"class": "ea-chart-hit", "fill": "transparent"}
        hit = rect(2, top - ROW_GAP / 2 + 2, f.width - 4, bottom - top + ROW_GAP - 4, hit_attrs)
        cls = "ea-chart-row ea-chart-context" if is_context else "ea-chart-row"
        if row.derived:
            cls += " ea-chart-row--derived"
        # the texts apart by a space, as their words are read (a link's name must hold them)
        content = " ".join([hit, *pieces, drawn, value_svg])
        name = link_name(_accessible_name(row, said, each_counts, words), [*drawn_words, (said, [said])])
        row_parts.append(el("a", {"class": cls, "href": row.href, "aria-label": name}, content))
        y = bottom + ROW_GAP
    grid_bottom = y - ROW_GAP / 2
    grid = "".join(
        vline(x(t), grid_top, grid_bottom, "ea-chart-axis" if t == 0 else "ea-chart-grid", 1.5 if t == 0 else 1)
        for t in ticks
    )
    parts.append(el("g", {"class": "ea-chart-ticks"}, tick_svg))
    parts.append(el("g", {"class": "ea-chart-gridlines", "aria-hidden": "true"}, grid))
    parts.extend(row_parts)

    keys = [k for k in _LEGEND if k in {s.form for s in shapes}]
    if any(r.derived for r in rows):
        keys.append("derived")
    if context:
        keys.append("context")
    legend, legend_h = _legend(keys, y, prefix, f, words)
    parts.append(legend)
    body = defs(prefix, context and any(r.derived and not r.highlight for r in rows)) + "".join(parts)
    cls = "ea-chart ea-narrow" if narrow else "ea-chart ea-wide"
    return root(f.width, y + legend_h + 4, title, desc, body, prefix, cls)
