"""Validated records -> Index: by ID, by kind, and who refers to whom. Pure, built once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import KINDS, UNKNOWN, Citation, Entry, Figure
from .walk import iter_models, iter_refs, iter_text_refs
from .yamlread import KeyPath


@dataclass(frozen=True)
class Backlink:
    source: str  # ID of the record that refers
    path: KeyPath  # where in it


@dataclass
class Index:
    entries: dict[str, Entry]
    by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    cited: dict[str, list[Citation]] = field(default_factory=dict)  # record ID -> its citations
    withdrawn: dict[str, Entry] = field(default_factory=dict)  # tombstones, kept out of everything else

    def get(self, rid: str) -> Entry | None:
        return self.entries.get(rid)

    def referrers(self, rid: str, kind: str | None = None, via: str | None = None) -> list[Entry]:
        """Records that refer to ``rid``, each once, in kind then ID order; only of ``kind`` and
        only through the field ``via`` (e.g. "within", "relays") when given."""
        ids = {
            b.source
            for b in self.backlinks.get(rid, [])
            if (via is None or b.path[0] == via) and (kind is None or self.entries[b.source].kind == kind)
        }
        return [self.entries[i] for i in sorted(ids, key=self.sort_key)]

    def sort_key(self, rid: str) -> tuple[int, str]:
        return _KIND_ORDER[self.entries[rid].kind], rid

    def citations(self, rid: str) -> list[tuple[Entry, Citation]]:
        """Every (citing record, citation) that names source ``rid``."""
        return [(e, c) for e in self.referrers(rid) for c in self.citations_in(e) if c.source == rid]

    def citations_in(self, entry: Entry) -> list[Citation]:
        """The citations a record makes, anywhere in it."""
        return self.cited.get(entry.id, [])

    # ---- what a camp page gathers, through the backlinks (no scan of all records) --------------

    def teams_of(self, camp_id: str) -> list[Entry]:
        return self.referrers(camp_id, kind="team", via="camp")

    def _camp_scope(self, camp_id: str) -> list[str]:
        return [camp_id] + [t.id for t in self.teams_of(camp_id)]

    def _referring_any(self, ids: list[str], kind: str, via: str | None = None) -> list[Entry]:
        found = {e.id for rid in ids for e in self.referrers(rid, kind=kind, via=via)}
        return [self.entries[i] for i in sorted(found)]

    def figures_of(self, camp_id: str) -> list[Entry]:
        return self._referring_any(self._camp_scope(camp_id), "figure", via="subjects")

    def routes_of(self, camp_id: str) -> list[Entry]:
        return self._referring_any(self._camp_scope(camp_id), "route", via="legs")

    def products_of(self, camp_id: str) -> list[Entry]:
        ids = {p for t in self.teams_of(camp_id) for p in t.record.products}  # type: ignore[union-attr]
        ids |= {p for r in self.routes_of(camp_id) for leg in r.record.legs for p in leg.goods}  # type: ignore[union-attr]
        return [self.entries[i] for i in sorted(ids) if i in self.entries]

    def comparable_figures(self, figure_id: str) -> list[Entry]:
        """Other figures of the same measure and period about any of the same subjects: the
        claims a reader should weigh this one against."""
        fig = self.entries[figure_id].record
        assert isinstance(fig, Figure)
        return [
            e
            for e in self._referring_any(list(fig.subjects), "figure", via="subjects")
            if e.id != figure_id and (e.record.measure, e.record.period) == (fig.measure, fig.period)  # type: ignore[union-attr]
        ]

    def shown_on(self, figure_id: str) -> list[Entry]:
        """The camp, team and product pages whose figure tables show this figure (each table row
        carries the figure's ID as an anchor, so it can be cited in context)."""
        fig = self.entries[figure_id].record
        assert isinstance(fig, Figure)
        ids = {s for s in fig.subjects if s in self.entries and self.entries[s].kind in ("camp", "team", "product")}
        ids |= {self.entries[s].record.camp for s in ids if self.entries[s].kind == "team"}  # type: ignore[union-attr]
        return [self.entries[i] for i in sorted((i for i in ids if i in self.entries), key=self.sort_key)]

    def sources_behind(self, entries: list[Entry]) -> list[Entry]:
        ids = {c.source for e in entries for c in self.citations_in(e)}
        return [self.entries[i] for i in sorted(ids) if i in self.entries]


_KIND_ORDER = {name: n for n, name in enumerate(KINDS)}


def iter_citations(entry: Entry) -> list[Citation]:
    return [m for _path, m in iter_models(entry.record, ()) if isinstance(m, Citation)]


def build_index(entries: dict[str, Entry]) -> Index:
    withdrawn = {rid: e for rid, e in sorted(entries.items()) if e.withdrawn}
    entries = {rid: e for rid, e in entries.items() if not e.withdrawn}
    by_kind: dict[str, list[Entry]] = {k: [] for k in KINDS}
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    for rid in sorted(entries):
        entry = entries[rid]
        by_kind[entry.kind].append(entry)
        refs = [(path, target) for path, target, _marker in iter_refs(entry.record)]
        refs += [(path, target) for path, target, _line in iter_text_refs(entry.record)]
        refs += [(("body",), target) for _path, target, _line in iter_text_refs(entry.body or "")]
        for path, target in refs:
            if target != UNKNOWN and target in entries and target != rid:
                backlinks[target].append(Backlink(rid, path))
    cited = {rid: iter_citations(entries[rid]) for rid in sorted(entries)}
    return Index(dict(sorted(entries.items())), by_kind, dict(backlinks), cited, withdrawn)
