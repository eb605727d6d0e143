"""Turning record values into reader-facing text, and escaping record text for Markdown."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from markupsafe import Markup

from build_tools.checks.markup import neutralise
from build_tools.records.fields import UNKNOWN
from build_tools.records.parts import ONE_NUMBER, Value
from build_tools.records.vocab import UNITS

if TYPE_CHECKING:
    from build_tools.records.derive import Range

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SEASONS = ("21", "22", "23", "24")  # EDTF's months for spring, summer, autumn and winter

# ---- escaping ---------------------------------------------------------------------------------

# Characters Python-Markdown (with the tables extension) lets a backslash escape, and that could
# start markup inside running text. '<', '>' and '&' become HTML entities instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)")


@functools.lru_cache(maxsize=1 << 16)  # a record's title and names are printed on many pages
def _escape_line(text: str) -> str:
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _LIST_START.sub(r"\1\2\\\3", text)
    if text[:1] in ("-", "+", "!"):  # a list item, or an admonition ('!!! danger') from a field
        text = "\\" + text
    elif text[:1] == "=":
        text = "&#61;" + text[1:]
    elif text[:1] == "?":  # a collapsible block ('??? note'); '?' has no backslash escape
        text = "&#63;" + text[1:]
    return text


def md_text(value: object) -> str:
    """Escape text for Markdown: paragraphs kept, everything else literal."""
    if isinstance(value, Markup):
        return str(value)
    text = str(value)
    if "\n" not in text:  # one paragraph, as most values are
        return _escape_line(" ".join(text.split())) if text.strip() else ""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(_escape_line(" ".join(p.split())) for p in paragraphs if p.strip())


def md_inline(value: object) -> Markup:
    """Escape text for one line (a table cell, a list item): all whitespace folded."""
    if isinstance(value, Markup):
        return value
    return Markup(_escape_line(" ".join(str(value).split())))


def md_body(value: str) -> Markup:
    """A contributor's Markdown narrative: Markdown kept, raw HTML shown as text, and what
    validation refuses (links that run code, images, attribute lists) broken into literal text
    here as well, in case a body ever reaches a page unvalidated."""
    # '&' and '<' only: '>' must stay, it starts a Markdown block quote
    return Markup(neutralise(value.strip()).replace("&", "&amp;").replace("<", "&lt;"))


# A link in a record's Markdown body: its target up to any #anchor
_BODY_LINK = re.compile(r"\]\(([^()\s#]+)(#[^()\s]*)?\)")


def in_folder(body: str) -> str:
    """A record's body with its links to pages of this site read as its writer meant them: from
    where a record's page once was (camps/kaechon.md), and a record's page as it was named then.
    The page is now camps/kaechon/index.md, one folder down (page_path)."""

    def moved(m: re.Match[str]) -> str:
        target, anchor = m.group(1), m.group(2) or ""
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", target):  # another site, or the site's root
            return m.group(0)
        if target.endswith(".md") and target != "index.md" and not target.endswith("/index.md"):
            target = target.removesuffix(".md") + "/index.md"  # a page then named x.md is x/index.md
        return f"](../{target}{anchor})"

    return _BODY_LINK.sub(moved, body)


LANGUAGES = {"en": "English", "ko": "Korean", "zh": "Chinese", "und": "not stated"}


def fmt_language(code: str) -> str:
    return LANGUAGES.get(code, code)


# ---- dates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateWords:
    """How one language says an EDTF date: each a format string (``{t}`` the date so far)."""

    unknown: str = "unknown"
    onward: str = "from {t} onward"  # 2015/..
    end_unknown: str = "from {t} (end unknown)"  # 2015/
    until: str = "until {t}"  # ../2019
    start_unknown: str = "until {t} (start unknown)"  # /2019
    span: str = "{start} to {end}"
    decade: str = "the {n}s"
    any_year: str = "an unspecified year"
    year: str = "{y}"
    bce: str = "{y} BCE"
    season: str = "{season} {t}"
    seasons: tuple[str, ...] = ("spring", "summer", "autumn", "winter")  # EDTF's 21 to 24
    month: str = "{name} {t}"  # name: the month's name; n: its number
    day: str = "{d} {t}"
    about: str = "about {t}"
    uncertain: str = "{t} (uncertain)"
    about_uncertain: str = "about {t} (uncertain)"


ENGLISH_DATES = DateWords()


def fmt_date(value: str | None, words: DateWords = ENGLISH_DATES) -> str:
    """An EDTF date or interval in words (English, unless ``words`` says how another language
    says it); uncertainty stays visible."""
    if value is None or value == UNKNOWN:
        return words.unknown
    if "/" in value:
        start, end = value.split("/", 1)
        if start in ("..", "") and end in ("..", ""):
            return words.unknown
        if end == "..":
            return words.onward.format(t=_one(start, words))
        if end == "":
            return words.end_unknown.format(t=_one(start, words))
        if start == "..":
            return words.until.format(t=_one(end, words))
        if start == "":
            return words.start_unknown.format(t=_one(end, words))
        return words.span.format(start=_one(start, words), end=_one(end, words))
    return _one(value, words)


def _one(value: str, words: DateWords) -> str:
    m = re.fullmatch(r"([~?%]?)(-?[0-9X]{4})(?:-([0-9X]{2}))?(?:-([0-9X]{2}))?([~?%]?)", value)
    if not m:
        return value
    pre, year, month, day, post = m.groups()
    qual = post or pre
    if "X" in year:
        digits = year.rstrip("X")
        text = words.decade.format(n=f"{digits}{'0' * (4 - len(digits))}") if len(digits) == 3 else words.any_year
    else:
        text = (words.bce if year.startswith("-") else words.year).format(y=year.lstrip("-"))
    if month and month in SEASONS:
        text = words.season.format(season=words.seasons[int(month) - 21], t=text)
    elif month and "X" not in month and 1 <= int(month) <= 12:
        text = words.month.format(name=MONTHS[int(month) - 1], n=int(month), t=text)
        if day and "X" not in day:
            text = words.day.format(d=int(day), t=text)
    if qual == "~":
        return words.about.format(t=text)
    if qual == "?":
        return words.uncertain.format(t=text)
    if qual == "%":
        return words.about_uncertain.format(t=text)
    return text


def date_sort_key(value: str | None) -> str:
    """Sort key that places unknown dates last and approximate ones with their year."""
    if not value or value == UNKNOWN:
        return "9999"
    first = value.split("/", 1)[0].strip("~?%") or value.split("/", 1)[-1].strip("~?%")
    return first.replace("X", "0").replace("..", "0000")


# ---- numbers ----------------------------------------------------------------------------------


def fmt_number(n: float) -> str:
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    return f"{n:,}"


# What each form that gives one number says before it (parts.ONE_NUMBER)
ONE_NUMBER_WORDS = {"exact": "", "about": "about ", "at_least": "at least ", "at_most": "at most ", "almost": "almost "}


def fmt_value(value: Value, unit: str) -> str:
    """'about 25%', 'between 1 and 2 companies', 'at least 5 deaths' - never more exact."""
    u = UNITS.get(unit, unit)

    def q(n: float) -> str:
        if unit == "percent":
            return f"{fmt_number(n)}%"
        if unit == "usd":
            return f"US${fmt_number(n)}"
        return f"{fmt_number(n)} {u}"

    if value.between is not None and len(value.between) == 2:
        low, high = value.between
        roughly = "roughly " if value.approximate else ""
        if value.or_more:  # the source's range is a minimum: "at least 1,500 to 2,500 people"
            if unit in ("percent", "usd"):
                return f"at least {roughly}{q(low)} to {q(high)}"
            return f"at least {roughly}{fmt_number(low)} to {fmt_number(high)} {u}"
        if unit in ("percent", "usd"):
            return f"{roughly}between {q(low)} and {q(high)}"
        return f"{roughly}between {fmt_number(low)} and {fmt_number(high)} {u}"
    for form in ONE_NUMBER:
        n = getattr(value, form)
        if n is not None:
            return f"{ONE_NUMBER_WORDS[form]}{q(n)}"
    return "not stated"


def fmt_significant(x: float, digits: int = 3) -> str:
    """``x`` to a few significant figures, for numbers the archive computes: 2.67, 1,200,000."""
    if x in (0, float("inf"), float("-inf")):
        return "no limit" if x else "0"
    d = Decimal(f"{x:.{digits}g}")
    return fmt_number(int(d) if d == d.to_integral_value() else float(d))


def fmt_range(r: Range) -> str:
    """A computed range in words: "from 1.59 to 2.67", or one number when its ends meet."""
    low, high = r.low, r.high
    if fmt_significant(low) == fmt_significant(high):
        return fmt_significant(low)
    if high == float("inf"):
        return f"from {fmt_significant(low)} upwards"
    return f"from {fmt_significant(low)} to {fmt_significant(high)}"
