"""Small helpers shared by the SVG drawings: escaping, numbers, the root element.

Output is deterministic: numbers are written with a fixed number of decimals, attributes in the
order given, no IDs but those derived from the caller's ``prefix``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 cannot hold at all; they are dropped from labels rather than breaking a page.
_NOT_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])


def text(value: object) -> str:
    """``value`` as SVG/HTML text content: escaped, never markup."""
    return escape(str(value).translate(_NOT_XML))


# Attribute values with nothing to escape (coordinates, classes, IDs): most of a drawing's.
_PLAIN = re.compile(r"[-\w .#:/(),%]*", re.ASCII)


def attr(value: object) -> str:
    """``value`` as a quoted attribute value."""
    s = str(value)
    if _PLAIN.fullmatch(s):
        return f'"{s}"'
    return quoteattr(str(value).translate(_NOT_XML), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def num(x: float, places: int = 1) -> str:
    """A coordinate with at most ``places`` decimals and no trailing zeros: 12, 12.5, -0.3."""
    if places == 1:  # most coordinates: one decimal, dropped when it is 0 (12.0 is 12)
        s = f"{x:.1f}"
        s = s[:-2] if s[-2:] == ".0" else s
    else:
        s = f"{x:.{places}f}".rstrip("0").rstrip(".") if places else f"{x:.0f}"
    return "0" if s in ("-0", "") else s


def el(tag: str, attrs: Mapping[str, object] | None = None, content: str | None = None) -> str:
    """One element. ``attrs`` values are escaped; None values are left out. ``content`` is
    inserted as given (build it from ``text``/``el``); None makes a self-closing element."""
    head = tag + "".join(f" {k}={attr(v)}" for k, v in attrs.items() if v is not None) if attrs else tag
    return f"<{head}/>" if content is None else f"<{head}>{content}</{tag}>"


def root(width: float, height: float, title: str, desc: str, body: str, prefix: str, cls: str) -> str:
    """The ``<svg>`` element: scales to its container (viewBox), named for screen readers by its
    ``<title>`` and ``<desc>``. One line with no blank lines, so Markdown passes it through as it
    is. Its role is "group", not "img": the drawings hold links, and an image's content is hidden
    from assistive technology."""
    t, d = f"{prefix}-title", f"{prefix}-desc"
    inner = el("title", {"id": t}, text(title)) + el("desc", {"id": d}, text(desc)) + body
    svg = el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {num(width)} {num(height)}",
            "class": cls,
            "role": "group",
            "aria-labelledby": f"{t} {d}",
        },
        inner,
    )
    return svg.replace("\n", " ")


# ---- text layout: SVG does not wrap text, so lines are measured and broken here -------------


@lru_cache(maxsize=8192)  # bounded: any character a record holds may come
def _char_width(ch: str) -> float:
    """Rough advance of ``ch`` in em, erring wide (DejaVu Sans is wider than Roboto or Arial)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):  # Korean, Chinese, Japanese
        return 1.0
    if ch == " ":
        return 0.32
    if ch in "ijl.,;:!'|I":
        return 0.3
    if ch in 'frt()[]{}-"/':
        return 0.4
    if ch in "mwMW%@":
        return 0.98
    if ch.isdigit():
        return 0.64
    if ch.isupper():
        return 0.74
    return 0.62


@lru_cache(maxsize=1 << 16)  # labels recur from page to page: camp names, dates
def text_width(s: str, size: float) -> float:
    """An estimate of how wide ``s`` is in a font of ``size`` units: the drawing is laid out
    before the reader's font is known, so it errs wide."""
    return sum(_char_width(c) for c in s) * size


def fit(s: str, room: float, size: float) -> str:
    """``s``, cut with an ellipsis if it is wider than ``room``."""
    if text_width(s, size) <= room:
        return s
    while s and text_width(s + "…", size) > room:
        s = s[:-1]
    return s.rstrip() + "…"


def wrap(s: str, size: float, width: float, first: float | None = None) -> list[str]:
    """``s`` in lines no wider than ``width`` (the first no wider than ``first``); words too long
    for a line are cut."""
    lines: list[str] = []
    cur = ""
    for word in s.split():
        room = first if first is not None and not lines else width
        trial = f"{cur} {word}" if cur else word
        if text_width(trial, size) <= room:
            cur = trial
            continue
        if cur:
            lines.append(cur)
            room = width
        while text_width(word, size) > room:
            k = max(1, max((i for i in range(1, len(word) + 1) if text_width(word[:i], size) <= room), default=1))
            lines.append(word[:k])
            word = word[k:]
            room = width
        cur = word
    if cur or not lines:
        lines.append(cur)
    return lines


def link_name(name: str, shown: Iterable[tuple[str, Sequence[str]]]) -> str:
    """The accessible name of a drawing's link. ``shown`` is each text the link shows, in order:
    the text whole, and the lines it is drawn in (wrapped by ``wrap``, or cut short with "…").
    ``name`` says the link in words, beginning with those texts whole, and is its name while they
    are drawn whole. When one is not (a word too long for a line broken across two, a label cut
    short), the name begins with the lines as drawn, fragments and ellipsis as the reader sees
    them, and ``name`` follows: a link's name must start with the words it shows (WCAG's "label in
    name"; axe-core compares whole words, so "Supercalifragi listic" is not "Supercalifragilistic")."""
    drawn: list[str] = []
    whole = True
    for said, lines in shown:
        drawn += lines
        whole = whole and " ".join(" ".join(lines).split()) == " ".join(said.split())
    return name if whole else f"{' '.join(' '.join(drawn).split())} {name}"
