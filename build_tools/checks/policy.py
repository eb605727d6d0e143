"""Policy checks: the evidence rules beyond the schema (sources and locators, ranges, percentages,
locations, witness anonymity)."""

from __future__ import annotations

import re

from build_tools.checks.translation import check_translation
from build_tools.checks.witness import check_identifying
from build_tools.checks.witness_places import check_content_note
from build_tools.records.model import Entry, Figure, Route, Testimony
from build_tools.records.parts import VALUE_FORMS, Citation, Location, Value
from build_tools.records.problems import Problem, quote
from build_tools.records.raw import KeyPath, RawRecord
from build_tools.records.walk import Survey, iter_models
from build_tools.records.walk import dotted as _dotted

_PERSONAL_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")


def check_policy(entry: Entry, raw: RawRecord, walked: Survey | None = None) -> list[Problem]:
    """``walked``: walk.survey of the entry's record, if it was made already."""
    rec = entry.record
    problems: list[Problem] = []
    if isinstance(rec, Figure):
        problems.extend(_check_figure(rec, raw))
    if isinstance(rec, (Figure, Testimony)) and not rec.cites and not getattr(rec, "derived", None):
        problems.append(
            Problem(
                raw.origin(("cites",)),
                "missing-source",
                f"a {entry.kind} must cite at least one source under 'cites'",
            )
        )
    for path, value in walked.models if walked is not None else iter_models(rec, ()):
        if isinstance(value, Citation) and not (value.locator and value.locator.strip()):
            problems.append(
                Problem(
                    raw.origin(path),
                    "missing-locator",
                    f"the citation of '{quote(value.source)}' needs a 'locator': the page, section or paragraph",
                )
            )
        if isinstance(value, Value):
            problems.extend(_check_value(value, path, raw, getattr(rec, "unit", None) if path == ("value",) else None))
        if isinstance(value, Location):
            problems.extend(_check_location(value, path, raw))
    if isinstance(rec, Testimony):
        problems.extend(_check_witness(rec, raw))
        problems.extend(check_content_note(entry, raw))
    if isinstance(rec, Route):
        problems.extend(_check_route(rec, raw))
    problems.extend(check_identifying(entry, raw, walked.texts if walked is not None else None))
    problems.extend(check_translation(entry, raw))
    return problems


def _check_figure(rec: Figure, raw: RawRecord) -> list[Problem]:
    """A figure either gives a source's value or is derived by the archive, never both."""
    if rec.derived is None:
        if rec.basis == "archive-calculation":
            return [
                Problem(
                    raw.origin(("basis",)),
                    "invalid-value",
                    "only a figure with 'derived' is the archive's calculation; give the source's basis",
                )
            ]
        return []
    problems = []
    if rec.value is not None:
        problems.append(
            Problem(
                raw.origin(("value",)),
                "invalid-value",
                "a derived figure's value is computed from its inputs at build time; remove 'value'",
            )
        )
    if rec.cites:
        problems.append(
            Problem(
                raw.origin(("cites",)),
                "invalid-value",
                "a derived figure is the archive's calculation, not a source's claim: its sources are its"
                " inputs' sources; remove 'cites'",
            )
        )
    if rec.basis not in ("unspecified", "archive-calculation"):
        problems.append(
            Problem(raw.origin(("basis",)), "invalid-value", "a derived figure's basis is 'archive-calculation'")
        )
    return problems


_MINIMUM = "one number given as a minimum write 'at_least'"


def _check_value(value: Value, path: KeyPath, raw: RawRecord, unit: str | None) -> list[Problem]:
    here = _dotted(path)
    given = [f for f in VALUE_FORMS if getattr(value, f) is not None]
    if len(given) != 1:
        what = ", ".join(given) if given else "none"
        return [
            Problem(
                raw.origin(path),
                "invalid-value",
                f"'{here}' needs exactly one of {', '.join(VALUE_FORMS)} (found: {what})",
            )
        ]
    problems = []
    # the two marks a range may carry, and what to write for one number instead
    for flag, instead in (("approximate", "one approximate number write 'about'"), ("or_more", _MINIMUM)):
        if getattr(value, flag) and value.between is None:
            problems.append(
                Problem(
                    raw.origin((*path, flag)),
                    "invalid-value",
                    f"'{here}.{flag}' goes only with 'between'; for {instead}",
                )
            )
    numbers: list[float] = []
    if value.between is not None:
        if len(value.between) != 2:
            return [
                Problem(
                    raw.origin((*path, "between")),
                    "invalid-value",
                    f"'{here}.between' needs two numbers, low and high",
                )
            ]
        low, high = value.between
        if low > high:
            problems.append(
                Problem(
                    raw.origin((*path, "between")),
                    "range-order",
                    f"'{here}.between' runs from {low} down to {high}; put the low end first",
                )
            )
        numbers = [low, high]
    else:
        numbers = [getattr(value, given[0])]
    if unit == "percent":
        for n in numbers:
            if not 0 <= n <= 100:
                problems.append(
                    Problem(raw.origin((*path, given[0])), "percent-out-of-range", f"{n} percent is outside 0-100")
                )
    elif any(n < 0 for n in numbers):  # every measure counts or measures what cannot be below nothing
        problems.append(
            Problem(
                raw.origin((*path, given[0])),
                "invalid-value",
                f"'{here}' is below 0; every measure the archive records (people, deaths, goods, money,"
                " hours) is 0 or more",
            )
        )
    return problems


def _check_location(loc: Location, path: KeyPath, raw: RawRecord) -> list[Problem]:
    problems = []
    if (loc.lat is None) != (loc.lon is None):
        problems.append(
            Problem(raw.origin(path), "missing-field", f"'{_dotted(path)}' needs both lat and lon, or neither")
        )
    if loc.lat is not None and not -90 <= loc.lat <= 90:
        problems.append(Problem(raw.origin((*path, "lat")), "invalid-value", f"latitude {loc.lat} is outside -90..90"))
    if loc.lon is not None and not -180 <= loc.lon <= 180:
        problems.append(
            Problem(raw.origin((*path, "lon")), "invalid-value", f"longitude {loc.lon} is outside -180..180")
        )
    if loc.precision in ("exact", "approximate") and loc.lat is None:
        problems.append(
            Problem(
                raw.origin((*path, "precision")),
                "missing-field",
                f"a location of precision '{loc.precision}' needs lat and lon",
            )
        )
    if loc.lat is not None and not loc.cites:
        problems.append(
            Problem(
                raw.origin(path), "missing-source", "coordinates must cite the source that gives them under 'cites'"
            )
        )
    return problems


def _check_witness(rec: Testimony, raw: RawRecord) -> list[Problem]:
    problems = []
    if rec.form == "individual" and rec.witness is None:
        problems.append(
            Problem(
                raw.origin(("form",)), "missing-field", "an individual testimony needs 'witness' with a code and role"
            )
        )
    if rec.form == "aggregate" and rec.group is None:
        problems.append(
            Problem(
                raw.origin(("form",)), "missing-field", "an aggregate testimony needs 'group' describing the witnesses"
            )
        )
    if rec.form == "aggregate" and rec.witness is not None:
        problems.append(
            Problem(
                raw.origin(("witness",)),
                "invalid-value",
                "an aggregate testimony sums up many witnesses; do not give one 'witness'",
            )
        )
    w = rec.witness
    if w is not None:
        if w.anonymous and w.name:
            problems.append(
                Problem(
                    raw.origin(("witness", "name")),
                    "anonymous-witness-named",
                    "the witness is anonymous, so the record must not hold a name; remove 'name'",
                )
            )
        elif w.anonymous and _PERSONAL_NAME.search(w.code):
            problems.append(
                Problem(
                    raw.origin(("witness", "code")),
                    "anonymous-witness-named",
                    "the code looks like a personal name (not repeated here); use a pseudonymous code",
                )
            )
        if not w.anonymous and not w.name:
            problems.append(
                Problem(
                    raw.origin(("witness", "anonymous")),
                    "witness-not-named",
                    "a witness who is not anonymous needs 'name' as the source gives it",
                )
            )
    return problems


def _check_route(rec: Route, raw: RawRecord) -> list[Problem]:
    """A route's legs lead on: no leg goes from a place to itself, and no legs lead round in a
    loop back to where the goods already were, which no route diagram or reader can follow.
    Branches and merges are fine."""
    problems = []
    for n, leg in enumerate(rec.legs):
        if leg.from_ == leg.to:
            problems.append(
                Problem(
                    raw.origin(("legs", n, "to")),
                    "reference-cycle",
                    f"leg {n + 1} goes from '{quote(leg.to)}' to itself; a leg leads from one place to another",
                )
            )
    edges = [(leg.from_, leg.to) for leg in rec.legs]
    for n in closing_edges(edges):
        problems.append(
            Problem(
                raw.origin(("legs", n, "to")),
                "reference-cycle",
                f"leg {n + 1} leads back to '{quote(edges[n][1])}', where the goods already were: the"
                " legs go round in a loop; a route leads on (record a return as a route of its own)",
            )
        )
    return problems


def closing_edges(edges: list[tuple[str, str]]) -> list[int]:
    """The edges (by number) that close a loop among ``edges`` (from, to), one for each loop a
    depth-first walk finds, walking from each node in the order it first appears and along its
    edges in their order; an edge from a node to itself is left out. Linear in the edges."""
    out: dict[str, list[int]] = {}
    for n, (a, b) in enumerate(edges):
        if a != b:
            out.setdefault(a, []).append(n)
    state: dict[str, int] = {}  # 1: on the walk's path now, 2: done
    closing = []
    for start in dict.fromkeys(a for a, _b in edges):
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(out.get(start, ())))]
        while stack:
            node, todo = stack[-1]
            edge = next(todo, None)
            if edge is None:
                state[node] = 2
                stack.pop()
                continue
            nxt = edges[edge][1]
            if state.get(nxt) == 1:
                closing.append(edge)
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(out.get(nxt, ()))))
    return sorted(closing)
