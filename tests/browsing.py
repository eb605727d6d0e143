"""Shared by the browser tests: building a site, serving it on 127.0.0.1, driving the system's
Chromium with Playwright, and recording every request a page makes.

Without Chromium (or Playwright) browser tests skip, except when the CI environment variable is
set: then they fail, so CI cannot pass by silently skipping them.

A test that reads a page opens it until its ``load`` event: by then its scripts (Material's and
ours) have run, and all a page fetches afterwards is its icon. ``networkidle`` waits half a second
more after the last request, on each page: only a test that counts the requests a page makes
(test_privacy, the search's fetches, test_browser) waits for it, through ``settled``. On the
accessibility checks' 157 pages, that half second was 70 of their 180 s.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
LOCAL_SCHEMES = {"data", "blob", "about"}  # never leave the machine

# One page of every kind of the real archive: the home page, the drawings, each kind's index, one record of each kind
# (two camps, a plain and a derived figure, a witness's and a summarising testimony), the data
# page, the about page and the page shown for a missing address.
PAGES = [
    "/",
    "/map/",
    "/timeline/",
    "/measures/",
    "/measures/annual-mortality-rate/",
    "/camps/",
    "/teams/",
    "/products/",
    "/figures/",
    "/testimonies/",
    "/routes/",
    "/events/",
    "/places/",
    "/organizations/",
    "/sources/",
    "/camps/kaechon/",
    "/camps/chongori/",
    "/teams/chongori-wig-team/",
    "/products/wigs/",
    "/figures/fig-0005/",
    "/figures/fig-0016/",
    "/testimonies/tst-0001/",
    "/testimonies/tst-0003/",
    "/routes/route-0001/",
    "/events/evt-0001/",
    "/places/kaechon-city/",
    "/organizations/canhr/",
    "/sources/src-0001/",
    "/data/",
    "/reference/",
    "/reference/testimony/",
    "/about/",
    "/404.html",
]
# A hosting repository for builds that must show the "Edit this record" and "Suggest a correction"
# links (a clone of a local path has none); it is only linked to, never requested.
HOSTING = "https://github.com/example-org/evidence-archive"


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this cannot be skipped)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def build_site(out: Path, config: Path | None = None, strict: bool = False, env: dict[str, str] | None = None) -> Path:
    """``mkdocs build`` of the repository's archive (or of ``config``) into ``out``; ``env`` adds to
    the environment (ARCHIVE_REPO_URL, ...)."""
    args = [sys.executable, "-m", "mkdocs", "build", "-d", str(out)]
    if config is not None:
        args += ["-f", str(config)]
    if strict:
        args.append("--strict")
    proc = subprocess.run(
        args,
        cwd=REPO,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and (out / "index.html").is_file(), f"mkdocs build failed:\n{proc.stdout}{proc.stderr}"
    return out


def build_archive_site(archive: Path, work: Path, env: dict[str, str] | None = None) -> Path:
    """``mkdocs build --strict`` of another archive (its ``sources/`` and ``permalinks.txt``, such as
    tests/fixtures/attack) with the repository's configuration and pages; returns the site."""
    root = work / "archive"
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy2(archive / "permalinks.txt", root / "permalinks.txt")
    shutil.copytree(archive / "sources", root / "sources")
    return build_site(work / "site", config=root / "mkdocs.yml", strict=True, env=env)


@contextmanager
def serving_the_archive(site: Path) -> Iterator[str]:
    """The real archive built strictly into ``site`` for the address it is served at on 127.0.0.1,
    with a hosting repository so its pages carry the edit and correction links; yields that URL."""
    site.mkdir()
    with serving(site) as url:
        build_site(site, strict=True, env={"ARCHIVE_SITE_URL": url + "/", "ARCHIVE_REPO_URL": HOSTING})
        yield url


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A built site served by `python -m http.server` on 127.0.0.1; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", HOST, "--directory", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 15
        while not answers(url + "/"):
            if server.poll() is not None:
                pytest.fail(f"http.server exited with {server.returncode} before answering on {url}")
            if time.monotonic() > deadline:
                pytest.fail(f"http.server did not answer on {url} within 15 s")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def settled(page: Any, url: str | None = None) -> None:
    """Opens ``url`` (or reloads the page) until its ``load`` event, then until no request has been
    made for half a second. ``wait_until="networkidle"`` alone can return before ``load``: on a
    loaded machine, half a second without a request can pass while the page is still running the
    scripts it has fetched (Material's bundle, which shows the phone's search button, among them)."""
    if url is None:
        page.reload(wait_until="load")
    else:
        page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


class Tabs:
    """One browser tab for each screen size (and each script setting), kept open while a test
    module runs, and sent to each page a test reads. A new tab costs about 0.2 s (a renderer
    started), as much as most pages take to load. A page opened by navigating is a new document:
    a test sees nothing the one before did to its page. (The same address again would be a reload,
    which keeps where the page was scrolled to, so the tab leaves it for a blank page first.)"""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.tabs: dict[tuple[int, int, bool], Any] = {}

    def open(self, url: str, viewport: dict[str, int], scripts: bool = True) -> Any:
        """The tab for ``viewport`` at ``url``, loaded (its ``load`` event)."""
        key = (viewport["width"], viewport["height"], scripts)
        if key not in self.tabs:
            context = self.browser.new_context(viewport=viewport, java_script_enabled=scripts)
            self.tabs[key] = context.new_page()
        tab = self.tabs[key]
        if tab.url == url:
            tab.goto("about:blank")
        tab.goto(url, wait_until="load")
        return tab

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (the system's), or a skip (a failure under CI) when there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (expected `chromium` on PATH or /usr/bin/chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Recorder:
    """Every URL a browser context requests (pages and their workers)."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))

    def foreign(self) -> list[str]:
        return [u for u in self.urls if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != HOST]
