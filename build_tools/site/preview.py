"""The preview of a large archive in seconds: what ``mkdocs serve --dirty`` needs from us.

MkDocs' ``--dirty`` rebuilds a page only when its source file is newer than the page it built.
Generated pages have no file, so they would all be rebuilt on every edit (about 40 s at 10,000
records). Here each generated page and file is written to a staging folder, and rewritten only
when what it shows has changed: an edit to one record rebuilds that record's page and the few
pages that show it (its camp, its source, the indexes), nothing else. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from build_tools.speed.lean import Store


class Staging:
    """A folder of generated pages for one ``mkdocs serve``, removed when the server stops."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="evidence-preview-"))
        self.digests: dict[str, bytes] = {}  # site path -> digest of what it last showed
        self.settled: set[str] = set()  # site paths the last complete build wrote, unchanged since
        weakref.finalize(self, shutil.rmtree, self.folder, True)

    @classmethod
    def for_serve(cls, command: str, dirty: bool) -> Staging | None:
        """A staging folder for ``mkdocs serve --dirty``; None otherwise (everything is rebuilt)."""
        if command != "serve" or not dirty:
            return None
        quiet_dirty_warning()
        return cls()

    def stage(self, items: Iterable[tuple[str, str]], site: Path) -> dict[str, dict[str, Any]]:
        """For each (site path, content: a page's with its front matter), where MkDocs reads it:
        the staged file, rewritten only if its content changed (the folder is this server's own, so a
        file staged with the same content is still there: no file is looked at again), and whether
        it is ``unchanged`` since the last complete build wrote it into the site (``settle``). What
        was staged before but is not now (a record deleted or renamed) is removed, with its page in
        the built ``site``."""
        staged: dict[str, dict[str, Any]] = {}
        digests: dict[str, bytes] = {}
        folder = str(self.folder)
        for path, content in items:
            data = content.encode()
            digest = hashlib.blake2b(data, digest_size=16).digest()
            file = f"{folder}/{path}"
            if self.digests.get(path) != digest:
                os.makedirs(os.path.dirname(file), exist_ok=True)
                with open(file, "wb") as out:
                    out.write(data)
                self.settled.discard(path)
            staged[path], digests[path] = {"abs_src_path": file, "unchanged": path in self.settled}, digest
        for path in sorted(set(self.digests) - set(digests)):
            (self.folder / path).unlink(missing_ok=True)
            (site / built_path(path)).unlink(missing_ok=True)
            self.settled.discard(path)
        self.digests = digests
        return staged

    def settle(self) -> None:
        """The build of what was last staged is complete: the site holds every staged file as it
        is. (After a build that failed, what it changed is not ``unchanged`` in the next.)"""
        self.settled = set(self.digests)


class Spill:
    """What ``mkdocs build`` reads generated pages and files from: each handed over packed
    (lean.pack) as soon as it is made and kept in a temporary file (lean.Store), so that no
    process holds them all (at 10,000 records, 250 MB of text until MkDocs has read the last)."""

    def __init__(self) -> None:
        self.store = Store()
        self.keys: dict[str, int] = {}  # site path -> its key in the store

    def __call__(self, path: str, packed: bytes) -> None:
        self.keys[path] = self.store.put(packed)

    def source(self, path: str) -> dict[str, Any] | None:
        """What MkDocs is handed for ``path``: where its packed bytes are kept; None if nothing was."""
        return {"store": self.store, "key": self.keys.pop(path)} if path in self.keys else None


def in_memory(items: Iterable[tuple[str, str]], spill: Spill | None = None) -> dict[str, dict[str, Any]]:
    """Where MkDocs reads each (site path, content) when nothing is staged: from memory, or from
    where ``spill`` holds it."""
    return {path: (spill and spill.source(path)) or {"content": content} for path, content in items}


def built_path(path: str) -> str:
    """Where MkDocs writes a generated file (directory URLs): ``camps/kaechon.md`` as
    ``camps/kaechon/index.html``, ``camps/index.md`` as ``camps/index.html``."""
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


class _NotTheDirtyWarning(logging.Filter):
    """MkDocs warns on every ``--dirty`` build that links and navigation may be stale. Here they
    are not: every page whose content changed is rewritten, and the navigation lists only the
    fixed sections."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _NotTheDirtyWarning) for f in logger.filters):
        logger.addFilter(_NotTheDirtyWarning())
