"""A large build in bounded memory: what MkDocs keeps of each page between converting it and
writing it.

MkDocs converts every page to HTML first and writes them all afterwards, so at 10,000 records it
holds every page's Markdown and HTML at once (about 800 MB for a bare MkDocs + Material build).
Here, once a page is converted, its Markdown is let go (MkDocs has already taken its title) and
its HTML is kept compressed until the moment it is written, then let go too. The pages written
are byte for byte the same. Pages MkDocs does not convert again (``serve --dirty``) are untouched.

Duck-typed on MkDocs' ``Page`` and ``File``; no MkDocs import (mkdocs_plugin.py mixes this in).
"""

from __future__ import annotations

import zlib
from typing import Any

# zlib's fastest level: pages are mostly repeated markup and drawings, which it shrinks about
# six times in a second or two for the whole archive.
LEVEL = 1


class LeanPages:
    """MkDocs plugin events that keep converted pages compressed until they are written."""

    # id() of a page -> its HTML, keyed by the page object: the preview may convert one page in
    # two threads at once (serve_early.py)
    shelf: dict[int, bytes]

    def on_page_content(self, html: str, /, *, page: Any, **_: Any) -> str:
        if not hasattr(self, "shelf"):
            self.shelf = {}
        self.shelf[id(page)] = zlib.compress(html.encode("utf-8"), LEVEL)
        page.markdown = ""  # converted: the title it gave is kept; None would lose it
        if page.file.abs_src_path is None:  # generated in memory: its source is not read again
            page.file.content = ""
        return ""

    def on_page_context(self, context: Any, /, *, page: Any, **_: Any) -> Any:
        held = getattr(self, "shelf", {}).pop(id(page), None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        page.content = ""  # written: only its anchors (kept apart) are checked after this
        return output
