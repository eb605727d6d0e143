"""One file of a built site, read once: what it links to and loads, its anchors, its
Content-Security-Policy, and whether it publishes a private value. No knowledge of the generator
that wrote it, nor of the other files beyond their names (check.py puts the answers together).
"""

from __future__ import annotations

import contextlib
import html
import json
import posixpath
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from build_tools.checks.private import Echo, squeezed
from build_tools.outputs.csp import POLICY
from build_tools.records.problems import Origin, Problem, quote

# What a browser fetches by itself: (element, attribute). <link> fetches only for FETCHING_RELS.
REQUESTS = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("image", "href"),  # SVG
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
}
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "apple-touch-icon", "manifest"}
LINKING = {"href", "src", "srcset", "poster", "data", "xlink:href"}  # what may address a file of the site
# Elements the policy must come before: it does not cover what the page loaded ahead of it.
COVERED = {"script", "style", "link", "base", "img", "iframe", "object", "embed"}
ANOTHER_HOST = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
NOT_A_FILE = re.compile(r"^\s*(?:mailto|tel|data|blob|about|javascript):", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""", re.IGNORECASE)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
GZIP = b"\x1f\x8b"  # Pagefind's files are gzip without a .gz suffix: known by their content
MAX_UNPACKED = 256 * 1024 * 1024  # more than any file of the site: a bomb is refused, not unpacked
FRAGMENT_MARK = b"pagefind_dcd"  # what a Pagefind fragment starts with, before its JSON
TEXT_SUFFIXES = {".csv", ".xml", ".txt", ".bib", ".ris", ".cff", ".css", ".js", ".md", ".svg", ".map", ".webmanifest"}


def is_external(url: str) -> bool:
    return bool(ANOTHER_HOST.match(url))


# ---- private values ---------------------------------------------------------------------------


class Secrets:
    """Every private value to look for, found in one pass over a text whatever their number: one
    regular expression shaped as a trie of the values. A value that is a word or name (ends in a
    Latin letter or a digit) is found only as a whole word, so 'Kim' is not found in 'Kimchi'; a
    Korean one also before a particle ('김철수는')."""

    def __init__(self, values: dict[str, list[tuple[str, str]]]) -> None:
        self.labels: dict[str, list[tuple[str, str]]] = {}  # value, in lower case -> [(record, field)]
        self.spelt: dict[str, list[tuple[str, str]]] = {}  # its letters and digits -> [(record, field)]
        for value, where in values.items():
            self.labels.setdefault(value.lower(), []).extend(where)
            self.spelt.setdefault(squeezed(value), []).extend(where)
        self.pattern = _trie_regex(sorted(self.labels)) if self.labels else None
        # the same values spelt otherwise (Kim Youngchul for Kim Young-chul), as validate finds them
        self.echo = Echo(values)

    def __bool__(self) -> bool:
        return self.pattern is not None

    def found(self, text: str) -> list[tuple[str, str]]:
        """(record, field) of every value ``text`` holds (its spaces counted as one, case ignored)."""
        if self.pattern is None:
            return []
        text = " ".join(text.split())
        hits: set[tuple[str, str]] = set()
        at = 0
        while (m := self.pattern.search(text, at)) is not None:
            hits.update(self.labels.get(m.group().lower()) or self._by_fold(m.group()))
            at = m.start() + 1  # overlapping values too
        for value in self.echo.found(text):
            hits.update(self.spelt.get(value, ()))
        return sorted(hits)

    def _by_fold(self, text: str) -> list[tuple[str, str]]:
        return [w for key, labels in self.labels.items() if key.casefold() == text.casefold() for w in labels]

    def shown(self, text: str) -> str:
        """``text`` as a message may quote it: withheld if it holds a private value."""
        return "(withheld: it holds a private value)" if self.found(text) else f"'{quote(text)}'"


def _ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _trie_regex(values: list[str]) -> re.Pattern[str]:
    trie: dict[str, Any] = {}
    for value in values:
        node = trie
        for char in value:
            node = node.setdefault(char, {})
        node[""] = True
    try:
        return re.compile(_alternatives(trie, top=True), re.IGNORECASE)
    except RecursionError:  # values sharing very long beginnings: the plain alternation then
        return re.compile("|".join(_bounded(v) for v in sorted(values, key=len, reverse=True)), re.IGNORECASE)


def _bounded(value: str) -> str:
    start = r"(?<![0-9A-Za-z])" if _ascii_word(value[0]) else ""
    return start + re.escape(value) + (r"(?![0-9A-Za-z])" if _ascii_word(value[-1]) else "")


def _alternatives(node: dict[str, Any], top: bool = False, last: str = "") -> str:
    alts = []
    for char in sorted(k for k in node if k):
        start = r"(?<![0-9A-Za-z])" if top and _ascii_word(char) else ""
        alts.append(start + re.escape(char) + _alternatives(node[char], last=char))
    if "" in node:  # a value ends here; longer ones are tried first
        alts.append(r"(?![0-9A-Za-z])" if _ascii_word(last) else "")
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


# ---- one HTML page ----------------------------------------------------------------------------


@dataclass
class Ref:
    tag: str
    attr: str
    url: str
    request: bool  # the browser fetches it by itself (as opposed to a link the reader follows)


class Page(HTMLParser):
    """What a page links to and loads, the anchors it offers, its policy, and its text."""

    def __init__(self, keep_text: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[Ref] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []  # style attributes and <style> elements: CSS that may load
        self.text: list[str] | None = [] if keep_text else None
        self.policy: str | None = None
        self.policy_late = ""  # the element the policy came after, which it does not cover
        self._in_head_part = True  # before <body> (or </head>): where a policy <meta> counts
        self._covered: str = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "body":
            self._in_head_part = False
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if "style" in a:
            self.styles.append(a["style"])
        if tag == "meta":
            self._meta(a)
        elif tag in COVERED and not self._covered:
            self._covered = tag
        self._in_style = tag == "style"
        rels = set(a.get("rel", "").lower().split())
        for attr in LINKING & a.keys():
            if (tag == "object") != (attr == "data"):  # an <object>'s file is its data, and only its
                continue
            request = (tag, attr) in REQUESTS or (tag == "link" and bool(rels & FETCHING_RELS))
            urls = [u.split()[0] for u in a[attr].split(",") if u.strip()] if attr == "srcset" else [a[attr]]
            self.refs += [Ref(tag, attr, u.strip(), request) for u in urls]

    def _meta(self, a: dict[str, str]) -> None:
        equiv = a.get("http-equiv", "").lower()
        if equiv == "content-security-policy" and self._in_head_part and self.policy is None:
            self.policy, self.policy_late = a.get("content", ""), self._covered
        elif equiv == "refresh" and (m := REFRESH_URL.search(a.get("content", ""))):
            self.refs.append(Ref("meta", "content", m.group(1).strip(), False))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head_part = False
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        if self.text is not None:
            self.text.append(data)


# ---- one file ---------------------------------------------------------------------------------


@dataclass
class Scanned:
    """What one file told: its problems, and for a page its anchors and the anchors it points to
    on other pages (checked once every page is read)."""

    problems: list[Problem] = field(default_factory=list)
    ids: frozenset[str] | None = None
    elsewhere: list[tuple[str, str, str]] = field(default_factory=list)  # (page, anchor, link as written)
    read_as: str = "text"  # how its text was read: site_check.READ_AS names them


@dataclass(frozen=True)
class Site:
    """What every file's scan needs: where the site is, its files, and the private values."""

    folder: Path
    shown: str  # the folder as messages name it
    files: frozenset[str]
    secrets: Secrets
    base: str = "/"  # the path the site is served under: an address from the host's root starts with it

    def origin(self, rel: str) -> Origin:
        return Origin(f"{self.shown}/{rel}" if self.shown not in {"", "."} else rel)

    def problem(self, rel: str, code: str, message: str) -> Problem:
        return Problem(self.origin(rel), code, message)


def scan(site: Site, rel: str) -> Scanned:
    """Everything one file of the site is checked for, from one read of it."""
    out = Scanned()
    try:
        data = (site.folder / rel).read_bytes()
        if data.startswith(GZIP):
            data = _gunzip(data)
            out.read_as = "packed"
    except (OSError, zlib.error, ValueError) as e:
        out.problems.append(
            site.problem(rel, "unreadable-file", f"this file could not be read or unpacked ({_why(e)})")
        )
        out.read_as = "unread"
        return out
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")  # still searched, for words in a binary index
        out.read_as = "binary"
        if rel.endswith(".html"):
            out.problems.append(site.problem(rel, "unreadable-file", "this page is not UTF-8 text"))
            return out
    if rel.endswith(".html"):
        _scan_page(site, rel, text, out)
    else:
        _scan_other(site, rel, text, out)
    return out


def _why(e: Exception) -> str:
    return e.strerror if isinstance(e, OSError) and e.strerror else type(e).__name__


def _gunzip(data: bytes) -> bytes:
    unpack = zlib.decompressobj(wbits=31)
    out = unpack.decompress(data, MAX_UNPACKED)
    if unpack.unconsumed_tail:
        raise ValueError("larger unpacked than any file of the site may be")
    if not unpack.eof:
        raise ValueError("cut short")
    return out


def _scan_page(site: Site, rel: str, text: str, out: Scanned) -> None:
    page = Page(keep_text=bool(site.secrets))
    page.feed(text)
    page.close()
    out.read_as, out.ids = "page", frozenset(page.ids)
    if site.secrets:
        # the source as written (attributes, JSON-LD) with its character references read, and the
        # text as a reader sees it, where inline markup may split a value
        out.problems += _leaks(site, rel, html.unescape(text) + "\n" + "".join(page.text or ()))
    out.problems += _policy(site, rel, page)
    for ref in page.refs:
        _check_ref(site, rel, ref, page.ids, out)
    out.problems += _css_requests(site, rel, page.styles)


def _scan_other(site: Site, rel: str, text: str, out: Scanned) -> None:
    if rel.endswith(".css"):
        out.problems += _css_requests(site, rel, [text])
    if out.read_as != "binary" and text.startswith(FRAGMENT_MARK.decode()):
        text, out.read_as = text[len(FRAGMENT_MARK) :], "fragment"
    if not site.secrets:
        return
    if rel.endswith(".json") or out.read_as == "fragment":
        with contextlib.suppress(ValueError):  # not JSON after all: searched as written
            text += "\n" + "\n".join(_strings(json.loads(text)))  # escapes (\u..., \") read
    elif rel.endswith((".xml", ".svg")):
        text = html.unescape(text)
    out.problems += _leaks(site, rel, text)


def _strings(value: object) -> Iterator[str]:
    """Every text in a JSON document, keys too, however nested."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from (k for k in item if isinstance(k, str))
            todo += item.values()
        elif isinstance(item, list):
            todo += item
        elif item is not None and not isinstance(item, bool):
            yield str(item)


def _leaks(site: Site, rel: str, text: str) -> list[Problem]:
    # The value itself is never in the message: CI logs are public.
    return [
        site.problem(rel, "private-published", f"this file holds the value of the private field '{name}' of {record}")
        for record, name in site.secrets.found(text)
    ]


def _policy(site: Site, rel: str, page: Page) -> list[Problem]:
    if page.policy is None:
        return [site.problem(rel, "missing-csp", "this page carries no Content-Security-Policy <meta> in its <head>")]
    if page.policy_late:
        return [
            site.problem(
                rel,
                "missing-csp",
                f"this page's Content-Security-Policy <meta> comes after a <{page.policy_late}>, which it does not cover",
            )
        ]
    if " ".join(page.policy.split()) != POLICY:
        return [
            site.problem(
                rel,
                "wrong-csp",
                "this page carries a Content-Security-Policy other than the site's (build_tools/csp.py)",
            )
        ]
    return []


def _check_ref(site: Site, rel: str, ref: Ref, ids: set[str], out: Scanned) -> None:
    if not ref.url or NOT_A_FILE.match(ref.url):
        return
    if is_external(ref.url) or urlsplit(ref.url).scheme:
        if ref.request:
            out.problems.append(
                site.problem(
                    rel,
                    "third-party-request",
                    f"this page's <{ref.tag} {ref.attr}> makes the browser fetch {site.secrets.shown(ref.url)} from another host",
                )
            )
        return
    target, anchor = resolve(site.files, rel, ref.url, site.base)
    if target is None:
        out.problems.append(
            site.problem(
                rel,
                "broken-link",
                f"this page's <{ref.tag} {ref.attr}> {site.secrets.shown(ref.url)} leads to no file of the site",
            )
        )
    elif anchor and anchor.lower() != "top" and target.endswith(".html"):
        if target != rel:
            out.elsewhere.append((target, anchor, ref.url))
        elif anchor not in ids:
            out.problems.append(
                site.problem(
                    rel, "broken-anchor", f"this page's link {site.secrets.shown(ref.url)} names no element of the page"
                )
            )


def resolve(files: frozenset[str], rel: str, url: str, base: str = "/") -> tuple[str | None, str]:
    """The file of the site an address on page ``rel`` leads to (a folder's index.html), or None;
    and the anchor it names. ``base``: the path the site is served under, which an address from
    the host's root (a 404 page's) starts with."""
    parts = urlsplit(url)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return rel, anchor
    if path.startswith("/"):
        if not (path + "/").startswith(base):
            return None, anchor  # outside the site
        joined = path[len(base) :] if len(path) >= len(base) else ""
    else:
        joined = posixpath.join(posixpath.dirname(rel), path)
    norm = posixpath.normpath(joined) if joined else "."
    if norm == ".." or norm.startswith("../"):
        return None, anchor
    folder_index = "index.html" if norm == "." else f"{norm}/index.html"
    if path.endswith("/") or norm == ".":
        return (folder_index if folder_index in files else None), anchor
    if norm in files:
        return norm, anchor
    return (folder_index if folder_index in files else None), anchor


def _css_requests(site: Site, rel: str, sheets: Iterable[str]) -> list[Problem]:
    found = []
    for css in sheets:
        found += [u for _q, u in CSS_URL.findall(css) if is_external(u)]
        found += [u for u in CSS_IMPORT.findall(css) if is_external(u)]
    return [
        site.problem(
            rel,
            "third-party-request",
            f"this file's CSS makes the browser fetch {site.secrets.shown(u)} from another host",
        )
        for u in found
    ]
