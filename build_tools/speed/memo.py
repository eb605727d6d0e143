"""What was worked out for each record file, kept between the rebuilds of one ``mkdocs serve``.

A file whose modification time and size are unchanged is not read, parsed or checked again: an
edit to one record of 10,000 costs the reading and checking of one file, plus the checks that
look across records (references, the link index), which always run in full. A build for
publishing starts from nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.checks.validate import checked_alone
from build_tools.reading.load import Read, load_file
from build_tools.records.model import Entry
from build_tools.records.problems import Problem
from build_tools.records.raw import RawRecord

Stamp = tuple[int, int]  # (modification time in ns, size in bytes)


@dataclass
class Memo:
    # site-relative path -> (stamp, record as read or None, problems found reading it)
    loaded: dict[str, tuple[Stamp, RawRecord | None, list[Problem]]] = field(default_factory=dict)
    # id() of a record as read -> (that record, kept so the id is not reused; its entry; problems
    # of its schema; problems of the other checks that look at that record alone)
    checked: dict[int, tuple[RawRecord, Entry | None, list[Problem], list[Problem]]] = field(default_factory=dict)

    def read(self, root: Path, paths: list[str], rels: list[str]) -> list[Read]:
        """``load.read_here`` of each file (for ``load.load_records``), but that a file whose time
        and size are unchanged since the last run is taken from then."""
        found: list[Read] = []
        for path, rel in zip(paths, rels, strict=True):
            st = os.stat(path)
            stamp = (st.st_mtime_ns, st.st_size)
            known = self.loaded.get(rel)
            if known is None or known[0] != stamp:
                known = self.loaded[rel] = (stamp, *load_file(root, Path(path), rel))
            found.append(known[1:])
        return found

    def check_alone(self, raw: RawRecord) -> tuple[Entry | None, list[Problem], list[Problem]]:
        """``validate.checked_alone`` (for ``validate.validate_records``), but taken from the last
        run for a record read then."""
        known = self.checked.get(id(raw))
        if known is None or known[0] is not raw:
            known = self.checked[id(raw)] = (raw, *checked_alone(raw))
        return known[1:]

    def forget_unused(self, raws: list[RawRecord]) -> None:
        """Drops what was worked out for records no longer read (edited, renamed or deleted)."""
        alive = {id(r) for r in raws}
        self.checked = {k: v for k, v in self.checked.items() if k in alive}
