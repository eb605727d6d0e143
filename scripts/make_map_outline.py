"""Make the map's outline data from Natural Earth: a maintenance script, never run at build time.

Reads ``countries-10m.json`` from the npm package world-atlas 2.0.2 (Natural Earth 1:10m admin-0
country boundaries, version 4.1.0, as TopoJSON), keeps the countries that reach into the box
around North Korea and its border region, simplifies them and clips them to the box, and writes
``build_tools/pages/visual/data/korea-outline.json``. Standard library only.

    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    python scripts/make_map_outline.py "$tmp/package/countries-10m.json"

Shared borders are simplified once, as TopoJSON arcs, so neighbouring countries still meet
without gaps or overlaps. The output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas@2.0.2"
PACKAGE_FILE = "countries-10m.json"
OUT = Path(__file__).resolve().parent.parent / "build_tools" / "pages" / "visual" / "data" / "korea-outline.json"

# West, south, east, north in degrees: North Korea with the Chinese and Russian border region,
# the Yellow Sea coast to Dandong and the south to Seoul. The map draws exactly this box.
BBOX = (123.5, 37.4, 131.5, 43.3)
# Douglas-Peucker tolerance in degrees of latitude (east-west distances scaled to the box's middle
# latitude): 0.006 degrees is about 0.7 km, under one unit of the drawn map.
TOLERANCE = 0.006
# Islands (or clipped pieces) smaller than this, in square degrees of latitude, are left out:
# about 6 square km, a few units square on the map.
MIN_AREA = 0.0005
PLACES = 3  # decimals kept: about 100 m

COS_MID = math.cos(math.radians((BBOX[1] + BBOX[3]) / 2))

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Every arc in longitude/latitude: the quantized deltas added up and scaled."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to segment ``ab``, east-west scaled to the box's middle latitude."""
    px, py, ax, ay, bx, by = p[0] * COS_MID, p[1], a[0] * COS_MID, a[1], b[0] * COS_MID, b[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker that keeps both ends, so arcs still meet; a closed arc (an island) is split
    at the point farthest from its start first."""
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: _distance(points[i], points[0], points[0]))
        if far in (0, len(points) - 1):
            return [points[0], points[-1]]
        first = simplify(points[: far + 1], tolerance)
        return first + simplify(points[far:], tolerance)[1:]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, -1
        for i in range(start + 1, end):
            d = _distance(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_from_arcs(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring stitched from arcs; ``~i`` is arc ``i`` reversed, and each arc repeats the previous
    one's last point."""
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def clip(ring: Ring, bbox: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman against the box. Pieces of one country that leave and re-enter the box
    come back joined by lines along its edge, which the map's frame covers."""
    west, south, east, north = bbox
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    out = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    for inside, cross in edges:
        points, out = out, []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        if not out:
            return []
    return out


def _at_x(a: Point, b: Point, x: float) -> Point:
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def area(ring: Ring) -> float:
    """Unsigned area in square degrees of latitude (east-west scaled)."""
    s = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))
    return abs(s) / 2 * COS_MID


def tidy(ring: Ring) -> list[list[float]]:
    """Rounded, without repeated points or points in the middle of a straight line (the box's
    edges after clipping); not closed (the first point is not repeated)."""
    points: Ring = []
    for x, y in ring:
        p = (round(x, PLACES), round(y, PLACES))
        if not points or p != points[-1]:
            points.append(p)
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    changed = True
    while changed and len(points) > 3:
        changed = False
        for i in range(len(points)):
            a, b, c = points[i - 1], points[i], points[(i + 1) % len(points)]
            if (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]) == 0:
                del points[i]
                changed = True
                break
    return [[x, y] for x, y in points]


def _bounds_meet(ring: Ring, bbox: tuple[float, float, float, float]) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs) <= bbox[2] and max(xs) >= bbox[0] and min(ys) <= bbox[3] and max(ys) >= bbox[1]


def outline(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    simplified: dict[int, Ring] = {}

    def simple(index: int) -> Ring:
        if index not in simplified:
            simplified[index] = simplify(arcs[index], TOLERANCE)
        return simplified[index]

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else []
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                if not _bounds_meet(ring_from_arcs(indexes, arcs), BBOX):
                    continue
                used = [i if i >= 0 else ~i for i in indexes]
                lookup = {i: simple(i) for i in used}
                ring = ring_from_arcs(indexes, [lookup.get(i, []) for i in range(max(used) + 1)])
                piece = tidy(clip(ring, BBOX))
                if len(piece) >= 3 and area([(x, y) for x, y in piece]) >= MIN_AREA:
                    rings.append(piece)
        if rings:
            countries.append({"id": geometry["id"], "name": geometry["properties"]["name"], "rings": rings})
    names = {c["name"] for c in countries}
    missing = {"North Korea", "South Korea", "China", "Russia"} - names
    if missing:
        raise SystemExit(f"not in the box: {', '.join(sorted(missing))}; is this countries-10m.json?")
    countries.sort(key=lambda c: (c["name"] != "North Korea", c["name"]))
    return {
        "source": (
            f"Natural Earth 1:10m Cultural Vectors, Admin 0 - Countries (version 4.1.0), as TopoJSON "
            f"in the npm package {PACKAGE}, file {PACKAGE_FILE}"
        ),
        "licence": "Natural Earth: public domain. world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock.",
        "made_by": (
            f"scripts/make_map_outline.py: simplified (Douglas-Peucker, {TOLERANCE} degrees, shared "
            f"borders once), clipped to the box, islands under {MIN_AREA} square degrees left out, "
            f"coordinates rounded to {PLACES} decimals"
        ),
        "bbox": list(BBOX),
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help=f"{PACKAGE_FILE} from the npm package {PACKAGE}")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default: the shipped file)")
    args = parser.parse_args(argv)
    data = outline(json.loads(args.topojson.read_text(encoding="utf-8")))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    points = sum(len(r) for c in data["countries"] for r in c["rings"])
    countries = ", ".join(c["name"] for c in data["countries"])
    print(f"{args.out.name}: {len(text.encode())} bytes, {points} points; {countries}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
