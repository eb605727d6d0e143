"""What was worked out for each record file, kept between the rebuilds of one ``mkdocs serve``.

A file whose modification time and size are unchanged is not read, parsed or checked again: an
edit to one record of 10,000 costs the reading and checking of one file. The checks that look
across records (references, links in text) still run over every record, but take its references
from when it was checked alone (``RawRecord.alone``, as a record read ahead carries them) rather
than walking it again; the link index likewise takes what each unchanged record gave it last time
(``links_of``). A build for publishing starts from nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.checks.validate import alone
from build_tools.index.link import RecordLinks, record_links
from build_tools.reading.load import Read, load_file
from build_tools.records.model import Entry
from build_tools.records.problems import Problem
from build_tools.records.raw import RawRecord

Stamp = tuple[int, int]  # (modification time in ns, size in bytes)


@dataclass
class Memo:
    # site-relative path -> (stamp, record as read or None, problems found reading it)
    loaded: dict[str, tuple[Stamp, RawRecord | None, list[Problem]]] = field(default_factory=dict)
    # record ID -> (its entry, what it gave the index): this build's, and the last's
    linked: dict[str, tuple[Entry, RecordLinks]] = field(default_factory=dict)
    linked_before: dict[str, tuple[Entry, RecordLinks]] = field(default_factory=dict)

    def read(self, root: Path, paths: list[str], rels: list[str]) -> list[Read]:
        """``load.read_here`` of each file (for ``load.load_records``), but that a file whose time
        and size are unchanged since the last run is taken from then. What was kept of a file no
        longer there (deleted or renamed) is let go."""
        found: list[Read] = []
        loaded: dict[str, tuple[Stamp, RawRecord | None, list[Problem]]] = {}
        for path, rel in zip(paths, rels, strict=True):
            st = os.stat(path)
            stamp = (st.st_mtime_ns, st.st_size)
            known = self.loaded.get(rel)
            if known is None or known[0] != stamp:
                known = (stamp, *load_file(root, Path(path), rel))
            loaded[rel] = known
            found.append(known[1:])
        self.loaded = loaded
        self.linked_before, self.linked = self.linked, {}  # a build begins
        return found

    def check_alone(self, raw: RawRecord) -> tuple[Entry | None, list[Problem], list[Problem]]:
        """``validate.checked_alone`` (for ``validate.validate_records``), worked out once for each
        record read: kept on the record (``alone``), with the references it makes, which the
        checks across records then take from there."""
        if raw.alone is None:
            raw.alone = alone(raw)
        return raw.alone[:3]

    def links_of(self, entry: Entry) -> RecordLinks:
        """``link.record_links`` (for ``link.build_index``), but taken from the last run for an
        entry that is the one it was worked out from."""
        known = self.linked_before.get(entry.id)
        if known is None or known[0] is not entry:
            known = (entry, record_links(entry))
        self.linked[entry.id] = known
        return known[1]
