"""A record's private values in its public text and in what is said of it: found however they are
spelt (``Echo``), and never repeated in a problem's message (``withhold``). No I/O.

A private block holds what must never be published (a witness's name, a relative, a village, a
phone number). The same value written again in a public text would reach every page, and quoted in
a problem it would reach the log of a pull request, which is public.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from build_tools.records.fields import HANGUL
from build_tools.records.problems import Problem

# A private value this long or longer is looked for in the record's public text: shorter ones
# ("yes", "Kim") would be found in any text. In Hangul, where a name is three syllables (김순희),
# three.
MIN_SECRET, MIN_SECRET_HANGUL = 4, 3


# A letter or digit: what a value's spelling is made of (whatever stands between them, a space, a
# hyphen, a dot, or nothing, spells the same value: Kim Young-chul, KIM YOUNGCHUL; 김 순희, 김순희)
_ALNUM = re.compile(r"[^\W_]")
_NOT_ALNUM = re.compile(r"[\W_]+")
# Past this many places in one text where a value's letters stand inside a longer word, the text is
# not searched further for it (a hostile text of one long word would otherwise cost its square).
_MAX_TRIES = 1000


def _low(c: str) -> str:
    low = c.lower()
    return low if len(low) == 1 else c


def skeleton(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text`` in lower case, and where each stands in ``text``."""
    at = [m.start() for m in _ALNUM.finditer(text)]
    return "".join(_low(text[i]) for i in at), at


class Echo:
    """The values of a record's private blocks, found in a text however they are spelt: whatever
    case, whatever stands between their letters and digits (Kim Young-chul as Kim Youngchul or KIM
    YOUNG CHUL, 김순희 as 김 순희, 010-4821-0093 as 010 4821 0093). A value is looked for when it has
    MIN_SECRET letters and digits (MIN_SECRET_HANGUL in Hangul), as a whole word where it starts or
    ends with a letter of a script that spaces its words, anywhere in Hangul (where particles are
    written against a name: 김순희가). Each value costs one search of the text (str.find)."""

    def __init__(self, values: Iterable[str]) -> None:
        kept = {skeleton(v)[0] for v in values}
        self.values = sorted(
            (v for v in kept if len(v) >= (MIN_SECRET_HANGUL if HANGUL.search(v) else MIN_SECRET)), key=len
        )

    def __bool__(self) -> bool:
        return bool(self.values)

    def find(self, text: str) -> int | None:
        """Where in ``text`` the first private value written in it starts; None if none is."""
        return min((start for _value, start in self._places(text)), default=None)

    def found(self, text: str) -> list[str]:
        """The private values (their letters and digits, in lower case) written in ``text``."""
        return [value for value, _start in self._places(text)]

    def _places(self, text: str) -> list[tuple[str, int]]:
        """Each value written in ``text`` and where it first stands as a word of its own."""
        squeezed = _NOT_ALNUM.sub("", text).lower()  # in C: most texts hold none, and are done here
        maybe = [v for v in self.values if v.lower() in squeezed]
        if not maybe:
            return []
        letters, at = skeleton(text)
        places = []
        for value in maybe:
            i, tries = letters.find(value), 0
            while i != -1 and tries < _MAX_TRIES:
                if _whole(text, at, i, i + len(value) - 1, value):
                    places.append((value, at[i]))
                    break
                i, tries = letters.find(value, i + 1), tries + 1
        return places


def _whole(text: str, at: list[int], i: int, j: int, value: str) -> bool:
    """Whether the value's letters at[i]..at[j] of ``text`` stand as a word of their own, where the
    value starts or ends with a letter of a script that spaces its words."""
    if not HANGUL.match(value[0]) and at[i] > 0 and _ALNUM.match(text, at[i] - 1):
        return False
    end = at[j] + 1
    return HANGUL.match(value[-1]) is not None or end >= len(text) or not _ALNUM.match(text, end)


# A part of a message that quotes what a record says: in quotes, or a reference in double brackets
_QUOTED = re.compile(r"'[^'\n]*'|\[\[[^\]\n]*\]\]|“[^”\n]*”|\"[^\"\n]*\"")
WITHHELD = "(not repeated here: it holds one of the record's private values)"


def withhold(problems: list[Problem], echoes: Mapping[str, Echo]) -> list[Problem]:
    """``problems`` with what a message quotes of its record withheld where it holds one of the
    record's private values (``echoes``, by the record's path): a link's address, a reference, a
    field's name can be a name or a number written in the wrong place. A message that would still
    repeat one says only that it would."""
    out = []
    for problem in problems:
        echo = echoes.get(problem.origin.path)
        if echo is not None and echo.find(problem.message) is not None:
            quoted = [m.group() for m in _QUOTED.finditer(problem.message)]
            message = problem.message
            for part in (q for q in quoted if echo.find(q) is not None):
                message = message.replace(part, WITHHELD)
            if echo.find(message) is not None:
                message = "this problem's message is not shown: it would repeat one of the record's private values"
            problem = replace(problem, message=message)
        out.append(problem)
    return out
