"""Shared by the browser tests of the drawings (tests/test_flow.py, tests/test_geomap.py): what a
reader's browser shows of each drawing on a page, measured in CSS pixels."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

# Each drawing the page shows (one hidden by the CSS, such as the wide one on a phone, is left
# out): its class and box; each text's rendered font size (its computed size times the drawing's
# scale), box and letter-spacing; each link's box, name and the words it shows.
SHOWN = """(selector) => [...document.querySelectorAll(selector)]
    .filter(svg => svg.getClientRects().length > 0)
    .map(svg => {
        const box = r => [r.left, r.top, r.right, r.bottom];
        const texts = [...svg.querySelectorAll('text')].map(t => {
            const m = t.getScreenCTM(), style = getComputedStyle(t);
            return {text: t.textContent, px: parseFloat(style.fontSize) * Math.hypot(m.a, m.b),
                    box: box(t.getBoundingClientRect()), spacing: style.letterSpacing,
                    cls: t.getAttribute('class') || '',
                    legend: Boolean(t.closest('.ea-map-legend, .ea-flow-legend'))};
        });
        const links = [...svg.querySelectorAll('a')].map(a => {
            const r = a.getBoundingClientRect();
            return {href: a.getAttribute('href'), cls: a.getAttribute('class') || '', width: r.width,
                    height: r.height, name: a.getAttribute('aria-label') || '',
                    shown: [...a.querySelectorAll('text')].map(t => t.textContent).join(' ')};
        });
        const marks = [...svg.querySelectorAll('text, rect:not([class$="-hit"]), path.ea-flow-line')]
            .map(e => box(e.getBoundingClientRect()));
        return {cls: svg.getAttribute('class'), box: box(svg.getBoundingClientRect()), texts, links, marks,
                page: document.documentElement.scrollWidth};
    })"""


def shown(page: Any, selector: str) -> list[dict[str, Any]]:
    return list(page.evaluate(SHOWN, selector))


def too_small(drawing: dict[str, Any], least: float = 12.0) -> list[tuple[str, float]]:
    """The texts rendered under ``least`` CSS px."""
    return [(t["text"], round(t["px"], 1)) for t in drawing["texts"] if t["px"] < least - 0.05]


def hard_to_tap(drawing: dict[str, Any], least: float = 24.0) -> list[tuple[str, float, float]]:
    """The links whose box is under ``least`` CSS px either way."""
    return [
        (a["href"], round(a["width"], 1), round(a["height"], 1))
        for a in drawing["links"]
        if a["width"] < least - 0.05 or a["height"] < least - 0.05
    ]


def overlapping(texts: list[dict[str, Any]], slack: float = 0.5) -> Iterator[tuple[str, str]]:
    """Pairs of texts whose rendered boxes overlap (by more than ``slack`` px each way)."""
    for a, b in combinations(texts, 2):
        (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
        if min(r1, r2) - max(l1, l2) > slack and min(b1, b2) - max(t1, t2) > slack:
            yield a["text"], b["text"]


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"  # tests/vendor/README.md


def axe_script() -> str:
    """axe-core's script, the release vendored for the tests."""
    return AXE.read_text(encoding="utf-8")


def label_in_name(page: Any, selector: str) -> list[str]:
    """axe-core's "label in name" (WCAG 2.5.3) violations inside ``selector``: a link whose
    accessible name does not hold the words it shows. The script is evaluated, not added as a
    <script>: the pages' Content-Security-Policy refuses inline scripts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script() + "\n;0")
    result = page.evaluate(
        "selector => axe.run({include: [[selector]]}, {runOnly: {type: 'rule', values: ['label-content-name-mismatch']}})",
        selector,
    )
    return [f"{n['target']}: {n.get('failureSummary')}" for v in result["violations"] for n in v["nodes"]]
