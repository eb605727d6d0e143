"""The site's configuration (mkdocs.yml), read as any MkDocs-style generator reads it: ``!ENV``
takes a value from the environment (or the default given), ``!!python/name:`` names a Python
object (kept as its name, for the configuration the plain site source carries). No generator
is imported to read it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from build_tools.compile.source import PythonName

CONFIG = "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    else:
        assert isinstance(node, yaml.ScalarNode)
        names = [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda _loader, suffix, _node: PythonName(suffix))


def read_config(root: Path) -> dict[str, Any]:
    """The archive's mkdocs.yml."""
    with (root / CONFIG).open(encoding="utf-8") as f:
        config: dict[str, Any] = yaml.load(f, Loader=_Loader)  # a SafeLoader, with the two tags above
    return config


def base_path(config: dict[str, Any]) -> str:
    """The path the site is served under (``/archive/`` for https://example.org/archive/)."""
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else path + "/"
