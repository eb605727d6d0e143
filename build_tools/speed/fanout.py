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


def cores() -> int:
    """How many processes to share work over: one per core this process may run on, under Linux,
    whose fork starts each at once with the tool already imported; elsewhere one."""
    if not sys.platform.startswith("linux"):
        return 1
    return len(os.sched_getaffinity(0))


def results(
    jobs: Sequence[Callable[[], T]], *, here: bool = False, chunk: int | None = None, least: int | None = None
) -> Iterator[T]:
    """What each job returns, in order, worked out on every core when there are at least ``least``
    jobs (``FAN_OUT_FROM`` unless given), ``chunk`` at a time to a worker (``CHUNK`` unless
    given), unless ``here``. (Both are read at each call, so tests may lower them.)"""
    chunk = chunk or CHUNK
    workers = min(cores(), -(-len(jobs) // chunk))
    if here or workers < 2 or len(jobs) < (FAN_OUT_FROM if least is None else least) or _in_worker():
        yield from (job() for job in jobs)
        return
    try:
        # The workers are forked with the jobs as their start-up arguments, which fork hands over
        # as they are (a job is a closure, which could not be sent to a process): each worker is
        # then sent only where its chunk starts and ends.
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_take, initargs=(jobs,))
    except OSError:  # no processes or semaphores to be had
        yield from (job() for job in jobs)
        return
    with pool:
        spans = [(start, min(start + chunk, len(jobs))) for start in range(0, len(jobs), chunk)]
        for done in pool.imap(_run, spans):
            yield from done


def mapped(fn: Callable[[S], T], items: Sequence[S], *, here: bool = False) -> list[T]:
    """``fn`` of each item, in order: on every core when there are enough items, unless ``here``."""
    return list(results([functools.partial(fn, item) for item in items], here=here))


class _Worker:
    """In a worker process (and only there): the jobs it was started with."""

    jobs: Sequence[Callable[[], Any]] = ()


def _take(jobs: Sequence[Callable[[], Any]]) -> None:
    _Worker.jobs = jobs


def _in_worker() -> bool:
    """A worker never fans out again."""
    return bool(_Worker.jobs)


def _run(span: tuple[int, int]) -> list[Any]:
    """In a worker: what the jobs from ``span[0]`` up to ``span[1]`` return."""
    start, end = span
    return [job() for job in _Worker.jobs[start:end]]
