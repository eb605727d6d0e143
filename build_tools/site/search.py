"""The site's search index: Pagefind run over the built pages.

Material's own search ships the whole index (search/search_index.json) to every reader, 20 MB at
10,000 pages. Pagefind splits its index into chunks and a reader's browser fetches only the chunks
and page fragments a query needs. ``assets/search.js`` drives it inside Material's search dialog
(``docs/templates/partials/search.html``), from ``pagefind/`` in the site.

What is indexed is each page's article (``data-pagefind-body``, docs/templates/main.html), less
what is not its content: the drawings and ready citations (``data-pagefind-ignore``, which every
generator keeps, written by build_tools/pages/views.py and the record templates), the headings'
permalink signs, each record's permalink address and version line (``.ea-meta``; its ID stays),
and the "Edit this record" links (``data-pagefind-ignore``). Private fields never reach a page, so
they never reach the index either (tests/test_witness.py scans it).

Pagefind holds every word of every page it indexes in memory until it writes the index (1.2 GB
at 10,000 pages, however many threads it has), so the pages are indexed in parts of at most
``PART_PAGES`` pages, one Pagefind run after another (about 230 MB each), and
``build_tools/site/search_merge.py`` merges the parts' indexes into the one a single run would have
written: the same words, positions and chunks, so a reader fetches what a single run's index
costs. A part is a folder of hard links (copies where the file system has none) to the pages it
holds, in the scratch folder, so Pagefind computes the same addresses; the parts follow the
pages' order, as Pagefind's own walk of the site would.

``mkdocs build`` indexes the site before it finishes (``index_site``); under ``mkdocs serve``
each rebuild is indexed in the background (``index_in_background``), so the preview reloads at
once and its search catches up a moment later.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from build_tools.records.problems import printable
from build_tools.site import search_merge

log = logging.getLogger("mkdocs.plugins.evidence")

OUTPUT = "pagefind"  # the bundle's folder in the site: assets/search.js loads pagefind/pagefind.js
# Not indexed, besides data-pagefind-ignore (which Pagefind knows): the drawings and ready citations,
# the headings' permalink signs, each record's permalink address and version line (its ID stays),
# and the words of links to the site's other pages. Those are other records' titles ("Referred to
# by", "Cited by", "Based on", the lists on camp and index pages): a page is found by its own words,
# and at 10,000 records the titles repeated on every page that links to them made the index chunks
# a query fetches several times larger (a first query of 600 kB instead of 320 kB).
EXCLUDE = (".headerlink", ".ea-meta", 'a:not([href^="#"]):not([href^="http"])')
# Pagefind always writes its ready-made interfaces; the archive's pages use none of them.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
TIMEOUT = 600  # seconds for one run; Pagefind takes about 20 for all of 10,000 pages on two cores
# Pages indexed by one Pagefind run. Its memory grows with the words it indexes: 2,000 of the
# archive's pages (a few hundred words each) take about 230 MB, all of 10,000 took 1.2 GB.
PART_PAGES = 2000
MARK = b"data-pagefind-body"  # on each page's article (docs/templates/main.html)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message is Pagefind's own."""


def _command(site_dir: Path, output: Path) -> list[str]:
    args = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(output), "--quiet"]
    for selector in EXCLUDE:
        args += ["--exclude-selectors", selector]
    return args


def _check(returncode: int, out: str, output: Path) -> None:
    """Raise SearchIndexError unless a Pagefind run succeeded; then drop the interfaces no page uses."""
    if returncode != 0 or not (output / "pagefind.js").is_file():
        said = out.strip() or f"no output, exit status {returncode}"
        raise SearchIndexError(f"Pagefind could not index the site: {said}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)


def _pages(site_dir: Path) -> list[Path]:
    """The pages to index, in order: those with an article marked for the search (Pagefind skips
    the others once one page has it, but a part without any would index their whole bodies), or
    all of them on a site whose pages have none. Dot folders are never looked into: they are the
    scratch folders of runs, which an older run stopped by a newer one removes meanwhile."""
    found = []
    for folder, folders, files in os.walk(site_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(folder, name) for name in files if name.endswith(".html") and not name.startswith(".")]
    pages = sorted(found)
    return [path for path in pages if MARK in path.read_bytes()] or pages


def _link(site_dir: Path, pages: list[Path], root: Path) -> Path:
    """A folder ``root`` that holds ``pages`` at their own paths: hard links, or copies."""
    root.mkdir()
    for page in pages:
        target = root / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)
    return root


Run = Callable[[list[str]], tuple[int, str]]  # runs a Pagefind command: its exit status and output


def _index(site_dir: Path, scratch: Path, run: Run) -> Path:
    """Index the site's pages part by part with ``run``; the finished index, in ``scratch``."""
    pages = _pages(site_dir)
    count = max(1, math.ceil(len(pages) / PART_PAGES))
    bundles = []
    # A part's folder is a folder per page to make, then to remove: file-system work that a thread
    # does while Pagefind indexes the part before (a few seconds at 10,000 pages).
    files = ThreadPoolExecutor(max_workers=1)
    try:
        parts = [
            files.submit(
                _link, site_dir, pages[k * len(pages) // count : (k + 1) * len(pages) // count], scratch / f"part-{k}"
            )
            for k in range(count)
        ]
        for k, part in enumerate(parts):
            bundle = scratch / f"index-{k}"
            _check(*run(_command(part.result(), bundle)), bundle)
            files.submit(shutil.rmtree, part.result(), True)
            bundles.append(bundle)
    finally:
        files.shutdown(cancel_futures=True)
    if len(bundles) == 1:
        search_merge.settle(bundles[0])
        return bundles[0]
    merged = scratch / "index"
    try:
        search_merge.merge(bundles, merged)
    except search_merge.MergeError as e:  # another Pagefind than the pinned one: one run, as before parts
        log.warning(
            f"Pagefind's indexes of the site's parts could not be merged ({printable(str(e))}); indexing it in one run"
        )
        whole = scratch / "whole"
        _check(*run(_command(_link(site_dir, pages, scratch / "part-all"), whole)), whole)
        return whole
    return merged


def _swap(output: Path, target: Path) -> None:
    """Put a finished index in place of the old one, which readers use until then."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{output.parent.name}")
        target.rename(old)
    output.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _scratch(site_dir: Path) -> Path:
    """A fresh folder for the parts and Pagefind's output beside the index it will replace (same
    file system, so the swap is a rename and the parts hard links), hidden from the site's
    address space by its leading dot."""
    scratch = Path(tempfile.mkdtemp(prefix=f".{OUTPUT}-", dir=site_dir))
    scratch.chmod(0o755)  # mkdtemp's folder is its owner's alone; the web server must read this one
    return scratch


def index_site(site_dir: Path) -> None:
    """Index the built site at ``site_dir`` into ``site_dir/pagefind``; SearchIndexError if Pagefind fails."""
    site_dir = Path(site_dir).resolve()

    def run(command: list[str]) -> tuple[int, str]:
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            raise SearchIndexError(f"Pagefind did not finish indexing {site_dir} within {TIMEOUT} s") from e
        return proc.returncode, proc.stdout + proc.stderr

    scratch = _scratch(site_dir)
    try:
        _swap(_index(site_dir, scratch, run), site_dir / OUTPUT)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# The preview's indexing runs at the lowest CPU priority: at 10,000 pages Pagefind keeps both
# cores busy for a minute, and the next edit's rebuild, which a contributor waits on, comes first.
BACKGROUND_NICENESS = 19


def _yield_cpu(pid: int) -> None:
    """Lower the CPU priority of the process ``pid`` where the system allows it (Unix)."""
    with contextlib.suppress(AttributeError, OSError):  # Windows; or the process has already ended
        os.setpriority(os.PRIO_PROCESS, pid, BACKGROUND_NICENESS)


class _Superseded(Exception):
    """A newer request has taken the place of this run."""


class _Background:
    """At most one indexing at a time; a newer request stops the one running (its pages are
    already out of date) and takes its place."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.proc: subprocess.Popen[str] | None = None
        self.threads: list[threading.Thread] = []

    def start(self, site_dir: Path) -> threading.Thread:
        with self.lock:
            self.generation += 1
            if self.proc is not None and self.proc.poll() is None:
                self.proc.terminate()
            thread = threading.Thread(target=self.run, args=(Path(site_dir).resolve(), self.generation), daemon=True)
            self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def current(self, generation: int) -> bool:
        return generation == self.generation

    def pagefind(self, command: list[str], generation: int) -> tuple[int, str]:
        """Run one Pagefind command at the lowest CPU priority, unless superseded."""
        with self.lock:
            if not self.current(generation):
                raise _Superseded
            proc = self.proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True
            )
            _yield_cpu(proc.pid)
        out, _ = proc.communicate(timeout=TIMEOUT)
        if not self.current(generation):
            raise _Superseded  # a newer run indexes the newer pages
        return proc.returncode, out

    def run(self, site_dir: Path, generation: int) -> None:
        scratch: Path | None = None
        try:
            with self.lock:
                if not self.current(generation):
                    return
                scratch = _scratch(site_dir)
            index = _index(site_dir, scratch, lambda command: self.pagefind(command, generation))
            with self.lock:
                if not self.current(generation):
                    return
                _swap(index, site_dir / OUTPUT)
                log.info("search index updated")
        except _Superseded:
            pass
        except (OSError, subprocess.SubprocessError, SearchIndexError) as e:
            # A rebuild that empties the site under a running Pagefind is no failure: a newer run follows.
            if self.current(generation) and scratch is not None and scratch.is_dir():
                log.warning(f"the preview's search is out of date: {e}")
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    def wait(self, timeout: float | None = None) -> None:
        for thread in list(self.threads):
            thread.join(timeout)

    def stop(self, timeout: float) -> None:
        """End the indexing under way, as a newer run would, and wait for it to tidy up."""
        with self.lock:
            self.generation += 1
            if self.proc is not None and self.proc.poll() is None:
                self.proc.terminate()
        self.wait(timeout)


_background = _Background()


def index_in_background(site_dir: Path) -> threading.Thread:
    """Index ``site_dir`` as ``index_site`` does, without waiting: for ``mkdocs serve``, whose
    contributor should not wait for the index to see a change. Pagefind writes into a scratch
    folder whose index replaces ``site_dir/pagefind`` only once it is complete; a newer call stops
    a run that has not finished. A failure is logged as a warning. Returns the thread doing the work."""
    return _background.start(site_dir)


def wait_for_background(timeout: float | None = None) -> None:
    """Wait for the background indexing started so far (for tests and scripts)."""
    _background.wait(timeout)


def stop_background(timeout: float = 10) -> None:
    """Stop the background indexing (``mkdocs serve`` is shutting down): Pagefind writes into the
    site folder, which MkDocs removes next and cannot remove while Pagefind is still writing."""
    _background.stop(timeout)


def post_build(plugin: Any, *, config: Any) -> None:
    """The MkDocs plugin's ``on_post_build`` (build_tools/site/plugin.py binds it as its method,
    so the plugin stays small): index the built site, in the background under ``mkdocs serve``."""
    if plugin.command == "serve":
        index_in_background(Path(config.site_dir))
    else:
        index_site(Path(config.site_dir))
