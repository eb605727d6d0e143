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

import functools
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .svg import el, link_name, num, root, text, text_width

DATA = Path(__file__).parent / "data" / "korea-outline.json"

KINDS = ("camp", "place")
PRECISIONS = ("exact", "approximate", "area")
PRECISION_WORDS = {
    "exact": "exact position",
    "approximate": "approximate position",
    "area": "general area only, exact position not known",
}

WIDTH = 640.0  # viewBox width; the height follows from the box
KM_PER_DEGREE = 111.195  # along a meridian, on a sphere of radius 6,371 km

# Sizes in viewBox units (about 1.17 px each on a 750 px wide page, 0.5 on a phone).
LABEL_SIZE = 14.0
HIGHLIGHT_SIZE = 16.0
COUNTRY_SIZE = 13.0
COUNTRY_SPACING = 2.0  # letter-spacing of the country names
SMALL_SIZE = 12.0
SQUARE = 10.0  # a camp's square, side
SQUARE_HIGHLIGHT = 14.0
RING = 10.0  # radius of the ring around an approximate position
RING_HIGHLIGHT = 12.0
AREA_RADIUS = 14.0  # radius of a general area's circle: fixed, it shows "around here", not a size
DOT = 3.0  # a place's dot, radius
DOT_HIGHLIGHT = 4.0
GAP = 4.0  # between a symbol and its label
PAD = 2.0  # kept clear around labels (their halo)
MAX_LABEL = 300.0  # longer labels are shortened on the map (the link's name keeps them whole)
LEGEND_ROW = 24.0
LEGEND_AREA = 9.0  # the general area's circle in the key, smaller to fit its row
TARGET = 24.0  # the least height and width of what a finger taps: a label's box, a symbol's


@dataclass(frozen=True)
class Sheet:
    """One drawing of the map: its width in viewBox units and its text sizes."""

    width: float
    label: float
    highlight: float
    country: float
    small: float
    credit_below: bool = False  # the outline's attribution under the map, not in its corner
    place_leaders: bool = True  # False: a town's label goes beside its mark or not at all


# Wide screens: shown at least one CSS pixel a unit (the page's CSS swaps in the narrow one below
# 720 px). Phones: 340 units shown at 320 to 480 px, so 13 units are 12 px or more.
WIDE = Sheet(WIDTH, LABEL_SIZE, HIGHLIGHT_SIZE, COUNTRY_SIZE, SMALL_SIZE)
# On a phone there is no room for the attribution in the corner, nor for towns' labels led away
# from their marks across the camps'.
NARROW = Sheet(340.0, 13.0, 14.0, 13.0, 13.0, credit_below=True, place_leaders=False)

# Where each country's name may go, in order of preference (latitude, longitude of its centre).
COUNTRY_LABELS = (
    ("NORTH KOREA", ((40.55, 127.35), (40.2, 127.75), (40.95, 127.7), (39.3, 127.0))),
    ("CHINA", ((42.65, 125.3), (42.0, 124.35), (42.95, 127.2))),
    ("SOUTH KOREA", ((37.62, 128.25), (37.62, 127.2))),
    ("RUSSIA", ((43.12, 131.08), (42.8, 131.15))),
)

LEGEND = {
    "camp-exact": "Camp, exact position",
    "camp-approximate": "Camp, approximate position",
    "area": "General area only, no exact position",
    "place-exact": "Town or other place",
    "place-approximate": "Place, approximate position",
}
ATTRIBUTION = "Outline: Natural Earth"

# Every word the map shows, in English; ``render_map``'s ``words`` gives them in another language.
WORDS = (
    *LEGEND.values(),
    *PRECISION_WORDS.values(),
    *KINDS,
    *(name for name, _ in COUNTRY_LABELS),
    ATTRIBUTION,
)
Words = Mapping[str, str] | None  # English -> the page's language; what it lacks stays English


def _say(words: Words, english: str) -> str:
    return words.get(english, english) if words else english


@dataclass(frozen=True)
class Marker:
    id: str  # record ID, used for data attributes
    label: str  # shown beside the marker
    href: str  # link to the record page (relative URL, used as given)
    lat: float
    lon: float
    kind: str  # "camp" or "place"
    precision: str  # "exact" | "approximate" | "area"
    highlight: bool = False  # the marker of the page the map is on
    note: str = ""  # e.g. "general area: about 2.6 km east of Kaechon city" (in the link's name)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlap(self, other: Box, pad: float = 0.0) -> float:
        """Area shared with ``other`` grown by ``pad`` on every side; 0 if apart."""
        # min() and max() written out: a map's labels ask this thousands of times
        right, far_right = self.x + self.w, other.x + other.w + pad
        left, far_left = self.x, other.x - pad
        w = (right if right <= far_right else far_right) - (left if left >= far_left else far_left)
        if not w > 0:
            return 0.0
        bottom, far_bottom = self.y + self.h, other.y + other.h + pad
        top, far_top = self.y, other.y - pad
        h = (bottom if bottom <= far_bottom else far_bottom) - (top if top >= far_top else far_top)
        return w * h if h > 0 else 0.0

    def within(self, other: Box) -> bool:
        return self.x >= other.x and self.y >= other.y and self.right <= other.right and self.bottom <= other.bottom


@dataclass(frozen=True)
class Placement:
    """Where a marker's label went: its box, its text's start point, and a leader line when the
    label had to move away from its symbol."""

    id: str
    text: str  # as drawn (shortened when too long)
    size: float
    bold: bool
    box: Box
    x: float
    y: float  # baseline
    anchor: str  # text-anchor: the end nearest the symbol, so the text hugs it in any font
    leader: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class _Country:
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class _Outline:
    bbox: tuple[float, float, float, float]
    countries: tuple[_Country, ...]


@functools.cache
def _outline() -> _Outline:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    west, south, east, north = (float(v) for v in data["bbox"])
    countries = tuple(
        _Country(c["name"], tuple(tuple((float(x), float(y)) for x, y in ring) for ring in c["rings"]))
        for c in data["countries"]
    )
    return _Outline((west, south, east, north), countries)


@functools.cache
def _scale(width: float = WIDTH) -> tuple[float, float]:
    """Units per degree of latitude, and the cosine of the middle latitude."""
    west, south, east, north = _outline().bbox
    cos_mid = math.cos(math.radians((south + north) / 2))
    return width / ((east - west) * cos_mid), cos_mid


def map_height(width: float = WIDTH) -> float:
    _, south, _, north = _outline().bbox
    return (north - south) * _scale(width)[0]


def contains(lat: float, lon: float) -> bool:
    """Whether a point lies on the map."""
    west, south, east, north = _outline().bbox
    return math.isfinite(lat) and math.isfinite(lon) and south <= lat <= north and west <= lon <= east


def project(lat: float, lon: float, width: float = WIDTH) -> tuple[float, float]:
    """The point's x, y in the viewBox of a map ``width`` units wide."""
    west, _, _, north = _outline().bbox
    k, cos_mid = _scale(width)
    return (lon - west) * cos_mid * k, (north - lat) * k


def label_width(value: str, size: float, bold: bool = False, spacing: float = 0.0) -> float:
    """``svg.text_width`` made a little wider for labels that sit side by side: DejaVu Sans, the
    usual default on Linux, runs a few per cent wider than that estimate (bold more), and a label
    that is narrower than its box only leaves space on the side away from its symbol."""
    return text_width(value, size) * (1.16 if bold else 1.06) + spacing * max(len(value) - 1, 0)


# A text's box, as a browser measures it: from the font's ascent to its descent, which in the
# Korean fonts (Noto Sans CJK and its kin) is nearly 1.5 em.
ASCENT, TEXT_HEIGHT = 1.1, 1.5


def _text_box(x: float, baseline: float, width: float, size: float) -> Box:
    return Box(x, baseline - size * ASCENT, width, size * TEXT_HEIGHT)


def _check(markers: Sequence[Marker]) -> None:
    seen: set[str] = set()
    for m in markers:
        if m.kind not in KINDS:
            raise ValueError(f"marker {m.id!r}: kind {m.kind!r} is not one of {', '.join(KINDS)}")
        if m.precision not in PRECISIONS:
            raise ValueError(f"marker {m.id!r}: precision {m.precision!r} is not one of {', '.join(PRECISIONS)}")
        if not contains(m.lat, m.lon):
            west, south, east, north = _outline().bbox
            raise ValueError(
                f"marker {m.id!r}: {m.lat}, {m.lon} is outside the map ({south} to {north} N, {west} to {east} E); "
                "leave it off the map (see contains) rather than drawing it at the edge"
            )
        if m.id in seen:
            raise ValueError(f"marker {m.id!r} is given twice")
        seen.add(m.id)


def _reach(m: Marker) -> float:
    """Half the size of the marker's symbol: how far it reaches from its point."""
    if m.precision == "area":
        return AREA_RADIUS + 1
    if m.precision == "approximate":
        return (RING_HIGHLIGHT if m.highlight else RING) + 1
    if m.kind == "camp":
        return (SQUARE_HIGHLIGHT if m.highlight else SQUARE) / 2 + 1.5
    return (DOT_HIGHLIGHT if m.highlight else DOT) + 1


def symbol_box(m: Marker, width: float = WIDTH) -> Box:
    x, y = project(m.lat, m.lon, width)
    r = _reach(m)
    return Box(x - r, y - r, 2 * r, 2 * r)


def _shorten(label: str, size: float, bold: bool, room: float = MAX_LABEL) -> str:
    label = " ".join(label.split())
    if label_width(label, size, bold) <= room:
        return label
    while label and label_width(label + "…", size, bold) > room:
        label = label[:-1]
    return label.rstrip() + "…"


def _order(m: Marker) -> tuple[bool, bool, float, float, str]:
    return (not m.highlight, m.kind != "camp", -m.lat, m.lon, m.id)


def _candidates(x: float, y: float, r: float, w: float, h: float) -> list[tuple[Box, str, bool]]:
    """Label boxes around a symbol reaching ``r`` from (x, y), best first, with the text anchor
    that keeps the text next to the symbol; True where the label is far enough away to need a
    leader line."""
    out: list[tuple[Box, str, bool]] = []
    for d, far in [(r + GAP, False)] + [(r + GAP + step, True) for step in (14, 28, 44, 62, 84, 110)]:
        c = d * 0.72
        out += [
            (Box(x + d, y - h / 2, w, h), "start", far),  # right
            (Box(x - d - w, y - h / 2, w, h), "end", far),  # left
            (Box(x - w / 2, y - d - h, w, h), "middle", far),  # above
            (Box(x - w / 2, y + d, w, h), "middle", far),  # below
            (Box(x + c, y - c - h, w, h), "start", far),  # above right
            (Box(x + c, y + c, w, h), "start", far),  # below right
            (Box(x - c - w, y - c - h, w, h), "end", far),  # above left
            (Box(x - c - w, y + c, w, h), "end", far),  # below left
        ]
    return out


def _bounds(boxes: Sequence[Box], pad: float) -> Box:
    """The smallest box holding ``boxes``, grown by ``pad`` on every side."""
    left, top = min(b.x for b in boxes) - pad, min(b.y for b in boxes) - pad
    return Box(left, top, max(b.right for b in boxes) + pad - left, max(b.bottom for b in boxes) + pad - top)


def _costed(cost: float, bound: float, weight: float, hits: Iterable[bool]) -> float:
    """``cost`` plus ``weight`` for each true one of ``hits``, which are worked out only until the
    sum reaches ``bound`` (then the spot is no better than the best: the rest cannot matter)."""
    n = 0
    for hit in hits:
        if cost + weight * n >= bound:
            break
        n += hit
    return cost + weight * n


def _segment_hits(x1: float, y1: float, x2: float, y2: float, box: Box) -> bool:
    """Whether the segment touches ``box`` (Liang and Barsky's clipping: exact, in constant time)."""
    if (x1 if x1 > x2 else x2) < box.x or (x1 if x1 < x2 else x2) > box.x + box.w:
        return False  # beside it: most segments are far from most boxes
    if (y1 if y1 > y2 else y2) < box.y or (y1 if y1 < y2 else y2) > box.y + box.h:
        return False
    lo, hi = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - box.x), (dx, box.x + box.w - x1), (-dy, y1 - box.y), (dy, box.y + box.h - y1)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            lo = max(lo, q / p)
        else:
            hi = min(hi, q / p)
        if lo > hi:  # it can only grow, and hi only shrink
            return False
    return True


def _holds(box: Box, x: float, y: float) -> bool:
    return box.x <= x <= box.right and box.y <= y <= box.bottom


def _leader(x: float, y: float, r: float, box: Box) -> tuple[float, float, float, float]:
    """From the symbol's edge to the nearest point of the label's box."""
    tx, ty = min(max(x, box.x), box.right), min(max(y, box.y), box.bottom)
    d = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) * r / d, y + (ty - y) * r / d, tx, ty


def spacing(name: str) -> float:
    """The letter-spacing of a country's name: none in Korean (or any script written in
    syllable blocks), where spaced letters read as separate words."""
    return 0.0 if any(unicodedata.east_asian_width(c) in ("W", "F") for c in name) else COUNTRY_SPACING


def _fixed_boxes(
    markers: Sequence[Marker], words: Words = None, sheet: Sheet = WIDE
) -> list[tuple[str, Box, float, float]]:
    """The country names, scale bar and attribution: (kind, box, x, baseline)."""
    width, size = sheet.width, sheet.country
    h = map_height(width)
    symbols = [symbol_box(m, width) for m in markers]
    out: list[tuple[str, Box, float, float]] = []
    for english, spots in COUNTRY_LABELS:
        name = _say(words, english)
        w = label_width(name, size, spacing=spacing(name))
        options = []
        for lat, lon in spots:
            cx, cy = project(lat, lon, width)
            baseline = cy + size * 0.35
            box = _text_box(min(max(cx - w / 2, 4), width - 4 - w), baseline, w, size)
            options.append((sum(box.overlap(s, 4) for s in symbols), box))
        best = min(options, key=lambda o: o[0])[1]  # the first of the clearest
        out.append((name, best, best.x, best.y + size * 0.95))
    attribution = _say(words, ATTRIBUTION)
    w = label_width(attribution, sheet.small)
    credit = h + 6 + sheet.small if sheet.credit_below else h - 8
    out.append((attribution, _text_box(width - 8 - w, credit, w, sheet.small), width - 8 - w, credit))
    bar = _scale_length(width) + 12 + label_width("100 km", sheet.small)
    out.append(("scale", Box(6, h - 34, bar, 30), 12, h - 14))
    return out


def _scale_length(width: float = WIDTH) -> float:
    return 100 / KM_PER_DEGREE * _scale(width)[0]


# Labels drawn on one map: past this many the map is a crowd, not a picture. The first in
# place_labels' order get one; every marker keeps its symbol, its link and its name for screen
# readers, and the table beside the map lists them all. It also keeps the placing linear in the
# number of markers.
MAX_LABELS = 40


def place_labels(markers: Sequence[Marker], words: Words = None, sheet: Sheet = WIDE) -> dict[str, Placement]:
    """The labels of the first MAX_LABELS markers, placed so that none overlaps another label, a
    symbol, the fixed texts or the map's edge: highlighted first, then camps, then places, each
    in a fixed order. A label's box is as tall as a finger (TARGET), its text in the middle. A
    marker whose label finds no such place has none (nor, on a sheet without ``place_leaders``, a
    place whose label would need a leader line): its mark keeps its link and its name."""
    _check(markers)
    width = sheet.width
    area = Box(3, 3, width - 6, map_height(width) - 6)
    obstacles = [box for _, box, _, _ in _fixed_boxes(markers, words, sheet)]
    symbols = {m.id: symbol_box(m, width) for m in markers}
    leaders: list[tuple[float, float, float, float]] = []
    placed: dict[str, Placement] = {}
    for m in sorted(markers, key=_order)[:MAX_LABELS]:
        size = sheet.highlight if m.highlight else sheet.label
        label = _shorten(m.label, size, m.highlight, min(MAX_LABEL, width * 0.6))
        w, h = label_width(label, size, m.highlight), max(size * TEXT_HEIGHT, TARGET)
        x, y = project(m.lat, m.lon, width)
        r = _reach(m)
        candidates = _candidates(x, y, r, w, h)
        # only what lies within reach of a candidate can count against it
        reach = _bounds([box for box, _, _ in candidates] + [Box(x - r, y - r, 2 * r, 2 * r)], PAD)
        others = [
            b
            for b in [b for i, b in symbols.items() if i != m.id] + obstacles + [p.box for p in placed.values()]
            if b.overlap(reach)
        ]
        best: tuple[float, Box, str, bool] | None = None
        for box, anchor, far in candidates:
            if not box.within(area) or (far and m.kind == "place" and not sheet.place_leaders):
                continue
            # Covering a label or a symbol is worst, then a label across another's leader line,
            # then a leader line across something (but not across a symbol the point lies in).
            # Costs only grow: a candidate is dropped as soon as it costs as much as the best.
            bound = best[0] if best is not None else math.inf
            covered = sum(box.overlap(o, PAD) for o in others)
            cost = 10_000 + covered if covered else 0.0
            grown = Box(box.x - PAD, box.y - PAD, w + 2 * PAD, h + 2 * PAD)
            cost = _costed(cost, bound, 200.0, (_segment_hits(*seg, grown) for seg in leaders))
            if far and cost < bound:
                segment = _leader(x, y, r, box)
                crossed = (_segment_hits(*segment, o) and not _holds(o, x, y) for o in others)
                cost = _costed(cost, bound, 100.0, crossed)
            if cost < bound:
                best = (cost, box, anchor, far)
            if cost == 0:
                break
        if best is None or best[0] >= 10_000:
            continue  # no room clear of the others: the mark keeps its link and name, the table lists it
        _, box, anchor, far = best
        line = _leader(x, y, r, box) if far else None
        if line:
            leaders.append(line)
        tx = {"start": box.x, "middle": box.x + w / 2, "end": box.right}[anchor]
        baseline = box.y + (h - size * TEXT_HEIGHT) / 2 + size * ASCENT
        placed[m.id] = Placement(m.id, label, size, m.highlight, box, tx, baseline, anchor, line)
    return placed


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
    name = f"{' '.join(m.label.split())}: {_say(words, m.kind)}, {_say(words, PRECISION_WORDS[m.precision])}"
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
    reach = max(_reach(m), TARGET / 2)
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
    length = _scale_length(sheet.width)
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
    column = max(30 + label_width(_say(words, LEGEND[key]), size) + 16 for key in keys)
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
        items.append(el("g", {"class": "ea-map-key"}, symbol + el("text", attrs, text(_say(words, LEGEND[key])))))
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
    for country in _outline().countries:
        cls = "ea-map-land ea-map-focus" if country.name == "North Korea" else "ea-map-land"
        path = _path(country.rings, width)
        land.append(el("path", {"class": cls, "d": path, "fill-rule": "evenodd", "data-name": country.name}))
    fixed = _fixed_boxes(markers, words, sheet)
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
