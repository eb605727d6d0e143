"""A chart of comparable figures: one measure in one unit, one horizontal row per figure.

Each row shows its label on a line of its own, above the mark (so a long label never squeezes the
bars on a phone), and the value in words (``fmt_value``) at the end of the mark, or on a line under
it when it would run past the right edge. The axis is linear and starts at 0: 0-100 for percent
unless a value exceeds 100, otherwise up to a "nice" number (1, 2, 2.5 or 5 times a power of ten)
at or above the largest value shown. Tick labels are written in full with thousands separators
(1,500,000), never abbreviated (1.5M), the same way the values themselves are written.

Uncertainty is drawn as the source gives it and never rounded away; every kind of mark differs in
shape, not only in colour, so the chart still reads printed in black and white:

- exact: a solid bar from 0 to the value;
- about: a bar whose end fades out, with a dotted line at the value (no error margin is invented);
- between: a faint bar to the low end, then a band with end caps from the low to the high end;
- at least: a bar to the value and an arrow pointing beyond it ("or more");
- at most: a dashed outline to the value, closed by an end cap ("no more than");
- the archive's own calculation (``derived``): hatched, and marked "archive's calculation" in the
  text and in the row's accessible name, so it never passes for a source's claim.

A legend inside the drawing lists only the kinds of mark used. Rows of the page the chart is on
(``highlight``) have bold labels and marks in the primary colour; other rows, there for comparison,
are grey. Colours come from the stylesheet ``docs/assets/archive.css``; without it the chart
still draws in the text colour.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..fmt import fmt_number, fmt_value
from ..model import Value
from ..vocab import UNITS
from .svg import el, num, root, text
from .svg import text_width as _width
from .svg import wrap as _wrap

WIDTH = 680
LEFT = 12  # the axis' 0 and the labels' left edge
RIGHT = 40  # kept free right of the axis' end for arrows and caps of values at the maximum
X0, X1 = LEFT, WIDTH - RIGHT

LABEL_SIZE = 18
VALUE_SIZE = 17
SMALL_SIZE = 15
LINE = 23  # height of a label line
SMALL_LINE = 21
BAR = 18  # bar height
ROW_GAP = 18
CAP = 4  # how far end caps reach above and below the bar
ARROW = 28  # length of the "or more" arrow, head included

DERIVED_NOTE = "archive's calculation"
KEY = "Key"
SCALE = "Scale: %(unit)s"
Words = Mapping[str, str] | None  # English -> the page's language; what it lacks stays English


def _say(words: Words, english: str) -> str:
    return words.get(english, english) if words else english


_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

Mark = Callable[[float], float]


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


@dataclass(frozen=True)
class _Shape:
    """What a value draws: its form and the numbers it spans (low == high but for ``between``)."""

    form: str  # exact, about, between, at_least, at_most, or none (nothing stated)
    low: float = 0.0
    high: float = 0.0


def _shape(value: Value) -> _Shape:
    # the same order as fmt_value, so the mark always matches the words beside it
    if value.between is not None and len(value.between) == 2:
        a, b = (float(x) for x in value.between)
        return _Shape("between", min(a, b), max(a, b))
    for form in ("exact", "about", "at_least", "at_most"):
        n = getattr(value, form)
        if n is not None:
            return _Shape(form, float(n), float(n))
    return _Shape("none")


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


# ---- marks --------------------------------------------------------------------------------------


def _hatch_id(prefix: str, context: bool) -> str:
    return f"{prefix}-hatch-context" if context else f"{prefix}-hatch"


def _fill(derived: bool, prefix: str, context: bool) -> dict[str, object]:
    """The fill of a bar: solid in the row's colour (set by the stylesheet; the text colour
    without it), or the hatch of the archive's calculations, outlined."""
    if derived:
        hatch = _hatch_id(prefix, context)
        return {"class": "ea-chart-hatched", "fill": f"url(#{hatch})", "stroke": "currentColor", "stroke-width": "1.2"}
    return {"class": "ea-chart-fill", "fill": "currentColor"}


def _rect(x: float, y: float, w: float, h: float, attrs: Mapping[str, object]) -> str:
    return el("rect", {"x": num(x), "y": num(y), "width": num(w), "height": num(h), **attrs})


def _vline(x: float, y1: float, y2: float, cls: str, width: float, dash: str | None = None) -> str:
    return el(
        "line",
        {
            "class": cls,
            "x1": num(x),
            "y1": num(y1),
            "x2": num(x),
            "y2": num(y2),
            "stroke": "currentColor",
            "stroke-width": num(width),
            "stroke-dasharray": dash,
        },
    )


def _mark(shape: _Shape, x: Mark, y: float, h: float, fill: dict[str, object], uid: str) -> tuple[str, float]:
    """The mark of one value between ``y`` and ``y + h``; ``x`` maps a value to its position and
    ``uid`` names the mark's own definitions (the fade of an "about"). Returns the SVG and where
    the drawing ends on the right."""
    x0 = x(0)
    lo, hi = x(shape.low), x(shape.high)
    top, bottom, mid = y - CAP, y + h + CAP, y + h / 2
    parts: list[str] = []
    if shape.form == "none":
        return "", x0
    if shape.form in ("exact", "at_least"):
        if hi > x0:
            parts.append(_rect(x0, y, hi - x0, h, fill))
        elif shape.form == "exact":  # a value of 0: a hairline at the axis, so the row is not empty
            parts.append(_vline(x0, y, y + h, "ea-chart-zero", 2.5))
        end = hi
        if shape.form == "at_least":
            shaft = hi + ARROW - 9
            parts.append(
                el(
                    "line",
                    {
                        "class": "ea-chart-arrow",
                        "x1": num(hi),
                        "y1": num(mid),
                        "x2": num(shaft),
                        "y2": num(mid),
                        "stroke": "currentColor",
                        "stroke-width": "3",
                    },
                )
            )
            head = f"M{num(hi + ARROW)} {num(mid)}L{num(shaft)} {num(mid - 7)}L{num(shaft)} {num(mid + 7)}Z"
            parts.append(el("path", {"class": "ea-chart-arrowhead", "d": head, "fill": "currentColor"}))
            end = hi + ARROW
        return "".join(parts), end
    if shape.form == "about":
        soft = min(32.0, (hi - x0) * 0.5)
        if soft > 0:  # the end fades out: a mask, so hatched bars fade too
            fade = el(
                "linearGradient",
                {"id": f"{uid}-fade", "gradientUnits": "userSpaceOnUse", "x1": num(hi - soft), "x2": num(hi)},
                el("stop", {"offset": "0", "stop-color": "#fff"})
                + el("stop", {"offset": "1", "stop-color": "#fff", "stop-opacity": ".12"}),
            )
            area = {"fill": f"url(#{uid}-fade)"}
            mask = el("mask", {"id": f"{uid}-soft"}, fade + _rect(x0 - 1, y - 1, hi - x0 + 2, h + 2, area))
            parts.append(mask + _rect(x0, y, hi - x0, h, {**fill, "mask": f"url(#{uid}-soft)"}))
        parts.append(_vline(hi, top, bottom, "ea-chart-soft-end", 2, "2 2"))
        return "".join(parts), hi + 1
    if shape.form == "between":
        if lo > x0:  # faint up to the low end, so the range, not a bar's end, draws the eye
            parts.append(_rect(x0, y, lo - x0, h, {**fill, "opacity": ".3"}))
        if hi > lo:
            band = {**fill, "stroke": "currentColor", "stroke-width": "1.2", "class": f"{fill['class']} ea-chart-range"}
            parts.append(_rect(lo, y + h * 0.2, hi - lo, h * 0.6, band))
        parts.append(_vline(lo, top, bottom, "ea-chart-cap", 3))
        if hi > lo:
            parts.append(_vline(hi, top, bottom, "ea-chart-cap", 3))
        return "".join(parts), hi + 1.5
    # at_most: an outline, dashed, closed by a cap at the value
    if hi > x0:
        outline = {
            **fill,
            "class": f"{fill['class']} ea-chart-outline",
            "fill-opacity": ".35" if fill["class"] == "ea-chart-hatched" else ".12",
            "stroke": "currentColor",
            "stroke-width": "1.5",
            "stroke-dasharray": "5 3",
        }
        parts.append(_rect(x0, y, hi - x0, h, outline))
    parts.append(_vline(hi, top, bottom, "ea-chart-cap", 3))
    return "".join(parts), hi + 1.5


# ---- notes beside a label -----------------------------------------------------------------------


def _note_icon(kind: str, x: float, baseline: float, hatch: str) -> str:
    if kind == "derived":  # a swatch of the hatch
        return _rect(
            x + 1,
            baseline - 11,
            13,
            12,
            {
                "class": "ea-chart-hatched",
                "fill": f"url(#{hatch})",
                "stroke": "currentColor",
                "stroke-width": "1",
            },
        )
    # a warning triangle with "!", so the flag is not told by colour alone
    tri = f"M{num(x + 7.5)} {num(baseline - 12)}L{num(x + 15)} {num(baseline + 1.5)}L{num(x)} {num(baseline + 1.5)}Z"
    return el(
        "path",
        {"class": "ea-chart-flag-icon", "d": tri, "fill": "none", "stroke": "currentColor", "stroke-width": "1.5"},
    ) + el(
        "text",
        {
            "class": "ea-chart-flag-mark",
            "x": num(x + 7.5),
            "y": num(baseline),
            "font-size": "11",
            "text-anchor": "middle",
        },
        "!",
    )


def _label_block(row: Row, top: float, hatch: str, say: Words = None) -> tuple[str, float]:
    """The label, wrapped, and the notes (archive's calculation, the flag) flowing after it;
    ``hatch`` is the ID of the row's hatch pattern. Returns the SVG and the height used."""
    room = WIDTH - 2 * LEFT
    lines = _wrap(row.label, LABEL_SIZE, room)
    cls = "ea-chart-label ea-chart-label--highlight" if row.highlight else "ea-chart-label"
    parts: list[str] = []
    base = top + 17
    for i, line in enumerate(lines):
        parts.append(
            el("text", {"class": cls, "x": num(LEFT), "y": num(base + i * LINE), "font-size": LABEL_SIZE}, text(line))
        )
    cursor = LEFT + _width(lines[-1], LABEL_SIZE) + 14
    baseline = base + (len(lines) - 1) * LINE
    derived = [("derived", _say(say, DERIVED_NOTE))] if row.derived else []
    notes = derived + ([("flag", row.flag)] if row.flag.strip() else [])
    for kind, words in notes:
        words = " ".join(words.split())
        if cursor + 20 + _width(words, SMALL_SIZE) > WIDTH - LEFT:
            cursor, baseline = LEFT, baseline + SMALL_LINE
        note_lines = _wrap(words, SMALL_SIZE, room - 20, first=WIDTH - LEFT - cursor - 20)
        parts.append(_note_icon(kind, cursor, baseline, hatch))
        for i, line in enumerate(note_lines):
            if i:
                baseline += SMALL_LINE
            parts.append(
                el(
                    "text",
                    {
                        "class": f"ea-chart-note ea-chart-note--{kind}",
                        "x": num(cursor + 20 if i == 0 else LEFT + 20),
                        "y": num(baseline),
                        "font-size": SMALL_SIZE,
                    },
                    text(line),
                )
            )
        cursor = (cursor + 20 if len(note_lines) == 1 else LEFT + 20) + _width(note_lines[-1], SMALL_SIZE) + 14
    return "".join(parts), baseline - top + 6


# ---- the legend ---------------------------------------------------------------------------------

_LEGEND = {
    "exact": "exact",
    "about": "about (approximate)",
    "between": "between: a range, low to high",
    "at_least": "at least: or more",
    "at_most": "at most: no more than",
    "derived": "hatched: the archive's calculation, not a source's claim",
    "context": "label not bold, mark grey: another figure, for comparison",
}
# Every word the chart shows, in English (and the units', vocab.UNITS); ``render_chart``'s
# ``words`` gives them in another language (the values come in words with each row).
WORDS = (DERIVED_NOTE, KEY, SCALE, *_LEGEND.values())

_SAMPLES = {
    "exact": _Shape("exact", 1, 1),
    "about": _Shape("about", 1, 1),
    "between": _Shape("between", 0.45, 1),
    "at_least": _Shape("at_least", 0.5, 0.5),
    "at_most": _Shape("at_most", 1, 1),
    "derived": _Shape("exact", 1, 1),
    "context": _Shape("exact", 1, 1),
}


def _legend(keys: list[str], top: float, prefix: str, say: Words = None) -> tuple[str, float]:
    parts = [
        el(
            "text",
            {"class": "ea-chart-legend-title", "x": num(LEFT), "y": num(top + 15), "font-size": SMALL_SIZE},
            text(_say(say, KEY)),
        )
    ]
    x, line_top = LEFT + 40.0, top
    for key in keys:
        words = _say(say, _LEGEND[key])
        w = 56 + _width(words, SMALL_SIZE)
        if x + w > WIDTH - LEFT and x > LEFT + 40:
            x, line_top = LEFT + 40.0, line_top + SMALL_LINE + 6
        gx = x + 2
        fill = _fill(key == "derived", prefix, False)

        def sample_x(v: float, gx: float = gx) -> float:
            return gx + 40 * v

        svg, _ = _mark(_SAMPLES[key], sample_x, line_top + 5, 11, fill, f"{prefix}-key-{key}")
        if key == "context":
            svg = el("g", {"class": "ea-chart-context"}, svg)
        parts.append(svg)
        parts.append(el("text", {"x": num(x + 54), "y": num(line_top + 15), "font-size": SMALL_SIZE}, text(words)))
        x += w + 18
    body = el("g", {"class": "ea-chart-legend"}, "".join(parts))
    return body, line_top + SMALL_LINE + 6 - top


# ---- the chart ----------------------------------------------------------------------------------


def _defs(prefix: str, context: bool) -> str:
    def hatch(pid: str, cls: str) -> str:
        return el(
            "pattern",
            {
                "id": pid,
                "class": cls,
                "patternUnits": "userSpaceOnUse",
                "width": "7",
                "height": "7",
                "patternTransform": "rotate(45)",
            },
            el(
                "rect",
                {"class": "ea-chart-fill", "width": "7", "height": "7", "fill": "currentColor", "opacity": ".15"},
            )
            + el(
                "line",
                {
                    "class": "ea-chart-hatch-line",
                    "x1": "1.5",
                    "y1": "0",
                    "x2": "1.5",
                    "y2": "7",
                    "stroke": "currentColor",
                    "stroke-width": "2.5",
                },
            ),
        )

    body = hatch(_hatch_id(prefix, False), "ea-chart-hatch")
    if context:
        body += hatch(_hatch_id(prefix, True), "ea-chart-hatch ea-chart-context")
    return el("defs", None, body)


def _accessible_name(row: Row, words: str, say: Words = None) -> str:
    name = f"{' '.join(row.label.split())}: {words}"
    if row.derived:
        name += f" ({_say(say, DERIVED_NOTE)})"
    if row.flag.strip():
        name += f"; {' '.join(row.flag.split())}"
    return name


def render_chart(rows: Sequence[Row], *, title: str, desc: str, prefix: str, words: Words = None) -> str:
    """An SVG chart of ``rows`` (figures of one measure in one unit, drawn in the order given),
    as one line of markup. ``title`` and ``desc`` name it for screen readers; every ID in it
    starts with ``prefix``, so several charts can share a page. ``words`` gives its words
    (``WORDS``) in the page's language.

    Raises ValueError for no rows, rows in different units, a negative or non-finite value, or a
    ``prefix`` that is not an ID."""
    if not rows:
        raise ValueError("a chart needs at least one row")
    units = sorted({r.unit for r in rows})
    if len(units) > 1:
        raise ValueError(f"a chart's rows must share one unit, these have {', '.join(units)}")
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"{prefix!r} cannot start an ID (letters, digits, '-' and '_', a letter first)")
    unit = units[0]
    shapes = [_shape(r.value) for r in rows]
    for r, s in zip(rows, shapes, strict=True):
        if not (math.isfinite(s.low) and math.isfinite(s.high)) or s.low < 0:
            raise ValueError(f"{r.id}: a chart's axis starts at 0 and cannot show {fmt_value(r.value, unit)}")
    whole = unit != "percent" and all(s.low.is_integer() and s.high.is_integer() for s in shapes)
    axis_max, ticks = _axis(max((s.high for s in shapes), default=0.0), unit, whole)

    def x(v: float) -> float:
        return X0 + (X1 - X0) * v / axis_max

    context = any(r.highlight for r in rows) and not all(r.highlight for r in rows)
    parts: list[str] = []
    y = 4.0
    if unit != "percent":
        caption = _say(words, SCALE) % {"unit": _say(words, UNITS.get(unit, unit))}
        parts.append(
            el(
                "text",
                {"class": "ea-chart-caption", "x": num(LEFT), "y": num(y + 14), "font-size": SMALL_SIZE},
                text(caption),
            )
        )
        y += SMALL_LINE
    tick_base = y + 15
    grid_top = tick_base + 7
    tick_parts = []
    for t in ticks:
        label = _tick_label(t, unit)
        tx, w, anchor = x(t), _width(label, SMALL_SIZE), "middle"
        if tx - w / 2 < 2:
            tx, anchor = 2.0, "start"
        elif tx + w / 2 > WIDTH - 2:
            tx, anchor = WIDTH - 2.0, "end"
        attrs = {
            "class": "ea-chart-tick",
            "x": num(tx),
            "y": num(tick_base),
            "font-size": SMALL_SIZE,
            "text-anchor": anchor,
        }
        tick_parts.append(el("text", attrs, text(label)))
    y = grid_top + 10

    row_parts = []
    for i, (row, shape) in enumerate(zip(rows, shapes, strict=True)):
        top = y
        is_context = context and not row.highlight
        label_svg, used = _label_block(row, top, _hatch_id(prefix, is_context), words)
        bar_y = top + used + CAP
        mark, end = _mark(shape, x, bar_y, BAR, _fill(row.derived, prefix, is_context), f"{prefix}-{i}")
        said = row.shown or fmt_value(row.value, unit)
        vw = _width(said, VALUE_SIZE)
        if end + 10 + vw <= WIDTH - 4:
            vx, vy, anchor = end + 10, bar_y + BAR / 2 + 5.5, "start"
            bottom = bar_y + BAR + CAP
        else:  # no room after the mark: on a line under it, ending where the mark ends
            vx, vy, anchor = min(end, WIDTH - 4.0), bar_y + BAR + CAP + 16, "end"
            if vx - vw < LEFT:
                vx, anchor = float(LEFT), "start"
            bottom = vy + 5
        value_svg = el(
            "text",
            {"class": "ea-chart-value", "x": num(vx), "y": num(vy), "font-size": VALUE_SIZE, "text-anchor": anchor},
            text(said),
        )
        hit = _rect(
            2,
            top - ROW_GAP / 2 + 2,
            WIDTH - 4,
            bottom - top + ROW_GAP - 4,
            {"class": "ea-chart-hit", "fill": "transparent"},
        )
        cls = "ea-chart-row ea-chart-context" if is_context else "ea-chart-row"
        if row.derived:
            cls += " ea-chart-row--derived"
        row_parts.append(
            el(
                "a",
                {"class": cls, "href": row.href, "aria-label": _accessible_name(row, said, words)},
                hit + label_svg + mark + value_svg,
            )
        )
        y = bottom + ROW_GAP
    grid_bottom = y - ROW_GAP / 2
    grid = "".join(
        _vline(x(t), grid_top, grid_bottom, "ea-chart-axis" if t == 0 else "ea-chart-grid", 1.5 if t == 0 else 1)
        for t in ticks
    )
    parts.append(el("g", {"class": "ea-chart-ticks"}, "".join(tick_parts)))
    parts.append(el("g", {"class": "ea-chart-gridlines", "aria-hidden": "true"}, grid))
    parts.extend(row_parts)

    used_keys = [s.form for s in shapes if s.form != "none"]
    keys = [k for k in _LEGEND if k in used_keys]
    if any(r.derived for r in rows):
        keys.append("derived")
    if context:
        keys.append("context")
    legend, legend_h = _legend(keys, y, prefix, words)
    parts.append(legend)
    height = y + legend_h + 4
    body = _defs(prefix, context and any(r.derived and not r.highlight for r in rows)) + "".join(parts)
    return root(WIDTH, height, title, desc, body, prefix, "ea-chart")
