"""Long lists cut into pages: a kind's index and the timeline, at most ``PAGE_SIZE`` records a page.

At 10,000 records the timeline drew 7,000 records on one page (5 MB) and the figures' index listed
3,000: too heavy for a phone on a slow link, and any edit to one record made the whole list again.
A list of up to ``PAGE_SIZE`` records stays one page, as before; a longer one is cut, in the order
the page lists it, into parts of ``PAGE_SIZE``. The first part keeps the list's address
(``figures/``), the others follow it (``figures/page/2/``); each is labelled by what it spans (IDs,
or years where the list is in date order), so a reader can go straight to the part they want.
Pure; no MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from build_tools.index.link import Index
from build_tools.pages import fmt
from build_tools.pages.views import Drawings
from build_tools.records.model import KINDS, Entry

PAGE_SIZE = 200
TIMELINE = "timeline"  # the list of every dated record; the others are named by their kind
TIMELINE_KINDS = ("event", "figure", "testimony")
IN_DATE_ORDER = {"event", TIMELINE}  # lists in date order, labelled by year; the others by ID
UNDATED, OPEN = "undated", "…"  # the "year" of a record no source dates, and of an open start
# How a part's span is said, in English; a page in another language says it in its own words.
WORDS = ("undated", "up to %(end)s", "%(start)s on, then undated", "%(start)s to %(end)s")


def _english(text: str, **values: Any) -> str:
    return text % values if values else text


@dataclass(frozen=True)
class Span:
    """What a part spans: its first and last record's ID, or year where the list is in date order."""

    start: str
    end: str

    def said(self, word: Callable[..., str] = _english) -> str:
        """The span in words: "fig-0201 to fig-0400", "1994 to 1996", "up to 1950" ...; ``word``
        is a page's translator (i18n.translator), English by default."""
        start, end = self.start, self.end
        if start == end:
            return word(WORDS[0]) if start == UNDATED else start
        if start == OPEN:
            return word(WORDS[1], end=word(WORDS[0]) if end == UNDATED else end)
        if end == UNDATED:
            return word(WORDS[2], start=start)
        return word(WORDS[3], start=start, end=end)


@dataclass(frozen=True)
class Part:
    number: int  # from 1
    ids: tuple[str, ...]  # the records it lists, in order
    label: Span  # what it spans: "fig-0201 to fig-0400", "1994 to 1996"


@dataclass(frozen=True)
class Pager:
    """One part of a list, and how to reach the others: (label, Markdown path) of each part."""

    number: int
    parts: tuple[tuple[Span, str], ...]

    @property
    def label(self) -> Span:
        return self.parts[self.number - 1][0]


def lists() -> tuple[str, ...]:
    """The names of the lists cut into parts: each kind, and the timeline."""
    return (*KINDS, TIMELINE)


def folder(name: str) -> str:
    return TIMELINE if name == TIMELINE else KINDS[name].plural


def part_path(name: str, number: int) -> str:
    """Where part ``number`` of list ``name`` is, as a Markdown page."""
    return f"{folder(name)}/index.md" if number == 1 else f"{folder(name)}/page/{number}/index.md"


def in_order(index: Index, name: str) -> list[Entry]:
    """The records list ``name`` shows, in the order it shows them."""
    if name == TIMELINE:
        dated, undated = Drawings(index, str).in_order([e for k in TIMELINE_KINDS for e in index.by_kind[k]])
        return dated + undated
    if name == "event":
        return sorted(index.by_kind[name], key=lambda e: (fmt.date_sort_key(e.record.date), e.id))  # type: ignore[union-attr]
    return list(index.by_kind[name])


def _year(entry: Entry) -> str:
    """The year a record's date or period begins, as the list sorts it: "…" for a period with
    an open start, "undated" for a record no source dates."""
    key = fmt.date_sort_key(entry.record.date if entry.kind == "event" else entry.record.period)  # type: ignore[union-attr]
    return {"9999": UNDATED, "0000": OPEN}.get(key[:4], key[:4])


def _label(name: str, first: Entry, last: Entry) -> Span:
    return Span(_year(first), _year(last)) if name in IN_DATE_ORDER else Span(first.id, last.id)


def parts(index: Index, name: str, size: int | None = None) -> list[Part]:
    """List ``name`` cut into parts of at most ``size`` (``PAGE_SIZE``) records (one part, however
    short); worked out once per index."""
    size = size or PAGE_SIZE
    key = f"parts/{name}/{size}"
    if key not in index.memo:
        found = in_order(index, name)
        cuts = [found[i : i + size] for i in range(0, len(found), size)] or [[]]
        index.memo[key] = [
            Part(n, tuple(e.id for e in cut), _label(name, cut[0], cut[-1]) if cut else Span("", ""))
            for n, cut in enumerate(cuts, 1)
        ]
    return index.memo[key]  # type: ignore[return-value]


def part(index: Index, name: str, number: int) -> tuple[Part, Pager]:
    """Part ``number`` of list ``name``, and its pager (the parts' labels and paths)."""
    every = parts(index, name)
    return every[number - 1], Pager(number, tuple((p.label, part_path(name, p.number)) for p in every))


class SeenIndex(Index):
    """The index as one page sees it, when something (a rebuild, speed/reads.py) notes what each
    page reads of it: a page's lists and drawings are then asked of it, not worked out beside it."""

    drawings: ClassVar[type[Drawings]] = Drawings

    def part(self, name: str, number: int) -> tuple[Part, Pager]:
        return part(self, name, number)
