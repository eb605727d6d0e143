"""Validated records -> Index: by ID, by kind, and who refers to whom. Pure, built once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import KINDS, UNKNOWN, Camp, Citation, Entry, Figure, Route, Team
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

    def get(self, rid: str) -> Entry | None:
        return self.entries.get(rid)

    def referrers(self, rid: str) -> list[Entry]:
        """Records that refer to ``rid``, each once, in kind then ID order."""
        ids = sorted({b.source for b in self.backlinks.get(rid, [])}, key=self.sort_key)
        return [self.entries[i] for i in ids]

    def sort_key(self, rid: str) -> tuple[int, str]:
        order = list(KINDS)
        return order.index(self.entries[rid].kind), rid

    def citations(self, rid: str) -> list[tuple[Entry, Citation]]:
        """Every (citing record, citation) that names source ``rid``."""
        out = []
        for entry in self.referrers(rid):
            for cit in iter_citations(entry):
                if cit.source == rid:
                    out.append((entry, cit))
        return out

    # ---- what a camp page gathers --------------------------------------------------------------

    def teams_of(self, camp_id: str) -> list[Entry]:
        return [e for e in self.by_kind["team"] if isinstance(e.record, Team) and e.record.camp == camp_id]

    def products_of(self, camp_id: str) -> list[Entry]:
        ids = {p for t in self.teams_of(camp_id) for p in t.record.products}  # type: ignore[attr-defined]
        ids |= {p for r in self.routes_of(camp_id) for leg in r.record.legs for p in leg.goods}  # type: ignore[attr-defined]
        return [self.entries[i] for i in sorted(ids) if i in self.entries]

    def figures_of(self, camp_id: str) -> list[Entry]:
        scope = {camp_id} | {t.id for t in self.teams_of(camp_id)}
        return [e for e in self.by_kind["figure"] if isinstance(e.record, Figure) and scope & set(e.record.subjects)]

    def routes_of(self, camp_id: str) -> list[Entry]:
        scope = {camp_id} | {t.id for t in self.teams_of(camp_id)}
        return [
            e
            for e in self.by_kind["route"]
            if isinstance(e.record, Route) and any(scope & {leg.from_, leg.to} for leg in e.record.legs)
        ]

    def of_kind_referring(self, rid: str, kind: str) -> list[Entry]:
        return [e for e in self.referrers(rid) if e.kind == kind]

    def sources_behind(self, entries: list[Entry]) -> list[Entry]:
        ids = {c.source for e in entries for c in iter_citations(e)}
        return [self.entries[i] for i in sorted(ids) if i in self.entries]


def iter_citations(entry: Entry) -> list[Citation]:
    return [m for _path, m in iter_models(entry.record, ()) if isinstance(m, Citation)]


def build_index(entries: dict[str, Entry]) -> Index:
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
    return Index(dict(sorted(entries.items())), by_kind, dict(backlinks))


def camps_in(index: Index) -> list[Entry]:
    return [e for e in index.by_kind["camp"] if isinstance(e.record, Camp)]
