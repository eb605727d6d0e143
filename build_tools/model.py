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
from functools import lru_cache
from typing import Annotated, Any, Literal

from edtf import parse_edtf
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
# A reference inside running text: "as fig-0012 shows" is written "as [[fig-0012]] shows" and
# becomes a link to that record, checked like any other reference.
TEXT_REF = re.compile(r"\[\[([^\[\]\s]*)\]\]")


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to a record of one of ``kinds``."""

    kinds: tuple[str, ...]
    allow_unknown: bool = False


def ref(*kinds: str, allow_unknown: bool = False) -> Any:
    return Annotated[str, Ref(kinds, allow_unknown)]


# Dates as contributors write them most: a year, month or day, maybe approximate (~), uncertain (?)
# or both (%), alone or as an interval with an open end (..). Checked here without the full EDTF
# grammar, whose parser takes milliseconds a date; anything else goes to that parser.
_SIMPLE_DATE = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?[~?%]?")


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


@lru_cache(maxsize=4096)
def is_edtf(value: str) -> bool:
    parts = value.split("/")
    if len(parts) <= 2 and parts != ["..", ".."] and all(_simple_date(p) or p == ".." for p in parts):
        return ".." not in parts or len(parts) == 2
    try:
        parse_edtf(value)
    except Exception:  # the edtf parser raises several types; all mean "not EDTF"
        return False
    return True


def _check_date(value: str) -> str:
    if value == UNKNOWN or is_edtf(value):
        return value
    raise PydanticCustomError(
        "invalid-date",
        "'{value}' is not an EDTF date or interval (e.g. 2020, 2020-08, 2020~, 2020/2022-08) nor 'unknown'",
        {"value": value},
    )


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise PydanticCustomError("invalid-url", "'{value}' is not an absolute http(s) URL", {"value": value})
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
            {"value": value},
        )
    return value


def _check_language(value: str) -> str:
    if not re.match(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", value):
        raise PydanticCustomError(
            "invalid-value", "'{value}' is not a language code such as en or ko", {"value": value}
        )
    return value


Text = Annotated[str, AfterValidator(_check_text)]
Date = Annotated[str, AfterValidator(_check_date)]
Url = Annotated[str, AfterValidator(_check_url)]
Language = Annotated[str, AfterValidator(_check_language)]
Number = StrictInt | StrictFloat


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)


def vocab(values: dict[str, str]) -> Any:
    return Literal[tuple(values)]


# ---- shared parts -----------------------------------------------------------------------------


class Citation(Model):
    """Where a statement comes from: a source record and the place in it."""

    source: ref("source")  # type: ignore[valid-type]
    locator: str | None = Field(None, description="page, section or paragraph in the source")
    quote: Text | None = Field(None, description="a short phrase quoted from the source")


class Location(Model):
    """A position as precise as the sources allow, never more."""

    precision: vocab(PRECISIONS)  # type: ignore[valid-type]
    lat: Number | None = None
    lon: Number | None = None
    near: ref("place") | None = Field(  # type: ignore[valid-type]
        None, description="the place a source gives the position relative to, when it gives no coordinates"
    )
    description: Text | None = None
    cites: list[Citation] = []


class Value(Model):
    """A number as the source gives it: exact, approximate, a range, or a bound."""

    exact: Number | None = None
    about: Number | None = None
    between: list[Number] | None = None
    at_least: Number | None = None
    at_most: Number | None = None
    as_stated: Text | None = Field(None, description="the source's own words for the value")


VALUE_FORMS = ("exact", "about", "between", "at_least", "at_most")


class Witness(Model):
    code: Text = Field(description="a pseudonymous code, never a name")
    role: vocab(WITNESS_ROLES)  # type: ignore[valid-type]
    anonymous: bool = True
    name: Text | None = Field(None, description="only when the record says the witness is named")
    origin: ref("place") | None = Field(  # type: ignore[valid-type]
        None, description="the province or country the witness comes from; never a town or village"
    )


class WitnessGroup(Model):
    """Many witnesses summed up by a document; never split into invented individuals."""

    count: Value | None = None
    roles: list[vocab(WITNESS_ROLES)] = []  # type: ignore[valid-type]
    description: Text | None = None


class Leg(Model):
    from_: ref("camp", "team", "organization", "place") = Field(alias="from")  # type: ignore[valid-type]
    to: ref("camp", "team", "organization", "place")  # type: ignore[valid-type]
    goods: list[ref("product")] = []  # type: ignore[valid-type]
    mechanism: vocab(MECHANISMS)  # type: ignore[valid-type]
    description: Text
    cites: list[Citation] = []


class Stance(Model):
    """What a testimony says about a claim recorded elsewhere: it bears it out or goes against it,
    in whole or in part (the note says which part)."""

    claim: ref("figure", "event", "route", "team", "camp")  # type: ignore[valid-type]
    stance: vocab(STANCES)  # type: ignore[valid-type]
    note: Text = Field(description="what the testimony says that bears on the claim")
    cites: list[Citation] = []


class Correction(Model):
    """A later correction or retraction of a testimony. The testimony stays, marked."""

    date: Date
    status: vocab(CORRECTIONS)  # type: ignore[valid-type]
    what: Text = Field(description="what was corrected or withdrawn, and by whom")
    cites: list[Citation] = []


def _check_name(value: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise PydanticCustomError(
            "invalid-value",
            "'{value}' is not a name for the formula: lowercase letters, digits and _, starting with a letter",
            {"value": value},
        )
    return value


class Input(Model):
    """One figure a derived figure is computed from."""

    name: Annotated[str, AfterValidator(_check_name)] = Field(description="its name in the formula")
    figure: ref("figure")  # type: ignore[valid-type]
    use: vocab(INPUT_USES) = "value"  # type: ignore[valid-type]


class Derivation(Model):
    """How the archive computes a figure from others. The value is worked out at build time,
    never typed in, and the page says it is the archive's calculation, not a source's claim."""

    formula: Text = Field(description="arithmetic over the input names: + - * / and brackets")
    inputs: list[Input] = Field(min_length=1)
    method: Text | None = Field(None, description="what the calculation assumes")


# ---- record kinds -----------------------------------------------------------------------------


def _check_former(value: str) -> str:
    m = FORMER_PATH.match(value)
    if ID_PATTERN.match(value) or (m and m.group(1) in KINDS_BY_PLURAL):
        return value
    raise PydanticCustomError(
        "invalid-value",
        "'{value}' is neither a record ID nor a permalink such as /places/some-id/",
        {"value": value},
    )


# A permalink a record once had under another kind: /<kind-plural>/<id>/
FORMER_PATH = re.compile(r"^/([a-z]+)/([a-z0-9]+(?:-[a-z0-9]+)*)/$")
Former = Annotated[str, AfterValidator(_check_former)]


class Record(Model):
    notes: Text | None = None
    formerly: list[Former] = Field(
        [],
        description="IDs this record had before it was renamed or merged (or /<kind>/<id>/ when the kind changed);"
        " their permalinks redirect here",
    )


class Withdrawal(Model):
    date: Date
    reason: Text = Field(description="why the record was withdrawn, as readers will see it")


class Tombstone(Model):
    """What stays of a withdrawn record: its permalink answers with when and why, never a 404.

    The record's content is gone (it may have been withdrawn because it was wrong or unsafe)."""

    withdrawn: Withdrawal
    title: Text | None = Field(None, description="the title it had, if it is safe to keep showing it")
    notes: Text | None = None


class Source(Record):
    type: vocab(SOURCE_TYPES)  # type: ignore[valid-type]
    title: Text
    title_supplied: bool = Field(False, description="the document has no title; this one is ours")
    authors: list[Text] = []
    publisher: ref("organization", allow_unknown=True)  # type: ignore[valid-type]
    date: Date
    language: Language
    url: Url | None = None
    archived_url: Url | None = None
    accessed: Date | None = None
    reliability: vocab(RELIABILITY)  # type: ignore[valid-type]
    reliability_note: Text | None = None
    relays: list[ref("source")] = []  # type: ignore[valid-type]
    locator_note: Text | None = Field(None, description="how locators in this source are counted")
    summary: Text | None = None


class Testimony(Record):
    title: Text
    form: Literal["individual", "aggregate"]
    witness: Witness | None = None
    group: WitnessGroup | None = None
    period: Date
    camps: list[ref("camp")] = []  # type: ignore[valid-type]
    content_note: list[vocab(CONTENT_NOTES)] = Field(  # type: ignore[valid-type]
        [], description="what the testimony describes that a reader should be warned of before reading it"
    )
    summary: Text
    public_names: list[Text] = Field(
        [], description="public figures the testimony names, who are not witnesses (the check for names skips them)"
    )
    cites: list[Citation] | None = None
    stances: list[Stance] = Field([], description="claims elsewhere in the archive this testimony bears on")
    corrections: list[Correction] = Field([], description="later corrections or retractions, oldest first")


class Figure(Record):
    title: Text
    measure: vocab(MEASURES)  # type: ignore[valid-type]
    subjects: list[ref("camp", "team", "product", "place", "organization")] = Field(min_length=1)  # type: ignore[valid-type]
    population: Text | None = Field(None, description="who or what exactly is counted")
    derived: Derivation | None = Field(None, description="computed by the archive from other figures")
    value: Value | None = Field(
        None, validate_default=True, description="as the source gives it; left out when 'derived'"
    )
    unit: vocab(UNITS)  # type: ignore[valid-type]
    statistic: vocab(STATISTICS) | None = None  # type: ignore[valid-type]
    period: Date
    basis: vocab(BASES) = "unspecified"  # type: ignore[valid-type]
    cites: list[Citation] | None = None

    @field_validator("value")
    @classmethod
    def _value_or_derived(cls, value: Value | None, info: ValidationInfo) -> Value | None:
        if value is None and info.data.get("derived") is None:
            raise PydanticCustomError(
                "invalid-value",
                "give the value as the source gives it (one of exact, about, between, at_least, at_most),"
                " or 'derived' for the archive's own calculation",
                {},
            )
        return value


class Camp(Record):
    name: Text
    name_ko: Text | None = None
    aliases: list[Text] = []
    type: vocab(CAMP_TYPES)  # type: ignore[valid-type]
    number: StrictInt | None = None
    place: ref("place") | None = None  # type: ignore[valid-type]
    location: Location | None = None
    summary: Text
    cites: list[Citation] = []


class Team(Record):
    name: Text
    camp: ref("camp")  # type: ignore[valid-type]
    products: list[ref("product")] = []  # type: ignore[valid-type]
    summary: Text
    cites: list[Citation] = []


class Product(Record):
    name: Text
    hs_heading: Annotated[str, AfterValidator(_check_hs_heading)] | None = None
    summary: Text
    cites: list[Citation] = []


class Organization(Record):
    name: Text
    name_ko: Text | None = None
    type: vocab(ORG_TYPES)  # type: ignore[valid-type]
    group: bool = Field(False, description="stands for unnamed organizations of this type")
    country: ref("place") | None = None  # type: ignore[valid-type]
    parent: ref("organization") | None = None  # type: ignore[valid-type]
    summary: Text | None = None
    cites: list[Citation] = []


class Place(Record):
    name: Text
    name_ko: Text | None = None
    type: vocab(PLACE_TYPES)  # type: ignore[valid-type]
    within: ref("place") | None = None  # type: ignore[valid-type]
    location: Location | None = None
    summary: Text | None = None
    cites: list[Citation] = []


class Route(Record):
    title: Text
    summary: Text
    legs: list[Leg] = Field(min_length=1)


class Event(Record):
    title: Text
    date: Date
    summary: Text
    camps: list[ref("camp")] = []  # type: ignore[valid-type]
    places: list[ref("place")] = []  # type: ignore[valid-type]
    organizations: list[ref("organization")] = []  # type: ignore[valid-type]
    cites: list[Citation] = []


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

    @property
    def url(self) -> str:
        return f"{KINDS[self.kind].plural}/{self.id}/"
