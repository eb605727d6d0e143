"""Telling the person waiting on a long job how far it has got: a line per stage, and a count of
pages as MkDocs writes them. A small archive's jobs end before anyone waits, so they say nothing
(and their output stays as the tests and the contributors' guide show it)."""

from __future__ import annotations

import time
from collections.abc import Callable

Say = Callable[[str], None]

# Below this many records a whole build takes seconds: no progress is told.
PROGRESS_FROM = 1000
# While pages are written, a line each time this share of them is done.
STEP = 0.2


class Progress:
    def __init__(self, say: Say | None = None) -> None:
        self.told: Say | None = say
        self.say: Say | None = None  # silent until sized
        self.start = self.last = time.monotonic()
        self.total, self.done = 0, dict[str, int]()

    def sized(self, records: int) -> None:
        """The job is over ``records`` records: worth telling about if there are many."""
        self.say = self.told if records >= PROGRESS_FROM else None

    def stage(self, what: str) -> None:
        """``what`` was just done: told with the seconds it took."""
        now = time.monotonic()
        if self.say:
            self.say(f"{what} ({now - self.last:.1f} s)")
        self.last = now

    def expect(self, total: int) -> None:
        """``total`` pages are to come, each counted by ``tick`` once a phase."""
        self.total, self.done = total, {}

    def tick(self, phase: str) -> None:
        done = self.done[phase] = self.done.get(phase, 0) + 1
        step = max(1, int(self.total * STEP))
        if self.say and self.total and (done % step == 0 or done == self.total):
            self.say(f"{phase} {done:,} of {self.total:,} pages ({time.monotonic() - self.start:.0f} s so far)")
