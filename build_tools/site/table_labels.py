"""A Python-Markdown extension that labels each table cell with its column's header.

A table with a header row gives every body cell a ``data-label`` attribute holding the words of its
column's header (``<td data-label="Source">``). On a phone the stylesheet (docs/assets/archive.css,
"Tables on phones") turns each row into a card and writes that label beside each cell, so a table
of four or five columns is read down the screen instead of scrolled sideways; without the
attribute a stacked cell would lose what it is. The page needs no script for it.

Key-value tables, written with an empty header row, get no labels: their first column is the label.

Listed in mkdocs.yml's ``markdown_extensions`` (as ``build_tools.site.table_labels``); it knows
Python-Markdown's element tree only, not the site generator.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

LABEL = "data-label"


def header_words(table: etree.Element) -> list[str]:
    """The text of each header cell, whitespace collapsed; [] when the table has no header words."""
    words = [" ".join("".join(th.itertext()).split()) for th in table.iterfind("thead/tr/th")]
    return words if any(words) else []


def label_cells(table: etree.Element) -> None:
    """Give each body cell of ``table`` its column's header words, where the header has any."""
    words = header_words(table)
    for row in table.iterfind("tbody/tr"):
        for td, word in zip(row.iterfind("td"), words, strict=False):  # a short row keeps its cells
            if word:
                td.set(LABEL, word)


class TableLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            label_cells(table)


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After 'unescape' (priority 0), so a header's words are final: escapes and inline markup done.
        md.treeprocessors.register(TableLabels(md), "table_labels", -1)


def makeExtension(**kwargs: object) -> TableLabelsExtension:  # Python-Markdown's entry point
    return TableLabelsExtension(**kwargs)
