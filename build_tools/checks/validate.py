"""The validation pass: IDs, schema, then references, then policy. Problems out, never exceptions."""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from build_tools.checks.markup import body_problems
from build_tools.checks.policy import check_policy, closing_edges
from build_tools.checks.schema import check_schema
from build_tools.checks.witness_places import check_witness_places
from build_tools.records.derive import CannotDerive, derive
from build_tools.records.fields import UNKNOWN, Ref
from build_tools.records.model import KINDS, NARRATIVE, Entry, Figure
from build_tools.records.problems import Origin, Problem, quote
from build_tools.records.raw import Alone, KeyPath, RawRecord, is_withheld
from build_tools.records.walk import dotted as _dotted
from build_tools.records.walk import iter_raw_refs, iter_refs, iter_text_refs, survey

TextRef = tuple[KeyPath, str, int]  # walk.iter_text_refs: where, the ID, the line within the text


# ---- references -------------------------------------------------------------------------------


def _renamed(entries: dict[str, Entry]) -> dict[str, str]:
    """Old ID -> the record that now carries it in its ``formerly`` list."""
    return {old: rid for rid in sorted(entries) for old in entries[rid].links.formerly}


Gone = dict[str, tuple[str, str]]


def _gone(entries: dict[str, Entry]) -> Gone:
    """The IDs no reference may name, each with the (code, message) that says so: withdrawn
    records, and IDs given up in a rename. Worked out once, for every reference to be looked up."""
    gone = {
        rid: ("withdrawn-reference", f"'{rid}' was withdrawn; refer to another record or remove the reference")
        for rid, entry in entries.items()
        if entry.links.withdrawn
    }
    for old, rid in _renamed(entries).items():
        if old not in entries:
            gone[old] = ("unknown-reference", f"'{old}' was renamed: it is now '{rid}'; refer to the new ID")
    return gone


def check_references(
    entries: dict[str, Entry],
    raws: dict[str, RawRecord],
    kinds: dict[str, str],
    failed: Sequence[RawRecord],
    gone: Gone,
) -> list[Problem]:
    """``kinds`` maps every ID on disk to its kind, so a reference to a record that failed its
    own schema check is not also reported as missing. The references of the ``failed`` records
    themselves are read from their data as written. ``gone``: the IDs no reference may name."""
    found = [(raws[rid], *ref) for rid in sorted(entries) for ref in _refs(entries[rid], raws[rid])]
    found += [
        (raw, *ref)
        for raw in failed
        if "withdrawn" not in raw.data
        for ref in iter_raw_refs(KINDS[raw.kind].model, raw.data)
    ]
    candidates: dict[tuple[str, ...], list[str]] = {}  # the IDs of some kinds, sorted: for hints
    problems = [
        p
        for raw, path, target, marker in found
        # the common case, a record of a kind the field takes, is decided here
        if (target in gone or kinds.get(target) not in marker.kinds)
        and (p := _reference_problem(raw, path, target, marker, kinds, gone, candidates))
    ]
    problems.extend(_check_cycles(entries, raws))
    return problems


def _refs(entry: Entry, raw: RawRecord) -> Iterable[tuple[KeyPath, str, Ref]]:
    """walk.iter_refs of the entry's record, as found when it was read if it was."""
    return raw.alone.refs if raw.alone is not None and raw.alone.entry is entry else iter_refs(entry.record)


def _reference_problem(
    raw: RawRecord,
    path: KeyPath,
    target: str,
    marker: Ref,
    kinds: dict[str, str],
    gone: Gone,
    candidates: dict[tuple[str, ...], list[str]],
) -> Problem | None:
    if marker.allow_unknown and target == UNKNOWN:
        return None
    found = kinds.get(target)
    if target in gone:
        return Problem(raw.origin(path), *gone[target])
    if found is not None and found in marker.kinds:
        return None
    wanted = " or ".join(marker.kinds)
    if is_withheld(path):  # where a witness comes from: the place is not named in a public log
        if found is None:
            return Problem(
                raw.origin(path), "unknown-reference", f"the {wanted} given (not repeated here) does not exist"
            )
        if found not in marker.kinds:
            return Problem(
                raw.origin(path),
                "wrong-kind-reference",
                f"the record given (not repeated here) is a {found}, but '{_dotted(path)}' needs a {wanted}",
            )
    if found is None:
        msg = f"{wanted} '{quote(target)}' does not exist"
        among = tuple(marker.kinds)
        if among not in candidates:
            candidates[among] = sorted(i for i, k in kinds.items() if k in marker.kinds)
        if close := _nearest(target, candidates[among]):
            msg += f"; did you mean '{close}'?"
        return Problem(raw.origin(path), "unknown-reference", msg)
    if found not in marker.kinds:
        return Problem(
            raw.origin(path),
            "wrong-kind-reference",
            f"'{quote(target)}' is a {found}, but '{_dotted(path)}' needs a {wanted}",
        )
    return None


def _nearest(target: str, ids: list[str]) -> str | None:
    """The ID ``target`` most likely meant, if any is close: IDs are lowercase, and one that
    starts as it does (fig-, tst-) before any other ([[FIG-0002]] means fig-0002, not tst-0002)."""
    wanted = target.lower()
    head = wanted.split("-", 1)[0] + "-"
    alike = [i for i in ids if i.startswith(head)] if "-" in wanted else []
    close = difflib.get_close_matches(wanted, alike, n=1) or difflib.get_close_matches(wanted, ids, n=1)
    return close[0] if close else None


def check_text_refs(entry: Entry, raw: RawRecord, kinds: dict[str, str], gone: Gone) -> list[Problem]:
    in_text: Iterable[TextRef]
    in_body: Iterable[TextRef]
    if raw.alone is not None and raw.alone.entry is entry:  # found when it was read
        in_text, in_body = raw.alone.text_refs, raw.alone.body_refs
    else:
        in_text, in_body = iter_text_refs(entry.record), iter_text_refs(entry.body) if entry.body else []
    in_text = list(in_text)
    korean = ("ko", NARRATIVE)  # the Korean narrative's refs at their line, as the body's
    block = raw.block_start(korean) if any(path == korean for path, _rid, _n in in_text) else None
    found: list[tuple[KeyPath | int, str]] = [
        (block[0] + n if block and path == korean else path, rid) for path, rid, n in in_text
    ]
    found += [(raw.body_line + n, rid) for _, rid, n in in_body]  # at a line of the body
    problems = []
    for where, rid in found:
        if rid not in gone and rid in kinds:
            continue  # the common case, decided before the place is looked up
        origin = Origin(raw.path, where, 1) if isinstance(where, int) else raw.origin(where)
        if rid in gone:
            problems.append(Problem(origin, *gone[rid]))
        elif rid not in kinds:
            close = _nearest(rid, sorted(kinds))
            hint = f"; did you mean '{close}'?" if close else ""
            problems.append(Problem(origin, "unknown-reference", f"[[{rid}]] names no record{hint}"))
    return problems


def _check_relays(entries: dict[str, Entry], raws: dict[str, RawRecord]) -> list[Problem]:
    """A source relays others, which may relay others: the chain leads back to an original and
    never round to a source already in it (a loop would make a source its own evidence)."""
    edges: list[tuple[str, str]] = []
    where: list[KeyPath] = []
    problems = []
    for rid in sorted(entries):
        for n, relayed in enumerate(entries[rid].links.relays):  # the model is not read again (ship.py)
            if relayed == rid:
                problems.append(
                    Problem(raws[rid].origin(("relays", n)), "reference-cycle", "a source cannot relay itself")
                )
            edges.append((rid, relayed))
            where.append(("relays", n))
    for n in closing_edges(edges):
        rid, relayed = edges[n]
        problems.append(
            Problem(
                raws[rid].origin(where[n]),
                "reference-cycle",
                f"'relays' leads round in a loop: '{quote(relayed)}' relays, directly or through others,"
                f" '{quote(rid)}' itself",
            )
        )
    return problems


def _check_cycles(entries: dict[str, Entry], raws: dict[str, RawRecord]) -> list[Problem]:
    """Places sit within places, organizations under parents: such chains must end."""
    problems = _check_relays(entries, raws)
    for field in ("within", "parent"):
        # The records that name another in the field: a chain ends at a record that names none
        holding = {rid: to for rid, e in entries.items() if (to := getattr(e.links, field)) is not None}
        for loop in loops_of(holding):
            for at, rid in enumerate(loop):  # each member is told of the loop, from itself round
                round_trip = [*loop[at:], *loop[:at], rid]
                problems.append(
                    Problem(
                        raws[rid].origin((field,)),
                        "reference-cycle",
                        f"'{field}' leads back to '{rid}': {' -> '.join(round_trip)}",
                    )
                )
    return problems


def loops_of(successor: dict[str, str]) -> list[list[str]]:
    """The loops of a graph in which each node leads to at most one other: each once, as its
    members in order, from the first found walking the nodes in sorted order. Each node is
    walked once: linear in the nodes, however long the chains."""
    done: set[str] = set()
    loops = []
    for start in sorted(successor):
        path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node in successor and node not in done and node not in path:
            path[node] = len(path)
            node = successor[node]
        if node is not None and node in path:
            loops.append(list(path)[path[node] :])
        done.update(path)
    return loops


def check_derived(entries: dict[str, Entry], raws: dict[str, RawRecord]) -> list[Problem]:
    """Every derived figure can be computed from the figures it names."""

    def lookup(rid: str) -> Figure | None:
        e = entries.get(rid)
        return e.record if e is not None and isinstance(e.record, Figure) else None

    problems = []
    for rid, entry in sorted(entries.items()):
        if not entry.links.derived:
            continue
        rec = entry.record
        if isinstance(rec, Figure) and rec.derived is not None:
            if any(lookup(i.figure) is None for i in rec.derived.inputs):
                continue  # a missing or wrong-kind input is reported as a reference problem
            try:
                got = derive(rec, lookup).range
            except CannotDerive as exc:
                problems.append(Problem(raws[rid].origin(exc.where), "cannot-derive", str(exc)))
                continue
            # held to what a figure's own value may be (policy._check_value): 0 or more, a share at most
            # 100; an end the inputs leave open (at least, at most) is shown as such
            beyond = (
                "below 0, which no measure the archive records can be"
                if -math.inf < got.low < 0
                else "above 100 percent"
                if rec.unit == "percent" and 100 < got.high < math.inf
                else None
            )
            if beyond:
                problems.append(
                    Problem(
                        raws[rid].origin(("derived", "formula")),
                        "cannot-derive",
                        f"the result, {_span(got.low, got.high)}, runs {beyond}: check the formula and its inputs",
                    )
                )
    return problems


def _span(low: float, high: float) -> str:
    return f"{low:.4g}" if f"{low:.4g}" == f"{high:.4g}" else f"{low:.4g} to {high:.4g}"


# ---- the whole pass ---------------------------------------------------------------------------


def check_ids(raws: list[RawRecord]) -> tuple[dict[str, RawRecord], list[Problem]]:
    by_id: dict[str, list[RawRecord]] = defaultdict(list)
    for raw in raws:
        by_id[raw.id].append(raw)
    problems = []
    unique: dict[str, RawRecord] = {}
    for rid, group in sorted(by_id.items()):
        if len(group) > 1:
            paths = ", ".join(r.path for r in group)
            for raw in group:
                problems.append(
                    Problem(raw.origin(), "duplicate-id", f"the ID '{rid}' is used by more than one file: {paths}")
                )
        else:
            unique[rid] = group[0]
    return unique, problems


def check_alone(raw: RawRecord) -> tuple[Entry | None, list[Problem], list[Problem]]:
    """The checks that look at one record alone: its schema (problems first) and, if it passed,
    the evidence policy and its Markdown body (problems second)."""
    return alone(raw)[:3]


def alone(raw: RawRecord) -> Alone:
    """What ``check_alone`` finds, with the references the entry makes (load.Alone), the record
    walked over once for all of it."""
    entry, schema = check_schema(raw)
    if entry is None:
        return Alone(None, schema, [], [], [], [])
    walked = survey(entry.record)
    policy = check_policy(entry, raw, walked)
    if entry.body:
        policy += body_problems(entry.path, entry.body, raw.body_line)
    ko = getattr(entry.record, "ko", None)
    if ko is not None and ko.body and (start := raw.block_start(("ko", NARRATIVE))) is not None:
        policy += body_problems(entry.path, ko.body, start[0], start[1] - 1)  # else translation.py's to tell
    body = list(iter_text_refs(entry.body)) if entry.body else []
    return Alone(entry, schema, policy, walked.refs, walked.text_refs, body)


CheckAlone = Callable[[RawRecord], tuple[Entry | None, list[Problem], list[Problem]]]


def checked_alone(raw: RawRecord) -> tuple[Entry | None, list[Problem], list[Problem]]:
    """``check_alone`` of a record, or what was found when it was read (``RawRecord.alone``)."""
    return raw.alone[:3] if raw.alone else check_alone(raw)


def validate_records(
    raws: list[RawRecord], alone_of: CheckAlone = checked_alone
) -> tuple[dict[str, Entry], list[Problem]]:
    """Schema, then references, then policy, over all records. Returns the records that passed
    the schema (so later stages can still use them) and every problem found. ``alone_of`` gives
    the checks of one record alone (the orchestrator may hand in what an earlier rebuild kept)."""
    unique, problems = check_ids(raws)
    entries: dict[str, Entry] = {}
    policies: dict[str, list[Problem]] = {}  # the problems of each record's checks alone, but its schema's
    for rid, raw in unique.items():
        entry, schema, policy = alone_of(raw)
        problems.extend(schema)
        if entry is not None:
            entries[rid], policies[rid] = entry, policy
    kinds = {r.id: r.kind for r in raws}
    failed = [raw for rid, raw in unique.items() if rid not in entries]
    gone = _gone(entries)
    problems.extend(check_references(entries, unique, kinds, failed, gone))
    problems.extend(check_derived(entries, unique))
    problems.extend(check_witness_places(entries, unique))
    for rid, entry in entries.items():
        problems.extend(check_text_refs(entry, unique[rid], kinds, gone))
        problems.extend(policies[rid])
    return entries, problems
