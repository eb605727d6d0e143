"""The only module that imports MkDocs: runs the pipeline and hands its pages to MkDocs.

Records become in-memory pages (``File.generated``), so nothing generated is ever written under
docs/ or committed. Problems are logged as warnings under the ``mkdocs.`` logger tree, so
``mkdocs build --strict`` fails on them by itself.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .history import read_info
from .load import SOURCES_DIR
from .pipeline import DEFAULT_URL, build

log = logging.getLogger("mkdocs.plugins.evidence")


class EvidenceConfig(Config):
    root = config_options.Type(str, default=".")
    # The hosting repository (e.g. https://github.com/<owner>/<repo>), for each record's history link.
    repo_url = config_options.Type(str, default="")
    branch = config_options.Type(str, default="main")


class EvidencePlugin(BasePlugin[EvidenceConfig]):
    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    heads: dict[str, str]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = self._root(config)
        info = read_info(root, config.site_name, config.site_url or DEFAULT_URL, self.config.repo_url)
        info = replace(info, branch=self.config.branch)
        result = build(root, info)
        for problem in result.report.sorted():
            log.warning(problem.format())
        generated = [(page.path, page.markdown) for page in result.pages] + sorted(result.files.items())
        for path, content in generated:
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=content))
        self.heads = {page.path: page.head for page in result.pages if page.head}
        return files

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        head = self.heads.get(page.file.src_uri)
        return output.replace("</head>", head + "</head>", 1) if head else output

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._root(config) / SOURCES_DIR))
        return server
