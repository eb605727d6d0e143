"""The repository's mkdocs.yml as MkDocs reads it, for tests that need its settings without a
build: read as the compiler reads it (build_tools/site/config.py: ``!ENV`` gives the variable's
value or its default), then each ``!!python/name:`` turned into the object it names, as MkDocs
does."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from build_tools.compile.source import PythonName
from build_tools.site.config import CONFIG, read_config


def _resolved(value: Any) -> Any:
    if isinstance(value, PythonName):
        module, _, name = str(value).rpartition(".")
        return getattr(importlib.import_module(module), name)
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item) for item in value]
    return value


def load_mkdocs_yml(path: Path) -> dict[str, Any]:
    """The configuration at ``path`` (a folder's mkdocs.yml), with its Python names resolved."""
    assert path.name == CONFIG, path
    config: dict[str, Any] = _resolved(read_config(path.parent))
    return config
