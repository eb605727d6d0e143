"""Protecting witnesses: private fields never reach the model, public text must not identify anyone,
a witness's place of origin is a province or a country, and testimony of violence carries a content
note. No I/O.

The North Korean state punishes witnesses' families. What could identify a witness is therefore
checked before anything is published, and the checks err on the side of stopping the build: a
maintainer can reword the text, or move the detail into the record's ``private`` block.

Problem messages never repeat the identifying text itself, only what kind of detail it looks like
and where: they are printed in CI logs and pull-request annotations, which are public.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from build_tools.checks.private import Echo
from build_tools.records.model import NARRATIVE, Entry, Testimony
from build_tools.records.problems import Origin, Problem
from build_tools.records.raw import MAX_REPORTED, KeyPath, RawRecord, private_values
from build_tools.records.walk import dotted, iter_texts

# ---- private fields ---------------------------------------------------------------------------

# PRIVATE and PRIVATE_AT (where a record may keep private fields) are the reader's: it must not
# quote what stands there in a problem (yamlread.is_private).

# ---- identifying details in public text -------------------------------------------------------

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DAY_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}})"


class _FromRunStarts:
    """A pattern with alternatives that, started anywhere in a run of characters, match if and only
    if they do from the run's start (the user name before an '@', the digits of a number): those are
    tried where a run starts only, so that a run is read once rather than once from each of its
    characters. ``starts``: the look-behinds in ``pattern`` that make them so, such as (?<!\\d)
    before \\d++. Where the match before ended inside a run, the pattern without them is tried there
    once, so that every match is the one the pattern without them gives."""

    def __init__(self, pattern: str, starts: tuple[str, ...], flags: int = 0) -> None:
        anywhere = pattern
        for start in starts:
            if start not in pattern:
                raise ValueError(f"{start} is not in {pattern}")
            anywhere = anywhere.replace(start, "")
        self.at_starts = re.compile(pattern, flags)
        self.anywhere = re.compile(anywhere, flags)

    def search(self, text: str) -> re.Match[str] | None:
        return self.at_starts.search(text)  # the first match: where a run starts, if in one

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        at = 0
        while True:
            m = (self.anywhere.match(text, at) if at else None) or self.at_starts.search(text, at)
            if m is None:
                return
            yield m
            at = m.end()


# (what it looks like, pattern). Each is narrow on purpose: years, ranges ("2020-2022"), counts
# ("1,000") and page spans ("pages 12-17") must not trip them.
#
# Each takes time in proportion to the text it searches, whatever the text holds (a testimony may
# be 256 KiB, and one YAML text of it a single line): a run of letters with no '@' after it, of
# digits or of Hangul, is tried from its first character only (_FromRunStarts), and whitespace is
# taken whole (possessively: \s*+) wherever giving some of it back could not make a match, rather
# than shared out in every way between two or three \s* in a row ("room" and a line of spaces
# took minutes). Each finds just what it found before: tests/test_witness.py compares them.
_EVERYWHERE: tuple[tuple[str, re.Pattern[str] | _FromRunStarts], ...] = (
    ("an e-mail address", _FromRunStarts(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+", (r"(?<![\w.+-])",))),
    (
        "a phone number",
        re.compile(
            # international (not a code: W-00001). Its look-aheads, that each run of digits it reads
            # is no longer than it can read and is followed by no letter or digit (a match ends where
            # a run of digits does), hold wherever it matches; they save trying every way of cutting
            # runs into groups of digits when none can match (2 s for 250 KB of long numbers).
            r"(?<![\w+-])(?:\+|00)(?=\d{1,23}+(?!\w))\d{1,3}(?:(?:[\s.()-]{1,2}+(?=\d{1,20}+(?!\w)))?\d{1,4}){2,5}(?!\w)"
            r"|(?<![\w-])0\d{1,2}[-.\s]\d{3,4}[-.\s]\d{4}(?![\w-])"  # Korean style: 010-1234-5678
            r"|\b(?:tel|phone|mobile|cell|fax|whatsapp|wechat|kakao(?:talk)?)\b\.?(?:\s*+(?:no|number|id)\.?)?\s*+:?\s*+\+?\d[\d\s-]{5,}",
            re.IGNORECASE,
        ),
    ),
    (
        "an exact birth date",
        re.compile(
            rf"\bborn(?: on)? {_DAY_DATE}|\b(?:date of birth|birth ?date|d\.?o\.?b\.?)\s*+[:\-]?\s*+\d"
            r"|생년월일|\d{4}년\s*\d{1,2}월\s*\d{1,2}일\s*(?:생|출생)",
            re.IGNORECASE,
        ),
    ),
    (
        "a home address",
        _FromRunStarts(
            r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr)\b\.?"
            r"|\b(?:home address|house (?:no|number)|apartment|apt\.?|flat|room)\s*+(?:no\.?|number)?\s*+:?\s*+\d"
            r"|\b(?:inminban|people's unit)\s*+(?:no\.?)?\s*+\d|(?<!\d)\d++\s*+(?:인민반|번지|호실)|주소\s*:"
            r"|(?<![가-힣])[가-힣]+(?:로|길)\s?\d+(?:-\d+)?"
            r"|\b(?:from|born in|lived in|grew up in|hometown(?: is| was| of)?|home (?:is|was|in))\s+"
            r"[A-Z][\w'\u2019]*-(?:ri|dong|gu|ku)\b",
            (r"(?<!\d)", r"(?<![가-힣])"),
            re.IGNORECASE,
        ),
    ),
)

# Names: only in testimonies, where a name can only be a witness's or a public figure's.
_SURNAMES = (
    "Kim|Lee|Yi|Rhee|Ri|Park|Pak|Bak|Choi|Choe|Jung|Jeong|Chung|Kang|Cho|Jo|Yoon|Yun|Jang|Chang|Lim|Im|Rim|"
    "Han|Oh|Seo|Shin|Sin|Kwon|Hwang|Ahn|An|Song|Ryu|Yu|Jeon|Jon|Hong|Ko|Go|Moon|Mun|Yang|Ryang|Son|Bae|Baek|"
    "Paek|Heo|Ho|Nam|Ryom|Noh|No|Roh|Ha|Kwak|Sung|Sim|Shim|Cha|Ju|Joo|Gu|Ku|Min|Jin|Chin|Na|Ra|Um|Eom|Byun|Pyon"
)
_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a name with a title (Mr, Ms, ...)", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Madam)\.?\s+[A-Z][a-z]+")),
    # Korean given names are romanized as hyphenated syllables (Kim Young-hee) or written in full.
    ("a Korean personal name", re.compile(rf"\b(?:{_SURNAMES})\s+[A-Z][a-z]+-[a-z]+\b")),
    ("a Korean personal name", re.compile(rf"\b(?:{_SURNAMES})\s+(?:[A-Z][a-z]{{1,4}}\s+){{1,2}}[A-Z][a-z]{{1,4}}\b")),
    (
        "a Korean personal name",
        re.compile(
            r"(?<![가-힣])[김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허남리][가-힣]{1,2}\s?(?:씨|님|氏)"
        ),
    ),
    # "her real name is withheld" is fine; "her real name is Sun-hee" is not
    (
        "a real name",
        re.compile(r"\b(?:real|true|full|legal|birth) name\s*(?:is|was|:)\s*[A-Z가-힣]|(?:본명|실명)\s*(?:은|는|:)"),
    ),
)
# Heads of the North Korean state, whom testimony names as a matter of course.
_PUBLIC_FIGURES = re.compile(
    r"\bKim\s+(?:Il[\s-]?sung|Jong[\s-]?il|Jong[\s-]?un|Yo[\s-]?jong)\b|김일성|김정일|김정은|김여정", re.IGNORECASE
)


_NAME = r"[A-Z][a-z]+(?:[\s-][A-Z]?[a-z]+){1,2}"
_AFTER_CODE = re.compile(rf"\s*(?:\(|,|:|\u2013|\u2014|-|\bis\b|\bor\b|\baka\b)\s*{_NAME}")
# _NAME and an opening bracket, "Ji Hye Park (", spelt backwards: matched in the reversed text from
# where the code stands, it finds the name that ends there, the longest one as a search forwards
# for rf"{_NAME}\s*\(\s*\Z" did, in the time it takes to read the name. (That search tried every
# place in the text before the code, each time the code stood in it: quadratic.)
_BEFORE_CODE = re.compile(r"\s*\(\s*(?:[a-z]+[A-Z]?[\s-]){1,2}[a-z]+[A-Z]")
_CLOSING = re.compile(r"\s*\)")


@dataclass(frozen=True)
class _Found:
    text: str
    at: int

    def group(self, _n: int = 0) -> str:
        return self.text

    def start(self) -> int:
        return self.at


@dataclass(frozen=True)
class _NameBeside:
    """A two-word capitalised name written next to the witness's code: "A-7 (Ji Hye Park)",
    "A-7, Ji Hye Park". Found from each place the code stands, with patterns compiled once (one
    pattern per code cost a millisecond a testimony to compile)."""

    code: str

    def finditer(self, text: str) -> Iterator[_Found]:
        backwards = ""  # the text reversed, once needed
        at = text.find(self.code)
        while at >= 0:
            end = at + len(self.code)
            if _boundary(text, at) and _boundary(text, end):
                if m := _AFTER_CODE.match(text, end):
                    yield _Found(text[at : m.end()], at)
                elif _CLOSING.match(text, end):
                    backwards = backwards or text[::-1]
                    if b := _BEFORE_CODE.match(backwards, len(text) - at):
                        start = len(text) - b.end()
                        yield _Found(text[start:end], start)
            at = text.find(self.code, end)


Finder = re.Pattern[str] | _FromRunStarts | _NameBeside


def _boundary(text: str, at: int) -> bool:
    """Whether a regular expression's \\b holds at ``at``."""
    before = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    after = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return before != after


# What a text must hold for each pattern above to match in it: plain substring tests, many times
# faster than the patterns, so that most texts are passed over without trying them (10,000
# records: about 1 s of checks instead of 3). Each is implied by its pattern; tests/test_witness.py
# checks this on every example the patterns are tested with, and on generated text.
# Each of these begins with a plain character or set of characters, so that Python's regular
# expressions skip ahead to where it could match instead of trying every position.
_DIGIT = re.compile(r"\d")
# "00" or "0" and a digit, not after a letter or digit (nor '+' or '-' before "00", '-' before
# "0"): written to start with the "0" itself, which the search skips ahead to.
_LEADING_ZERO = re.compile(r"0(?:(?<![\w+-]0)0|(?<![\w-]0)\d)")
_PHONE_WORDS = re.compile(  # in lower case
    r"(?:tel|phone|mobile|cell|fax|whatsapp|wechat|kakao)(?:talk)?\.?(?:\s*+(?:no|number|id)\.?)?\s*+:?\s*+\+?\d"
)
_STREET = re.compile(r"\s(?:street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|drive|dr)\b")  # in lower case
_ADDRESS = re.compile(  # in lower case
    r"(?:home address|house (?:no|number)|apartment|apt\.?|flat|room)\s*+(?:no\.?|number)?\s*+:?\s*+\d"
    r"|(?:inminban|people's unit)\s*+(?:no\.?)?\s*+\d|인민반|번지|호실|[로길]\s?\d"
)
_TITLE = re.compile("Mr|Ms|Miss|Mx|Dr|Madam")
_SURNAME_HYPHENATED = re.compile(r"[A-Z][a-z]*\s+[A-Z][a-z]+-[a-z]")
_SURNAME_SYLLABLES = re.compile(r"[A-Z][a-z]*\s+[A-Z][a-z]{1,4}\s+[A-Z]")
_HONORIFIC = re.compile("[씨님氏]")
# Words of which a text must hold one for the pattern beside it to match there (in lower case
# where so marked): a substring test (``in``) per word costs less than one pattern's search.
_PHONE_WORDING = ("tel", "phone", "mobile", "cell", "fax", "whatsapp", "wechat", "kakao")  # of _PHONE_WORDS
_ADDRESS_WORDS = (  # of _ADDRESS, in lower case
    *("home address", "house n", "apartment", "flat", "room", "inminban", "people's unit"),
    *("인민반", "번지", "호실", "로", "길"),
)
# "apt" as in "apt. 5", "apt no 5", not as in "chapter"
_APT = re.compile(r"apt(?![a-mo-z])")
_BIRTH = ("born", "birth", "dob", "d.o", "do.b", "년")  # in lower case; "생년월일" holds "년"
_HAMLET = ("주소", "-ri", "-dong", "-gu", "-ku")  # in lower case
_REAL_NAME = ("real name", "true name", "full name", "legal name", "birth name", "본명", "실명")


# Letters that a pattern matching without regard to case takes for an ASCII letter, but that
# lower() leaves as they are (or, for the dotted capital I, turns into two characters): the
# dotless and dotted i and the long s. (The Kelvin sign lowers to k by itself.)
_CASELESS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def holds_word(text: str, words: tuple[str, ...]) -> bool:
    return any(map(text.__contains__, words))


class _Look:
    """A text as the quick checks see it, with its lower-case form worked out once."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def low(self) -> str:
        return self.text.translate(_CASELESS).lower()

    def phone(self) -> bool:
        low = self.low
        return bool(
            "+" in self.text
            or _LEADING_ZERO.search(self.text)
            or (holds_word(low, _PHONE_WORDING) and _PHONE_WORDS.search(low))
        )

    def address(self) -> bool:
        low = self.low
        return bool(
            ((holds_word(low, _ADDRESS_WORDS) or _APT.search(low)) and _ADDRESS.search(low))
            or holds_word(low, _HAMLET)
            or (_STREET.search(low) and _DIGIT.search(low))
        )


_NEEDS: dict[Finder, Callable[[_Look], object]] = dict(
    zip(
        [pattern for _what, pattern in _EVERYWHERE + _NAMES],
        [
            lambda t: "@" in t.text,
            _Look.phone,
            lambda t: holds_word(t.low, _BIRTH),
            _Look.address,
            lambda t: _TITLE.search(t.text),
            lambda t: "-" in t.text and _SURNAME_HYPHENATED.search(t.text),
            lambda t: _SURNAME_SYLLABLES.search(t.text),
            lambda t: not t.text.isascii() and _HONORIFIC.search(t.text),
            lambda t: holds_word(t.text, _REAL_NAME),
        ],
        strict=True,
    )
)


# Joins a record's texts so that each pattern runs once a record rather than once a field: no
# pattern can match it, so none matches across two texts, and to \\b and the look-behinds it is
# what the start or end of a text is.
_BETWEEN = "\x00"


def _findings(
    texts: list[str], patterns: tuple[tuple[str, Finder], ...], allowed: list[str]
) -> list[tuple[int, int, str]]:
    """(text number, offset, what) of each identifying-looking detail in ``texts``, skipping
    allowed names, in text order and, within a text, in the order of ``patterns``."""
    joined = _BETWEEN.join(texts)
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    look = _Look(joined)
    found = []
    for order, (what, pattern) in enumerate(patterns):
        needs = _NEEDS.get(pattern)
        if needs is not None and not needs(look):
            continue
        for m in pattern.finditer(joined):
            text = m.group(0)
            if _PUBLIC_FIGURES.search(text):
                continue
            n = bisect_right(starts, m.start()) - 1
            found.append((n, order, m.start() - starts[n], what, text))
    if allowed and found:  # skip the findings that hold an allowed name, or are part of one
        names = _Words(allowed)
        texts_found = _Words(text for *_, text in found)
        in_a_name = texts_found.within(allowed)
        found = [f for f in found if not (names.in_text(f[-1]) or in_a_name[texts_found.node(f[-1])])]
    return [(n, offset, what) for n, _order, offset, what, _text in sorted(found)]


class _Words:
    """A set of words as an Aho-Corasick automaton: whether a text holds one of them, and which of
    them some texts hold, each in one pass over the texts, however many words there are. (Trying
    each allowed name on each finding took time in the product of their numbers: seconds, for a
    testimony of thousands of names that lists thousands of public names.)"""

    def __init__(self, words: Iterable[str]) -> None:
        self.next: list[dict[str, int]] = [{}]  # the trie of the words: node -> character -> node
        holds = [False]  # whether a word ends at the node
        for word in words:
            node = 0
            for c in word:
                if c not in self.next[node]:
                    self.next[node][c] = len(self.next)
                    self.next.append({})
                    holds.append(False)
                node = self.next[node][c]
            holds[node] = True
        # back: the node of the longest proper suffix of a node's text that is in the trie; then
        # holds: whether the node's text ends with a word (has one on its chain of backs)
        self.back = [0] * len(self.next)
        queue = deque(self.next[0].values())
        while queue:
            node = queue.popleft()
            for c, child in self.next[node].items():
                self.back[child] = self._step(self.back[node], c)
                holds[child] = holds[child] or holds[self.back[child]]
                queue.append(child)
        self.holds = holds

    def _step(self, node: int, c: str) -> int:
        while node and c not in self.next[node]:
            node = self.back[node]
        return self.next[node].get(c, 0)

    def node(self, word: str) -> int:
        """The node of one of the words."""
        node = 0
        for c in word:
            node = self.next[node][c]
        return node

    def in_text(self, text: str) -> bool:
        """Whether ``text`` holds one of the words."""
        node = 0
        if self.holds[node]:  # the empty word
            return True
        for c in text:
            node = self._step(node, c)
            if self.holds[node]:
                return True
        return False

    def within(self, texts: Iterable[str]) -> list[bool]:
        """By node: whether its text stands in one of ``texts``."""
        seen = [False] * len(self.next)
        seen[0] = True
        for text in texts:
            node = 0
            for c in text:
                node = self._step(node, c)
                # every suffix of the text read so far that is in the trie is on node's chain of
                # backs, and the chain of a node seen already has been seen all along
                at = node
                while not seen[at]:
                    seen[at] = True
                    at = self.back[at]
        return seen


def check_identifying(
    entry: Entry, raw: RawRecord, in_record: Iterable[tuple[KeyPath, str]] | None = None
) -> list[Problem]:
    """Public text that could identify a witness: in every record, contact details, exact birth
    dates and home addresses; in a testimony, also personal names, unless its witness is named
    (``anonymous: false``) or the name is listed in ``public_names``. ``in_record``: walk.iter_texts
    of the record, if found already."""
    rec = entry.record
    # (key path, line, indent, text); a narrative (its English body, its Korean block) by line, with
    # no key path, so that what is found in it is told at its line and column
    texts: list[tuple[KeyPath | None, int, int, str]] = []
    # what no private value may stand in: the same texts, but each narrative whole (Markdown joins
    # the lines of a paragraph), and the public names (which the checks for names leave alone)
    public: list[tuple[KeyPath | None, int, int, str]] = []
    for at, text in iter_texts(rec) if in_record is None else in_record:
        start = raw.block_start(at) if at == ("ko", NARRATIVE) else None
        if start is not None:  # the Korean narrative, written as a literal block
            public.append((None, start[0], start[1] - 1, text))
            texts += [(None, start[0] + n, start[1] - 1, line) for n, line in enumerate(text.splitlines())]
            continue
        public.append((at, 0, 0, text))
        if at[:1] != ("public_names",):
            texts.append((at, 0, 0, text))
    if entry.body:
        public.append((None, raw.body_line, 0, entry.body))
        texts += [(None, raw.body_line + n, 0, line) for n, line in enumerate(entry.body.splitlines())]
    patterns: tuple[tuple[str, Finder], ...] = _EVERYWHERE
    allowed: list[str] = []
    if isinstance(rec, Testimony):
        named = rec.witness is not None and not rec.witness.anonymous
        allowed = list(rec.public_names) + ([rec.witness.name] if named and rec.witness and rec.witness.name else [])
        if not named:
            patterns = patterns + _NAMES
            code = rec.witness.code.strip() if rec.witness is not None else ""
            if code and any(code in text for *_at, text in texts):
                patterns = (*patterns, ("a name beside the witness's code", _NameBeside(code)))
    problems = []
    echo = Echo(private_values(raw))
    echo = echo.among([raw.id, *(text for *_at, text in public)]) if echo else echo
    if echo and echo.find(raw.id.replace("-", " ")) is not None:
        problems.append(
            Problem(
                Origin(raw.path, 1, 1),
                "identifying-detail",
                "the file name repeats a value of the record's 'private' block (not repeated here): it is"
                " the record's public address; rename the file",
            )
        )
    for path, line, indent, text in public if echo else ():
        if (found := echo.find(text)) is not None:
            line, column = line + text.count("\n", 0, found), found - (text.rfind("\n", 0, found) + 1) + indent + 1
            origin = raw.origin(path) if path is not None else Origin(raw.path, line, column)
            where = f"'{dotted(path)}'" if path is not None else "the text"
            problems.append(
                Problem(
                    origin,
                    "identifying-detail",
                    f"{where} repeats a value of the record's 'private' block (not repeated here): what is"
                    " private stays there; reword the public text",
                )
            )
    for n, offset, what in _findings([text for *_at, text in texts], patterns, allowed):
        path, line, indent, _text = texts[n]
        if path is None:
            origin, where = Origin(raw.path, line, indent + offset + 1), "the text"
        else:
            origin, where = raw.origin(path), f"'{dotted(path)}' (at character {offset + 1})"
        problems.append(
            Problem(
                origin,
                "identifying-detail",
                f"{where} holds what looks like {what}, which could identify a witness; reword it, or move"
                " the detail into the record's 'private' block"
                + (" (a public figure's name can be listed in 'public_names')" if "name" in what else ""),
            )
        )
    if len(problems) > MAX_REPORTED:  # as for other problems found by the dozen: the last one counts the rest
        last, more = problems[MAX_REPORTED - 1], len(problems) - MAX_REPORTED
        problems = [*problems[: MAX_REPORTED - 1], Problem(last.origin, last.code, f"{last.message} (and {more} more)")]
    return problems


def could_identify(text: str) -> bool:
    """Whether ``text``, which is no record's (a commit message the site shows), holds what the
    checks of a testimony's public text take for an identifying detail: contact details, birth
    dates, addresses and personal names (but the state's heads, as in testimony)."""
    return bool(text) and bool(_findings([text], _EVERYWHERE + _NAMES, []))
