"""Scaffolds for new records, generated from the models so they never drift from the schema."""

from __future__ import annotations

import re
import subprocess
import types
import typing
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from build_tools.checks.permalinks import REGISTRY, permalink, read_registry, register, registry_problem
from build_tools.outputs.export import editor_schema_path
from build_tools.reading.load import SOURCES_DIR, linked_part, record_files
from build_tools.records.fields import Date
from build_tools.records.model import KINDS, Kind, Korean, korean_fields
from build_tools.records.walk import annotation_parts, nested_model, ref_marker

DATE_CHECK = typing.get_args(Date)[1]


def next_id(root: Path, kind: Kind) -> str:
    """The next free <prefix>-NNNN ID. IDs are never reused, so IDs of records deleted in the
    project's history count as taken too."""
    pattern = re.compile(rf"^{re.escape(kind.prefix)}-(\d+)$")
    stems = [p.stem for p in record_files(root)] + deleted_ids(root) + registered_ids(root)
    numbers = [int(m.group(1)) for stem in stems if (m := pattern.match(stem))]
    return f"{kind.prefix}-{max(numbers, default=0) + 1:04d}"


def registered_ids(root: Path) -> list[str]:
    """IDs whose permalinks were ever published (the registry keeps them after renames)."""
    return [PurePosixPath(link).name for link, _ in read_registry(root) or []]


def deleted_ids(root: Path) -> list[str]:
    """IDs of record files deleted in the git history ([] outside a git checkout)."""
    try:
        log = subprocess.run(
            ["git", "log", "--all", "--format=", "--name-only", "--diff-filter=D", "--", SOURCES_DIR],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [PurePosixPath(line).stem for line in log.stdout.splitlines() if line.strip()] if log.returncode == 0 else []


def scaffold(kind: Kind) -> str:
    lines = [
        # Editors with a YAML language server (VS Code's YAML extension, and others) check the file
        # against the kind's schema as it is typed, and offer the fields and allowed values.
        f"# yaml-language-server: $schema=../../{editor_schema_path(kind.name)}",
        f"# A new {kind.name}. Fill in the fields below. Optional ones are commented out: to use one, delete its '# '.",
        "",
    ]
    lines += _fields(kind.model, 0)
    return "\n".join(lines) + "\n"


# Optional in the schema so that policy can report them by name, but every record needs them
# (a figure's value is left out only when the archive derives it).
ALWAYS_WRITTEN = {"cites", "locator", "value"}
# Never part of a new record: only a renamed or merged one has former IDs.
NEVER_WRITTEN = {"formerly"}


def _fields(model: type[BaseModel], depth: int, only: tuple[str, ...] | None = None) -> list[str]:
    """One line per field (of those named in ``only``, if given): required ones to fill in, optional
    ones commented out. Citations are always written out, since every statement needs one. A
    ``ko:`` block offers what this kind can take in Korean."""
    out: list[str] = []
    pad = "  " * depth
    # notes, then the Korean, last
    fields = sorted(model.model_fields.items(), key=lambda item: (item[0] == "ko", item[0] == "notes"))
    for name, field in fields:
        key = field.alias or name
        if key in NEVER_WRITTEN or (only is not None and name not in only):
            continue
        commented = not field.is_required() and key not in ALWAYS_WRITTEN
        hint = _hint(field)
        nested = nested_model(field.annotation)
        is_list = typing.get_origin(_unoptional(field.annotation)) is list
        prefix = pad + ("# " if commented else "")
        if nested is not None:
            out.append(f"{prefix}{key}:" + (f"  # {hint}" if hint else ""))
            korean = korean_fields(model) if nested is Korean else None
            inner = _fields(nested, depth + (2 if is_list else 1), korean)
            if is_list and inner:
                inner[0] = "  " * (depth + 1) + "- " + inner[0].lstrip()
            if commented:
                inner = [_comment_out(line) for line in inner]
            out += inner
        else:
            value = ("[]" if is_list else '""') if not commented else ""
            out.append(f"{prefix}{key}: {value}".rstrip() + (f"  # {hint}" if hint else ""))
    return out


def _comment_out(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith("#"):
        return line
    return line[: len(line) - len(stripped)] + "# " + stripped


def _unoptional(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return (
        args[0] if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1 else annotation
    )


def _hint(field: FieldInfo) -> str:
    parts = []
    if field.description:
        parts.append(field.description)
    literal = _literal(field.annotation)
    if literal:
        parts.append("one of: " + ", ".join(literal))
    if DATE_CHECK in field.metadata or any(
        DATE_CHECK in getattr(a, "__metadata__", ()) for a in annotation_parts(field.annotation)
    ):
        parts.append('a date in quotes: "2020", "2020-08", "2008~" (about), "2020/2022-08" (from, to), or unknown')
    ref = ref_marker(field)
    if ref:
        first = ref.kinds[0]
        parts.append(f"ID of {'an' if first[0] in 'aeiou' else 'a'} " + " or ".join(ref.kinds))
    return "; ".join(parts)


def _literal(annotation: Any) -> list[str]:
    for a in annotation_parts(annotation):
        if typing.get_origin(a) is typing.Literal:
            return [str(x) for x in typing.get_args(a)]
    return []


class NotHere(OSError):
    """The record cannot be written where it belongs; the message says why, for the contributor."""


class IdTaken(FileExistsError):
    """The ID is in use, or was published once; its message says which, for the contributor."""


def create(root: Path, kind_name: str, rid: str | None = None) -> Path:
    kind = KINDS[kind_name]
    rid = rid or next_id(root, kind)
    taken = [p for p in record_files(root) if p.stem == rid]
    if taken:  # IDs are unique across kinds and extensions, not just paths
        where = taken[0].relative_to(root).as_posix()
        raise IdTaken(f"the ID is already used by {where}; IDs are unique across the archive")
    if rid in registered_ids(root):  # published once, then renamed: the old URL redirects elsewhere
        raise IdTaken(f"the ID was published before and is listed in {REGISTRY}; IDs are never reused")
    folder = f"{SOURCES_DIR}/{kind.plural}"
    if (link := linked_part(root, folder)) is not None:  # a new file there would be written elsewhere
        raise NotHere(f"{link} is a symbolic link, which is not followed: records are files of the archive itself")
    if (unreadable := registry_problem(root)) is not None:
        raise NotHere(unreadable.message)
    path = root / SOURCES_DIR / kind.plural / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as f:  # "x": never overwrite a record
        f.write(scaffold(kind))
    if read_registry(root) is not None:
        register(root, {permalink(kind_name, rid)})
    return path
