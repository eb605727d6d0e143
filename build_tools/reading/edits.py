"""What changed in a record between two of its versions, field by field, as its History says it.

A version is the record's data as read (its ``private`` blocks left out: they are no part of what
readers see) with its Markdown narrative as ``body``. Two versions that read the same are the same
record, however differently they are written (a reflowed paragraph, quotes, comments, key order),
so a commit that only reformats a record changes nothing a reader sees and is no change to it.
Pure functions, no I/O.
"""

from __future__ import annotations

import json
import re
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from build_tools.records.fields import Date
from build_tools.records.model import KINDS
from build_tools.records.parts import Value
from build_tools.records.walk import annotation_parts, fields_of

_DATE_CHECK = typing.get_args(Date)[1]  # the check that makes a string a date
BODY = "body"  # the key of a record's Markdown narrative in a version
SHORT = 120  # the longest text shown as a field's value in a change; a longer one is only named
MANY = 10  # more items added or removed from one list than this are counted, not listed

# The vocabulary a field's values come from, where the page shows them in words (render._VOCABS).
_VOCABULARY = {
    ("source", "type"): "source_type",
    ("camp", "type"): "camp_type",
    ("organization", "type"): "org_type",
    ("place", "type"): "place_type",
    "reliability": "reliability",
    "measure": "measure",
    "unit": "unit",
    "basis": "basis",
    "content_note": "content_note",
}


@dataclass(frozen=True)
class Edit:
    """One change to one field of a record (to one item, for a list)."""

    field: str  # the field as written, e.g. "value", "cites", "ko", "body"
    what: str  # "added", "changed" or "removed"
    part: str | None = None  # the field within it, for the record's Korean (ko: population)
    old: Any = None  # the value before, where it is short enough to show; else None
    new: Any = None  # the value after, likewise
    form: str = "text"  # how a value reads: text, value, ref, date, cite, vocab:<name>
    unit: str | None = None  # a figure's unit, for its value
    count: int = 0  # how many items, where a list changed by more than MANY or lost or gained items not shown

    def texts(self) -> list[str]:
        """Every text of the record this change would show, for the witness checks."""
        found: list[str] = []
        for value in (self.old, self.new):
            if isinstance(value, Value) and value.as_stated:
                found.append(value.as_stated)
            elif isinstance(value, dict):
                found += [v for v in value.values() if isinstance(v, str)]
            elif isinstance(value, str):
                found.append(value)
        return found


def version(data: dict[str, Any], body: str | None) -> dict[str, Any]:
    """The record as a reader sees it: ``data`` (without private blocks) and the narrative, whose
    paragraphs count but not how their lines are broken."""
    out = dict(data)
    if body is not None and body.strip():
        out[BODY] = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", body.strip()))
    return out


def edits(kind: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[Edit, ...]:
    """The changes from version ``old`` to version ``new`` of a record of ``kind``, in the order of
    the fields in ``new`` (then those removed); () when a reader would see no difference."""
    found: list[Edit] = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        if _same(before, after):
            continue
        if key == "ko" and isinstance(before, dict | None) and isinstance(after, dict | None):
            found += [replace_part(e, key) for e in edits(kind, before or {}, after or {})]
        elif key == "value" and isinstance(before, dict) and isinstance(after, dict):
            found += _value_edits(before, after, old.get("unit"), new.get("unit"))
        elif isinstance(before, list | None) and isinstance(after, list | None):
            found += _list_edits(kind, key, before or [], after or [])
        else:
            found.append(_edit(kind, key, before, after, old.get("unit"), new.get("unit")))
    return tuple(found)


def replace_part(edit: Edit, field: str) -> Edit:
    """A change to a field of the record's Korean: ``ko``, with the field as its part."""
    return Edit(field, edit.what, edit.field, edit.old, edit.new, edit.form, edit.unit, edit.count)


def _same(a: Any, b: Any) -> bool:
    return _key(a) == _key(b)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _edit(kind: str, key: str, before: Any, after: Any, old_unit: Any, new_unit: Any) -> Edit:
    form = _form(kind, key)
    what = "added" if before is None else "removed" if after is None else "changed"
    old, new = _shown(before, form), _shown(after, form)
    if what == "changed" and (old is None or new is None):  # both or neither: a half is no comparison
        old = new = None
    unit = new_unit if isinstance(new_unit, str) else old_unit if isinstance(old_unit, str) else None
    return Edit(key, what, old=old if what == "changed" else None, new=new, form=form, unit=unit)


def _value_edits(before: dict[str, Any], after: dict[str, Any], old_unit: Any, new_unit: Any) -> list[Edit]:
    """A figure's value: the number as given, then the source's words for it, each if changed."""
    found = []
    numbers = (
        {k: v for k, v in before.items() if k != "as_stated"},
        {k: v for k, v in after.items() if k != "as_stated"},
    )
    if not _same(*numbers):
        found.append(_edit("figure", "value", *numbers, old_unit, new_unit))
    if not _same(before.get("as_stated"), after.get("as_stated")):
        words = _edit("figure", "as_stated", before.get("as_stated"), after.get("as_stated"), None, None)
        found.append(Edit("value", words.what, "as_stated", words.old, words.new))
    return found


def _list_edits(kind: str, key: str, before: list[Any], after: list[Any]) -> list[Edit]:
    kept = {_key(x) for x in after}
    gone = [x for x in before if _key(x) not in kept]
    had = {_key(x) for x in before}
    came = [x for x in after if _key(x) not in had]
    form = "cite" if key == "cites" else _form(kind, key)
    if not gone and not came:  # the same items in another order
        return [Edit(key, "changed", form=form)]
    if len(gone) + len(came) > MANY:
        return [Edit(key, "changed", form=form, count=len(gone) + len(came))]
    return [
        *_items(key, "removed", [_shown(x, form) for x in gone], form),
        *_items(key, "added", [_shown(x, form) for x in came], form),
    ]


def _items(key: str, what: str, shown: list[Any], form: str) -> list[Edit]:
    """The items of a list removed or added: each that can be shown, and the others counted in one
    change (five legs rewritten read "Leg removed (5 items)", not "Leg removed." five times)."""
    unseen = shown.count(None)
    edits = [
        Edit(key, what, old=v, form=form) if what == "removed" else Edit(key, what, new=v, form=form)
        for v in shown
        if v is not None
    ]
    return edits + ([Edit(key, what, form=form, count=unseen if unseen > 1 else 0)] if unseen else [])


def _shown(value: Any, form: str) -> Any:
    """``value`` where a reader can take it in at a glance; None for a long or nested one."""
    if form == "value" and isinstance(value, dict):
        try:
            return Value.model_validate(value)
        except ValueError:  # a value a later commit put right: named, not shown
            return None
    if form == "cite" and isinstance(value, dict) and isinstance(value.get("source"), str):
        return {k: value[k] for k in ("source", "locator") if _short(value.get(k))}
    return value if _short(value) and not isinstance(value, dict | list) else None


def _short(value: Any) -> bool:
    if isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and 0 < len(value) <= SHORT and "\n" not in value


@lru_cache(maxsize=1024)  # bounded: the keys come from what records hold
def _form(kind: str, key: str) -> str:
    """How a value of field ``key`` of a record of ``kind`` reads."""
    if key == "value":
        return "value"
    vocabulary = _VOCABULARY.get((kind, key)) or _VOCABULARY.get(key)
    if vocabulary:
        return f"vocab:{vocabulary}"
    model = KINDS[kind].model if kind in KINDS else None
    for name, written, marker in fields_of(model) if model else ():
        if written == key:
            if marker is not None:
                return "ref"
            field = model.model_fields[name]  # type: ignore[union-attr]
            # pydantic moves a required field's check from its type into field.metadata
            if Date in annotation_parts(field.annotation) or _DATE_CHECK in field.metadata:
                return "date"
    return "text"
