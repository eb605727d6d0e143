"""Record kinds as typed, frozen models. No I/O here.

Each kind is a pydantic model in strict mode with unknown fields forbidden, so a value never
silently changes type (a number where text belongs, ``no`` read as a boolean) and a misspelt field
is reported instead of ignored. References to other records are plain IDs carrying a ``Ref``
marker naming the kinds they may point at; ``link.py`` resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StrictInt,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from build_tools.records.fields import (
    ID_PATTERN,
    Date,
    Language,
    Model,
    Text,
    Url,
    check_hs_heading,
    id_problem,
    ref,
    vocab,
)
from build_tools.records.parts import (
    Citation,
    Correction,
    Derivation,
    Leg,
    Location,
    Stance,
    Value,
    Witness,
    WitnessGroup,
)
from build_tools.records.problems import quote
from build_tools.records.vocab import (
    BASES,
    CAMP_TYPES,
    CONTENT_NOTES,
    MEASURES,
    ORG_TYPES,
    PLACE_TYPES,
    RELIABILITY,
    SOURCE_TYPES,
    STATISTICS,
    UNITS,
)

# ---- record kinds -----------------------------------------------------------------------------


def _check_former(value: str) -> str:
    m = FORMER_PATH.match(value)
    if not (ID_PATTERN.match(value) or (m and m.group(1) in KINDS_BY_PLURAL)):
        raise PydanticCustomError(
            "invalid-value",
            "'{value}' is neither a record ID nor a permalink such as /places/some-id/",
            {"value": quote(value)},
        )
    # an old ID becomes an address the site answers, so it keeps the rules of an ID (no 'index', 'con')
    if (wrong := id_problem(m.group(2) if m else value)) is not None:
        raise PydanticCustomError("invalid-value", "'{value}' {wrong}", {"value": quote(value), "wrong": wrong})
    return value


# A permalink a record once had under another kind: /<kind-plural>/<id>/
FORMER_PATH = re.compile(r"^/([a-z]+)/([a-z0-9]+(?:-[a-z0-9]+)*)/$")
Former = Annotated[str, AfterValidator(_check_former)]


# The key of a record's narrative in Korean, in its ko: block (its English is the Markdown after
# the front matter of a .md file, Entry.body)
NARRATIVE = "body"


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
    reliability_note: Text | None = Field(None, description="why a source has its reliability, in Korean")
    locator_note: Text | None = Field(None, description="how locators in a source are counted, in Korean")
    body: Text | None = Field(
        None,
        description="the narrative in Korean, for a record written as .md: Markdown, as a literal block"
        " ('body: |', the narrative indented on the lines below)",
    )


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


def korean_fields(kind: type[BaseModel], narrative: bool = False) -> tuple[str, ...]:
    """The fields of a ``ko:`` block a kind of record can take: what it has in English, but a
    Korean name where the kind has ``name_ko``; with ``narrative``, also the narrative (``body``),
    which any kind written as .md has. translation.py reports any other at its line (and a
    source's own title: only a title the archive supplied can take a Korean one)."""
    fields = kind.model_fields
    return tuple(
        name
        for name in Korean.model_fields
        if (name in fields and not (name == "name" and "name_ko" in fields)) or (narrative and name == NARRATIVE)
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
    number: StrictInt | None = Field(
        None, ge=1, le=999_999, description="the camp's number, when it has one (1 or more)", examples=[3]
    )
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
    hs_heading: Annotated[str, AfterValidator(check_hs_heading)] | None = Field(
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
    organization, its witness's place of origin, its type if it is a place, whether it is a
    derived figure, and the sources it relays if it is a source. Small, so that a record read by
    another process can be checked against the others without its model (ship.py)."""

    withdrawn: bool
    formerly: tuple[str, ...]
    within: str | None
    parent: str | None
    origin: str | None
    place_type: str | None
    derived: bool
    relays: tuple[str, ...]


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
    def narrated(self) -> bool:
        """Whether it has a narrative: Markdown after its fields that is not blank."""
        return bool(self.body and self.body.strip())

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
            tuple(rec.relays) if isinstance(rec, Source) else (),
        )

    @property
    def url(self) -> str:
        return f"{KINDS[self.kind].plural}/{self.id}/"
