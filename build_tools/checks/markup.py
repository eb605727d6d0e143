"""What a Markdown body may link to, and how whatever it may not is made inert.

A record's narrative is Markdown, rendered by Python-Markdown with the extensions in mkdocs.yml.
Raw HTML is already shown as text (``fmt.md_body`` escapes '&' and '<'), but Markdown itself can
still make a link run a script (``[x](javascript:...)``, a reference definition ``[x]: data:...``),
an image fetch a picture from another site as the page loads (a third-party request that tells
that site who reads which testimony), and attr_list syntax (``{: onclick="..."}``, ``{#id .class}``)
put any attribute on an element. ``unsafe_markup`` finds these for validation, with where each
stands; ``neutralise`` breaks the same syntax at render time, so a body that skipped validation
still comes out as text.

The whole body is treated as running text, code blocks included: a narrative has no need to show
code, and a fence the renderer did not recognise would otherwise let markup through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from build_tools.records.problems import Origin, Problem, quote
from build_tools.records.raw import MAX_REPORTED
from build_tools.records.urls import url_problem

# A backslash escapes the next character in Markdown; a construct counts only when the character
# that starts it has an even number of backslashes (none, or escaped ones) before it, which
# ``_live`` checks. Each pattern below starts with that character, which a search skips ahead to
# (a look-behind for the backslashes in front of each pattern made it try every position instead:
# four times slower over a body).
_IMAGE = re.compile(r"(!)\[")
# Every pattern looks only a bounded way ahead, so that no input (a line of 100,000 '](') makes
# the search quadratic. A scheme is decided by a URL's first characters, so reading the first
# 200 that are not whitespace is enough: browsers drop tabs and line breaks inside a URL and
# Python-Markdown the whitespace around it, so whitespace does not count towards the 200.
_AHEAD = 200
# An inline link: a ']' directly followed by '(' (whatever opened it, even an escaped '['), then
# the destination, up to the first ')', quote or '>'.
_INLINE_LINK = re.compile(rf"\](\()(?=((?:\s*[^)\"'>\s]){{0,{_AHEAD}}}))")
# A reference definition, '[label]: destination', anywhere a line may start once a block quote's
# '>' or a list item's indent is taken off; the destination may stand on the next line. The label
# is read whole, as Python-Markdown does (it stops at the next bracket, so this stays linear).
_DEFINITION = re.compile(rf"(\[)[^\[\]]*\]:(?=[ \t]*(?:\n[ \t]*)?(\S{{0,{_AHEAD}}}))")
# attr_list: '{:' anything '}', or braces holding an #id, a .class or a name=value, closed on
# the same line. (A longer one is not reported, but md_body escapes every brace all the same.)
_ATTRIBUTES = re.compile(rf"(\{{)(?=:|[ \t]*(?:[#.][^\s}}]|[^\s}}=]{{1,{_AHEAD}}}=))(?=[^}}\n]{{0,{5 * _AHEAD}}}\}})")
_BRACE = re.compile(r"(?<!\\)((?:\\\\)*)([{}])")
# A '[' that can open no short link: its ']' is not within _AHEAD characters, or another '['
# comes first. Python-Markdown searches from every '[' for its ']', so a few thousand of them
# ('[[[[...', '![![![...') take it minutes; made literal, they cost nothing. [[id]] is kept.
_STRAY_OPENER = re.compile(rf"(\[)(?![^\[\]]{{0,{_AHEAD}}}\])")
_TEXT_REF = re.compile(r"\[\[[a-z0-9-]+\]\]")
# A link's destination whose ')' is not within 2 * _AHEAD characters: Python-Markdown looks for it
# to the paragraph's end from every such '(' ('[a](' a few thousand times over takes it minutes);
# made literal, the text shows as written, as an unclosed link shows anyway.
_STRAY_DESTINATION = re.compile(rf"\](\()(?![^)]{{0,{2 * _AHEAD}}}\))")
# The containers a line opens at its start: block quotes, list items (their indent and markers).
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$))*")
# Python-Markdown recurses once per level of lists and indented blocks (admonitions, details,
# tabs) and fails past some 250; no narrative needs more than a few.
MAX_BODY_DEPTH = 20
# A line starting with no more than MAX_BODY_DEPTH of these characters nests no deeper: each level
# (four columns of indent, a tab, a '>', a list marker) takes at least one of them.
_DEEP_START = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_BODY_DEPTH + 1}}}", re.M)

_SCHEME = re.compile(r"^([^/?#]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside or around a URL


@dataclass(frozen=True)
class Finding:
    """One construct a body may not hold: ``at`` is the offset of the character that starts it
    (the one a backslash before it would make literal)."""

    at: int
    message: str


def destination_is_safe(destination: str) -> bool:
    """An http(s) address, a path on this site or a #fragment; not another scheme (javascript:,
    data:, vbscript:, mailto:, ...) however it is spelt, nor a scheme-less '//host'."""
    url = _IGNORED_IN_URLS.sub("", html.unescape(destination)).strip("<>")
    lowered = url.lower()
    if lowered.startswith(("http://", "https://")):
        return url_problem(url) is None  # nor one that hides where it leads (urls.py)
    if re.match(r"^[/\\]{2}", url):
        return False
    return _SCHEME.match(url) is None


def _live(pattern: re.Pattern[str], body: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``body`` whose first character is not escaped: an even
    number of backslashes (none, or escaped ones) stands before it. No match of these patterns
    holds a character that could start another, nor ends on a backslash, so these are the very
    matches each gave with a look-behind for the backslashes in front (tests/test_validate_speed.py
    compares the two)."""
    for m in pattern.finditer(body):
        at = before = m.start()
        while before and body[before - 1] == "\\":
            before -= 1
        if (at - before) % 2 == 0:
            yield m


def unsafe_markup(body: str) -> list[Finding]:
    """Every link or reference definition to an unsafe destination, image and attribute list in
    ``body``, in order."""
    found = [
        Finding(
            m.start(1),
            "an image would load a picture as the page opens (from another site, a request that"
            " reveals the reader); link to it instead: write [description](https://...) without the '!'",
        )
        for m in _live(_IMAGE, body)
    ]
    found += [
        Finding(m.start(1), _bad_destination("link", m.group(2)))
        for m in _live(_INLINE_LINK, body)
        if not destination_is_safe(m.group(2))
    ]
    found += [
        Finding(m.start(1), _bad_destination("reference definition", m.group(2)))
        for m in _live(_DEFINITION, body)
        if not destination_is_safe(m.group(2))
    ]
    found += [
        Finding(
            m.start(1),
            "attribute lists ({: ...}, {#id}, {.class}, {name=value}) could put any attribute,"
            " a script among them, on the page; remove the braces, or write \\{ to show a brace",
        )
        for m in _live(_ATTRIBUTES, body)
    ]
    return sorted(found, key=lambda f: f.at)


def _bad_destination(what: str, destination: str) -> str:
    """Why a destination is refused, naming its scheme but never the address itself: a mailto: or
    tel: link holds an e-mail address or a phone number, an http(s) one may hold credentials, and
    the message is printed in a public log (the problem's line and column say which link it is)."""
    url = _IGNORED_IN_URLS.sub("", html.unescape(destination)).strip("<>")
    if url.lower().startswith(("http://", "https://")):
        return f"the {what}'s address {url_problem(url) or 'cannot be linked'} (the address is not repeated here)"
    scheme = _SCHEME.match(url)
    said = (
        f"a '{quote(scheme.group(1).lower()[:20])}:' address"
        if scheme
        else "an address that starts with '//', which leads to another site"
    )
    return (
        f"the {what} goes to {said} (not repeated here), which is not an http(s) address, a path on this"
        " site or a #fragment; only those may be linked (a javascript: or data: link could run code)"
    )


def stray_openers(body: str) -> list[int]:
    """Offsets of the '[' that can open no link, outside [[id]] references, and of the '(' that
    open a link's destination never closed."""
    refs = {i for m in _TEXT_REF.finditer(body) for i in range(m.start(), m.end())}
    unclosed = [m.start(1) for m in _live(_STRAY_DESTINATION, body)]
    return sorted([m.start(1) for m in _live(_STRAY_OPENER, body) if m.start(1) not in refs] + unclosed)


def nesting(line: str) -> int:
    """How many lists, block quotes and indented blocks a body line stands in, at least: four
    spaces (or a tab) of indent are one level, each container marker at its start another."""
    markers = _CONTAINERS.match(line)
    opened = markers.group() if markers else ""
    indent = len(line) - len(line.lstrip(" \t"))
    return line[:indent].expandtabs(4).count("    ") + len(re.findall(r">|[-*+]|\d{1,9}[.)]", opened))


def neutralise(body: str) -> str:
    """``body`` with each unsafe construct made literal text by a backslash before the character
    that starts it, and every brace escaped, so that attr_list reads none (not even one too long
    for ``unsafe_markup`` to report) and ``{{ 7*7 }}`` or ``{sic}`` show as written. A '[' that
    can open no link is escaped too, which keeps the renderer's time linear."""
    starts = sorted({f.at for f in unsafe_markup(body)} | set(stray_openers(body)))
    pieces = [body[a:b] for a, b in zip([0, *starts], [*starts, len(body)], strict=True)]
    return _BRACE.sub(r"\1\\\2", "\\".join(pieces))


def body_problems(path: str, body: str, body_line: int, indent: int = 0) -> list[Problem]:
    """``unsafe-markup`` problems for a record's body, which starts on line ``body_line`` of the
    file at ``path``; each at the line and column of the construct. ``indent``: how far each of
    its lines stands indented in the file (a narrative in Korean, written as a YAML block)."""
    findings = unsafe_markup(body)
    problems = []
    for finding in findings[:MAX_REPORTED]:
        line = body_line + body.count("\n", 0, finding.at)
        column = finding.at - (body.rfind("\n", 0, finding.at) + 1) + 1 + indent
        problems.append(Problem(Origin(path, line, column), "unsafe-markup", finding.message))
    if len(findings) > MAX_REPORTED:
        more = f" (and {len(findings) - MAX_REPORTED} more like it further on in this file)"
        problems[-1] = Problem(problems[-1].origin, "unsafe-markup", problems[-1].message + more)
    return problems + _nesting_problems(path, body, body_line, indent)


def _nesting_problems(path: str, body: str, body_line: int, indent: int) -> list[Problem]:
    """The first body line nested deeper than MAX_BODY_DEPTH, if any: deeper still, the
    renderer would fail (a RecursionError) instead of the contributor being told where."""
    if not _DEEP_START.search(body):
        return []  # the common case, found in one pass over the body
    for n, line in enumerate(body.split("\n")):
        depth = nesting(line)
        if depth > MAX_BODY_DEPTH:
            return [
                Problem(
                    Origin(path, body_line + n, 1 + indent),
                    "too-deeply-nested",
                    f"this line stands {depth} lists, quotes or indented blocks deep, more than the"
                    f" {MAX_BODY_DEPTH} a body may nest; flatten it (or indent it less)",
                )
            ]
    return []
