"""The archive built by any MkDocs-style generator: compile it into a plain site source (a folder
with Markdown pages whose front matter carries all the theme needs, the data files, the theme's
overrides and a mkdocs.yml without plugins), build that with the generator named, finish what no
generator does (the Korean headings' link titles, the search index), and check the built site.
The generator is run as a program (the user installs it); nothing here imports it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from build_tools.compile.build import DEFAULT_URL, Result, build, refusal
from build_tools.compile.source import write_source
from build_tools.pages.i18n import ENGLISH, LANGUAGES
from build_tools.reading.history import read_info
from build_tools.records.problems import Report
from build_tools.site import search
from build_tools.site.check import Coverage, check_site
from build_tools.site.config import base_path, read_config
from build_tools.site.headings import retitled


@dataclass(frozen=True)
class Generator:
    name: str
    install: str  # what to install it with, as said to the user
    command: Callable[[Path, Path], list[str]]  # (configuration, site folder) -> the build command
    builds_in_source: bool = False  # writes its site into the source folder (Zensical), moved afterwards


GENERATORS = {
    "mkdocs": Generator(
        "mkdocs",
        "pip install -r requirements.txt",
        lambda cfg, site: [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(site)],
    ),
    "properdocs": Generator(
        "properdocs",
        "pip install properdocs mkdocs-material",
        lambda cfg, site: ["properdocs", "build", "-q", "-f", str(cfg), "-d", str(site)],
    ),
    "zensical": Generator(
        "zensical",
        "pip install zensical",
        lambda cfg, _site: ["zensical", "build", "-f", str(cfg)],
        builds_in_source=True,
    ),
}


class GeneratorFailed(Exception):
    """The generator is missing or did not build the site: one sentence for the user."""


@dataclass
class Built:
    result: Result  # what the compiler found and made
    report: Report  # the built site's check (site/check.py)
    coverage: Coverage


def build_site(
    root: Path, generator: str, site_dir: Path, source_dir: Path | None = None, say: Callable[[str], None] = print
) -> Built:
    """Compile the archive at ``root``, build it with ``generator`` into ``site_dir`` (emptied
    first), finish it and check it. ``source_dir`` keeps the plain site source (else a temporary
    folder). A record's error stops before anything is written; a failed build, or a built site
    that fails its check, leaves ``site_dir`` empty rather than half written or unsafe."""
    chosen = GENERATORS[generator]
    if generator != "mkdocs" and shutil.which(chosen.command(Path(), Path())[0]) is None:
        raise GeneratorFailed(f"{generator} is not installed here; install it with: {chosen.install}")
    config = read_config(root)
    plugin: dict[str, Any] = next(
        (p["evidence"] or {} for p in config.get("plugins") or [] if isinstance(p, dict) and "evidence" in p), {}
    )
    info = read_info(
        root, str(config.get("site_name", "")), str(config.get("site_url") or DEFAULT_URL), plugin.get("repo_url") or ""
    )
    info = replace(info, branch=plugin.get("branch") or info.branch)
    docs = root / str(config.get("docs_dir", "docs"))
    result = build(root, info, say, None, None, docs, site_dir)
    if not result.report.valid:
        for problem in result.report.sorted():
            say(problem.format())
        raise GeneratorFailed(f"{refusal(result.report)}; {site_dir} was left as it was")
    with tempfile.TemporaryDirectory(prefix="evidence-source-") as scratch:
        source = source_dir or Path(scratch) / "source"
        cfg = write_source(result, root, source, config)
        _run(chosen, cfg, site_dir.resolve(), say)
    finish(site_dir)
    report, coverage = check_site(site_dir, root, base=base_path(config))
    if not report.valid:  # a site that fails its check (a private value published) is not left to deploy
        _empty(site_dir)
        say(f"the built site failed its check (below); {site_dir} was emptied")
    return Built(result, report, coverage)


def _empty(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def _run(chosen: Generator, cfg: Path, site_dir: Path, say: Callable[[str], None]) -> None:
    """Build the site with ``chosen`` into ``site_dir``; GeneratorFailed, and ``site_dir`` emptied, if it fails."""
    built = cfg.parent / "site" if chosen.builds_in_source else site_dir
    if site_dir.exists():
        shutil.rmtree(site_dir)
    say(f"building with {chosen.name}")
    # The generator's Python reads our Markdown extension and headings' anchors from this package.
    here = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    command = chosen.command(cfg, built)
    run = subprocess.run(command, cwd=cfg.parent, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if run.returncode != 0 or not (built / "index.html").is_file():
        shutil.rmtree(site_dir, ignore_errors=True)
        said = (run.stdout + run.stderr).strip().splitlines()[-20:]
        raise GeneratorFailed(f"{chosen.name} did not build the site (exit {run.returncode}):\n" + "\n".join(said))
    if built != site_dir:
        shutil.move(str(built), str(site_dir))


def finish(site_dir: Path) -> None:
    """What no generator does: each Korean page's headings' links titled in Korean, and the search
    index (Pagefind, search.py)."""
    for lang in LANGUAGES.values():
        if lang == ENGLISH:
            continue
        for page in sorted((site_dir / lang.prefix).rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            if (done := retitled(html, lang)) != html:
                page.write_text(done, encoding="utf-8")
    search.index_site(site_dir)
