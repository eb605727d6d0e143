"""Walking a record's model: its references, its [[id]] text references, its parts. No I/O."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from build_tools.records.fields import TEXT_REF, Date, Language, Ref, Url
from build_tools.records.model import Former
from build_tools.records.parts import Leg, Location, Stance, WitnessGroup
from build_tools.records.raw import KeyPath


@cache
def fields_of(model: type[BaseModel]) -> tuple[tuple[str, str, Ref | None], ...]:
    """(attribute, key as written in YAML, Ref marker or None) per field: fixed per model class,
    so worked out once rather than for every record walked."""
    return tuple((name, field.alias or name, ref_marker(field)) for name, field in model.model_fields.items())


def iter_raw_refs(model: type[BaseModel], data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, Ref]]:
    """The references in a record's data as read, by the same markers, for a record that failed its
    schema check: its references are checked all the same, so every problem shows in one run."""
    if not isinstance(data, dict):
        return
    for name, key, marker in fields_of(model):
        value = data.get(key)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        nested = nested_model(model.model_fields[name].annotation) if marker is None else None
        for i, item in items:
            where = (*path, key) if i is None else (*path, key, i)
            if marker is not None and isinstance(item, str) and item.strip():  # "" is a field not filled in yet
                yield where, item, marker
            elif nested is not None:
                yield from iter_raw_refs(nested, item, where)


def nested_models(*roots: type[BaseModel]) -> list[type[BaseModel]]:
    """The models and every model nested in them, each once, roots first."""
    found: list[type[BaseModel]] = []
    todo = list(roots)
    while todo:
        current = todo.pop(0)
        if current not in found:
            found.append(current)
            todo += [m for f in current.model_fields.values() if (m := nested_model(f.annotation)) is not None]
    return found


def annotation_parts(annotation: Any) -> list[Any]:
    """A type annotation and everything nested in it (union members, list items, Annotated)."""
    found = [annotation]
    for arg in typing.get_args(annotation):
        found += annotation_parts(arg)
    return found


def ref_marker(field: FieldInfo) -> Ref | None:
    """The Ref marker of a field, if it holds references."""
    metadata = [
        *field.metadata,
        *(m for a in annotation_parts(field.annotation) for m in getattr(a, "__metadata__", ())),
    ]
    return next((m for m in metadata if isinstance(m, Ref)), None)


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (alone, optional or in a list), if any."""
    for a in annotation_parts(annotation):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


# The checks that make a string a date, a URL, a language code or a former ID.
_TYPED_CHECKS = tuple(typing.get_args(t)[1] for t in (Date, Url, Language, Former))


@cache
def _text_fields(model: type[BaseModel]) -> frozenset[str]:
    """Attributes of ``model`` that hold free text: not references, dates, URLs, language codes or
    fixed vocabularies, whose values cannot carry a sentence."""
    out = set()
    for name, field in model.model_fields.items():
        parts = annotation_parts(field.annotation)
        # pydantic moves a required field's check from its type into field.metadata
        typed = any(p in (Date, Url, Language, Former) for p in parts) or any(
            m in _TYPED_CHECKS for m in field.metadata
        )
        if ref_marker(field) is not None or typed:
            continue
        if any(typing.get_origin(p) is typing.Literal for p in parts):
            continue
        if str in parts or any(typing.get_args(p)[:1] == (str,) for p in parts):
            out.add(name)
    return frozenset(out)


def dotted(loc: KeyPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Survey(NamedTuple):
    """What a record holds, found in one walk over it: its references (key path, target ID, Ref
    marker), its [[id]] references (key path, ID, line within the text), its free texts and every
    model in it, itself included. The walk gathers into lists as it recurses, rather than yielding
    from nested generators, through each of which every item found was passed on (a third of the
    time of checking a record)."""

    refs: list[tuple[KeyPath, str, Ref]]
    text_refs: list[tuple[KeyPath, str, int]]
    texts: list[tuple[KeyPath, str]]
    models: list[tuple[KeyPath, BaseModel]]


def survey(record: BaseModel, path: KeyPath = ()) -> Survey:
    found = Survey([], [], [], [])
    _survey_model(record, path, found, True, True)
    return found


def iter_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, Ref]]:
    """Every (key path, target ID, Ref) in a model, found through the Ref markers on its fields."""
    return iter(survey(obj, path).refs if isinstance(obj, BaseModel) else [])


def iter_text_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, int]]:
    """Every [[id]] written in a text field of a model, or in a text (a Markdown body)."""
    if isinstance(obj, BaseModel):
        return iter(survey(obj, path).text_refs)
    found = Survey([], [], [], [])
    _survey_value(obj, path, found, False, False)
    return iter(found.text_refs)


def iter_texts(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every free-text value in a model, with its key path."""
    return iter(survey(obj, path).texts if isinstance(obj, BaseModel) else [])


def iter_models(obj: Any, path: KeyPath) -> Iterator[tuple[KeyPath, BaseModel]]:
    """Every model in a model, itself first, with its key path."""
    return iter(survey(obj, path).models if isinstance(obj, BaseModel) else [])


def _survey_model(obj: BaseModel, path: KeyPath, found: Survey, refs: bool, texts: bool) -> None:
    """``obj`` as each walk sees it: iter_models and iter_text_refs everywhere, iter_refs where
    ``refs`` (not within a field that holds references) and iter_texts where ``texts`` (not within
    a text field)."""
    found.models.append((path, obj))
    text_fields = _text_fields(type(obj)) if texts else frozenset()
    for name, key, marker in fields_of(type(obj)):
        value = getattr(obj, name)
        at = (*path, key)
        if refs and marker is not None:
            if isinstance(value, list):
                found.refs.extend(((*at, i), item, marker) for i, item in enumerate(value) if item is not None)
            elif value is not None:
                found.refs.append((at, value, marker))
        text_here = name in text_fields and isinstance(value, (str, list))
        if text_here and isinstance(value, str):
            found.texts.append((at, value))
        elif text_here:
            found.texts.extend(((*at, i), v) for i, v in enumerate(value) if isinstance(v, str))
        _survey_value(value, at, found, refs and marker is None, texts and not text_here)


def _survey_value(value: Any, path: KeyPath, found: Survey, refs: bool, texts: bool) -> None:
    if isinstance(value, str):
        if "[[" in value:  # which TEXT_REF starts with
            found.text_refs.extend(
                (path, m.group(1), value.count("\n", 0, m.start())) for m in TEXT_REF.finditer(value)
            )
    elif isinstance(value, list):
        for i, item in enumerate(value):  # iter_refs looks into a list's models, not into lists in it
            if isinstance(item, (str, list, BaseModel)):
                _survey_value(item, (*path, i), found, refs and isinstance(item, BaseModel), texts)
    elif isinstance(value, BaseModel):
        _survey_model(value, path, found, refs, texts)


# The parts of a record that give their Korean beside their English, as <field>_ko: a route's legs,
# a testimony's stances on claims and its group of witnesses, a camp's or place's location. (By
# type: an organization's 'group' is a yes or no.)
KOREAN_BESIDE: tuple[tuple[str, type[BaseModel], str], ...] = (
    ("legs", Leg, "description"),
    ("stances", Stance, "note"),
    ("group", WitnessGroup, "description"),
    ("location", Location, "description"),
)


def beside_in_korean(rec: object) -> Iterator[tuple[KeyPath, str, Any, str | None]]:
    """Each such part of ``rec``: where its Korean is written, the English field's name as a
    message gives it ('legs[0].description'), the English and the Korean (None when not given)."""
    for name, kind, field in KOREAN_BESIDE:
        value = getattr(rec, name, None)
        parts = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, part in parts:
            if isinstance(part, kind):
                at, said = ((name,), name) if i is None else ((name, i), f"{name}[{i}]")
                yield (*at, f"{field}_ko"), f"{said}.{field}", getattr(part, field), getattr(part, f"{field}_ko")
