"""Columns that let a table be read on its own, without joining it to another: beside an ID, the
name or title of the record it refers to; beside a value in its source's form, its low and high
ends as plain numbers; beside a list of citations, the sources' IDs, titles and locators. No I/O.

tables.py adds them where the models call for them (a reference, a ``Value``, a list of
``Citation``), so a field added to a model gets its companions without a change here. Every one
is added beside the columns it explains; none replaces a column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from build_tools.records.fields import Ref
from build_tools.records.model import KINDS
from build_tools.records.parts import VALUE_FORMS, Citation, Value

JOIN = "; "  # as tables.JOIN: a list's IDs in one cell
# Names, titles and locators may hold "; " themselves ("Assessment section; prisoner accounts"), so
# a list of them has one per line in its cell, which spreadsheets show as lines.
LINES = "\n"

Names = Callable[[str], str]  # a published record's ID -> its name or title; "" for any other ID
Reader = Callable[[Any, Names], str]  # (the field's value in the record, Names) -> the cell


@dataclass(frozen=True)
class Extra:
    """A column worked out from a field rather than copied from it."""

    suffix: str  # appended to the field's column name, "_" between
    field: dict[str, Any]  # Table Schema field descriptor, without its name
    read: Reader


def _number(x: float | None) -> str:
    return "" if x is None else str(x)


def titled(ref: Ref) -> bool:
    """Whether the records a reference may point at all have a title (sources, figures), not a name."""
    return all("title" in KINDS[k].model.model_fields and "name" not in KINDS[k].model.model_fields for k in ref.kinds)


def _what(ref: Ref) -> str:
    return "title" if titled(ref) else "name"


def name_column(ref: Ref) -> Extra:
    """Beside one reference: the name (or title) of the record it points at."""
    what = _what(ref)
    return Extra(
        what,
        {
            "type": "string",
            "description": f"the {what} of the record referred to in the column before, as its page gives it"
            " in English; empty when that column is",
        },
        lambda rid, names: names(rid) if isinstance(rid, str) else "",
    )


def list_columns(ref: Ref) -> tuple[Extra, Extra]:
    """Beside a list of references (one row each in links.csv): their IDs and names in one cell each."""
    what = _what(ref)
    ids = Extra(
        "",
        {
            "type": "string",
            "description": f"the IDs of the records referred to, joined with '{JOIN}' (links.csv has one row each);"
            " an item is empty when the record gives 'unknown' or that record is not published",
        },
        lambda rids, names: JOIN.join(r if names(r) else "" for r in rids or []),
    )
    titles = Extra(
        what + "s",
        {
            "type": "string",
            "description": f"the {what}s of those records, in the same order, one per line",
        },
        lambda rids, names: LINES.join(names(r) for r in rids or []),
    )
    return ids, titles


def value_columns() -> list[Extra]:
    """Beside a value as its source gives it: its form, and its low and high ends as numbers."""

    def form(v: Value | None, _names: Names) -> str:
        return next((f for f in VALUE_FORMS if v is not None and getattr(v, f) is not None), "")

    def ends(v: Value | None) -> tuple[float | None, float | None]:
        if v is None:
            return None, None
        if v.between is not None:  # a range given as a minimum (or_more) has no upper bound
            return v.between[0], None if v.or_more else v.between[1]
        point = v.exact if v.exact is not None else v.about
        high = v.at_most if v.at_most is not None else v.almost
        return (point if point is not None else v.at_least), (point if point is not None else high)

    forms = ", ".join(VALUE_FORMS)
    return [
        Extra(
            "form",
            {
                "type": "string",
                "description": f"how the source gives the number, one of {forms}: 'about' is approximate, 'between'"
                " a range (a minimum when its or_more is true), 'at_least' and 'at_most' a bound, 'almost' just"
                " short of the number; for a derived figure, how the archive's calculation comes out; empty when"
                " there is no value",
                "constraints": {"enum": list(VALUE_FORMS)},
            },
            form,
        ),
        Extra(
            "low",
            {
                "type": "number",
                "description": "the lowest the number is said to be: the number itself when exact or about (read "
                "the form: 'about' stays approximate), the first of 'between', the bound of 'at_least';"
                " empty for 'at_most' and 'almost', which give no lower bound",
            },
            lambda v, _names: _number(ends(v)[0]),
        ),
        Extra(
            "high",
            {
                "type": "number",
                "description": "the highest the number is said to be: the number itself when exact or about, the"
                " second of 'between', the bound of 'at_most' or 'almost'; empty for 'at_least' and for a range"
                " given as a minimum (or_more), which give no upper bound",
            },
            lambda v, _names: _number(ends(v)[1]),
        ),
    ]


def citation_columns() -> list[Extra]:
    """Beside a list of citations (one row each in citations.csv): the sources, their titles and the
    locators, each in one cell, in the same order."""

    def cites(v: Any) -> list[Citation]:
        return list(v or [])

    note = "in the order cited (citations.csv has one row each)"
    return [
        Extra(
            "source",
            {
                "type": "string",
                "description": f"the IDs of the sources cited, joined with '{JOIN}' {note}; an item is empty when"
                " that source is not published",
            },
            lambda v, names: JOIN.join(c.source if names(c.source) else "" for c in cites(v)),
        ),
        Extra(
            "source_title",
            {"type": "string", "description": f"the titles of the sources cited, one per line, {note}"},
            lambda v, names: LINES.join(names(c.source) for c in cites(v)),
        ),
        Extra(
            "locator",
            {
                "type": "string",
                "description": f"where in each source the statement stands (page, section, paragraph), one per"
                f" line, {note}",
            },
            lambda v, _names: LINES.join(c.locator or "" for c in cites(v)),
        ),
    ]
