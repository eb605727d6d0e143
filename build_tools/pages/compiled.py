"""The page templates as Jinja compiled them, kept across the rebuilds of one ``mkdocs serve``."""

from __future__ import annotations

import jinja2
import jinja2.bccache


class Compiled(jinja2.BytecodeCache):
    """The templates as Jinja compiled them, kept in memory across the rebuilds of one ``mkdocs
    serve`` (speed/reads.py's Kept holds one): compiling them took most of a rebuild of a small
    archive. One entry per template file; Jinja compiles a template again when its source is not
    the one compiled (the entry's checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
