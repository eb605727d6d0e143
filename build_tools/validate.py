"""Schema checks, then cross-reference and policy checks. Problems out, never exceptions."""

from __future__ import annotations

import difflib
import re
import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from .load import RawRecord
from .model import KINDS, TEXT_REF, UNKNOWN, Citation, Entry, Figure, Location, Ref, Testimony, Value
from .problems import Origin, Problem
from .yamlread import KeyPath

# ---- schema -----------------------------------------------------------------------------------

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a set of fields",
    "dict_type": "a set of fields",
}


def check_schema(raw: RawRecord) -> tuple[Entry | None, list[Problem]]:
    model = KINDS[raw.kind].model
    try:
        record = model.model_validate(raw.data)
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[tuple[object, ...]] = set()
        for err in exc.errors(include_url=False):
            # A number field (int | float) fails once per member; report it once, as "a number".
            if any(_is_union_tag(p) for p in err["loc"]):
                err = {**err, "type": "float_type" if err["type"] in ("int_type", "float_type") else err["type"]}
            key = (tuple(p for p in err["loc"] if not _is_union_tag(p)), err["type"])
            if key not in seen:
                seen.add(key)
                problems.append(_schema_problem(raw, model, err))
        return None, problems
    return Entry(raw.kind, raw.id, raw.path, record, raw.body), []


def _schema_problem(raw: RawRecord, model: type[BaseModel], err: Any) -> Problem:
    loc: KeyPath = tuple(p for p in err["loc"] if not _is_union_tag(p))
    kind, where, etype = raw.kind, _dotted(loc), err["type"]
    value = err.get("input")
    if etype == "missing":
        return Problem(raw.origin(loc[:-1]), "missing-field", f"{kind} needs the field '{where}'")
    if etype == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        msg = f"unknown field '{where}'"
        msg += f"; did you mean '{hint[0]}'?" if hint else f"; allowed here: {', '.join(allowed)}"
        return Problem(raw.origin(loc), "unknown-field", msg)
    if etype in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return Problem(raw.origin(loc), "invalid-value", f"'{value}' is not allowed for '{where}'; expected {expected}")
    if etype in ("invalid-date", "invalid-url", "invalid-value"):
        return Problem(raw.origin(loc), etype, f"'{where}': {err['msg']}")
    if etype in _TYPE_NAMES:
        return Problem(
            raw.origin(loc),
            "wrong-type",
            f"'{where}' must be {_TYPE_NAMES[etype]}, not {_describe(value)}"
            + (" (put text in quotes)" if etype == "string_type" and value is not None else ""),
        )
    if etype == "too_short":
        n = err.get("ctx", {}).get("min_length", 1)
        return Problem(raw.origin(loc), "invalid-value", f"'{where}' needs at least {n} item{'s' if n != 1 else ''}")
    return Problem(raw.origin(loc), "invalid-value", f"'{where}': {err['msg']}")


def _is_union_tag(part: Any) -> bool:
    # pydantic names union members in error locations ("int", "float", "function-after[...]")
    return isinstance(part, str) and (part in ("int", "float", "str", "bool") or "[" in part)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


def _dotted(loc: KeyPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fields_at(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """Field names (as written in YAML) of the model found at a location inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return sorted((f.alias or n) for n, f in current.model_fields.items())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


# ---- references -------------------------------------------------------------------------------


def iter_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, Ref]]:
    """Every (key path, target ID, Ref) in a model, found through the Ref markers on its fields."""
    if not isinstance(obj, BaseModel):
        return
    for name, field in type(obj).model_fields.items():
        value = getattr(obj, name)
        key = field.alias or name
        marker = next((m for m in field.metadata if isinstance(m, Ref)), None) or _ref_in(field.annotation)
        if marker is not None:
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                if item is not None:
                    yield ((*path, key, i) if isinstance(value, list) else (*path, key)), item, marker
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from iter_refs(item, (*path, key, i))
        else:
            yield from iter_refs(value, (*path, key))


def _ref_in(annotation: Any) -> Ref | None:
    for m in getattr(annotation, "__metadata__", ()):
        if isinstance(m, Ref):
            return m
    for arg in typing.get_args(annotation):
        found = _ref_in(arg)
        if found:
            return found
    return None


def check_references(entries: dict[str, Entry], raws: dict[str, RawRecord], kinds: dict[str, str]) -> list[Problem]:
    """``kinds`` maps every ID on disk to its kind, so a reference to a record that failed its
    own schema check is not also reported as missing."""
    problems = []
    for rid in sorted(entries):
        entry, raw = entries[rid], raws[rid]
        for path, target, marker in iter_refs(entry.record):
            if marker.allow_unknown and target == UNKNOWN:
                continue
            wanted = " or ".join(marker.kinds)
            found = kinds.get(target)
            if found is None:
                msg = f"{wanted} '{target}' does not exist"
                close = difflib.get_close_matches(target, sorted(i for i, k in kinds.items() if k in marker.kinds), n=1)
                if close:
                    msg += f"; did you mean '{close[0]}'?"
                problems.append(Problem(raw.origin(path), "unknown-reference", msg))
            elif found not in marker.kinds:
                problems.append(
                    Problem(
                        raw.origin(path),
                        "wrong-kind-reference",
                        f"'{target}' is a {found}, but '{_dotted(path)}' needs a {wanted}",
                    )
                )
    problems.extend(_check_cycles(entries, raws))
    return problems


def iter_text_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, int]]:
    """Every [[id]] written in a text field: (key path, ID, line within the text, from 0)."""
    if isinstance(obj, str):
        for m in TEXT_REF.finditer(obj):
            yield path, m.group(1), obj.count("\n", 0, m.start())
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from iter_text_refs(item, (*path, i))
    elif isinstance(obj, BaseModel):
        for name, field in type(obj).model_fields.items():
            yield from iter_text_refs(getattr(obj, name), (*path, field.alias or name))


def check_text_refs(entry: Entry, raw: RawRecord, kinds: dict[str, str]) -> list[Problem]:
    found = [(raw.origin(path), rid) for path, rid, _ in iter_text_refs(entry.record)]
    if entry.body:
        found += [(Origin(raw.path, raw.body_line + n, 1), rid) for _, rid, n in iter_text_refs(entry.body)]
    problems = []
    for origin, rid in found:
        if rid not in kinds:
            close = difflib.get_close_matches(rid, sorted(kinds), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(Problem(origin, "unknown-reference", f"[[{rid}]] names no record{hint}"))
    return problems


def _check_cycles(entries: dict[str, Entry], raws: dict[str, RawRecord]) -> list[Problem]:
    """Places sit within places, organizations under parents: such chains must end."""
    problems = []
    for field in ("within", "parent"):
        for rid in sorted(entries):
            seen = [rid]
            nxt = getattr(entries[rid].record, field, None)
            while isinstance(nxt, str) and nxt in entries:
                if nxt == rid:
                    problems.append(
                        Problem(
                            raws[rid].origin((field,)),
                            "reference-cycle",
                            f"'{field}' leads back to '{rid}': {' -> '.join([*seen, rid])}",
                        )
                    )
                    break
                if nxt in seen:
                    break  # a loop that does not pass through rid; reported from its members
                seen.append(nxt)
                nxt = getattr(entries[nxt].record, field, None)
    return problems


# ---- policy -----------------------------------------------------------------------------------

_PERSONAL_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")


def check_policy(entry: Entry, raw: RawRecord) -> list[Problem]:
    rec = entry.record
    problems: list[Problem] = []
    if isinstance(rec, (Figure, Testimony)) and not rec.cites:
        problems.append(
            Problem(
                raw.origin(("cites",)),
                "missing-source",
                f"a {entry.kind} must cite at least one source under 'cites'",
            )
        )
    problems.extend(_check_citations(rec, raw))
    for path, value in _iter_models(rec, ()):
        if isinstance(value, Value):
            problems.extend(_check_value(value, path, raw, getattr(rec, "unit", None) if path == ("value",) else None))
        if isinstance(value, Location):
            problems.extend(_check_location(value, path, raw))
    if isinstance(rec, Testimony):
        problems.extend(_check_witness(rec, raw))
    return problems


def _iter_models(obj: Any, path: KeyPath) -> Iterator[tuple[KeyPath, BaseModel]]:
    if isinstance(obj, BaseModel):
        yield path, obj
        for name, field in type(obj).model_fields.items():
            yield from _iter_models(getattr(obj, name), (*path, field.alias or name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _iter_models(item, (*path, i))


def _check_citations(rec: Any, raw: RawRecord) -> list[Problem]:
    problems = []
    for path, model in _iter_models(rec, ()):
        if isinstance(model, Citation) and not (model.locator and model.locator.strip()):
            problems.append(
                Problem(
                    raw.origin(path),
                    "missing-locator",
                    f"the citation of '{model.source}' needs a 'locator': the page, section or paragraph",
                )
            )
    return problems


def _check_value(value: Value, path: KeyPath, raw: RawRecord, unit: str | None) -> list[Problem]:
    here = _dotted(path)
    given = [f for f in ("exact", "about", "between", "at_least", "at_most") if getattr(value, f) is not None]
    if len(given) != 1:
        what = ", ".join(given) if given else "none"
        return [
            Problem(
                raw.origin(path),
                "invalid-value",
                f"'{here}' needs exactly one of exact, about, between, at_least, at_most (found: {what})",
            )
        ]
    problems = []
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
                    f"the code '{w.code}' looks like a personal name; use a pseudonymous code",
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


def validate_records(raws: list[RawRecord]) -> tuple[dict[str, Entry], list[Problem]]:
    """Schema, then references, then policy, over all records. Returns the records that passed
    the schema (so later stages can still use them) and every problem found."""
    unique, problems = check_ids(raws)
    entries: dict[str, Entry] = {}
    for rid, raw in unique.items():
        entry, probs = check_schema(raw)
        problems.extend(probs)
        if entry is not None:
            entries[rid] = entry
    kinds = {r.id: r.kind for r in raws}
    problems.extend(check_references(entries, unique, kinds))
    for rid, entry in entries.items():
        problems.extend(check_text_refs(entry, unique[rid], kinds))
    for rid, entry in entries.items():
        problems.extend(check_policy(entry, unique[rid]))
    return entries, problems
