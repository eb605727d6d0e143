"""Runs the pipeline and hands its pages to MkDocs (with serve_early.py and mkdocs_files.py, the
only modules that import it): in-memory pages (packed under ``mkdocs build``; staged under ``serve
--dirty``, see preview.py), never written under docs/. No partial site is published: a record's
error stops ``mkdocs build`` before the site directory is emptied; a later failure empties it."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from . import csp, search
from .history import read_info
from .lean import LeanPages
from .load import SOURCES_DIR
from .mkdocs_files import Forgetful, made_file
from .mkdocs_lang import Languages
from .pipeline import DEFAULT_URL, Result, build, refusal
from .preview import Spill, Staging, in_memory
from .reads import Kept
from .serve_early import FirstLook

log = logging.getLogger("mkdocs.plugins.evidence")


class EvidenceConfig(Config):
    root = config_options.Type(str, default=".")
    # The hosting repository (e.g. https://github.com/<owner>/<repo>), for each record's history link.
    repo_url = config_options.Type(str, default="")
    branch = config_options.Type(str, default="main")


# Languages: each page's language and counterparts; LeanPages and Forgetful: pages held compressed,
# addresses forgotten; FirstLook: an edited record's page shown before serve's rebuild
class EvidencePlugin(Languages, FirstLook, Forgetful, LeanPages, BasePlugin[EvidenceConfig]):
    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    built: Result
    command = "build"
    result: Result | None = None
    site_dir = ""  # set once the site directory has been emptied and is being written
    on_post_build = search.post_build  # indexes the built site for its search (in the background under serve)

    def on_startup(self, *, command: str, dirty: bool) -> None:  # once per `mkdocs serve`, across rebuilds
        self.command, self.staging = command, Staging.for_serve(command, dirty)
        self.kept = Kept() if command == "serve" else None  # what a rebuild may take from the last

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # for the theme's <meta http-equiv> (docs/templates/main.html); the preview's lets live reload run
        config.extra["csp"] = csp.PREVIEW if self.command == "serve" else csp.POLICY
        return super().on_config(config)  # Languages

    def _build(self, config: MkDocsConfig) -> Result:
        root, folders = self._root(config), (Path(config.docs_dir), Path(config.site_dir))
        info = read_info(root, config.site_name, config.site_url or DEFAULT_URL, self.config.repo_url)
        return build(root, replace(info, branch=self.config.branch), log.info, self.kept, self.spill, *folders)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.site_dir, self.result, self.spill = "", None, None
        if self.command != "serve":  # pages held packed as they are made, so that no process holds them all
            self.spill = Spill()
            self.result = self._build(config)
            if not self.result.report.valid:
                for problem in self.result.report.sorted():
                    log.error(problem.format())
                raise PluginError(f"{refusal(self.result.report)}; {config.site_dir} was left as it was")

    def on_build_error(self, *, error: Exception) -> None:
        if self.site_dir and self.command != "serve":
            clean_directory(self.site_dir)
            log.error(f"the build failed, so {self.site_dir} was emptied rather than left half written")

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.site_dir = config.site_dir
        result, self.result = self.result or self._build(config), None
        for problem in result.report.sorted():
            log.warning(problem.format())
        for file in [f for f in files if result.through_link(f.abs_src_path or "")]:
            files.remove(file)  # a file of docs/ reached through a symbolic link is never published
        made = result.hand_over(beside=self.staging is not None)
        sources = self.staging.stage(made, Path(config.site_dir)) if self.staging else in_memory(made, self.spill)
        for path, source in sources.items():
            if (existing := files.get_file_from_path(path)) is not None:
                files.remove(existing)
            files.append(made_file(config, path, source))
        self.built = result
        result.progress.expect(len(files.documentation_pages()))
        return files

    def _ours(self, uri: str, phase: str) -> Any:
        """Our page at ``uri``: in a first look (serve_early.py), the edited one; else the build's."""
        early = self.early_page(uri)
        return self.built.seen(uri, phase) if early is False else early

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri, root = page.file.src_uri, self._root(config)
        ours = self._ours(uri, "converted") or self.built.hand_written(uri, Path(config.docs_dir, uri), root)
        page.update_date = ours.date or page.update_date  # the sitemap's <lastmod>
        page.meta["improve"] = ours.links  # docs/templates/partials/actions.html
        return markdown

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        uri, early = page.file.src_uri, self.early_page(page.file.src_uri)
        if early is False and (newer := self.shown_since(uri)) is not None:
            return newer  # shown early, of a newer save than this rebuild read: the next one makes it
        ours = self.built.seen(uri, "written") if early is False else early
        output = super().on_post_page(output, page=page, config=config)  # LeanPages
        return output.replace("</head>", head + "</head>", 1) if ours and (head := ours.head_html()) else output

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._root(config) / SOURCES_DIR))
        self.look_first(server, self._root(config))
        return server
