"""How fast the preview follows an edit: seconds from saving a record to `mkdocs serve` serving the
changed page (the browser's live reload fires as that rebuild ends).

Usage: python scripts/benchmark_preview.py [--edits 5] [--archive PATH]

Runs `mkdocs serve` on a temporary copy of the archive (the repository's own by default), edits one
figure's title several times, and prints each wait and their median. Prints figures; asserts
nothing, so that no test depends on the speed of the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--archive", type=Path, default=REPO, help="a folder holding sources/ and permalinks.txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("mkdocs.yml", "CITATION.cff"):
            shutil.copy2(REPO / name, root / name)
        shutil.copytree(REPO / "docs", root / "docs")
        shutil.copytree(args.archive / "sources", root / "sources")
        shutil.copy2(args.archive / "permalinks.txt", root / "permalinks.txt")
        record = sorted((root / "sources" / "figures").glob("*.yaml"))[0]
        original = record.read_text(encoding="utf-8")
        title = next(line for line in original.splitlines() if line.startswith("title:"))
        port = free_port()
        url = f"http://127.0.0.1:{port}/figures/{record.stem}/"
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            first = served(url, "</html>", 600)
            if first is None:
                print("the preview never started", file=sys.stderr)
                return 1
            print(f"records: {len(list((root / 'sources').rglob('*.*')))}")
            print(f"first build served after {first:.1f} s")
            waits = []
            for n in range(1, args.edits + 1):
                marker = f"Preview check {n}"
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                record.write_text(original.replace(title, f"title: {marker}", 1), encoding="utf-8")
                wait = served(url, marker, 300)
                if wait is None:
                    print(f"edit {n}: the page never showed the change", file=sys.stderr)
                    return 1
                waits.append(wait)
                print(f"edit {n}: page updated after {wait:.2f} s")
            print(f"median {statistics.median(waits):.2f} s, slowest {max(waits):.2f} s over {len(waits)} edits")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
