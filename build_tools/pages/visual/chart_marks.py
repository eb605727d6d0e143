"""The marks of a chart (``chart.py``): one per kind of value, told apart by shape, not only colour.

- exact: a solid bar from 0 to the value;
- about: a bar whose end fades out, with a dotted line at the value (no error margin is invented);
- between: a faint bar to the low end, then a band with end caps from the low to the high end;
- at least: a bar to the value and an arrow pointing beyond it ("or more");
- at most: a dashed outline to the value, closed by an end cap ("no more than");
- the archive's own calculation: any of these, hatched and outlined instead of solid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from build_tools.pages.visual.svg import el, num
from build_tools.records.parts import ONE_NUMBER, Value

CAP = 4  # how far end caps reach above and below the bar
ARROW = 28  # length of the "or more" arrow, head included
ALMOST_GAP = 5  # how far short of its cap an "almost" bar stops

Mark = Callable[[float], float]


@dataclass(frozen=True)
class Shape:
    """What a value draws: its form and the numbers it spans (low == high but for ``between``)."""

    form: str  # exact, about, between, between_or_more, at_least, at_most, almost, or none (nothing stated)
    low: float = 0.0
    high: float = 0.0


def shape_of(value: Value) -> Shape:
    """What ``value`` draws."""
    # the same order as fmt_value, so the mark always matches the words beside it
    if value.between is not None and len(value.between) == 2:
        a, b = (float(x) for x in value.between)
        return Shape("between_or_more" if value.or_more else "between", min(a, b), max(a, b))
    for form in ONE_NUMBER:
        n = getattr(value, form)
        if n is not None:
            return Shape(form, float(n), float(n))
    return Shape("none")


# ---- marks --------------------------------------------------------------------------------------


def hatch_id(prefix: str, context: bool) -> str:
    return f"{prefix}-hatch-context" if context else f"{prefix}-hatch"


def fill(derived: bool, prefix: str, context: bool) -> dict[str, object]:
    """The fill of a bar: solid in the row's colour (set by the stylesheet; the text colour
    without it), or the hatch of the archive's calculations, outlined."""
    if derived:
        hatch = hatch_id(prefix, context)
        return {"class": "ea-chart-hatched", "fill": f"url(#{hatch})", "stroke": "currentColor", "stroke-width": "1.2"}
    return {"class": "ea-chart-fill", "fill": "currentColor"}


def rect(x: float, y: float, w: float, h: float, attrs: Mapping[str, object]) -> str:
    return el("rect", {"x": num(x), "y": num(y), "width": num(w), "height": num(h), **attrs})


def vline(x: float, y1: float, y2: float, cls: str, width: float, dash: str | None = None) -> str:
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


def or_more(x: float, mid: float) -> str:
    """The arrow of "or more", from ``x`` to the right, on the line ``mid``."""
    shaft = x + ARROW - 9
    line = {
        "class": "ea-chart-arrow",
        "x1": num(x),
        "y1": num(mid),
        "x2": num(shaft),
        "y2": num(mid),
        "stroke": "currentColor",
        "stroke-width": "3",
    }
    head = f"M{num(x + ARROW)} {num(mid)}L{num(shaft)} {num(mid - 7)}L{num(shaft)} {num(mid + 7)}Z"
    return el("line", line) + el("path", {"class": "ea-chart-arrowhead", "d": head, "fill": "currentColor"})


def mark(shape: Shape, x: Mark, y: float, h: float, fill: dict[str, object], uid: str) -> tuple[str, float]:
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
            parts.append(rect(x0, y, hi - x0, h, fill))
        elif shape.form == "exact":  # a value of 0: a hairline at the axis, so the row is not empty
            parts.append(vline(x0, y, y + h, "ea-chart-zero", 2.5))
        if shape.form == "at_least":
            return "".join(parts) + or_more(hi, mid), hi + ARROW
        return "".join(parts), hi
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
            mask = el("mask", {"id": f"{uid}-soft"}, fade + rect(x0 - 1, y - 1, hi - x0 + 2, h + 2, area))
            parts.append(mask + rect(x0, y, hi - x0, h, {**fill, "mask": f"url(#{uid}-soft)"}))
        parts.append(vline(hi, top, bottom, "ea-chart-soft-end", 2, "2 2"))
        return "".join(parts), hi + 1
    if shape.form == "almost":  # a bar that stops just short of a dashed cap at the number
        if hi - ALMOST_GAP > x0:
            parts.append(rect(x0, y, hi - ALMOST_GAP - x0, h, fill))
        parts.append(vline(hi, top, bottom, "ea-chart-cap", 2, "3 2"))
        return "".join(parts), hi + 1
    if shape.form in ("between", "between_or_more"):
        if lo > x0:  # faint up to the low end, so the range, not a bar's end, draws the eye
            parts.append(rect(x0, y, lo - x0, h, {**fill, "opacity": ".3"}))
        if hi > lo:
            band = {**fill, "stroke": "currentColor", "stroke-width": "1.2", "class": f"{fill['class']} ea-chart-range"}
            parts.append(rect(lo, y + h * 0.2, hi - lo, h * 0.6, band))
        parts.append(vline(lo, top, bottom, "ea-chart-cap", 3))
        if hi > lo:
            parts.append(vline(hi, top, bottom, "ea-chart-cap", 3))
        if shape.form == "between_or_more":  # the range is a minimum: the arrow of "or more" after it
            return "".join(parts) + or_more(hi, mid), hi + ARROW
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
        parts.append(rect(x0, y, hi - x0, h, outline))
    parts.append(vline(hi, top, bottom, "ea-chart-cap", 3))
    return "".join(parts), hi + 1.5


# ---- notes beside a label -----------------------------------------------------------------------


def note_icon(kind: str, x: float, baseline: float, hatch: str) -> str:
    """The symbol before a note on a row, 15 wide, standing on ``baseline``: a swatch of the hatch
    (``derived``) or a warning triangle (a flag)."""
    if kind == "derived":  # a swatch of the hatch
        return rect(
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
    # a warning triangle with "!" (drawn, not written), so the flag is not told by colour alone
    tri = f"M{num(x + 7.5)} {num(baseline - 12)}L{num(x + 15)} {num(baseline + 1.5)}L{num(x)} {num(baseline + 1.5)}Z"
    mid = num(x + 7.5)
    bang = f"M{mid} {num(baseline - 7.5)}V{num(baseline - 3)}M{mid} {num(baseline - 1)}V{num(baseline - 0.5)}"
    icon: dict[str, object] = {
        "class": "ea-chart-flag-icon",
        "d": tri,
        "fill": "none",
        "stroke": "currentColor",
        "stroke-width": "1.5",
    }
    stroke = {"fill": "none", "stroke": "currentColor", "stroke-width": "1.8", "stroke-linecap": "round"}
    return el("path", icon) + el("path", {"class": "ea-chart-flag-mark", "d": bang, **stroke})


def defs(prefix: str, context: bool) -> str:
    """The hatch of the archive's calculations (and a grey one for rows there for comparison)."""

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

    body = hatch(hatch_id(prefix, False), "ea-chart-hatch")
    if context:
        body += hatch(hatch_id(prefix, True), "ea-chart-hatch ea-chart-context")
    return el("defs", None, body)
