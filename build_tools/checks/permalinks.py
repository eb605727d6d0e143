"""Permalinks that never break: the committed registry, renames that redirect, tombstones.

Every permalink the archive has published is listed in ``permalinks.txt`` at the archive root.
A build that would stop answering one of them fails, naming it, unless a record says where it went
(``formerly:``, which makes the old URL redirect) or its file stays as a tombstone (``withdrawn:``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from build_tools.records.model import FORMER_PATH, KINDS, KINDS_BY_PLURAL, Entry
from build_tools.records.problems import Origin, Problem, quote
from build_tools.records.raw import RawRecord

REGISTRY = "permalinks.txt"
HEADER = """\
# Every permalink this archive has published, one a line. Never delete a line: a citation in a
# report may point at it. To rename or merge a record, give the new record `formerly: [old-id]`;
# to take a record down, keep its file as a tombstone (`withdrawn:` with a date and a reason).
# New records are added by `python -m build_tools new` or `python -m build_tools permalinks`.
"""


def permalink(kind: str, rid: str) -> str:
    return f"/{KINDS[kind].plural}/{rid}/"


def former_permalinks(entry: Entry) -> list[str]:
    """The permalinks a record had before it was renamed or merged."""
    return [f if f.startswith("/") else permalink(entry.kind, f) for f in entry.links.formerly]


def read_registry(root: Path) -> list[tuple[str, int]] | None:
    """(permalink, line) for every line of the registry; None when the archive keeps none, or
    keeps one that cannot be read (registry_problem says why)."""
    path = root / REGISTRY
    if path.is_symlink() or not path.is_file():
        return None
    try:
        lines = path.read_bytes().decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return [(s, n) for n, line in enumerate(lines, 1) if (s := line.strip()) and not s.startswith("#")]


def registry_problem(root: Path) -> Problem | None:
    """Why the registry cannot be read, or None: a link, which is never followed (its lines would
    be quoted in problems, from whatever file it points at), a file that is not UTF-8 text."""
    path = root / REGISTRY
    if path.is_symlink():
        return Problem(
            Origin(REGISTRY, 1, 1),
            "linked-file",
            f"{REGISTRY} is a symbolic link, which is not followed: keep the registry itself here",
        )
    try:
        if path.is_file():
            path.read_bytes().decode("utf-8")
    except OSError as e:
        return Problem(Origin(REGISTRY, 1, 1), "unreadable-file", f"{REGISTRY} could not be read ({e.strerror})")
    except UnicodeDecodeError:
        return Problem(Origin(REGISTRY, 1, 1), "not-utf8", f"{REGISTRY} is not UTF-8 text; save it as UTF-8")
    return None


def check_permalinks(
    root: Path, on_disk: dict[str, str], entries: dict[str, Entry], raws: dict[str, RawRecord]
) -> list[Problem]:
    """``on_disk`` maps the permalink of every record file (valid or not) to its path, so a record
    that fails its own checks is reported for those, not also as a lost permalink."""
    problems: list[Problem] = []
    claimed: dict[str, list[Entry]] = defaultdict(list)
    for rid in sorted(entries):
        for n, old in enumerate(former_permalinks(entries[rid])):
            claimed[old].append(entries[rid])
            if old in on_disk:
                problems.append(
                    Problem(
                        raws[rid].origin(("formerly", n)),
                        "formerly-conflict",
                        f"{old} still has its own file ({on_disk[old]}); delete it, or keep it as a tombstone"
                        " and remove the old ID from 'formerly'",
                    )
                )
    for old, group in sorted(claimed.items()):
        if len(group) > 1:
            names = ", ".join(e.id for e in group)
            for entry in group:
                n = former_permalinks(entry).index(old)
                problems.append(
                    Problem(
                        raws[entry.id].origin(("formerly", n)),
                        "formerly-conflict",
                        f"{old} is claimed by more than one record ({names}); it can redirect to only one",
                    )
                )
    registry = read_registry(root)
    if registry is None:
        unreadable = registry_problem(root)
        return problems + ([unreadable] if unreadable else [])
    registered = set()
    for link, n in registry:
        registered.add(link)
        origin = Origin(REGISTRY, n, 1)
        m = FORMER_PATH.match(link)
        if not m or m.group(1) not in KINDS_BY_PLURAL:
            problems.append(
                Problem(origin, "invalid-value", f"'{quote(link)}' is not a permalink such as /figures/fig-0001/")
            )
        elif link not in on_disk and link not in claimed:
            kind, rid = KINDS_BY_PLURAL[m.group(1)], m.group(2)
            problems.append(
                Problem(
                    origin,
                    "lost-permalink",
                    f"the published permalink {link} would stop working: sources/{kind.plural}/{rid}.yaml is gone."
                    f" If it was renamed or merged, add `formerly: [{rid}]` to the record that replaces it;"
                    " if it was withdrawn, keep its file as a tombstone with `withdrawn:` (a date and a reason)",
                )
            )
    for link, path in sorted(on_disk.items()):
        if link not in registered:
            problems.append(
                Problem(
                    Origin(path, 1, 1),
                    "unregistered-permalink",
                    f"the permalink {link} is not in {REGISTRY}; run `python -m build_tools permalinks` to add it",
                )
            )
    return problems


def register(root: Path, links: set[str]) -> list[str]:
    """Add ``links`` missing from the registry (creating it if need be); never remove one.
    Returns the permalinks added."""
    if (unreadable := registry_problem(root)) is not None:
        raise OSError(unreadable.message)
    known = {link for link, _ in read_registry(root) or []}
    added = sorted(links - known)
    path = root / REGISTRY
    if added or not path.is_file():
        body = "".join(f"{link}\n" for link in sorted(known | links))
        path.write_text(HEADER + body, encoding="utf-8")
    return added
