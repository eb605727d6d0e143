"""Under `mkdocs serve`, editing a record rebuilds the site and the page shows the change."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from build_tools.outputs import csp

REPO = Path(__file__).parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "archive"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return str(r.read().decode("utf-8"))
    except OSError:
        return None


def ctrl_c_stops() -> None:
    """In the server's process before it starts: Ctrl-C (SIGINT) stops it, as in a terminal,
    even where the tests run as a background job, whose children would otherwise ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server as a contributor does, with Ctrl-C, so that it removes its temporary site
    and staging folders (terminating it would leave them behind)."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.3)
    return False


def test_editing_a_record_under_serve_rebuilds_its_page(tmp_path: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copytree(FIXTURE / "sources", tmp_path / "sources")
    port = free_port()
    scratch = tmp_path / "tmp"  # where the server keeps its site and staged pages while it runs
    scratch.mkdir()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch))
    proc = subprocess.Popen(
        # the README's command: --dirty rebuilds only the pages an edit changed (build_tools/site/preview.py)
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dirty",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(tmp_path / "mkdocs.yml"),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=ctrl_c_stops,
    )
    try:
        url = f"http://127.0.0.1:{port}/camps/camp-alpha/"
        assert wait_for(url, "Camp Alpha", 60), "the served site never showed the camp page"
        # MkDocs' live-reload script is inline: the preview's policy must let it run, or the page
        # never reloads after an edit (a built page's policy refuses inline scripts: test_privacy)
        served = fetch(url) or ""
        assert "livereload" in served and csp.PREVIEW in served and csp.POLICY != csp.PREVIEW
        record = tmp_path / "sources" / "camps" / "camp-alpha.yaml"
        record.write_text(
            record.read_text(encoding="utf-8").replace("name: Camp Alpha", "name: Camp Omega"), encoding="utf-8"
        )
        assert wait_for(url, "Camp Omega", 60), "editing the record did not rebuild its page"

        # A mistake: the record's page says what is wrong and where, instead of answering 404,
        # and it keeps the live-reload script, so fixing the file brings the record back by itself.
        good = record.read_text(encoding="utf-8")
        record.write_text(good.replace("type: ", "typ: ", 1), encoding="utf-8")
        assert wait_for(url, "left out until its problems are fixed", 60), "a record in error did not show its problems"
        broken = fetch(url) or ""
        assert "sources/camps/camp-alpha.yaml" in broken and "unknown-field" in broken and "livereload" in broken
        assert "did you mean &#39;type&#39;?" in broken or "did you mean 'type'?" in broken
        record.write_text(good, encoding="utf-8")
        assert wait_for(url, "Camp Omega", 60), "fixing the record did not bring its page back"
    finally:
        stop(proc)
    # Stopped with Ctrl-C, the server leaves nothing behind: neither its site (which the search's
    # background indexing writes into) nor the pages it staged (site/preview.py)
    assert sorted(p.name for p in scratch.iterdir()) == []


def test_a_page_open_in_a_browser_shows_the_edit_by_itself(tmp_path: Path, browser: Any) -> None:
    """The reader's browser reloads the edited record's page by itself, with the edit, once the
    rebuild (which redoes only what the edit can change) has written it. (The browser is the
    session's: Playwright's synchronous API runs one at a time.)"""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copytree(FIXTURE / "sources", tmp_path / "sources")
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=ctrl_c_stops,
        )
    try:
        url = f"http://127.0.0.1:{port}/figures/fig-0001/"
        assert wait_for(url, "</html>", 60), "the served site never showed the figure's page"
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url)
            record = tmp_path / "sources" / "figures" / "fig-0001.yaml"
            text = record.read_text(encoding="utf-8")
            record.write_text(re.sub(r"^title:.*$", "title: Seen at once", text, count=1, flags=re.M), encoding="utf-8")
            deadline = time.monotonic() + 30  # polled from here: the page's policy forbids evaluated scripts
            while not page.title().startswith("Seen at once") and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            assert page.locator("h1").inner_text().startswith("Seen at once"), "the open page never showed the edit"
        finally:
            context.close()
    finally:
        stop(proc)
