"""Record values in Korean words, as fmt.py gives them in English: uncertainty stays visible
(약 about, 이상 at least, 이하 at most, ~ a range) and nothing is made more exact."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .fmt import fmt_number, fmt_significant
from .model import UNKNOWN, Value

if TYPE_CHECKING:
    from collections.abc import Callable

    from .derive import Range

SEASONS = {"21": "봄", "22": "여름", "23": "가을", "24": "겨울"}


def date_ko(value: str | None) -> str:
    """An EDTF date or interval in Korean: 2019년 6월, 2020년경, 2015년~2019년."""
    if value is None or value == UNKNOWN:
        return "날짜 미상"
    if "/" in value:
        start, end = value.split("/", 1)
        if start in ("..", "") and end in ("..", ""):
            return "날짜 미상"
        if end == "..":
            return f"{_one(start)}부터"
        if end == "":
            return f"{_one(start)}부터 (끝 미상)"
        if start == "..":
            return f"{_one(end)}까지"
        if start == "":
            return f"{_one(end)}까지 (시작 미상)"
        return f"{_one(start)}~{_one(end)}"
    return _one(value)


def _one(value: str) -> str:
    m = re.fullmatch(r"([~?%]?)(-?[0-9X]{4})(?:-([0-9X]{2}))?(?:-([0-9X]{2}))?([~?%]?)", value)
    if not m:
        return value
    pre, year, month, day, post = m.groups()
    qual = post or pre
    if "X" in year:
        digits = year.rstrip("X")
        text = f"{digits}{'0' * (4 - len(digits))}년대" if len(digits) == 3 else "연도 미상"
    else:
        text = ("기원전 " if year.startswith("-") else "") + year.lstrip("-") + "년"
    if month and month in SEASONS:
        text = f"{text} {SEASONS[month]}"
    elif month and "X" not in month and 1 <= int(month) <= 12:
        text = f"{text} {int(month)}월"
        if day and "X" not in day:
            text = f"{text} {int(day)}일"
    if qual == "~":
        return f"{text}경"
    if qual == "?":
        return f"{text} (불확실)"
    if qual == "%":
        return f"{text}경 (불확실)"
    return text


def value_ko(value: Value, unit: str, unit_label: Callable[[str], str]) -> str:
    """'약 25%', '1~2 회사', '최소 5 명': never more exact than the source. ``unit_label`` gives
    the unit's name in Korean."""
    u = unit_label(unit)

    def q(n: float) -> str:
        if unit == "percent":
            return f"{fmt_number(n)}%"
        if unit == "usd":
            return f"{fmt_number(n)}달러"
        return f"{fmt_number(n)} {u}"

    if value.between is not None and len(value.between) == 2:
        low, high = value.between
        if unit in ("percent", "usd"):
            return f"{q(low)}~{q(high)}"
        return f"{fmt_number(low)}~{fmt_number(high)} {u}"
    if value.exact is not None:
        return q(value.exact)
    if value.about is not None:
        return f"약 {q(value.about)}"
    if value.at_least is not None:
        return f"최소 {q(value.at_least)}"
    if value.at_most is not None:
        return f"최대 {q(value.at_most)}"
    return "밝히지 않음"


def range_ko(r: Range) -> str:
    """A computed range in Korean: "1.59~2.67", or one number when its ends meet."""
    low, high = r.low, r.high
    if fmt_significant(low) == fmt_significant(high):
        return fmt_significant(low)
    if high == float("inf"):
        return f"{fmt_significant(low)} 이상"
    return f"{fmt_significant(low)}~{fmt_significant(high)}"
