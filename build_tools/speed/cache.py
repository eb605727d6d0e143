"""What reading and checking each record file alone found, kept between runs of ``validate`` in
the archive's .cache/ folder, so that a file read before is not parsed and checked again.

An entry is found by a digest of the tool (the source of every file of this package, and the
Python and libraries that read and check records), of the file's path in the archive and of its
bytes: a change to any of them misses, and the file is read afresh. The cache only remembers
results, never decides one: deleting .cache/ changes nothing but the time taken.

Entries are pickles, which can run code when read, so the cache file is sealed with a key kept
outside the archive (in the user's own cache folder): a cache that came with the archive (a pull
request can commit one, .gitignore or not) is not this user's, fails the seal and is ignored.
A .gitignore inside .cache/ keeps it out of commits made in the usual way.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import os
import pickle
import secrets
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

CACHE_DIR = ".cache"
FILE = "validate.pickle"
# The libraries whose behaviour shows in what is found: a change of version is a change of tool.
LIBRARIES = ("pydantic", "pydantic_core", "yaml", "edtf", "frontmatter")
_SEAL = 32  # bytes of the seal at the start of the file


class Cache:
    """The entries of one archive's cache: digest -> pickled result. Each is unpickled only when
    asked for; ``save`` keeps just the entries used or added in this run."""

    def __init__(self, folder: Path, key: bytes, entries: dict[bytes, bytes]) -> None:
        self.folder, self.key, self.entries = folder, key, entries
        self.kept: dict[bytes, bytes] = {}

    @classmethod
    def open(cls, root: Path) -> Cache | None:
        """The cache of the archive at ``root``, empty if there is none (or none that this user
        wrote, or one this version cannot read); None when no key can be had to seal it."""
        key = _user_key()
        if key is None:
            return None
        folder = root / CACHE_DIR
        entries: dict[bytes, bytes] = {}
        try:
            if _linked(folder):  # committed by a pull request: never read, never written through
                raise OSError("a symbolic link")
            data = (folder / FILE).read_bytes()
            if hmac.compare_digest(data[:_SEAL], _seal(key, memoryview(data)[_SEAL:])):
                loaded = pickle.loads(memoryview(data)[_SEAL:])
                if isinstance(loaded, dict):
                    entries = loaded
        except Exception:  # missing, unreadable or written by another version: start afresh
            entries = {}
        return cls(folder, key, entries)

    def digest(self, rel: str, raw: bytes) -> bytes:
        return digest(rel, raw)

    def get(self, digest: bytes) -> Any | None:
        blob = self.entries.get(digest)
        if blob is None:
            return None
        try:
            found = pickle.loads(blob)
        except Exception:  # a class it names has changed shape: read the file afresh
            return None
        self.kept[digest] = blob
        return found

    def put(self, digest: bytes, blob: bytes) -> None:
        self.kept[digest] = blob

    def save(self) -> None:
        """Write the entries kept, if they are not those read; a cache that cannot be written
        is simply not written (the next run reads the files afresh)."""
        if self.kept.keys() == self.entries.keys() or _linked(self.folder):
            return
        payload = pickle.dumps(self.kept, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by build_tools: nothing here belongs in a commit\n*\n", encoding="utf-8")
            # written whole under another name, then renamed: a run reading meanwhile sees the
            # old file or the new one, never half of one
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{FILE}.")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(_seal(self.key, payload))
                    f.write(payload)
                os.replace(tmp, self.folder / FILE)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass


def _linked(folder: Path) -> bool:
    """Whether the cache folder, or a file in it that a run writes, is a symbolic link (which a
    pull request can commit): writing through one would write outside the archive."""
    return any(p.is_symlink() for p in (folder, folder / ".gitignore", folder / FILE))


def digest(rel: str, raw: bytes) -> bytes:
    """What finds the entry of the file at ``rel`` (relative to the root) holding ``raw``: the
    same in every process, so a worker reading the file can work it out."""
    h = hashlib.blake2b(tool_digest(), digest_size=20)
    h.update(rel.encode("utf-8", "surrogateescape") + b"\x00")
    h.update(raw)
    return h.digest()


def _seal(key: bytes, payload: bytes | memoryview) -> bytes:
    return hashlib.blake2b(payload, key=key, digest_size=_SEAL).digest()


def _user_key() -> bytes | None:
    """This user's key for sealing caches, made the first time it is needed (random, readable by
    the user alone); None if the user's cache folder cannot hold one."""
    path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evidence-archive" / "cache.key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(_SEAL))
        key = path.read_bytes()
    except OSError:  # no home, or another run making the key just now: no cache this time
        return None
    return key if len(key) >= _SEAL else None


@cache
def tool_digest() -> bytes:
    """A digest of everything that decides what is found in a record file: every file of this
    package, the Python running it and the libraries it reads and checks with."""
    h = hashlib.blake2b(digest_size=20)
    h.update(sys.version.encode())
    package = Path(__file__).resolve().parent.parent  # the whole of build_tools/
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(package).as_posix().encode() + b"\x00")
        h.update(hashlib.blake2b(path.read_bytes()).digest())
    for name in LIBRARIES:
        # Found without importing it (an installation of another version rewrites its files): a
        # library may be imported only once a record needs it, as edtf is.
        spec = importlib.util.find_spec(name)
        where = Path(spec.origin if spec is not None and spec.origin else name)
        stamp = where.stat() if where.is_file() else None
        h.update(repr((name, str(where), stamp and (stamp.st_mtime_ns, stamp.st_size))).encode())
    return h.digest()
