"""Walking a record's model: its references, its [[id]] text references, its parts. No I/O."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import TEXT_REF, Date, Former, Language, Ref, Url
from .yamlread import KeyPath


@cache
def fields_of(model: type[BaseModel]) -> tuple[tuple[str, str, Ref | None], ...]:
    """(attribute, key as written in YAML, Ref marker or None) per field: fixed per model class,
    so worked out once rather than for every record walked."""
    return tuple((name, field.alias or name, ref_marker(field)) for name, field in model.model_fields.items())


def iter_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, Ref]]:
    """Every (key path, target ID, Ref) in a model, found through the Ref markers on its fields."""
    found: list[tuple[KeyPath, str, Ref]] = []
    if isinstance(obj, BaseModel):
        _refs(obj, path, found)
    return iter(found)


# The walks below gather into a list as they recurse, rather than yield from nested generators,
# through each of which every item found was passed on: a third of the time of checking a record.


def _refs(obj: BaseModel, path: KeyPath, found: list[tuple[KeyPath, str, Ref]]) -> None:
    for name, key, marker in fields_of(type(obj)):
        value = getattr(obj, name)
        if marker is not None:
            if isinstance(value, list):
                found += [((*path, key, i), item, marker) for i, item in enumerate(value) if item is not None]
            elif value is not None:
                found.append(((*path, key), value, marker))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _refs(item, (*path, key, i), found)
        elif isinstance(value, BaseModel):
            _refs(value, (*path, key), found)


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


def iter_text_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, int]]:
    """Every [[id]] written in a text field: (key path, ID, line within the text, from 0)."""
    found: list[tuple[KeyPath, str, int]] = []
    _text_refs(obj, path, found)
    return iter(found)


def _text_refs(obj: Any, path: KeyPath, found: list[tuple[KeyPath, str, int]]) -> None:
    if isinstance(obj, str):
        if "[[" in obj:  # which TEXT_REF starts with
            found += [(path, m.group(1), obj.count("\n", 0, m.start())) for m in TEXT_REF.finditer(obj)]
        return
    if isinstance(obj, list):
        parts: Iterable[tuple[str | int, Any]] = enumerate(obj)
    elif isinstance(obj, BaseModel):
        parts = [(key, getattr(obj, name)) for name, key, _marker in fields_of(type(obj))]
    else:
        return
    for at, value in parts:  # most values are neither text holding "[[" nor hold any: passed over here
        if isinstance(value, (list, BaseModel)) or (isinstance(value, str) and "[[" in value):
            _text_refs(value, (*path, at), found)


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


def iter_texts(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every free-text value in a model, with its key path."""
    found: list[tuple[KeyPath, str]] = []
    _texts(obj, path, found)
    return iter(found)


def _texts(obj: Any, path: KeyPath, found: list[tuple[KeyPath, str]]) -> None:
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            _texts(item, (*path, i), found)
    elif isinstance(obj, BaseModel):
        texts = _text_fields(type(obj))
        for name, key, _marker in fields_of(type(obj)):
            value = getattr(obj, name)
            if name in texts and isinstance(value, str):
                found.append(((*path, key), value))
            elif name in texts and isinstance(value, list):
                found += [((*path, key, i), v) for i, v in enumerate(value) if isinstance(v, str)]
            elif isinstance(value, (list, BaseModel)):
                _texts(value, (*path, key), found)


def iter_models(obj: Any, path: KeyPath) -> Iterator[tuple[KeyPath, BaseModel]]:
    found: list[tuple[KeyPath, BaseModel]] = []
    _models(obj, path, found)
    return iter(found)


def _models(obj: Any, path: KeyPath, found: list[tuple[KeyPath, BaseModel]]) -> None:
    if isinstance(obj, BaseModel):
        found.append((path, obj))
        for name, key, _marker in fields_of(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, (list, BaseModel)):
                _models(value, (*path, key), found)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            _models(item, (*path, i), found)


def dotted(loc: KeyPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Survey(NamedTuple):
    """What iter_refs, iter_text_refs, iter_texts and iter_models find in a record, found in one
    walk over it (for the checks of each record, which need all four)."""

    refs: list[tuple[KeyPath, str, Ref]]
    text_refs: list[tuple[KeyPath, str, int]]
    texts: list[tuple[KeyPath, str]]
    models: list[tuple[KeyPath, BaseModel]]


def survey(record: BaseModel) -> Survey:
    found = Survey([], [], [], [])
    _survey_model(record, (), found, True, True)
    return found


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
