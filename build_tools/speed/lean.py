"""A large build in bounded memory: what MkDocs keeps of each page between converting it and
writing it.

MkDocs converts every page to HTML first and writes them all afterwards, so at 10,000 records it
holds every page's Markdown and HTML at once (about 800 MB for a bare MkDocs + Material build).
Here, once a page is converted, its Markdown is let go (MkDocs has already taken its title) and
its HTML and table of contents are kept compressed, in a temporary file (``Store``), until the
moment it is written; of the anchors MkDocs keeps to check links, a page's links to its own
headings are checked at once and the rest share one copy of each name. The pages written are
byte for byte the same, and the same links are reported. Pages MkDocs does not convert again (``serve
--dirty``) are untouched. ``mkdocs build`` holds each generated page and file the same way until
MkDocs reads it (preview.Spill).

Duck-typed on MkDocs' ``Page`` and ``File``; no MkDocs import (site/plugin.py mixes this in).
"""

from __future__ import annotations

import pickle
import sys
import tempfile
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

# zlib's fastest level: pages are mostly repeated markup and drawings, which it shrinks about
# six times in a second or two for the whole archive.
LEVEL = 1
_SHELVING = threading.Lock()  # the preview may convert a page in two threads at once


def pack(text: str | bytes) -> bytes:
    """``text`` (or its UTF-8 bytes) compressed, as a page or file is held until MkDocs reads or writes it."""
    return zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, LEVEL)


def unpack(packed: bytes) -> bytes:
    """The bytes of the text ``pack`` compressed."""
    return zlib.decompress(packed)


class Store:
    """Packed texts kept in a temporary file rather than in memory: at 10,000 records with every
    page in two languages, some 200 MB of pages and files between being made and being written.
    The file has no name and is gone with the process; reading one back costs a seek."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="evidence-")  # noqa: SIM115 (open while the store is)
        self._lock = threading.Lock()  # pages are put from the compressing thread, read from MkDocs'
        self._end = 0

    def put(self, packed: bytes) -> int:
        """Keeps ``packed``; returns what ``get`` reads it back by."""
        with self._lock:
            self._file.seek(self._end)
            self._file.write(packed)
            at, self._end = self._end, self._end + len(packed)
        return at << 32 | len(packed)  # where it starts, and its length (a page is far under 4 GB)

    def get(self, key: int) -> bytes:
        """What ``put`` kept as ``key``."""
        with self._lock:
            self._file.seek(key >> 32)
            return self._file.read(key & 0xFFFFFFFF)

    def clear(self) -> None:
        """Lets go of everything kept (each key is void from then on)."""
        with self._lock:
            self._file.truncate(0)
            self._end = 0


class LeanPages:
    """MkDocs plugin events that keep converted pages compressed until they are written. zlib lets
    go of Python's lock while it works, so a page is compressed on the other core while MkDocs
    converts the next one."""

    # id() of a page -> where its HTML is kept (Store), or the compressing that will say; keyed
    # by the page object
    shelf: dict[int, int | Future[int]]
    _press: ThreadPoolExecutor
    _store: Store
    _pressing: tuple[int, Future[int]] | None = None  # the page being compressed

    def on_page_content(self, html: str, /, *, page: Any, **_: Any) -> str:
        if not hasattr(self, "shelf"):
            self.shelf, self._store = {}, Store()
            self._press = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lean")
        with _SHELVING:
            if self._pressing is not None:  # one page at a time is being compressed; the one before waits
                last, pressing = self._pressing
                if self.shelf.get(last) is pressing:
                    self.shelf[last] = pressing.result()
            self._pressing = (id(page), self._press.submit(self._keep, html, page.toc))
            self.shelf[id(page)] = self._pressing[1]
        page.markdown, page.toc = "", []  # converted: the title it gave is kept; None would lose it
        _checked_at_once(page)
        return ""

    def _keep(self, html: str, toc: Any) -> int:
        return self._store.put(pack(pickle.dumps((html, toc), pickle.HIGHEST_PROTOCOL)))

    def on_page_context(self, context: Any, /, *, page: Any, **_: Any) -> Any:
        with _SHELVING:
            held = getattr(self, "shelf", {}).pop(id(page), None)
            if held is not None:
                key = held if isinstance(held, int) else held.result()
                page.content, page.toc = pickle.loads(unpack(self._store.get(key)))
                if not self.shelf:  # the build's last page: each of a preview's rebuilds starts afresh
                    self._store.clear()
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        page.content, page.toc = "", []  # written: only its anchors (kept apart) are checked after this
        return output


def _checked_at_once(page: Any) -> None:
    """What MkDocs keeps of a converted page to check links to anchors once every page is
    converted, made smaller (at 10,000 records, from 70 to 25 MB): a page's links to its own
    anchors (each heading's ¶, most of them) are checked now, as MkDocs would check them then;
    each anchor's name is kept once for the whole site rather than once per page; and a page's
    anchors are kept in a tuple, a fifth of a set's size (MkDocs only asks whether one is there)."""
    present = page.present_anchor_ids
    if present is None:
        return
    if links := page.links_to_anchors:
        page.links_to_anchors = {
            file: kept
            for file, to in links.items()
            if (kept := {sys.intern(a): url for a, url in to.items() if file is not page.file or a not in present})
        }
    page.present_anchor_ids = tuple(sorted(sys.intern(a) for a in present))
