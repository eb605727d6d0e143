"""sources/ -> raw records, each with a key-path -> line map. Never raises for bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter

from .model import ID_PATTERN, KINDS, KINDS_BY_PLURAL
from .problems import Origin, Problem
from .yamlread import KeyPath, parse_yaml

SOURCES_DIR = "sources"
EXTENSIONS = (".yaml", ".md")
IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store"}


@dataclass
class RawRecord:
    kind: str
    id: str
    path: str  # POSIX, relative to the archive root
    data: dict[str, Any]
    lines: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    body: str | None = None
    body_line: int = 0  # line of the file on which the body text starts

    def origin(self, keypath: KeyPath = ()) -> Origin:
        """The nearest known position of a key path, walking up to the record itself."""
        for n in range(len(keypath), -1, -1):
            pos = self.lines.get(tuple(keypath[:n]))
            if pos:
                return Origin(self.path, *pos)
        return Origin(self.path, 1, 1)


@dataclass
class Loaded:
    records: list[RawRecord]
    problems: list[Problem]
    files: int
    permalinks: dict[str, str] = field(default_factory=dict)  # /<plural>/<id>/ -> path, every record file


def record_files(root: Path) -> list[Path]:
    base = root / SOURCES_DIR
    if not base.is_dir():
        return []
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(base).parts)
        and not (p.parent == base and p.name in IGNORED_NAMES)
    )


def load_records(root: Path) -> Loaded:
    """Read every record file under ``root/sources``, in path order."""
    files = record_files(root)
    records: list[RawRecord] = []
    problems: list[Problem] = []
    permalinks: dict[str, str] = {}
    for path in files:
        rec, probs = load_file(root, path)
        problems.extend(probs)
        kind: str | None
        rid: str | None
        if rec is not None:
            records.append(rec)
            kind, rid, rel = rec.kind, rec.id, rec.path
        else:  # a file that does not load still holds its permalink: it is reported for its own errors
            rel = relative_path(root, path)
            kind, rid, _complaint = place_of(rel)
        if kind is not None and rid is not None:
            permalinks.setdefault(f"/{KINDS[kind].plural}/{rid}/", rel)
    return Loaded(records, problems, len(files), permalinks)


def relative_path(root: Path, path: Path) -> str:
    """``path`` as a POSIX path relative to the archive root (as given when outside it)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def place_of(rel: str) -> tuple[str | None, str | None, str | None]:
    """(kind, id, complaint) for a path relative to the root; complaint explains a wrong place."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != SOURCES_DIR:
        return (
            None,
            None,
            (f"a record belongs in sources/<kind-plural>/<id>.yaml; kinds: {', '.join(sorted(KINDS_BY_PLURAL))}"),
        )
    folder, name = parts[1], parts[2]
    kind = KINDS_BY_PLURAL.get(folder)
    if kind is None:
        return None, None, (f"'{folder}' is not a record folder; use one of: {', '.join(sorted(KINDS_BY_PLURAL))}")
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext}" not in EXTENSIONS:
        return None, None, f"'{name}' must end in .yaml (or .md for a record with a narrative body)"
    return kind.name, stem, None


def load_file(root: Path, path: Path) -> tuple[RawRecord | None, list[Problem]]:
    rel = relative_path(root, path)
    kind, rid, complaint = place_of(rel)
    if complaint or kind is None or rid is None:
        return None, [Problem(Origin(rel, 1, 1), "wrong-folder", complaint or "wrong place")]
    problems: list[Problem] = []
    if not ID_PATTERN.match(rid):
        problems.append(
            Problem(
                Origin(rel, 1, 1),
                "invalid-id",
                f"the file name '{rid}' is not a valid ID: use lowercase letters, digits and single hyphens",
            )
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        problems.append(
            Problem(
                Origin(rel, line, col), "not-utf8", f"byte 0x{raw[e.start]:02x} is not UTF-8; save the file as UTF-8"
            )
        )
        return None, problems
    text = text.removeprefix("\ufeff")
    body: str | None = None
    body_line = offset = 0
    if path.suffix == ".md":
        split = _split_front_matter(text)
        if split is None:
            problems.append(
                Problem(
                    Origin(rel, 1, 1),
                    "missing-front-matter",
                    "the file must start with a line '---', the fields, then '---'",
                )
            )
            return None, problems
        fm, body, offset, body_line = split
        text = fm
    if not text.strip():
        problems.append(Problem(Origin(rel, 1 + offset, 1), "empty-file", "the file holds no fields"))
        return None, problems
    parsed = parse_yaml(text, offset)
    problems.extend(Problem(Origin(rel, i.line, i.column), i.code, i.message) for i in parsed.issues)
    if parsed.data is None and not parsed.issues:
        problems.append(Problem(Origin(rel, 1 + offset, 1), "empty-file", "the file holds no fields"))
        return None, problems
    if parsed.data is None:
        return None, problems
    if not isinstance(parsed.data, dict):
        problems.append(
            Problem(Origin(rel, 1 + offset, 1), "not-a-mapping", "a record must be a set of 'field: value' lines")
        )
        return None, problems
    return RawRecord(kind, rid, rel, parsed.data, parsed.lines, body, body_line if body else 0), problems


def _split_front_matter(text: str) -> tuple[str, str, int, int] | None:
    """(front matter, body, line offset of the front matter, first line of the body), or None
    when there is no front matter."""
    handler = frontmatter.YAMLHandler()
    opening = handler.FM_BOUNDARY.match(text)
    if not handler.detect(text) or opening is None:
        return None
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None
    # The front matter text starts with the newline that ends the '---' line; the boundary
    # pattern may also have swallowed blank lines after '---', which must still be counted.
    offset = text.count("\n", 0, opening.end())
    start = len(text) - len(body.lstrip("\n"))
    return fm, body.strip("\n"), offset, text.count("\n", 0, start) + 1
