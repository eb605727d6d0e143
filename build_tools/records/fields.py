"""The building blocks of every record kind: IDs, references, dates, numbers, addresses and text,
each with the check that makes a value one. No I/O."""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictFloat,
    StrictInt,
)
from pydantic_core import PydanticCustomError

from build_tools.records.problems import quote
from build_tools.records.urls import url_problem

UNKNOWN = "unknown"
# Korean script: what a Korean text must hold
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# IDs a record may not take: its kind's own pages (``figures/index``, the list's later pages under
# ``figures/page/``) and the names Windows gives to devices, which no file there may have (a
# checkout of the archive would fail).
RESERVED_IDS = frozenset(
    {"index", "page", "con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}
)
# An ID is a file name and part of every address and download name made from it: long enough for
# any name, short enough for every file system and for a reader to copy.
MAX_ID_CHARS = 64


def id_problem(rid: str) -> str | None:
    """Why ``rid`` cannot be a record's ID, in a sentence that goes on after the quoted ID; or None."""
    if not ID_PATTERN.match(rid):
        return "is not a valid ID: use lowercase letters, digits and single hyphens"
    if len(rid) > MAX_ID_CHARS:
        return f"is {len(rid)} characters long; an ID may have at most {MAX_ID_CHARS}"
    if rid in RESERVED_IDS:
        return "is a name the site or Windows keeps for itself: choose another ID"
    return None


# A reference inside running text: "as fig-0012 shows" is written "as [[fig-0012]] shows" and
# becomes a link to that record, checked like any other reference.
TEXT_REF = re.compile(r"\[\[([^\[\]\s]*)\]\]")


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to a record of one of ``kinds``."""

    kinds: tuple[str, ...]
    allow_unknown: bool = False

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], bool]]:
        # Pickled as the marker of its kinds, one for all: a record read by another process
        # carries one for each of its references (copyreg's way for a dataclass is slower).
        return _marker, (self.kinds, self.allow_unknown)


@cache
def _marker(kinds: tuple[str, ...], allow_unknown: bool) -> Ref:
    return Ref(kinds, allow_unknown)


def ref(*kinds: str, allow_unknown: bool = False) -> Any:
    return Annotated[str, Ref(kinds, allow_unknown)]


# Dates as contributors write them most: a year, month or day, maybe approximate (~), uncertain (?)
# or both (%), alone or as an interval with an open end (..). Checked here without the full EDTF
# grammar, whose parser takes milliseconds a date; anything else goes to that parser.
_SIMPLE_DATE = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?[~?%]?", re.ASCII)
# A decade or a century alone, its unknown digits written X ("201X", "20XX"), which EDTF accepts.
_DECADE_OR_CENTURY = re.compile(r"\d\d(?:\dX|XX)", re.ASCII)


def _simple_date(part: str) -> bool:
    m = _SIMPLE_DATE.fullmatch(part)
    if not m:
        return False
    year, month, day = m.groups()
    if day is None:
        return True
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


# A full day written Y-M-D anywhere in a date (also qualified, "2021-02-29~", or in an interval).
_DAY = re.compile(r"(?<![\dX])(\d{4})-(0[1-9]|1[0-2])-(\d\d)(?![\dX])", re.ASCII)


@cache  # one entry per distinct date written: bounded by the records
def date_problem(value: str) -> tuple[str, str] | None:
    """(problem code, message) when ``value`` is neither 'unknown' nor an EDTF date or interval a
    calendar can hold, else None: a day that does not exist (2021-02-29), which the EDTF parser
    lets through, and an interval that ends before it begins (2022/2020) are refused too."""
    if value == UNKNOWN:
        return None
    for m in _DAY.finditer(value):
        try:  # a year before 1 (EDTF's 0000) is no day of Python's calendar, but may be written
            date(int(m[1]) or 4, int(m[2]), int(m[3]))  # year 0 is a leap year, as 4 is
        except ValueError:
            return "invalid-date", f"'{quote(value)}': {m[0]} is not a day of the calendar"
    if not is_edtf(value):
        return (
            "invalid-date",
            f"'{quote(value)}' is not an EDTF date or interval (e.g. 2020, 2020-08, 2020~, 2020/2022-08) nor 'unknown'",
        )
    start, _slash, end = value.partition("/")
    if _slash and start not in ("", "..") and end not in ("", ".."):
        first, last = _bounds(start), _bounds(end)
        if first is not None and last is not None and first[0] > last[1]:
            return "range-order", f"the interval '{quote(value)}' ends before it begins: write the earlier date first"
    return None


def _bounds(part: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """The first and last day (year, month, day) that one end of an interval names, as written
    (without widening it for ~ ? %), or None where that is no calendar span."""
    m = _SIMPLE_DATE.fullmatch(part)
    if m is not None:
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        return (year, month or 1, day or 1), (year, month or 12, day or 31)
    from edtf import parse_edtf

    try:
        parsed = parse_edtf(part)
        lo, hi = parsed.lower_strict(), parsed.upper_strict()
        return (lo.tm_year, lo.tm_mon, lo.tm_mday), (hi.tm_year, hi.tm_mon, hi.tm_mday)
    except Exception:  # an open set or a form edtf cannot place: no order to check
        return None


def is_edtf(value: str) -> bool:
    if _DECADE_OR_CENTURY.fullmatch(value):
        return True
    parts = value.split("/")
    if len(parts) <= 2 and parts != ["..", ".."] and all(_simple_date(p) or p == ".." for p in parts):
        return ".." not in parts or len(parts) == 2
    # The EDTF library takes a tenth of a second to import: only a date that is not simple needs it.
    from edtf import parse_edtf

    try:
        parse_edtf(value)
    except Exception:  # the edtf parser raises several types; all mean "not EDTF"
        return False
    return True


def _check_date(value: str) -> str:
    found = date_problem(value)
    if found is not None:
        raise PydanticCustomError(found[0], found[1])
    return value


# The largest number a record may hold, and the smallest: larger than any count, area or sum of
# money a source gives, and small enough that sums and products of a few stay exact and finite.
MAX_NUMBER = 10**15


def _check_number(value: int | float) -> int | float:
    if value != value or not -MAX_NUMBER <= value <= MAX_NUMBER:  # NaN is not equal to itself
        raise PydanticCustomError(
            "invalid-value",
            "the number is larger than any record needs (at most a thousand trillion, 10^15, either side of 0)",
        )
    return value


def _check_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        raise PydanticCustomError("invalid-url", "'{value}' {problem}", {"value": quote(value), "problem": problem})
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("invalid-value", "the text is empty", {})
    return value


def check_hs_heading(value: str) -> str:
    if not re.fullmatch(r"\d{4}", value):
        raise PydanticCustomError(
            "invalid-value",
            "'{value}' is not a four-digit Harmonized System heading such as \"6704\"",
            {"value": quote(value)},
        )
    return value


def _check_language(value: str) -> str:
    if not re.match(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", value):
        raise PydanticCustomError(
            "invalid-value", "'{value}' is not a language code such as en or ko", {"value": quote(value)}
        )
    return value


Text = Annotated[str, AfterValidator(_check_text)]
Date = Annotated[str, AfterValidator(_check_date)]
Url = Annotated[str, AfterValidator(_check_url)]
Language = Annotated[str, AfterValidator(_check_language)]
Number = Annotated[StrictInt | StrictFloat, AfterValidator(_check_number)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)


def vocab(values: dict[str, str]) -> Any:
    return Literal[tuple(values)]
