"""Addresses that are what they look like. No I/O.

A record's URL is shown to readers as a link to a source. It must lead where it reads: an http(s)
address with a host, no user name or password before the host (``https://www.un.org@evil.example/``
reads as un.org and opens evil.example), and no host name whose letters mix scripts, the way a
Cyrillic o (U+043E) passes for a Latin one in ``hrnk.org``, also when written in punycode
(``xn--...``). A host name in Korean, Chinese or Japanese script is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from urllib.parse import urlsplit

_SHAPE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Scripts that one label may mix, as the "highly restrictive" level of Unicode's UTS #39 allows
# for East Asian writing: Han with Hangul (Korean), with kana (Japanese) or with Bopomofo.
_EAST_ASIAN = ("HAN", "HANGUL", "HIRAGANA", "KATAKANA", "BOPOMOFO")
_MIXABLE = (
    frozenset({"HAN", "HANGUL"}),
    frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"HAN", "BOPOMOFO"}),
)
# Unicode character names by script, as far as a host name needs them.
_SCRIPT_OF_NAME = (
    ("CJK ", "HAN"),
    ("HANGUL ", "HANGUL"),
    ("HIRAGANA ", "HIRAGANA"),
    ("KATAKANA ", "KATAKANA"),
    ("BOPOMOFO ", "BOPOMOFO"),
)


def url_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a link to a source, said after the quoted URL, or None."""
    if not _SHAPE.match(value):
        return "is not an absolute http(s) URL"
    if "\\" in value:
        return "holds a backslash, which browsers read as '/': write '/'"
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed '[' of an IPv6 address, and the like
        return "is not an address a browser can read"
    if "@" in parts.netloc:
        return (
            "names a user or password before '@', so the link leads to the host after it, not the one it"
            " seems to name: write the address without it"
        )
    try:
        parts.port  # noqa: B018 (raises for a port that is no number)
    except ValueError:
        return "has a port that is not a number"
    host = parts.hostname or ""
    if not host or host.startswith(".") or ".." in host:
        return "names no host"
    labels = host.rstrip(".").split(".")
    for label in labels:
        mixed = label_problem(label)
        if mixed:
            return f"has a host name that {mixed}"
    # A label wholly in Cyrillic or Greek beside Latin ones (apple.com in Cyrillic letters) spells
    # a Latin name in look-alike letters; East Asian scripts cannot pass for Latin and may.
    scripts = {s for label in labels for s in map(_script, _shown(label) or "") if s is not None}
    lookalike = scripts - {"LATIN", *_EAST_ASIAN}
    if lookalike and len(scripts) > 1:
        names = ", ".join(sorted(s.title() for s in scripts))
        return (
            f"has a host name that mixes the scripts {names} in '{'.'.join(map(_punycode, labels))}';"
            " a letter of one script can pass for another's"
        )
    return None


def label_problem(label: str) -> str | None:
    """What makes one label of a host name misleading, or None."""
    shown = _shown(label)
    if shown is None:
        return f"holds '{label}', which is no valid internationalised name"
    if shown.isascii():
        return None
    scripts = {s for s in map(_script, shown) if s is not None}
    if len(scripts) > 1 and not any(scripts <= allowed for allowed in _MIXABLE):
        punycode = label if label != shown else _punycode(label)
        return (
            f"mixes the scripts {', '.join(sorted(s.title() for s in scripts))} in '{punycode}'; a letter of"
            " one script can pass for another's"
        )
    return None


def _shown(label: str) -> str | None:
    """A label as a browser may show it: a punycode label (xn--) decoded; None if it is not valid."""
    if not label.lower().startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return None


def _punycode(label: str) -> str:
    try:
        return label.encode("idna").decode("ascii")
    except UnicodeError:
        return label.encode("ascii", "backslashreplace").decode("ascii")


@cache  # one entry per distinct character of a host name
def _script(char: str) -> str | None:
    """The script of a letter (LATIN, CYRILLIC, GREEK, HAN, ...); None for digits, '-' and the like."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix, script in _SCRIPT_OF_NAME:
        if name.startswith(prefix):
            return script
    return name.split(" ", 1)[0] or "UNKNOWN"
