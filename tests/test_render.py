"""Rendering: golden Markdown for the fixture archive, escaping, and what each page gathers.

Regenerate the golden files after an intended change with:
    UPDATE_GOLDEN=1 python -m pytest tests/test_render.py
and review the diff like code.
"""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_tools.compile.build import build
from build_tools.pages.fmt import fmt_date, fmt_value, md_inline, md_text
from build_tools.reading.history import ArchiveInfo, Change
from build_tools.records.parts import Value

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "archive"
GOLDEN = HERE / "golden"


# A fixed version and history, so the golden pages do not change with every commit.
INFO = ArchiveInfo(
    "Test Archive",
    "https://example.org/archive/",
    "v1.0",
    repo_url="https://git.example.org/archive",
    changes={
        "sources/figures/fig-0001.yaml": [
            Change("b" * 40, "2026-03-02", "Correct the period of fig-0001"),
            Change("a" * 40, "2025-12-24", "Add the Camp Alpha figures"),
        ]
    },
)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = build(FIXTURE, INFO)
    assert result.report.valid, result.report.format_text()
    return {p.path: p.markdown for p in result.pages}


SVG_NS = "{http://www.w3.org/2000/svg}"
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def summarised(page: str) -> str:
    """The page with each drawing cut down to its title and the links it holds: the drawings have
    their own tests, and a golden file of SVG coordinates would change with every tweak."""

    def summary(m: re.Match[str]) -> str:
        tree = ET.fromstring(m.group(0))
        title = tree.findtext(f"{SVG_NS}title") or ""
        hrefs = [a.get("href") for a in tree.iter(f"{SVG_NS}a")]
        return f"<svg title={title!r} links={hrefs!r}/>"

    return _SVG.sub(summary, page)


def test_golden_markdown(pages: dict[str, str]) -> None:
    pages = {path: summarised(text) for path, text in pages.items()}
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in pages.items():
            out = GOLDEN / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected), "pages added or removed; regenerate with UPDATE_GOLDEN=1"
    changed = [p for p in pages if pages[p] != expected[p]]
    assert not changed, f"pages differ from golden files: {changed}; regenerate with UPDATE_GOLDEN=1 if intended"


def test_output_is_deterministic() -> None:
    first = [(p.path, p.markdown) for p in build(FIXTURE).pages]
    second = [(p.path, p.markdown) for p in build(FIXTURE).pages]
    assert first == second


def test_every_record_has_a_page_at_its_permalink(pages: dict[str, str]) -> None:
    records = sorted(p for p in (FIXTURE / "sources").rglob("*.*"))
    for rec in records:
        assert f"{rec.parent.name}/{rec.stem}/index.md" in pages
        permalink = f"https://example.org/archive/{rec.parent.name}/{rec.stem}/"
        assert f"Permalink: [{permalink}](index.md)" in pages[f"{rec.parent.name}/{rec.stem}/index.md"]


def test_record_text_cannot_inject_markup(pages: dict[str, str]) -> None:
    org = pages["organizations/org-test-ngo/index.md"]
    # Ready citations are shown verbatim inside code blocks, where nothing is markup.
    outside_code = re.sub(r"(?ms)^( *)(`{3,})[^\n]*\n.*?^\1\2$", "", org)
    assert "```" in org and "<script>" not in outside_code and "&lt;script&gt;" in outside_code
    camp = pages["camps/camp-alpha/index.md"]
    # Markdown in a YAML field is shown literally, not turned into emphasis, links or lists
    assert r"A \*fictional\* camp" in camp
    assert r"\[no one\](http://evil.example)" in camp
    assert "\n1\\. This line must not become a list." in camp
    # a .md record's body keeps Markdown but not raw HTML
    body = pages["testimonies/tst-0001/index.md"]
    assert "**emphasis**" in body and "<b>" not in body


def test_camp_page_gathers_everything_about_the_camp(pages: dict[str, str]) -> None:
    camp = pages["camps/camp-alpha/index.md"]
    for expected in [
        "[Alpha wig team](../../teams/team-alpha-wigs/index.md)",  # its team
        "[Wigs](../../products/wigs/index.md)",  # what the team makes
        "### Annual mortality rate",  # figures grouped by measure
        "### Production volume",  # a figure about its team counts too
        "[Accounts of former prisoners of Camp Alpha](../../testimonies/tst-0001/index.md)",
        "[From Camp Alpha to the world](../../routes/route-0001/index.md)",
        "[Border closes](../../events/evt-0001/index.md)",
        "[News item relaying the test report (untitled; title supplied by the archive)](../../sources/src-0002/index.md)",  # a source behind a figure
    ]:
        assert expected in camp, expected


def test_differing_figures_are_side_by_side_and_flagged(pages: dict[str, str]) -> None:
    camp = pages["camps/camp-alpha/index.md"]
    section = camp.split("### Annual mortality rate")[1].split("###")[0]
    assert "Sources differ" in section
    assert "**[about 25%](../../figures/fig-0001/index.md)**" in section
    assert "**[between 10% and 15%](../../figures/fig-0002/index.md)**" in section
    production = camp.split("### Production volume")[1].split("##")[0]
    assert "Sources differ" not in production


def test_every_page_lists_what_refers_to_it(pages: dict[str, str]) -> None:
    src = pages["sources/src-0001/index.md"]
    assert (
        "## Cited by" in src and "| [Annual mortality at Camp Alpha](../../figures/fig-0001/index.md) | p. 4 |" in src
    )
    assert (
        "Relayed by | [News item relaying the test report (untitled; title supplied by the archive)](../../sources/src-0002/index.md)"
        in src
    )
    assert "## Referred to by" in pages["places/place-land/index.md"]
    assert "[North Province](../../places/place-province/index.md)" in pages["places/place-land/index.md"]


def test_unknown_publisher_and_date_are_said_not_guessed(pages: dict[str, str]) -> None:
    src = pages["sources/src-0002/index.md"]
    assert "| Publisher | not stated |" in src
    assert "| Date | unknown (not stated) |" in src
    assert "the document gives no title" in src


def test_home_page_counts_and_ways_in(pages: dict[str, str]) -> None:
    home = pages["index.md"]
    assert "- [Camps](camps/index.md) · 3" in home
    assert "- [Figures](figures/index.md) · 4" in home
    assert "4 figures, 3 testimonies" in home
    assert "[Camp Alpha](camps/camp-alpha/index.md)" in home


def test_kind_index_is_a_table_of_all_records(pages: dict[str, str]) -> None:
    figures = pages["figures/index.md"]
    assert figures.count("](fig-000") == 0  # links go through the kind folder
    for fid in ("fig-0001", "fig-0002", "fig-0003"):
        assert f"(../figures/{fid}/index.md)" in figures
    events = pages["events/index.md"]
    assert "| January 2020 to August 2022 | [Border closes]" in events


@pytest.mark.parametrize(
    ("edtf", "words"),
    [
        ("2020", "2020"),
        ("2022-08", "August 2022"),
        ("2016-08-29", "29 August 2016"),
        ("2008~", "about 2008"),
        ("2020?", "2020 (uncertain)"),
        ("2020/2022-08", "2020 to August 2022"),
        ("2022-08/..", "from August 2022 onward"),
        ("2020-21", "spring 2020"),
        ("201X", "the 2010s"),
        ("unknown", "unknown"),
    ],
)
def test_dates_keep_their_uncertainty(edtf: str, words: str) -> None:
    assert fmt_date(edtf) == words


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        ({"about": 25}, "percent", "about 25%"),
        ({"exact": 9000}, "wigs", "9,000 wigs"),
        ({"between": [1, 2]}, "companies", "between 1 and 2 companies"),
        ({"at_least": 40}, "deaths", "at least 40 deaths"),
        ({"about": 1200000}, "usd", "about US$1,200,000"),
        ({"about": 2.5}, "years", "about 2.5 years"),
        # "almost two years" is just under two, not any number up to two
        ({"almost": 2}, "years", "almost 2 years"),
        # a range the source gives as a minimum keeps its "at least"
        ({"between": [1500, 2500], "or_more": True}, "people", "at least 1,500 to 2,500 people"),
        ({"between": [50, 60], "or_more": True}, "percent", "at least 50% to 60%"),
    ],
)
def test_values_are_never_more_precise_than_the_source(value: dict, unit: str, words: str) -> None:
    assert fmt_value(Value.model_validate(value), unit) == words


def test_escaping_helpers() -> None:
    assert md_inline("a | b\nc") == "a \\| b c"
    assert md_text("# not a heading\n\n- not a list") == "\\# not a heading\n\n\\- not a list"
    assert md_text("x <img src=x onerror=alert(1)>") == "x &lt;img src=x onerror=alert(1)&gt;"


def test_references_in_running_text_become_links_and_backlinks(pages: dict[str, str]) -> None:
    guard = pages["testimonies/tst-0002/index.md"]
    assert "its output ([fig-0003](../../figures/fig-0003/index.md))." in guard
    # a .md body's [[id]] too
    assert "see [route-0001](../../routes/route-0001/index.md)." in pages["testimonies/tst-0001/index.md"]
    # and the record named in the text lists the one naming it
    referred = pages["figures/fig-0003/index.md"].split("## Referred to by")[1]
    assert "[One guard's account](../../testimonies/tst-0002/index.md)" in referred


def test_citations_of_one_source_are_listed_together(pages: dict[str, str]) -> None:
    guard = pages["testimonies/tst-0002/index.md"]
    assert (
        "- [News item relaying the test report (untitled; title supplied by the archive)](../../sources/src-0002/index.md), paragraph 4; paragraph 6: “the team worked nights”"
        in guard
    )


@pytest.mark.slow  # builds every case of the bad-input corpus
def test_rendering_never_crashes_on_bad_records() -> None:
    """With problems reported, `mkdocs serve` still renders what it can: no case of the bad-input
    corpus may make rendering raise (a contributor would see a traceback)."""
    cases = sorted(p for p in (HERE / "bad").iterdir() if (p / "sources").is_dir())
    assert cases
    for case in cases:
        result = build(case)
        assert not result.report.valid or case.name == "unquoted-date-is-text", case.name
        assert any(p.path == "index.md" for p in result.pages), case.name


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        # records that pass the schema but break a policy rule still reach the templates
        ("testimonies/tst-0001.md", "form: aggregate", "form: individual"),  # no witness
        ("testimonies/tst-0002.yaml", "form: individual", "form: aggregate"),  # no group
        ("figures/fig-0001.yaml", "  about: 25\n", "  about: 25\n  exact: 3\n"),  # two forms
        ("figures/fig-0002.yaml", "between: [10, 15]", "between: [10, 15, 20]"),
        ("figures/fig-0002.yaml", "between: [10, 15]", "between: []"),
        ("camps/camp-alpha.yaml", "  lat: 41.5\n", ""),  # a point without latitude
        ("figures/fig-0001.yaml", "source: src-0001", "source: src-9999"),  # a dangling reference
    ],
)
def test_records_with_errors_are_held_back_and_the_rest_renders(tmp_path: Path, path: str, old: str, new: str) -> None:
    shutil.copytree(FIXTURE, tmp_path / "archive")
    record = tmp_path / "archive" / "sources" / path
    text = record.read_text(encoding="utf-8")
    assert old in text
    record.write_text(text.replace(old, new), encoding="utf-8")
    result = build(tmp_path / "archive")
    assert not result.report.valid
    pages = {p.path: p.markdown for p in result.pages}
    # the broken record is held back until it is fixed: its address lists its problems instead
    # (seen only in the preview: a build with errors publishes nothing); everything else renders
    held = pages[f"{path.rsplit('.', 1)[0]}/index.md"].split("\n---\n", 1)[1].lstrip()  # after its front matter
    assert held.startswith(f"# {path.rsplit('/', 1)[1].rsplit('.', 1)[0]}: left out until its problems are fixed")
    assert f"sources/{path}" in held and "| line " in held
    rid = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
    assert f"({rid}.md)" not in pages[f"{path.split('/')[0]}/index.md"], "listed as if it were shown"
    assert "camps/index.md" in pages and "sources/src-0002/index.md" in pages


# ---- how claims stand, derived figures, the drawings (issue: evidence you can see) -------------


def test_a_derived_figure_says_it_is_the_archives_calculation(pages: dict[str, str]) -> None:
    fig = pages["figures/fig-0004/index.md"]
    assert '<p class="ea-value">at least 68,200 wigs (total)</p>' in fig  # 9,000+ a year for 7.59+ years
    assert '!!! note "The archive\'s own calculation"' in fig
    assert "<code>per_year * years</code>" in fig
    assert (
        "| <code>per_year</code> | [fig-0003: Wigs made a year by the Alpha wig team](../../figures/fig-0003/index.md) |"
        in fig
    )
    assert "the length of its period, in years | from 7.59 to 8.67 years |" in fig
    assert "## Source\n" not in fig  # no source is made to say it
    assert "**Sources:** 1 independent source" in fig  # the inputs' source
    assert "| Basis | The archive's own calculation from other figures |" in fig
    # wherever figures are listed with their sources, it names its inputs instead of a blank
    for listing in (pages["figures/index.md"], pages["index.md"], pages["camps/camp-alpha/index.md"]):
        assert "*the archive's calculation from [Wigs made a year by the Alpha wig team](" in listing


def test_a_claim_shows_its_independent_sources_and_the_testimonies_for_and_against(pages: dict[str, str]) -> None:
    relayed = pages["figures/fig-0002/index.md"]
    assert "**Sources:** 1 independent source." in relayed
    assert (
        "- [News item relaying the test report (untitled; title supplied by the archive)](../../sources/src-0002/index.md), relaying"
        " [Test report on Camp Alpha](../../sources/src-0001/index.md)" in relayed
    )
    fig = pages["figures/fig-0001/index.md"]
    # a paragraph of its own, not run on from the last source in the list above it
    assert "\n\n**Testimonies:** 0 for, 1 against." in fig
    assert (
        "- [A former prisoner on deaths at Camp Alpha](../../testimonies/tst-0003/index.md): **contradicts**"
        " (the testimony was partly retracted, March 2022). Gives about one in ten a year, not a quarter." in fig
    )
    # the two estimates for the same measure, subject and period are side by side, flagged
    assert '!!! warning "Sources differ"' in fig
    assert "**[between 10% and 15%](../../figures/fig-0002/index.md)**" in fig


def test_a_corrected_testimony_is_kept_and_marked(pages: dict[str, str]) -> None:
    t = pages["testimonies/tst-0003/index.md"]
    assert '!!! warning "Partly retracted March 2022"' in t
    assert "The witness withdrew the account of the night shifts." in t
    assert (
        "- **Contradicts** [Annual mortality at Camp Alpha](../../figures/fig-0001/index.md): Gives about one in ten"
        in t
    )
    assert "| March 2022 | Partly retracted | The witness withdrew the account of the night shifts. |" in t
    assert "A former prisoner says about one in ten prisoners died each year." in t  # the testimony stays
    assert "**Partly retracted** March 2022" in pages["testimonies/index.md"]


def test_route_legs_show_how_strong_their_evidence_is(pages: dict[str, str]) -> None:
    route = pages["routes/route-0001/index.md"]
    assert "### Leg 1: Export {: #leg-1 }" in route
    assert "| Evidence | **One source**; best reliability: not yet assessed |" in route
    # the route as a whole: a report and a news item relaying it are one source
    assert "**Sources:** 1 independent source (2 reports of it)." in route
    assert "\n\n**Testimonies:** 1 for, 0 against; 1 mentions it without a recorded stance." in route


def test_drawings_link_records_by_their_addresses(pages: dict[str, str]) -> None:
    """Raw HTML is not rewritten by MkDocs, so drawings carry final addresses, relative to the
    page's own (a record page is one folder deeper than its Markdown file)."""
    camp = pages["camps/camp-alpha/index.md"]
    assert 'href="../../figures/fig-0001/"' in camp
    assert 'href="../../routes/route-0001/#leg-1"' in camp
    assert 'href="camps/camp-alpha/"' in pages["index.md"]
    assert 'href="#leg-2"' in pages["routes/route-0001/index.md"]  # the route's own legs, on its page
    assert 'href="../camps/camp-beta/"' in pages["map/index.md"]


def test_the_map_page_says_where_each_camp_is_in_words(pages: dict[str, str]) -> None:
    m = pages["map/index.md"]
    assert "| [Camp Alpha](../camps/camp-alpha/index.md) | 41.5° N, 129.25° E | exact point |" in m
    assert (
        "| [Camp Beta](../camps/camp-beta/index.md) | near [Betatown](../places/place-town/index.md): About 3 km east"
        in m
    )
    assert "Not on the map, because no source places them: [Camp Gamma](../camps/camp-gamma/index.md)." in m
    assert "No source gives where this camp is" in pages["camps/camp-gamma/index.md"]


def test_the_timeline_lists_in_words_what_it_draws_and_what_it_cannot(pages: dict[str, str]) -> None:
    t = pages["timeline/index.md"]
    assert (
        "| 2018 to 2019 | [A former prisoner on deaths at Camp Alpha](../testimonies/tst-0003/index.md) | Testimony |"
        in t
    )
    assert "| January 2020 to August 2022 | [Border closes](../events/evt-0001/index.md) | Event |" in t
    assert t.index("2016 to August 2024") < t.index("2018 to 2019") < t.index("January 2020")
