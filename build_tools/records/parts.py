"""The parts records share: citations, values as their sources give them, witnesses, legs of a
route, stances and corrections, derivations. No I/O."""

import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
)
from pydantic_core import PydanticCustomError

from build_tools.records.fields import (
    Date,
    Model,
    Number,
    Text,
    ref,
    vocab,
)
from build_tools.records.problems import quote
from build_tools.records.vocab import (
    CORRECTIONS,
    INPUT_USES,
    MECHANISMS,
    PRECISIONS,
    STANCES,
    WITNESS_ROLES,
)

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
    description_ko: Text | None = Field(None, description="the description in Korean, shown on the Korean page")
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
    almost: Number | None = Field(
        None,
        description="the number, when the source says the value falls just short of it (almost, nearly)",
        examples=[60],
    )
    approximate: bool = Field(
        False,
        description="with between only: the ends of the range are themselves approximate (roughly 1,000 to 1,100)",
    )
    or_more: bool = Field(
        False,
        description="with between only: the source gives the range as a minimum (at least 1,500 to 2,500)",
    )
    as_stated: Text | None = Field(None, description="the source's own words for the value")


VALUE_FORMS = ("exact", "about", "between", "at_least", "at_most", "almost")
# The forms that give one number, in the order a value is read in (words, marks, keys)
ONE_NUMBER = tuple(f for f in VALUE_FORMS if f != "between")


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
    description_ko: Text | None = Field(None, description="the description in Korean, shown on the Korean page")


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
    mechanism: vocab(MECHANISMS) = Field(description="how the goods pass, or what else joins the two")  # type: ignore[valid-type]
    description: Text = Field(description="what happens in this step, in a sentence or two")
    description_ko: Text | None = Field(None, description="the description in Korean, shown on the Korean page")
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
    note_ko: Text | None = Field(None, description="the note in Korean, shown on the Korean pages")
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


def value_key(value: Value) -> tuple[str, tuple[float, ...]]:
    """Two figures disagree when these keys differ."""
    for form in ONE_NUMBER:
        n = getattr(value, form)
        if n is not None:
            return form, (float(n),)
    words = ("roughly " if value.approximate else "") + "between" + (" or more" if value.or_more else "")
    return words, tuple(float(x) for x in value.between or ())
