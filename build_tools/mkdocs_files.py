"""The files MkDocs is handed for what the pipeline made: a third adapter beside mkdocs_plugin.py
and serve_early.py, and like them the only modules that import MkDocs.

Under ``mkdocs build`` each generated page and data file is held packed (lean.pack: compressed,
a sixth of its size) from when it is made until MkDocs reads it (a page, to convert it) or writes
it (a data file, copied to the site): ``PackedFile`` is MkDocs' ``File`` reading its content from
there."""

from __future__ import annotations

import os
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from .lean import pack, unpack


class PackedFile(File):
    """A page or data file the pipeline made, held packed (lean.py) until MkDocs reads or writes it."""

    packed = b""

    def release(self) -> None:
        """Lets go of what it holds: a page MkDocs has converted, whose source is not read again."""
        self.packed = b""

    @property
    def content_bytes(self) -> bytes:
        return unpack(self.packed)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed = pack(value.decode("utf-8"))

    @property
    def content_string(self) -> str:
        return self.content_bytes.decode("utf-8")

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed = pack(value)

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            output.write(self.content_bytes)


def made_file(config: MkDocsConfig, path: str, source: dict[str, Any]) -> File:
    """What MkDocs is handed for a page or file the pipeline made, from where it is (preview.py)."""
    if "packed" not in source:
        return File.generated(config, path, **source)
    file = cast(PackedFile, PackedFile.generated(config, path, content=b""))
    file.packed = source["packed"]
    return file
