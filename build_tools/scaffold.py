"""Scaffolds for new records, generated from the models so they never drift from the schema."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .load import SOURCES_DIR, record_files
from .model import KINDS, Kind, Ref


def next_id(root: Path, kind: Kind) -> str:
    """The next free <prefix>-NNNN ID, counting every file on disk of any kind."""
    pattern = re.compile(rf"^{re.escape(kind.prefix)}-(\d+)$")
    numbers = [int(m.group(1)) for p in record_files(root) if (m := pattern.match(p.stem))]
    return f"{kind.prefix}-{max(numbers, default=0) + 1:04d}"


def scaffold(kind: Kind) -> str:
    lines = [f"# A new {kind.name}. Fill in every field; remove the comments you do not need.", ""]
    lines += _fields(kind.model, 0)
    return "\n".join(lines) + "\n"


def _fields(model: type[BaseModel], depth: int) -> list[str]:
    out: list[str] = []
    pad = "  " * depth
    for name, field in model.model_fields.items():
        key = field.alias or name
        required = field.is_required()
        hint = _hint(field)
        nested = _nested(field.annotation)
        prefix = pad if required else pad + "# "
        if nested is not None and required:
            list_of = typing.get_origin(field.annotation) is list
            out.append(f"{prefix}{key}:{'  # ' + hint if hint else ''}")
            inner = _fields(nested, depth + 2 if list_of else depth + 1)
            if list_of and inner:
                first = inner[0].lstrip()
                inner[0] = "  " * (depth + 1) + "- " + first
            out += inner
        else:
            value = '""' if required else ""
            if required and typing.get_origin(field.annotation) is list:
                value = "[]"
            out.append(f"{prefix}{key}: {value}".rstrip() + (f"  # {hint}" if hint else ""))
    return out


def _hint(field: FieldInfo) -> str:
    parts = []
    if field.description:
        parts.append(field.description)
    literal = _literal(field.annotation)
    if literal:
        parts.append("one of: " + ", ".join(literal))
    ref = next((m for m in field.metadata if isinstance(m, Ref)), None) or _ref(field.annotation)
    if ref:
        parts.append("ID of a " + " or ".join(ref.kinds))
    return "; ".join(parts)


def _walk(annotation: Any) -> list[Any]:
    found = [annotation]
    for arg in typing.get_args(annotation):
        found += _walk(arg)
    return found


def _literal(annotation: Any) -> list[str]:
    for a in _walk(annotation):
        if typing.get_origin(a) is typing.Literal:
            return [str(x) for x in typing.get_args(a)]
    return []


def _ref(annotation: Any) -> Ref | None:
    for a in _walk(annotation):
        for m in getattr(a, "__metadata__", ()):
            if isinstance(m, Ref):
                return m
    return None


def _nested(annotation: Any) -> type[BaseModel] | None:
    for a in _walk(annotation):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def create(root: Path, kind_name: str, rid: str | None = None) -> Path:
    kind = KINDS[kind_name]
    rid = rid or next_id(root, kind)
    path = root / SOURCES_DIR / kind.plural / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as f:  # "x": never overwrite a record
        f.write(scaffold(kind))
    return path
