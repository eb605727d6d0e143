"""Protecting witnesses beyond their words (witness.py): a witness's place of origin is a province
or a country, and testimony of violence carries a content note. No I/O."""

from __future__ import annotations

import re

from build_tools.checks.witness import holds_word
from build_tools.records.model import Entry, Testimony
from build_tools.records.problems import Origin, Problem
from build_tools.records.raw import RawRecord
from build_tools.records.vocab import CONTENT_NOTES

# ---- where a witness comes from ---------------------------------------------------------------

# A witness's origin may be no more precise than this: a town or county, let alone a village, can
# identify one person's family.
BROAD_PLACES = ("country", "province", "region")


def check_witness_places(entries: dict[str, Entry], raws: dict[str, RawRecord]) -> list[Problem]:
    problems = []
    for rid, entry in sorted(entries.items()):
        origin = entry.links.origin  # of a testimony's witness
        if origin is None:
            continue
        place = entries.get(origin)
        kind = place.links.place_type if place is not None else None
        if place is None or kind is None:
            continue  # not a place: reported as a reference problem
        if kind not in BROAD_PLACES:
            problems.append(
                Problem(
                    raws[rid].origin(("witness", "origin")),
                    "witness-place-too-precise",
                    f"the place given (not repeated here) is a {kind}; a witness's origin may be a province or a country,"
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


# A word of the English alternatives of _VIOLENCE holds one of these. In text all of ASCII, which
# no Korean word can match, a match without regard to case is a match in the lower-cased text, so
# a text none of them stands in is passed over without the pattern's slower search.
_VIOLENT_STEMS = (
    *("beat", "tortur", "execut", "kill", "murder", "rap", "sexual", "abuse", "violen", "die", "dying"),
    *("death", "dead", "starv", "bleed", "bled", "wound", "injur", "punish", "solitary confinement", "suicide"),
)


def check_content_note(entry: Entry, raw: RawRecord) -> list[Problem]:
    rec = entry.record
    if not isinstance(rec, Testimony) or rec.content_note:
        return []
    whole = "\n".join((rec.title, rec.summary, entry.body or ""))
    if whole.isascii() and not holds_word(whole.lower(), _VIOLENT_STEMS):
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
