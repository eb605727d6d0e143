"""Synthetic archives of N made-up records, to measure how fast the archive validates and builds.

Usage: python scripts/synthetic_archive.py OUT --records N [--seed S]

Writes OUT/sources/<kind-plural>/<id>.yaml (and some .md records: front matter and a Markdown
narrative) and OUT/permalinks.txt, then prints how many records of each kind it wrote. Used only
by benchmarks: a synthetic archive is never committed, cited or published.

The records are shaped like the real ones (kinds in the proportions of a large testimony
database, the fields real records fill and about as much text, citations with locators, links
between records, every form of value and of EDTF date, a few renamed and withdrawn records), and
the whole archive validates without a problem. Nothing in it is evidence: every title starts with
"Synthetic", the text is strung together from a fixed list of neutral words, witnesses are bare
codes, and the only web addresses are on example.org. The same records and seed always write the
same bytes. It refuses to write into a folder whose sources/ already holds anything, so it can
never overwrite a real archive.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import string
import sys
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from build_tools.checks.permalinks import HEADER
from build_tools.records.model import KINDS
from build_tools.records.vocab import (
    BASES,
    CONTENT_NOTES,
    CORRECTIONS,
    MECHANISMS,
    ORG_TYPES,
    RELIABILITY,
    SOURCE_TYPES,
    STANCES,
    STATISTICS,
    UNITS,
    WITNESS_ROLES,
)

# Shares of each kind, after a large human-rights database (tens of thousands of testimonies and
# cases) with the real archive's supporting records around them. Every kind gets at least one.
SHARES: dict[str, float] = {
    "testimony": 0.35,
    "figure": 0.30,
    "source": 0.15,
    "event": 0.06,
    "organization": 0.05,
    "place": 0.03,
    "camp": 0.02,
    "team": 0.02,
    "product": 0.01,
    "route": 0.01,
}

# ---- the word list: plain, neutral words about camps, work and sources --------------------------

DOCS = ("report", "account", "survey", "article", "briefing", "study", "review", "dataset", "bulletin", "summary")
VERBS = ("describes", "records", "mentions", "lists", "notes", "reports", "outlines", "summarises", "refers to")
ADJS = ("long", "daily", "seasonal", "heavy", "regular", "steady", "strict", "repetitive", "shared", "fixed", "monthly")
WORK = (
    "wig making",
    "knitting",
    "eyelash work",
    "sewing",
    "sorting of hair",
    "bag weaving",
    "packing",
    "night shifts",
    "quota work",
    "thread spinning",
    "assembly work",
    "field work",
    "repair work",
)
AREAS = (
    "workshop",
    "work unit",
    "production hall",
    "storehouse",
    "yard",
    "sewing section",
    "packing section",
    "material store",
    "drying shed",
)
GOODS = ("wigs", "false eyelashes", "knitwear", "reed bags", "hair pieces", "gloves", "sweaters", "brushes", "baskets")
MATERIALS = ("hair", "yarn", "thread", "glue", "reeds", "cloth", "wool", "plastic fibre", "cardboard", "netting")
ACTORS = (
    "trading companies",
    "partner firms",
    "work supervisors",
    "the camp office",
    "buyers abroad",
    "processing firms",
    "the bureau",
    "a state company",
    "the records office",
)
TIMES = (
    "the first winter",
    "the spring season",
    "the years covered",
    "the harvest months",
    "the period reported",
    "the later months",
    "the early years",
    "a busy season",
)
DESTS = (
    "a warehouse across the border",
    "a processing firm",
    "a trading port",
    "an online shop",
    "a wholesale market",
    "a packing plant",
)
PARTS = ("the opening section", "an annex", "a table", "the closing remarks", "a footnote", "the main text")
TEMPLATES = (
    "The {doc} {verb} {adj} {work} in the {area}.",
    "According to {part}, {actor} supplied {material} for {goods} during {time}.",
    "Output of {goods} rose and fell with the supply of {material}.",
    "The {doc} gives no exact count and keeps the wording of the original.",
    "Work in the {area} followed a {adj} schedule set by {actor}.",
    "Finished {goods} were collected by {actor} and sent on to {dest}.",
    "The {doc} does not say how many people worked in each {area}.",
    "Materials such as {material} and {material2} arrived by truck from the border area.",
    "Figures for {goods} are given as estimates rather than counts.",
    "The text compares the {area} with other sites named in the {doc}.",
    "Quotas for {goods} were set each month and checked at the end of {time}.",
    "The {doc} {verb} {work} and {work2} as the main tasks of {time}.",
    "This synthetic record exists only to test the speed of the build.",
)
WITNESS_LINES = (
    "The witness worked in the {area} and took part in {work}.",
    "The witness recalls {adj} {work} and quotas set by {actor}.",
    "The account covers {time} and a move between work units.",
    "The witness saw {goods} packed in the {area} for {dest}.",
)
GROUP_LINES = (
    "The witnesses describe {adj} {work} in the {area}.",
    "Taken together, the accounts name {goods} as the main output of {time}.",
    "The accounts agree that {actor} set the quotas for {goods}.",
)
EVENTS = (
    "materials stop at the border",
    "a new work unit opens",
    "export shipments resume",
    "a survey of the camp is published",
    "quotas are raised",
    "a workshop is enlarged",
    "a trading licence is renewed",
)
POPULATIONS = (
    "People held in the {area} during {time}",
    "Prisoners assigned to {work} in the camp",
    "Finished {goods} made in the {area} for export",
    "Workers on {work} named in the {doc}",
    "Shipments of {goods} sent on to {dest}",
    "Women held in the camp and working on {goods}",
)
SLOTS: dict[str, tuple[str, ...]] = {
    "doc": DOCS,
    "verb": VERBS,
    "adj": ADJS,
    "work": WORK,
    "work2": WORK,
    "area": AREAS,
    "goods": GOODS,
    "material": MATERIALS,
    "material2": MATERIALS,
    "actor": ACTORS,
    "time": TIMES,
    "dest": DESTS,
    "part": PARTS,
}


@cache
def slots_of(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


# EDTF date forms as real records write them, with how often each is drawn.
DATE_FORMS = (
    ("year", 25),
    ("month", 12),
    ("day", 5),
    ("about", 10),
    ("uncertain", 5),
    ("both", 3),
    ("years", 15),
    ("months", 7),
    ("open-end", 4),
    ("open-start", 2),
    ("decade", 2),
    ("unknown", 10),
)
VALUE_FORMS = (("about", 40), ("exact", 25), ("between", 15), ("at_least", 12), ("at_most", 8))
MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    "annual-mortality-rate": ("percent",),
    "deaths": ("deaths",),
    "inmate-population": ("people",),
    "share-of-inmates-women": ("percent",),
    "production-volume": ("wigs", "items"),
    "share-of-production": ("percent",),
    "share-of-exports": ("percent",),
    "revenue": ("usd",),
    "daily-working-hours": ("hours",),
    "number-of-work-teams": ("teams",),
    "number-of-companies": ("companies",),
    "number-of-witnesses": ("people",),
    "duration": ("years", "months", "days"),
}
UNIT_RANGES: dict[str, tuple[int, int]] = {
    "percent": (1, 95),
    "people": (20, 5000),
    "deaths": (1, 400),
    "wigs": (500, 50000),
    "items": (100, 100000),
    "usd": (10000, 5000000),
    "hours": (8, 18),
    "teams": (2, 20),
    "companies": (1, 12),
    "years": (1, 15),
    "months": (1, 36),
    "days": (1, 300),
}
PLACE_TYPES = (("province", 40), ("city", 25), ("county", 15), ("region", 5), ("special-economic-zone", 5))
CAMP_TYPES = (("kyohwaso", 50), ("kwanliso", 20), ("labour-training-camp", 15), ("holding-centre", 10), ("other", 5))
BROAD = ("country", "province", "region")  # what a witness's origin may be
SUBJECT_KINDS = (("camp", 45), ("team", 15), ("product", 15), ("place", 15), ("organization", 10))
# Map box (west, south, east, north) inside the map's outline, for points the sources "give".
BOX = (124.5, 38.3, 130.5, 42.8)


class Q(str):
    """Text written in double quotes, as real records write dates, locators and source titles."""


Data = dict[str, Any]


def kind_counts(records: int) -> dict[str, int]:
    """How many records of each kind make ``records`` in all: the shares, at least one of each."""
    if records < len(SHARES):
        raise ValueError(f"a synthetic archive needs at least {len(SHARES)} records, one of each kind")
    exact = {k: records * s for k, s in SHARES.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(SHARES, key=lambda k: counts[k] - exact[k])[: records - sum(counts.values())]:
        counts[k] += 1
    for k in SHARES:
        if counts[k] == 0:
            counts[max(counts, key=counts.__getitem__)] -= 1
            counts[k] = 1
    return counts


# ---- writing YAML -------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()'/-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
_ID_LIST = re.compile(r"[a-z][a-z0-9-]*")  # IDs and vocabulary values, plain in a flow list
WIDTH = 98


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces."""
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        if cut <= 0:
            cut = text.find(" ", width)
            if cut < 0:
                break
        lines.append(text[:cut])
        text = text[cut + 1 :]
    return [*lines, text]


def scalar(value: Any, indent: int) -> list[str]:
    """A value's YAML: its first line's text, then any further lines (already indented)."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (int, float)):
        return [repr(value)]
    text = str(value)
    if isinstance(value, Q):
        return [json.dumps(text, ensure_ascii=False)]
    if len(text) > 80:
        return [">-", *(" " * indent + line for line in wrap(text, WIDTH - indent))]
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return [text]
    return [json.dumps(text, ensure_ascii=False)]


def block(data: Data, indent: int = 0) -> list[str]:
    """Fields as block-style YAML lines, the way real records are written."""
    pad = " " * indent
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            out += [f"{pad}{key}:", *block(value, indent + 2)]
        elif isinstance(value, list):
            if all(isinstance(v, (int, float)) or (isinstance(v, str) and _ID_LIST.fullmatch(v)) for v in value):
                out.append(f"{pad}{key}: [{', '.join(str(v) for v in value)}]")
                continue
            out.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    lines = block(item, indent + 4)
                    out += [f"{pad}  - {lines[0].lstrip()}", *lines[1:]]
                else:
                    first, *rest = scalar(item, indent + 4)
                    out += [f"{pad}  - {first}", *rest]
        else:
            first, *rest = scalar(value, indent + 2)
            out += [f"{pad}{key}: {first}", *rest]
    return out


def record_text(data: Data, body: str | None) -> str:
    fields = "\n".join(block(data)) + "\n"
    return fields if body is None else f"---\n{fields}---\n{body}\n"


# ---- the generator ------------------------------------------------------------------------------


class Generator:
    """Draws every record of one archive from one seeded random stream, in a fixed order."""

    def __init__(self, records: int, seed: int) -> None:
        self.rng = random.Random(f"synthetic-archive/{seed}")
        self.random = self.rng.random
        self.counts = kind_counts(records)
        self.ids = {k: [f"{KINDS[k].prefix}-{n:04d}" for n in range(1, c + 1)] for k, c in self.counts.items()}
        # A few figures, testimonies and events are tombstones; nothing may refer to them.
        self.withdrawn = {
            rid
            for k in ("figure", "testimony", "event")
            if self.counts[k] >= 20
            for n, rid in enumerate(self.ids[k], 1)
            if n % 150 == 17
        }
        self.live = {k: [r for r in ids if r not in self.withdrawn] for k, ids in self.ids.items()}
        self.place_type: dict[str, str] = {}
        self.places_by: dict[tuple[str, ...], list[str]] = {}
        self.names: dict[str, str] = {}
        self.derivable: list[str] = []  # figures with a bounded, positive value
        self.former: list[str] = []  # permalinks records had before a rename

    # -- drawing helpers

    def weighted(self, options: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([o for o, _ in options], [w for _, w in options])[0]

    def some(self, kind: str, low: int, high: int) -> list[str]:
        """From ``low`` to ``high`` different records of ``kind`` (fewer if there are not that many)."""
        ids = self.live[kind]
        return self.rng.sample(ids, min(len(ids), self.rng.randint(low, high)))

    def one(self, kind: str) -> str:
        return self.rng.choice(self.live[kind])

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Sequence[str]) -> str:
        """One of ``items``: rng.choice, at a third of its cost (text takes most of the time)."""
        return items[int(self.random() * len(items))]

    def sentence(self, lines: Sequence[str] = TEMPLATES) -> str:
        template = self.pick(lines)
        return template.format_map({name: self.pick(SLOTS[name]) for name in slots_of(template)})

    def text(self, mean: int, lines: Sequence[str] = TEMPLATES, refs: Sequence[str] = ()) -> str:
        """Sentences up to about ``mean`` characters (half to one and a half times it); each of
        ``refs`` is mentioned as [[id]]."""
        target = int(mean * self.rng.uniform(0.5, 1.5))
        parts = [f"See also [[{rid}]]." for rid in refs]
        size = sum(len(p) + 1 for p in parts)
        while size < target or len(parts) == len(refs):
            s = self.sentence(lines)
            parts.insert(self.rng.randint(0, len(parts)), s)
            size += len(s) + 1
        return " ".join(parts)

    def maybe_ref(self, p: float, *kinds: str) -> list[str]:
        return [self.one(self.rng.choice(kinds))] if self.chance(p) else []

    def date(self, forms: Sequence[tuple[str, int]] = DATE_FORMS) -> str:
        """An EDTF date in quotes, as real records write them, or unknown."""
        r = self.rng
        form = self.weighted(forms)
        y = r.randint(1995, 2023)
        m, d = r.randint(1, 12), r.randint(1, 28)
        y2 = min(2024, y + r.randint(0, 5))
        m2 = r.randint(m if y2 == y else 1, 12)
        text = {
            "year": f"{y}",
            "month": f"{y}-{m:02d}",
            "day": f"{y}-{m:02d}-{d:02d}",
            "about": f"{y}~",
            "uncertain": f"{y}?",
            "both": f"{y}%",
            "years": f"{y}/{y2 + (y2 == y)}",
            "months": f"{y}-{m:02d}/{y2}-{m2:02d}",
            "open-end": f"{y}-{m:02d}/..",
            "open-start": f"../{y}",
            "decade": f"{str(y)[:3]}X",
            "unknown": "unknown",
        }[form]
        return text if text == "unknown" else Q(text)

    def value(self, unit: str) -> Data:
        r = self.rng
        low, high = UNIT_RANGES[unit]
        n = r.randint(low, high)
        form = self.weighted(VALUE_FORMS)
        if unit == "percent" and r.random() < 0.2:
            number: int | float = round(n + r.choice((0.5, 0.25)), 2) if n < 95 else n
        else:
            number = n
        value: Data
        if form == "between":
            hi = min(high, n + max(1, n // r.randint(3, 8)))
            hi = hi if hi > n else n + 1
            value, said = {"between": [n, hi]}, f"{n:,} to {hi:,}"
            if n % 7 == 0:  # a range given as a minimum; decided without drawing, so the rest stays as it was
                value["or_more"], said = True, f"at least {said}"
        else:
            if form == "at_most" and n % 2 == 0:  # "almost", as above without a draw of its own
                form = "almost"
            value = {form: number}
            words = {"exact": "", "about": "about ", "at_least": "at least ", "at_most": "up to ", "almost": "almost "}
            said = words[form] + f"{number:,}"
        if r.random() < 0.55:
            value["as_stated"] = f"{said} {'percent' if unit == 'percent' else UNITS[unit]}"
        return value

    def locator(self) -> Q:
        r = self.rng
        a, b = r.randint(1, 60), r.randint(1, 9)
        return Q(
            r.choice(
                (
                    f"p. {a}",
                    f"paragraph {a}",
                    f"pp. {a}-{a + b}",
                    f"section {b}.{r.randint(1, 9)}",
                    f"table {b}",
                    f"annex {'ABCD'[b % 4]}, p. {a}",
                    f"chapter {b}, paragraph {a}",
                )
            )
        )

    def cites(self, low: int, high: int, quote: float = 0.1) -> list[Data]:
        out = []
        for src in self.some("source", low, high) or [self.one("source")]:
            cite: Data = {"source": src, "locator": self.locator()}
            if self.chance(quote):
                cite["quote"] = f"{self.rng.choice(ADJS)} {self.rng.choice(WORK)}"
            out.append(cite)
        return out

    def point(self) -> tuple[float, float]:
        west, south, east, north = BOX
        return round(self.rng.uniform(south, north), 5), round(self.rng.uniform(west, east), 5)

    def location(self, near: Sequence[str]) -> Data:
        """Coordinates only with a source for them; an area near a place; or not known."""
        forms = (("exact", 30), ("approximate", 25), ("area", 30 if near else 0), ("unknown", 15))
        precision = self.weighted(forms)
        loc: Data = {"precision": precision}
        if precision in ("exact", "approximate"):
            loc["lat"], loc["lon"] = self.point()
        elif precision == "area":
            loc["near"] = self.rng.choice(near)
        loc["description"] = self.text(150)
        if precision != "unknown" or self.chance(0.5):
            loc["cites"] = self.cites(1, 1)
        return loc

    def formerly(self, rec: Data, kind: str, rid: str, n: int, every: int, offset: int) -> None:
        """Every ``every``-th record was renamed: it lists the ID it had, whose permalink redirects."""
        if n % every == offset:
            old = f"{rid}-v1"
            rec["formerly"] = [old]
            self.former.append(f"/{KINDS[kind].plural}/{old}/")

    def places(self, *types: str) -> list[str]:
        """The places of these types made so far."""
        if types not in self.places_by:
            self.places_by[types] = [p for p, t in self.place_type.items() if t in types]
        return self.places_by[types]

    # -- the kinds, in an order where what a record points at up a hierarchy already exists

    def place(self, n: int, rid: str) -> Data:
        countries = self.places("country")
        kind = "country" if n == 1 or n % 8 == 0 else self.weighted(PLACE_TYPES)
        self.place_type[rid] = kind
        self.places_by.clear()
        rec: Data = {"name": f"Synthetic {kind.replace('-', ' ')} {n}"}
        if self.chance(0.3):
            rec["name_ko"] = Q(f"합성 지역 {n}")
        rec["type"] = kind
        provinces = [p for p in self.places("province") if p != rid]
        if kind in ("city", "county") and provinces:
            rec["within"] = self.rng.choice(provinces)
        elif kind != "country":
            rec["within"] = self.rng.choice(countries)
        if kind in ("city", "county", "special-economic-zone") and self.chance(0.6):
            rec["location"] = self.location([])
        rec["summary"] = self.text(155)
        self.formerly(rec, "place", rid, n, 40, 7)
        if self.chance(0.2):
            rec["notes"] = self.text(180)
        if self.chance(0.9):
            rec["cites"] = self.cites(1, 2)
        return rec

    def organization(self, n: int, rid: str) -> Data:
        kind = self.rng.choice(list(ORG_TYPES))
        rec: Data = {"name": f"Synthetic {ORG_TYPES[kind].lower()} {n}"}
        if self.chance(0.2):
            rec["name_ko"] = Q(f"합성 기관 {n}")
        rec["type"] = kind
        if self.chance(0.3):
            rec["group"] = True
        if self.chance(0.5):
            rec["country"] = self.rng.choice(self.places("country"))
        if n > 1 and self.chance(0.1):
            rec["parent"] = self.rng.choice(self.ids["organization"][: n - 1])
        if self.chance(0.85):
            rec["summary"] = self.text(185)
        if n % 50 == 3:  # once recorded as a place, now as an organization
            rec["formerly"] = [f"/places/{rid}/"]
            self.former.append(f"/places/{rid}/")
        if self.chance(0.3):
            rec["notes"] = self.text(145)
        if self.chance(0.7):
            rec["cites"] = self.cites(1, 2)
        return rec

    def source(self, n: int, rid: str) -> Data:
        r = self.rng
        rec: Data = {
            "type": r.choice(list(SOURCE_TYPES)),
            "title": Q(f"Synthetic {r.choice(DOCS)} on {r.choice(GOODS)} and {r.choice(WORK)}, no. {n}"),
        }
        if self.chance(0.25):
            rec["title_supplied"] = True
        rec["authors"] = [f"Synthetic Author {r.randint(1, 400)}" for _ in range(r.choice((0, 0, 0, 1, 1, 2)))]
        rec["publisher"] = self.one("organization") if self.chance(0.8) else "unknown"
        rec["date"] = self.date((("day", 35), ("month", 20), ("year", 30), ("unknown", 15)))
        rec["language"] = r.choice(("en", "en", "en", "ko", "ko", "zh"))
        if self.chance(0.4):
            rec["url"] = Q(f"https://example.org/synthetic/{rid}")
            if self.chance(0.35):
                rec["archived_url"] = Q(f"https://example.org/archive/2024/{rid}")
            rec["accessed"] = self.date((("day", 1),))
        rec["reliability"] = r.choice(list(RELIABILITY))
        if self.chance(0.2):
            rec["reliability_note"] = self.text(120)
        if n > 1 and self.chance(0.2):
            rec["relays"] = [r.choice(self.ids["source"][: n - 1])]
        if self.chance(0.35):
            rec["locator_note"] = self.text(275)
        rec["summary"] = self.text(390)
        rec["notes"] = self.text(200, refs=rec.get("relays", []))
        return rec

    def product(self, n: int, rid: str) -> Data:
        rec: Data = {"name": f"Synthetic {self.rng.choice(GOODS)}, line {n}"}
        if self.chance(0.5):
            rec["hs_heading"] = Q(self.rng.choice(("6704", "6110", "4602", "6116", "9603")))
        rec["summary"] = self.text(250)
        if self.chance(0.5):
            rec["notes"] = self.text(85)
        rec["cites"] = self.cites(1, 3)
        return rec

    def camp(self, n: int, rid: str) -> tuple[Data, str | None]:
        r = self.rng
        rec: Data = {"name": f"Synthetic Camp No. {n}", "name_ko": Q(f"합성 제{n}호 교화소")}
        rec["aliases"] = [f"Synthetic Kyo-hwa-so No. {n}", f"Synthetic site {n}", f"Camp {n} (synthetic)"][
            : r.randint(1, 3)
        ]
        rec["type"] = self.weighted(CAMP_TYPES)
        if self.chance(0.7):
            rec["number"] = n
        local = self.places("province", "county", "city")
        rec["place"] = r.choice(local or self.live["place"])
        if self.chance(0.85):
            rec["location"] = self.location(self.places("city", "county"))
        rec["summary"] = self.text(650, refs=self.maybe_ref(0.3, "team", "figure"))
        if self.chance(0.6):
            rec["notes"] = self.text(165)
        rec["cites"] = self.cites(1, 3)
        body = self.narrative(1200, ("source", "figure", "team")) if self.chance(0.2) else None
        return rec, body

    def team(self, n: int, rid: str) -> Data:
        rec: Data = {
            "name": f"Synthetic {self.rng.choice(AREAS)} {n}",
            "camp": self.one("camp"),
            "products": self.some("product", 1, 3),
            "summary": self.text(310, refs=self.maybe_ref(0.2, "figure")),
        }
        if self.chance(0.2):
            rec["notes"] = self.text(120)
        if self.chance(0.95):
            rec["cites"] = self.cites(1, 2)
        return rec

    def figure(self, n: int, rid: str) -> Data:
        r = self.rng
        derived = n % 60 == 30 and len(self.derivable) >= 2
        measure = "share-of-production" if derived else r.choice(list(MEASURE_UNITS))
        unit = r.choice(MEASURE_UNITS[measure])
        subjects: list[str] = []
        for _ in range(r.choice((1, 1, 1, 2, 2, 3))):
            subject = self.one(self.weighted(SUBJECT_KINDS))
            if subject not in subjects:
                subjects.append(subject)
        rec: Data = {
            "title": f"Synthetic {measure.replace('-', ' ')} for {self.names[subjects[0]]}, no. {n}",
            "measure": measure,
            "subjects": subjects,
            "population": self.sentence(POPULATIONS),
        }
        if derived:
            part, whole = r.sample(self.derivable, 2)
            rec["unit"] = unit
            rec["period"] = self.date()
            rec["derived"] = {
                "formula": "part / (part + whole) * 100",
                "inputs": [{"name": "part", "figure": part}, {"name": "whole", "figure": whole}],
                "method": self.text(200),
            }
            rec["basis"] = "archive-calculation"
            rec["notes"] = self.text(140)
            return rec
        rec["value"] = self.value(unit)
        rec["unit"] = unit
        if self.chance(0.12):
            rec["statistic"] = r.choice(list(STATISTICS))
        rec["period"] = self.date()
        rec["basis"] = r.choice([b for b in BASES if b != "archive-calculation"])
        self.formerly(rec, "figure", rid, n, 97, 41)
        rec["notes"] = self.text(140, refs=self.maybe_ref(0.25, "figure", "testimony", "source"))
        rec["cites"] = self.cites(1, 3)
        if {"exact", "about"} & set(rec["value"]):  # one number, so that a share of two stays within 100
            self.derivable.append(rid)
        return rec

    def event(self, n: int, rid: str) -> Data:
        rec: Data = {
            "title": f"Synthetic event {n}: {self.rng.choice(EVENTS)}",
            "date": self.date(),
            "summary": self.text(255, refs=self.maybe_ref(0.15, "figure", "source")),
        }
        if self.chance(0.75):
            rec["notes"] = self.text(100)
        rec["camps"] = self.some("camp", 0, 2)
        rec["places"] = self.some("place", 0, 2)
        if self.chance(0.25):
            rec["organizations"] = self.some("organization", 1, 2)
        rec["cites"] = self.cites(1, 2)
        return rec

    def route(self, n: int, rid: str) -> Data:
        r = self.rng
        legs = r.randint(2, 5)
        stops = [self.one(r.choice(("camp", "team")))]
        while len(stops) <= legs:  # through organizations, ending at a place, never back to a stop
            kind = "organization" if len(stops) < legs and self.chance(0.6) else "place"
            stop = self.one(kind)
            for _try in range(8):
                if stop not in stops:
                    break
                stop = self.one("place" if kind == "organization" or _try % 2 else "organization")
            if stop in stops:  # a small archive with few places: the route ends where it has got to
                if len(stops) > 1:
                    break
                continue
            stops.append(stop)
        goods = self.some("product", 1, 3) if self.chance(0.8) else []
        return {
            "title": f"Synthetic route {n}: {r.choice(GOODS)} to {r.choice(DESTS)}",
            "summary": self.text(400),
            "notes": self.text(80),
            "legs": [
                {
                    "from": a,
                    "to": b,
                    "goods": goods,
                    "mechanism": r.choice(list(MECHANISMS)),
                    "description": self.text(260),
                    "cites": self.cites(1, 2, quote=0.2) if self.chance(0.9) else [],
                }
                for a, b in itertools.pairwise(stops)
            ],
        }

    def testimony(self, n: int, rid: str) -> tuple[Data, str | None]:
        r = self.rng
        individual = self.chance(0.85)
        rec: Data = {
            "title": f"Synthetic testimony {n}: {r.choice(WORK)} in the {r.choice(AREAS)}",
            "form": "individual" if individual else "aggregate",
        }
        roles = list(WITNESS_ROLES)
        if individual:
            witness: Data = {"code": f"W-{n:04d}", "role": "former-prisoner" if self.chance(0.7) else r.choice(roles)}
            if self.chance(0.6):
                witness["origin"] = r.choice(self.places(*BROAD))
            rec["witness"] = witness
        else:
            group: Data = {}
            if self.chance(0.7):
                group["count"] = self.value("people")
            group["roles"] = r.sample(roles, r.randint(1, 3))
            group["description"] = self.text(250, GROUP_LINES)
            rec["group"] = group
        rec["period"] = self.date()
        rec["camps"] = self.some("camp", 1, r.choice((1, 1, 1, 1, 2)))
        lines = WITNESS_LINES if individual else GROUP_LINES
        summary = self.text(380, lines)
        if self.chance(0.45):
            notes = [c for c in CONTENT_NOTES if r.random() < 0.25] or [r.choice(list(CONTENT_NOTES))]
            rec["content_note"] = notes
            said = [CONTENT_NOTES[c] for c in notes]
            listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
            summary += f" The account also describes {listed}."
        rec["summary"] = summary
        if self.chance(0.6):
            rec["notes"] = self.text(300, refs=self.maybe_ref(0.3, "source", "testimony"))
        rec["cites"] = self.cites(1, 5)
        if self.chance(0.15):
            rec["stances"] = [
                {
                    "claim": self.one(
                        self.weighted((("figure", 50), ("event", 20), ("camp", 15), ("team", 10), ("route", 5)))
                    ),
                    "stance": r.choice(list(STANCES)),
                    "note": self.text(200, lines),
                    "cites": self.cites(1, 1),
                }
                for _ in range(r.randint(1, 2))
            ]
        if self.chance(0.02):
            rec["corrections"] = [
                {
                    "date": self.date((("month", 1),)),
                    "status": r.choice(list(CORRECTIONS)),
                    "what": self.text(120),
                    "cites": self.cites(1, 1),
                }
            ]
        body = self.narrative(2400, ("source", "figure", "camp")) if self.chance(0.55) else None
        return rec, body

    def narrative(self, mean: int, link_kinds: Sequence[str]) -> str:
        """A Markdown narrative: a paragraph, a list of points, maybe a heading and a link, with
        [[id]] links."""
        r = self.rng
        opening = self.text(350, refs=[self.one(link_kinds[0])])
        blocks = ["\n".join(wrap(opening, WIDTH))]
        if self.chance(0.3):
            blocks.append("## Synthetic points")
        points, size, target = [], len(opening), int(mean * r.uniform(0.6, 1.4))
        while size < target:
            point = f"- **{r.choice(WORK).capitalize()}.** " + self.text(220, refs=self.maybe_ref(0.5, *link_kinds))
            points.append("\n  ".join(wrap(point, WIDTH - 2)))
            size += len(point)
        blocks.append("\n".join(points))
        if self.chance(0.2):
            blocks.append(f"A synthetic copy is kept at <https://example.org/synthetic/{r.randint(1, 9999)}>.")
        return "\n\n".join(b for b in blocks if b)

    # -- the whole archive

    def tombstone(self, kind: str, n: int) -> Data:
        rec: Data = {"withdrawn": {"date": self.date((("day", 1),)), "reason": self.text(120)}}
        if self.chance(0.5):
            rec["title"] = f"Synthetic {kind} {n}, withdrawn"
        return rec

    def records(self) -> list[tuple[str, str, Data, str | None]]:
        """(kind, ID, fields, narrative or None) of every record."""
        for kind in ("place", "organization", "camp", "team", "product"):
            for n, rid in enumerate(self.ids[kind], 1):
                self.names[rid] = f"synthetic {kind} {n}"
        out: list[tuple[str, str, Data, str | None]] = []
        order = ("place", "organization", "source", "product", "camp", "team", "figure", "event", "route", "testimony")
        for kind in order:
            make = getattr(self, kind)
            for n, rid in enumerate(self.ids[kind], 1):
                if rid in self.withdrawn:
                    out.append((kind, rid, self.tombstone(kind, n), None))
                    continue
                made = make(n, rid)
                data, body = made if isinstance(made, tuple) else (made, None)
                out.append((kind, rid, data, body))
        return out


def refuse_reason(root: Path) -> str | None:
    """Why ``root`` must not be written into: it already holds records."""
    sources = root / "sources"
    if sources.exists() and (not sources.is_dir() or any(sources.iterdir())):
        return f"{sources} already exists and is not empty; a synthetic archive is only written into a fresh folder"
    return None


def generate(root: Path, records: int, seed: int = 0) -> dict[str, int]:
    """Write a synthetic archive of ``records`` records under ``root``; the count of each kind."""
    reason = refuse_reason(root)
    if reason:
        raise FileExistsError(reason)
    gen = Generator(records, seed)
    made = gen.records()
    links = list(gen.former)
    for plural in sorted({KINDS[k].plural for k in SHARES}):
        (root / "sources" / plural).mkdir(parents=True, exist_ok=True)
    for kind, rid, data, body in made:
        plural = KINDS[kind].plural
        path = root / "sources" / plural / f"{rid}{'.yaml' if body is None else '.md'}"
        path.write_text(record_text(data, body), encoding="utf-8", newline="\n")
        links.append(f"/{plural}/{rid}/")
    (root / "permalinks.txt").write_text(
        HEADER + "".join(f"{link}\n" for link in sorted(set(links))), encoding="utf-8", newline="\n"
    )
    return dict(gen.counts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the archive into (its sources/ must be empty)")
    parser.add_argument("--records", type=int, required=True, help="how many records in all")
    parser.add_argument("--seed", type=int, default=0, help="the same seed and records write the same bytes")
    args = parser.parse_args(argv)
    reason = refuse_reason(args.out)
    if reason:
        print(f"refused: {reason}", file=sys.stderr)
        return 2
    if args.records < len(SHARES):
        print(f"--records must be at least {len(SHARES)}, one record of each kind", file=sys.stderr)
        return 2
    start = time.perf_counter()
    counts = generate(args.out, args.records, args.seed)
    for kind, count in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0])):
        print(f"{KINDS[kind].plural}: {count}")
    print(f"total: {sum(counts.values())} records in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
