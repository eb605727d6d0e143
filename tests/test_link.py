"""Linking: the index of records, who refers to whom, and what a camp gathers."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.compile.build import check
from build_tools.index.link import Index

FIXTURE = Path(__file__).parent / "fixtures" / "archive"


@pytest.fixture(scope="module")
def index() -> Index:
    index, report = check(FIXTURE)
    assert report.valid
    return index


def ids(entries: list) -> list[str]:
    return [e.id for e in entries]


def test_records_are_indexed_by_kind_in_id_order(index: Index) -> None:
    assert ids(index.by_kind["figure"]) == ["fig-0001", "fig-0002", "fig-0003", "fig-0004"]
    assert ids(index.by_kind["camp"]) == ["camp-alpha", "camp-beta", "camp-gamma"]


def test_backlinks_name_each_referring_record_once(index: Index) -> None:
    # src-0001 is cited twice by the camp (its summary and its location): listed once
    assert ids(index.referrers("src-0001")).count("camp-alpha") == 1
    # in the order of kinds (camps first, sources last), then by ID
    assert ids(index.referrers("place-land")) == ["route-0001", "evt-0001", "place-province", "org-test-ngo"]


def test_citations_keep_their_locators(index: Index) -> None:
    got = sorted((e.id, c.locator) for e, c in index.citations("src-0001"))
    assert ("camp-alpha", "p. 1") in got and ("camp-alpha", "p. 2") in got
    assert ("fig-0001", "p. 4") in got


def test_a_camp_gathers_through_its_teams(index: Index) -> None:
    assert ids(index.teams_of("camp-alpha")) == ["team-alpha-wigs"]
    # fig-0003 and fig-0004 are about the camp's team, not the camp itself, and still belong to it
    assert ids(index.figures_of("camp-alpha")) == ["fig-0001", "fig-0002", "fig-0003", "fig-0004"]
    assert ids(index.routes_of("camp-alpha")) == ["route-0001"]
    assert ids(index.products_of("camp-alpha")) == ["wigs"]
    behind = ids(index.sources_behind(index.figures_of("camp-alpha")))
    assert behind == ["src-0001", "src-0002"]


def test_nothing_refers_to_itself(index: Index) -> None:
    for rid in index.entries:
        assert rid not in ids(index.referrers(rid))
