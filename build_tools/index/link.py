"""Validated records -> Index: by ID, by kind, and who refers to whom. Pure, built once."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from build_tools.records.derive import CannotDerive, Derived, derive
from build_tools.records.fields import UNKNOWN
from build_tools.records.model import KINDS, Entry, Figure
from build_tools.records.parts import Citation
from build_tools.records.raw import KeyPath
from build_tools.records.walk import iter_text_refs, survey


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
    derived: dict[str, Derived] = field(default_factory=dict)  # derived figure ID -> the calculation
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # lookups worked out once

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

    def of_measure(self, measure: str) -> list[Entry]:
        """Every figure of ``measure``, in ID order."""
        return [e for e in self.by_kind.get("figure", []) if e.record.measure == measure]  # type: ignore[union-attr]

    def figures_of(self, camp_id: str) -> list[Entry]:
        return self._referring_any(self._camp_scope(camp_id), "figure", via="subjects")

    def routes_of(self, camp_id: str) -> list[Entry]:
        return self._referring_any(self._camp_scope(camp_id), "route", via="legs")

    def products_of(self, camp_id: str) -> list[Entry]:
        ids = {p for t in self.teams_of(camp_id) for p in t.record.products}  # type: ignore[union-attr]
        ids |= {p for r in self.routes_of(camp_id) for leg in r.record.legs for p in leg.goods}  # type: ignore[union-attr]
        return [self.entries[i] for i in sorted(ids) if i in self.entries]

    def comparable_figures(self, figure_id: str) -> list[Entry]:
        """Other figures of the same measure, unit, statistic and period about any of the same
        subjects: the claims a reader should weigh this one against."""
        fig = self.entries[figure_id].record
        assert isinstance(fig, Figure)
        claims, key = self._claims(), claim_key(fig)
        found = {i for s in fig.subjects for i in claims.get((s, key), ())} - {figure_id}
        return [self.entries[i] for i in sorted(found)]

    def _claims(self) -> dict[tuple[str, Claim], set[str]]:
        """(subject, claim_key) -> the figures about that subject (through their ``subjects``
        backlinks) that make that claim; worked out once, so that weighing a figure against the
        others costs only those others, not every figure about its camp."""
        if "claims" not in self.memo:
            table: dict[tuple[str, Claim], set[str]] = {}
            for subject, links in self.backlinks.items():
                for b in links:
                    f = self.entries[b.source]
                    if b.path[0] == "subjects" and f.kind == "figure":
                        table.setdefault((subject, claim_key(f.record)), set()).add(f.id)  # type: ignore[arg-type]
            self.memo["claims"] = table
        return self.memo["claims"]  # type: ignore[return-value]

    def comparable_elsewhere(self, camp_id: str, measure: str) -> list[Entry]:
        """Figures of other camps for a measure, in units this camp's figures use: the context a
        camp's chart sets its own figures against."""
        mine = {f.id for f in self.figures_of(camp_id) if f.record.measure == measure}  # type: ignore[union-attr]
        units = {self.entries[i].record.unit for i in mine}  # type: ignore[union-attr]
        found = {
            f.id: f
            for unit in units
            for f, camps in self._camp_figures().get((measure, unit), [])
            if f.id not in mine and camps - {camp_id}
        }
        return [found[i] for i in sorted(found)]

    def context_figures(self, camp_id: str, measure: str, limit: int) -> tuple[list[Entry], int]:
        """At most ``limit`` of the figures ``comparable_elsewhere`` gives, in ID order, and how many
        it gives. The sample differs from camp to camp (the figures ordered by a hash of the camp's
        ID and theirs), so that no figure stands beside every camp's, and an edit to one figure
        changes the pages of few camps."""
        found = self.comparable_elsewhere(camp_id, measure)
        spread = sorted(found, key=lambda f: hashlib.blake2b(f"{camp_id}/{f.id}".encode(), digest_size=8).digest())
        return sorted(spread[:limit], key=lambda f: f.id), len(found)

    def _camp_figures(self) -> dict[tuple[str, str], list[tuple[Entry, set[str]]]]:
        """(measure, unit) -> each figure about a camp, with the camps it is about; worked out once,
        so that each camp page's lookup costs only the figures it shows, not a pass over every camp."""
        if "camp_figures" not in self.memo:
            camps: dict[str, set[str]] = {}
            for camp in self.by_kind.get("camp", []):
                for f in self.figures_of(camp.id):
                    camps.setdefault(f.id, set()).add(camp.id)
            groups: dict[tuple[str, str], list[tuple[Entry, set[str]]]] = {}
            for fid in sorted(camps):
                rec = self.entries[fid].record
                groups.setdefault((rec.measure, rec.unit), []).append((self.entries[fid], camps[fid]))  # type: ignore[union-attr]
            self.memo["camp_figures"] = groups
        return self.memo["camp_figures"]  # type: ignore[return-value]

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


Claim = tuple[str, str, str | None, str]  # measure, unit, statistic, period


def claim_key(fig: Figure) -> Claim:
    """What two figures must share to be claims about the same thing (with a subject in common):
    a yearly average and a total over years are not."""
    return fig.measure, fig.unit, fig.statistic, fig.period


_KIND_ORDER = {name: n for n, name in enumerate(KINDS)}


def _derive_all(entries: dict[str, Entry]) -> tuple[dict[str, Entry], dict[str, Derived]]:
    """Derived figures with their computed value filled in (and basis set), so every later stage
    sees a value; one that cannot be computed (an input held back) is left out."""

    def lookup(rid: str) -> Figure | None:
        e = entries.get(rid)
        return e.record if e is not None and isinstance(e.record, Figure) else None

    done: dict[str, Derived] = {}
    out = dict(entries)
    for rid, e in sorted(entries.items()):
        rec = e.record
        if isinstance(rec, Figure) and rec.derived is not None:
            try:
                done[rid] = derive(rec, lookup)
            except CannotDerive:
                del out[rid]
                continue
            update = {"value": done[rid].value, "basis": "archive-calculation"}
            out[rid] = replace(e, record=rec.model_copy(update=update))
    return out, done


# What one record gives the index (``record_links``): each (target, backlink) its fields, text and
# body make, and its citations.
RecordLinks = tuple[list[tuple[str, Backlink]], list[Citation]]


def record_links(entry: Entry) -> RecordLinks:
    """What ``entry`` gives the index: a backlink for each record other than itself that its
    fields, its text (``[[id]]``) and its body refer to ('unknown' is no record), with the
    target, and its citations. It depends on the entry alone, so a preview's rebuild takes it
    from the last for a record unchanged."""
    walked = survey(entry.record)  # one walk for its references, [[id]]s and citations
    refs = [(path, target) for path, target, _marker in walked.refs]
    refs += [(path, target) for path, target, _line in walked.text_refs]
    refs += [(("body",), target) for _path, target, _line in iter_text_refs(entry.body or "")]
    made = [(target, Backlink(entry.id, path)) for path, target in refs if target not in (UNKNOWN, entry.id)]
    return made, [m for _path, m in walked.models if isinstance(m, Citation)]


def build_index(entries: dict[str, Entry], links_of: Callable[[Entry], RecordLinks] = record_links) -> Index:
    """The index of ``entries``; ``links_of`` gives what each record gives it (``record_links``:
    the orchestrator may hand in one that takes it from an earlier build)."""
    withdrawn = {rid: e for rid, e in sorted(entries.items()) if e.withdrawn}
    entries, derived = _derive_all({rid: e for rid, e in entries.items() if not e.withdrawn})
    by_kind: dict[str, list[Entry]] = {k: [] for k in KINDS}
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    cited: dict[str, list[Citation]] = {}
    for rid in sorted(entries):
        entry = entries[rid]
        by_kind[entry.kind].append(entry)
        made, cited[rid] = links_of(entry)
        for target, link in made:
            if target in entries:
                backlinks[target].append(link)
    return Index(dict(sorted(entries.items())), by_kind, dict(backlinks), cited, withdrawn, derived)
