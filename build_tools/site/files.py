"""The files MkDocs is handed for what the compiler made: with plugin.py and lang.py, the only
modules that import MkDocs.

Under ``mkdocs build`` each generated page and data file is held packed (lean.pack: compressed,
a sixth of its size, in a temporary file) from when it is made until MkDocs reads it (a page, to
convert it) or writes it (a data file, copied to the site): ``PackedFile`` is MkDocs' ``File``
reading its content from there. Under ``mkdocs serve --dirty``, ``UnchangedFile`` is one the
preview knows MkDocs need not convert or copy again."""

from __future__ import annotations

import os
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from build_tools.speed.lean import Store, pack, unpack


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


class UnchangedFile(File):
    """A page or file the preview staged with the content it had when the last complete build
    wrote it into the site (preview.Staging): MkDocs' ``--dirty`` check of whether to convert or
    copy it again, which compares the times of the staged file and the built one (three look-ups
    on disk a file: some 5 s for the 110,000 files of a 10,000-record archive), is answered
    without looking."""

    def is_modified(self) -> bool:
        return False


def made_file(config: MkDocsConfig, path: str, source: dict[str, Any]) -> File:
    """What MkDocs is handed for a page or file the pipeline made, from where it is (preview.py)."""
    if "store" not in source:
        where = {k: v for k, v in source.items() if k != "unchanged"}
        return (UnchangedFile if source.get("unchanged") else File).generated(config, path, **where)
    file = cast(PackedFile, PackedFile.generated(config, path, content=b""))
    file.store, file.key = source["store"], source["key"]
    return file
