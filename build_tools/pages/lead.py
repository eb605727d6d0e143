"""What a record's page leads with, and what is said of the page where it is shared.

A reader arriving from a search engine asks one question first: for a camp, what its key figures
are and where each comes from; for a figure, its value and its source. ``key_figures`` and
``short_source`` choose and name them for the top of the page (templates/_lead.md.j2), before
the record's details. ``front_matter`` writes the page's own title and description as front matter,
which any MkDocs-style generator reads: the theme puts them in <title>, the meta description and
the Open Graph tags (docs/templates/main.html). Pure functions of the index; deterministic.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence

from markupsafe import Markup

from build_tools.index.link import Index
from build_tools.pages import fmt
from build_tools.pages.i18n import Language, in_language, plain
from build_tools.records import vocab
from build_tools.records.fields import UNKNOWN
from build_tools.records.model import KINDS, Entry

# Figures a camp's page lists before anything else: enough for the key facts, few enough that
# they all fit the first screen of a phone (the section "Figures" lists every one).
KEY_FIGURES = 6
# A meta description: search engines show about this much, and a shared link's card less.
DESCRIPTION_CHARS = 200

_REF = re.compile(r"\[\[([^\[\]\s]*)\]\]")
_MARKUP = re.compile(r"[*_`]+|<[^>]+>")
_ORDER = {m: n for n, m in enumerate(vocab.MEASURES)}


def key_figures(figures: Sequence[Entry], limit: int = KEY_FIGURES) -> list[Entry]:
    """The figures a page leads with: the sources' figures before the archive's own calculations,
    each by measure in the order readers ask (deaths before work teams), then by period."""

    def key(e: Entry) -> tuple[bool, int, str, str]:
        rec = e.record
        return (bool(rec.derived), _ORDER.get(rec.measure, len(_ORDER)), fmt.date_sort_key(rec.period), e.id)  # type: ignore[union-attr]

    return sorted(figures, key=key)[:limit]


def short_source(index: Index, source: Entry, title: Callable[[Entry], str], word: Callable[[str], str]) -> str:
    """A source named in a few words: its publisher and year ("Committee for Human Rights in North
    Korea, 2016"), else its type; a source that relays another, by the one it relays first
    ("Citizens' Alliance for North Korean Human Rights, 2024, as relayed by The Korea Times")."""
    rec = source.record
    publisher = index.get(getattr(rec, "publisher", None) or UNKNOWN)
    year = m.group(0) if (m := re.match(r"\d{4}", str(getattr(rec, "date", "") or ""))) else None
    if publisher is not None:
        own = title(publisher)
    else:
        kind = word(vocab.SOURCE_TYPES.get(getattr(rec, "type", ""), "Source"))
        own = kind[:1].lower() + kind[1:] if kind[1:2].islower() else kind  # "a news article", not "NGO"
        own = word("a %(type)s") % {"type": own}
    own = f"{own}, {year}" if year else own
    relayed = [e for r in getattr(rec, "relays", []) if (e := index.get(r)) is not None and e is not source]
    if relayed and index.get(getattr(relayed[0].record, "publisher", None) or UNKNOWN) is not None:
        original = short_source(index, relayed[0], title, word)
        return word("%(original)s, as relayed by %(relay)s") % {"original": original, "relay": own}
    return own[:1].upper() + own[1:]


def plain_text(text: str, index: Index, title: Callable[[Entry], str]) -> str:
    """A record's text as plain words: [[id]] references by the title of what they name, no
    Markdown emphasis or HTML, whitespace folded."""

    def named(m: re.Match[str]) -> str:
        entry = index.get(m.group(1))
        return title(entry) if entry is not None else m.group(1)

    return " ".join(_MARKUP.sub("", _REF.sub(named, text)).split())


def shortened(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` cut to ``limit`` characters: at the end of a sentence where one ends late enough,
    else at a word, marked by an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("다. "))
    if sentence >= limit // 2:
        return cut[: sentence + 1].rstrip() if cut[sentence] == "." else cut[: sentence + 2].rstrip()
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def describe(
    entry: Entry, index: Index, lang: Language, title: Callable[[Entry], str], value: Callable[..., str]
) -> str:
    """The page's description, in ``lang``: for a figure its value, subject and source; for any
    other record the start of its summary."""
    word = plain(lang.code)
    rec = entry.record
    if entry.kind == "figure" and getattr(rec, "value", None) is not None:
        said = f"{value(rec.value, rec.unit)}: {title(entry)}."  # type: ignore[union-attr]
        if rec.derived:  # type: ignore[union-attr]
            said += " " + word("Calculated by the archive from figures its sources give.")
        elif rec.cites and (src := index.get(rec.cites[0].source)) is not None:  # type: ignore[union-attr]
            where = f", {rec.cites[0].locator}" if rec.cites[0].locator else ""  # type: ignore[union-attr]
            said += f" {word('Source:')} {plain_text(title(src), index, title)}{where}."
        return shortened(said, DESCRIPTION_CHARS * 2)
    text = in_language(rec, "summary", lang)[0] if hasattr(rec, "summary") else None
    if not text:
        return f"{title(entry)}: {word(KINDS[entry.kind].label)}."
    return shortened(plain_text(text, index, title))


def page_title(entry: Entry, title: Callable[[Entry], str], value: Callable[..., str]) -> str:
    """The page's title as a browser tab, a search result or a shared link shows it: a figure's
    carries its value."""
    rec = entry.record
    if entry.kind == "figure" and getattr(rec, "value", None) is not None:
        return f"{title(entry)}: {value(rec.value, rec.unit)}"  # type: ignore[union-attr]
    return title(entry)


def plain_intro(text: str) -> str:
    """A page's opening paragraph (Markdown) as its description: links by their text, no markup."""
    unlinked = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(text))
    return shortened(" ".join(_MARKUP.sub("", unlinked).split()))


def front_matter(title: str | None, description: str) -> Markup:
    """YAML front matter with the page's title (none: its heading) and description (JSON strings
    are YAML). Both are
    HTML-escaped here: themes print them into attributes and the header without escaping
    (Material's meta description), so a quote in a record's summary must not end an attribute."""
    lines = ["---"] + ([f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"] if title else [])
    lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    return Markup("\n".join(lines) + "\n---\n\n")


def camps_making(index: Index, product: str) -> list[str]:
    """The camps where a work team makes ``product``, in the order of the teams."""
    camps = (getattr(t.record, "camp", None) for t in index.referrers(product, kind="team"))
    return list(dict.fromkeys(c for c in camps if c and index.get(c) is not None))
