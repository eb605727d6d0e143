"""The check of a built site, whichever generator built it (MkDocs, Zensical, ProperDocs): no
private value is published, every link and anchor within the site leads somewhere, every record has
its page in each language, nothing is fetched from another host, and every page carries the site's
Content-Security-Policy. It reads the site's files and the archive's records, nothing else.

Each file is read once (scan.py), on every core for a large site; only the anchors that links
name on other pages are put together afterwards.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.pages.i18n import LANGUAGES, Language
from build_tools.reading.load import load_file, place_of, record_files, relative_path
from build_tools.records.model import KINDS
from build_tools.records.problems import Report
from build_tools.records.raw import PRIVATE, PRIVATE_AT
from build_tools.records.walk import KeyPath, dotted
from build_tools.site.scan import Secrets, Site, scan
from build_tools.speed.fanout import results

# A private value shorter than this (in characters) is not looked for: 'yes', a year or an initial
# is on many pages that publish nothing private. Hangul says more in fewer letters: a name is two
# or three.
MIN_CHARS = 4
MIN_HANGUL_CHARS = 2
# The longest beginning of a value looked for: a note published whole holds it.
MAX_CHARS = 200

IN_ENGLISH = {"en": "English", "ko": "Korean"}  # the languages' names in messages (i18n names each in itself)

# How each file's text was read, as the summary says it.
READ_AS = {
    "page": "HTML pages parsed: links, anchors, requests, policy, and their source and text searched",
    "text": "text files read as written (JSON read with its escapes; CSV, XML, BibTeX, RIS, CSS, JavaScript)",
    "fragment": "search fragments (pagefind/fragment/) unpacked and read in full: each page's text as the search shows it",
    "packed": "other packed files unpacked and read as text",
    "binary": "binary files searched as bytes only (the search index's word lists, its WebAssembly, images):"
    " they hold single words, so a private value of several words is found only where the pages and fragments hold it",
    "unread": "files that could not be read (each reported)",
}


@dataclass
class Coverage:
    """What the check could read, for the summary: a site check that read nothing passes nothing."""

    read_as: Counter[str] = field(default_factory=Counter)
    values: int = 0  # private values looked for
    not_sought: int = 0  # private values too short, or not text, to look for
    unread_records: list[str] = field(default_factory=list)  # whose private fields could not be read

    def lines(self) -> list[str]:
        out = [f"{self.read_as[k]:>7,} {what}" for k, what in READ_AS.items() if self.read_as[k]]
        out.append(f"{self.values:>7,} private values looked for")
        if self.not_sought:
            out.append(f"{self.not_sought:>7,} private values not looked for: numbers, or under {MIN_CHARS} characters")
        if self.unread_records:
            out.append(
                f"{len(self.unread_records):>7,} records whose private fields could not be read"
                f" (run validate): {', '.join(self.unread_records[:5])}"
            )
        return out


def record_page(kind: str, rid: str, lang: Language) -> str:
    """The file of a record's page in ``lang``: render.page_path's Markdown file as MkDocs-style
    generators write it, with directory URLs (camps/kaechon.md is camps/kaechon/index.html)."""
    return f"{lang.prefix}{KINDS[kind].plural}/{rid}/index.html"


def check_site(folder: Path, root: Path, shown: str | None = None, base: str = "/") -> tuple[Report, Coverage]:
    """Every problem of the site built in ``folder`` from the archive at ``root``; problems name
    files as ``shown``/path (default: ``folder`` as given)."""
    coverage = Coverage()
    records = _records(root)
    secrets = Secrets(private_values(root, records, coverage))
    files = _site_files(folder)
    site = Site(folder, folder.as_posix() if shown is None else shown, frozenset(files), secrets, base)
    report = Report(records=len(records))
    ids: dict[str, frozenset[str]] = {}
    elsewhere: list[tuple[str, str, str, str]] = []
    for rel, found in zip(files, results([functools.partial(scan, site, rel) for rel in files]), strict=True):
        report.extend(found.problems)
        coverage.read_as[found.read_as] += 1
        if found.ids is not None:
            ids[rel] = found.ids
        elsewhere += [(rel, *link) for link in found.elsewhere]
    for rel, target, anchor, url in elsewhere:
        if target in ids and anchor not in ids[target]:
            message = f"this page's link {secrets.shown(url)} names no element of {target}"
            report.add(site.problem(rel, "broken-anchor", message))
    for rec, (kind, rid) in sorted(records.items()):
        for lang in LANGUAGES.values():
            page = record_page(kind, rid, lang)
            if page not in site.files:
                message = f"the {IN_ENGLISH.get(lang.code, lang.code)} page of the record {rec} is missing"
                report.add(site.problem(page, "missing-page", message))
    return report, coverage


def _site_files(folder: Path) -> list[str]:
    """Every file of the site, as POSIX paths relative to it, in order."""
    found = []
    for here, dirs, names in os.walk(folder):
        dirs.sort()
        rel = Path(here).relative_to(folder).as_posix()
        found += [name if rel == "." else f"{rel}/{name}" for name in sorted(names)]
    return found


def _records(root: Path) -> dict[str, tuple[str, str]]:
    """record file -> (kind, ID), for every record file of the archive."""
    out = {}
    for path in record_files(root):
        rel = relative_path(root, path)
        kind, rid, complaint = place_of(rel)
        if kind is not None and rid is not None and not complaint:
            out[rel] = (kind, rid)
    return out


def private_values(
    root: Path, records: dict[str, tuple[str, str]], coverage: Coverage
) -> dict[str, list[tuple[str, str]]]:
    """private value -> the (record file, field) that hold it."""
    values: dict[str, list[tuple[str, str]]] = {}
    for rec in records:
        raw, _problems = load_file(root, root / rec, rec)
        if raw is None:
            coverage.unread_records.append(rec)
            continue
        for where, leaf in _private_leaves(raw.data):
            text = _sought(leaf)
            if text is None:
                coverage.not_sought += 1
            else:
                values.setdefault(text, []).append((rec, dotted(where)))
    coverage.values = len(values)
    return values


def _private_leaves(data: dict[str, Any]) -> Iterator[tuple[KeyPath, Any]]:
    for at in PRIVATE_AT:
        holder: Any = data
        for key in at:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and PRIVATE in holder:
            yield from _leaves(holder[PRIVATE], (*at, PRIVATE))


def _leaves(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, str(key)))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _leaves(item, (*path, n))
    elif value is not None:
        yield path, value


def _sought(leaf: Any) -> str | None:
    """A private value as it is looked for (its spaces as one), or None if it cannot usefully be:
    true/false, a number of few digits, a text too short."""
    if isinstance(leaf, bool) or (isinstance(leaf, float | int) and len(str(leaf)) < 6):
        return None
    text = " ".join(str(leaf).split())
    if len(text) > MAX_CHARS:  # cut where a word ends, so that the value is still found whole-worded
        text = text[: MAX_CHARS + 1].rsplit(" ", 1)[0]
    hangul = any("\uac00" <= c <= "\ud7a3" for c in text)
    return text if len(text) >= (MIN_HANGUL_CHARS if hangul else MIN_CHARS) else None
