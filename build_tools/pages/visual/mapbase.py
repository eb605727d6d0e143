"""The map's ground: its fixed extent and projection, the outline of the land, the sizes of its
marks and words, and what a marker is. Shared by the label placement (labels.py) and the drawing
(geomap.py)."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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


def say(words: Words, english: str) -> str:
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
    weight: int = 0  # how much the archive says about it (records that refer to it): labelled first


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
def outline() -> _Outline:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    west, south, east, north = (float(v) for v in data["bbox"])
    countries = tuple(
        _Country(c["name"], tuple(tuple((float(x), float(y)) for x, y in ring) for ring in c["rings"]))
        for c in data["countries"]
    )
    return _Outline((west, south, east, north), countries)


@functools.cache
def scale(width: float = WIDTH) -> tuple[float, float]:
    """Units per degree of latitude, and the cosine of the middle latitude."""
    west, south, east, north = outline().bbox
    cos_mid = math.cos(math.radians((south + north) / 2))
    return width / ((east - west) * cos_mid), cos_mid


def map_height(width: float = WIDTH) -> float:
    _, south, _, north = outline().bbox
    return (north - south) * scale(width)[0]


def contains(lat: float, lon: float) -> bool:
    """Whether a point lies on the map."""
    west, south, east, north = outline().bbox
    return math.isfinite(lat) and math.isfinite(lon) and south <= lat <= north and west <= lon <= east


def project(lat: float, lon: float, width: float = WIDTH) -> tuple[float, float]:
    """The point's x, y in the viewBox of a map ``width`` units wide."""
    west, _, _, north = outline().bbox
    k, cos_mid = scale(width)
    return (lon - west) * cos_mid * k, (north - lat) * k
