"""A reader's path through the built site in a real browser (the system's Chromium, via Playwright).

Home page -> the Chongori camp -> one of its figures -> the source behind it, which lists the
figure among the records that cite it. The site is the one built once a session and served by
`python -m http.server` on 127.0.0.1 (conftest's served); no request may leave that host.

The shared machinery (building, serving, Chromium, recording requests) is in ``browsing.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from browsing import HOST, PHONE, REPO, Recorder, serving


def section_links(title_id: str, href_part: str) -> str:
    """XPath of the links (href containing href_part) in the article section under <h2 id=title_id>."""
    return (
        f"xpath=//article//h2[@id='{title_id}']/following-sibling::*"
        f"[preceding-sibling::h2[1][@id='{title_id}']]//a[contains(@href, '{href_part}')]"
    )


def test_reader_path_from_home_to_a_figure_source(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    requests = Recorder(context)
    page = context.new_page()
    try:
        page.goto(base_url + "/")

        # Home -> the camp, found the way a reader would: by its name. The first is the home map's
        # marker (of the drawing the screen shows: get_by_role skips the hidden one), whose name
        # sits apart from its dot: the reader clicks the name, not the blank between them.
        camp_link = page.locator("article").get_by_role("link", name=re.compile("Chongori")).first
        label = camp_link.locator(".ea-map-label")
        with page.expect_navigation():
            (label if label.count() else camp_link).click()
        assert page.url.endswith("/camps/chongori/"), f"the first 'Chongori' link on the home page led to {page.url}"
        assert "Chongori" in page.locator("article h1").inner_text()

        # Camp -> the first figure in the tables of its Figures section (the charts link them too).
        figure_link = page.locator(section_links("figures", "/figures/") + "[ancestor::table]").first
        assert figure_link.count() == 1, "the camp page's Figures section links no figure"
        figure_id = re.search(r"figures/([^/]+)/", figure_link.get_attribute("href") or "")
        assert figure_id, f"unexpected figure link {figure_link.get_attribute('href')!r}"
        figure_id = figure_id.group(1)
        with page.expect_navigation():
            figure_link.click()
        assert page.url.endswith(f"/figures/{figure_id}/"), page.url

        # The figure shows its value and the source it is based on.
        value = page.locator("article .ea-value")
        assert value.count() >= 1 and value.first.inner_text().strip(), f"figure {figure_id} shows no value"
        assert page.locator("article").get_by_text("Based on").count() >= 1, f"figure {figure_id} has no 'Based on'"
        source_link = page.locator(
            "xpath=//article//p[.//*[contains(., 'Based on')]]"
            "/following-sibling::ul[1]//a[contains(@href, '/sources/')]"
        ).first
        assert source_link.count() == 1, f"figure {figure_id}: no source link after 'Based on'"
        with page.expect_navigation():
            source_link.click()
        assert "/sources/" in page.url, page.url

        # The source lists the figure we came from under "Cited by".
        assert page.locator("article h2#cited-by").count() == 1, f"{page.url} has no 'Cited by' section"
        back = page.locator(section_links("cited-by", f"figures/{figure_id}/"))
        assert back.count() >= 1, f"{page.url}: 'Cited by' does not list {figure_id}"

        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert requests.urls, "no request was recorded"
    assert requests.foreign() == [], f"requests to hosts other than {HOST}: {requests.foreign()}"


def test_camp_page_fits_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    requests = Recorder(context)
    page = context.new_page()
    try:
        page.goto(base_url + "/camps/chongori/")
        page.wait_for_load_state("networkidle")
        widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('article *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .filter(e => !e.closest('.md-typeset__scrollwrap, pre'))
                .slice(0, 10)
                .map(e => `<${e.tagName.toLowerCase()}${e.className ? ' class=' + e.className : ''}>`
                          + ` right=${Math.round(e.getBoundingClientRect().right)}: `
                          + (e.textContent || '').trim().slice(0, 60))"""
        )
    finally:
        context.close()
    assert widths["scroll"] <= widths["inner"] + 1, (
        f"/camps/chongori/ overflows a {PHONE['width']}px viewport: scrollWidth {widths['scroll']} > "
        f"innerWidth {widths['inner']}; widest elements: {wide}"
    )
    assert requests.foreign() == [], f"requests to hosts other than {HOST}: {requests.foreign()}"


def test_a_phone_shows_the_figures_table_in_rows_of_a_few_lines(browser: Any, base_url: str) -> None:
    """The last column (each figure's sources, with where in them) must not be squeezed to a word
    a line: on a phone, no row of the figures' table is taller than half the screen."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(base_url + "/figures/")
        page.wait_for_load_state("networkidle")
        rows = page.evaluate(
            """() => [...document.querySelectorAll('article table tbody tr')].map(r =>
                [Math.round(r.getBoundingClientRect().height), r.querySelector('td').textContent.trim()])"""
        )
    finally:
        context.close()
    assert len(rows) > 10
    tall = [(h, what) for h, what in rows if h > PHONE["height"] / 2]
    assert tall == [], f"rows taller than half a {PHONE['height']}px screen: {tall[:5]}"


def test_search_finds_a_camp_by_name(browser: Any, base_url: str) -> None:
    """A reader types a camp's name into the site's search and reaches its page, offline."""
    context = browser.new_context()
    requests = Recorder(context)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        page.wait_for_load_state("networkidle")  # the search loads its index only once it is used
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Kaechon", delay=50)
        result = page.locator(".md-search-result__item a[href*='camps/kaechon/']").first
        try:
            result.wait_for(timeout=15_000)
        except Exception as e:
            shown = page.locator(".md-search-result").inner_text()
            raise AssertionError(f"search for 'Kaechon' showed no link to the camp; results: {shown!r}") from e
        with page.expect_navigation():
            result.click()
        assert "/camps/kaechon/" in page.url, page.url
        assert "Kaechon" in page.locator("article h1").inner_text()
    finally:
        context.close()
    assert requests.foreign() == [], f"requests to hosts other than {HOST}: {requests.foreign()}"


# --- citing a record --------------------------------------------------------------------------


def test_a_reader_copies_a_bibtex_citation_that_a_reference_manager_reads(browser: Any, base_url: str) -> None:
    import bibtexparser

    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    requests = Recorder(context)
    page = context.new_page()
    try:
        page.goto(base_url + "/figures/fig-0005/")
        copied = {}
        # Two boxes: the archive's record, and the source the figure comes from (its own authors).
        for box in ("Cite this record", "Cite the original source"):
            details = page.locator("details.quote").filter(has=page.locator("summary", has_text=box))
            details.locator("summary").click()
            details.locator(".tabbed-labels label").filter(has_text="BibTeX").first.click()
            block = details.locator(".tabbed-block").filter(has_text="@").first
            block.hover()
            block.locator("button[data-md-type='copy']").click()
            copied[box] = page.evaluate("() => navigator.clipboard.readText()")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    library = bibtexparser.parse_string(copied["Cite this record"])
    assert len(library.entries) == 1 and not library.failed_blocks, copied
    fields = library.entries[0].fields_dict
    assert "fig-0005" in fields["title"].value, copied
    assert fields["url"].value.endswith("/figures/fig-0005/"), copied
    library = bibtexparser.parse_string(copied["Cite the original source"])
    assert len(library.entries) == 1 and not library.failed_blocks, copied
    (source,) = library.entries
    assert source.key.startswith("src-") and "contributors" not in copied["Cite the original source"], copied
    assert requests.foreign() == [], f"requests to hosts other than {HOST}: {requests.foreign()}"


def test_a_printed_record_has_its_citation_and_full_addresses_and_no_navigation(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base_url + "/sources/src-0002/")
        page.emulate_media(media="print")
        shown = {
            sel: page.locator(sel).first.is_visible()
            for sel in (".md-header", ".md-sidebar--primary", ".md-footer", "details.quote")
        }
        cite_as = page.locator(".ea-print-only").inner_text()
        version = page.locator(".ea-meta").nth(1).inner_text()
        pdf = page.pdf()
        # A link to another site prints its full address after the link text.
        page.goto(base_url + "/data/")
        page.emulate_media(media="print")
        after = page.evaluate(
            """() => { const a = document.querySelector('article a[href^="http"]');
                       return [a.href, getComputedStyle(a, '::after').content]; }"""
        )
    finally:
        context.close()
    assert not any(shown.values()), f"the printed page still shows {[s for s, v in shown.items() if v]}"
    # A source's page prints the citation of the document itself (its publisher, not the archive);
    # where the archive knows no address of it, the record's full address leads back to it.
    assert "Cite as:" in cite_as and "Made in China" in cite_as and "Citizens' Alliance" in cite_as, cite_as
    assert "contributors" not in cite_as and "/sources/src-0002/" in cite_as, cite_as
    assert "Version" in version, version
    assert after[0] in after[1], f"the printed link to {after[0]} does not show its address: {after[1]!r}"
    assert pdf.startswith(b"%PDF"), "Chromium did not print the page"


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive after figure fig-0005 was renamed fig-0105 the documented way."""
    work = tmp_path_factory.mktemp("renamed")
    copy = work / "archive"
    copy.mkdir()
    for name in ("mkdocs.yml", "permalinks.txt"):
        shutil.copy2(REPO / name, copy / name)
    shutil.copytree(REPO / "docs", copy / "docs")
    shutil.copytree(REPO / "sources", copy / "sources")
    old = copy / "sources" / "figures" / "fig-0005.yaml"
    (copy / "sources" / "figures" / "fig-0105.yaml").write_text(
        old.read_text(encoding="utf-8") + "formerly: [fig-0005]\n", encoding="utf-8"
    )
    old.unlink()
    for path in (copy / "sources").rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        if "fig-0005" in text and path.stem != "fig-0105":
            path.write_text(text.replace("fig-0005", "fig-0105"), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "build_tools", "--root", str(copy), "permalinks"], env=env, check=True)
    out = work / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(copy / "mkdocs.yml"), "-d", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"the renamed archive does not build:\n{proc.stdout}{proc.stderr}"
    return out


def test_an_old_permalink_with_an_anchor_leads_to_the_renamed_record(browser: Any, renamed_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        with serving(renamed_site) as url:
            page.goto(f"{url}/figures/fig-0005/#source")
            page.wait_for_url(re.compile(r"/figures/fig-0105/#source$"), timeout=10_000)
            title = page.locator("article h1").inner_text()
            # The camp page keeps the figure's old anchor, so links to a figure in context still land.
            page.goto(f"{url}/camps/chongori/#fig-0005")
            anchored = page.evaluate("() => !!document.getElementById('fig-0005')")
    finally:
        context.close()
    assert "Chongori" in title, title
    assert anchored, "the camp page lost the old anchor #fig-0005"


DRAWINGS = "figure.ea-visual svg"


def drawn(page: Any) -> list[dict[str, Any]]:
    """Each drawing the page shows (of a wide one and its phone layout, the one the CSS shows):
    its class, rendered size, and how many of its links and texts the browser lays out (a
    drawing left empty shows 0)."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].filter(svg => svg.getClientRects().length).map(svg => {
               const box = svg.getBoundingClientRect();
               return {cls: svg.getAttribute('class'), width: Math.round(box.width), height: Math.round(box.height),
                       links: [...svg.querySelectorAll('a')].filter(a => a.getBoundingClientRect().width > 0).length,
                       texts: [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().width > 0).length};
           })""",
        DRAWINGS,
    )


def test_a_camp_pages_drawings_show_and_link_with_scripts_off_and_in_print(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    requests = Recorder(context)
    page = context.new_page()
    try:
        page.goto(base_url + "/camps/kaechon/")
        on_screen = drawn(page)
        # a mark on the map is a working link with scripts off: the camp's own
        target = page.locator("figure.ea-visual-map svg a[href$='/camps/kaechon/']").first
        label = target.get_attribute("aria-label") or ""
        page.locator("figure.ea-visual-flow svg a[href*='/organizations/']").first.click()
        reached = page.url
        page.goto(base_url + "/camps/kaechon/")
        page.emulate_media(media="print")
        in_print = drawn(page)
        pdf = page.pdf()
    finally:
        context.close()
    kinds = sorted({d["cls"].split()[0] for d in on_screen})
    assert kinds == ["ea-chart", "ea-flow", "ea-map", "ea-tl"], kinds
    for d in on_screen + in_print:
        assert d["width"] > 200 and d["height"] > 60 and d["links"] > 0 and d["texts"] > 0, d
    assert "general area" in label.lower(), f"the Kaechon mark does not say its position is an area: {label!r}"
    assert "/organizations/" in reached, reached
    assert pdf.startswith(b"%PDF")
    assert requests.foreign() == [], requests.foreign()


def test_the_drawings_fit_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        sizes = {}
        for path in ("/map/", "/timeline/", "/routes/", "/measures/annual-mortality-rate/"):
            page.goto(base_url + path)
            sizes[path] = (drawn(page), page.evaluate("() => document.documentElement.scrollWidth"))
    finally:
        context.close()
    for path, (found, scroll) in sizes.items():
        assert found, f"{path} has no drawing"
        assert scroll <= PHONE["width"] + 1, f"{path} overflows a phone: {scroll}px"
        for d in found:
            assert d["width"] <= PHONE["width"] and d["texts"] > 0, (path, d)
