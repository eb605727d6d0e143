"""A record as read, before any check: its data, where each value stood, and where it may keep
private fields (which never reach the model). Shared by the reader and every check, so that no
check needs the loader. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from build_tools.records.fields import Ref
from build_tools.records.model import Entry
from build_tools.records.problems import Origin, Problem

KeyPath = tuple[str | int, ...]

# Past this many problems of one kind in a file, the rest are counted, not listed.
MAX_REPORTED = 10


PRIVATE = "private"
# Where a literal block's text (``key: |``) begins, kept in RawRecord.lines beside the key's own
# position under the key path followed by this marker: the (line, column) of its first character,
# so that a problem within the text is told at its own line and column. Kept for the Korean
# narrative only (model.NARRATIVE), whose Markdown the checks read line by line as they do a body.
BLOCK = "<literal block>"
# Where a record may keep private fields: the record itself, and an individual witness.
PRIVATE_AT: tuple[KeyPath, ...] = ((), ("witness",))


def is_private(path: KeyPath) -> bool:
    """Whether a key path lies in a record's ``private`` block (at its top or in its witness),
    whose text no problem message may quote: messages are printed in public CI logs."""
    return any(path[: len(at) + 1] == (*at, PRIVATE) for at in PRIVATE_AT)


def private_values(raw: RawRecord) -> list[str]:
    """Every text and number of the record's private blocks (each item of a list, each field of a
    set of fields), its whitespace made single spaces: what no public text may repeat."""
    found: list[str] = []
    for at in PRIVATE_AT:
        holder: object = raw.data
        for key in at:
            holder = holder.get(key) if isinstance(holder, dict) else None
        stack = [holder.get(PRIVATE)] if isinstance(holder, dict) else []
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack += value.values()
            elif isinstance(value, list):
                stack += value
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                found.append(" ".join(str(value).split()))
    return found


# Where a testimony describes its witnesses: published once valid, but a value that fails its
# check may be a name, an address or a town written in the wrong place.
ABOUT_WITNESSES: tuple[KeyPath, ...] = (("witness",), ("group",))


def is_withheld(path: KeyPath) -> bool:
    """Whether no problem message may repeat what stands at ``path``: the private blocks, and
    what a testimony says of its witnesses (messages are printed in public CI logs)."""
    return is_private(path) or any(path[: len(at)] == at for at in ABOUT_WITNESSES)


class Alone(NamedTuple):
    """What was found in one record alone as it was read (speed/ahead.py): what validate.check_alone
    finds (its entry, the problems of its schema, its other problems) and the references its
    entry makes, by its fields (walk.iter_refs) and in its text and body (walk.iter_text_refs)."""

    entry: Entry | None
    schema: list[Problem]
    policy: list[Problem]
    refs: list[tuple[KeyPath, str, Ref]]
    text_refs: list[tuple[KeyPath, str, int]]
    body_refs: list[tuple[KeyPath, str, int]]


@dataclass
class RawRecord:
    kind: str
    id: str
    path: str  # POSIX, relative to the archive root
    data: dict[str, Any]
    lines: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    body: str | None = None
    body_line: int = 0  # line of the file on which the body text starts
    # What was found in this record alone, when it was worked out as it was read; else None.
    alone: Alone | None = field(default=None, repr=False, compare=False)

    def block_start(self, keypath: KeyPath) -> tuple[int, int] | None:
        """(line, column) of the first character of the literal block at ``keypath``; None when
        the value there is not written as one."""
        return self.lines.get((*keypath, BLOCK))

    def origin(self, keypath: KeyPath = ()) -> Origin:
        """The nearest known position of a key path, walking up to the record itself."""
        for n in range(len(keypath), -1, -1):
            pos = self.lines.get(tuple(keypath[:n]))
            if pos:
                return Origin(self.path, *pos)
        return Origin(self.path, 1, 1)


def strip_private(raw: RawRecord) -> tuple[dict[str, Any], list[Problem]]:
    """The record's data without its ``private`` blocks, which are for the maintainers only and
    never reach the model, so no page, download, index or citation can print them."""
    data = dict(raw.data)
    problems: list[Problem] = []
    for where in PRIVATE_AT:
        holder: Any = data
        for key in where:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if not isinstance(holder, dict) or PRIVATE not in holder:
            continue
        if where:  # copy the nested mapping before removing from it; raw.data stays as read
            parent: Any = data
            for key in where[:-1]:
                parent = parent[key]
            holder = parent[where[-1]] = dict(holder)
        block = holder.pop(PRIVATE)
        if not isinstance(block, dict):
            problems.append(
                Problem(
                    raw.origin((*where, PRIVATE)),
                    "wrong-type",
                    f"'{'.'.join((*map(str, where), PRIVATE))}' must be a set of fields (notes: ..., contact: ...)",
                )
            )
    return data, problems
