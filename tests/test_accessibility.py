"""Every kind of page of the real archive, read the way disabled readers read it, in Chromium.

- axe-core (Deque's engine, the release vendored in tests/vendor/axe-core/, 4.14 or later) finds
  no violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules on one page of every kind, in English
  and in Korean, on a laptop (1280 px) and on a phone (390 px); nor with the search showing
  results (in both languages), with a record's "Cite this record" box open, or on the attack
  archive's pages. Nothing is excluded from the check: a violation is fixed where it arises
  (docs/assets/archive.css, docs/templates/, the drawings in build_tools/pages/visual/). Among the rules
  is "label in name" (WCAG 2.5.3): a link in a drawing says its visible words in its name.
- The drawings (map, timeline, charts, route diagrams) are named, and so is every link in them.
- A record page can be read with the keyboard alone: a skip link first, every stop visibly
  focused and on screen, the citation box opened, a format chosen and copied, and no trap.

The site is the session's (conftest.py: built for the address it is served at, as a published
site is); one browser serves the module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import PAGES, PHONE, serving, settled

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_AT_LEAST = (4, 14)  # 4.12 (axe-playwright-python's) did not check "label in name" under the WCAG tags

# Every page has a Korean counterpart under /ko/, except the contributors' reference (English
# only) and the page shown for a missing address (one for the site).
KOREAN = ["/ko" + path for path in PAGES if not path.startswith("/reference/") and path != "/404.html"]
EVERY_PAGE = [*PAGES, *KOREAN]
DRAWING_PAGES = ["/map/", "/timeline/", "/measures/annual-mortality-rate/", "/routes/route-0001/", "/camps/kaechon/"]
DRAWING_PAGES += ["/ko" + path for path in DRAWING_PAGES]
KEYBOARD_PAGES = ["/figures/fig-0005/", "/camps/chongori/"]


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's script, as vendored (tests/vendor/README.md)."""
    source = AXE.read_text(encoding="utf-8")
    version = re.match(r"/\*! axe v(\d+)\.(\d+)\.(\d+)", source)
    assert version, f"{AXE} does not start with axe-core's banner"
    assert tuple(map(int, version.groups()[:2])) >= AXE_AT_LEAST, f"axe-core {version.group(0)} is older than 4.14"
    return source


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def violations(axe: str, page: Any) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it stands, one readable entry each (each
    element: where it is, its opening markup and what is wrong). The script is evaluated rather
    than added as a <script>: the pages' Content-Security-Policy refuses inline scripts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe + "\n;0")
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]},
    )
    found = []
    for v in result["violations"]:
        nodes = []
        for node in v["nodes"][:8]:
            why = " ".join((node.get("failureSummary") or "").split())
            html = " ".join(node["html"].split())[:200]
            nodes.append(f"    at {' '.join(map(str, node['target']))}: {html}\n      {why}")
        more = f"\n    ... and {len(v['nodes']) - 8} more" if len(v["nodes"]) > 8 else ""
        found.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]\n" + "\n".join(nodes) + more)
    return found


def assert_no_violations(axe: str, page: Any, where: str) -> None:
    found = violations(axe, page)
    if found:  # in full: pytest would shorten a failed assert's long message
        pytest.fail(f"{where}: {len(found)} WCAG A/AA violation(s) found by axe-core:\n" + "\n".join(found))


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_a_page_of_every_kind_meets_wcag_aa(axe: str, desktop: Any, base_url: str, path: str) -> None:
    desktop.goto(base_url + path, wait_until="load")
    assert_no_violations(axe, desktop, path)


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_a_page_of_every_kind_meets_wcag_aa_on_a_phone(axe: str, phone: Any, base_url: str, path: str) -> None:
    phone.goto(base_url + path, wait_until="load")
    assert_no_violations(axe, phone, f"{path} at {PHONE['width']}px")


def test_the_checks_find_a_link_whose_name_leaves_out_its_visible_words(axe: str, desktop: Any) -> None:
    """The engine in use reports "label in name" (WCAG 2.5.3) under the WCAG tags, as 4.12 did not:
    a drawing's link named "Camp: Chongori" whose words, as drawn, run together as "CAMPChongori"."""
    desktop.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><svg role="group" aria-label="d">'
        '<a href="#c" aria-label="Camp: Chongori"><text x="1" y="10">CAMP</text><text x="1" y="30">Chongori</text></a>'
        "</svg></main></body></html>"
    )
    assert [v.split(" ", 1)[0] for v in violations(axe, desktop)] == ["label-content-name-mismatch"]


def show_search_results(page: Any, base_url: str, query: str) -> None:
    page.goto(base_url + "/", wait_until="load")
    field = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():  # on a phone: the header's search button opens the search and focuses it
        button.click()
        page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
    else:
        field.click()
    field.press_sequentially(query, delay=30)
    try:
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    except Exception as e:
        shown = page.locator(".md-search-result").inner_text()
        raise AssertionError(f"searching {query!r} showed no result: {shown!r}") from e
    page.wait_for_timeout(300)  # the last keystroke's results


# "개천" (Kaechon) on an English page also shows Korean pages, each marked as Korean
@pytest.mark.parametrize("query", ["Kaechon", "개천"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_search_showing_results_meets_wcag_aa(
    axe: str, desktop: Any, phone: Any, base_url: str, device: str, query: str
) -> None:
    page = desktop if device == "desktop" else phone
    show_search_results(page, base_url, query)
    assert_no_violations(axe, page, f"the search dialog showing results for {query!r} ({device})")


@pytest.mark.parametrize("path", ["/figures/fig-0005/", "/camps/chongori/"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_open_citation_box_meets_wcag_aa(
    axe: str, desktop: Any, phone: Any, base_url: str, path: str, device: str
) -> None:
    page = desktop if device == "desktop" else phone
    page.goto(base_url + path, wait_until="load")
    page.get_by_text("Cite this record").click()
    box = page.locator("details.quote").first  # the record's (a figure also offers its source's)
    box.locator(".tabbed-labels label").filter(has_text="BibTeX").click()
    assert box.get_attribute("open") is not None, f"{path}: the citation box did not open"
    assert_no_violations(axe, page, f"{path} with 'Cite this record' open, BibTeX chosen ({device})")


# --- the drawings ------------------------------------------------------------------------------

DRAWING_PROBLEMS = """() => {
    const problems = [];
    document.querySelectorAll('figure.ea-visual svg').forEach((svg, n) => {
        const title = svg.querySelector(':scope > title');
        const desc = svg.querySelector(':scope > desc');
        const name = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
        const what = `drawing ${n + 1} (${svg.getAttribute('class')}, "${title ? title.textContent.trim() : ''}")`;
        if (svg.getAttribute('role') !== 'group') problems.push(`${what}: role is ${svg.getAttribute('role')}, not group`);
        if (!title || !title.textContent.trim()) problems.push(`${what}: no <title> naming it`);
        if (!desc || !desc.textContent.trim()) problems.push(`${what}: no <desc> describing it`);
        if (!title || !name.includes(title.id)) problems.push(`${what}: aria-labelledby does not name its <title>`);
        name.filter(id => !document.getElementById(id))
            .forEach(id => problems.push(`${what}: aria-labelledby names #${id}, which is not on the page`));
        const links = [...svg.querySelectorAll('a')];
        if (!links.length) problems.push(`${what}: links to no record`);
        for (const a of links) {
            const href = a.getAttribute('href');
            const label = (a.getAttribute('aria-label') || '').trim();
            if (!href) problems.push(`${what}: a link without href`);
            else if (!label) problems.push(`${what}: the link to ${href} has no aria-label`);
            if (a.getAttribute('tabindex') === '-1') problems.push(`${what}: the link to ${href} is out of the tab order`);
        }
    });
    return {count: document.querySelectorAll('figure.ea-visual svg').length, problems};
}"""


@pytest.mark.parametrize("path", DRAWING_PAGES)
def test_drawings_and_their_links_are_named(desktop: Any, base_url: str, path: str) -> None:
    desktop.goto(base_url + path)
    found = desktop.evaluate(DRAWING_PROBLEMS)
    assert found["count"] > 0, f"{path} has no drawing (figure.ea-visual svg)"
    assert found["problems"] == [], f"{path}:\n" + "\n".join(found["problems"])


# --- the keyboard ------------------------------------------------------------------------------

# What has keyboard focus, as a reader sees it. Transitions are finished first (Material fades a
# focused skip link and heading anchors in). A tab of a tab set is a visually hidden radio button:
# what shows is its label, and the focus mark may be on it or on the row of tabs.
FOCUSED = """() => {
    document.getAnimations().forEach(a => a.finish());
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    window.__stops = window.__stops || new WeakMap();
    if (!window.__stops.has(el)) window.__stops.set(el, (window.__count = (window.__count || 0) + 1));
    const tabs = el.matches('.tabbed-set > input') ? el.parentElement : null;
    const label = tabs ? tabs.querySelector(`label[for="${el.id}"]`) : null;
    const shown = label || el;
    // An outline on the element, its tab label or its row of tabs; or a box-shadow on the element
    // itself (the row of tabs always has one, its bottom line, so there it would prove nothing).
    const marks = [el, label, tabs && tabs.querySelector('.tabbed-labels')].filter(Boolean).map(e => {
        const s = getComputedStyle(e);
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return `outline ${s.outlineStyle} ${s.outlineWidth}`;
        if (e === el && s.boxShadow && s.boxShadow !== 'none') return `box-shadow ${s.boxShadow}`;
        return null;
    }).filter(Boolean);
    const r = shown.getBoundingClientRect();
    const style = getComputedStyle(shown);
    const header = document.querySelector('.md-header').getBoundingClientRect();
    const above = el.closest('.md-header') || el.matches('.md-skip');  // drawn over the header
    const href = el.getAttribute('href');
    const text = (el.getAttribute('aria-label') || (label && label.innerText) || el.innerText || el.title || '')
        .trim().replace(/\\s+/g, ' ');
    return {
        id: window.__stops.get(el),
        what: `<${el.tagName.toLowerCase()}${href ? ` href="${href}"` : ''}${el.type ? ` type=${el.type}` : ''}> "${text.slice(0, 60)}"`,
        href, text,
        skip: el.matches('.md-skip'),
        summary: el.matches('details.quote > summary') ? el.innerText.trim() : null,
        citation_tab: !!tabs && !!el.closest('details.quote'),
        copy: el.matches('details.quote button.md-code__button, details.quote button.md-clipboard'),
        in_article: !!el.closest('article'),
        mark: marks.length ? marks[0] : null,
        box: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`,
        visible: r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && parseFloat(style.opacity) > 0,
        on_screen: r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1,
        under_header: !above && r.top < header.bottom - 1,
    };
}"""
MAX_STOPS = 600  # far more than any record page has; reaching it means focus never got to the end


def tab(page: Any, key: str = "Tab") -> dict[str, Any] | None:
    page.keyboard.press(key)
    stop: dict[str, Any] | None = page.evaluate(FOCUSED)
    return stop


def shown_problems(stop: dict[str, Any], viewport: str) -> list[str]:
    """What is wrong with how a focused element shows: no focus mark, not visible, off screen."""
    problems = []
    if not stop["mark"]:
        problems.append(f"{stop['what']} has no visible focus mark (outline and box-shadow are none)")
    if not stop["visible"]:
        problems.append(f"{stop['what']} is focused but not visible (box {stop['box']})")
    elif not stop["on_screen"]:
        problems.append(f"{stop['what']} is focused but outside the {viewport} viewport (box {stop['box']})")
    elif stop["under_header"]:
        problems.append(f"{stop['what']} is focused but hidden under the sticky header (box {stop['box']})")
    return problems


def citation_box(page: Any) -> dict[str, Any]:
    """The citation box: open or not, the chosen tab, and the citation that tab shows."""
    return page.evaluate(
        """() => { const d = document.querySelector('details.quote');
                   const on = d.querySelector('.tabbed-set > input:checked');
                   const block = [...d.querySelectorAll('.tabbed-block')].find(b => b.offsetParent !== null);
                   return {open: d.open, tab: on ? d.querySelector(`label[for="${on.id}"]`).innerText.trim() : null,
                           code: block ? block.querySelector('code').innerText.trimEnd() : null}; }"""
    )


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_a_record_page_can_be_read_with_the_keyboard_alone(browser: Any, base_url: str, path: str) -> None:
    size = {"width": 1280, "height": 720}
    context = browser.new_context(viewport=size, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    viewport = f"{size['width']}x{size['height']}"
    problems: list[str] = []
    done: dict[str, str] = {}  # what the reader managed, and how
    try:
        settled(page, base_url + path)
        first = tab(page)
        assert first and first["skip"], (
            f"{path}: the first Tab stop is {first and first['what']}, not 'Skip to content'"
        )
        assert "Skip to content" in first["text"], f"{path}: the skip link reads {first['text']!r}"
        problems += shown_problems(first, viewport)

        # Without the skip link: through the header (search) and the navigation to the content.
        stop = tab(page)
        while stop and not stop["in_article"] and stop["id"] != first["id"]:
            problems += shown_problems(stop, viewport)
            stop = tab(page)
        assert stop and stop["in_article"], f"{path}: Tab from the top never reached the content (ended on {stop})"

        # With it: 'Skip to content' leads past all that, into the content.
        settled(page)
        first = tab(page)
        page.keyboard.press("Enter")
        hash_, target_in_article = page.evaluate(
            """() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1)));
                       return [location.hash, !!(t && t.closest('article'))]; }"""
        )
        assert hash_ == first["href"] and target_in_article, (
            f"{path}: 'Skip to content' (href {first['href']}) led to {hash_!r}, not to the page's content"
        )
        stop = tab(page)
        assert stop and stop["in_article"], (
            f"{path}: after 'Skip to content', Tab went to {stop and stop['what']}, not into the page's content"
        )

        stops = [stop]
        for _ in range(MAX_STOPS):
            problems += shown_problems(stop, viewport)
            if stop["summary"] == "Cite this record" and "open" not in done:
                page.keyboard.press("Enter")
                opened = citation_box(page)["open"]
                page.keyboard.press("Space")
                closed = not citation_box(page)["open"]
                page.keyboard.press("Space")
                reopened = citation_box(page)["open"]
                assert opened and closed and reopened, (
                    f"{path}: on 'Cite this record', Enter opened the box: {opened}; Space closed it: {closed}; "
                    f"Space opened it again: {reopened}"
                )
                done["open"] = "Enter and Space"
            elif stop["citation_tab"] and "tab" not in done:
                before = citation_box(page)
                stop = tab(page, "ArrowRight")
                after = citation_box(page)
                assert stop and stop["citation_tab"] and after["tab"] != before["tab"] and after["code"], (
                    f"{path}: ArrowRight on the citation tab {before['tab']!r} left {after['tab']!r} chosen "
                    f"(focus on {stop and stop['what']})"
                )
                problems += shown_problems(stop, viewport)
                done["tab"] = f"{before['tab']} -> {after['tab']}"
                stops[-1] = stop  # the tab set is one stop: the chosen tab
            elif stop["copy"] and "copy" not in done:
                page.keyboard.press("Enter")
                copied = page.evaluate("() => navigator.clipboard.readText()")
                shown = citation_box(page)
                assert copied.strip() == (shown["code"] or "").strip(), (
                    f"{path}: Enter on the copy button copied {copied!r}, not the {shown['tab']} citation shown "
                    f"({shown['code']!r})"
                )
                back = tab(page, "Shift+Tab")
                assert back and back["id"] == stops[-2]["id"], (
                    f"{path}: Shift+Tab from the copy button went to {back and back['what']}, "
                    f"not back to {stops[-2]['what']}"
                )
                again = tab(page)
                assert again and again["id"] == stop["id"], f"{path}: Tab did not return to the copy button"
                done["copy"] = shown["tab"]
            nxt = tab(page)
            if nxt is None or nxt["id"] == first["id"]:
                break  # past the page's last link: focus leaves the page
            assert nxt["id"] != stop["id"], f"{path}: keyboard trap: Tab leaves focus on {stop['what']}"
            stop = nxt
            stops.append(stop)
        else:
            pytest.fail(f"{path}: {MAX_STOPS} Tab presses did not reach the end of the page (last: {stop['what']})")

        # Back up from the end with Shift+Tab: every stop again, in reverse, each one shown (going up,
        # the page scrolls the other way, and a stop can end up under the sticky header).
        if nxt is not None:
            tab(page, "Shift+Tab")  # from the skip link, where Tab wrapped, out of the page
        back = []
        for expected in reversed(stops):
            stop = tab(page, "Shift+Tab")
            if not stop or stop["id"] != expected["id"]:
                pytest.fail(
                    f"{path}: Shift+Tab from the end of the page went to {stop and stop['what']}, not back to "
                    f"{expected['what']} (after {[b['what'] for b in back[-3:]]})"
                )
            back.append(stop)
            problems += [f"{p} (going back with Shift+Tab)" for p in shown_problems(stop, viewport)]
    finally:
        context.close()

    sources = [s for s in stops if s["in_article"] and "/sources/" in (s["href"] or "")]
    missing = [
        what
        for what, ok in [
            ("a link to the record's source (/sources/...)", sources),
            ("'Cite this record', opened with Enter and Space", "open" in done),
            ("a citation tab, switched with an arrow key", "tab" in done),
            ("a citation's copy button, used with Enter", "copy" in done),
        ]
        if not ok
    ]
    assert not missing, f"{path}: Tab never reached {'; '.join(missing)}; it stopped at: " + ", ".join(
        s["what"] for s in stops
    )
    assert problems == [], f"{path}: {len(problems)} focus problem(s) along {len(stops)} Tab stops:\n" + "\n".join(
        problems
    )


# --- the attack archive ---------------------------------------------------------------------------

ATTACK = Path(__file__).resolve().parent / "fixtures" / "attack"


@pytest.fixture(scope="module")
def attack_url(attack_site: Path) -> Iterator[str]:
    """The attack archive (hostile text in every field: tests/test_hostile.py), built (conftest's
    attack_site) and served."""
    with serving(attack_site) as url:
        yield url


def attack_pages() -> list[str]:
    """Every record page of the attack archive, and its kind indexes."""
    pages = []
    for folder in sorted(p for p in (ATTACK / "sources").iterdir() if p.is_dir()):
        pages.append(f"/{folder.name}/")
        pages += [f"/{folder.name}/{f.stem}/" for f in sorted(folder.iterdir()) if f.suffix in (".yaml", ".md")]
    return pages


@pytest.mark.parametrize("path", attack_pages())
def test_the_attack_archive_meets_wcag_aa_too(axe: str, desktop: Any, attack_url: str, path: str) -> None:
    """Hostile text (markup shown as text, right-to-left runs, very long words) leaves every page
    as accessible as the real archive's."""
    desktop.goto(attack_url + path, wait_until="load")
    assert_no_violations(axe, desktop, f"attack archive {path}")
