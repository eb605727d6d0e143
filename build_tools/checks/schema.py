"""Schema checks: each raw record against its kind's model, every failure as a Problem at its line."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from build_tools.records.model import KINDS, Entry, Tombstone
from build_tools.records.problems import Problem, quote
from build_tools.records.raw import KeyPath, RawRecord, is_withheld, strip_private
from build_tools.records.walk import dotted as _dotted
from build_tools.records.walk import nested_model

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
    # A file holding `withdrawn:` is the tombstone of a withdrawn record, whatever its kind.
    model = Tombstone if "withdrawn" in raw.data else KINDS[raw.kind].model
    data, problems = strip_private(raw)
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        seen: set[tuple[object, ...]] = set()
        for err in exc.errors(include_url=False):
            loc = _record_loc(data, err["loc"])
            # A number field (int | float) fails once per member; report it once, as "a number".
            if len(loc) != len(err["loc"]):
                err = {**err, "type": "float_type" if err["type"] in ("int_type", "float_type") else err["type"]}
            err = {**err, "loc": loc}
            key = (loc, err["type"])
            if key not in seen:
                seen.add(key)
                problems.append(_schema_problem(raw, model, err))
        return None, problems
    return Entry(raw.kind, raw.id, raw.path, record, raw.body), problems


def _schema_problem(raw: RawRecord, model: type[BaseModel], err: Any) -> Problem:
    loc: KeyPath = err["loc"]
    kind = "a withdrawn record's tombstone" if model is Tombstone else raw.kind
    where, etype = quote(_dotted(loc)), err["type"]
    value = err.get("input")
    withheld = is_withheld(loc)  # what a testimony says of its witnesses: never repeated in a log
    if etype == "missing":
        return Problem(raw.origin(loc[:-1]), "missing-field", f"{kind} needs the field '{where}'")
    if etype == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        # under a witness or group, a key may be a name written in the wrong place: not repeated
        msg = (
            f"a field of '{quote(_dotted(loc[:-1]))}' (its name not repeated here) is not one it takes"
            if withheld
            else f"unknown field '{where}'"
        )
        msg += f"; did you mean '{hint[0]}'?" if hint else f"; allowed here: {', '.join(allowed)}"
        return Problem(raw.origin(loc), "unknown-field", msg)
    if etype in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        said = "this value (not repeated here)" if withheld else f"'{quote(value)}'"
        return Problem(raw.origin(loc), "invalid-value", f"{said} is not allowed for '{where}'; expected {expected}")
    if etype in ("invalid-date", "invalid-url", "invalid-value", "range-order"):
        return Problem(raw.origin(loc), etype, f"'{where}': {err['msg']}")
    if etype == "model_type" and not isinstance(value, dict) and (fields := _fields_at(model, loc)):
        # Name the fields it takes: "a set of fields" alone does not say what to write.
        return Problem(
            raw.origin(loc),
            "wrong-type",
            f"'{where}' must be a set of fields, not {_describe(value, withheld)}: write one or more of"
            f" {', '.join(fields)} on the lines below it, indented",
        )
    if etype in _TYPE_NAMES:
        return Problem(
            raw.origin(loc),
            "wrong-type",
            f"'{where}' must be {_TYPE_NAMES[etype]}, not {_describe(value, withheld)}"
            + (" (put text in quotes)" if etype == "string_type" and value is not None else ""),
        )
    if etype in _BOUNDS:
        word, key = _BOUNDS[etype]
        limit = f"{err.get('ctx', {}).get(key, '')}"
        return Problem(
            raw.origin(loc), "invalid-value", f"'{where}' must be {word} {limit}, not {_describe(value, withheld)}"
        )
    if etype == "too_short":
        n = err.get("ctx", {}).get("min_length", 1)
        return Problem(raw.origin(loc), "invalid-value", f"'{where}' needs at least {n} item{'s' if n != 1 else ''}")
    return Problem(raw.origin(loc), "invalid-value", f"'{where}': {err['msg']}")


# pydantic's bounds on a number (Field(ge=...)), in words, and the key of the bound in its context
_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "less_than_equal": ("at most", "le"),
    "greater_than": ("more than", "gt"),
    "less_than": ("less than", "lt"),
}


def _is_union_tag(part: Any) -> bool:
    # pydantic names union members in error locations ("int", "float", "function-after[...]")
    return isinstance(part, str) and (part in ("int", "float", "str", "bool") or "[" in part)


def _record_loc(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """An error location as the record's own key path: pydantic's names for union members dropped,
    but only where the record has no key of that name (a field named 'int' is still a field)."""
    out: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
        elif _is_union_tag(part):
            continue
        else:
            current = None
        out.append(part)
    return tuple(out)


def _describe(value: Any, withheld: bool = False) -> str:
    """What a value is, for a message; without the value itself where it is ``withheld``."""
    if withheld and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"{'text' if isinstance(value, str) else 'a number'} (not repeated here)"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "a number too large to hold"
    if isinstance(value, (int, float)):
        return f"the number {quote(value)}"
    if isinstance(value, str):
        return f"the text '{quote(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


def _fields_at(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """Field names (as written in YAML) of the model found at a location inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return []
        current = nested_model(field.annotation)
        if current is None:
            return []
    return sorted((f.alias or n) for n, f in current.model_fields.items())
