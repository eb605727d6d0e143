"""What a reader sees first: each kind of page answers its reader's first question in the first
screen, on a laptop (1280 x 800) and on a phone (390 x 844), in English and in Korean; and a page
shared or found by a search engine says what it holds (its own title, description, Open Graph).

The browser tests look at the real archive, built and served (conftest.served)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from browsing import Tabs

from build_tools.pages import lead

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENS = [pytest.param(LAPTOP, id="1280"), pytest.param(PHONE, id="390")]
LANGS = [pytest.param("", id="en"), pytest.param("/ko", id="ko")]

# Whether an element ends inside the first screen (its bottom edge is above the fold).
IN_FIRST_SCREEN = """(el) => { const r = el.getBoundingClientRect();
  return r.height > 0 && r.bottom <= window.innerHeight && r.top >= 0; }"""


def _first_screen(page: Any, selector: str) -> list[str]:
    """The texts of the elements matching ``selector`` that lie wholly in the first screen."""
    found = page.locator(selector)
    return [found.nth(i).inner_text() for i in range(found.count()) if found.nth(i).evaluate(IN_FIRST_SCREEN)]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("camp", ["chongori", "kaechon"])
def test_a_camp_page_opens_with_its_key_figures_and_their_sources(
    tabs: Tabs, base_url: str, camp: str, prefix: str, screen: dict[str, int]
) -> None:
    page = tabs.open(f"{base_url}{prefix}/camps/{camp}/", screen)
    items = page.locator("article .ea-lead li")
    assert items.count() >= 3, "the camp page does not open with its key figures"
    first = items.first
    assert first.evaluate(IN_FIRST_SCREEN), "the first key figure is not in the first screen"
    # Each key figure links to its figure page and names where it comes from.
    for i in range(items.count()):
        item = items.nth(i)
        assert item.locator("a[href*='/figures/']").count() == 1, item.inner_text()
        said = item.locator(".ea-lead__src").inner_text().strip()
        assert said, f"key figure without a source: {item.inner_text()!r}"
    shown = _first_screen(page, "article .ea-lead li")
    assert len(shown) >= (3 if screen is PHONE else 5), f"only {len(shown)} key figures in the first screen"
    # The value keeps the source's uncertainty: what the figure page says, word for word.
    value = first.locator("a[href*='/figures/']").inner_text()
    href = first.locator("a[href*='/figures/']").get_attribute("href")
    page.goto(page.url + href if not href.startswith(("/", "http")) else href)
    assert page.locator("article .ea-value").inner_text().startswith(value)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("figure", ["fig-0005", "fig-0013"])
def test_a_figure_page_shows_its_value_and_its_source_at_once(
    tabs: Tabs, base_url: str, figure: str, prefix: str, screen: dict[str, int]
) -> None:
    page = tabs.open(f"{base_url}{prefix}/figures/{figure}/", screen)
    assert _first_screen(page, "article .ea-value"), "the value is not in the first screen"
    sources = page.locator("article .ea-value ~ ul a[href*='/sources/']")
    assert sources.count() >= 1, "no source right under the value"
    assert sources.first.evaluate(IN_FIRST_SCREEN), "the source is not in the first screen"
    # The source's own words, where the record gives them, come before the details table.
    said = page.locator("article").inner_text()
    assert said.index(sources.first.inner_text()) < said.index(page.locator("article table").first.inner_text())


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(
    ("path", "lead_text"),
    [
        ("/routes/route-0001/", "Path:"),
        ("/products/wigs/", "Made in:"),
        ("/places/hoeryong/", "Camps here:"),
    ],
)
def test_route_product_and_place_pages_lead_with_what_matters(
    tabs: Tabs, base_url: str, path: str, lead_text: str, screen: dict[str, int]
) -> None:
    page = tabs.open(base_url + path, screen)
    lead_line = page.locator("article p", has_text=lead_text).first
    assert lead_line.count() == 1, f"{path} does not say {lead_text!r}"
    assert lead_line.evaluate(IN_FIRST_SCREEN), f"{lead_text!r} is not in the first screen of {path}"
    assert lead_line.locator("a").count() >= 1


def _meta(page_html: str, attr: str, name: str) -> str | None:
    m = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', page_html)
    return html.unescape(m.group(1)) if m else None


def test_a_figure_page_is_titled_and_described_by_its_value_subject_and_source(site: Path) -> None:
    for prefix in ("", "ko/"):
        page = (site / prefix / "figures/fig-0005/index.html").read_text(encoding="utf-8")
        title = re.search(r"<title>([^<]*)</title>", page).group(1)  # type: ignore[union-attr]
        value = re.search(r'class="ea-value">([^<]*)<', page).group(1)  # type: ignore[union-attr]
        assert value.strip() in title, title
        description = _meta(page, "name", "description")
        assert description and value.strip() in description
        assert ("Chongori" if not prefix else "전거리") in description
        assert ("Source:" if not prefix else "출처:") in description
        assert _meta(page, "property", "og:title") == html.unescape(title.rsplit(" - ", 1)[0])
        assert _meta(page, "property", "og:description") == description
        assert _meta(
            page,
            "property",
            "og:url",
        ).endswith(f"/{prefix}figures/fig-0005/")  # type: ignore[union-attr]
        assert _meta(page, "property", "og:locale") == ("ko_KR" if prefix else "en_GB")


def test_every_page_has_a_description_of_its_own(site: Path) -> None:
    default = _meta((site / "404.html").read_text(encoding="utf-8"), "name", "description")
    seen: dict[str, str] = {}
    for path in sorted(site.rglob("index.html")):
        page = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in page:  # a redirect from an old address
            continue
        where = str(path.relative_to(site))
        description = _meta(page, "name", "description")
        assert description and description != default, f"{where} has the site's description, not its own"
        assert len(description) <= 2 * lead.DESCRIPTION_CHARS, where
        # The second part of a long list says what its first says, and a Korean page whose record
        # has no Korean summary yet describes itself in English, as its English page does.
        if not re.search(r"/\d+/index.html$", where):
            key = f"{where.startswith('ko/')}:{description}"
            assert key not in seen, f"{where} has the description of {seen.get(key)}"
            seen[key] = where
        assert _meta(page, "property", "og:description") == description, where


def test_a_quote_in_a_summary_cannot_end_the_description_attribute() -> None:
    said = lead.front_matter('A "title" <b>', 'He said: "no" & <script>x</script>')
    meta = yaml.safe_load(str(said).split("---")[1])
    assert "<" not in meta["description"] and '"' not in meta["description"]
    assert html.unescape(meta["description"]) == 'He said: "no" & <script>x</script>'
    assert html.unescape(meta["title"]) == 'A "title" <b>'


def test_key_figures_put_the_sources_figures_before_the_archives_calculations() -> None:
    from types import SimpleNamespace

    def fig(fid: str, measure: str, derived: bool) -> Any:
        record = SimpleNamespace(measure=measure, derived=derived or None, period="2020")
        return SimpleNamespace(id=fid, record=record)

    figures = [
        fig("f1", "annual-mortality-rate", True),
        fig("f2", "number-of-witnesses", False),
        fig("f3", "deaths", False),
    ]
    assert [f.id for f in lead.key_figures(figures)] == ["f3", "f2", "f1"]
    assert len(lead.key_figures(figures * 5)) == lead.KEY_FIGURES


def test_a_long_text_is_cut_at_a_sentence_or_a_word_never_inside_one() -> None:
    text = "The camp holds women. " * 5 + "word " * 60
    cut = lead.shortened(text, 120)
    assert len(cut) <= 120 and cut.endswith(".")
    cut = lead.shortened("word " * 60, 50)
    assert cut.endswith("…") and all(w == "word" for w in cut[:-1].split())


# The first thing a reader of each other kind of page comes for, and where it stands on the page.
STARTS_IN_FIRST_SCREEN = """(el) => { const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.top + 24 <= window.innerHeight; }"""  # a line of it shows


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize(
    ("path", "selector", "what"),
    [
        ("/testimonies/tst-0002/", "article h2:is(#summary, :has(#summary)) + p", "what the witnesses say"),
        ("/testimonies/tst-0002/", "article .ea-content-note", "the content note, before any of its text"),
        ("/sources/src-0004/", "article table tr:has(a[href*='/organizations/'])", "who published it"),
        ("/events/evt-0003/", "article table", "when it happened"),
        ("/organizations/canhr/", "article .ea-intro p", "what the organization is"),
        ("/teams/chongori-wig-team/", "article .ea-intro p", "what the team does"),
        ("/routes/route-0001/", "article .ea-intro p", "the route's path"),
        ("/products/wigs/", "article .ea-intro p", "where it is made"),
        ("/places/hoeryong/", "article .ea-intro p", "the camps there"),
    ],
)
def test_every_kind_of_page_starts_its_key_content_in_the_first_screen(
    tabs: Tabs, base_url: str, path: str, selector: str, what: str, prefix: str, screen: dict[str, int]
) -> None:
    page = tabs.open(base_url + prefix + path, screen)
    found = page.locator(selector).first
    assert found.count() == 1, f"{prefix}{path}: no {what} ({selector})"
    assert found.evaluate(STARTS_IN_FIRST_SCREEN), f"{prefix}{path}: {what} starts below the first screen"


def test_a_key_figures_source_names_the_report_behind_the_article_that_relays_it(site: Path) -> None:
    page = (site / "camps/chongori/index.html").read_text(encoding="utf-8")
    sources = re.findall(r'class="ea-lead__src"><a [^>]*>([^<]*)</a>', page)
    assert sources, "no key figure names its source"
    # The Korea Times relays the Citizens' Alliance report: the figure is the report's, by way of the paper
    assert (
        html.unescape(sources[0])
        == "Citizens' Alliance for North Korean Human Rights, 2024, as relayed by The Korea Times"
    )
