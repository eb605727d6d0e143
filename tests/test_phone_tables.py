"""Tables as a reader sees them on a 390 px phone: nothing to scroll sideways, and no number or
word cut in two ("US$1,200,0" over "00", "Correctiona" over "l"); Korean breaks between words.

Each table with column headers becomes a stack of cards on a phone, each cell beside its
column's header (build_tools/site/table_labels.py gives each cell its header; docs/assets/archive.css
lays them out), with or without scripts. The real archive is built once and served on 127.0.0.1
(conftest.py); Chromium is driven with Playwright (browsing.py).
"""

from __future__ import annotations

from typing import Any

import markdown  # type: ignore[import-untyped]
import pytest
import yaml
from browsing import PHONE, REPO, Tabs

# A camp, a figure, a source and two kinds' indexes, in both languages.
PAGES = ["/camps/chongori/", "/figures/fig-0001/", "/sources/src-0001/", "/figures/", "/camps/"]
KOREAN_PAGES = ["/ko" + p for p in PAGES]
DESKTOP = {"width": 1280, "height": 800}

# Every table's scrolling box (Material's script wraps a table in one; without scripts the table
# is its own): how much wider its content is than the box.
SIDEWAYS = """() => [...document.querySelectorAll('article table')].map(t => {
    const box = t.closest('.md-typeset__scrollwrap') || t;
    return {over: box.scrollWidth - box.clientWidth, first: t.innerText.trim().slice(0, 50)};
}).filter(x => x.over > 1)"""

# Each word or number of the text in ``selector`` and the lines it is drawn on: a token drawn on
# two lines was cut in two. Tokens are split where a line may properly break: at spaces, after a
# hyphen, a dash, a tilde, a slash or a middle dot ("state-/sponsored", "2016년~/2024년",
# "속눈썹·/가발"), and before an opening bracket ("정치범수용소/(관리소)"); a web address, which
# may break anywhere, is left out. Unicode
# also lets a line break between a percent sign and the Hangul after it ("70%/는", UAX #14 LB27),
# which keep-all does not forbid; that is left to the browser.
CUT_WORDS = """(selector) => {
    const cut = [];
    for (const el of document.querySelectorAll(selector)) {
        if (!el.getClientRects().length) continue;  // not shown
        const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            if (node.parentElement.closest('a.ea-url, a[href^="http"], thead')) continue;
            for (const m of node.data.matchAll(/[^\\s\\-\u2013~\\/\u00b7(%]+%?/g)) {
                if (m[0].length < 2) continue;
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) cut.push(m[0]);
            }
        }
    }
    return cut;
}"""


def test_each_cell_is_labelled_with_its_column_header() -> None:
    """The Markdown step the phone layout rests on: a headed table's cells carry their header's
    words; a table of labels and values (empty header) is left alone."""
    text = "| Value | **Period** |\n| --- | --- |\n| 42% | 2020 |\n\n| | |\n| --- | --- |\n| Type | camp |\n"
    html = markdown.markdown(text, extensions=["tables", "build_tools.site.table_labels"])
    assert '<td data-label="Value">42%</td>' in html
    assert '<td data-label="Period">2020</td>' in html
    assert "<td>Type</td>" in html


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
@pytest.mark.parametrize("path", PAGES + KOREAN_PAGES)
def test_no_table_scrolls_sideways_on_a_phone(tabs: Tabs, base_url: str, path: str, scripts: bool) -> None:
    page = tabs.open(base_url + path, PHONE, scripts)
    assert page.locator("article table").count() > 0, f"{path} shows no table"
    wide = page.evaluate(SIDEWAYS)
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide == [], f"{path}: tables wider than a {PHONE['width']}px phone: {wide}"
    if scripts:  # without them Material's language menu, out of sight, still widens the page
        assert page_width <= PHONE["width"], f"{path} is {page_width}px wide on a {PHONE['width']}px phone"


@pytest.mark.parametrize("path", PAGES + KOREAN_PAGES)
def test_no_word_or_number_in_a_table_is_cut_in_two(tabs: Tabs, base_url: str, path: str) -> None:
    for viewport in (PHONE, DESKTOP):
        page = tabs.open(base_url + path, viewport)
        cut = page.evaluate(CUT_WORDS, "article td")
        assert cut == [], f"{path} at {viewport['width']}px: words broken across lines in a table: {cut}"


def test_a_cell_on_a_phone_is_shown_beside_its_column_header(tabs: Tabs, base_url: str) -> None:
    """A figure's row on the index reads as a card: its source is next to the word "Source", in
    a column as wide as the card allows, not a sliver of a scrolled table."""
    page = tabs.open(base_url + "/figures/", PHONE)
    shown = page.evaluate(
        """() => {
            const td = document.querySelector('article td[data-label="Source"]');
            const label = getComputedStyle(td, '::before');
            return {label: label.content, width: td.getBoundingClientRect().width,
                    header: getComputedStyle(document.querySelector('article thead')).position};
        }"""
    )
    assert shown["label"] == '"Source"'
    assert shown["width"] > PHONE["width"] * 0.8, f"the source cell is {shown['width']}px wide"
    assert shown["header"] == "absolute", "the header row, shown in each card, should leave the layout"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/ko/camps/", "/ko/camps/chongori/"])
def test_korean_titles_and_labels_break_between_words(
    tabs: Tabs, base_url: str, path: str, viewport: dict[str, int]
) -> None:
    """Korean is set with lines broken at spaces: the site's name in the navigation ("아카이" over
    "브" on the old pages), headings and table labels keep each word whole."""
    page = tabs.open(base_url + path, viewport)
    cut = page.evaluate(CUT_WORDS, ".md-nav__title, .md-nav__link, article h1, article h2, article td, .md-footer")
    breaks = page.evaluate(
        "() => [...document.querySelectorAll('h1, .md-nav__link, article td')].map(e => getComputedStyle(e).wordBreak)"
    )
    assert cut == [], f"{path} at {viewport['width']}px: Korean words broken across lines: {cut}"
    assert set(breaks) == {"keep-all"}, f"{path}: word-break {set(breaks)}"


def test_the_camps_index_gives_each_camps_full_korean_name(site: Any) -> None:
    """A camp's full Korean name (full_name_ko, 전거리제12호교화소) stands beside its short one
    (전거리 교화소) on the list of camps, in both languages, marked as Korean on the English page."""
    camps = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "sources" / "camps").glob("*.yaml"))]
    full = [c for c in camps if c.get("full_name_ko")]
    assert full, "no camp records a full Korean name"
    english = (site / "camps" / "index.html").read_text(encoding="utf-8")
    korean = (site / "ko" / "camps" / "index.html").read_text(encoding="utf-8")
    for camp in full:
        assert f'<span lang="ko">{camp["full_name_ko"]}</span>' in english, camp["name"]
        assert camp["full_name_ko"] in korean, camp["name"]
