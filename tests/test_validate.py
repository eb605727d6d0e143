"""The bad-input corpus (tests/bad/): every problem code, each at the right line, nothing extra.

Each case folder is a tiny archive plus expected.txt (see tests/bad/README.md). Also checks a few
messages a contributor relies on (hints, quoting advice) and that valid records keep their text.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest

from build_tools.checks.validate import validate_records
from build_tools.compile.build import check
from build_tools.reading.load import load_records
from build_tools.records.problems import CODES, Origin, Problem, Report

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
FIXTURE = HERE / "fixtures" / "archive"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def triples(report: Report) -> list[tuple[str, int, str]]:
    return [(p.origin.path, p.origin.line, p.code) for p in report.sorted()]


def run(case: str) -> Report:
    _index, report = check(BAD / case)
    return report


def natural(t: tuple[str, int, str]) -> tuple[tuple[str, ...], int]:
    return PurePosixPath(t[0]).parts, t[1]


# ---- the corpus -------------------------------------------------------------------------------


def test_corpus_is_there() -> None:
    assert len(CASES) >= 30, CASES


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exactly_the_expected_problems(case: str, read_expected) -> None:  # type: ignore[no-untyped-def]
    expected = read_expected(BAD / case)
    for _path, _line, code in expected:
        assert code in CODES, f"{case}/expected.txt names an unregistered code {code!r}"
    report = run(case)
    got = triples(report)
    missing = Counter(expected) - Counter(got)
    extra = Counter(got) - Counter(expected)
    shown = "\n".join(p.format() for p in report.sorted())
    assert not missing and not extra, f"missing: {sorted(missing)}\nextra: {sorted(extra)}\nreport:\n{shown}"
    assert report.valid == (not expected)


@pytest.mark.parametrize("case", CASES)
def test_case_problems_are_sorted_and_point_into_the_file(case: str) -> None:
    report = run(case)
    got = triples(report)
    assert [natural(t) for t in got] == sorted(natural(t) for t in got)
    for p in report.sorted():
        assert p.origin.line >= 1 and p.origin.column >= 1, p.format()
        assert "\n" not in p.message, f"a message must fit on one output line: {p.format()!r}"
        file = BAD / case / p.origin.path
        if file.is_file():
            n_lines = max(1, len(file.read_bytes().splitlines()))
            assert p.origin.line <= n_lines, f"{p.format()}: the file has only {n_lines} lines"


def test_several_problems_in_several_files_are_all_reported_in_order(read_expected) -> None:  # type: ignore[no-untyped-def]
    """One pass reports every problem of every file, sorted by path (folder by folder) then line."""
    case = BAD / "several-problems"
    expected = read_expected(case)
    assert len({path for path, _, _ in expected}) >= 5
    assert triples(run("several-problems")) == expected


# Codes that no committed file can bring about, each with the test that brings it about instead.
NOT_IN_CORPUS = {
    # a file gone between the listing of its folder and its reading, or not to be read by its user
    "unreadable-file": "tests/test_load.py::test_a_file_that_cannot_be_read_is_reported_at_its_path",
    # a symbolic link, which a corpus kept in git is better without: made by the test itself
    "linked-file": "tests/test_hostile_contributions.py::test_a_hostile_archive_is_refused_at_its_line",
    # a fault of the tool's while rendering records that passed their checks
    "render-failed": "tests/test_hostile_contributions.py::test_a_fault_while_rendering_is_a_problem_beside_the_records_own",
    # check-site's codes: faults of a built site, planted in a copy of the real one
    "private-published": "tests/test_check_site.py::test_a_private_value_in_a_page_is_found_by_record_and_field_and_never_quoted",
    "broken-link": "tests/test_check_site.py::test_a_link_to_no_page_is_found",
    "broken-anchor": "tests/test_check_site.py::test_an_anchor_on_the_same_page_or_another_that_names_nothing_is_found",
    "missing-page": "tests/test_check_site.py::test_a_record_without_its_korean_page_is_found",
    "third-party-request": "tests/test_check_site.py::test_a_script_image_or_font_from_another_host_is_found_and_a_link_out_is_not",
    "missing-csp": "tests/test_check_site.py::test_a_page_without_the_sites_policy_or_with_another_is_found",
    "wrong-csp": "tests/test_check_site.py::test_a_page_without_the_sites_policy_or_with_another_is_found",
}


def test_every_problem_code_is_produced_by_some_case() -> None:
    """Computed from what the tool reports, so a new code without a corpus case fails here."""
    produced: set[str] = set()
    for case in CASES:
        produced |= {p.code for p in run(case).problems}
    assert sorted(set(CODES) - produced - set(NOT_IN_CORPUS)) == []
    assert not produced & set(NOT_IN_CORPUS), "a corpus case now brings it about: take it out of NOT_IN_CORPUS"
    tests = Path(__file__).parent
    for code, test in NOT_IN_CORPUS.items():
        file, name = test.removeprefix("tests/").split("::")
        assert f"def {name}(" in (tests / file).read_text(encoding="utf-8") and code in CODES, test


def test_not_utf8_case_really_holds_a_bad_byte() -> None:
    raw = (BAD / "not-utf8" / "sources" / "sources" / "src-0001.yaml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (p,) = run("not-utf8").sorted()
    assert (p.origin.line, p.origin.column) == (3, 13)
    assert "0xe9" in p.message


# ---- messages a contributor acts on ----------------------------------------------------------


def messages(case: str, code: str) -> dict[str, str]:
    """``path:line`` -> message, for the problems of one code in a case."""
    return {f"{p.origin.path}:{p.origin.line}": p.message for p in run(case).sorted() if p.code == code}


def test_unknown_field_suggests_the_nearest_name() -> None:
    got = messages("unknown-field", "unknown-field")
    assert "did you mean 'title'" in got["sources/sources/src-0001.yaml:2"]
    assert "did you mean 'anonymous'" in got["sources/testimonies/tst-0001.yaml:6"]
    # nothing close: the allowed fields are listed instead
    listing = got["sources/sources/src-0002.yaml:7"]
    assert "colour" in listing and "title" in listing and "reliability" in listing
    # the allowed fields of the mapping the field is in, not of the record
    citation = got["sources/testimonies/tst-0001.yaml:10"]
    assert "locator" in citation and "summary" not in citation


def test_unknown_reference_suggests_the_nearest_id() -> None:
    got = messages("unknown-reference", "unknown-reference")
    assert "place-landd" in got["sources/figures/fig-0001.yaml:5"]
    assert "did you mean 'place-land'" in got["sources/figures/fig-0001.yaml:5"]
    assert "org-nobody" in got["sources/sources/src-0001.yaml:3"]


def test_wrong_type_says_what_was_found_and_what_is_needed() -> None:
    got = messages("wrong-type", "wrong-type")
    title = got["sources/sources/src-0001.yaml:2"]
    assert "123" in title and "quotes" in title
    assert (
        "true or false" in got["sources/sources/src-0001.yaml:3"] and "'no'" in got["sources/sources/src-0001.yaml:3"]
    )
    assert "'yes'" in got["sources/sources/src-0002.yaml:3"]
    year = got["sources/sources/src-0002.yaml:5"]
    assert "2021" in year and "quotes" in year


def test_wrong_type_for_a_number_field_does_not_demand_a_whole_number() -> None:
    """value.exact accepts 2.5, so 'must be a whole number' would send the contributor astray."""
    got = messages("wrong-type", "wrong-type")
    exact = got["sources/figures/fig-0001.yaml:5"]
    assert "'five'" in exact and "number" in exact
    assert "whole" not in exact, exact


def test_every_missing_field_is_named_even_at_the_same_line() -> None:
    """Two required fields missing from one record are two problems, reported in one pass."""
    got = [p.message for p in run("missing-field").sorted() if p.origin.path == "sources/sources/src-0001.yaml"]
    assert len(got) == 2, got
    assert any("'title'" in m for m in got) and any("'date'" in m for m in got)


def test_duplicate_id_names_every_file_that_shares_it() -> None:
    got = messages("duplicate-id", "duplicate-id")
    msg = got["sources/places/dup.yaml:1"]
    assert "sources/organizations/dup.yaml" in msg and "sources/places/dup.yaml" in msg
    msg = got["sources/sources/src-0001.yaml:1"]
    assert "sources/sources/src-0001.md" in msg and "sources/sources/src-0001.yaml" in msg


def test_reference_cycle_shows_the_loop() -> None:
    got = messages("reference-cycle", "reference-cycle")
    assert "place-a -> place-b -> place-a" in got["sources/places/place-a.yaml:3"]


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    (p,) = [p for p in run("yaml-syntax-unclosed-quote").sorted() if p.origin.path.endswith("src-0001.yaml")]
    assert p.origin.line == 2, p.format()


# ---- what validation keeps -------------------------------------------------------------------


def test_unquoted_iso_date_stays_text() -> None:
    root = BAD / "unquoted-date-is-text"
    loaded = load_records(root)
    (raw,) = loaded.records
    assert raw.data["date"] == "2020-08-01" and raw.data["accessed"] == "2021-01-31"
    entries, problems = validate_records(loaded.records)
    assert problems == []
    assert entries["src-0001"].record.date == "2020-08-01"  # type: ignore[attr-defined]


def test_valid_fixture_has_no_problems() -> None:
    index, report = check(FIXTURE)
    assert report.problems == []
    assert report.records == 20
    assert len(index.entries) == 20


def test_a_record_failing_its_schema_is_not_also_an_unknown_reference(tmp_path: Path) -> None:
    """A reference to a record that exists but is broken is not reported as missing."""
    root = tmp_path / "a"
    shutil.copytree(FIXTURE, root)
    src = root / "sources" / "sources" / "src-0001.yaml"
    src.write_text(
        src.read_text(encoding="utf-8").replace("reliability: unassessed", "reliability: sure"), encoding="utf-8"
    )
    _index, report = check(root)
    assert triples(report) == [("sources/sources/src-0001.yaml", 9, "invalid-value")]


def test_the_same_problem_is_reported_once() -> None:
    twice = [Problem(Origin("sources/places/a.yaml", 2, 1), "invalid-value", "m") for _ in range(2)]
    report = Report(twice, records=1)
    assert len(report.sorted()) == 1
    assert report.format_text().splitlines()[-1] == "1 error in 1 record"


def test_unregistered_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        Problem(Origin("x", 1, 1), "no-such-code", "m")


def test_front_matter_never_closed_is_told_apart_from_none() -> None:
    """A narrative opened with '---' whose fields are never closed is not told that it must start
    with '---', which it does."""
    got = messages("missing-front-matter", "missing-front-matter")
    assert "never closed" in got["sources/testimonies/tst-0002.md:1"]
    assert "must start with a line '---'" in got["sources/testimonies/tst-0001.md:1"]


def test_a_mistyped_reference_is_matched_to_an_id_of_its_own_kind_first(archive_copy: Path) -> None:
    """IDs are lowercase, and the start of one says its kind: [[FIG-0002]] means fig-0002, and a
    missing event's nearest is an event, not a testimony whose digits are closer."""
    place = archive_copy / "sources" / "places" / "place-town.yaml"
    text = place.read_text(encoding="utf-8")
    place.write_text(text + "notes: See [[FIG-0002]] and [[evt-0009]].\n", encoding="utf-8")
    _index, report = check(archive_copy)
    said = " ".join(p.message for p in report.problems if p.code == "unknown-reference")
    assert "[[FIG-0002]] names no record; did you mean 'fig-0002'?" in said
    assert "[[evt-0009]] names no record; did you mean 'evt-" in said
