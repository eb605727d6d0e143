"""Redirects at old permalinks: an HTML page in each language at every address a record had
(``formerly:``, checks/permalinks.py), which sends the reader on to where it is now."""

from __future__ import annotations

import html

from build_tools.checks.permalinks import former_permalinks
from build_tools.outputs import csp
from build_tools.pages.i18n import ENGLISH, LANGUAGES, Language, korean_title
from build_tools.records.model import Entry

# What a redirect page says, in each language: (its title's word, its one sentence)
_MOVED = {"en": ("Moved", "This record has a new permalink"), "ko": ("옮겨짐", "이 기록의 고유 주소가 바뀌었습니다")}


def redirects(entries: dict[str, Entry], files: dict[str, str]) -> dict[str, str]:
    """An HTML page at every old permalink, in each language, that sends the reader on to the
    record's page in that language, keeping any #anchor (by script; without scripts, a refresh and
    a link do the same without it), and the record's JSON (from ``files``) at the old JSON
    address too."""
    pages = {}
    for rid in sorted(entries):
        entry = entries[rid]
        for old in former_permalinks(entry):
            up = "../" * (old.strip("/").count("/") + 1)  # to the language's root: both sides are in it
            for lang in LANGUAGES.values():
                title = (lang != ENGLISH and korean_title(entry)) or entry.title
                assets = "../" * lang.prefix.count("/") + up
                pages[lang.prefix + old.strip("/") + "/index.html"] = _moved(lang, title, up + entry.url, assets)
            pages[old.strip("/") + ".json"] = files[entry.url.rstrip("/") + ".json"]
    return pages


def _moved(lang: Language, title: str, to: str, assets: str) -> str:
    """The redirect page to ``to`` (relative), naming the record ``title``; ``assets`` is the way
    to the site's root, where redirect.js is."""
    moved, sentence = _MOVED[lang.code]
    title, target = html.escape(title), html.escape(to, quote=True)
    return (
        "<!doctype html>\n"
        f'<html lang="{lang.code}">\n<head>\n<meta charset="utf-8">\n'
        f"{csp.meta()}\n"
        f"<title>{moved}: {title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<script src="{assets}assets/redirect.js" data-to="{target}"></script>\n'
        f'<meta http-equiv="refresh" content="1; url={target}">\n'
        "</head>\n<body>\n"
        f'<p>{sentence}: <a href="{target}">{title}</a>.</p>\n'
        "</body>\n</html>\n"
    )
