"""How fast the preview follows an edit: seconds from saving a record to `mkdocs serve` serving the
changed page (the browser's live reload fires once the rebuild has written the pages, which redoes
only what the edit can change: build_tools/speed/reads.py, build_tools/site/preview.py), and, after the last edit, to the rebuild serving the rest of the site (the list of figures, which
shows the record too). Each edit but the last is saved a second after the page showed the one
before, while that edit's rebuild is still running, as a contributor fixing one thing after another
does.

Usage: python scripts/benchmark_preview.py [--edits 5] [--archive PATH]

Runs `mkdocs serve` on a temporary copy of the archive (the repository's own by default), edits one
figure's title several times, and prints each wait and their median. Prints figures; asserts
nothing, so that no test depends on the speed of the machine.

scripts/benchmark.py measures the preview with ``measure`` from here, with the same command
(``SERVE_ARGS``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The preview command the README gives, after `mkdocs`: change it here when the README changes it,
# and both this script and scripts/benchmark.py time that command.
SERVE_ARGS: tuple[str, ...] = ("serve", "--dirty")
FIRST_LIMIT = 600.0  # seconds to wait for the first build to be served
EDIT_LIMIT = 300.0  # seconds to wait for one edit to be served
SETTLE = 1.0  # seconds between edits, to let the watcher settle after the previous rebuild


class PreviewFailed(RuntimeError):
    """The preview never served its first build, or never showed an edit."""


@dataclass
class Preview:
    records: int
    first: float  # seconds until the first build was served
    waits: list[float]  # seconds from saving each edit to the page showing it
    rest: list[float] = field(default_factory=list)  # ... to the list of figures showing the last (ours only)

    @property
    def median(self) -> float:
        return statistics.median(self.waits)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def served(url: str, text: str, limit: float) -> float | None:
    """Seconds until the page at ``url`` holds ``text``, or None after ``limit`` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if text in r.read().decode("utf-8"):
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.05)
    return None


def copy_setup(root: Path) -> None:
    """Put the repository's site setup (mkdocs.yml, docs/, CITATION.cff) into the folder ``root``."""
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs")


def copy_archive(archive: Path, root: Path) -> None:
    """Put the repository's site setup and the records of ``archive`` into the folder ``root``."""
    copy_setup(root)
    shutil.copytree(archive / "sources", root / "sources")
    shutil.copy2(archive / "permalinks.txt", root / "permalinks.txt")


def _serve(root: Path, port: int, serve_args: Sequence[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *serve_args, "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Ctrl-C (SIGINT) stops it even when this script runs as a background job, whose children
        # would otherwise ignore it: it then removes its temporary folders
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _edits(
    record: Path,
    url: str,
    edits: int,
    limit: float,
    log: Callable[[str], None],
    prefix: str = "title: ",
    rest: str | None = None,
) -> tuple[list[float], list[float]]:
    """Retitle ``record`` ``edits`` times (its first line starting with ``prefix``: a record's title,
    or a page's heading); the seconds until ``url`` showed each new title, and until ``rest`` (another
    page that shows it) showed the last."""
    original = record.read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith(prefix))
    waits: list[float] = []
    rests: list[float] = []
    try:
        for n in range(1, edits + 1):
            marker = f"Preview check {n}"
            time.sleep(SETTLE)
            record.write_text(original.replace(title, f"{prefix}{marker}", 1), encoding="utf-8")
            saved = time.monotonic()
            wait = served(url, marker, limit)
            if wait is None:
                raise PreviewFailed(f"edit {n}: the page never showed the change within {limit:.0f} s")
            waits.append(wait)
            said = f"edit {n}: page updated after {wait:.2f} s"
            if rest is not None and n == edits:
                if served(rest, marker, limit) is None:
                    raise PreviewFailed(f"edit {n}: {rest} never showed the change within {limit:.0f} s")
                rests.append(time.monotonic() - saved)
                said += f", the list of figures after {rests[-1]:.2f} s"
            log(said)
    finally:
        record.write_text(original, encoding="utf-8")
    return waits, rests


def measure(
    root: Path,
    edits: int,
    serve_args: Sequence[str] = SERVE_ARGS,
    limits: tuple[float, float] = (FIRST_LIMIT, EDIT_LIMIT),
    log: Callable[[str], None] = print,
    bare: bool = False,
) -> Preview:
    """Serve the archive folder ``root`` with ``mkdocs <serve_args>``, wait for its first build, then
    edit the first figure's title ``edits`` times (restoring it after). ``limits``: the seconds to wait
    for the first build and for each edit. With ``bare``, ``root`` is a plain MkDocs site (the
    benchmark's bare build, its pages written out as files), and the heading of the first figure's
    page is edited instead: how fast MkDocs alone follows an edit. Raises PreviewFailed."""
    if bare:  # a record's page is <kind>/<ID>/index.md
        record, prefix = sorted((root / "docs" / "figures").glob("*-*/index.md"))[0], "# "
        rid = record.parent.name
        records = sum(1 for p in (root / "docs").rglob("*.md"))
    else:
        record, prefix = sorted((root / "sources" / "figures").glob("*.yaml"))[0], "title: "
        rid = record.stem
        records = sum(1 for p in (root / "sources").rglob("*.*") if p.is_file())
    port = free_port()
    url = f"http://127.0.0.1:{port}/figures/{rid}/"
    server = _serve(root, port, serve_args)
    try:
        first = served(url, "</html>", limits[0])
        if first is None:
            raise PreviewFailed(f"the preview never started within {limits[0]:.0f} s")
        log(f"{'pages' if bare else 'records'}: {records}")
        log(f"first build served after {first:.1f} s")
        rest = None if bare else f"http://127.0.0.1:{port}/figures/"
        waits, rests = _edits(record, url, edits, limits[1], log, prefix, rest)
        return Preview(records, first, waits, rests)
    finally:  # as Ctrl-C stops it, so that it removes its temporary folders
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--archive", type=Path, default=REPO, help="a folder holding sources/ and permalinks.txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copy_archive(args.archive, root)
        try:
            preview = measure(root, args.edits)
        except PreviewFailed as e:
            print(e, file=sys.stderr)
            return 1
        print(f"median {preview.median:.2f} s, slowest {max(preview.waits):.2f} s over {len(preview.waits)} edits")
        print(f"the rest of the site rebuilt after the last edit: {preview.rest[0]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
