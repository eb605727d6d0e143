"""What an EDTF date or interval allows on a calendar: how early a thing can have begun, how late
it can have ended, and, for a period, the stretch it certainly covered. No I/O.

Nothing is made more exact than written: "2020" is some day in 2020, "2008~" is widened by the
EDTF parser's fuzzy bounds, an open end ("..") gives no end date. The timeline draws these spans;
a derived figure takes the length of a period from them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from build_tools.records.fields import UNKNOWN

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Span:
    """Where a date can lie on a calendar. All dates are inclusive days."""

    earliest: date  # the earliest the thing can have started
    latest: date  # the latest it can have ended
    core: tuple[date, date] | None  # the stretch certainly covered (a period), None if none is certain
    open_start: bool  # no start given ("..", or "" for an unknown start)
    open_end: bool  # no end given ("..": it continues; "": the end is unknown)
    fuzzy: bool  # approximate or uncertain (~ ? %) somewhere


@dataclass(frozen=True)
class _Bounds:
    lo: date  # fuzzy bounds: widened by ~ ? %
    hi: date
    strict_lo: date  # the bounds the value itself names
    strict_hi: date
    fuzzy: bool


@dataclass(frozen=True)
class Shape:
    """A Span plus what the drawing needs to show: which ends are qualified, and how far the
    unqualified value reaches (the fuzzy margins lie between these and earliest/latest)."""

    span: Span
    strict_lo: date
    strict_hi: date
    fuzzy_start: bool
    fuzzy_end: bool


_QUALIFIERS = re.compile(r"[~?%]")
# A date that names one whole year, month, day or season, with nothing unspecified or qualified.
_PLAIN = re.compile(r"\d{4}(?:-\d{2}){0,2}")


def _day(t: object) -> date:
    if not isinstance(t, time.struct_time):
        raise ValueError("not a calendar date")  # edtf gives +-inf for open sets
    year, month = t.tm_year, min(max(t.tm_mon, 1), 12)
    if not 1 <= year <= 9998:  # room on either side for the axis to reach past it
        raise ValueError("outside the years a timeline can show")
    last = (date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(max(t.tm_mday, 1), last))


# A year, a month or a day of the calendar, and nothing else: the EDTF most records give, whose
# bounds are worked out here, as edtf works them out but a thousand times quicker.
_CALENDAR = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")


def _calendar_bounds(part: str) -> _Bounds | None:
    """The bounds of a plain year, month or day that can be drawn; None for anything else."""
    found = _CALENDAR.fullmatch(part)
    if found is None or not 1 <= int(found[1]) <= 9998:
        return None
    year, month, day = int(found[1]), found[2], found[3]
    if month is None:
        lo, hi = date(year, 1, 1), date(year, 12, 31)
    elif day is None:
        lo = date(year, int(month), 1)
        hi = (date(year + 1, 1, 1) if month == "12" else date(year, int(month) + 1, 1)) - timedelta(days=1)
    else:
        try:
            lo = hi = date(year, int(month), int(day))
        except ValueError:  # no such day (2021-02-29): edtf says what it makes of it
            return None
    return _Bounds(lo, hi, lo, hi, False)


def _bounds(part: str) -> _Bounds:
    plain = _calendar_bounds(part)
    if plain is not None:
        return plain
    from edtf import parse_edtf  # as in model.is_edtf: imported only once a date needs it

    parsed = parse_edtf(part)
    strict_lo, strict_hi = _day(parsed.lower_strict()), _day(parsed.upper_strict())
    lo, hi = _day(parsed.lower_fuzzy()), _day(parsed.upper_fuzzy())
    return _Bounds(min(lo, strict_lo), max(hi, strict_hi), strict_lo, strict_hi, bool(_QUALIFIERS.search(part)))


@cache  # one entry per distinct date written: bounded by the records
def shape(value: str, period: bool) -> Shape | None:
    try:
        return _shape_of(value.strip(), period)
    except Exception:  # the edtf parser raises several types; a date it cannot place stays undated
        return None


def _shape_of(value: str, period: bool) -> Shape | None:
    if value in ("", UNKNOWN):
        return None
    if "/" not in value:
        b = _bounds(value)
        certain = period and not b.fuzzy and _PLAIN.fullmatch(value) is not None
        span = Span(b.lo, b.hi, (b.strict_lo, b.strict_hi) if certain else None, False, False, b.fuzzy)
        return Shape(span, b.strict_lo, b.strict_hi, b.fuzzy, b.fuzzy)
    first, second = value.split("/", 1)
    start = None if first in ("", "..") else _bounds(first)
    end = None if second in ("", "..") else _bounds(second)
    core: tuple[date, date] | None = None
    if start is not None and end is not None:
        # begun no earlier than the start allows, ended no later than the end allows (a reversed
        # interval, which validation should have refused, is read the right way round)
        earliest, latest = min(start.lo, end.lo), max(end.hi, start.lo)
        strict = (min(start.strict_lo, end.strict_lo), max(end.strict_hi, start.strict_lo))
        if start.hi <= end.lo:  # begun by the latest possible start, not ended before the earliest end
            core = (start.hi, end.lo)
    elif start is not None:  # open or unknown end: the known start is all there is
        earliest, latest, strict = start.lo, start.hi, (start.strict_lo, start.strict_hi)
        if second == "..":  # it continues: covered from the latest possible start on
            core = (start.hi, start.hi)
    elif end is not None:
        earliest, latest, strict = end.lo, end.hi, (end.strict_lo, end.strict_hi)
        if first == "..":  # it ran since before the axis: covered up to the earliest possible end
            core = (end.lo, end.lo)
    else:
        return None
    fuzzy_start = start is not None and start.fuzzy
    fuzzy_end = end is not None and end.fuzzy
    span = Span(
        earliest=earliest,
        latest=latest,
        core=core if period else None,
        open_start=start is None,
        open_end=end is None,
        fuzzy=fuzzy_start or fuzzy_end,
    )
    return Shape(span, strict[0], strict[1], fuzzy_start, fuzzy_end)


def span_of(value: str, *, period: bool) -> Span | None:
    """The span of an EDTF date, read as an event's instant (``period=False``) or as a period.

    Rules (every date inclusive):

    * An instant named less precisely than a day lies somewhere in what it names: "2020" is some
      day from 2020-01-01 to 2020-12-31, and an event has no ``core`` (no certain stretch).
    * A period given as one value covers all of it: "2020" has core 2020-01-01..2020-12-31. Only a
      plain year, month, day or season does; "201X" (some year of the 2010s) or "2008~" has none.
    * A period "A/B" began some time within A and ended some time within B: "2020/2022-08" has
      earliest 2020-01-01, latest 2022-08-31 and core (2020-12-31, 2022-08-01), from the latest
      possible start to the earliest possible end; none when those overlap ("2020/2020-08").
    * ``~``, ``?`` and ``%`` widen a value by edtf's fuzzy bounds ("2008~" is 2007-01-01 to
      2009-12-31), also in the core (it begins after the latest possible start), and set ``fuzzy``.
    * An open end "2022-08/.." has only its known side: earliest 2022-08-01, latest 2022-08-31,
      ``open_end``; a period's core is then (2022-08-31, 2022-08-31) and continues past the edge.
      "../2019" likewise with ``open_start`` and core (2019-01-01, 2019-01-01) reaching back.
      An unknown end ("2020/") is open too but has no core: it may have ended at once.
    * "unknown", an interval with neither end known, or a date no calendar day can hold (an
      open set, a year before 1 or after 9998) gives None: the page lists those in words.
    """
    found = shape(value, period)
    return found.span if found else None


def period_years(value: str) -> tuple[float, float] | None:
    """The shortest and longest a period can have lasted, in years (both ends counted as whole
    days), or None when it has no known start and end to measure from (unknown, or open)."""
    span = span_of(value, period=True)
    if span is None or span.open_start or span.open_end:
        return None
    longest = (span.latest - span.earliest).days + 1
    shortest = (span.core[1] - span.core[0]).days + 1 if span.core else 0
    return shortest / DAYS_PER_YEAR, longest / DAYS_PER_YEAR
