"""The repository's mkdocs.yml as MkDocs reads it, for tests that need its settings without a
build: ``!ENV`` gives its default (or the variable's value), ``!!python/name:`` the object named."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import yaml


class MkDocsLoader(yaml.SafeLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        *names, default = loader.construct_sequence(node)
    else:
        assert isinstance(node, yaml.ScalarNode)
        names, default = [loader.construct_scalar(node)], None
    return next((os.environ[n] for n in names if n in os.environ), default)


def _python_name(_loader: yaml.SafeLoader, suffix: str, _node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


MkDocsLoader.add_constructor("!ENV", _env)
MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


def load_mkdocs_yml(path: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=MkDocsLoader)
    return config
