"""A record's private values in its public text and in what is said of it: found however they are
spelt (``Echo``), and never repeated in a problem's message (``withhold``). No I/O.

A private block holds what must never be published (a witness's name, a relative, a village, a
phone number). The same value written again in a public text would reach every page, and quoted in
a problem it would reach the log of a pull request, which is public.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cached_property, lru_cache
from typing import Any

from build_tools.records.problems import Problem

# A private value with this many letters and digits or more is looked for in the record's public
# text: shorter ones ("yes", "Kim") would be found in any text. In a script that writes a name in
# few characters (Hangul, 김순희; Han, 金順姬), three.
MIN_SECRET, MIN_SECRET_UNSPACED = 4, 3

# Hangul and Han: scripts that write no space between a name and the particle after it
_UNSPACED = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What Korean writes against a name (김순희가, 김순희씨는, 010-4821-0093으로): a Hangul value is found
# where one of these or no Hangul follows it, so that 이수용 is not found in 이 수용소 (this camp)
_PARTICLES = tuple(
    [
        "이",
        "가",
        "은",
        "는",
        "을",
        "를",
        "의",
        "에",
        "와",
        "과",
        "도",
        "만",
        "로",
        "으로",
        "씨",
        "님",
        "께",
        "한테",
        "처럼",
        "보다",
        "부터",
        "까지",
        "라고",
        "이라고",
        "하고",
        "이나",
        "나",
        "이며",
        "며",
        "이고",
        "고",
        "이다",
        "였",
        "이었",
        "야",
        "아",
        "랑",
        "이랑",
    ]
)
_NOT_ALNUM = re.compile(r"[\W_]+")
# Accents and the modifier letters of romanisations (Kaech'ŏn, Sinp\u02bco-ri): no part of a spelling
_MARKS = re.compile("[\u0300-\u036f\u02b0-\u02ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Past this many places in one text where a value's letters stand inside a longer word, the text is
# not searched further for it (a hostile text of one long word would otherwise cost its square).
_MAX_TRIES = 1000


def _fold(text: str) -> str:
    """``text`` as its letters are compared: full-width letters as others, accents and modifier
    letters left out (Yŏng as Yong), in lower case. Hangul stays composed."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFKD", text))).lower()


def squeezed(text: str) -> str:
    """The letters and digits of ``text``, folded, and nothing else."""
    return _NOT_ALNUM.sub("", _fold(text))


def skeleton(text: str) -> tuple[str, list[int]]:
    """``squeezed(text)``, with where in ``text`` each of its characters comes from."""
    letters: list[str] = []
    at: list[int] = []
    for i, c in enumerate(text):
        for f in _fold(c) if not c.isascii() else c.lower():
            if f.isalnum():
                letters.append(f)
                at.append(i)
    return "".join(letters), at


class Echo:
    """The values of a record's private blocks, found in a text however they are spelt: whatever
    case, accents or full-width letters, whatever stands between their letters and digits (Kim
    Young-chul as Kim Youngchul, KIM YOUNG CHUL or Kim Yŏng-chul; 김순희 as 김 순희; 010-4821-0093 as
    010 4821 0093; a name broken over two lines of a narrative). A value is looked for when it has
    MIN_SECRET letters and digits (MIN_SECRET_UNSPACED in Hangul or Han), as a word of its own: no
    letter of a spaced script against it, and after one in Hangul or Han, none or a particle."""

    def __init__(self, values: Iterable[str]) -> None:
        kept = {squeezed(v) for v in values}
        self.values = sorted(
            (v for v in kept if len(v) >= (MIN_SECRET_UNSPACED if _UNSPACED.search(v) else MIN_SECRET)), key=len
        )

    def __bool__(self) -> bool:
        return bool(self.values)

    def among(self, texts: Iterable[str]) -> Echo:
        """Those of the values whose letters stand in one of ``texts``: one search of them all per
        value, so that a record whose texts hold none is done with in a few passes in C."""
        joined = "\x00".join(squeezed(t) for t in texts)
        narrowed = Echo(())
        if len(self.values) <= _FEW:
            narrowed.values = [v for v in self.values if v in joined]
            return narrowed
        # many values: one pass of a pattern shaped as their trie finds which begin where, then the
        # few that do are looked for whole (each search of a long text per value costs its length)
        begun = {m.group(1) for m in _trie(tuple(self.values)).finditer(joined)}
        starts = {b[:k] for b in begun for k in range(1, len(b) + 1)}  # a shorter value begun there too
        narrowed.values = [v for v in self.values if v[:_DEPTH] in starts and v in joined]
        return narrowed

    def find(self, text: str) -> int | None:
        """Where in ``text`` the first private value written in it starts; None if none is."""
        return min((start for _value, start in self._places(text)), default=None)

    def found(self, text: str) -> list[str]:
        """The private values (as ``squeezed`` gives them) written in ``text``."""
        return [value for value, _start in self._places(text)]

    def begun(self, text: str) -> bool:
        """Whether ``text`` ends with the beginning of a value (three letters, two in Hangul or Han):
        a quote cut short may stop inside a name."""
        end = squeezed(text)[-_DEPTH:]
        return any(end[-k:] in self._beginnings for k in range(2, len(end) + 1))

    @cached_property
    def _beginnings(self) -> frozenset[str]:
        return frozenset(
            v[:k] for v in self.values for k in range(2 if _UNSPACED.match(v) else 3, min(len(v), _DEPTH + 1))
        )

    def _places(self, text: str) -> list[tuple[str, int]]:
        """Each value written in ``text`` and where it first stands as a word of its own."""
        if not self.values:
            return []
        maybe = self.among([text]).values  # most texts hold none of the values, and are done here
        if not maybe:
            return []
        letters, at = skeleton(text)
        places = []
        for value in maybe:
            i, tries = letters.find(value), 0
            while i != -1 and tries < _MAX_TRIES:
                if _whole(text, at[i], at[i + len(value) - 1] + 1, value):
                    places.append((value, at[i]))
                    break
                i, tries = letters.find(value, i + 1), tries + 1
        return places


# Past this many values, ``Echo.among`` finds them with one pattern (``_trie``) of their first
# _DEPTH letters rather than one search each
_FEW, _DEPTH = 64, 48


@lru_cache(maxsize=8)  # bounded: a record's values, asked of its texts and then of its messages
def _trie(values: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds, at every place of a text, the longest of ``values`` (their first
    _DEPTH letters) that begins there: the values' trie, as nested alternatives."""
    trie: dict[str, Any] = {}
    for value in values:
        node = trie
        for c in value[:_DEPTH]:
            node = node.setdefault(c, {})
        node[""] = {}

    def alternatives(node: dict[str, Any]) -> str:
        parts = [re.escape(c) + alternatives(node[c]) for c in sorted(node) if c]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(f"(?=({alternatives(trie)}))")


def _whole(text: str, start: int, end: int, value: str) -> bool:
    """Whether ``value``, found in text[start:end], stands there as a word of its own."""
    if start > 0 and _spaced_letter(text[start - 1]) and not _UNSPACED.match(value[0]):
        return False
    if end >= len(text):
        return True
    after = text[end]
    if _UNSPACED.match(value[-1]):
        return not _UNSPACED.match(after) or text.startswith(_PARTICLES, end)
    return not _spaced_letter(after)


def _spaced_letter(c: str) -> bool:
    """A letter or digit of a script that spaces its words."""
    return c.isalnum() and c != "_" and not _UNSPACED.match(c) and not _MARKS.match(c)


# A part of a message that quotes what a record says: in quotes, or a reference in double brackets
_QUOTED = re.compile(r"'[^'\n]*'|\[\[[^\]\n]*\]\]|“[^”\n]*”|\"[^\"\n]*\"")
# How a message writes a character it must not print as it is (problems.printable): a separator
_ESCAPED = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[ntrabfv0])")
WITHHELD = "(not repeated here: it holds one of the record's private values)"
NOT_SHOWN = "this problem's message is not shown: it would repeat one of the record's private values"


def withhold(problems: list[Problem], echoes: Mapping[str, Echo]) -> list[Problem]:
    """``problems`` with what a message quotes of its record withheld where it holds one of the
    record's private values (``echoes``, by the record's path), whole or cut short: a reference,
    a link, a field's name, a date or a file name can be a name or a number written in the wrong
    place. A message that would still repeat one says only that it would."""
    messages: dict[str, list[str]] = {}
    for problem in problems:
        if problem.origin.path in echoes:
            messages.setdefault(problem.origin.path, []).append(_ESCAPED.sub(" ", problem.message))
    # each record's values narrowed to those its messages may hold: one search of them all per value
    narrowed = {path: echoes[path].among(said) for path, said in messages.items()}
    out = []
    for problem in problems:
        every, echo = echoes.get(problem.origin.path), narrowed.get(problem.origin.path)
        said = _ESCAPED.sub(" ", problem.message)
        if every and ((echo and echo.find(said) is not None) or "\u2026" in said):
            message = problem.message
            for m in _QUOTED.finditer(problem.message):
                part = _ESCAPED.sub(" ", m.group())
                cut = "\u2026" in part and every.begun(part.split("\u2026", 1)[0])  # a name cut short
                if cut or (echo and echo.find(part) is not None):
                    message = message.replace(m.group(), WITHHELD)
            if echo and echo.find(_ESCAPED.sub(" ", message)) is not None:
                message = NOT_SHOWN
            problem = replace(problem, message=message)
        out.append(problem)
    return out
