"""Reading each record file and checking it alone, ahead of the checks across records, for the
command line's ``validate`` and a build of a large archive: on every core (Linux), and for
``validate`` remembered between runs (cache.py).

What is worked out here for a file is exactly what ``load.load_file`` and then
``validate.check_alone`` work out from it, which look at that one file; the checks across records
(IDs, references, permalinks) always run in full, afterwards. Only a caller that asks for it
(``enabled``) gets any of this: a build from nothing (pipeline.build) asks for it without the
cache, since a build writes nothing into the archive; tests and ``mkdocs serve`` read in one
process, and so does ``validate`` of a small archive, which is read before a second process would
have started.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .cache import Cache, digest
from .fanout import cores
from .load import MAX_FILE_BYTES, load_file
from .ship import Loaded, pack, unpack
from .validate import alone

Task = tuple[str, str, bytes | None]  # a file, its path relative to the root, its bytes if read

# Below this many record files, reading them takes a second or two: one process does it all and
# nothing is kept (tests read small archives, which this leaves untouched).
AHEAD_FROM = 1000
# Files handed to a worker at a time: enough that handing them over costs little, few enough
# that the workers finish at about the same time.
CHUNK = 100


@dataclass(frozen=True)
class Ahead:
    """What to do ahead: keep results in the archive's cache, use several processes."""

    cache: bool = True
    parallel: bool = True
    ahead_from: int = AHEAD_FROM


_ASKED: ContextVar[Ahead | None] = ContextVar("ahead", default=None)
# The threads writing the cache, each joined before ``enabled`` ends.
_WRITING: ContextVar[list[threading.Thread]] = ContextVar("writing")


@contextmanager
def enabled(asked: Ahead | None = None) -> Iterator[None]:
    """Within this block, ``load.load_records`` reads and checks ahead as ``asked``. The cyclic
    garbage collector is off meanwhile, and its later passes leave out what was made (gc.freeze):
    nearly every object is kept to the end and few make a cycle, but its passes over the objects
    of 10,000 records took a sixth of the time, and the first one after a quarter of a second.
    The cache, written while the checks across records run, is complete when the block ends."""
    token = _ASKED.set(asked or Ahead())
    writing: list[threading.Thread] = []
    writing_token = _WRITING.set(writing)
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        for thread in writing:
            thread.join()
        _WRITING.reset(writing_token)
        gc.freeze()
        if was_on:
            gc.enable()
        _ASKED.reset(token)


def read_ahead(root: Path, files: list[str], rels: list[str]) -> list[Loaded] | None:
    """What ``load.load_file`` gives for each file (``rels``: their paths relative to ``root``),
    each record with its ``alone`` checks; None when not asked for, or too few files to bother."""
    asked = _ASKED.get()
    if asked is None or len(files) < asked.ahead_from:
        return None
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
    writing = _WRITING.get(None)
    if store is not None and writing is None:
        store.save()
    elif store is not None and writing is not None:  # while the checks across records run
        thread = threading.Thread(target=store.save, name="cache")
        thread.start()
        writing.append(thread)
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
    workers = cores() if parallel else 1
    if workers > 1 and len(tasks) > CHUNK:
        chunks = [tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)]
        try:
            pool = multiprocessing.get_context("fork").Pool(min(workers, len(chunks)))
        except OSError:  # no processes or semaphores to be had: read them here
            pass
        else:
            with pool:
                for done in pool.imap(_pickled_chunk, [(root, chunk, keep) for chunk in chunks]):
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
