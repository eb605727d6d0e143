"""Headings' anchors (mkdocs.yml: toc's slugify). Only the standard library and Python-Markdown,
so that any generator's Python can import it, as it imports build_tools.site.table_labels."""

from __future__ import annotations

import unicodedata

from markdown.extensions.toc import slugify_unicode  # type: ignore[import-untyped]


def slugify(value: str, separator: str) -> str:
    """A heading's anchor: Python-Markdown's, except that letters outside ASCII are kept rather
    than dropped (a Korean heading gets an anchor of its own), and accents are still dropped, so
    every anchor a heading without Hangul had stays the same."""
    unaccented = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return str(slugify_unicode(unicodedata.normalize("NFC", unaccented), separator))
