"""MkDocs' half of the preview's first look at an edit (early.py): as soon as a record file is saved,
its page is converted and written as a build writes it, and browsers reload; the rebuild of the
rest follows.

The first look runs in a thread of its own, so that an edit saved while a rebuild runs is shown at
once too, made from the last build that finished. That rebuild, which read the file before this
save, then leaves the page shown early as it is, and the next rebuild makes it again. Browsers
reload a second time only if a rebuild writes a page shown early differently.

What MkDocs made the last build from (config, files, navigation, theme) is kept, and MkDocs' own
page steps run on the one page. Those steps, the live-reload server's epochs and its file watcher
are MkDocs internals (1.6, pinned in requirements.txt): where they are not found, nothing is shown
early and the preview waits for the rebuild, as it did before.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .early import EarlyPage, Snapshot, early_pages, edited
from .memo import Stamp
from .problems import printable
from .reads import Kept
from .render import Page

log = logging.getLogger("mkdocs.plugins.evidence")

# What the live-reload server must have for a page to be shown early
_SERVER = ("builder", "observer", "_epoch_cond", "_wanted_epoch", "_visible_epoch")
QUIET = 0.1  # seconds without another change before a look (a save is several file events)


@dataclass(frozen=True)
class LastBuild:
    """What MkDocs made the last build from (its config, files, navigation and theme environment),
    with what ours made it from."""

    config: Any
    files: Any
    nav: Any
    env: Any
    snapshot: Snapshot


@dataclass(frozen=True)
class Shown:
    written: str  # the HTML file
    html: bytes
    file: str  # the record file it shows, relative to the archive
    stamp: Stamp  # that file's time and size when it was read for the page


def write(last: LastBuild, pages: list[EarlyPage], local: threading.local) -> list[Shown]:
    """Each of ``pages`` converted and written where the last build wrote it, as MkDocs builds a
    page, its plugins' page events included (which find the page's date, links and head in
    ``local``); nothing when one of them was not in the last build."""
    from mkdocs.commands.build import _build_page, _populate_page

    found = [last.files.get_file_from_path(p.page.path) for p in pages]
    if any(file is None or file.page is None for file in found):
        return []
    local.pages = {p.page.path: p.page for p in pages}
    shown = []
    try:
        for early, file in zip(pages, found, strict=True):
            file.content_string = early.page.markdown  # the last build's File: the rebuild makes its own
            _populate_page(file.page, last.config, last.files)
            _build_page(file.page, last.config, last.files, last.nav, last.env)
            written = Path(file.abs_dest_path)
            shown.append(Shown(str(written), written.read_bytes(), early.file, early.stamp))
    finally:
        local.pages = None
    return shown


class FirstLook:
    """The plugin events, and the hooks on the live-reload server, that show an edited record's page
    before ``mkdocs serve`` has rebuilt. The plugin sets ``kept`` (reads.Kept) under serve."""

    kept: Kept | None = None
    _last: LastBuild | None = None  # the last build that finished: looks make pages from it
    _next: LastBuild | None = None  # the build under way, once its pages are about to be made
    _nav: Any = None
    _local = threading.local()  # in the thread making a first look: .pages, path -> Page
    _shown: dict[str, Shown] | None = None  # site path of the Markdown -> the page shown early
    _shown_lock = threading.Lock()
    _looks: _Looks | None = None

    def on_nav(self, nav: Any, /, **_: Any) -> Any:
        self._nav = nav
        return nav

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        snapshot = Snapshot.of(self.kept) if self.kept is not None else None
        if snapshot is not None:
            self._next = LastBuild(config, files, self._nav, env, snapshot)
        return env

    def _finished(self) -> None:
        """The build under way has made every page: looks may now use its navigation and config,
        which MkDocs changes as it makes each page (the page it marks active, for one)."""
        self._last, self._next = self._next or self._last, None

    def early_page(self, path: str) -> Page | Literal[False] | None:
        """In a first look, the page at ``path`` (None if it is not ours); False elsewhere, in a
        rebuild, which lets a first look under way go first: converting a large page, MkDocs holds
        Python's lock for long stretches, and the look would wait seconds for it."""
        pages = getattr(self._local, "pages", None)
        if pages is None:
            if self._looks is not None:
                self._looks.idle()
            return False
        return pages.get(path)

    def shown_since(self, path: str) -> str | None:
        """The HTML of the page at ``path`` if it was shown early from a newer file than the build
        now writing it read: that build leaves it as it is."""
        shown = (self._shown or {}).get(path)
        read = self.kept.memo.loaded.get(shown.file) if shown is not None and self.kept is not None else None
        if shown is None or read is None or shown.stamp[0] <= read[0][0]:
            return None
        return shown.html.decode("utf-8")

    def look_first(self, server: Any, root: Path) -> bool:
        """Make ``server`` show the pages of records edited in the archive folder ``root`` as soon as
        they are saved. False, and nothing changed, where the server is not as expected."""
        if not all(hasattr(server, name) for name in _SERVER):
            return False
        self._shown = {}
        self._finished()  # the first build, which `mkdocs serve` made before it serves
        looks = self._looks = _Looks(server, lambda: self._look(root, looks.seen()))
        _watch(server, root, looks.poke)
        rebuild = server.builder

        def settle_then_rebuild() -> None:
            looks.settle(server)
            rebuild()
            self._finished()  # not if it failed: looks go on from the last build that finished
            with self._shown_lock:
                done = self._shown or {}
                if any(_read(s.written) != s.html for s in done.values()):
                    _reload(server)  # once the builder returns
                # what is left is newer than this rebuild read: the next one makes it
                self._shown = {path: s for path, s in done.items() if self.shown_since(path) is not None}

        server.builder = settle_then_rebuild
        return True

    def _look(self, root: Path, touched: set[str]) -> bool | None:
        """True if pages were shown; None if every record edited since the last build is shown as it
        now is (a watcher may report one save twice); False if the rebuild must show the edit."""
        last = self._last
        if last is None:
            return False
        changed = edited(root, last.snapshot.stamps, touched)
        with self._shown_lock:
            shown = {s.file: s.stamp for s in (self._shown or {}).values()}
        if changed and changed.items() <= shown.items():
            return None
        pages = early_pages(root, last.snapshot, changed)
        written = write(last, pages, self._local) if pages else []
        if not written:
            return False
        with self._shown_lock:
            self._shown = {**(self._shown or {}), **{p.page.path: s for p, s in zip(pages, written, strict=True)}}
        return True


class _Looks:
    """First looks, each made in their own thread once the files have been quiet for ``QUIET``
    seconds; browsers reload as each one is written. A look returns True if it showed pages, False
    if the rebuild must show the change, None if there was nothing new to show."""

    def __init__(self, server: Any, look: Callable[[], bool | None]) -> None:
        self.look, self.cond = look, threading.Condition()
        self.poked = self.busy = self.covered = False
        self.touched: set[str] = set()  # every file an event named this session, relative to the archive
        threading.Thread(target=self._loop, args=(server,), daemon=True, name="first-look").start()

    def poke(self, paths: list[str]) -> None:
        with self.cond:
            self.touched.update(paths)
            self.poked = True  # the look it calls for says whether every change is shown
            self.cond.notify_all()

    def seen(self) -> set[str]:
        with self.cond:
            return set(self.touched)

    def _loop(self, server: Any) -> None:
        while True:
            with self.cond:
                self.cond.wait_for(lambda: self.poked)
                while self.cond.wait(timeout=QUIET):  # another event: wait for the files to be quiet
                    pass
                self.poked, self.busy = False, True
            try:
                shown: bool | None = self.look()
            except Exception as exc:  # the preview must go on: the rebuild shows the edit all the same
                log.warning(
                    f"the edited page could not be shown before the rebuild ({printable(str(exc))}); it shows when it ends"
                )
                shown = False
            if shown:
                log.info("showing the edited page; rebuilding the rest")
                with server._epoch_cond:
                    server._wanted_epoch = server._visible_epoch = max(server._wanted_epoch, server._visible_epoch) + 1
                    server._epoch_cond.notify_all()
            with self.cond:
                self.busy = False
                if shown is not None:  # nothing new leaves it as it was: shown, or not since the rebuild
                    self.covered = shown and not self.poked  # every change so far is shown
                self.cond.notify_all()

    def idle(self, wait: float = 10.0) -> bool:
        """Wait for a look under way (or about to start) to end; at most ``wait`` seconds. False if
        one is still under way or about to start."""
        with self.cond:
            return self.cond.wait_for(lambda: not self.busy and not self.poked, timeout=wait)

    def settle(self, server: Any) -> None:
        """Before a rebuild: let a look under way end. If the looks showed every change, pages are
        served at once while the rebuild runs, and browsers do not reload again when it ends."""
        idle = self.idle()
        with self.cond:
            covered, self.covered = self.covered and idle, False  # for this rebuild only: the next may be for docs/
        if covered:
            with server._epoch_cond:
                server._wanted_epoch = server._visible_epoch
                server._epoch_cond.notify_all()


def _watch(server: Any, root: Path, poke: Callable[[list[str]], None]) -> None:
    """Call ``poke`` with the files (relative to ``root``) of every change under ``root``/sources,
    on the server's own watcher."""
    import watchdog.events

    from .load import SOURCES_DIR

    def changed(event: Any) -> None:
        if not event.is_directory:
            paths = [event.src_path, getattr(event, "dest_path", "") or event.src_path]
            poke([Path(os.path.relpath(os.fsdecode(p), root)).as_posix() for p in paths])

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = changed  # type: ignore[method-assign]
    server.observer.schedule(handler, str(root / SOURCES_DIR), recursive=True)


def _reload(server: Any) -> None:
    """Mark a new version of the site, which the server shows browsers when the builder returns."""
    with server._epoch_cond:
        server._wanted_epoch = max(server._wanted_epoch, server._visible_epoch) + 1


def _read(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None
