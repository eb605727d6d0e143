"""Record values in Korean words, as fmt.py gives them in English: uncertainty stays visible
(약 about, 이상 at least, 이하 at most, ~ a range) and nothing is made more exact."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from build_tools.pages.fmt import DateWords, fmt_date, fmt_number, fmt_significant
from build_tools.records.parts import ONE_NUMBER, Value

if TYPE_CHECKING:
    from collections.abc import Callable

    from build_tools.records.derive import Range

KOREAN_DATES = DateWords(
    unknown="날짜 미상",
    onward="{t}부터",
    end_unknown="{t}부터 (끝 미상)",
    until="{t}까지",
    start_unknown="{t}까지 (시작 미상)",
    span="{start}~{end}",
    decade="{n}년대",
    any_year="연도 미상",
    year="{y}년",
    bce="기원전 {y}년",
    season="{t} {season}",
    seasons=("봄", "여름", "가을", "겨울"),
    month="{t} {n}월",
    day="{t} {d}일",
    about="{t}경",
    uncertain="{t} (불확실)",
    about_uncertain="{t}경 (불확실)",
)


def date_ko(value: str | None) -> str:
    """An EDTF date or interval in Korean (fmt.fmt_date's reading): 2019년 6월, 2020년경, 2015년~2019년."""
    return fmt_date(value, KOREAN_DATES)


# What each form that gives one number says before it in Korean (parts.ONE_NUMBER)
_ONE_NUMBER_WORDS = {"exact": "", "about": "약 ", "at_least": "최소 ", "at_most": "최대 ", "almost": "거의 "}


def value_ko(value: Value, unit: str, unit_label: Callable[[str], str]) -> str:
    """'약 25%', '1~2개 회사', '최소 5명': never more exact than the source. ``unit_label`` gives
    the unit's counter in Korean, which is written against the number, as Korean writes it."""
    u = unit_label(unit)

    def q(n: float) -> str:
        if unit == "percent":
            return f"{fmt_number(n)}%"
        if unit == "usd":
            return f"{fmt_number(n)}달러"
        return f"{fmt_number(n)}{u}"

    if value.between is not None and len(value.between) == 2:
        low, high = value.between
        roughly = ("최소 " if value.or_more else "") + ("약 " if value.approximate else "")
        if unit in ("percent", "usd"):
            return f"{roughly}{q(low)}~{q(high)}"
        return f"{roughly}{fmt_number(low)}~{fmt_number(high)}{u}"
    for form in ONE_NUMBER:
        n = getattr(value, form)
        if n is not None:
            return f"{_ONE_NUMBER_WORDS[form]}{q(n)}"
    return "밝히지 않음"


def range_ko(r: Range) -> str:
    """A computed range in Korean: "1.59~2.67", or one number when its ends meet."""
    low, high = r.low, r.high
    if fmt_significant(low) == fmt_significant(high):
        return fmt_significant(low)
    if high == float("inf"):
        return f"{fmt_significant(low)} 이상"
    return f"{fmt_significant(low)}~{fmt_significant(high)}"


# A locator that counts paragraphs, as most are written: "paragraph 4", "paragraphs 4-5, 7",
# "paragraphs 2 and 6" (a range with a hyphen or an en dash). Any other (a page, a passage's
# opening words) is shown as written.
_PARAGRAPHS = re.compile(r"paragraphs? (\d+(?:[-\u2013]\d+)?(?:(?:, | and )\d+(?:[-\u2013]\d+)?)*)")


def locator_ko(locator: str) -> str | None:
    """A paragraph locator in Korean words, its numbers as they stand ("4~5, 7번째 문단"); None
    for a locator of any other form."""
    m = _PARAGRAPHS.fullmatch(locator)
    if m is None:
        return None
    numbers = re.split(r", | and ", m.group(1))
    return ", ".join(n.replace("-", "~").replace("\u2013", "~") for n in numbers) + "번째 문단"
