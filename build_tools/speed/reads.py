"""What each page read of the archive, so that a rebuild redoes only the pages an edit can change.

A page is drawn from the link index alone. While it is rendered, the index it is given notes each
record it looks up, each kind it goes through in full, each record whose referrers it asks for,
and the answer to each question worked out across the whole archive (which marks a map holds,
which other camps' figures a chart sets beside a camp's). After an edit, a page is rendered again
only if one of those records changed, came or went, a kind it went through changed at all, a list
of referrers changed, or a question has another answer. Every other page is as it was: the same
templates, given the same records, print the same text. Pure; no MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from build_tools.index.link import Index
from build_tools.outputs import export
from build_tools.pages import i18n, listing
from build_tools.pages.compiled import Compiled
from build_tools.pages.views import Drawings
from build_tools.pages.visual import mapbase
from build_tools.reading.history import ArchiveInfo
from build_tools.records.model import KINDS, Entry
from build_tools.speed.memo import Memo

ALL = "*"  # in a set of kinds: every record (a page went through all of them)
WITHDRAWN = "withdrawn"  # in a set of kinds: the tombstones

V = TypeVar("V")
Question = tuple[Hashable, ...]  # (name in QUESTIONS, its arguments)


@dataclass
class Reads:
    ids: set[str] = field(default_factory=set)  # records looked up (or looked for)
    kinds: set[str] = field(default_factory=set)  # kinds gone through in full
    targets: set[str] = field(default_factory=set)  # records whose referrers were asked for
    answers: dict[Question, Hashable] = field(default_factory=dict)  # question -> its answer's fingerprint

    def ask(self, question: Question, index: Index) -> Any:
        """The answer to ``question`` over the whole ``index``: only its fingerprint is noted, not
        the lookups that worked it out (the answer is all the page uses of them)."""
        value, self.answers[question] = answer(question, index)
        return value


def answer(question: Question, index: Index) -> tuple[Any, Hashable]:
    """The answer to ``question`` over ``index``, and its fingerprint: worked out once for each
    index, however many pages ask it (every camp's page asks for the map's marks), and shared by
    them, which only read it."""
    key = f"question {question!r}"
    if key not in index.memo:
        index.memo[key] = QUESTIONS[str(question[0])](index, *question[1:])
    return index.memo[key]  # type: ignore[return-value]


class _Noted(Mapping[str, V]):
    """A read-only view of one of the index's mappings: each key looked up is noted in ``noted``,
    and ``whole`` in ``kinds`` when the mapping is gone through in full."""

    def __init__(self, data: Mapping[str, V], noted: set[str], kinds: set[str], whole: str) -> None:
        self.data, self.noted, self.kinds, self.whole = data, noted, kinds, whole

    def __getitem__(self, key: str) -> V:
        self.noted.add(key)
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.noted.add(key)
        return self.data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.noted.add(str(key))
        return key in self.data

    def __iter__(self) -> Iterator[str]:
        self.kinds.add(self.whole)
        return iter(self.data)

    def __len__(self) -> int:
        self.kinds.add(self.whole)
        return len(self.data)


class NotedIndex(listing.SeenIndex):
    """The index as one page sees it: every lookup noted in ``reads``."""

    reads: Reads
    base: Index

    def context_figures(self, camp_id: str, measure: str, limit: int) -> tuple[list[Entry], int]:
        shown, found = self.reads.ask(("context_figures", camp_id, measure, limit), self.base)
        self.reads.ids.update(e.id for e in shown)  # the page prints them: their changes count
        return shown, found

    def comparable_figures(self, figure_id: str) -> list[Entry]:
        self.entries.get(figure_id)
        found: list[Entry] = self.reads.ask(("comparable_figures", figure_id), self.base)
        self.reads.ids.update(e.id for e in found)  # the page prints them: their changes count
        return found

    def of_measure(self, measure: str) -> list[Entry]:
        found: list[Entry] = self.reads.ask(("of_measure", measure), self.base)
        self.reads.ids.update(e.id for e in found)
        return found

    def part(self, name: str, number: int) -> tuple[listing.Part, listing.Pager]:
        shown, pager = self.reads.ask(("listing", name, number), self.base)
        self.reads.ids.update(shown.ids)
        return shown, pager


class NotedDrawings(Drawings):
    """The drawings of one page, whose map's marks are one question about the whole archive."""

    index: NotedIndex

    def mapped(self) -> tuple[list[mapbase.Marker], list[Entry]]:
        markers, missing = self.index.reads.ask(("mapped", self.lang), self.index.base)
        self.index.reads.ids.update(e.id for e in missing)
        return [replace(m, href=self.url(m.id)) for m in markers], missing

    def disputed(self, figure_id: str) -> bool:
        self.index.entries.get(figure_id)
        answer: bool = self.index.reads.ask(("disputed", figure_id), self.index.base)
        return answer


NotedIndex.drawings = NotedDrawings


def noted(index: Index, reads: Reads) -> NotedIndex:
    """``index``, with every lookup a page makes through it noted in ``reads``."""
    ids, kinds, targets = reads.ids, reads.kinds, reads.targets
    view = NotedIndex(
        entries=_Noted(index.entries, ids, kinds, ALL),  # type: ignore[arg-type]
        by_kind=_Noted(index.by_kind, kinds, kinds, ALL),  # type: ignore[arg-type]
        backlinks=_Noted(index.backlinks, targets, kinds, ALL),  # type: ignore[arg-type]
        cited=_Noted(index.cited, ids, kinds, ALL),  # type: ignore[arg-type]
        withdrawn=_Noted(index.withdrawn, ids, kinds, WITHDRAWN),  # type: ignore[arg-type]
        derived=_Noted(index.derived, ids, kinds, ALL),  # type: ignore[arg-type]
        memo=index.memo,
    )
    view.reads, view.base = reads, index
    return view


def _context_figures(index: Index, camp_id: str, measure: str, limit: int) -> tuple[Any, Hashable]:
    shown, found = index.context_figures(camp_id, measure, limit)
    return (shown, found), (tuple(e.id for e in shown), found)


def _mapped(index: Index, lang: str) -> tuple[tuple[list[mapbase.Marker], list[Entry]], Hashable]:
    """Every mark, labelled in the language ``lang``, with its record's ID where its link goes
    (each page makes its own link)."""
    if lang == "en":
        drawings = Drawings(index, str)
    else:
        name = lambda e: i18n.korean_title(e) or e.title  # noqa: E731 - maps show camps and places only
        drawings = Drawings(index, str, word=i18n.plain(lang), name=name, lang=lang)
    markers, missing = drawings.mapped()
    return (markers, missing), (tuple(markers), tuple(e.id for e in missing))


def _of_measure(index: Index, measure: str) -> tuple[list[Entry], Hashable]:
    found = index.of_measure(measure)
    return found, tuple(e.id for e in found)


def _listing(index: Index, name: str, number: int) -> tuple[tuple[listing.Part, listing.Pager], Hashable]:
    """A part of a long list: which records it shows, and every part's label (its pager)."""
    shown, pager = listing.part(index, name, number)
    return (shown, pager), (shown, pager)


def _comparable_figures(index: Index, figure_id: str) -> tuple[list[Entry], Hashable]:
    found = index.comparable_figures(figure_id)
    return found, tuple(e.id for e in found)


def _disputed(index: Index, figure_id: str) -> tuple[bool, Hashable]:
    answer = Drawings(index, str).disputed(figure_id)
    return answer, answer


QUESTIONS: dict[str, Callable[..., tuple[Any, Hashable]]] = {
    "disputed": _disputed,
    "comparable_figures": _comparable_figures,
    "context_figures": _context_figures,
    "mapped": _mapped,
    "of_measure": _of_measure,
    "listing": _listing,
}
# The kinds of record whose changes can change each question's answer: an edit to no record of
# these kinds leaves it as it was, and it is not asked again.
ABOUT = {
    "disputed": {"figure"},
    "comparable_figures": {"figure"},
    "context_figures": {"figure", "camp", "team"},
    "mapped": {"camp", "place"},
    "of_measure": {"figure"},
    "listing": set(KINDS),  # each kind's list, and the timeline's (its records' dates)
}


@dataclass
class Change:
    """What differs between two indexes of one archive: the records changed, added or removed,
    their kinds, and the records whose referrers differ."""

    ids: set[str]
    kinds: set[str]
    targets: set[str]
    new: Index  # whose answers to the pages' questions are worked out once (``answer``)

    @classmethod
    def between(cls, old: Index, new: Index) -> Change:
        ids: set[str] = set()
        kinds: set[str] = set()
        for before, after, tomb in ((old.entries, new.entries, False), (old.withdrawn, new.withdrawn, True)):
            for rid in before.keys() | after.keys():
                a, b = before.get(rid), after.get(rid)
                if a is b or (a is not None and b is not None and a == b):
                    continue
                ids.add(rid)
                kinds |= {e.kind for e in (a, b) if e is not None} | ({WITHDRAWN} if tomb else set())
        for name in ("derived", "cited"):
            was, now = getattr(old, name), getattr(new, name)
            ids |= {rid for rid in was.keys() | now.keys() if was.get(rid) != now.get(rid)}
        targets = {
            t for t in old.backlinks.keys() | new.backlinks.keys() if old.backlinks.get(t) != new.backlinks.get(t)
        }
        if ids or targets or kinds:
            kinds.add(ALL)
        return cls(ids, kinds, targets, new)

    def add(self, records: list[Any]) -> None:
        """Count these records (entries or tombstones) as changed too."""
        for record in records:
            self.ids.add(record.id)
            self.kinds |= {record.kind, ALL} | ({WITHDRAWN} if self.new.withdrawn.get(record.id) is record else set())

    def touches(self, reads: Reads) -> bool:
        """Whether a page that read ``reads`` may now read differently."""
        if reads.ids & self.ids or reads.kinds & self.kinds or reads.targets & self.targets:
            return True
        for question, fingerprint in reads.answers.items():
            if not self.kinds & ABOUT[str(question[0])]:
                continue
            if answer(question, self.new)[1] != fingerprint:
                return True
        return False


def local_changes(before: ArchiveInfo | None, now: ArchiveInfo) -> frozenset[str] | None:
    """The record paths whose uncommitted changes began or ended between two builds' ``info``,
    when nothing else about the archive differs; None when more does (or there was none before)."""
    if before is None:
        return None
    if before == now:
        return frozenset()
    if replace(before, modified=frozenset()) != replace(now, modified=frozenset()):
        return None
    return before.modified ^ now.modified


@dataclass
class Kept:
    """What one ``mkdocs serve`` rendered last, with what each read, and from which index: a
    rebuild takes each page from here unless the edit touches what it read."""

    index: Index | None = None
    info: ArchiveInfo | None = None  # everything rendered depends on it (start says how)
    texts: dict[Hashable, tuple[str, Reads]] = field(default_factory=dict)
    change: Change | None = None
    fresh: dict[Hashable, tuple[str, Reads]] = field(default_factory=dict)
    reused: int = 0  # texts taken as they were, this build
    memo: Memo = field(default_factory=Memo)  # the records read and checked, by file
    exports: export.Kept = field(default_factory=export.Kept)  # each record's JSON and CSV lines
    formats: dict[Any, dict[str, str]] = field(default_factory=dict)  # cite.CiteData -> its citations
    drawn: dict[str, str] = field(default_factory=dict)  # what a drawing shows -> its SVG, this build
    drawn_before: dict[str, str] = field(default_factory=dict)  # ... and the last
    compiled: Compiled = field(default_factory=Compiled)  # the templates, compiled once

    def start(self, index: Index, info: ArchiveInfo) -> None:
        """A build from ``index`` begins. Nothing made for another ``info`` is taken, unless all
        that differs is which records have uncommitted changes (in a checkout, a second record
        edited under ``serve``): those that joined or left them count as changed, for each
        shows it (its page's last change and history, its head, its data)."""
        flipped = local_changes(self.info, info)
        same = self.index is not None and flipped is not None
        if not same:
            self.exports = export.Kept()
        self.change = Change.between(self.index, index) if same and self.index is not None else None
        if self.change is not None and flipped:
            records = [r for r in (*index.entries.values(), *index.withdrawn.values()) if r.path in flipped]
            self.change.add(records)
            for record in records:  # its JSON and its rows say when it last changed
                self.exports.drop(record.id)
        self.index, self.info, self.fresh, self.reused = index, info, {}, 0
        self.drawn_before, self.drawn = self.drawn, {}

    def drawing(self, key: str, make: Callable[[], str]) -> str:
        """The drawing of ``key`` (all it shows), drawn by ``make`` unless the last build drew it."""
        svg = self.drawn.get(key) or self.drawn_before.get(key) or make()
        self.drawn[key] = svg
        return svg

    def text(self, key: Hashable, work: Callable[[Index], str], ids: tuple[str, ...] = ()) -> str:
        """What ``work`` makes of the index (a page, its head), keyed by ``key``; ``ids`` are records
        it is given besides the index. Taken as it was when nothing it read has changed."""
        kept = self.texts.get(key)
        if kept is not None and self.change is not None and not self.change.touches(kept[1]):
            self.fresh[key], self.reused = kept, self.reused + 1
            return kept[0]
        assert self.index is not None
        reads = Reads(ids=set(ids))
        made = work(noted(self.index, reads))
        self.fresh[key] = (made, reads)
        return made

    def finish(self) -> None:
        """The build is done: what it made is what the next one starts from."""
        self.texts, self.fresh, self.change = self.fresh, {}, None
