"""A static map of North Korea and its border region, with camps and places marked and linked.

One fixed extent for every map (the box of the shipped outline data), so maps on different pages
match. Projection: equirectangular, east-west distances scaled by the cosine of the box's middle
latitude; distances are true north-south everywhere and east-west along that latitude, close
enough for a region this size and the scale bar drawn with it.

What a mark claims is what the record knows, readable without colour (the map is printed in black
and white):

* exact position: a solid square (a camp) or dot (a place) at the point;
* approximate position: the same symbol with a dotted ring around it;
* general area only: no point symbol at all, only a hatched circle with a dashed edge around the
  given point (the place the source gives the position relative to), "somewhere around here".

A marker outside the box raises ValueError rather than being drawn at the edge, where it would
claim a place it is not: callers check ``contains`` and name such records beside the map.

Labels are placed deterministically: right, left, above, below, the diagonals, then further out
with a leader line; never over another label, a symbol, or outside the map. ``place_labels``
returns the placement, so it can be checked.

The outline is Natural Earth's (public domain), made by ``scripts/make_map_outline.py``; see
``data/README.md``. Colours come from ``docs/assets/archive.css`` (classes ``ea-map-*``).
"""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.pages.visual.labels import (
    fixed_boxes,
    label_width,
    place_labels,
    reach_of,
    scale_length,
    spacing,
)
from build_tools.pages.visual.mapbase import (
    AREA_RADIUS,
    COUNTRY_LABELS,
    DOT,
    DOT_HIGHLIGHT,
    LEGEND,
    LEGEND_AREA,
    LEGEND_ROW,
    NARROW,
    PRECISION_WORDS,
    RING,
    RING_HIGHLIGHT,
    SQUARE,
    SQUARE_HIGHLIGHT,
    TARGET,
    WIDE,
    WIDTH,
    Box,
    Marker,
    Placement,
    Sheet,
    Words,
    map_height,
    outline,
    project,
    say,
)
from build_tools.pages.visual.svg import el, link_name, num, root, text


def _path(rings: Sequence[Sequence[tuple[float, float]]], width: float) -> str:
    parts = []
    for ring in rings:
        points = [project(lat, lon, width) for lon, lat in ring]
        head, rest = points[0], points[1:]
        parts.append(f"M{num(head[0])},{num(head[1])}L" + " ".join(f"{num(x)},{num(y)}" for x, y in rest) + "Z")
    return "".join(parts)


def _symbol_key(m: Marker) -> str:
    return "area" if m.precision == "area" else f"{m.kind}-{m.precision}"


def _symbol(key: str, x: float, y: float, highlight: bool, prefix: str, area: float = AREA_RADIUS) -> str:
    """The mark itself, centred on (x, y)."""
    if key == "area":
        return el(
            "circle",
            {
                "class": "ea-map-area",
                "cx": num(x),
                "cy": num(y),
                "r": num(area),
                "fill": f"url(#{prefix}-hatch)",
                "stroke-dasharray": "4 3",
            },
        )
    ring = ""
    if key.endswith("approximate"):
        r = RING_HIGHLIGHT if highlight else RING
        ring = el(
            "circle",
            {
                "class": "ea-map-ring",
                "cx": num(x),
                "cy": num(y),
                "r": num(r),
                "fill": "none",
                "stroke-dasharray": "1.5 2",
            },
        )
    if key.startswith("camp"):
        s = SQUARE_HIGHLIGHT if highlight else SQUARE
        mark = el(
            "rect",
            {"class": "ea-map-symbol", "x": num(x - s / 2), "y": num(y - s / 2), "width": num(s), "height": num(s)},
        )
    else:
        mark = el(
            "circle", {"class": "ea-map-dot", "cx": num(x), "cy": num(y), "r": num(DOT_HIGHLIGHT if highlight else DOT)}
        )
    return ring + mark


def _name(m: Marker, words: Words = None) -> str:
    """The link's accessible name: label, what it is, how precise, and the note."""
    name = f"{' '.join(m.label.split())}: {say(words, m.kind)}, {say(words, PRECISION_WORDS[m.precision])}"
    return f"{name} ({' '.join(m.note.split())})" if m.note.strip() else name


def _label(p: Placement, cls: str) -> str:
    anchor = None if p.anchor == "start" else p.anchor
    attrs: dict[str, object] = {
        "class": cls,
        "x": num(p.x),
        "y": num(p.y),
        "font-size": num(p.size),
        "text-anchor": anchor,
    }
    return el("text", attrs, text(p.text))


def _hit(box: Box) -> str:
    """An unpainted box a finger can tap (it belongs to the link it is in)."""
    return el(
        "rect",
        {
            "class": "ea-map-hit",
            "x": num(box.x),
            "y": num(box.y),
            "width": num(box.w),
            "height": num(box.h),
            "fill": "transparent",
        },
    )


def _marker(m: Marker, p: Placement | None, prefix: str, words: Words = None, width: float = WIDTH) -> str:
    x, y = project(m.lat, m.lon, width)
    cls = f"ea-map-marker ea-map-{m.kind} ea-map-{m.precision}" + (" ea-map-marker--highlight" if m.highlight else "")
    leader = ""
    if p is not None and p.leader:
        x1, y1, x2, y2 = p.leader
        leader = el("line", {"class": "ea-map-leader", "x1": num(x1), "y1": num(y1), "x2": num(x2), "y2": num(y2)})
    label = _hit(p.box) + _label(p, "ea-map-label") if p is not None else ""
    reach = max(reach_of(m), TARGET / 2)
    hit = _hit(Box(x - reach, y - reach, 2 * reach, 2 * reach))
    body = hit + leader + _symbol(_symbol_key(m), x, y, m.highlight, prefix) + label
    attrs: dict[str, object] = {
        "href": m.href,
        "class": cls,
        "aria-label": link_name(_name(m, words), [(m.label, [p.text])] if p is not None else []),
        "data-record": m.id,
        "data-precision": m.precision,
    }
    return el("a", attrs, body)


def _scale_bar(x: float, baseline: float, sheet: Sheet) -> str:
    length = scale_length(sheet.width)
    y = baseline - 14
    half = length / 2
    parts = [
        el("rect", {"class": "ea-map-scale-fill", "x": num(x), "y": num(y), "width": num(half), "height": "4"}),
        el("rect", {"class": "ea-map-scale-open", "x": num(x + half), "y": num(y), "width": num(half), "height": "4"}),
    ]
    for value, tx, anchor in (("0", x, "middle"), ("50", x + half, "middle"), ("100 km", x + length, "start")):
        at = tx - 4 if anchor == "start" else tx
        parts.append(
            el(
                "text",
                {
                    "class": "ea-map-small",
                    "x": num(at),
                    "y": num(baseline),
                    "font-size": num(sheet.small),
                    "text-anchor": anchor,
                },
                text(value),
            )
        )
    return el("g", {"class": "ea-map-scale"}, "".join(parts))


def _legend(keys: list[str], top: float, prefix: str, words: Words, sheet: Sheet) -> tuple[str, float]:
    """The key to the symbols used, in rows below the map; returns it and its height."""
    if not keys:
        return "", 0.0
    size = sheet.small
    column = max(30 + label_width(say(words, LEGEND[key]), size) + 16 for key in keys)
    columns = max(1, int((sheet.width - 16) // column))
    items = []
    for i, key in enumerate(keys):
        x, y = 8 + (i % columns) * column, top + (i // columns + 0.5) * LEGEND_ROW
        symbol = _symbol(key, x + 12, y, False, prefix, LEGEND_AREA)
        attrs: dict[str, object] = {
            "class": "ea-map-small",
            "x": num(x + 30),
            "y": num(y + size * 0.35),
            "font-size": num(size),
        }
        items.append(el("g", {"class": "ea-map-key"}, symbol + el("text", attrs, text(say(words, LEGEND[key])))))
    height = -(-len(keys) // columns) * LEGEND_ROW
    return el("g", {"class": "ea-map-legend"}, "".join(items)), height


def _defs(prefix: str, width: float, h: float) -> str:
    hatch = el(
        "pattern",
        {
            "id": f"{prefix}-hatch",
            "patternUnits": "userSpaceOnUse",
            "width": "4",
            "height": "4",
            "patternTransform": "rotate(45)",
        },
        el("line", {"class": "ea-map-hatch", "x1": "0", "y1": "0", "x2": "0", "y2": "4"}),
    )
    clip = el(
        "clipPath", {"id": f"{prefix}-clip"}, el("rect", {"x": "0", "y": "0", "width": num(width), "height": num(h)})
    )
    return el("defs", {}, hatch + clip)


def _country_name(name: str, x: float, y: float, size: float) -> str:
    gap = spacing(name)
    attrs = {
        "class": "ea-map-country",
        "x": num(x),
        "y": num(y),
        "font-size": num(size),
        "letter-spacing": num(gap) if gap else None,
    }
    return el("text", attrs, text(name))


def draw_map(
    markers: Sequence[Marker], *, title: str, desc: str, prefix: str, words: Words = None, sheet: Sheet = WIDE
) -> str:
    """One ``<svg>`` string (from ``svg.root``): the region's outline with North Korea set off,
    each marker linked to its record, labels placed clear of each other, a scale bar, the
    outline's attribution and a key to the symbols used, at the sheet's width and text sizes;
    ``words`` gives its words (``WORDS``) in the page's language. Raises ValueError for a marker
    off the map, an unknown kind or precision, or an ID given twice."""
    placed = place_labels(markers, words, sheet)
    width = sheet.width
    h = map_height(width)
    land = []
    for country in outline().countries:
        cls = "ea-map-land ea-map-focus" if country.name == "North Korea" else "ea-map-land"
        path = _path(country.rings, width)
        land.append(el("path", {"class": cls, "d": path, "fill-rule": "evenodd", "data-name": country.name}))
    fixed = fixed_boxes(markers, words, sheet)
    names = [_country_name(name, x, y, sheet.country) for name, _, x, y in fixed[: len(COUNTRY_LABELS)]]
    attribution_name, _, ax, ay = fixed[len(COUNTRY_LABELS)]
    attribution = el(
        "text",
        {"class": "ea-map-small ea-map-attribution", "x": num(ax), "y": num(ay), "font-size": num(sheet.small)},
        text(attribution_name),
    )
    _, _, sx, sy = fixed[len(COUNTRY_LABELS) + 1]
    ordered = sorted(markers, key=lambda m: (m.highlight, m.precision != "area", m.kind == "camp", m.lat, m.id))
    marks = "".join(_marker(m, placed.get(m.id), prefix, words, width) for m in ordered)
    used = {_symbol_key(m) for m in markers}
    top = h + (10 + sheet.small * 1.2 if sheet.credit_below else 4)
    legend, legend_h = _legend([k for k in LEGEND if k in used], top, prefix, words, sheet)
    frame = {
        "class": "ea-map-frame",
        "x": "0.5",
        "y": "0.5",
        "width": num(width - 1),
        "height": num(h - 1),
        "fill": "none",
    }
    body = (
        _defs(prefix, width, h)
        + el("rect", {"class": "ea-map-sea", "x": "0", "y": "0", "width": num(width), "height": num(h)})
        + el("g", {"clip-path": f"url(#{prefix}-clip)"}, "".join(land))
        + "".join(names)
        + _scale_bar(sx, sy, sheet)
        + attribution
        + marks
        + el("rect", frame)
        + legend
    )
    cls = "ea-map ea-map--highlight" if any(m.highlight for m in markers) else "ea-map"
    cls += " ea-map--narrow" if sheet is NARROW else " ea-map--wide"
    return root(width, top + (legend_h + 4 if legend else 0), title, desc, body, prefix, cls)


def render_map(markers: Sequence[Marker], *, title: str, desc: str, prefix: str, words: Words = None) -> str:
    """The wide map (``draw_map``) followed by the narrow one for phones, with the same marks;
    the page's CSS shows one of them."""
    wide = draw_map(markers, title=title, desc=desc, prefix=prefix, words=words)
    return wide + draw_map(markers, title=title, desc=desc, prefix=f"{prefix}-phone", words=words, sheet=NARROW)
