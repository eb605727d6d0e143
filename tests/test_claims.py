"""How claims stand against each other: which sources are independent, what testimonies say for
and against a claim (a retraction withdraws a testimony's weight), how strong each export-route
leg is, and when two figures for the same thing disagree."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from build_tools.index import claims
from build_tools.index.link import Index, build_index
from build_tools.records import model
from build_tools.records.model import Entry, Figure, Source
from build_tools.records.parts import Citation, Leg

# ---- building a small archive ---------------------------------------------------------------------


def source(sid: str, *relays: str, reliability: str = "high", kind: str = "ngo-report") -> Entry:
    rec = Source.model_validate(
        {
            "type": kind,
            "title": f"Report {sid}",
            "publisher": "unknown",
            "date": "2021",
            "language": "en",
            "reliability": reliability,
            "relays": list(relays),
        }
    )
    return Entry("source", sid, f"sources/sources/{sid}.yaml", rec)


def account(tid: str, stances: list[tuple[str, str]], corrections: tuple[str, ...] = ()) -> Entry:
    """A testimony with (claim, stance) pairs and the statuses of its corrections, oldest first."""
    rec = model.Testimony.model_validate(
        {
            "title": f"Testimony {tid}",
            "form": "individual",
            "period": "2019",
            "summary": "What the witness said.",
            "stances": [{"claim": c, "stance": s, "note": f"On {c}."} for c, s in stances],
            "corrections": [
                {"date": f"202{n}", "status": status, "what": f"Correction {n}."}
                for n, status in enumerate(corrections, 1)
            ],
        }
    )
    return Entry("testimony", tid, f"sources/testimonies/{tid}.yaml", rec)


def figure(fid: str, value: dict[str, Any], unit: str = "deaths") -> Figure:
    return Figure.model_validate(
        {
            "title": f"Figure {fid}",
            "measure": "deaths",
            "subjects": ["camp-a"],
            "unit": unit,
            "period": "2020",
            "value": value,
        }
    )


def index_of(*entries: Entry) -> Index:
    return build_index({e.id: e for e in entries})


def cites(*sids: str) -> list[Citation]:
    return [Citation(source=s, locator=f"p. {n}", quote=None) for n, s in enumerate(sids, 1)]


def groups(index: Index, *sids: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The independent groups as (cited, origins)."""
    return [(g.cited, g.origins) for g in claims.independent(index, cites(*sids))]


def leg(*sids: str) -> Leg:
    return Leg.model_validate(
        {
            "from": "camp-a",
            "to": "china",
            "mechanism": "export",
            "description": "Goods go to China.",
            "cites": [{"source": s} for s in sids],
        }
    )


# ---- independent sources --------------------------------------------------------------------------


def test_a_source_and_one_that_relays_it_count_once() -> None:
    index = index_of(source("ngo"), source("news", "ngo", kind="news-article"))
    assert groups(index, "news", "ngo") == [(("news", "ngo"), ("ngo",))]


def test_two_news_reports_of_one_ngo_report_count_once() -> None:
    index = index_of(source("ngo"), source("news-a", "ngo"), source("news-b", "ngo"))
    # the NGO report itself need not be cited: the two reports go back to it
    assert groups(index, "news-a", "news-b") == [(("news-a", "news-b"), ("ngo",))]


def test_a_chain_of_relays_goes_back_to_its_origin() -> None:
    index = index_of(source("a"), source("b", "a"), source("c", "b"))
    assert groups(index, "c", "a") == [(("c", "a"), ("a",))]
    assert groups(index, "c", "b") == [(("c", "b"), ("a",))]


def test_a_source_relaying_two_others_joins_them() -> None:
    index = index_of(source("a"), source("b"), source("c", "a", "b"))
    assert groups(index, "a", "b") == [(("a",), ("a",)), (("b",), ("b",))]
    # c relays both, so none of the three is independent of the others
    assert groups(index, "a", "b", "c") == [(("a", "b", "c"), ("a", "b"))]


def test_unrelated_sources_count_separately_in_the_order_first_cited() -> None:
    index = index_of(source("x"), source("y"), source("ngo"), source("news", "ngo"))
    got = groups(index, "y", "news", "x", "ngo", "y")
    # the NGO report joins the group of the news report that relays it, which keeps its place
    assert got == [(("y",), ("y",)), (("news", "ngo"), ("ngo",)), (("x",), ("x",))]


def test_a_relayed_source_missing_from_the_archive_is_still_the_origin() -> None:
    index = index_of(source("news-a", "lost"), source("news-b", "lost"))
    assert groups(index, "news-a", "news-b") == [(("news-a", "news-b"), ("lost",))]


def test_sources_relaying_each_other_in_a_loop_count_once() -> None:
    # two outlets that relay each other are not independent, however the loop is entered
    index = index_of(source("a", "b"), source("b", "a"))
    assert len(groups(index, "a", "b")) == 1
    assert [cited for cited, _ in groups(index, "b", "a")] == [("b", "a")]
    # a longer loop, cited at two members that do not relay each other directly
    index = index_of(source("p", "q"), source("q", "r"), source("r", "s"), source("s", "p"))
    assert [cited for cited, _ in groups(index, "p", "r")] == [("p", "r")]
    # a source relaying into a loop joins it; one outside it stays apart
    index = index_of(source("a", "b"), source("b", "a"), source("c", "b"), source("d"))
    assert [cited for cited, _ in groups(index, "a", "c", "d")] == [("a", "c"), ("d",)]


def test_a_source_relaying_itself_is_its_own_origin() -> None:
    index = index_of(source("a", "a"), source("b"))
    assert groups(index, "a", "b") == [(("a",), ("a",)), (("b",), ("b",))]


# ---- testimonies for and against a claim --------------------------------------------------------


def stance_archive() -> Index:
    return index_of(
        account("tst-4", [("fig-1", "corroborates-in-part")], ("partly-retracted",)),
        account("tst-1", [("fig-1", "corroborates"), ("fig-2", "contradicts")]),
        account("tst-2", [("fig-1", "contradicts-in-part")]),
        account("tst-3", [("fig-1", "corroborates")], ("corrected", "retracted")),
        account("tst-5", [("fig-2", "corroborates")], ("retracted", "corrected")),
        Entry("figure", "fig-1", "sources/figures/fig-1.yaml", figure("fig-1", {"about": 40})),
        Entry("figure", "fig-2", "sources/figures/fig-2.yaml", figure("fig-2", {"exact": 12})),
    )


def test_stances_on_a_claim_come_from_the_testimonies_in_id_order() -> None:
    index = stance_archive()
    got = [(t.id, s.stance) for t, s in claims.stances_on(index, "fig-1")]
    assert got == [
        ("tst-1", "corroborates"),
        ("tst-2", "contradicts-in-part"),
        ("tst-3", "corroborates"),
        ("tst-4", "corroborates-in-part"),
    ]
    # tst-1's stance on the other figure is not mixed in
    assert [(t.id, s.stance) for t, s in claims.stances_on(index, "fig-2")] == [
        ("tst-1", "contradicts"),
        ("tst-5", "corroborates"),
    ]
    assert claims.stances_on(index, "fig-none") == []


def test_counts_for_and_against_leave_out_retracted_testimonies() -> None:
    index = stance_archive()
    # for: tst-1, and tst-4, only partly retracted; tst-3 was retracted at last, so counts for
    # nothing; against: tst-2, in part
    assert claims.counts(claims.stances_on(index, "fig-1")) == (2, 1)
    # tst-5 was retracted, then corrected: its latest word stands
    assert claims.counts(claims.stances_on(index, "fig-2")) == (1, 1)
    assert claims.counts([]) == (0, 0)


def test_the_latest_correction_is_the_one_that_stands() -> None:
    index = stance_archive()

    def status(tid: str) -> str | None:
        c = claims.correction(index.entries[tid])
        return None if c is None else c.status

    assert status("tst-1") is None
    assert status("tst-3") == "retracted"
    assert status("tst-5") == "corrected"
    assert status("tst-4") == "partly-retracted"


# ---- how strong each leg of a route is ----------------------------------------------------------


def strength(index: Index, *sids: str) -> tuple[str, str, str]:
    s = claims.leg_strength(index, leg(*sids))
    return s.level, s.label, s.reliability


def test_a_leg_without_citations_is_uncited() -> None:
    assert strength(index_of(source("ngo"))) == ("uncited", "No cited evidence", "")


def test_a_leg_from_one_source_is_single_however_often_it_is_cited() -> None:
    index = index_of(source("ngo", reliability="moderate"))
    assert strength(index, "ngo") == ("single", "One source", "moderate")
    assert strength(index, "ngo", "ngo") == ("single", "One source", "moderate")


def test_two_reports_of_one_origin_are_a_single_source_and_say_so() -> None:
    index = index_of(
        source("ngo"), source("news-a", "ngo", reliability="low"), source("news-b", "ngo", reliability="low")
    )
    assert strength(index, "news-a", "news-b") == ("single", "One source (2 reports relaying it)", "low")


def test_two_independent_sources_corroborate_with_the_best_reliability() -> None:
    index = index_of(source("a", reliability="low"), source("b", reliability="moderate"), source("c", "a"))
    assert strength(index, "a", "b") == (
        "corroborated",
        "Corroborated: two or more independent sources",
        "moderate",
    )
    # a third citation relaying the first adds no independence, and no new level
    assert strength(index, "a", "b", "c")[0] == "corroborated"


@pytest.mark.parametrize(
    ("reliability", "words"),
    [("high", "high"), ("moderate", "moderate"), ("low", "low"), ("unassessed", "not yet assessed")],
)
def test_reliability_in_words(reliability: str, words: str) -> None:
    assert strength(index_of(source("s", reliability=reliability)), "s")[2] == words


# ---- figures for the same thing -----------------------------------------------------------------


def test_figures_disagree_when_their_values_as_given_differ() -> None:
    exact = figure("f1", {"exact": 42})
    assert not claims.disagree(exact, figure("f2", {"exact": 42}))
    assert not claims.disagree(exact, figure("f2", {"exact": 42.0}))
    # the same number in a source's own words is the same claim
    assert not claims.disagree(
        figure("f1", {"about": 40, "as_stated": "approximately 40 deaths"}),
        figure("f2", {"about": 40, "as_stated": "around 40"}),
    )
    # exact 42 and about 42 claim different things
    assert claims.disagree(exact, figure("f2", {"about": 42}))
    assert claims.disagree(exact, figure("f2", {"exact": 43}))
    assert claims.disagree(exact, figure("f2", {"between": [40, 45]}))
    assert claims.disagree(exact, figure("f2", {"exact": 42}, unit="people"))


# ---- testimonies that mention a claim without a stance, on the claim's page -------------------

FIXTURE = Path(__file__).parent / "fixtures" / "archive"


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    from build_tools.compile.build import build

    return {p.path: p.markdown for p in build(FIXTURE).pages}


def claim_section(markdown: str) -> str:
    """The "How this claim stands" (or route) section of a page, up to the next heading."""
    start = re.search(r"^## (How this (?:claim|route) stands|이 (?:주장|경로)의 근거)", markdown, re.MULTILINE)
    assert start, markdown[:2000]
    end = markdown.find("\n## ", start.end())
    return markdown[start.end() : end if end != -1 else None]


def test_a_testimony_that_refers_to_a_figure_without_a_stance_mentions_it() -> None:
    from build_tools.compile.build import check

    index, _ = check(FIXTURE)
    # tst-0002's summary refers to fig-0003 and records no stance; tst-0003 takes one on fig-0001
    assert [t.id for t in claims.mentions(index, "fig-0003")] == ["tst-0002"]
    assert claims.mentions(index, "fig-0001") == []
    assert [t.id for t in claims.mentions(index, "route-0001")] == ["tst-0001"]


@pytest.mark.parametrize(
    ("prefix", "none", "mentions"), [("", "none recorded", "mentions it"), ("ko/", "기록된 증언 없음", "언급함")]
)
def test_how_a_claim_stands_never_says_none_beside_a_testimony_that_refers_to_it(
    fixture_pages: dict[str, str], prefix: str, none: str, mentions: str
) -> None:
    page = fixture_pages[f"{prefix}figures/fig-0003/index.md"]
    section = claim_section(page)
    assert none not in section
    assert re.search(rf"\[[^\]]+\]\([^)]*tst-0002[^)]*\)[^\n]*: \*\*{mentions}\*\*", section), section


def test_a_route_lists_the_stance_and_the_mere_mention_apart(fixture_pages: dict[str, str]) -> None:
    section = claim_section(fixture_pages["routes/route-0001/index.md"])
    assert "1 for, 0 against; 1 mentions it without a recorded stance" in section
    (stance,) = [line for line in section.splitlines() if "tst-0003" in line]
    (mention,) = [line for line in section.splitlines() if "tst-0001" in line]
    assert "**corroborates in part**" in stance
    assert "**mentions it**" in mention
