"""Records as flat tables, their columns worked out from the models. No I/O.

A kind's table has one row per record: scalar fields become columns, a single nested model is
spread into columns (``value.exact`` -> ``value_exact``) and a list of plain values is joined with
"; ". Lists of references go to the ``links`` table and lists of nested models to a table of their
own (``citations``, ``legs``), one row per item, keyed by record, field path and position. A field
added to a model therefore shows up here without a change to this module. So that each table can
be read without the others, readable.py's columns stand beside what they explain: the name of a
record referred to, a value's form and ends as numbers, the sources and locators of citations.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from build_tools.outputs.readable import Extra, Reader, citation_columns, list_columns, name_column, value_columns
from build_tools.reading.history import ArchiveInfo
from build_tools.records.fields import UNKNOWN, Date, Ref, Url
from build_tools.records.model import KINDS, Entry, Korean, Record, korean_fields
from build_tools.records.parts import Citation, Value
from build_tools.records.raw import KeyPath
from build_tools.records.walk import annotation_parts, dotted, fields_of, nested_model

RECORDS = "records"
LINKS = "links"
JOIN = "; "
DATE_NOTE = (
    "An EDTF date as the record gives it (2020, 2020-08, 2020~ approximate, 2020? uncertain, 2014/2016 an "
    "interval, .. an open end) or 'unknown'; kept as text because most are not plain calendar dates."
)
_DATE_CHECK = typing.get_args(Date)[1]
_URL_CHECK = typing.get_args(Url)[1]


@dataclass(frozen=True)
class Column:
    name: str  # CSV header: the YAML keys joined with "_"
    attrs: tuple[str, ...]  # attribute path from the row's model
    field: dict[str, Any]  # Table Schema field descriptor
    ref: Ref | None = None
    read: Reader | None = None  # a column worked out from the field (readable.py), not copied from it


@dataclass(frozen=True)
class Side:
    """A list kept in a table of its own: of references (model None) or of nested models."""

    attrs: tuple[str, ...]
    keys: tuple[str, ...]
    table: str
    model: type[BaseModel] | None


@dataclass(frozen=True)
class Plan:
    columns: tuple[Column, ...]
    sides: tuple[Side, ...]


@dataclass
class Table:
    name: str
    description: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]]


def metadata(field: FieldInfo) -> list[Any]:
    """Everything annotated on a field, at any depth of its type."""
    return [*field.metadata, *(m for a in annotation_parts(field.annotation) for m in getattr(a, "__metadata__", ()))]


def is_date(field: FieldInfo) -> bool:
    return _DATE_CHECK in metadata(field)


def is_list(field: FieldInfo) -> bool:
    return any(typing.get_origin(a) is list for a in annotation_parts(field.annotation))


def ref_note(ref: Ref, many: bool = False, cell: bool = False) -> str:
    """What a reference holds, in a record file or (``cell``) in a table."""
    kinds = ", ".join(ref.kinds[:-1]) + " or " + ref.kinds[-1] if len(ref.kinds) > 1 else ref.kinds[0]
    note = f"IDs of the {kinds} records referred to" if many else f"ID of the {kinds} record referred to"
    if cell:
        return note + "; empty when " + ("the record gives 'unknown' or " if ref.allow_unknown else "") + NOT_PUBLISHED
    return note + ("; 'unknown' when the record does not know it" if ref.allow_unknown else "")


NOT_PUBLISHED = "that record is not published (held back for errors, or withdrawn)"


def table_of(model: type[BaseModel]) -> str:
    """The table a list of ``model`` items goes to: Citation -> citations."""
    return model.__name__.lower() + "s"


def target_of(ref: Ref) -> str:
    """The table a reference's foreign key points at: the kind's own, or all records."""
    return KINDS[ref.kinds[0]].plural if len(ref.kinds) == 1 else RECORDS


@cache
def plan(
    model: type[BaseModel], attrs: tuple[str, ...] = (), keys: tuple[str, ...] = (), required: bool = True
) -> Plan:
    columns: list[Column] = []
    sides: list[Side] = []
    # A kind's own fields first, those every record may have (notes, ...) last.
    shared = Record.model_fields if issubclass(model, Record) else {}
    for name, key, marker in sorted(fields_of(model), key=lambda f: f[0] in shared):
        info = model.model_fields[name]
        at, ks, req = (*attrs, name), (*keys, key), required and info.is_required()
        nested = nested_model(info.annotation)
        if is_list(info) and (marker or nested):
            sides.append(Side(at, ks, LINKS if nested is None else table_of(nested), nested))
            extras = list_columns(marker) if marker else citation_columns() if nested is Citation else ()
            columns += [_worked_out(ks, at, e) for e in extras]
        elif nested is not None:
            inner = plan(nested, at, ks, req)
            # a ko: block: only the Korean this kind can give (no empty ko_population for a camp)
            takes = korean_fields(model) if nested is Korean else None
            columns += [c for c in inner.columns if takes is None or c.attrs[-1] in takes]
            sides += inner.sides
            columns += [_worked_out(ks, at, e) for e in (value_columns() if nested is Value else ())]
        else:
            columns.append(_column("_".join(ks), at, info, marker, req))
            columns += [_worked_out(ks, at, name_column(marker))] if marker else []
    return Plan(tuple(columns), tuple(sides))


def _worked_out(keys: tuple[str, ...], attrs: tuple[str, ...], extra: Extra) -> Column:
    name = "_".join((*keys, extra.suffix) if extra.suffix else keys)
    return Column(name, attrs, {"name": name, **extra.field}, None, extra.read)


def _column(name: str, attrs: tuple[str, ...], info: FieldInfo, ref: Ref | None, required: bool) -> Column:
    parts = annotation_parts(info.annotation)
    joined = is_list(info)
    notes = [info.description] if info.description else []
    field: dict[str, Any] = {"name": name, "type": "string"}
    constraints: dict[str, Any] = {}
    if ref is not None:
        notes.append(ref_note(ref, cell=True))
        required = False
    elif joined:
        notes.append(f"a list, its items joined with '{JOIN}'")
    elif bool in parts:
        field["type"] = "boolean"
    elif float in parts:
        field["type"] = "number"
    elif int in parts:
        field["type"] = "integer"
    enum = [v for a in parts if typing.get_origin(a) is Literal for v in typing.get_args(a)]
    if enum and not joined:
        constraints["enum"] = enum
    if is_date(info):
        notes.append(DATE_NOTE)
    if _URL_CHECK in metadata(info) and not joined:
        field["format"] = "uri"
    if required:
        constraints["required"] = True
    if notes:
        field["description"] = "; ".join(notes)
    if constraints:
        field["constraints"] = constraints
    return Column(name, attrs, field, ref)


def _get(obj: Any, attrs: tuple[str, ...]) -> Any:
    for a in attrs:
        obj = getattr(obj, a, None)
    return obj


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return JOIN.join(_cell(v) for v in value)
    return str(value)


def _fk(fields: list[str], resource: str | None) -> dict[str, Any]:
    reference: dict[str, Any] = {"fields": ["id"]}
    if resource is not None:  # none: the table itself
        reference = {"resource": resource, **reference}
    return {"fields": fields, "reference": reference}


def _fks(columns: tuple[Column, ...], own: str) -> list[dict[str, Any]]:
    targets = [(c.name, target_of(c.ref)) for c in columns if c.ref is not None]
    return [_fk([name], None if target == own else target) for name, target in targets]


def _required(name: str, type_: str, description: str, **constraints: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "description": description, "constraints": {"required": True, **constraints}}


_RECORD_FIELDS = [
    _required("id", "string", "the record's ID, unique across the archive", unique=True),
    _required("kind", "string", "the record's kind", enum=list(KINDS)),
    _required("title", "string", "its title, or its name"),
    _required("url", "string", "its permalink") | {"format": "uri"},
    {
        "name": "changed",
        "type": "date",
        "description": "the day the record last changed, from the archive's history; empty when not committed",
    },
]
_ITEM_FIELDS = [
    _required("record", "string", "ID of the record holding the list"),
    _required("record_title", "string", "that record's title, or its name"),
    _required("field", "string", "where the list stands in the record, as YAML keys (legs[0].cites: the first leg's)"),
    _required("position", "integer", "place in that list, from 0", minimum=0),
]
_ITEM_KEY = ["record", "field", "position"]


def _nested_tables(p: Plan, found: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    for s in p.sides:
        if s.model is not None and s.table not in found:
            found[s.table] = s.model
            _nested_tables(plan(s.model), found)
    return found


def empty_tables() -> dict[str, Table]:
    """Every table, described, without its rows (``entry_rows`` makes them): ``records``, one per
    kind, ``links``, one per nested list model."""
    tables = {RECORDS: Table(RECORDS, "Every record: its kind, title and permalink.", _RECORD_FIELDS, ["id"], [])}
    nested: dict[str, type[BaseModel]] = {}
    for kind in KINDS.values():
        p = plan(kind.model)
        fields = [_required("id", "string", "the record's ID", unique=True), *(c.field for c in p.columns)]
        fks = [_fk(["id"], RECORDS), *_fks(p.columns, kind.plural)]
        tables[kind.plural] = Table(kind.plural, f"{kind.label_plural}, one row each.", fields, ["id"], fks)
        _nested_tables(p, nested)
    target = {
        "name": "target",
        "type": "string",
        "description": f"ID of the record referred to; empty when the record gives 'unknown' or {NOT_PUBLISHED}",
    }
    target_name = {
        "name": "target_name",
        "type": "string",
        "description": "the title or name of the record referred to; empty when the column before is",
    }
    fks = [_fk(["record"], RECORDS), _fk(["target"], RECORDS)]
    desc = "The lists of references in records, one row per item."
    tables[LINKS] = Table(LINKS, desc, [*_ITEM_FIELDS, target, target_name], _ITEM_KEY, fks)
    for name, model in sorted(nested.items()):
        p = plan(model)
        fks = [_fk(["record"], RECORDS), *_fks(p.columns, name)]
        desc = f"The lists of {model.__name__} items in records, one row per item. {' '.join((model.__doc__ or '').split())}".strip()
        tables[name] = Table(name, desc, [*_ITEM_FIELDS, *(c.field for c in p.columns)], _ITEM_KEY, fks)
    return tables


def entry_rows(entry: Entry, info: ArchiveInfo, title_of: Callable[[str], str | None]) -> dict[str, list[list[Any]]]:
    """The rows one record adds to the tables (``empty_tables``), by table name, in order; a
    table's rows are its records', in ID order. ``title_of`` gives the title of a record among
    those tabled, None for any other (a reference to it, or 'unknown', is an empty cell, so that
    every foreign key holds): the only thing a record's rows read of the others."""

    def names(rid: str) -> str:  # readable.Names: "" for 'unknown' and for a record not among them
        return (title_of(rid) or "") if rid != UNKNOWN else ""

    def ref_cell(value: str) -> str:
        return value if names(value) else ""

    def cell(c: Column, v: Any) -> str:
        if c.read is not None:
            return c.read(v, names)
        return ref_cell(v) if c.ref is not None and isinstance(v, str) else _cell(v)

    def cells(obj: BaseModel, p: Plan) -> list[str]:
        return [cell(c, _get(obj, c.attrs)) for c in p.columns]

    kind = KINDS[entry.kind]
    p = plan(kind.model)
    rid = entry.id
    url = info.permalink(entry.url)
    rows: dict[str, list[list[Any]]] = {
        RECORDS: [[rid, entry.kind, entry.title, url, info.changed(entry.path) or ""]],
        kind.plural: [[rid, *cells(entry.record, p)]],
    }

    def add_items(obj: BaseModel, p: Plan, path: KeyPath) -> None:
        for s in p.sides:
            where: KeyPath = (*path, *s.keys)
            for i, item in enumerate(_get(obj, s.attrs) or []):
                head = [rid, entry.title, dotted(where), str(i)]
                if s.model is None:
                    rows.setdefault(LINKS, []).append([*head, ref_cell(item), names(item)])
                else:
                    rows.setdefault(s.table, []).append([*head, *cells(item, plan(s.model))])
                    add_items(item, plan(s.model), (*where, i))

    add_items(entry.record, p, ())
    return rows
