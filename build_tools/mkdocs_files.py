"""The files MkDocs is handed for what the pipeline made: a third adapter beside mkdocs_plugin.py
and serve_early.py, and like them the only modules that import MkDocs.

Under ``mkdocs build`` each generated page and data file is held packed (lean.pack: compressed,
a sixth of its size, in a temporary file) from when it is made until MkDocs reads it (a page, to
convert it) or writes it (a data file, copied to the site): ``PackedFile`` is MkDocs' ``File``
reading its content from there."""

from __future__ import annotations

import os
from typing import Any, cast

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from .lean import Store, pack, unpack


class PackedFile(File):
    """A page or data file the pipeline made, held packed in a store (lean.py) until MkDocs reads
    or writes it."""

    store: Store
    key = 0

    @property
    def content_bytes(self) -> bytes:
        return unpack(self.store.get(self.key))

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.key = self.store.put(pack(value))

    @property
    def content_string(self) -> str:
        return self.content_bytes.decode("utf-8")

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.content_bytes = value.encode("utf-8")

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            output.write(self.content_bytes)


class PackedDataFile(PackedFile):
    """A data or citation file (not a page), which MkDocs asks its addresses of about once: they
    are worked out each time, as MkDocs works them out, rather than kept (at 10,000 records,
    70,000 files of three addresses each)."""

    dest_uri = property(File._get_dest_path)
    url = property(File._get_url)

    @property
    def abs_dest_path(self) -> str:
        return os.path.normpath(os.path.join(self.dest_dir, self.dest_uri))


def made_file(config: MkDocsConfig, path: str, source: dict[str, Any]) -> File:
    """What MkDocs is handed for a page or file the pipeline made, from where it is (preview.py)."""
    if "store" not in source:
        return File.generated(config, path, **source)
    kind = PackedFile if path.endswith(".md") else PackedDataFile
    file = cast(PackedFile, kind.generated(config, path, content=b""))
    file.store, file.key = source["store"], source["key"]
    return file


class Forgetful:
    """MkDocs plugin events that keep MkDocs from remembering every address: it keeps how it split
    each address it made a link from or to (``mkdocs.utils._norm_parts``, without bound), at
    10,000 records 90,000 addresses and some 28 MB by the last page. Forgotten every ``EVERY``
    pages, as they are converted and as they are written, each page splits again the few it needs."""

    EVERY = 1000
    _counted = 0

    def on_page_content(self, html: str, /, *, page: Any, **kwargs: Any) -> Any:
        self._forget()
        return super().on_page_content(html, page=page, **kwargs)  # type: ignore[misc]

    def on_page_context(self, context: Any, /, *, page: Any, **kwargs: Any) -> Any:
        self._forget()
        return super().on_page_context(context, page=page, **kwargs)  # type: ignore[misc]

    def _forget(self) -> None:
        self._counted += 1
        if self._counted % self.EVERY == 0 and (clear := getattr(utils._norm_parts, "cache_clear", None)):
            clear()
