"""What was worked out for each record file, kept between the rebuilds of one ``mkdocs serve``.

A file whose modification time and size are unchanged is not read, parsed or checked again: an
edit to one record of 10,000 costs the reading and checking of one file, plus the checks that
look across records (references, the link index), which always run in full. A build for
publishing starts from nothing. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .load import RawRecord
from .model import Entry
from .problems import Problem

Stamp = tuple[int, int]  # (modification time in ns, size in bytes)


@dataclass
class Memo:
    # site-relative path -> (stamp, record as read or None, problems found reading it)
    loaded: dict[str, tuple[Stamp, RawRecord | None, list[Problem]]] = field(default_factory=dict)
    # id() of a record as read -> (that record, kept so the id is not reused; its entry; problems
    # of its schema; problems of the other checks that look at that record alone)
    checked: dict[int, tuple[RawRecord, Entry | None, list[Problem], list[Problem]]] = field(default_factory=dict)

    def forget_unused(self, raws: list[RawRecord]) -> None:
        """Drops what was worked out for records no longer read (edited, renamed or deleted)."""
        alive = {id(r) for r in raws}
        self.checked = {k: v for k, v in self.checked.items() if k in alive}
