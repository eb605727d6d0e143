"""Index -> the drawings on a page: which records each shows, their links and their words.

The drawing modules (``visual/``) know nothing of records; this is where records become markers,
rows, spans and legs. Every drawing is wrapped in a ``<figure>`` with a caption, kept out of the
search index (the page's tables say the same in words, and those are indexed).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from build_tools.index import claims
from build_tools.index.link import Index
from build_tools.pages import fmt
from build_tools.pages.i18n import ENGLISH, KOREAN, Language, in_language, written_in
from build_tools.pages.visual import chart as bars
from build_tools.pages.visual import flow, geomap, mapbase, timeline
from build_tools.pages.visual.svg import text
from build_tools.records.model import KINDS, Camp, Entry, Figure, Organization, Place, Route, Team
from build_tools.records.parts import Location, Value
from build_tools.records.vocab import MEASURES, MECHANISMS, ORG_TYPES, PARTNERSHIPS, PLACE_TYPES, UNITS


def _figure(svg: str, caption: str, cls: str) -> Markup:
    """The drawing as one block of raw HTML (no blank line, so Markdown leaves it alone)."""
    return Markup(
        f'<figure class="ea-visual {cls}" data-pagefind-ignore>{svg}<figcaption>{text(caption)}</figcaption></figure>'
    )


@dataclass
class Drawings:
    """What templates call to draw; ``url`` gives a record's address relative to the page."""

    index: Index
    url: Callable[[str], str]
    # (what is drawn, how to draw it) -> the drawing, kept between preview rebuilds (reads.Kept)
    kept: Callable[[str, Callable[[], str]], str] | None = None
    word: Callable[[str], str] = str  # the interface's words in the page's language (i18n.plain)
    name: Callable[[Entry], str] = lambda e: e.title  # a record's title in the page's language
    date: Callable[[str | None], str] = fmt.fmt_date  # a date in words, in the page's language
    value: Callable[[Value, str], str] = fmt.fmt_value  # a value and its unit in words, likewise
    lang: str = "en"  # the page's language code, which the words above are in

    def _words(self, english: Iterable[str]) -> dict[str, str]:
        """A drawing's words (its module's ``WORDS``) that the page's language says otherwise:
        data, not a function, so that a drawing kept between rebuilds is kept by what it shows."""
        return {w: said for w in english if (said := self.word(w)) != w}

    def _svg(self, draw: Callable[..., str], *args: Any, **kwargs: Any) -> str:
        """``draw(*args, **kwargs)``, or the same drawing from the last rebuild: drawings are pure."""
        if self.kept is None:
            return draw(*args, **kwargs)
        shown = f"{draw.__module__}.{draw.__name__}{(args, sorted(kwargs.items()))!r}"  # every field of every input
        key = hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()
        return self.kept(key, lambda: draw(*args, **kwargs))

    # ---- map -----------------------------------------------------------------------------------

    def position(self, entry: Entry) -> tuple[float, float, str, str] | None:
        """(lat, lon, precision, note) of a camp or place, as far as the records allow; None
        when it cannot be drawn. A camp known only relative to a place is drawn as an area
        around that place's point."""
        loc = getattr(entry.record, "location", None)
        if not isinstance(loc, Location) or loc.precision == "unknown":
            return None
        note = (loc.description_ko if self.lang != ENGLISH.code else None) or loc.description or ""
        if self.lang != ENGLISH.code and written_in(note) == ENGLISH.code:
            # a link's name is read in the page's language: the English note is left to the
            # list under the map and the record's page, where it is marked as English
            note = ""
        if loc.lat is not None and loc.lon is not None:
            return float(loc.lat), float(loc.lon), loc.precision, note
        near = self.index.get(loc.near) if loc.near else None
        near_loc = getattr(near.record, "location", None) if near else None
        if (
            near is not None
            and isinstance(near_loc, Location)
            and near_loc.lat is not None
            and near_loc.lon is not None
        ):
            near_words = self.word("general area near %(place)s.") % {"place": self.name(near)}
            return float(near_loc.lat), float(near_loc.lon), "area", f"{near_words} {note}".strip()
        return None

    def mapped(self) -> tuple[list[mapbase.Marker], list[Entry]]:
        """Markers for every camp and place that can be drawn, and the camps that cannot."""
        markers, missing = [], []
        for kind in ("camp", "place"):
            for e in self.index.by_kind[kind]:
                pos = self.position(e)
                if pos is None or not mapbase.contains(pos[0], pos[1]):
                    if kind == "camp":
                        missing.append(e)
                    continue
                lat, lon, precision, note = pos
                label = self.name(e) if kind == "place" else self._camp_label(e)
                weight = len(self.index.referrers(e.id))
                marker = mapbase.Marker(e.id, label, self.url(e.id), lat, lon, kind, precision, False, note, weight)
                markers.append(marker)
        return markers, missing

    def _camp_label(self, e: Entry) -> str:
        """A camp's label on the map: its name in the page's language, the English one short."""
        named = self.name(e)
        return _short_camp(e) if named == e.title else named

    def map(self, highlight: Sequence[str] = (), prefix: str = "map") -> Markup:
        markers, _missing = self.mapped()
        marks = [m if m.id not in highlight else _highlighted(m) for m in markers]
        if highlight:  # a record's own map: it and its nearest neighbours, so each page stays small
            marks = _nearest(marks, NEIGHBOURS)
        names = ", ".join(m.label for m in marks if m.kind == "camp")
        title = self.word("Map of the camps in North Korea")
        desc = self.word(
            "Camps shown: %(names)s. Each mark links to its record; the table below gives each location in words."
        ) % {"names": names or self.word("none")}
        words = self._words(mapbase.WORDS)
        # a record's own map shows its neighbours only, and says so
        if highlight and len(marks) < len(markers):
            shown = self.word("This record and the %(count)s camps and places nearest it.") % {"count": NEIGHBOURS}
        else:
            shown = self.word("Camps and places in this archive.")
        key = self.word(
            "A solid mark is a point a source gives; a hatched circle is a general area only. Outline: Natural Earth."
        )
        svg = self._svg(geomap.render_map, marks, title=title, desc=desc, prefix=prefix, words=words)
        return _figure(svg, f"{shown} {key}", "ea-visual-map")

    # ---- timeline ------------------------------------------------------------------------------

    def timeline_items(self, entries: Sequence[Entry], highlight: Sequence[str] = ()) -> list[timeline.Item]:
        items = []
        for e in entries:
            when = e.record.date if e.kind == "event" else e.record.period  # type: ignore[union-attr]
            items.append(
                timeline.Item(e.id, self.name(e), self.url(e.id), e.kind, when, e.id in highlight, self.date(when))
            )
        return sorted(items, key=lambda i: (fmt.date_sort_key(i.date), i.id))

    def timeline(self, entries: Sequence[Entry], title: str, prefix: str = "tl") -> Markup:
        items = self.timeline_items(entries)
        dated = len(items) - len(timeline.undated(items))
        desc = self.word("%(count)s dated records on one time axis; the table below lists them in words.") % {
            "count": dated
        }
        words = self._words(timeline.WORDS)
        return _figure(
            self._both(timeline.render_timeline, items, title=str(title), desc=desc, prefix=prefix, words=words),
            self.word(
                "Events are instants, figures and testimonies periods. A light band is every time the date allows;"
                " a solid bar the stretch certainly covered; faded ends are approximate dates."
            ),
            "ea-visual-timeline",
        )

    def in_order(self, entries: Sequence[Entry]) -> tuple[list[Entry], list[Entry]]:
        """The entries the timeline draws, in date order, and those it cannot (undated)."""
        items = self.timeline_items(entries)
        gone = {i.id for i in timeline.undated(items)}
        by_id = {e.id: e for e in entries}
        return [by_id[i.id] for i in items if i.id not in gone], [by_id[i.id] for i in items if i.id in gone]

    # ---- charts --------------------------------------------------------------------------------

    def chart(self, figures: Sequence[Entry], highlight: Sequence[str] = (), prefix: str = "chart") -> Markup:
        """One chart for each unit in which two or more of the given figures (all of one measure) can
        be set side by side, and which holds one of ``highlight`` when given; none for a lone figure
        (``bars.comparable``)."""
        out = []
        for rows in bars.comparable([self._row(f, highlight) for f in figures]):
            if highlight and not any(r.highlight for r in rows):
                continue  # only other records' figures: not this page's chart
            unit = rows[0].unit
            measure = self.word(MEASURES[figures[0].record.measure])  # type: ignore[union-attr]
            title = self.word("%(measure)s: %(count)s figures") % {"measure": measure, "count": len(rows)}
            desc = "; ".join(f"{r.label}: {r.shown}" for r in rows)
            words = self._words((*bars.WORDS, UNITS.get(unit, unit)))
            svg = self._both(bars.render_chart, rows, title=title, desc=desc, prefix=f"{prefix}-{unit}", words=words)
            caption = self.word(
                "%(measure)s, as each source gives it; hatched bars are the archive's own calculations."
            )
            out.append(_figure(svg, caption % {"measure": measure}, "ea-visual-chart"))
        return Markup("\n".join(out))

    def charted(self, figures: Sequence[Entry]) -> int:
        """How many of the given figures (all of one measure) a chart of them shows."""
        return sum(len(rows) for rows in bars.comparable([self._row(f, ()) for f in figures]))

    def _language(self) -> Language:
        return KOREAN if self.lang == KOREAN.code else ENGLISH

    def _both(self, draw: Callable[..., str], *args: Any, prefix: str, **kwargs: Any) -> str:
        """The drawing for a page's column, then the same laid out for a phone: the stylesheet
        shows one of the two (``ea-wide``, ``ea-narrow``)."""
        wide = self._svg(draw, *args, prefix=prefix, **kwargs)
        return wide + self._svg(draw, *args, prefix=f"{prefix}-phone", narrow=True, **kwargs)

    def disputed(self, figure_id: str) -> bool:
        """Whether a figure about the same thing gives another value (its chart row is flagged)."""
        fig = self.index.entries[figure_id].record
        return any(claims.disagree(fig, o.record) for o in self.index.comparable_figures(figure_id))  # type: ignore[arg-type]

    def _row(self, f: Entry, highlight: Sequence[str]) -> bars.Row:
        rec = f.record
        assert isinstance(rec, Figure) and rec.value is not None
        subjects = [self.name(self.index.entries[s]) for s in rec.subjects[:1] if s in self.index.entries]
        when = self.word("period not given") if rec.period == "unknown" else self.date(rec.period)
        label = " · ".join([*(_short(s) for s in subjects), when])
        return bars.Row(
            f.id,
            label,
            self.url(f.id),
            rec.value,
            rec.unit,
            derived=rec.derived is not None,
            highlight=f.id in highlight,
            flag=self.word("sources differ") if self.disputed(f.id) else "",
            shown=self.value(rec.value, rec.unit) + (f" ({self.word(rec.statistic)})" if rec.statistic else ""),
            population=in_language(rec, "population", self._language())[0] or self.name(f),
        )

    # ---- export routes -------------------------------------------------------------------------

    def routes(
        self, routes: Sequence[Entry], highlight: Sequence[str] = (), here: str | None = None, prefix: str = "flow"
    ) -> Markup:
        """One diagram of the given routes; ``here`` is the route whose page it is on (its legs
        link to their sections on the page)."""
        nodes: dict[str, flow.Node] = {}
        edges = []
        for n, r in enumerate(routes):
            rec = r.record
            assert isinstance(rec, Route)
            for i, leg in enumerate(rec.legs, 1):
                for rid in (leg.from_, leg.to):
                    if rid not in nodes and rid in self.index.entries:
                        entry = self.index.entries[rid]
                        nodes[rid] = flow.Node(rid, self.name(entry), self._node_kind(entry), self.url(rid))
                if leg.from_ not in nodes or leg.to not in nodes:
                    continue
                strength = claims.leg_strength(self.index, leg)
                goods = tuple(self.name(self.index.entries[g]).lower() for g in leg.goods if g in self.index.entries)
                href = f"#leg-{i}" if r.id == here else f"{self.url(r.id)}#leg-{i}"
                how = self.word(MECHANISMS[leg.mechanism])
                partners = leg.mechanism in PARTNERSHIPS
                edges.append(flow.Edge(leg.from_, leg.to, n, how, goods, strength.level, href, partners))
        names = "; ".join(self.name(r) for r in routes)
        one, many = self.word("Export route: %(names)s"), self.word("Export routes: %(names)s")
        title = (one if len(routes) == 1 else many) % {"names": names}
        desc = self.word(
            "Each box links to its record; each arrow's label to the evidence for that step."
            " The list below says the same in words."
        )
        svg = self._svg(
            flow.render_flow,
            list(nodes.values()),
            edges,
            title=title,
            desc=desc,
            prefix=prefix,
            highlight=frozenset(highlight),
            words=self._words(flow.WORDS),
        )
        caption = self.word(
            "How the goods travel, step by step. The line of each arrow shows the evidence for that step: "
            "double for two or more independent sources, single for one, dotted for none."
        )
        if any(e.partners for e in edges):
            caption += " " + self.word("A line with no arrowhead joins partners: no goods are said to pass along it.")
        return _figure(svg, caption, "ea-visual-flow")

    def _node_kind(self, e: Entry) -> str:
        """What a box of an export route is, shown above its name."""
        rec = e.record
        if isinstance(rec, Organization):
            kind = self.word(ORG_TYPES[rec.type])
            return self.word("%(type)s (unnamed)") % {"type": kind} if rec.group else kind
        if isinstance(rec, Place):
            return self.word(PLACE_TYPES[rec.type])
        if isinstance(rec, Team):
            return self.word("Work team")
        return self.word(KINDS[e.kind].label)


def _highlighted(m: mapbase.Marker) -> mapbase.Marker:
    return mapbase.Marker(m.id, m.label, m.href, m.lat, m.lon, m.kind, m.precision, True, m.note)


def _short_camp(e: Entry) -> str:
    """A camp's label in drawings: "Chongori camp"; a camp named by its number, by its number and
    the first place its name gives ("Political Prison Camp No. 15 (Yodok)" -> "Yodok camp 15")."""
    rec = e.record
    assert isinstance(rec, Camp)
    numbered = _NUMBERED.fullmatch(rec.name)
    if numbered:
        place = (numbered.group("place") or "").split(",")[0].strip()
        return f"{place} camp {numbered.group('n')}" if place else f"Camp {numbered.group('n')}"
    short = _short(rec.name)
    return f"{short} camp" if short != rec.name else short


_NUMBERED = re.compile(r"(?:Political Prison|Correctional|Prison) Camp No\. (?P<n>\d+)(?: \((?P<place>[^)]*)\))?")


def _short(name: str) -> str:
    """ "Chongori Correctional Camp No. 12" -> "Chongori": labels in drawings stay short; the
    link's accessible name and the tables beside carry the full name."""
    for cut in (" Correctional Camp", " Political Prison Camp", " Prison Camp", " Camp No.", " Labour Training Camp"):
        head = name.split(cut)[0]
        # only a name goes before the cut: "Political Prison Camp No. 14" is not "Political"
        if cut in name and head and not set(head.split()) & _KINDS_OF_CAMP:
            return head
    return name


_KINDS_OF_CAMP = {"Political", "Correctional", "Prison", "Labour", "Training", "Camp"}


# Markers beside a record's own on its map: enough to place it among camps and towns, few enough
# that a record page's map does not grow with the archive (the map page shows them all).
NEIGHBOURS = 15


def _nearest(markers: list[mapbase.Marker], count: int) -> list[mapbase.Marker]:
    """The highlighted markers and the ``count`` others nearest to them, in the order given."""
    mine = [m for m in markers if m.highlight]
    if not mine:
        return markers

    def distance(m: mapbase.Marker) -> float:
        return min((m.lat - h.lat) ** 2 + (m.lon - h.lon) ** 2 for h in mine)

    near = {m.id for m in sorted((m for m in markers if not m.highlight), key=lambda m: (distance(m), m.id))[:count]}
    return [m for m in markers if m.highlight or m.id in near]
