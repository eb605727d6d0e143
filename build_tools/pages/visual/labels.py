"""Where each label on the map goes (geomap.py draws them): deterministically right, left, above,
below, the diagonals, then further out with a leader line; never over another label, a symbol, or
outside the map. ``place_labels`` returns the placement, so it can be checked."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence

from build_tools.pages.visual.mapbase import (
    AREA_RADIUS,
    ATTRIBUTION,
    COUNTRY_LABELS,
    COUNTRY_SPACING,
    DOT,
    DOT_HIGHLIGHT,
    GAP,
    KINDS,
    KM_PER_DEGREE,
    MAX_LABEL,
    PAD,
    PRECISIONS,
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
    contains,
    map_height,
    outline,
    project,
    say,
    scale,
)
from build_tools.pages.visual.svg import text_width


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
            west, south, east, north = outline().bbox
            raise ValueError(
                f"marker {m.id!r}: {m.lat}, {m.lon} is outside the map ({south} to {north} N, {west} to {east} E); "
                "leave it off the map (see contains) rather than drawing it at the edge"
            )
        if m.id in seen:
            raise ValueError(f"marker {m.id!r} is given twice")
        seen.add(m.id)


def reach_of(m: Marker) -> float:
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
    r = reach_of(m)
    return Box(x - r, y - r, 2 * r, 2 * r)


def _shorten(label: str, size: float, bold: bool, room: float = MAX_LABEL) -> str:
    label = " ".join(label.split())
    if label_width(label, size, bold) <= room:
        return label
    while label and label_width(label + "…", size, bold) > room:
        label = label[:-1]
    return label.rstrip() + "…"


def _order(m: Marker) -> tuple[bool, bool, float, float, str]:
    """Who is labelled first: the page's own, then camps, then places, each north to south."""
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


# A label whose box comes this close to another place's symbol is read as naming it.
BESIDE = 6.0
BESIDE_COST = 150.0  # more than a leader line across something, less than a label across a leader


def _together(a: Marker, b: Marker, width: float) -> bool:
    """Whether ``b``'s point lies within ``a``'s symbol or ``a``'s within ``b``'s: one spot on the
    map, whose labels cannot be told apart by nearness."""
    ax, ay = project(a.lat, a.lon, width)
    bx, by = project(b.lat, b.lon, width)
    return math.hypot(ax - bx, ay - by) <= max(reach_of(a), reach_of(b))


def spacing(name: str) -> float:
    """The letter-spacing of a country's name: none in Korean (or any script written in
    syllable blocks), where spaced letters read as separate words."""
    return 0.0 if any(unicodedata.east_asian_width(c) in ("W", "F") for c in name) else COUNTRY_SPACING


def fixed_boxes(
    markers: Sequence[Marker], words: Words = None, sheet: Sheet = WIDE
) -> list[tuple[str, Box, float, float]]:
    """The country names, scale bar and attribution: (kind, box, x, baseline)."""
    width, size = sheet.width, sheet.country
    h = map_height(width)
    symbols = [symbol_box(m, width) for m in markers]
    out: list[tuple[str, Box, float, float]] = []
    for english, spots in COUNTRY_LABELS:
        name = say(words, english)
        w = label_width(name, size, spacing=spacing(name))
        options = []
        for lat, lon in spots:
            cx, cy = project(lat, lon, width)
            baseline = cy + size * 0.35
            box = _text_box(min(max(cx - w / 2, 4), width - 4 - w), baseline, w, size)
            options.append((sum(box.overlap(s, 4) for s in symbols), box))
        best = min(options, key=lambda o: o[0])[1]  # the first of the clearest
        out.append((name, best, best.x, best.y + size * 0.95))
    attribution = say(words, ATTRIBUTION)
    w = label_width(attribution, sheet.small)
    credit = h + 6 + sheet.small if sheet.credit_below else h - 8
    out.append((attribution, _text_box(width - 8 - w, credit, w, sheet.small), width - 8 - w, credit))
    bar = scale_length(width) + 12 + label_width("100 km", sheet.small)
    out.append(("scale", Box(6, h - 34, bar, 30), 12, h - 14))
    return out


def scale_length(width: float = WIDTH) -> float:
    return 100 / KM_PER_DEGREE * scale(width)[0]


# Labels drawn on one map: past this many the map is a crowd, not a picture. The first in
# place_labels' order get one; every marker keeps its symbol, its link and its name for screen
# readers, and the table beside the map lists them all. It also keeps the placing linear in the
# number of markers.
MAX_LABELS = 40


# How many times a camp left without a label is tried first instead (see place_labels).
RETRIES = 3


def place_labels(markers: Sequence[Marker], words: Words = None, sheet: Sheet = WIDE) -> dict[str, Placement]:
    """The labels of the first MAX_LABELS markers, placed so that none overlaps another label, a
    symbol, the fixed texts or the map's edge, nor sits beside another place's symbol:
    highlighted first, then camps, then places, each in a fixed order. A label's box is as tall
    as a finger (TARGET), its text in the middle. A marker whose label finds no such place has
    none (nor, on a sheet without ``place_leaders``, a place whose label would need a leader
    line): its mark keeps its link and its name. Where a camp is left without one on a map of at
    most MAX_LABELS marks, the camp the archive says most about is placed first instead, and that
    placing is kept when it names more of what the archive says (``_named``), up to RETRIES times."""
    _check(markers)
    order = sorted(markers, key=_order)
    placed = _place(order, markers, words, sheet)
    # (a map of more marks than it has labels for names a sample of them anyway: placed once)
    for _ in range(RETRIES if len(markers) <= MAX_LABELS else 0):
        missing = [m for m in order[:MAX_LABELS] if m.kind == "camp" and m.id not in placed and not m.highlight]
        if not missing:
            break
        first = min(missing, key=lambda m: (-m.weight, _order(m)))
        # after the page's own, which keeps its place at the head
        tried = [*(m for m in order if m.highlight), first, *(m for m in order if m is not first and not m.highlight)]
        again = _place(tried, markers, words, sheet)
        if _named(again, markers) <= _named(placed, markers):
            break
        order, placed = tried, again
    return placed


def _named(placed: dict[str, Placement], markers: Sequence[Marker]) -> tuple[int, int]:
    """How well a placing names the map: camps by what the archive says about each (a camp with
    one record counts 1, with thirty 30), then labels in all."""
    return sum(1 + m.weight for m in markers if m.kind == "camp" and m.id in placed), len(placed)


def _place(order: Sequence[Marker], markers: Sequence[Marker], words: Words, sheet: Sheet) -> dict[str, Placement]:
    """The labels of the first MAX_LABELS of ``order``, each put where it costs least, in turn."""
    width = sheet.width
    area = Box(3, 3, width - 6, map_height(width) - 6)
    obstacles = [box for _, box, _, _ in fixed_boxes(markers, words, sheet)]
    symbols = {m.id: symbol_box(m, width) for m in markers}
    leaders: list[tuple[float, float, float, float]] = []
    placed: dict[str, Placement] = {}
    for m in order[:MAX_LABELS]:
        size = sheet.highlight if m.highlight else sheet.label
        label = _shorten(m.label, size, m.highlight, min(MAX_LABEL, width * 0.6))
        w, h = label_width(label, size, m.highlight), max(size * TEXT_HEIGHT, TARGET)
        x, y = project(m.lat, m.lon, width)
        r = reach_of(m)
        candidates = _candidates(x, y, r, w, h)
        # only what lies within reach of a candidate can count against it
        reach = _bounds([box for box, _, _ in candidates] + [Box(x - r, y - r, 2 * r, 2 * r)], PAD)
        others = [
            b
            for b in [b for i, b in symbols.items() if i != m.id] + obstacles + [p.box for p in placed.values()]
            if b.overlap(reach)
        ]
        # the symbols of other places its label could be taken for: all but those at its own spot
        # (a camp known only as an area around a town, and that town)
        strangers = [
            symbols[o.id]
            for o in markers
            if o.id != m.id and symbols[o.id].overlap(reach) and not _together(m, o, width)
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
            # a label right beside another place's symbol reads as that place's name
            cost = _costed(cost, bound, BESIDE_COST, (box.overlap(o, BESIDE) > 0 for o in strangers))
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
