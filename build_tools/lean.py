"""A large build in bounded memory: what MkDocs keeps of each page between converting it and
writing it.

MkDocs converts every page to HTML first and writes them all afterwards, so at 10,000 records it
holds every page's Markdown and HTML at once (about 800 MB for a bare MkDocs + Material build).
Here, once a page is converted, its Markdown is let go (MkDocs has already taken its title) and
its HTML is kept compressed until the moment it is written, then let go too. The pages written
are byte for byte the same. Pages MkDocs does not convert again (``serve --dirty``) are untouched.
``pack`` is also how ``mkdocs build`` holds each generated page and file until MkDocs reads it
(preview.Spill).

Duck-typed on MkDocs' ``Page`` and ``File``; no MkDocs import (mkdocs_plugin.py mixes this in).
"""

from __future__ import annotations

import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

# zlib's fastest level: pages are mostly repeated markup and drawings, which it shrinks about
# six times in a second or two for the whole archive.
LEVEL = 1
_SHELVING = threading.Lock()  # the preview may convert a page in two threads at once


def pack(text: str) -> bytes:
    """``text`` compressed, as a page or file is held until MkDocs reads or writes it."""
    return zlib.compress(text.encode("utf-8"), LEVEL)


def unpack(packed: bytes) -> bytes:
    """The bytes of the text ``pack`` compressed."""
    return zlib.decompress(packed)


class LeanPages:
    """MkDocs plugin events that keep converted pages compressed until they are written. zlib lets
    go of Python's lock while it works, so a page is compressed on the other core while MkDocs
    converts the next one."""

    # id() of a page -> its HTML, being compressed; keyed by the page object: the preview may
    # convert one page in two threads at once (serve_early.py)
    shelf: dict[int, bytes | Future[bytes]]
    _press: ThreadPoolExecutor
    _pressing: tuple[int, Future[bytes]] | None = None  # the page being compressed

    def on_page_content(self, html: str, /, *, page: Any, **_: Any) -> str:
        if not hasattr(self, "shelf"):
            self.shelf, self._press = {}, ThreadPoolExecutor(max_workers=1, thread_name_prefix="lean")
        with _SHELVING:
            if self._pressing is not None:  # one page at a time is being compressed; the one before waits
                last, pressing = self._pressing
                if self.shelf.get(last) is pressing:
                    self.shelf[last] = pressing.result()
            self._pressing = (id(page), self._press.submit(pack, html))
            self.shelf[id(page)] = self._pressing[1]
        page.markdown = ""  # converted: the title it gave is kept; None would lose it
        if release := getattr(page.file, "release", None):  # its source, held packed, is not read again
            release()
        return ""

    def on_page_context(self, context: Any, /, *, page: Any, **_: Any) -> Any:
        held = getattr(self, "shelf", {}).pop(id(page), None)
        if held is not None:
            page.content = unpack(held if isinstance(held, bytes) else held.result()).decode("utf-8")
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        page.content = ""  # written: only its anchors (kept apart) are checked after this
        return output
