"""Reading each record file and checking it alone, ahead of the checks across records, for the
command line's ``validate`` and a build of a large archive: on every core (Linux), and for
``validate`` remembered between runs (cache.py).

What is worked out here for a file is exactly what ``load.load_file`` and then
``validate.check_alone`` work out from it, which look at that one file; the checks across records
(IDs, references, permalinks) always run in full, afterwards. Only a caller that hands an ``Ahead``
to the loader gets any of this: a build from nothing (compile.build) does, without the cache,
since a build writes nothing into the archive; ``mkdocs serve`` reads in one process, and so does
``validate`` of a small archive, which is read before a second process would have started.
"""

from __future__ import annotations

import functools
import os
import pickle
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from build_tools.checks.validate import alone
from build_tools.reading.load import MAX_FILE_BYTES, load_file, read_here
from build_tools.speed.cache import Cache, digest
from build_tools.speed.fanout import results
from build_tools.speed.ship import Loaded, pack, unpack

Task = tuple[str, str, bytes | None]  # a file, its path relative to the root, its bytes if read

# Below this many record files, reading them takes a second or two: one process does it all and
# nothing is kept (tests read small archives, which this leaves untouched).
AHEAD_FROM = 1000
# Files handed to a worker at a time: enough that handing them over costs little, few enough
# that the workers finish at about the same time.
CHUNK = 100


@dataclass
class Ahead:
    """What to do ahead: keep results in the archive's cache, use several processes. Its ``read``
    is what ``load.load_records`` reads the files with; ``finish`` waits for the cache to be
    written, which goes on while the checks across records run."""

    cache: bool = True
    parallel: bool = True
    ahead_from: int = AHEAD_FROM
    writing: list[threading.Thread] = field(default_factory=list, repr=False, compare=False)

    def read(self, root: Path, paths: list[str], rels: list[str]) -> list[Loaded]:
        """What ``load.read_here`` gives for each file, each record with its ``alone`` checks
        when read ahead; a small archive is read here, where it is read before a second process
        would have started."""
        if len(paths) < self.ahead_from:
            return read_here(root, paths, rels)
        return read_ahead(root, paths, rels, self)

    def finish(self) -> None:
        """Wait for the cache to be written: it is complete once this returns."""
        while self.writing:
            self.writing.pop().join()


def read_ahead(root: Path, files: list[str], rels: list[str], asked: Ahead) -> list[Loaded]:
    """What ``load.load_file`` gives for each file (``rels``: their paths relative to ``root``),
    each record with its ``alone`` checks, from the cache where a file is in it."""
    store = Cache.open(root) if asked.cache else None
    # With nothing in the cache to look up (a first run), each file is read where it is checked,
    # on every core, rather than here first to work out what to look up.
    look_up = store is not None and bool(store.entries)
    found: list[Loaded | None] = [None] * len(files)
    todo: list[int] = []
    tasks: list[Task] = []
    for n, (path, rel) in enumerate(zip(files, rels, strict=True)):
        if look_up and n % CHUNK == 0:
            prefetch(files[n : n + CHUNK])
        raw = _small_file(path) if look_up else None
        if store is not None and raw is not None:
            kept = store.get(digest(rel, raw))
            if kept is not None:
                found[n] = unpack(kept)
                continue
        todo.append(n)
        tasks.append((path, rel, raw))
    for n, (kept_as, blob) in zip(todo, _checked(root, tasks, asked.parallel, keep=store is not None), strict=True):
        found[n] = unpack(pickle.loads(blob)) if isinstance(blob, bytes) else blob
        if store is not None and kept_as is not None and isinstance(blob, bytes):
            store.put(kept_as, blob)
    if store is not None:  # written while the checks across records run
        thread = threading.Thread(target=store.save, name="cache")
        thread.start()
        asked.writing.append(thread)
    return cast(list[Loaded], found)  # every file's, found in the cache or worked out


def prefetch(paths: list[str]) -> None:
    """Ask the system to start reading these files, all at once, ahead of reading them one by one.
    Files not read for a while (after a large build, say) are no longer in memory: read one after
    another they cost the time of each disk read in turn, a second for 10,000 records, and a fifth
    of that when the reads are asked for together."""
    advise(paths, "POSIX_FADV_WILLNEED")


def advise(paths: Iterable[str | Path], advice: str) -> None:
    """Tell the system how these files are about to be used (``advice``: the name of a
    ``posix_fadvise`` constant, such as POSIX_FADV_DONTNEED, which lets go of what it holds of
    them in memory), where it can be told (Linux); a file that cannot be opened is passed over
    (reading it reports why)."""
    call = getattr(os, "posix_fadvise", None)
    if call is None:
        return
    how = getattr(os, advice)
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # (a record file is a plain file)
        except OSError:
            continue
        try:
            call(fd, 0, 0, how)
        except OSError:
            pass
        finally:
            os.close(fd)


def _small_file(path: str | Path) -> bytes | None:
    """The file's bytes, if it is no larger than a record may be (a larger one is reported
    unread, and not kept) and can be read (load.read_text reports why not)."""
    try:
        # no file object: a third quicker; never through a symbolic link (load.py reports one)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0))
        try:
            size = os.fstat(fd).st_size
            if size > MAX_FILE_BYTES:
                return None
            chunks = []
            while chunk := os.read(fd, max(size, 4096)):  # to the end, even if the file grew meanwhile
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)
    except OSError:
        return None


def read_and_check(root: Path, task: Task) -> Loaded:
    """One file as ``load.load_file`` reads it, its record (if any) carrying what was found in
    it alone (load.Alone)."""
    path, rel, raw = task
    rec, problems = load_file(root, Path(path), rel, raw)
    if rec is not None:
        rec.alone = alone(rec)
    return rec, problems


def _checked(
    root: Path, tasks: list[Task], parallel: bool, keep: bool
) -> Iterator[tuple[bytes | None, Loaded | bytes]]:
    """``read_and_check`` of each task, in order: pickled when worked out by another process or
    to be kept in the cache, as it is then already; when kept, with the digest that finds it in
    the cache (None for a file too large to be kept)."""
    if parallel and len(tasks) > CHUNK:
        chunks = [tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)]
        jobs = [functools.partial(_pickled_chunk, (root, chunk, keep)) for chunk in chunks]
        for done in results(jobs, chunk=1, least=2):  # on every core (fanout.py), a chunk at a time
            yield from done
        return
    for task in tasks:
        if keep:
            yield _pickled(root, task, keep)
        else:
            yield None, read_and_check(root, task)


def _pickled_chunk(work: tuple[Path, list[Task], bool]) -> list[tuple[bytes | None, bytes]]:
    """In a worker: ``read_and_check`` of each task, each pickled on its own (so that each can be
    kept in the cache as it comes)."""
    root, tasks, keep = work
    prefetch([path for path, _rel, raw in tasks if raw is None])
    return [_pickled(root, task, keep) for task in tasks]


def _pickled(root: Path, task: Task, keep: bool) -> tuple[bytes | None, bytes]:
    """``read_and_check`` of a task, packed with the file's bytes (ship.py, which reads them
    here if the task came without them) and pickled; with ``keep``, also the digest of those bytes."""
    path, rel, raw = task
    if raw is None:
        raw = _small_file(path)
    loaded = read_and_check(root, (path, rel, raw))
    kept_as = digest(rel, raw) if keep and raw is not None else None
    return kept_as, pickle.dumps(pack(loaded, raw, whole=not keep), protocol=pickle.HIGHEST_PROTOCOL)
