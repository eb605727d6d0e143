"""The site's search: Pagefind's chunked index (build_tools/site/search.py), driven by
docs/assets/search.js inside Material's search dialog, on the real archive in Chromium.

- Results stay good: for what readers type (each camp's name, ID and Korean name, a product, a
  record's ID, the start of a word, a figure's words, an organization's name), the page they want
  is among the first three results shown.
- Either language finds the other's pages: Hangul typed on an English page finds the Korean
  pages (marked as Korean) and the records they name; English typed on a Korean page finds the
  English pages of the records, the reader's own language first where both match.
- A result's excerpt shows the page's own words, never those the index holds only to find the
  page (the parts of Korean compound names), which still find it.
- The search asks nothing of another host, never fetches the whole index (Material's
  search/search_index.json is gone), and a first query costs a few hundred kilobytes at most
  (scripts/search_cost.py measures it; the benchmark reports it at 10,000 records).
- It is used with the keys Material's search answers ("/", "s", arrows, Enter, Escape), and on a
  phone it fills the screen.
- The index holds each page's own text: not the 404 page, not the edit links, permalink signs,
  ready citations or version lines.
- build_tools.site.search reports Pagefind's own message when it fails, and its background indexing
  (for mkdocs serve) replaces the index only once a run is complete.
- An index made in parts (as a large site's is, to bound Pagefind's memory) holds the same words,
  pages, positions and chunks as one Pagefind run's, and the search finds the same pages with it;
  pages without an article for the search (the redirects of renamed records) are never indexed,
  even in a part of their own.

The site is built for the address it is served at, as a published site is (ARCHIVE_SITE_URL).
"""

from __future__ import annotations

import errno
import gzip
import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from browsing import HOST, PHONE, REPO, Recorder, serving, settled

from build_tools.site import search as site_search
from build_tools.site import search_merge

BUDGET = 300_000  # bytes a reader's first query may cost (at 10,000 records; far less here)


def camps() -> list[tuple[str, dict[str, Any]]]:
    return [
        (p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted((REPO / "sources/camps").glob("*.yaml"))
    ]


# (what a reader types, the page that must be among the first three results)
QUERIES = [
    *[(camp["name"], f"/camps/{rid}/") for rid, camp in camps()],
    # the place a camp is named after ("Chongori", "Kaechon"), where its ID is that name too
    *[(camp["name"].split()[0], f"/camps/{rid}/") for rid, camp in camps() if camp["name"].split()[0].lower() in rid],
    *[(camp["name_ko"], f"/camps/{rid}/") for rid, camp in camps() if camp.get("name_ko")],
    *[(rid, f"/camps/{rid}/") for rid, _ in camps()],  # a camp's ID
    ("wigs", "/products/wigs/"),
    ("eyelashes", "/products/false-eyelashes/"),
    ("knitwear", "/products/knitwear/"),
    ("reed bags", "/products/reed-bags/"),
    ("fig-0011", "/figures/fig-0011/"),
    ("tst-0001", "/testimonies/tst-0001/"),
    ("src-0003", "/sources/src-0003/"),
    ("route-0001", "/routes/route-0001/"),
    ("kaechon-womens-workshop", "/teams/kaechon-womens-workshop/"),
    ("Chong", "/camps/chongori/"),  # the start of a word, as typed so far
    ("Kaech", "/camps/kaechon/"),
    ("eyelash", "/products/false-eyelashes/"),
    ("annual mortality rate Chongori", "/figures/fig-0005/"),
    ("daily working hours", "/figures/fig-0011/"),
    ("share of North Korean wigs", "/figures/fig-0001/"),
    ("Ministry of Social Security", "/organizations/ministry-of-social-security/"),
    ("Daily NK", "/organizations/daily-nk/"),
    ("Citizens' Alliance for North Korean Human Rights", "/organizations/canhr/"),
    ("Rason", "/places/rason/"),
    ("전거리", "/camps/chongori/"),  # Hangul typed on an English page: the Korean name's first word
    ("개천", "/camps/kaechon/"),
]


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture(scope="module")
def requests(context: Any) -> Recorder:
    """Every request of every query made in ``desktop``."""
    return Recorder(context)


@pytest.fixture(scope="module")
def desktop(context: Any, requests: Recorder) -> Any:
    return context.new_page()


def shown(page: Any, base_url: str, query: str, start: str = "/") -> list[str]:
    """Enter ``query`` into the search (at once, as pasting does: one search, whose results are the
    only ones shown; test_browser and test_accessibility type letter by letter); the paths of the
    results shown, best first."""
    enter(page, base_url, query, start)
    return read_results(page, query)


def enter(page: Any, base_url: str, query: str, start: str = "/") -> None:
    """Enter ``query`` into the search of the page at ``start``. A tab already there searches again
    as a reader would a second time: the field emptied (which empties the list at once), then the
    new words."""
    field = page.locator("input.md-search__input")
    if page.url != base_url + start:
        page.goto(base_url + start, wait_until="load")
    elif field.is_visible():
        field.fill("")
        page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    field.click()
    field.fill(query)


def read_results(page: Any, query: str) -> list[str]:
    """The paths of the results shown for ``query`` once shown, best first."""
    try:
        page.wait_for_function(
            """q => document.querySelector('input.md-search__input').value === q
                   && (document.querySelector('.md-search-result__item')
                       || /no matching/i.test(document.querySelector('.md-search-result__meta').textContent))""",
            arg=query,
            timeout=15_000,
        )
    except Exception as e:
        meta = page.locator(".md-search-result__meta").inner_text()
        raise AssertionError(f"searching {query!r} showed no results; the search says {meta!r}") from e
    links = page.locator(".md-search-result__item > a:first-child").all()
    return [urlsplit(a.get_attribute("href") or "").path for a in links]


def fragments(site: Path) -> list[dict[str, Any]]:
    """Pagefind's fragments: one per indexed page (gzip, then a signature, then JSON)."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path.name
        found.append(json.loads(data[len(b"pagefind_dcd") :]))
    return found


# --- results ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ranked(browser: Any, base_url: str) -> dict[str, list[str] | str]:
    """What each query of QUERIES showed (or why it showed nothing), entered four at a time in four
    windows: each query waits a quarter of a second for more keys (search.js's DELAY), a wait the
    other windows use. Windows, not tabs of one: a tab behind another draws no frames, and
    Playwright waits for frames before it types. Contexts of their own, so the requests other tests
    count are not theirs."""
    tabs = [browser.new_context(viewport={"width": 1280, "height": 800}).new_page() for _ in range(4)]
    found: dict[str, list[str] | str] = {}
    try:
        queries = list(dict.fromkeys(query for query, _ in QUERIES))
        for i in range(0, len(queries), len(tabs)):
            batch = list(zip(tabs, queries[i : i + len(tabs)], strict=False))
            for tab, query in batch:
                enter(tab, base_url, query)
            for tab, query in batch:
                try:
                    found[query] = read_results(tab, query)
                except AssertionError as e:
                    found[query] = str(e)
    finally:
        for tab in tabs:
            tab.context.close()
    return found


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_a_reader_finds_the_page_among_the_first_three_results(
    ranked: dict[str, list[str] | str], query: str, expected: str
) -> None:
    found = ranked[query]
    assert not isinstance(found, str), found
    assert expected in found[:3], f"searching {query!r}: {expected} is not among the first three of {found[:10]}"


def test_each_result_shows_its_page_title_and_the_matched_words(desktop: Any, base_url: str) -> None:
    shown(desktop, base_url, "Kaechon")
    first = desktop.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == "Kaechon Correctional Camp No. 1"
    marks = first.locator("mark").all_text_contents()
    assert marks and [m for m in marks if "kaechon" not in re.sub(r"\W", "", m.lower())] == [], marks
    meta = desktop.locator(".md-search-result__meta").inner_text()
    assert meta.endswith("matching documents") and int(meta.split()[0]) >= 10, meta
    assert desktop.locator(".md-search-result__item").count() == 10, "the first ten results, then more on scrolling"
    desktop.locator(".md-search__scrollwrap").evaluate("e => e.scrollTo(0, e.scrollHeight)")
    desktop.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 10")


# --- the two languages ---------------------------------------------------------------------------


def results(page: Any) -> list[dict[str, str]]:
    """The results shown, best first: each one's address, language (its own lang, else the
    page's), the language name after its title, and its excerpt."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('.md-search-result__item')].map(li => ({
                path: new URL(li.querySelector('a').href).pathname,
                lang: li.closest('[lang]').getAttribute('lang'),
                tag: (li.querySelector('h1 .ea-search-lang') || {}).textContent || '',
                excerpt: (li.querySelector('a > article > p') || {}).textContent || ''}))"""
        )
    )


def test_hangul_typed_on_an_english_page_finds_the_korean_pages_too(desktop: Any, base_url: str) -> None:
    found = shown(desktop, base_url, "전거리")
    assert {"/camps/chongori/", "/ko/camps/chongori/"} <= set(found[:3]), found[:10]
    shown_now = results(desktop)
    korean = [r for r in shown_now if r["path"].startswith("/ko/")]
    assert korean, "no Korean page among the results"
    assert all(r["lang"] == "ko" and r["tag"] == "한국어" for r in korean), korean
    assert all(r["lang"] == "en" and r["tag"] == "" for r in shown_now if r not in korean), shown_now
    # a product's Korean name finds its Korean page
    assert "/ko/products/wigs/" in shown(desktop, base_url, "가발")[:3]


def test_english_typed_on_a_korean_page_finds_the_records_english_pages_too(desktop: Any, base_url: str) -> None:
    # The Korean pages of the wig-making unit and the wig figures never say "wig": their English pages do
    found = shown(desktop, base_url, "wig", start="/ko/")
    assert "/teams/chongori-wig-team/" in found[:3], found[:10]
    english = [r for r in results(desktop) if not r["path"].startswith("/ko/")]
    assert english and all(r["lang"] == "en" and r["tag"] == "English" for r in english), english
    # Where a record's pages match in both languages, the reader's own comes first
    assert shown(desktop, base_url, "fig-0011", start="/ko/")[:2] == ["/ko/figures/fig-0011/", "/figures/fig-0011/"]
    assert shown(desktop, base_url, "Chongori", start="/ko/")[0] == "/ko/camps/chongori/"
    # Hangul on a Korean page searches the Korean pages alone, as before
    assert all(p.startswith("/ko/") for p in shown(desktop, base_url, "가발", start="/ko/"))


def test_an_excerpt_shows_only_words_its_page_shows(desktop: Any, base_url: str) -> None:
    """Korean often writes a name's words as one (전거리교화소): the index holds such forms to find
    the page, but they are not the page's words, and a result's excerpt never shows them."""
    settled(desktop, base_url + "/ko/camps/chongori/")
    visible = desktop.locator("article").inner_text()
    assert "전거리교화소" not in visible and "전거리 교화소" in visible
    for start in ("/ko/", "/"):
        found = shown(desktop, base_url, "전거리교화소", start=start)
        assert "/ko/camps/chongori/" in found[:3], f"from {start}: {found[:10]}"
    first = next(r for r in results(desktop) if r["path"] == "/ko/camps/chongori/")
    words = [w.strip(".,;:()“”\"'…") for w in first["excerpt"].split()]
    unseen = [w for w in words if w and w not in visible]
    assert words and unseen == [], f"the excerpt {first['excerpt']!r} shows words not on the page: {unseen}"


def test_a_single_letter_or_a_common_word_fetches_no_part_of_the_index_for_itself(
    desktop: Any, requests: Recorder, base_url: str
) -> None:
    settled(desktop, base_url + "/")
    before = len(requests.urls)
    desktop.locator("input.md-search__input").click()
    desktop.keyboard.type("K")
    desktop.wait_for_timeout(1_000)
    chunks = [u for u in requests.urls[before:] if "/pagefind/index/" in u]
    assert chunks == [], f"one letter fetched {chunks}"
    assert desktop.locator(".md-search-result__meta").inner_text() == "Type to start searching"
    # "of" is on nearly every page: "Ministry of Social Security" searches the other words
    assert shown(desktop, base_url, "Ministry of Social Security")[0] == "/organizations/ministry-of-social-security/"
    assert shown(desktop, base_url, "of")[:1], "a query of common words alone is still searched"


def test_the_search_asks_no_other_host_and_never_for_the_whole_index(
    desktop: Any, requests: Recorder, base_url: str
) -> None:
    shown(desktop, base_url, "wigs")
    assert requests.foreign() == [], f"requests to hosts other than {HOST}: {requests.foreign()}"
    paths = [urlsplit(u).path for u in requests.urls]
    assert any(p.endswith("/pagefind/pagefind.js") for p in paths), "Pagefind was never loaded"
    assert any("/pagefind/index/" in p for p in paths) and any("/pagefind/fragment/" in p for p in paths), paths
    assert not any("search_index" in p for p in paths), "Material's whole-site index was fetched"


def test_a_first_query_costs_little(site: Path, browser: Any) -> None:
    spec = importlib.util.spec_from_file_location("search_cost", REPO / "scripts" / "search_cost.py")
    assert spec and spec.loader
    search_cost = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search_cost)
    cost = search_cost.first_query_bytes(site, "Kaechon", browser=browser)
    print(search_cost.report(cost))
    assert cost["results_shown"] == 10, cost
    assert 0 < cost["bytes"] < BUDGET, search_cost.report(cost)
    for kind in ("scripts", "webassembly", "index metadata", "index chunks", "fragments"):
        assert cost["by_kind"].get(kind, 0) > 0, f"no {kind} among what the search fetched: {cost['files']}"
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    assert cost["by_kind"]["index chunks"] + cost["by_kind"]["fragments"] < index / 3, "most of the index was fetched"


def by_page(pages: list[Any], urls: list[str], fields: list[str]) -> dict[str, Any]:
    """A word's pages in the index (numbers as deltas) by address, its meta fields by name."""
    found, number = {}, 0
    for delta, positions, meta_positions in pages:
        number += delta
        found[urls[number]] = (positions, [fields[-x - 1] if x < 0 else x for x in meta_positions])
    return found


def index_contents(site: Path) -> dict[str, Any]:
    """What the index at ``site/pagefind`` holds, whatever its page numbers and file names: per
    language, each page's word count, the chunks' bounds, and each word's (and each variant's)
    positions and meta positions (with their fields' names) by page address."""
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    contents = {}
    for lang, about in entry["languages"].items():
        meta, _ = search_merge._decode(search_merge._read(bundle / f"pagefind.{about['hash']}.pf_meta"))
        fields = meta[5]
        urls = []
        for fragment, _count in meta[1]:
            data = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
            urls.append(json.loads(data[len(b"pagefind_dcd") :])["url"])

        words = {}
        for _start, _end, chunk in meta[2]:
            (chunk_words,), _ = search_merge._decode(search_merge._read(bundle / "index" / f"{chunk}.pf_index"))
            for word, pages, variants in chunk_words:
                words[word] = (
                    by_page(pages, urls, fields),
                    {form: by_page(more, urls, fields) for form, more in variants},
                )
        contents[lang] = {
            "pages": {url: count for url, (_fragment, count) in zip(urls, meta[1], strict=True)},
            "chunks": [(start, end) for start, end, _chunk in meta[2]],
            "words": words,
        }
    return contents


def test_an_index_made_in_parts_is_the_index_of_one_run(
    tmp_path: Path, monkeypatch: Any, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "site"
    page = '<html lang="en"><body><nav>Menu</nav><article data-pagefind-body {}><h1>{}</h1><p>{}</p></article></body></html>'
    texts = [
        ('data-pagefind-meta="id:camp1"', "Kaechon Correctional Camp No. 1", "Women make wigs; 개천 교화소."),
        ('data-pagefind-meta="id:fig1"', "Daily working hours", "Sixteen hours a day at Kaechon, café."),
        ("", "Wigs", "Hair pieces and false eyelashes made in camps."),
        ("", "Chongori", "전거리 교화소: eyelashes, knitwear, café and cafe."),
        ("", "Rason", "A port for wigs and eyelashes."),
    ]
    for k, (meta, title, text) in enumerate(texts):
        (site / f"p{k}").mkdir(parents=True)
        (site / f"p{k}" / "index.html").write_text(page.format(meta, title, text), encoding="utf-8")
    for k in range(3):  # a renamed record's redirect: no article for the search
        (site / f"old-{k}").mkdir()
        (site / f"old-{k}" / "index.html").write_text(
            '<html lang="en"><head><meta http-equiv="refresh" content="0; url=../p0/"></head>'
            "<body>Redirecting to Kaechon</body></html>",
            encoding="utf-8",
        )
    site_search.index_site(site)
    whole = index_contents(site)
    monkeypatch.setattr(site_search, "PART_PAGES", 2)  # three parts, one with no "id" field at all
    site_search.index_site(site)
    parts = index_contents(site)
    assert parts == whole
    assert sorted(whole["en"]["pages"]) == [f"/p{k}/" for k in range(5)], "a redirect was indexed"
    assert {"kaechon", "wig", "eyelash"} <= set(whole["en"]["words"]), sorted(whole["en"]["words"])
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == [], "a scratch folder was left"

    # A Pagefind whose files the merge does not know (another version than the pinned one): the
    # site is indexed in one run all the same, and the build says why.
    def refuse(bundles: list[Path], output: Path) -> None:
        raise search_merge.MergeError("an unknown layout")

    monkeypatch.setattr(search_merge, "merge", refuse)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.evidence"):
        site_search.index_site(site)
    assert index_contents(site) == whole
    assert "could not be merged (an unknown layout)" in caplog.text


def test_an_index_made_in_parts_finds_what_one_run_finds(
    site: Path, browser: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    pages = len(fragments(site))
    monkeypatch.setattr(site_search, "PART_PAGES", pages // 3 + 1)
    site_search.index_site(copy)
    assert len(fragments(copy)) == pages
    assert index_contents(copy) == index_contents(site)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        with serving(copy) as url:
            rid, camp = camps()[0]
            for query, expected in [
                (camp["name"], f"/camps/{rid}/"),
                (camp["name_ko"], f"/camps/{rid}/"),
                (rid, f"/camps/{rid}/"),
                ("fig-0011", "/figures/fig-0011/"),
                ("Kaech", "/camps/kaechon/"),
                ("daily working hours", "/figures/fig-0011/"),
            ]:
                found = shown(page, url, query)
                assert expected in found[:3], (
                    f"searching {query!r}: {expected} is not among the first three of {found[:10]}"
                )
            assert shown(page, url, "fig-0011")[0] == "/figures/fig-0011/"
    finally:
        context.close()


# --- keys and phones ---------------------------------------------------------------------------


def is_open(page: Any) -> bool:
    return bool(page.evaluate("() => document.getElementById('__search').checked"))


def focused(page: Any) -> str:
    return str(
        page.evaluate(
            """() => { const e = document.activeElement;
                       return e.matches('input.md-search__input') ? 'input'
                            : e.matches('.md-search-result__link') ? 'result ' + e.getAttribute('href')
                            : e.tagName.toLowerCase(); }"""
        )
    )


def test_the_search_is_used_with_the_keys_material_answers(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        settled(page, base_url + "/camps/")
        for key in ("/", "s"):
            page.keyboard.press(key)
            assert is_open(page) and focused(page) == "input", f"{key!r} did not open the search"
            assert page.locator("input.md-search__input").input_value() == "", f"{key!r} was typed into the search"
            page.keyboard.press("Escape")
            assert not is_open(page) and focused(page) != "input", "Escape did not close the search"

        page.keyboard.press("/")
        page.keyboard.type("wigs", delay=30)
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_timeout(300)
        first = page.locator(".md-search-result__item > a").first.get_attribute("href")
        page.keyboard.press("ArrowDown")
        assert focused(page) == f"result {first}", "ArrowDown did not move to the first result"
        page.keyboard.press("ArrowDown")
        assert focused(page).startswith("result ") and focused(page) != f"result {first}"
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert focused(page) == "input", "ArrowUp did not come back to the search field"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert urlsplit(page.url).path == urlsplit(first or "").path, f"Enter opened {page.url}, not {first}"
        assert not is_open(page)
        # The words searched for are marked on the page opened (Material's search.highlight).
        assert page.locator("article mark[data-md-highlight]").count() > 0
    finally:
        context.close()


def test_on_a_phone_the_search_fills_the_screen(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        settled(page, base_url + "/camps/chongori/")
        button = page.locator("label.md-header__button[for='__search']")
        assert button.is_visible(), "a phone's header has no search button"
        button.click()
        page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
        page.keyboard.type("Kaechon", delay=30)
        page.locator(".md-search-result__item").first.wait_for()
        box = page.locator(".md-search__inner").bounding_box()
        assert box and box["x"] == 0 and box["width"] == PHONE["width"], f"the open search is {box}"
        assert page.locator(".md-search-result__item").first.is_visible()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the open search overflows the screen: {width}px"
        page.locator(".md-search__icon[for='__search']").click()  # the back arrow
        assert not is_open(page)
    finally:
        context.close()


# --- what is indexed -------------------------------------------------------------------------


def test_the_index_holds_each_page_s_own_text(site: Path) -> None:
    pages = fragments(site)
    urls = {page["url"] for page in pages}
    assert "/camps/chongori/" in urls and "/figures/fig-0011/" in urls and "/" in urls
    assert not any("404" in u for u in urls), "the page for a missing address is indexed"
    record = (site / "figures" / "fig-0011" / "index.html").read_text(encoding="utf-8")
    assert "Edit this record" in record and "Suggest a correction" in record  # built with a hosting repository
    records = [page for page in pages if page["url"].count("/") == 3 and not page["url"].startswith("/reference/")]
    assert len(records) > 50, [page["url"] for page in pages]
    for absent in (
        "Edit this record",
        "Suggest a correction",
        "¶",
        "@misc",
        "[Dataset]",
        "Last changed",
        "Permalink: http",
        "committed history",  # the History section: commit messages describe edits, not the record
        "full history of this record",
    ):
        found = [page["url"] for page in records if absent in page["content"]]
        assert found == [], f"{absent!r} is in the search index of {found}"
    fig = next(page for page in pages if page["url"] == "/figures/fig-0011/")
    assert "ID fig-0011" in fig["content"] and fig["meta"]["id"] == "fig0011"
    assert fig["meta"]["title"] == "Daily working hours of women lifers at Kaechon after August 2022"
    # Links to other pages are those pages' titles: the figure is found by its own words
    source = re.search(r'<a href="../../sources/src-\d+/">([^<]+)</a>', record)  # "Based on:", a link to the source
    assert source and "Daily NK report" in source.group(1), "the figure no longer links its source by its title"
    assert source.group(1) not in fig["content"]
    population = yaml.safe_load((REPO / "sources/figures/fig-0011.yaml").read_text(encoding="utf-8"))["population"]
    assert population in fig["content"]  # its own text


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class HiddenText(HTMLParser):
    """The text of a page's hidden elements (the hidden attribute), and all of its shown text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # for each open element: is it, or one around it, hidden?
        self.texts: list[str] = []
        self.shown: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(bool(self.stack and self.stack[-1]) or any(name == "hidden" for name, _ in attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] and data.strip():
            self.texts.append(data.strip())
        elif data.strip():
            self.shown.append(data.strip())


def test_no_page_s_indexed_text_holds_words_the_page_hides(site: Path) -> None:
    """What the index holds of a page (its excerpts' source) is what the page shows; the words
    kept only to find it (a Korean name's parts and joined words) are metadata, not text."""
    pages = fragments(site)
    checked = 0
    for page in pages:
        html = site / page["url"].lstrip("/") / "index.html"
        article = html.read_text(encoding="utf-8").split("data-pagefind-body", 1)[1]
        parser = HiddenText()
        parser.feed(article.split("</article>", 1)[0])
        shown = " ".join(parser.shown)
        for text in parser.texts:
            checked += 1
            assert text not in page["content"] or text in shown, f"{page['url']}: the hidden {text!r} is indexed"
    assert checked > 20, "no hidden words found to check: the test checks nothing"
    camp = next(page for page in pages if page["url"] == "/ko/camps/chongori/")
    assert "전거리교화소" in camp["meta"]["name"].split() and "교화소" in camp["meta"]["terms"].split()


def test_only_the_search_files_the_pages_use_are_published(site: Path) -> None:
    published = {p.name for p in (site / "pagefind").iterdir() if p.is_file()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= published, published
    assert not published & set(site_search.UNUSED), published & set(site_search.UNUSED)
    assert not (site / "search").exists(), "Material's search index is still built"
    assert not [p.name for p in site.iterdir() if p.name.startswith(".pagefind")], "a scratch folder was left"


# --- build_tools.site.search ------------------------------------------------------------------------


def test_a_pagefind_failure_is_reported_with_its_message(tmp_path: Path) -> None:
    with pytest.raises(site_search.SearchIndexError, match=r"Pagefind could not index the site: (?s:.*)html files"):
        site_search.index_site(tmp_path)  # nothing to index
    assert list(tmp_path.iterdir()) == [], "a scratch folder was left"


def test_the_pages_are_listed_without_looking_into_scratch_folders(tmp_path: Path, monkeypatch: Any) -> None:
    """A preview run stopped by a newer one removes its scratch folder while the newer one lists
    the site's pages; the listing never looks into a dot folder, so none can vanish under it (it
    did, now and then: the newer run failed and the preview's search kept the old pages)."""
    for rel in ("index.html", "a/b.html", ".pagefind-x/part-0/c.html", "a/.d.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<html></html>", encoding="utf-8")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if "/.pagefind-" in str(path):
            raise FileNotFoundError(errno.ENOENT, "removed by the run it belongs to", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert site_search._pages(tmp_path) == [tmp_path / "a" / "b.html", tmp_path / "index.html"]


def test_background_indexing_keeps_the_last_index_until_a_newer_one_is_complete(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(site_search, "PART_PAGES", 2)  # three pages: indexed in two parts, then merged
    site = tmp_path / "site"
    site.mkdir()
    page = '<html lang="en"><body><article data-pagefind-body><h1>{}</h1><p>{}</p></article></body></html>'
    (site / "index.html").write_text(page.format("First", "alpha"), encoding="utf-8")
    site_search.index_site(site)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1

    (site / "two.html").write_text(page.format("Second", "beta"), encoding="utf-8")
    first = site_search.index_in_background(site)  # superseded at once by the next call
    (site / "three.html").write_text(page.format("Third", "gamma"), encoding="utf-8")
    second = site_search.index_in_background(site)
    assert (site / "pagefind" / "pagefind.js").is_file(), "the index is gone while it is being rebuilt"
    site_search.wait_for_background(timeout=120)
    assert not first.is_alive() and not second.is_alive()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 3, "the newest pages were not indexed"
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "pagefind", "three.html", "two.html"]
    shutil.rmtree(site)


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="CPU priority is a Unix notion")
def test_the_preview_s_indexing_runs_at_the_lowest_cpu_priority(tmp_path: Path, monkeypatch: Any) -> None:
    """At 10,000 pages Pagefind keeps both cores busy for a minute; the contributor's next rebuild
    must not wait behind it."""
    monkeypatch.setattr(
        site_search, "_command", lambda _site, _out: [sys.executable, "-c", "import time; time.sleep(30)"]
    )
    monkeypatch.setattr(site_search._background, "proc", None)  # an earlier test's run, long finished
    site_search.index_in_background(tmp_path)
    deadline = time.monotonic() + 10
    while (proc := site_search._background.proc) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc is not None and proc.poll() is None
    try:
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == site_search.BACKGROUND_NICENESS == 19
    finally:
        proc.terminate()
        site_search.wait_for_background(timeout=30)
