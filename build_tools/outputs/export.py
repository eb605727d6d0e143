"""The archive as data for download. Pure: returns file texts by site path and writes nothing.

Beside each record's page ``<plural>/<id>/`` stands ``<plural>/<id>.json``; under ``data/`` the
whole archive as one JSON file, the tables of ``tables.py`` as CSV with a Frictionless Data Package
describing them, and a JSON Schema of each kind's record file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from build_tools.index.link import Index
from build_tools.outputs.tables import DATE_NOTE, JOIN, Table, empty_tables, entry_rows, is_date, ref_note
from build_tools.reading.history import ArchiveInfo
from build_tools.records import licences
from build_tools.records.fields import ID_PATTERN
from build_tools.records.model import KINDS, Entry, Kind, Korean, Tombstone, korean_fields
from build_tools.records.parts import Witness
from build_tools.records.raw import PRIVATE
from build_tools.records.walk import fields_of, nested_models

DATA_DIR = "data"
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def as_written(obj: BaseModel) -> dict[str, Any]:
    """A model's fields as a contributor writes them: by YAML key, leaving out what is left empty
    (null, or an empty list where that is the default). Defaults that say something stay."""
    out: dict[str, Any] = {}
    for name, key, _marker in fields_of(type(obj)):
        value = getattr(obj, name)
        default = type(obj).model_fields[name].default
        if value == default and (default is None or default == []):
            continue
        out[key] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return as_written(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def record_json(entry: Entry, info: ArchiveInfo) -> dict[str, Any]:
    """One record, as served beside its page: what it is, where and in which version, and its fields."""
    out: dict[str, Any] = {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "url": info.permalink(entry.url),
        "version": info.version,
        "changed": info.changed(entry.path),
        "history": info.history_url(entry.path),
        "record": as_written(entry.record),
    }
    if entry.body is not None:
        out["body"] = entry.body
    return out


@dataclass
class Kept:
    """What the last rebuild of a preview exported, for one ``ArchiveInfo`` (but for which records
    have uncommitted changes: speed/reads.Kept lets go of a record's when that changes): each
    record's JSON, and its lines of each CSV table with the titles of the other records those
    lines name (the only thing they read of them). Taken as they were while the record's entry is
    the one they were made from and those titles are unchanged."""

    json: dict[str, tuple[Entry, str]] = field(default_factory=dict)  # record ID -> (entry, its JSON)
    # record ID -> (entry, {ID it named: that record's title, or None}, {table: its CSV lines})
    lines: dict[str, tuple[Entry, dict[str, str | None], dict[str, str]]] = field(default_factory=dict)

    def drop(self, rid: str) -> None:
        """Let go of what was kept of record ``rid``: made again next time."""
        self.json.pop(rid, None)
        self.lines.pop(rid, None)


# Applies a pure function to each item, in order: here by default; the orchestrator may hand in one
# that shares the work over the machine's cores (speed/fanout.py).
Mapper = Callable[[Callable[[Entry], str], Sequence[Entry]], list[str]]


def one_by_one(fn: Callable[[Entry], str], items: Sequence[Entry]) -> list[str]:
    return [fn(item) for item in items]


def export_files(
    index: Index, info: ArchiveInfo, kept: Kept | None = None, mapped: Mapper = one_by_one
) -> dict[str, str]:
    """Every download file, site-relative path -> text, in path order. Withdrawn records are in
    no table, only at their own JSON address. With ``kept`` (``mkdocs serve``, for one ``info``),
    a record's JSON is written again only when its entry is not the one it was written from."""
    entries = sorted(index.entries.values(), key=lambda e: (e.kind, e.id))
    texts = mapped(lambda e: _record_text(e, info, kept), entries)
    if kept is not None:  # only the records still there
        kept.json = {e.id: kept.json[e.id] for e in entries}
    files = {f"{KINDS[e.kind].plural}/{e.id}.json": text for e, text in zip(entries, texts, strict=True)}
    # A withdrawn record's JSON address answers too, with when and why (and none of what it said).
    files |= {f"{KINDS[e.kind].plural}/{e.id}.json": as_json(record_json(e, info)) for e in index.withdrawn.values()}
    files[f"{DATA_DIR}/archive.json"] = whole_json(info, texts)
    tables = list(empty_tables().values())
    files |= {
        f"{DATA_DIR}/{t.name}.csv": text
        for t, text in zip(tables, _csv_files(entries, tables, info, kept), strict=True)
    }
    files[f"{DATA_DIR}/datapackage.json"] = as_json(datapackage(tables, info))
    files |= {f"{DATA_DIR}/schemas/{name}.schema.json": as_json(s) for name, s in json_schemas().items()}
    return dict(sorted(files.items()))


def datapackage(tables: list[Table], info: ArchiveInfo) -> dict[str, Any]:
    """A Frictionless Data Package (v2) describing the CSV tables, which lie beside it."""
    return {
        "$schema": PACKAGE_PROFILE,
        "name": re.sub(r"[^a-z0-9]+", "-", info.name.lower()).strip("-") or "archive",
        "title": info.name,
        "description": (
            f"The records of {info.name} as tables. Each table reads on its own: beside an ID stands the name "
            "or title of the record it refers to, beside a value its form and its low and high ends as numbers, "
            "beside citations the sources' titles and the locators. Dates are EDTF text such as 2020~ or "
            f"2014/2016, or 'unknown'. Lists of plain values and of IDs are joined with '{JOIN}'; lists of names, "
            "titles and locators have one per line in their cell. A reference the record gives as "
            "'unknown', or to a record not published, is an empty cell; the JSON (archive.json, and "
            "<kind>/<id>.json beside each page) keeps the records exactly, and schemas/ describes their files. "
            f"Every CSV file is UTF-8 beginning with a byte order mark, so that spreadsheets read the Korean "
            f"columns as Korean. The data are published under {licences.DATA.title} ({licences.DATA.spdx}); "
            "quotations from sources and the sources themselves remain under their owners' terms."
        ),
        "version": info.version,
        "homepage": info.site_url,
        "licenses": licences.package_licences(),
        "resources": [_resource(t) for t in tables],
    }


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "$schema": TABLE_PROFILE,
        "fields": table.fields,
        "missingValues": [""],
        "primaryKey": table.primary_key,
    }
    if table.foreign_keys:
        schema["foreignKeys"] = table.foreign_keys
    return {
        "name": table.name,
        "type": "table",
        "path": f"{table.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "schema": schema,
    }


class _NoFieldTitles(GenerateJsonSchema):
    """Leaves out the titles pydantic makes from field names ("Name Ko"): the key says as much."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


# The maintainers' own fields: read, checked to be a mapping, and dropped before anything else
# sees the record (witness.strip_private).
PRIVATE_SCHEMA = {
    "type": "object",
    "description": "for the maintainers only, never published on the site: interview notes, real names, contact"
    " details, exact places of origin. Anyone who can read the repository can read them.",
}


# Where the repository keeps the schemas for contributors' editors (`python -m build_tools schemas`
# writes them; a test fails when they are stale). Scaffolded records point at them.
EDITOR_SCHEMAS = "schemas"


def editor_schema_path(kind: str) -> str:
    return f"{EDITOR_SCHEMAS}/{kind}.schema.json"


# The schemas use nothing draft-07 lacks, and editors' YAML language servers implement draft-07
# (newer dialects only in part), so the editors' copies declare it.
EDITOR_DIALECT = "http://json-schema.org/draft-07/schema#"


def editor_schemas() -> dict[str, str]:
    """The JSON Schema files editors check records with: repository path -> text."""
    return {editor_schema_path(name): as_json(s | {"$schema": EDITOR_DIALECT}) for name, s in json_schemas().items()}


# Optional in the models so that policy.py reports them by name (missing-locator, missing-source),
# but always needed: the schemas say so, and an editor marks a citation without a locator.
POLICY_REQUIRED = {"Citation": ("locator",), "Testimony": ("cites",)}


def json_schemas() -> dict[str, dict[str, Any]]:
    """Kind name -> JSON Schema (draft 2020-12) of its record file as contributors write it."""
    return {name: _json_schema(kind) for name, kind in KINDS.items()}


def _json_schema(kind: Kind) -> dict[str, Any]:
    """A record file is the kind's fields or, once withdrawn, a tombstone (told apart by ``withdrawn``)."""
    keys, schema = models_json_schema(
        [(kind.model, "validation"), (Tombstone, "validation")], by_alias=True, schema_generator=_NoFieldTitles
    )
    defs: dict[str, Any] = schema["$defs"]
    for model in nested_models(kind.model, Tombstone):
        node = defs[model.__name__]
        for name, key, marker in fields_of(model):
            prop = node["properties"][key]
            notes = [prop["description"]] if "description" in prop else []
            if marker is not None:
                notes.append(ref_note(marker, many="items" in prop))
                _set_pattern(prop, ID_PATTERN.pattern)
            if is_date(model.model_fields[name]):
                notes.append(DATE_NOTE)
            if notes:
                prop["description"] = "; ".join(notes)
        for key in POLICY_REQUIRED.get(model.__name__, ()):
            node["required"] = sorted({*node.get("required", []), key})
        if model in (kind.model, Witness, Tombstone):  # witness.strip_private reads all three
            node["properties"][PRIVATE] = PRIVATE_SCHEMA
    if korean := defs.get(Korean.__name__):  # what this kind can take in Korean (translation.py)
        takes = korean_fields(kind.model, narrative=True)
        korean["properties"] = {k: v for k, v in korean["properties"].items() if k in takes}
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{kind.label} record",
        "description": f"{kind.label} record: the fields of sources/{kind.plural}/<id>.yaml, or of the front matter "
        "of <id>.md; a file holding 'withdrawn' is the tombstone of a withdrawn record instead.",
        "$defs": defs,
        "if": {"required": ["withdrawn"]},
        "then": keys[Tombstone, "validation"],
        "else": keys[kind.model, "validation"],
    }


def _set_pattern(node: Any, pattern: str) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string":
            node["pattern"] = pattern
        for value in node.values():
            _set_pattern(value, pattern)
    elif isinstance(node, list):
        for value in node:
            _set_pattern(value, pattern)


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _record_text(entry: Entry, info: ArchiveInfo, kept: Kept | None) -> str:
    if kept is not None and (known := kept.json.get(entry.id)) is not None and known[0] is entry:
        return known[1]
    text = as_json(record_json(entry, info))
    if kept is not None:
        kept.json[entry.id] = (entry, text)
    return text


def whole_json(info: ArchiveInfo, texts: list[str]) -> str:
    """archive.json: the archive, then every record as its own file has it (``texts``), exactly as
    ``as_json`` writes the whole, without encoding each record a second time."""
    head = {"archive": info.name, "version": info.version, "url": info.site_url, "records": []}
    if not texts:
        return as_json(head)
    opening = as_json(head).removesuffix("[]\n}\n") + "[\n"
    records = ",\n".join("    " + text.rstrip("\n").replace("\n", "\n    ") for text in texts)
    return f"{opening}{records}\n  ]\n}}\n"


# A cell a spreadsheet would run as a formula (=HYPERLINK(...) sends whoever clicks to another site):
# text starting with = + - @, a tab or a return, other than a plain number.
_FORMULA = re.compile(r"^[=+\-@\t\r](?![0-9.]*$)")


def inert(cell: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading apostrophe before a would-be formula
    (OWASP's advice for CSV injection). The JSON files keep the text exactly as recorded."""
    return "'" + cell if _FORMULA.match(cell) else cell


# The byte order mark CSV files begin with: without it, Excel reads UTF-8 as the computer's local
# code page and shows the Korean columns as mojibake (it is how Python's "utf-8-sig" writes).
BOM = "\ufeff"


def _csv_files(entries: list[Entry], tables: list[Table], info: ArchiveInfo, kept: Kept | None) -> list[str]:
    """Each of ``tables`` as a CSV file of the rows of ``entries``, in ID order (tables.entry_rows),
    written out one record's lines at a time, so that a preview's rebuild writes again only the
    lines of what changed (``kept``)."""
    titles = {e.id: e.title for e in entries}
    lines = [_entry_lines(e, info, titles, kept) for e in sorted(entries, key=lambda e: e.id)]
    if kept is not None:  # only the records still there
        kept.lines = {e.id: kept.lines[e.id] for e in entries}
    return [
        BOM + _csv_text([[f["name"] for f in t.fields]]) + "".join(ls.get(t.name, "") for ls in lines) for t in tables
    ]


def _entry_lines(entry: Entry, info: ArchiveInfo, titles: dict[str, str], kept: Kept | None) -> dict[str, str]:
    """The CSV lines of each table that ``entry``'s rows make (tables.entry_rows)."""
    known = kept.lines.get(entry.id) if kept is not None else None
    if known is not None and known[0] is entry and all(titles.get(r) == t for r, t in known[1].items()):
        return known[2]
    named: dict[str, str | None] = {}

    def title_of(rid: str) -> str | None:
        named[rid] = titles.get(rid)
        return named[rid]

    made = {name: _csv_text(rows) for name, rows in entry_rows(entry, info, title_of).items()}
    if kept is not None:
        kept.lines[entry.id] = (entry, named, made)
    return made


def _csv_text(rows: list[list[Any]]) -> str:
    """``rows`` as CSV lines, each cell a spreadsheet could run as a formula made inert."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([inert(c) if isinstance(c, str) else c for c in row] for row in rows)
    return out.getvalue()
