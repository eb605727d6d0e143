"""A reader of the archive is not tracked and not exposed to anyone else: proved on the built site
and in Chromium.

- Every page carries a strict Content-Security-Policy in a <meta> element (a static host cannot
  send headers): nothing from another site, no inline or eval'd script. Material's own inline
  scripts are moved to files (docs/templates/, docs/assets/material-*.js).
- No built file loads anything from another host: no script, stylesheet, preload, icon, CSS url()
  or @import.
- Reading every kind of page, searching, switching and copying a citation, going back to the top
  and printing: the policy is never violated, no cookie is set, and no request leaves the site.
- The policy is in force: an inline script, eval, or a request to another site are refused.

The site is built for the address it is served at, as a published site is (ARCHIVE_SITE_URL).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import LOCAL_SCHEMES, PAGES, Recorder, settled

# Script types that hold data the browser never runs: Material's configuration and our JSON-LD.
DATA_SCRIPTS = {"application/json", "application/ld+json"}
# <link rel> values that make the browser fetch the linked address.
FETCHING_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
}
LOADING_ATTRS = {"src", "srcset", "poster", "data", "background"}
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # another host (or any host at all)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.IGNORECASE)
JS_IMPORT_SCRIPTS = re.compile(r"""importScripts\(\s*['"`]([^'"`]+)""")


# --- the built files ---------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of an HTML page that decide what a browser loads and runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head: list[tuple[str, dict[str, str]]] = []  # elements in <head>, in order
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []  # attributes, inline text
        self._in_head = False
        self._script: tuple[dict[str, str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head.append((tag, a))
        if tag == "script":
            self._script = (a, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)


def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def html_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50, f"only {len(pages)} HTML pages built in {site}"
    return pages


def policy_of(page: Page) -> tuple[int, str | None]:
    """Where in <head> the Content-Security-Policy <meta> is, and its policy."""
    for n, (tag, a) in enumerate(page.head):
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            return n, a.get("content", "")
    return -1, None


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def policy_problems(policy: str) -> list[str]:
    """What in a policy would let a page run code it did not ship, or reach another site."""
    d = directives(policy)
    problems = []
    if d.get("default-src") != ["'none'"]:
        problems.append(f"default-src is {d.get('default-src')}, not 'none'")
    for name in ("script-src", "style-src"):
        if name not in d:
            problems.append(f"no {name}")
    for name in ("object-src", "base-uri", "form-action"):
        if d.get(name) != ["'none'"]:
            problems.append(f"{name} is {d.get(name)}, not 'none'")
    for name, sources in d.items():
        for source in sources:
            # WebAssembly may be compiled (the search, Pagefind, runs in it), never JavaScript from text
            if source.lower() == "'wasm-unsafe-eval'" and name == "script-src":
                continue
            if source.lower() in {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'"}:
                problems.append(f"{name} allows {source}")
            elif source == "*" or "." in source or ABSOLUTE.match(source) or source.lower() in {"http:", "https:"}:
                problems.append(f"{name} allows another site: {source}")
            elif source.lower() in {"data:", "blob:"} and name != "img-src":
                problems.append(f"{name} allows {source}")
    return problems


def test_every_page_carries_one_strict_content_security_policy_first_in_its_head(site: Path) -> None:
    problems, policies = [], set()
    for path in html_pages(site):
        page, where = parsed(path), path.relative_to(site).as_posix()
        at, policy = policy_of(page)
        if policy is None:
            problems.append(f"{where}: no <meta http-equiv=Content-Security-Policy> in <head>")
            continue
        policies.add(policy)
        loads = [n for n, (tag, a) in enumerate(page.head) if tag in {"script", "style", "link", "base"}]
        if loads and loads[0] < at:
            problems.append(f"{where}: <{page.head[loads[0]][0]}> comes before the policy, which does not cover it")
        problems += [f"{where}: {p}" for p in policy_problems(policy)]
    assert problems == [], "\n".join(problems[:40])
    assert len(policies) == 1, f"pages carry different policies: {sorted(policies)}"


def test_no_page_holds_code_that_runs_inline(site: Path) -> None:
    """Inline code is what a strict policy refuses; none may remain, or the page breaks under it."""
    problems = []
    for path in html_pages(site):
        page, where = parsed(path), path.relative_to(site).as_posix()
        for a, text in page.scripts:
            kind = a.get("type", "").strip().lower()
            if "src" not in a and kind not in DATA_SCRIPTS:
                problems.append(f"{where}: inline <script{f' type={kind}' if kind else ''}>: {text.strip()[:80]!r}")
            elif "src" in a and text.strip():
                problems.append(f"{where}: <script src={a['src']!r}> also holds inline code")
        for tag, a in page.elements:
            problems += [f"{where}: <{tag} {k}=...> (an inline event handler)" for k in a if k.startswith("on")]
            problems += [
                f"{where}: <{tag} {k}={v!r}>" for k, v in a.items() if v.strip().lower().startswith("javascript:")
            ]
            if "style" in a:
                problems.append(f"{where}: <{tag} style={a['style']!r}> (refused by style-src 'self')")
            if tag == "style":
                problems.append(f"{where}: a <style> element (refused by style-src 'self')")
    assert problems == [], f"{len(problems)} inline code or styles:\n" + "\n".join(problems[:40])


def test_no_built_file_loads_anything_from_another_host(site: Path) -> None:
    """src, srcset, the href of a fetching <link>, CSS url() and @import, a worker's importScripts."""
    offenders = []
    for path in sorted(site.rglob("*")):
        where = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            for tag, a in parsed(path).elements:
                refs = [(k, v) for k, v in a.items() if k in LOADING_ATTRS]
                if tag == "link" and set(a.get("rel", "").lower().split()) & FETCHING_RELS:
                    refs.append(("href", a.get("href", "")))
                for k, v in refs:
                    urls = [u.split()[0] for u in v.split(",") if u.strip()] if k == "srcset" else [v]
                    offenders += [f'{where}: <{tag} {k}="{u}">' for u in urls if ABSOLUTE.match(u)]
                if "style" in a:
                    offenders += [f"{where}: <{tag} style> url({u})" for _, u in CSS_URL.findall(a["style"])]
        if path.suffix in {".css", ".js", ".html"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{where}: url({u})" for _, u in CSS_URL.findall(text) if ABSOLUTE.match(u)]
            offenders += [f"{where}: @import {u}" for u in CSS_IMPORT.findall(text) if ABSOLUTE.match(u)]
            offenders += [f"{where}: importScripts({u})" for u in JS_IMPORT_SCRIPTS.findall(text) if ABSOLUTE.match(u)]
    assert offenders == [], "references that would load from another host:\n" + "\n".join(offenders)


# --- a reader's session in Chromium --------------------------------------------------------------

# Stores every policy violation on the page's window, and reports it at once (so one that happens
# just before the page is left, e.g. a refused form submission, is not lost with the page).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
    const v = {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
               line: e.lineNumber, sample: e.sample, page: location.href};
    window.__csp.push(v);
    if (window.__reportViolation) window.__reportViolation(v);
});
"""


class Session:
    """What a reader's browser did and met over one visit to the whole site."""

    def __init__(self) -> None:
        self.violations: list[dict[str, Any]] = []
        self.page_cookies: dict[str, str] = {}  # document.cookie on each page
        self.cookies: list[Any] = []  # the browser's cookie jar at the end
        self.urls: list[str] = []
        self.foreign: list[str] = []
        self.works: dict[str, Any] = {}  # what was tried -> what happened


def violation_lines(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['page']}: {v['directive']} refused {v['blocked'] or '(inline)'}"
        f" at {v['source'] or '?'}:{v['line']} {v['sample'] or ''}".rstrip()
        for v in violations
    )


def search(page: Any, base_url: str, query: str) -> list[str]:
    """Types a query into the site's search; the addresses of the results shown."""
    settled(page, base_url + "/")
    page.locator("input.md-search__input").click()  # Pagefind loads, then fetches what the query needs
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    try:
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    except Exception:
        return []
    return [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item > a").all()]


@pytest.fixture(scope="module")
def session(browser: Any, base_url: str) -> Session:
    s = Session()
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.expose_binding("__reportViolation", lambda source, v: s.violations.append(v))
    context.add_init_script(LISTEN)
    requests = Recorder(context)
    page = context.new_page()
    try:
        for path in PAGES:
            settled(page, base_url + path)
            s.page_cookies[path] = page.evaluate("() => document.cookie")

        # Search (Pagefind fetches the parts of its index the query needs), then Enter, which opens
        # the best result.
        found = search(page, base_url, "Kaechon")
        s.works["search results for 'Kaechon'"] = found
        if found:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            page.wait_for_load_state("networkidle")
            s.works["Enter in the search opened"] = urlsplit(page.url).path
            s.page_cookies["(after searching)"] = page.evaluate("() => document.cookie")

        # The citation box: open it, switch to the BibTeX tab, copy it.
        settled(page, base_url + "/figures/fig-0005/")
        # (the first of the page's two boxes: the archive's record, then the original source)
        cite = page.locator("details.quote").filter(has=page.locator("summary", has_text="Cite this record"))
        cite.locator("summary").click()
        cite.locator(".tabbed-labels label").filter(has_text="BibTeX").click()
        block = cite.locator(".tabbed-block").filter(has_text="@misc").first
        s.works["the BibTeX tab shows its citation"] = block.is_visible()
        block.hover()
        block.locator("button[data-md-type='copy']").click()
        s.works["the copy button copied"] = page.evaluate("() => navigator.clipboard.readText()")[:40]

        # Back to top: Material offers it once the reader scrolls back up a long page.
        settled(page, base_url + "/camps/chongori/")
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(300)
        page.mouse.wheel(0, -400)
        top = page.locator(".md-top")
        try:
            top.wait_for(state="visible", timeout=5_000)
            top.click()
            page.wait_for_function("() => window.scrollY === 0", timeout=5_000)
            s.works["back to top"] = page.evaluate("() => window.scrollY")
        except Exception as e:
            s.works["back to top"] = f"failed: {e}".splitlines()[0]

        # Printing a record (print styles, and Chromium's own print of it).
        settled(page, base_url + "/camps/kaechon/")
        page.emulate_media(media="print")
        s.works["printed"] = page.pdf()[:4].decode()
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="screen")

        s.page_cookies["(at the end)"] = page.evaluate("() => document.cookie")
        s.cookies = context.cookies()
    finally:
        context.close()
    s.urls = requests.urls
    origin = urlsplit(base_url)
    s.foreign = [
        u
        for u in requests.urls
        if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u)[:2] != (origin.scheme, origin.netloc)
    ]
    s.foreign += [u for u in requests.foreign() if u not in s.foreign]
    return s


def test_no_page_violates_the_policy_while_read_searched_cited_and_printed(session: Session) -> None:
    assert session.violations == [], (
        f"{len(session.violations)} Content-Security-Policy violation(s); what the pages tried:\n"
        + violation_lines(session.violations)
    )


def test_the_site_still_works_under_the_policy(session: Session) -> None:
    works = session.works
    found = works.get("search results for 'Kaechon'") or []
    assert any("camps/kaechon/" in u for u in found), f"searching 'Kaechon' did not list the camp: {found}"
    best = urlsplit(found[0]).path if found else None
    assert works.get("Enter in the search opened") == best, (
        f"Enter in the search opened {works.get('Enter in the search opened')!r}, not the best result {best!r}"
    )
    assert works["the BibTeX tab shows its citation"], "choosing the BibTeX tab did not show the BibTeX citation"
    assert works["the copy button copied"].startswith("@misc"), f"copied {works['the copy button copied']!r}"
    assert works["back to top"] == 0, f"'Back to top' did not return to the top: {works['back to top']}"
    assert works["printed"] == "%PDF", "Chromium could not print a record"


def test_no_cookie_is_set(session: Session) -> None:
    set_on = {where: c for where, c in session.page_cookies.items() if c}
    assert set_on == {}, f"document.cookie is not empty on: {set_on}"
    assert session.cookies == [], f"the browser holds cookies after the visit: {session.cookies}"


def test_no_request_leaves_the_site(session: Session, base_url: str) -> None:
    assert len(session.urls) > len(PAGES), f"only {len(session.urls)} requests were recorded"
    searched = {u.rsplit(".", 1)[-1] for u in session.urls if "/pagefind/" in u}
    assert {"js", "pf_meta", "pf_index", "pf_fragment", "pagefind"} <= searched, (
        f"the search index was not fetched: {searched}"
    )
    assert session.foreign == [], f"requests to anywhere but {base_url}:\n" + "\n".join(session.foreign)


def test_the_policy_is_in_force_in_the_browser(browser: Any, base_url: str) -> None:
    """What a future change might add (an inline script, eval, a script or image or request from
    another site) is refused by the browser; example.invalid never resolves, so nothing could leave
    even if it were not."""
    context = browser.new_context()
    context.add_init_script(LISTEN)
    requests = Recorder(context)
    failed: dict[str, str] = {}
    context.on("requestfailed", lambda r: failed.update({r.url: r.failure or ""}))
    page = context.new_page()
    try:
        settled(page, base_url + "/figures/fig-0005/")
        tried = page.evaluate(
            """async () => {
                const s = document.createElement('script');
                s.textContent = 'window.__inlineRan = true';
                document.body.append(s);
                // Later, as the page's own code would (code run by the test itself may always eval).
                const evalRan = await new Promise(done => setTimeout(() => {
                    try { done(window.eval('1 + 1') === 2); } catch (e) { done(false); }
                }, 0));
                const ext = document.createElement('script');
                ext.src = 'https://example.invalid/tracker.js';
                document.body.append(ext);
                const img = new Image();
                img.src = 'https://example.invalid/pixel.gif';
                let fetched;
                try { await fetch('https://example.invalid/beacon'); fetched = true; } catch (e) { fetched = false; }
                await new Promise(r => setTimeout(r, 300));
                return {inline: !!window.__inlineRan, eval: evalRan, fetch: fetched,
                        refused: window.__csp.map(v => v.directive + ' ' + (v.blocked || 'inline'))};
            }"""
        )
    finally:
        context.close()
    assert not tried["inline"], "an inline script added to the page ran"
    assert not tried["eval"], "eval ran"
    assert not tried["fetch"], "a fetch to another site was let through"
    refused = " | ".join(tried["refused"])
    for directive, what in [
        ("script-src", "inline"),
        ("script-src", "eval"),
        ("script-src", "example.invalid/tracker.js"),
        ("img-src", "example.invalid/pixel.gif"),
        ("connect-src", "example.invalid/beacon"),
    ]:
        assert any(r.startswith(directive) and what in r for r in tried["refused"]), (
            f"the policy did not refuse {what} under {directive}; it refused: {refused}"
        )
    # Chromium reports a request the policy refused as begun, then failed for the reason "csp".
    let_through = {u: failed.get(u) for u in requests.urls if "example.invalid" in u and failed.get(u) != "csp"}
    assert let_through == {}, f"requests to another site that the policy did not block: {let_through}"
