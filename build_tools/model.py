"""Record kinds as typed, frozen models. No I/O here.

Each kind is a pydantic model in strict mode with unknown fields forbidden, so a value never
silently changes type (a number where text belongs, ``no`` read as a boolean) and a misspelt field
is reported instead of ignored. References to other records are plain IDs carrying a ``Ref``
marker naming the kinds they may point at; ``link.py`` resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .problems import quote
from .urls import url_problem
from .vocab import (
    BASES,
    CAMP_TYPES,
    CONTENT_NOTES,
    CORRECTIONS,
    INPUT_USES,
    MEASURES,
    MECHANISMS,
    ORG_TYPES,
    PLACE_TYPES,
    PRECISIONS,
    RELIABILITY,
    SOURCE_TYPES,
    STANCES,
    STATISTICS,
    UNITS,
    WITNESS_ROLES,
)

UNKNOWN = "unknown"
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


def _check_hs_heading(value: str) -> str:
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


# ---- shared parts -----------------------------------------------------------------------------


class Citation(Model):
    """Where a statement comes from: a source record and the place in it."""

    source: ref("source") = Field(  # type: ignore[valid-type]
        description="the source the statement comes from", examples=["src-0001"]
    )
    locator: str | None = Field(
        None,
        description="page, section or paragraph in the source",
        examples=["p. 12", "paragraph 3", "section 2.1"],
    )
    quote: Text | None = Field(None, description="a short phrase quoted from the source")


class Location(Model):
    """A position as precise as the sources allow, never more."""

    precision: vocab(PRECISIONS) = Field(description="how precisely the sources place it")  # type: ignore[valid-type]
    lat: Number | None = Field(
        None,
        description="latitude in decimal degrees, north of the equator positive; only when a source gives it",
        examples=[39.5],
    )
    lon: Number | None = Field(
        None,
        description="longitude in decimal degrees, east of Greenwich positive; only when a source gives it",
        examples=[127.25],
    )
    near: ref("place") | None = Field(  # type: ignore[valid-type]
        None,
        description="the place a source gives the position relative to, when it gives no coordinates",
        examples=["place-0001"],
    )
    description: Text | None = Field(None, description="the position in words, as the sources give it")
    cites: list[Citation] = Field([], description="the sources that give the position; needed with lat and lon")


class Value(Model):
    """A number as the source gives it: exact, approximate, a range, or a bound."""

    exact: Number | None = Field(None, description="the number, when the source gives it exactly", examples=[120])
    about: Number | None = Field(
        None, description="the number, when the source says it is approximate (about, around, some)", examples=[2000]
    )
    between: list[Number] | None = Field(
        None, description="two numbers, low then high, when the source gives a range", examples=[[10, 15]]
    )
    at_least: Number | None = Field(
        None, description="the number, when the source gives a lower bound (at least, no fewer than)", examples=[40]
    )
    at_most: Number | None = Field(
        None, description="the number, when the source gives an upper bound (at most, up to)", examples=[100]
    )
    approximate: bool = Field(
        False,
        description="with between only: the ends of the range are themselves approximate (roughly 1,000 to 1,100)",
    )
    as_stated: Text | None = Field(None, description="the source's own words for the value")


VALUE_FORMS = ("exact", "about", "between", "at_least", "at_most")


class Witness(Model):
    """One witness, known only by a pseudonymous code and a role."""

    code: Text = Field(description="a pseudonymous code, never a name", examples=["W-0007"])
    role: vocab(WITNESS_ROLES) = Field(  # type: ignore[valid-type]
        description="what the witness was, as the source describes them"
    )
    anonymous: bool = Field(True, description="false only when the source itself names the witness")
    name: Text | None = Field(None, description="only when the record says the witness is named")
    origin: ref("place") | None = Field(  # type: ignore[valid-type]
        None,
        description="the province, region or country the witness comes from; never a town or village",
        examples=["place-0001"],
    )


class WitnessGroup(Model):
    """Many witnesses summed up by a document; never split into invented individuals."""

    count: Value | None = Field(None, description="how many witnesses, as the document gives the number")
    roles: list[vocab(WITNESS_ROLES)] = Field([], description="what the witnesses were")  # type: ignore[valid-type]
    description: Text | None = Field(None, description="who the witnesses are, in a sentence or two")


class Leg(Model):
    """One step of an export route: goods passing from a camp, team, organization or place to another."""

    from_: ref("camp", "team", "organization", "place") = Field(  # type: ignore[valid-type]
        alias="from", description="where the goods come from in this step", examples=["camp-0001"]
    )
    to: ref("camp", "team", "organization", "place") = Field(  # type: ignore[valid-type]
        description="where the goods go in this step", examples=["org-0001"]
    )
    goods: list[ref("product")] = Field(  # type: ignore[valid-type]
        [], description="the products that pass along this step", examples=[["product-0001"]]
    )
    mechanism: vocab(MECHANISMS) = Field(description="how the goods pass")  # type: ignore[valid-type]
    description: Text = Field(description="what happens in this step, in a sentence or two")
    cites: list[Citation] = Field([], description="the sources for this step; without any, it is shown as uncited")


class Stance(Model):
    """What a testimony says about a claim recorded elsewhere: it bears it out or goes against it,
    in whole or in part (the note says which part)."""

    claim: ref("figure", "event", "route", "team", "camp") = Field(  # type: ignore[valid-type]
        description="the record the testimony bears on", examples=["fig-0001"]
    )
    stance: vocab(STANCES) = Field(  # type: ignore[valid-type]
        description="whether the testimony bears the claim out or goes against it, in whole or in part"
    )
    note: Text = Field(description="what the testimony says that bears on the claim")
    cites: list[Citation] = Field([], description="where in the sources the testimony says so")


class Correction(Model):
    """A later correction or retraction of a testimony. The testimony stays, marked."""

    date: Date = Field(description="when the testimony was corrected or retracted", examples=["2024-03"])
    status: vocab(CORRECTIONS) = Field(description="what became of the testimony")  # type: ignore[valid-type]
    what: Text = Field(description="what was corrected or withdrawn, and by whom")
    cites: list[Citation] = Field([], description="the sources that report the correction")


def _check_name(value: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise PydanticCustomError(
            "invalid-value",
            "'{value}' is not a name for the formula: lowercase letters, digits and _, starting with a letter",
            {"value": quote(value)},
        )
    return value


class Input(Model):
    """One figure a derived figure is computed from."""

    name: Annotated[str, AfterValidator(_check_name)] = Field(
        description="its name in the formula: lowercase letters, digits and _, starting with a letter",
        examples=["deaths", "population"],
    )
    figure: ref("figure") = Field(description="the figure used", examples=["fig-0001"])  # type: ignore[valid-type]
    use: vocab(INPUT_USES) = Field(  # type: ignore[valid-type]
        "value", description="what of the figure the formula uses: its value, or the length of its period"
    )


class Derivation(Model):
    """How the archive computes a figure from others. The value is worked out at build time,
    never typed in, and the page says it is the archive's calculation, not a source's claim."""

    formula: Text = Field(
        description="arithmetic over the input names: + - * / and brackets",
        examples=["deaths / population * 100"],
    )
    inputs: list[Input] = Field(min_length=1, description="the figures the formula uses, each under a name")
    method: Text | None = Field(None, description="what the calculation assumes")


# ---- record kinds -----------------------------------------------------------------------------


def _check_former(value: str) -> str:
    m = FORMER_PATH.match(value)
    if ID_PATTERN.match(value) or (m and m.group(1) in KINDS_BY_PLURAL):
        return value
    raise PydanticCustomError(
        "invalid-value",
        "'{value}' is neither a record ID nor a permalink such as /places/some-id/",
        {"value": quote(value)},
    )


# A permalink a record once had under another kind: /<kind-plural>/<id>/
FORMER_PATH = re.compile(r"^/([a-z]+)/([a-z0-9]+(?:-[a-z0-9]+)*)/$")
Former = Annotated[str, AfterValidator(_check_former)]


class Korean(Model):
    """The record's own text in Korean, where a contributor gives it. The Korean page shows what is
    given here and, for what is not, the English, marked as English. A camp's, place's or
    organization's Korean name is its name_ko."""

    title: Text | None = Field(
        None,
        description="the title in Korean, for a kind of record that has a title (a source: only a title"
        " the archive supplied, title_supplied)",
    )
    name: Text | None = Field(
        None, description="the name in Korean, for a work team or product (camps, places and organizations: name_ko)"
    )
    summary: Text | None = Field(None, description="the summary in Korean")
    population: Text | None = Field(None, description="who or what a figure counts, in Korean")
    notes: Text | None = Field(None, description="the remark for readers in Korean")


class Record(Model):
    """The fields every kind of record may have, besides its own."""

    notes: Text | None = Field(
        None, description="a remark for readers, shown in a note on the record's page (it is published)"
    )
    formerly: list[Former] = Field(
        [],
        description="IDs this record had before it was renamed or merged (or /<kind>/<id>/ when the kind changed);"
        " their permalinks redirect here",
        examples=[["old-id"], ["/places/old-id/"]],
    )
    ko: Korean | None = Field(None, description="the record's text in Korean, shown on its Korean page")


def korean_fields(kind: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a ``ko:`` block a kind of record can take: what it has in English, but a
    Korean name where the kind has ``name_ko``. translation.py reports any other at its line (and
    a source's own title: only a title the archive supplied can take a Korean one)."""
    fields = kind.model_fields
    return tuple(
        name for name in Korean.model_fields if name in fields and not (name == "name" and "name_ko" in fields)
    )


class Withdrawal(Model):
    """When and why a record was withdrawn."""

    date: Date = Field(description="when the record was withdrawn", examples=["2025-01-20"])
    reason: Text = Field(description="why the record was withdrawn, as readers will see it")


class Tombstone(Model):
    """What stays of a withdrawn record: its permalink answers with when and why, never a 404.

    The record's content is gone (it may have been withdrawn because it was wrong or unsafe)."""

    withdrawn: Withdrawal = Field(description="when and why the record was withdrawn")
    title: Text | None = Field(None, description="the title it had, if it is safe to keep showing it")
    notes: Text | None = Field(None, description="a remark for readers, shown in a note on the page")


class Source(Record):
    """A document the archive relies on: a report, article, dataset, book or court document.
    Other records cite it by its ID."""

    type: vocab(SOURCE_TYPES) = Field(description="what kind of document it is")  # type: ignore[valid-type]
    title: Text = Field(description="the document's title; for a document without one, a short description of it")
    title_supplied: bool = Field(False, description="the document has no title; this one is ours")
    authors: list[Text] = Field([], description="the people who wrote it, as the document names them")
    publisher: ref("organization", allow_unknown=True) = Field(  # type: ignore[valid-type]
        description="the organization that published it, or unknown", examples=["org-0001", "unknown"]
    )
    date: Date = Field(description="when it was published", examples=["2021", "2022-08", "2021-03-15"])
    language: Language = Field(
        description="the language it is written in, as a code: en English, ko Korean, zh Chinese",
        examples=["en", "ko", "zh"],
    )
    url: Url | None = Field(
        None, description="where it can be read online", examples=["https://example.org/report.pdf"]
    )
    archived_url: Url | None = Field(
        None,
        description="a copy in a web archive, for when the original address stops working",
        examples=["https://web.archive.org/web/2024/https://example.org/report.pdf"],
    )
    accessed: Date | None = Field(None, description="when the web address was last read", examples=["2024-05-02"])
    reliability: vocab(RELIABILITY) = Field(  # type: ignore[valid-type]
        description="how far the maintainers trust the source"
    )
    reliability_note: Text | None = Field(None, description="why the source has that reliability")
    relays: list[ref("source")] = Field(  # type: ignore[valid-type]
        [],
        description="the sources this one passes on (a news report of an NGO report): together they count as one",
        examples=[["src-0001"]],
    )
    locator_note: Text | None = Field(None, description="how locators in this source are counted")
    summary: Text | None = Field(None, description="what the document is, and what in it matters to the archive")


class Testimony(Record):
    """An account by one witness, known only by a code and a role, or a document's summary of what
    many witnesses said."""

    title: Text = Field(description="a short title for the account")
    form: Literal["individual", "aggregate"] = Field(
        description="individual: one witness's account; aggregate: a document's summary of many witnesses"
    )
    witness: Witness | None = Field(None, description="the witness, for an individual testimony")
    group: WitnessGroup | None = Field(None, description="the witnesses, for an aggregate testimony")
    period: Date = Field(description="when the events the account tells of took place", examples=["2015/2019", "2017~"])
    camps: list[ref("camp")] = Field(  # type: ignore[valid-type]
        [], description="the camps the account is about", examples=[["camp-0001"]]
    )
    content_note: list[vocab(CONTENT_NOTES)] = Field(  # type: ignore[valid-type]
        [],
        description="what the testimony describes that a reader should be warned of before reading it",
        examples=[["beatings", "deaths"]],
    )
    summary: Text = Field(description="what the account says, in a few sentences")
    public_names: list[Text] = Field(
        [], description="public figures the testimony names, who are not witnesses (the check for names skips them)"
    )
    cites: list[Citation] | None = Field(None, description="where the account is published; at least one source")
    stances: list[Stance] = Field([], description="claims elsewhere in the archive this testimony bears on")
    corrections: list[Correction] = Field([], description="later corrections or retractions, oldest first")


class Figure(Record):
    """One number a source reports (deaths, people held, a share of exports, hours worked), as
    precise as the source gives it; or the archive's own calculation from other figures."""

    title: Text = Field(description="a short title saying what the number is")
    measure: vocab(MEASURES) = Field(description="what is measured")  # type: ignore[valid-type]
    subjects: list[ref("camp", "team", "product", "place", "organization")] = Field(  # type: ignore[valid-type]
        min_length=1,
        description="what the number is about",
        examples=[["camp-0001"]],
    )
    population: Text | None = Field(None, description="who or what exactly is counted")
    derived: Derivation | None = Field(None, description="computed by the archive from other figures")
    value: Value | None = Field(
        None, validate_default=True, description="as the source gives it; left out when 'derived'"
    )
    unit: vocab(UNITS) = Field(description="what the number counts, or the unit it is in")  # type: ignore[valid-type]
    statistic: vocab(STATISTICS) | None = Field(  # type: ignore[valid-type]
        None, description="whether the number is an average or a total, when that matters"
    )
    period: Date = Field(description="the time the number covers", examples=["2019", "2014/2016"])
    basis: vocab(BASES) = Field(  # type: ignore[valid-type]
        "unspecified", description="what the source bases the number on"
    )
    cites: list[Citation] | None = Field(None, description="where the number is published; left out when 'derived'")

    @field_validator("value")
    @classmethod
    def _value_or_derived(cls, value: Value | None, info: ValidationInfo) -> Value | None:
        # A 'derived' that failed its own checks is missing from info.data: it was given, and its
        # problem is reported where it stands, so asking for a value as well would be wrong.
        if value is None and "derived" in info.data and info.data["derived"] is None:
            raise PydanticCustomError(
                "invalid-value",
                "give the value as the source gives it (one of exact, about, between, at_least, at_most),"
                " or 'derived' for the archive's own calculation",
                {},
            )
        return value


class Camp(Record):
    """A prison camp: its type, number, names, the place it lies in and where, as precisely as the
    sources allow."""

    name: Text = Field(description="the camp's name, as it is usually written in English")
    name_ko: Text | None = Field(None, description="its name in Korean script")
    full_name_ko: Text | None = Field(
        None,
        description="its full name in Korean script as the sources write it, with its number, where name_ko is"
        " the short name",
        examples=["전거리제12호교화소"],
    )
    aliases: list[Text] = Field([], description="other names and spellings the sources use")
    type: vocab(CAMP_TYPES) = Field(description="what kind of camp it is")  # type: ignore[valid-type]
    number: StrictInt | None = Field(None, description="the camp's number, when it has one", examples=[3])
    place: ref("place") | None = Field(  # type: ignore[valid-type]
        None, description="the county, city or province it lies in", examples=["place-0001"]
    )
    location: Location | None = Field(None, description="where it lies, as precisely as the sources allow")
    summary: Text = Field(description="what the archive knows about the camp, in a few sentences")
    cites: list[Citation] = Field([], description="the sources for what this record says")


class Team(Record):
    """A production work team inside a camp, and what it makes."""

    name: Text = Field(description="the team's name, as the sources give it")
    camp: ref("camp") = Field(  # type: ignore[valid-type]
        description="the camp the team works in", examples=["camp-0001"]
    )
    products: list[ref("product")] = Field(  # type: ignore[valid-type]
        [], description="what the team makes", examples=[["product-0001"]]
    )
    summary: Text = Field(description="what the archive knows about the team, in a few sentences")
    cites: list[Citation] = Field([], description="the sources for what this record says")


class Product(Record):
    """A kind of goods made in the camps, such as wigs, false eyelashes or knitwear."""

    name: Text = Field(description="the product's name")
    hs_heading: Annotated[str, AfterValidator(_check_hs_heading)] | None = Field(
        None,
        description="its four-digit heading in the Harmonized System of customs codes, in quotes",
        examples=["6704"],
    )
    summary: Text = Field(description="what the archive knows about the product, in a few sentences")
    cites: list[Citation] = Field([], description="the sources for what this record says")


class Organization(Record):
    """A ministry, bureau, trading company, firm, NGO or news outlet that takes part in the evidence
    or publishes a source."""

    name: Text = Field(description="the organization's name, as it is usually written in English")
    name_ko: Text | None = Field(None, description="its name in Korean script")
    type: vocab(ORG_TYPES) = Field(description="what kind of organization it is")  # type: ignore[valid-type]
    group: bool = Field(False, description="stands for unnamed organizations of this type")
    country: ref("place") | None = Field(  # type: ignore[valid-type]
        None, description="the country it is based in", examples=["place-0001"]
    )
    parent: ref("organization") | None = Field(  # type: ignore[valid-type]
        None, description="the organization it belongs to or answers to", examples=["org-0001"]
    )
    summary: Text | None = Field(None, description="what the archive knows about it, in a few sentences")
    cites: list[Citation] = Field([], description="the sources for what this record says")


class Place(Record):
    """A country, province, city or other place: where camps lie, witnesses come from and goods
    pass."""

    name: Text = Field(description="the place's name, as it is usually written in English")
    name_ko: Text | None = Field(None, description="its name in Korean script")
    type: vocab(PLACE_TYPES) = Field(description="what kind of place it is")  # type: ignore[valid-type]
    within: ref("place") | None = Field(  # type: ignore[valid-type]
        None,
        description="the larger place it lies in: a city's province, a province's country",
        examples=["place-0001"],
    )
    location: Location | None = Field(None, description="where it lies, as precisely as the sources allow")
    summary: Text | None = Field(None, description="what the archive knows about the place, in a few sentences")
    cites: list[Citation] = Field([], description="the sources for what this record says")


class Route(Record):
    """An export route: the steps (legs) by which goods made in a camp reach the market, each with
    its own sources."""

    title: Text = Field(description="a short title naming the route")
    summary: Text = Field(description="the route as a whole, in a few sentences")
    legs: list[Leg] = Field(min_length=1, description="the steps of the route, in order; at least one")


class Event(Record):
    """A dated happening, shown on the timeline."""

    title: Text = Field(description="a short title saying what happened")
    date: Date = Field(description="when it happened", examples=["2019-06", "2020~"])
    summary: Text = Field(description="what happened, in a few sentences")
    camps: list[ref("camp")] = Field(  # type: ignore[valid-type]
        [], description="the camps it concerns", examples=[["camp-0001"]]
    )
    places: list[ref("place")] = Field(  # type: ignore[valid-type]
        [], description="the places it concerns", examples=[["place-0001"]]
    )
    organizations: list[ref("organization")] = Field(  # type: ignore[valid-type]
        [], description="the organizations it concerns", examples=[["org-0001"]]
    )
    cites: list[Citation] = Field([], description="the sources for what this record says")


@dataclass(frozen=True)
class Kind:
    name: str  # singular, as used in references and the CLI
    plural: str  # folder under sources/ and URL segment
    label: str  # shown to readers
    label_plural: str
    model: type[Record]
    prefix: str  # for IDs made by `new`: <prefix>-0001


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("camp", "camps", "Camp", "Camps", Camp, "camp"),
        Kind("team", "teams", "Work team", "Work teams", Team, "team"),
        Kind("product", "products", "Product", "Products", Product, "product"),
        Kind("figure", "figures", "Figure", "Figures", Figure, "fig"),
        Kind("testimony", "testimonies", "Testimony", "Testimonies", Testimony, "tst"),
        Kind("route", "routes", "Export route", "Export routes", Route, "route"),
        Kind("event", "events", "Event", "Events", Event, "evt"),
        Kind("place", "places", "Place", "Places", Place, "place"),
        Kind("organization", "organizations", "Organization", "Organizations", Organization, "org"),
        Kind("source", "sources", "Source", "Sources", Source, "src"),
    )
}
KINDS_BY_PLURAL: dict[str, Kind] = {k.plural: k for k in KINDS.values()}


class Links(NamedTuple):
    """Of one record, what the checks across records (validate.py, permalinks.py) ask besides its
    references: whether it is a tombstone, its former IDs, the place it lies within, its parent
    organization, its witness's place of origin, its type if it is a place, and whether it is a
    derived figure. Small, so that a record read by another process can be checked against the
    others without its model (ship.py)."""

    withdrawn: bool
    formerly: tuple[str, ...]
    within: str | None
    parent: str | None
    origin: str | None
    place_type: str | None
    derived: bool


@dataclass(frozen=True)
class Entry:
    """A validated record: its kind, ID, model and where it came from."""

    kind: str
    id: str
    path: str
    record: Record | Tombstone
    body: str | None = None  # Markdown narrative of a .md record

    @property
    def title(self) -> str:
        return str(getattr(self.record, "title", None) or getattr(self.record, "name", None) or self.id)

    @property
    def withdrawn(self) -> bool:
        return isinstance(self.record, Tombstone)

    @cached_property
    def links(self) -> Links:
        """What the checks across records need of the record, besides its references."""
        rec = self.record
        fields = type(rec).model_fields  # asking a model for a field it has not is slow

        def field(name: str) -> Any:
            return getattr(rec, name, None) if name in fields else None

        witness = field("witness")
        return Links(
            isinstance(rec, Tombstone),
            tuple(field("formerly") or ()),
            field("within"),
            field("parent"),
            witness.origin if isinstance(witness, Witness) else None,
            rec.type if isinstance(rec, Place) else None,
            isinstance(rec, Figure) and rec.derived is not None,
        )

    @property
    def url(self) -> str:
        return f"{KINDS[self.kind].plural}/{self.id}/"
