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
from collections.abc import Iterator
from typing import Any

from .load import RawRecord
from .model import Entry, Place, Testimony
from .problems import Origin, Problem
from .vocab import CONTENT_NOTES
from .walk import KeyPath, dotted, iter_texts

# ---- private fields ---------------------------------------------------------------------------

PRIVATE = "private"
# Where a record may keep private fields: the record itself, and an individual witness.
PRIVATE_AT: tuple[KeyPath, ...] = ((), ("witness",))


def strip_private(raw: RawRecord) -> tuple[dict[str, Any], list[Problem]]:
    """The record's data without its ``private`` blocks, which are for the maintainers only and
    never reach the model, so no page, download, index or citation can print them."""
    data = dict(raw.data)
    problems: list[Problem] = []
    for where in PRIVATE_AT:
        holder: Any = data
        for key in where:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if not isinstance(holder, dict) or PRIVATE not in holder:
            continue
        if where:  # copy the nested mapping before removing from it; raw.data stays as read
            parent: Any = data
            for key in where[:-1]:
                parent = parent[key]
            holder = parent[where[-1]] = dict(holder)
        block = holder.pop(PRIVATE)
        if not isinstance(block, dict):
            problems.append(
                Problem(
                    raw.origin((*where, PRIVATE)),
                    "wrong-type",
                    f"'{'.'.join((*map(str, where), PRIVATE))}' must be a set of fields (notes: ..., contact: ...)",
                )
            )
    return data, problems


# ---- identifying details in public text -------------------------------------------------------

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DAY_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}})"

# (what it looks like, pattern). Each is narrow on purpose: years, ranges ("2020-2022"), counts
# ("1,000") and page spans ("pages 12-17") must not trip them.
_EVERYWHERE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "a phone number",
        re.compile(
            r"(?<![\w+])(?:\+|00)\d{1,3}(?:[\s.()-]{0,2}\d{1,4}){2,5}(?!\w)"  # international
            r"|(?<![\w-])0\d{1,2}[-.\s]\d{3,4}[-.\s]\d{4}(?![\w-])"  # Korean style: 010-1234-5678
            r"|\b(?:tel|phone|mobile|cell|fax|whatsapp|wechat|kakao(?:talk)?)\b\.?(?:\s*(?:no|number|id)\.?)?\s*:?\s*\+?\d[\d\s-]{5,}",
            re.IGNORECASE,
        ),
    ),
    (
        "an exact birth date",
        re.compile(
            rf"\bborn(?: on)? {_DAY_DATE}|\b(?:date of birth|birth ?date|d\.?o\.?b\.?)\s*[:\-]?\s*\d"
            r"|생년월일|\d{4}년\s*\d{1,2}월\s*\d{1,2}일\s*(?:생|출생)",
            re.IGNORECASE,
        ),
    ),
    (
        "a home address",
        re.compile(
            r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr)\b\.?"
            r"|\b(?:home address|house (?:no|number)|apartment|apt\.?|flat|room)\s*(?:no\.?|number)?\s*:?\s*\d"
            r"|\b(?:inminban|people's unit)\s*(?:no\.?)?\s*\d|\d+\s*(?:인민반|번지|호실)|주소\s*:"
            r"|[가-힣]+(?:로|길)\s?\d+(?:-\d+)?"
            r"|\b(?:from|born in|lived in|grew up in|hometown(?: is| was| of)?|home (?:is|was|in))\s+"
            r"[A-Z][\w'\u2019]*-(?:ri|dong|gu|ku)\b",
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


def _name_beside(code: str) -> re.Pattern[str]:
    """A two-word capitalised name written next to the witness's code: "A-7 (Ji Hye Park)"."""
    c = re.escape(code)
    name = r"[A-Z][a-z]+(?:[\s-][A-Z]?[a-z]+){1,2}"
    return re.compile(rf"\b{c}\b\s*(?:\(|,|:|\u2013|\u2014|-|\bis\b|\bor\b|\baka\b)\s*{name}|{name}\s*\(\s*{c}\s*\)")


def _findings(
    text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...], allowed: list[str]
) -> Iterator[tuple[str, int]]:
    """(what, offset) of each identifying-looking detail in ``text``, skipping allowed names."""
    for what, pattern in patterns:
        for m in pattern.finditer(text):
            found = m.group(0)
            if _PUBLIC_FIGURES.search(found) or any(name in found or found in name for name in allowed):
                continue
            yield what, m.start()


def check_identifying(entry: Entry, raw: RawRecord) -> list[Problem]:
    """Public text that could identify a witness: in every record, contact details, exact birth
    dates and home addresses; in a testimony, also personal names, unless its witness is named
    (``anonymous: false``) or the name is listed in ``public_names``."""
    rec = entry.record
    patterns = _EVERYWHERE
    allowed: list[str] = []
    if isinstance(rec, Testimony):
        named = rec.witness is not None and not rec.witness.anonymous
        allowed = list(rec.public_names) + ([rec.witness.name] if named and rec.witness and rec.witness.name else [])
        if not named:
            patterns = patterns + _NAMES
            if rec.witness is not None and rec.witness.code.strip():
                patterns = (*patterns, ("a name beside the witness's code", _name_beside(rec.witness.code.strip())))
    texts: list[tuple[KeyPath | None, int, str]] = [
        (path, 0, text) for path, text in iter_texts(rec) if path[:1] != ("public_names",)
    ]
    if entry.body:
        texts += [(None, raw.body_line + n, line) for n, line in enumerate(entry.body.splitlines())]
    problems = []
    for path, line, text in texts:
        for what, offset in _findings(text, patterns, allowed):
            if path is None:
                origin, where = Origin(raw.path, line, offset + 1), "the text"
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
    return problems


# ---- where a witness comes from ---------------------------------------------------------------

# A witness's origin may be no more precise than this: a town or county, let alone a village, can
# identify one person's family.
BROAD_PLACES = ("country", "province", "region")


def check_witness_places(entries: dict[str, Entry], raws: dict[str, RawRecord]) -> list[Problem]:
    problems = []
    for rid, entry in sorted(entries.items()):
        rec = entry.record
        if not isinstance(rec, Testimony) or rec.witness is None or rec.witness.origin is None:
            continue
        place = entries.get(rec.witness.origin)
        if place is None or not isinstance(place.record, Place):
            continue  # reported as a reference problem
        if place.record.type not in BROAD_PLACES:
            problems.append(
                Problem(
                    raws[rid].origin(("witness", "origin")),
                    "witness-place-too-precise",
                    f"'{place.id}' is a {place.record.type}; a witness's origin may be a province or a country,"
                    " never a town or village; give the province, and keep the exact place in 'private'",
                )
            )
    return problems


# ---- content notes ----------------------------------------------------------------------------

# Words that mark an account of violence. A testimony that uses them needs a content note, so that
# a reader (who may be a survivor, or a relative of a prisoner) is warned before reading on.
_VIOLENCE = re.compile(
    r"\b(?:beat(?:en|ing|ings|s)?|tortur\w*|execut(?:ed|ion|ions)|kill(?:ed|ing|ings)?|murder\w*|rap(?:e|ed|es|ing)"
    r"|sexual(?:ly)? (?:assault\w*|abuse\w*|violence)|abuse[sd]?|violen\w+|die[ds]?|dying|deaths?|dead"
    r"|starv\w+|bleed\w*|bled|wound\w*|injur\w+|punish\w*|solitary confinement|suicide)\b"
    r"|폭행|구타|고문|처형|사망|죽|성폭력|굶",
    re.IGNORECASE,
)


def check_content_note(entry: Entry, raw: RawRecord) -> list[Problem]:
    rec = entry.record
    if not isinstance(rec, Testimony) or rec.content_note:
        return []
    for path, text in [(("title",), rec.title), (("summary",), rec.summary)]:
        m = _VIOLENCE.search(text)
        if m:
            return [_missing_note(raw.origin(path), m.group(0))]
    if entry.body:
        for n, line in enumerate(entry.body.splitlines()):
            m = _VIOLENCE.search(line)
            if m:
                return [_missing_note(Origin(raw.path, raw.body_line + n, m.start() + 1), m.group(0))]
    return []


def _missing_note(origin: Origin, word: str) -> Problem:
    return Problem(
        origin,
        "missing-content-note",
        f"the testimony describes violence ('{word}'); add 'content_note', a list of what it describes"
        f" ({', '.join(CONTENT_NOTES)}), shown to readers before the text",
    )
