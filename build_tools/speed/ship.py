"""What reading and checking one file alone found (ahead.py), packed to be pickled by the process
that worked it out, or kept in the cache, and unpacked by the process that checks across records.

Those checks need little of each record: its ID, kind and path, what its checks alone found, its
references and its links (model.Links). That much is packed as plain values, with the bytes of the
file; its data, its key paths' lines and its model are not packed at all, but read again from those
bytes when something asks for one of them: the entries a caller is given, a record that failed its
schema (whose references are read from its data), a derived figure and its inputs, or a record
with a problem to place at a line. Reading a file gives the same every time, so they are what was
found when it was first read. For 10,000 records this leaves out nearly all the pickling, and the
unpickling, that the parent process did while its workers were still reading. A build, which asks
every record for all of it, has them packed whole instead (``pack``'s ``whole``): the bytes of
each record's parts, unpickled only when first asked for.
"""

from __future__ import annotations

import pickle
from dataclasses import fields
from pathlib import Path
from typing import Any

from build_tools.checks.schema import check_schema
from build_tools.reading.load import load_file
from build_tools.records.model import Entry, Links, Record, Tombstone
from build_tools.records.problems import Problem
from build_tools.records.raw import Alone, KeyPath, RawRecord

Loaded = tuple[RawRecord | None, list[Problem]]
# (kind, id, path, body, first line of the body, the file's bytes, the record's links or None if
# it failed its schema, then Alone's problems and references)
Packed = tuple[Any, ...]


def pack(loaded: Loaded, raw: bytes | None, whole: bool = False) -> tuple[Packed | None, list[Problem]]:
    """``loaded``, as ``load.load_file`` read it from the bytes ``raw``, as plain values; its record
    must carry its checks alone (``alone``). With ``whole`` (for a build, which asks every record
    for all of it), its data, lines and model come too, pickled: unpickling them takes a tenth
    of the time reading the bytes again takes, in the one process that does it."""
    rec, problems = loaded
    if rec is None:
        return None, problems
    alone = rec.alone
    assert alone is not None and raw is not None, "only a record read from its bytes and checked alone is packed"
    entry = alone.entry
    values: Packed = (rec.kind, rec.id, rec.path, rec.body, rec.body_line, raw, entry and entry.links)
    values += (alone.schema, alone.policy, alone.refs, alone.text_refs, alone.body_refs)
    if whole:
        parts = (rec.data, rec.lines, entry.record if entry is not None else None)
        values += (pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL),)
    return values, problems


def unpack(packed: tuple[Packed | None, list[Problem]]) -> Loaded:
    """What ``pack`` was given, but that the record's data, lines and model are read again from
    the file's bytes when first asked for."""
    values, problems = packed
    if values is None:
        return None, problems
    kind, rid, path, body, body_line, raw, links, schema, policy, refs, text_refs, body_refs, *whole = values
    later = _Later(path, raw, *whole)
    entry = None if links is None else _UnpackedEntry.of(kind, rid, path, body, links, later)
    rec = _UnpackedRecord.of(kind, rid, path, body, body_line, later)
    rec.alone = Alone(entry, schema, policy, refs, text_refs, body_refs)
    return rec, problems


class _Later:
    """A record's data, lines and model, read again from the file's bytes (or unpickled) when
    first asked for; an Entry asks for its model alone (``record``) and keeps it itself."""

    __slots__ = ("parts", "path", "pickled", "raw")

    def __init__(self, path: str, raw: bytes, pickled: bytes | None = None) -> None:
        self.path, self.raw, self.pickled = path, raw, pickled
        self.parts: tuple[dict[str, Any], dict[KeyPath, tuple[int, int]], Record | Tombstone | None] | None = None

    def record(self) -> Record | Tombstone | None:
        """The record alone, for an Entry, which keeps it: its data and lines are not kept (at
        10,000 records, some 50 MB), since only a problem's line needs them, read again then."""
        if self.parts is not None:
            return self.parts[2]
        if self.pickled is not None:
            whole, self.pickled = pickle.loads(self.pickled), None  # the rest is read again if asked for
            return whole[2]
        return self._read()[2]

    def get(self) -> tuple[dict[str, Any], dict[KeyPath, tuple[int, int]], Record | Tombstone | None]:
        if self.parts is None and self.pickled is not None:  # packed whole
            self.parts, self.pickled = pickle.loads(self.pickled), None
        if self.parts is None:
            self.parts = self._read()
        return self.parts

    def _read(self) -> tuple[dict[str, Any], dict[KeyPath, tuple[int, int]], Record | Tombstone | None]:
        # given its bytes and its path relative to the root, the file itself is not read again
        rec, _problems = load_file(Path(), Path(self.path), self.path, self.raw)
        assert rec is not None, "the bytes of a file that gave a record give it again"
        entry, _schema = check_schema(rec)
        return rec.data, rec.lines, entry.record if entry is not None else None


class _UnpackedRecord(RawRecord):
    """A RawRecord whose ``data`` and ``lines`` are read again when first asked for. Made as a
    RawRecord is, it is one (``dataclasses.replace`` makes one so)."""

    _later: _Later

    @classmethod
    def of(cls, kind: str, rid: str, path: str, body: str | None, body_line: int, later: _Later) -> RawRecord:
        rec = cls.__new__(cls)
        rec.kind, rec.id, rec.path, rec.body, rec.body_line, rec.alone = kind, rid, path, body, body_line, None
        rec._later = later
        return rec

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold (yet)
        if name not in ("data", "lines") or "_later" not in self.__dict__:
            raise AttributeError(name)
        self.data, self.lines, _record = self._later.get()
        return self.data if name == "data" else self.lines

    def __eq__(self, other: object) -> bool:  # equal to the RawRecord it was packed from
        return isinstance(other, RawRecord) and _same(self, other, RawRecord)


class _UnpackedEntry(Entry):
    """An Entry whose ``record`` is read again when first asked for; its ``links`` come with it.
    Made as an Entry is, it is one (``dataclasses.replace`` makes one so, with a record)."""

    _later: _Later

    @classmethod
    def of(cls, kind: str, rid: str, path: str, body: str | None, links: Links, later: _Later) -> Entry:
        entry = cls.__new__(cls)
        for name, value in (("kind", kind), ("id", rid), ("path", path), ("body", body), ("links", links)):
            object.__setattr__(entry, name, value)  # a frozen dataclass
        object.__setattr__(entry, "_later", later)
        return entry

    def __getattr__(self, name: str) -> Any:
        if name != "record" or "_later" not in self.__dict__:
            raise AttributeError(name)
        record = self._later.record()
        object.__setattr__(self, "record", record)
        return record

    def __eq__(self, other: object) -> bool:  # equal to the Entry it was packed from
        return isinstance(other, Entry) and _same(self, other, Entry)

    __hash__ = Entry.__hash__


def _same(one: object, other: object, cls: type) -> bool:
    """Whether two instances of the dataclass ``cls`` (or of its subclasses) are equal as it
    compares them."""
    return all(getattr(one, f.name) == getattr(other, f.name) for f in fields(cls) if f.compare)
