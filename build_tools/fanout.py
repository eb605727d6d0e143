"""Pure work shared out over the machine's cores: for a build of a large archive, the pages are
rendered in several processes (Linux, by fork: each starts at once with the index already in it).

A job is a function of nothing that returns text (or anything else that pickles), and depends on
nothing but what it was made from, so where it runs changes nothing in what it returns:
``results`` gives what each job returns in the jobs' order, the same as running them one by one
here. Too few jobs, one core, no fork, or no processes to be had, and they are run here. A job
that raises in a worker raises here, as it would have. (ahead.py reads and checks records on the
same cores.)
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
Job = Callable[[], T]

# Below this many jobs (pages of an archive of under 1,000 records), they take a second or two,
# and starting workers would save little. Read at each call, so tests may lower it.
FAN_OUT_FROM = 1000
# Jobs handed to a worker at a time: enough that handing them over costs little, few enough that
# the workers finish at about the same time (a camp's page takes fifty times a source's).
CHUNK = 50

# The jobs of the call in progress, which the forked workers inherit: a job is a closure, which
# cannot be sent to a process, so each worker is sent only where its chunk starts and ends.
_JOBS: Sequence[Callable[[], Any]] = ()


def cores() -> int:
    """How many processes to share work over: one per core this process may run on, under Linux,
    whose fork starts each at once with the tool already imported; elsewhere one."""
    if not sys.platform.startswith("linux"):
        return 1
    return len(os.sched_getaffinity(0))


def results(jobs: Sequence[Callable[[], T]], *, here: bool = False) -> Iterator[T]:
    """What each job returns, in order, worked out on every core when there are enough jobs,
    unless ``here``."""
    global _JOBS
    workers = min(cores(), -(-len(jobs) // CHUNK))
    if here or workers < 2 or len(jobs) < FAN_OUT_FROM or _JOBS:  # (a worker never fans out again)
        yield from (job() for job in jobs)
        return
    _JOBS = jobs  # before the workers are forked, which is when they take it
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(workers)
        except OSError:  # no processes or semaphores to be had
            _JOBS = ()
            yield from (job() for job in jobs)
            return
        with pool:
            spans = [(start, min(start + CHUNK, len(jobs))) for start in range(0, len(jobs), CHUNK)]
            for done in pool.imap(_run, spans):
                yield from done
    finally:
        _JOBS = ()


def mapped(fn: Callable[[S], T], items: Sequence[S], *, here: bool = False) -> list[T]:
    """``fn`` of each item, in order: on every core when there are enough items, unless ``here``."""
    return list(results([functools.partial(fn, item) for item in items], here=here))


def _run(span: tuple[int, int]) -> list[Any]:
    """In a worker: what the jobs from ``span[0]`` up to ``span[1]`` return."""
    start, end = span
    return [job() for job in _JOBS[start:end]]
