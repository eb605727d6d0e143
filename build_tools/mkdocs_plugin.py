"""The only module that imports MkDocs: runs the pipeline and hands its pages to MkDocs.

Records become in-memory pages (``File.generated``), so nothing generated is ever written under
docs/ or committed. Problems are logged as warnings under the ``mkdocs.`` logger tree, so
``mkdocs build --strict`` fails on them by itself.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .load import SOURCES_DIR
from .pipeline import build

log = logging.getLogger("mkdocs.plugins.evidence")


class EvidenceConfig(Config):
    root = config_options.Type(str, default=".")


class EvidencePlugin(BasePlugin[EvidenceConfig]):
    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        result = build(self._root(config))
        for problem in result.report.sorted():
            log.warning(problem.format())
        for page in result.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, page.path, content=page.markdown))
        return files

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._root(config) / SOURCES_DIR))
        return server
