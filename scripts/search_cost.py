"""What a reader's first search costs: the bytes the browser fetches from the moment the search
starts (Pagefind's script, its worker and WebAssembly, the index's entry, metadata and chunks, and
the fragments of the results shown) until the results are shown and nothing more is loading.

Usage: python scripts/search_cost.py SITE_DIR [QUERY ...] [--json]

SITE_DIR is a built site (``mkdocs build -d SITE_DIR``, which writes the Pagefind index into
SITE_DIR/pagefind). The site is served by Python's http.server on 127.0.0.1 (no compression, so
the sizes are the files' own: Pagefind's index, fragments and WebAssembly are gzipped files
already; its two scripts would shrink on a server that compresses) and opened in headless Chromium
(the system's: /usr/bin/chromium or ``chromium`` on PATH) with a fresh cache; the query is typed
into the search as a reader types it. ``first_query_bytes`` is what a benchmark imports.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 60_000


# What static hosts (GitHub Pages among them) send gzip-compressed to a browser that accepts it.
# Pagefind's index, fragments and WebAssembly are gzip files already, sent as they are.
COMPRESSED_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class _Handler(http.server.SimpleHTTPRequestHandler):
    compress = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and accepts and path.suffix in COMPRESSED_TYPES and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(site_dir: Path, compress: bool = True) -> Iterator[str]:
    """``site_dir`` served on a free port of 127.0.0.1 from a thread, text files gzip-compressed as
    a static host sends them (unless ``compress`` is false); yields its base URL."""
    handler = functools.partial(type("Handler", (_Handler,), {"compress": compress}), directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def chromium_executable() -> str:
    for found in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if found and Path(found).exists():
            return found
    raise RuntimeError("no Chromium found: expected `chromium` on PATH or /usr/bin/chromium")


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/fragment/" in path:
        return "fragments"
    if "/index/" in path:
        return "index chunks"
    if name.endswith(".pf_meta") or name == "pagefind-entry.json":
        return "index metadata"
    if name.startswith("wasm."):
        return "webassembly"
    if name.endswith(".js"):
        return "scripts"
    return "other"


def _body_bytes(request: Any) -> int:
    """The response's body as sent (encoded); Chromium reports 0 for a worker's own script, whose
    Content-Length (the encoded length, which the server always sends) then tells."""
    size = int(request.sizes()["responseBodySize"])
    response = request.response()
    length = response.header_value("content-length") if response is not None else None
    return max(size, int(length)) if length and length.isdigit() else size


def first_query_bytes(
    site_dir: Path, query: str, page: str = "/", browser: Any = None, compress: bool = True, key_ms: int = 100
) -> dict[str, Any]:
    """Serve ``site_dir``, open ``page`` in a fresh headless Chromium, type ``query`` into the search
    and wait for its results; what the search fetched from the moment it started (the reader's
    click into the search box) until the results were shown and the network was idle.

    ``browser``: a Playwright (sync) Chromium already running in this process, to use instead of
    starting one (each measurement still gets a fresh context: no cache). ``compress``: send text
    files (Pagefind's two scripts, its entry file) gzip-compressed, as static hosts do; false sends
    every file as it is. ``key_ms``: the time between two keys (100 ms: a quick typist; the search
    waits for a pause of 250 ms before it runs).

    Returns ``{"query", "bytes" (encoded body bytes: what crossed the network), "uncompressed_bytes"
    (the same files as stored), "requests", "files" ({path: bytes}), "by_kind" ({"scripts" |
    "webassembly" | "index metadata" | "index chunks" | "fragments" | "other": bytes}),
    "results_shown", "result_count_text", "seconds" (click to results shown)}``."""
    site_dir = Path(site_dir)
    if not (site_dir / "pagefind" / "pagefind.js").is_file():
        raise FileNotFoundError(f"{site_dir} has no Pagefind index (pagefind/pagefind.js): build the site first")
    with serving(site_dir, compress) as base:
        if browser is not None:
            cost = _measure(browser, base + page, query, key_ms)
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                own = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True)
                try:
                    cost = _measure(own, base + page, query, key_ms)
                finally:
                    own.close()
    stored = [site_dir / path.lstrip("/") for path in cost["files"]]
    cost["uncompressed_bytes"] = sum(p.stat().st_size for p in stored if p.is_file())
    return cost


def _measure(browser: Any, url: str, query: str, key_ms: int) -> dict[str, Any]:
    fetched: list[Any] = []
    counting = False

    def finished(request: Any) -> None:
        if counting:
            fetched.append(request)

    context = browser.new_context(viewport=DESKTOP)
    try:
        context.on("requestfinished", finished)
        tab = context.new_page()
        tab.goto(url, wait_until="load")  # "networkidle" alone can come before the page's scripts have run
        tab.wait_for_load_state("networkidle")
        counting = True
        started = time.monotonic()
        box = tab.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query, delay=key_ms)
        tab.wait_for_function(
            """q => { const meta = document.querySelector('.md-search-result__meta');
                      const input = document.querySelector('input.md-search__input');
                      return input.value === q && (document.querySelector('.md-search-result__item')
                             || /no matching/i.test(meta.textContent)); }""",
            arg=query,
            timeout=TIMEOUT_MS,
        )
        seconds = time.monotonic() - started
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(300)  # fragments asked for as the results were drawn
        shown = tab.locator(".md-search-result__item").count()
        meta = tab.locator(".md-search-result__meta").inner_text().strip()
        counting = False
        files: dict[str, int] = {}
        for request in fetched:
            path = urlsplit(request.url).path
            files[path] = files.get(path, 0) + _body_bytes(request)
    finally:
        context.close()
    by_kind: dict[str, int] = {}
    for path, size in files.items():
        by_kind[_kind(path)] = by_kind.get(_kind(path), 0) + size
    return {
        "query": query,
        "bytes": sum(files.values()),
        "requests": len(fetched),
        "files": dict(sorted(files.items(), key=lambda item: -item[1])),
        "by_kind": dict(sorted(by_kind.items(), key=lambda item: -item[1])),
        "results_shown": shown,
        "result_count_text": meta,
        "seconds": round(seconds, 3),
    }


def report(cost: dict[str, Any]) -> str:
    lines = [
        f"{cost['query']!r}: {cost['bytes']:,} bytes ({cost['uncompressed_bytes']:,} uncompressed) "
        f"in {cost['requests']} requests, "
        f"{cost['results_shown']} results shown ({cost['result_count_text']}) in {cost['seconds']:.2f} s"
    ]
    lines += [f"  {kind:15} {size:>10,}" for kind, size in cost["by_kind"].items()]
    lines += [f"    {size:>10,}  {path}" for path, size in cost["files"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build -d SITE)")
    parser.add_argument("queries", nargs="*", default=["Kaechon"], help="what to type (default: Kaechon)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-compression", action="store_true", help="send every file as stored")
    args = parser.parse_args(argv)
    costs = [first_query_bytes(args.site, q, compress=not args.no_compression) for q in args.queries]
    print(json.dumps(costs, indent=2) if args.json else "\n".join(report(c) for c in costs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
