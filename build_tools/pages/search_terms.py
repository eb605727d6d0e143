"""What the search finds a record's page by, beyond its text: its names in Hangul and their parts."""

from __future__ import annotations

import html

from build_tools.pages import i18n
from build_tools.records.fields import HANGUL
from build_tools.records.model import Entry


def search_terms(entry: Entry) -> str:
    """For the search only (hidden on the page), as a raw HTML block after the page: the record's
    names in Hangul (its Korean name and Korean other names, each also as one word, as Korean
    often writes a name: 전거리교화소), which put the record first when a reader types one, as its
    ID does (assets/search.js weighs the "name" field as "id"), and the later parts of its Hangul
    names and title a reader may type on their own (i18n.compound_parts). Both are metadata fields
    of the index, which find the page, and not part of its text (data-pagefind-ignore), from which
    a result's excerpt is drawn: a reader sees the page's own words there, never these."""
    rec = entry.record
    ko = getattr(rec, "ko", None)
    own = [
        getattr(rec, "name_ko", None),
        ko and ko.name,
        getattr(rec, "full_name_ko", None),
        *getattr(rec, "aliases", []),
    ]
    hangul = [n for n in own if n and HANGUL.search(n)]
    names = list(dict.fromkeys([*hangul, *("".join(n.split()) for n in hangul)]))  # 전거리교화소 too
    compounds = i18n.compound_parts([n for n in [own[0], ko and (ko.title or ko.name), *own[2:]] if n])
    parts = [part for part in compounds if part not in names]
    if not parts and not names:
        return ""
    fields = "".join(  # names apart by "; " (search.js compares a whole name with what was typed)
        f'<span data-pagefind-meta="{field}">{html.escape(sep.join(words))}</span>'
        for field, words, sep in (("name", names, "; "), ("terms", parts, " "))
        if words
    )
    return f'\n<div class="ea-search-terms" hidden data-pagefind-ignore>{fields}</div>\n'
