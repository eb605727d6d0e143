"""The archive's languages: English at the site's root, Korean under ``ko/`` with the same IDs.

The words of the interface (headings, labels, notes, the names of kinds and vocabularies) are
English in the templates and code, and translated through a gettext catalogue,
``build_tools/pages/locale/ko.po``, the format translators' tools (Poedit, Weblate) edit. What the
catalogue lacks stays English. A record's own text is translated in the record itself (its
``ko:`` block and ``name_ko``, see model.Korean); what a record does not give in Korean is shown
in English, marked as English, and the page says so (render.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from markupsafe import Markup

from build_tools.pages.fmt import md_inline
from build_tools.records.fields import HANGUL
from build_tools.records.model import Entry, Source
from build_tools.records.walk import beside_in_korean

LOCALE = Path(__file__).parent / "locale"


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as in <html lang>
    name: str  # in the language itself, for the switcher
    prefix: str  # of its pages' paths: "" or "ko/"


ENGLISH = Language("en", "English", "")
KOREAN = Language("ko", "한국어", "ko/")
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (ENGLISH, KOREAN)}


def written_in(text: str) -> str:
    """The language code of a text a record gives in one language only: Korean if it holds
    Hangul, else English (a romanized Korean name too)."""
    return KOREAN.code if HANGUL.search(text) else ENGLISH.code


def language_of(path: str) -> Language:
    """The language of the page or file at site path ``path`` (``ko/camps/x.md`` is Korean)."""
    return KOREAN if path.startswith(KOREAN.prefix) else ENGLISH


def counterpart(path: str, lang: Language) -> str:
    """The site path of the page at ``path`` in ``lang``."""
    return lang.prefix + path.removeprefix(KOREAN.prefix)


@functools.cache
def catalogue(code: str) -> Mapping[str, str]:
    """English text -> its translation into ``code``, from ``locale/<code>.po``; empty for English.
    Entries marked fuzzy (a translator's guess, not yet checked) are left out, as gettext does."""
    file = LOCALE / f"{code}.po"
    if code == ENGLISH.code or not file.is_file():
        return {}
    with file.open("rb") as f:
        po = read_po(f, locale=code)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


def translator(code: str) -> Callable[..., Markup]:
    """``_(text, **values)``: ``text`` in the language ``code``, its ``%(name)s`` placeholders filled
    with ``values``, each escaped for Markdown unless it is Markup already (a link). The text
    itself is the project's, so its Markdown (a link, emphasis) is kept."""
    words = catalogue(code)

    def _(text: str, **values: Any) -> Markup:
        said = words.get(text, text)
        if not values:
            return Markup(said)
        return Markup(said % {k: md_inline(v) for k, v in values.items()})

    return _


def plain(code: str) -> Callable[[str], str]:
    """``text`` in the language ``code``, as plain text (for a drawing's labels or a page title)."""
    words = catalogue(code)
    return lambda text: words.get(text, text)


def korean_title(entry: Entry) -> str | None:
    rec = entry.record
    ko = getattr(rec, "ko", None)
    return getattr(rec, "name_ko", None) or (ko and (ko.title or ko.name)) or None


def in_language(rec: object, name: str, lang: Language) -> tuple[str | None, bool]:
    """(the field ``name`` of ``rec`` as shown in ``lang``, whether that is the English standing in
    for a translation the record does not give)."""
    english = getattr(rec, name, None)
    if lang == ENGLISH or english is None:
        return english, False
    ko = getattr(rec, "ko", None)
    # a record's Korean is in its ko: block; a part's beside the English, as <name>_ko
    # (walk.KOREAN_BESIDE)
    said = getattr(ko, name, None) if ko is not None else getattr(rec, f"{name}_ko", None)
    return (said, False) if said else (english, True)


# The record's texts, besides its title or name and its narrative, that a ``ko:`` block may give.
_TRANSLATED = ("population", "summary", "reliability_note", "locator_note", "notes")


def untranslated(entry: Entry, lang: Language) -> list[str]:
    """The record's own texts its page in ``lang`` shows in English, for want of a translation."""
    if lang == ENGLISH or entry.withdrawn:
        return []
    rec = entry.record
    missing = [n for n in _TRANSLATED if in_language(rec, n, lang)[1]]
    if korean_title(entry) is None and (not isinstance(rec, Source) or rec.title_supplied):
        missing.insert(0, "title" if hasattr(rec, "title") else "name")
    # the parts that give their Korean beside their English: named once each, in their order
    missing += list(
        dict.fromkeys(str(at[0]) for at, _f, english, said in beside_in_korean(rec) if english and not said)
    )
    if narrative(entry, lang)[1]:
        missing.append("body")
    return missing


def narrative(entry: Entry, lang: Language) -> tuple[str | None, bool]:
    """A record's narrative on its page in ``lang``, and whether it is the English standing in:
    its Korean (``ko.body``) on a Korean page where given, else the Markdown after its fields."""
    ko = getattr(entry.record, "ko", None)
    said = ko.body if lang != ENGLISH and ko is not None else None
    return (said, False) if said else (entry.body, lang != ENGLISH and entry.narrated)


def compound_parts(names: list[str]) -> list[str]:
    """What a search must also find ``names`` (a record's names in Hangul) by: each Hangul word's
    later parts (교화소 in 전거리제12호교화소: the search matches the start of a word only, and
    Korean writes names as compounds) and each name of several words written as one (전거리교화소
    for 전거리 교화소), in the order first found, without repeats."""
    parts: dict[str, None] = {}
    for name in names:
        words = name.split()
        forms = [*words, "".join(words)] if len(words) > 1 else words
        for word in forms:
            if not HANGUL.search(word):
                continue
            if word not in words:
                parts[word] = None
            for start in range(1, len(word) - 1):
                if HANGUL.match(word, start):  # a part starts at a syllable
                    parts[word[start:]] = None
    return list(parts)
