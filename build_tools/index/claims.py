"""How claims stand against each other: independent sources, testimonies for and against,
corrections, and how strong each leg of an export route is. Pure functions of the Index.

Two sources are independent unless one relays the other, or both relay a common source (two
news reports of one NGO report count once): the archive records that with a source's
``relays``.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.index.link import Index, claim_key
from build_tools.records.model import Entry, Figure, Source, Testimony
from build_tools.records.parts import Citation, Correction, Leg, Stance, value_key
from build_tools.records.vocab import RELIABILITY, STRENGTHS


@dataclass(frozen=True)
class Group:
    """Sources that count as one: those cited, and the original(s) they go back to."""

    cited: tuple[str, ...]
    origins: tuple[str, ...]


def origins(index: Index, sid: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
    """The sources ``sid`` goes back to through ``relays``: itself when it relays nothing, every
    member of a loop when the relays go round in one (none of them is the original)."""
    entry = index.get(sid)
    relays = entry.record.relays if entry is not None and isinstance(entry.record, Source) else []
    path = (*seen, sid)
    loop = frozenset(x for r in relays if r in path for x in path[path.index(r) :])
    upstream = [r for r in relays if r not in path]
    if not upstream and not loop:
        return frozenset([sid])
    return loop.union(*(origins(index, r, path) for r in upstream))


def independent(index: Index, cites: list[Citation]) -> list[Group]:
    """The cited sources in independent groups, in the order first cited."""
    groups: list[tuple[list[str], set[str]]] = []
    for sid in dict.fromkeys(c.source for c in cites):
        found = set(origins(index, sid))
        joined = [g for g in groups if g[1] & found]
        cited = [x for g in joined for x in g[0]] + [sid]
        for g in joined:
            found |= g[1]
            groups.remove(g)
        groups.append((cited, found))
    order = list(dict.fromkeys(c.source for c in cites))
    groups.sort(key=lambda g: min(order.index(s) for s in g[0]))
    return [Group(tuple(sorted(g[0], key=order.index)), tuple(sorted(g[1]))) for g in groups]


def stances_on(index: Index, rid: str) -> list[tuple[Entry, Stance]]:
    """Every testimony's stance on record ``rid``, testimonies in ID order."""
    return [
        (t, s)
        for t in index.referrers(rid, kind="testimony", via="stances")
        for s in t.record.stances  # type: ignore[union-attr]
        if s.claim == rid
    ]


def mentions(index: Index, rid: str) -> list[Entry]:
    """The testimonies that refer to record ``rid`` (in their text, a list or a citation) with no
    recorded stance on it, in ID order: they mention it without saying whether they bear it out."""
    taking = {t.id for t, _ in stances_on(index, rid)}
    return [t for t in index.referrers(rid, kind="testimony") if t.id not in taking]


def correction(testimony: Entry) -> Correction | None:
    """The latest correction or retraction of a testimony, if any."""
    rec = testimony.record
    return rec.corrections[-1] if isinstance(rec, Testimony) and rec.corrections else None


def counts(stances: list[tuple[Entry, Stance]]) -> tuple[int, int]:
    """(testimonies for, testimonies against) a claim. A retracted testimony counts for nothing."""
    live = [s for t, s in stances if (c := correction(t)) is None or c.status != "retracted"]
    return (
        sum(s.stance.startswith("corroborates") for s in live),
        sum(s.stance.startswith("contradicts") for s in live),
    )


def input_cites(index: Index, figure_id: str) -> list[Citation]:
    """What a derived figure rests on: the citations of the figures it is computed from."""
    calc = index.derived.get(figure_id)
    if calc is None:
        return []
    figures = dict.fromkeys(step.figure for step in calc.steps)
    return [c for fid in figures if fid in index.entries for c in index.citations_in(index.entries[fid])]


# ---- export-route legs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Strength:
    level: str  # a key of vocab.STRENGTHS
    groups: tuple[Group, ...]
    reliability: str  # the best reliability among the sources, in words

    @property
    def label(self) -> str:
        text = STRENGTHS[self.level].capitalize()
        if self.level == "corroborated":
            text = "Corroborated: " + STRENGTHS[self.level]
        if self.level == "single" and len(self.groups[0].cited) > 1:
            text += f" ({len(self.groups[0].cited)} reports relaying it)"
        return text


def leg_strength(index: Index, leg: Leg) -> Strength:
    groups = tuple(independent(index, leg.cites))
    ranks = list(RELIABILITY)  # best first
    cited = [index.get(s) for g in groups for s in g.cited]
    best = min(
        (ranks.index(e.record.reliability) for e in cited if e is not None and isinstance(e.record, Source)),
        default=len(ranks) - 1,
    )
    level = "uncited" if not groups else "corroborated" if len(groups) > 1 else "single"
    return Strength(level, groups, RELIABILITY[ranks[best]].lower() if groups else "")


# ---- figures for the same thing ---------------------------------------------------------------


def differs(figures: list[Entry]) -> bool:
    """True when any of these figures disagree with another for the same claim (measure, unit,
    statistic, period) about the same subjects."""
    groups: dict[tuple[object, ...], list[Figure]] = {}
    for f in figures:
        rec = f.record
        assert isinstance(rec, Figure)
        groups.setdefault((*claim_key(rec), tuple(sorted(rec.subjects))), []).append(rec)
    return any(disagree(g[0], other) for g in groups.values() for other in g[1:])


def disagree(a: Figure, b: Figure) -> bool:
    """Two figures for the same measure, subject and period differ when their values, as given,
    are not the same (exact 42 and about 42 differ in what they claim)."""

    def key(f: Figure) -> tuple[str, object]:  # the source's own words (as_stated) are no part of it
        return f.unit, None if f.value is None else value_key(f.value)

    return key(a) != key(b)
