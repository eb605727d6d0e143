"""Compiles the archive and hands its site source to MkDocs (with files.py, the only modules that
import it): the same pages, with the same front matter, that any generator builds from the folder
site/generators.py writes, held in memory (packed under ``mkdocs build``; staged under ``serve
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
from mkdocs.utils import clean_directory

from build_tools.compile.build import DEFAULT_URL, Result, build, refusal
from build_tools.compile.source import site_extra, source_pages
from build_tools.pages.i18n import language_of
from build_tools.reading.history import read_info
from build_tools.reading.load import SOURCES_DIR
from build_tools.site import search
from build_tools.site.files import made_file
from build_tools.site.headings import retitled
from build_tools.site.preview import Spill, Staging, in_memory
from build_tools.speed.lean import LeanPages
from build_tools.speed.reads import Kept

log = logging.getLogger("mkdocs.plugins.evidence")


class EvidenceConfig(Config):
    root = config_options.Type(str, default=".")
    # The hosting repository (e.g. https://github.com/<owner>/<repo>), for each record's history link.
    repo_url = config_options.Type(str, default="")
    branch = config_options.Type(str, default="main")


class EvidencePlugin(LeanPages, BasePlugin[EvidenceConfig]):  # LeanPages: pages held compressed
    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    built: Result
    command = "build"
    result: Result | None = None
    site_dir = ""  # set once the site directory has been emptied and is being written

    def on_startup(self, *, command: str, dirty: bool) -> None:  # once per `mkdocs serve`, across rebuilds
        self.command, self.staging = command, Staging.for_serve(command, dirty)
        self.kept = Kept() if command == "serve" else None  # what a rebuild may take from the last

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
        made = list(source_pages(result, self._root(config), Path(config.docs_dir)))
        pages = {path for path, _text in made if path.endswith(".md")}
        templates = Path(config.theme.custom_dir or config.docs_dir)
        config.extra |= site_extra(config.site_name, config.nav or [], pages, templates, self.command == "serve")
        result.release()  # MkDocs holds the pages from here on
        sources = self.staging.stage(made, Path(config.site_dir)) if self.staging else in_memory(made, self.spill)
        written = {file.src_uri: file for file in files}  # docs/, where a made page takes the place of one
        for path, source in sources.items():
            if (existing := written.get(path)) is not None:
                files.remove(existing)
            files.append(made_file(config, path, source))
        self.built = result
        result.progress.expect(len(files.documentation_pages()))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Any, **_: Any) -> str:
        # MkDocs dates the sitemap.xml.gz it writes by its pages' latest date: the front matter's
        # (the record's last commit), so that two builds of one commit are byte-identical
        page.update_date = page.meta.get("date") or page.update_date
        return markdown

    def on_page_content(self, html: str, /, *, page: Any, **kwargs: Any) -> str:
        self.built.progress.tick("converted")
        return super().on_page_content(retitled(html, language_of(page.file.src_uri)), page=page, **kwargs)

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        self.built.progress.tick("written")
        return super().on_post_page(output, page=page, config=config)  # LeanPages

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.staging:  # the site now holds every staged file as it is
            self.staging.settle()
        search.post_build(self, config=config)  # indexes the built site (in the background under serve)

    def on_shutdown(self) -> None:  # `mkdocs serve` stops: before MkDocs removes its site folder
        search.stop_background()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._root(config) / SOURCES_DIR))
        return server
