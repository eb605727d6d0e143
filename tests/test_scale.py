"""What keeps a 10,000-record archive fast, checked for what a user would notice if it went
wrong: the fast YAML reader reads every file as the reference reader does, the quick tests
before each identifying-detail pattern never hide a finding, maps and camp charts stay small
however large the archive, the preview redoes only what an edit changed, and long jobs tell the
person waiting how far they have got. (How fast is measured by scripts/benchmark.py, never here.)"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from conftest import FIXTURE_ARCHIVE, REPO_ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.checks import witness
from build_tools.checks.validate import validate_records
from build_tools.compile.build import build, check
from build_tools.pages.render import CONTEXT_LIMIT
from build_tools.pages.views import NEIGHBOURS
from build_tools.pages.visual import geomap, labels, mapbase
from build_tools.reading.load import load_records
from build_tools.reading.yamlread import Parsed, _built, _fast_enough, _Loader, parse_yaml
from build_tools.site.preview import Staging, built_path
from build_tools.speed.memo import Memo

TESTS = Path(__file__).resolve().parent
RECORD_FILES = sorted(
    p
    for folder in (REPO_ROOT / "sources", FIXTURE_ARCHIVE / "sources", TESTS / "fixtures" / "attack", TESTS / "bad")
    for p in folder.rglob("*")
    if p.is_file() and p.suffix in (".yaml", ".md")
)


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic_archive", REPO_ROOT / "scripts" / "synthetic_archive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference(text: str) -> Parsed:
    """What PyYAML's reader in Python makes of ``text`` (parse_yaml without its fast path)."""
    try:
        node = _Loader(text).get_single_node()
    except Exception:  # the reference reports the problem: compare through parse_yaml below
        return parse_yaml(text)
    return _built(node, Parsed(text=text), 0)


# ---- reading -----------------------------------------------------------------------------------


def test_there_are_files_of_every_source_to_compare() -> None:
    assert len(RECORD_FILES) > 150
    fast = [p for p in RECORD_FILES if _fast_enough(p.read_text(encoding="utf-8", errors="replace"))]
    assert len(fast) > 100, "the fast reader would read almost nothing"


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_the_fast_reader_reads_each_file_as_the_reference_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".md" and text.startswith("---\n"):
        text = text[4:].split("\n---", 1)[0]
    assert parse_yaml(text) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a: 1\n",
                "b: [1, 2]\n",
                "c: {d: e}\n",
                "- x\n",
                "  f: no\n",
                "g: '2020'\n",
                "h: ~\n",
                "i: &a 1\n",
                "j: *a\n",
                "k: !!int 3\n",
                "l: 012\n",
                "a: 2\n",
                'm: "q\\u202e"\n',
                "n: >\n  folded\n",
                "[[[[",
                "]]",
                "o: p: q\n",
                "\t",
                "r: 1.5e3\n",
                "s: \x85\n",
                "- - - y\n",
                "? t\n",
                'u: "a / b * 100"\n',
                "v: Q & A*\n",
                "- *a\n",
                "- &b [x]\n",
                "w: {x: &c y}\n",
            ]
        ),
        max_size=12,
    )
)
def test_the_fast_reader_agrees_on_generated_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert parse_yaml(text) == _reference(text)


def test_the_fast_reader_reads_a_star_or_ampersand_in_text_but_never_an_anchor_or_alias() -> None:
    for text in ('formula: "deaths / population * 100"\n', "title: Q & A\n", "a: b*c\n"):
        assert _fast_enough(text), text
    for text in ("a: &x 1\nb: *x\n", "a: &x 1\n", "- *x\n", "a: [&x 1]\n", 'a: "unclosed * \n'):
        assert not _fast_enough(text), text


def test_deep_nesting_is_refused_at_its_line_by_both_readers() -> None:
    for text in ("a: " + "[" * 30 + "]" * 30, "a: " + "[" * 100_000):
        issues = parse_yaml(text).issues
        assert [i.code for i in issues] == ["too-deeply-nested"], issues


# ---- the identifying-detail checks ---------------------------------------------------------------

EXAMPLES = [
    "She can be called on +850 2 381 8111.",
    "Her sister answers at 010-4821-0093.",
    "Phone: 0041 22 123 45 67",
    "tel. no. 12345678",
    "Write to sunhee.k@example.org for the transcript.",
    "The witness was born on 3 April 1979 in the north.",
    "Date of birth: 1979-04-03.",
    "DOB: 3/4/1979",
    "1979년 4월 3일 생",
    "He lived at 42 Haebang Road until 2015.",
    "Apartment 5 on the third floor.",
    "inminban no. 7",
    "3 인민반",
    "주소: 회령",
    "통일로 12-3",
    "She grew up in Sambong-ri.",
    "Mrs Choe ran the wig team.",
    "Dr. Kim arrived.",
    "The witness, Ri Sun-hee, worked nights.",
    "Kim Sun Hee worked nights.",
    "김순희 씨 worked nights.",
    "Her real name is Sun-hee.",
    "본명은 김순희",
    # letters a pattern without regard to case takes for s, i or k
    "Her what\u017fapp: 1234567 answers.",
    "He lived at 12 Main \u017ftreet until 2015.",
    "Date of b\u0131rth: 1979-04-03.",
    "Her mob\u0130le: 1234567 answers.",
    "Her \u212aakao: 1234567 answers.",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_each_quick_test_holds_wherever_its_pattern_matches(text: str) -> None:
    matched = 0
    for what, pattern in witness._EVERYWHERE + witness._NAMES:
        if pattern.search(text):
            matched += 1
            assert witness._NEEDS[pattern](witness._Look(text)), f"the quick test for {what} hides {text!r}"
    assert matched, f"no pattern matches the example {text!r}"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                " ",
                "\n",
                "-",
                ".",
                ":",
                "(",
                ")",
                "+",
                "0",
                "00",
                "12",
                "1979",
                "@",
                "x",
                "Kim",
                "Sun",
                "Hee",
                "hee",
                "Mr",
                "Road",
                "St",
                "room",
                "born",
                "birth",
                "date of birth",
                "name",
                "real",
                "ri",
                "dong",
                "씨",
                "김",
                "로",
                "주소",
                "년",
                "인민반",
                "apt",
                "phone",
                "tel",
                "\u017ft",
                "\u0131",
                "\u0130",
                "\u212a",
                "W-0009",
            ]
        ),
        max_size=20,
    )
)
def test_the_quick_tests_never_hide_a_finding_in_generated_text(parts: list[str]) -> None:
    text = "".join(parts)
    for what, pattern in witness._EVERYWHERE + witness._NAMES:
        if pattern.search(text):
            assert witness._NEEDS[pattern](witness._Look(text)), f"the quick test for {what} hides {text!r}"
    beside = witness._NameBeside("W-0009")
    reference = re.compile(
        r"\bW\-0009\b\s*(?:\(|,|:|\u2013|\u2014|-|\bis\b|\bor\b|\baka\b)\s*[A-Z][a-z]+(?:[\s-][A-Z]?[a-z]+){1,2}"
        r"|[A-Z][a-z]+(?:[\s-][A-Z]?[a-z]+){1,2}\s*\(\s*W\-0009\s*\)"
    )
    assert bool(list(beside.finditer(text))) == bool(reference.search(text)), text


# ---- pages that do not grow with the archive ---------------------------------------------------


def _markers(n: int) -> list[mapbase.Marker]:
    return [
        mapbase.Marker(
            f"m-{i:04d}",
            f"Place {i}",
            f"../m-{i:04d}/",
            38.5 + (i % 20) * 0.15,
            125.0 + (i // 20) * 0.3,
            "camp" if i % 3 else "place",
            "exact",
        )
        for i in range(n)
    ]


def test_a_crowded_map_labels_at_most_its_limit_and_links_every_mark() -> None:
    """Each of the map's two drawings (wide, and narrow for phones; the page shows one) labels at
    most MAX_LABELS marks and links every one."""
    drawings = re.findall(r"<svg .*?</svg>", geomap.render_map(_markers(200), title="t", desc="d", prefix="m"), re.S)
    assert len(drawings) == 2
    for svg in drawings:
        assert svg.count('class="ea-map-label') <= labels.MAX_LABELS
        assert svg.count("<a ") == 200 and all(f'href="../m-{i:04d}/"' in svg for i in range(200))


def test_a_record_map_shows_it_and_its_nearest_neighbours_only() -> None:
    from dataclasses import replace

    from build_tools.pages.views import _nearest

    markers = _markers(60)
    markers[30] = replace(markers[30], highlight=True)
    shown = _nearest(markers, NEIGHBOURS)
    assert len(shown) == NEIGHBOURS + 1 and markers[30] in shown

    def far(m: mapbase.Marker) -> float:
        return (m.lat - markers[30].lat) ** 2 + (m.lon - markers[30].lon) ** 2

    assert max(map(far, shown)) <= min(far(m) for m in markers if m not in shown)


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    _synthetic().generate(root, 1200, seed=3)
    return root


def test_a_camp_page_map_and_chart_stay_small_in_a_large_archive(big_archive: Path) -> None:
    result = build(big_archive)
    camps = [p for p in result.pages if p.path.startswith("camps/") and p.path != "camps/index.md"]
    assert len(camps) >= 20
    for page in camps:
        maps = re.findall(r'<svg[^>]*class="ea-map[^"]*".*?</svg>', page.markdown, re.S)
        assert all(m.count("<a ") <= NEIGHBOURS + 1 for m in maps), page.path
        for grey in re.findall(r"Grey rows, for comparison, are from other camps: (.*)", page.markdown):
            assert grey.count("](../figures/") <= CONTEXT_LIMIT, page.path
    told = [p.markdown for p in camps if "more from other camps are in the [chart of every" in p.markdown]
    assert told, "no camp page says where the rest of the comparison is"


# ---- the preview redoes only what changed ----------------------------------------------------


def test_the_memo_rereads_only_the_file_that_changed(big_archive: Path, tmp_path: Path) -> None:
    memo = Memo()
    first = load_records(big_archive, memo.read)
    again = load_records(big_archive, memo.read)
    assert all(a is b for a, b in zip(first.records, again.records, strict=True)), "unchanged files were read again"
    figure = next(r for r in first.records if r.kind == "figure")
    path = big_archive / figure.path
    text = path.read_text(encoding="utf-8")
    try:
        path.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
        edited = {r.path: r for r in load_records(big_archive, memo.read).records}
        assert edited[figure.path] is not figure and str(edited[figure.path].data["title"]).startswith("Edited ")
        assert sum(edited[r.path] is not r for r in first.records) == 1
        fresh = validate_records(load_records(big_archive).records)
        memoised = validate_records(list(edited.values()), memo.check_alone)
        assert [p.format() for p in memoised[1]] == [p.format() for p in fresh[1]]
        assert memoised[0].keys() == fresh[0].keys()
    finally:
        path.write_text(text, encoding="utf-8")


def test_staging_rewrites_only_changed_pages_and_removes_gone_ones(tmp_path: Path) -> None:
    staging = Staging()
    site = tmp_path / "site"
    first = staging.stage([("camps/a/index.md", "A"), ("camps/b/index.md", "B"), ("data/x.csv", "1")], site)
    a, b = Path(first["camps/a/index.md"]["abs_src_path"]), Path(first["camps/b/index.md"]["abs_src_path"])
    before = a.stat().st_mtime_ns, b.stat().st_mtime_ns
    (site / "camps" / "b").mkdir(parents=True)
    (site / built_path("camps/b/index.md")).write_text("old page")
    time.sleep(0.01)
    second = staging.stage([("camps/a/index.md", "A"), ("data/x.csv", "2")], site)
    assert a.stat().st_mtime_ns == before[0], "an unchanged page was rewritten (MkDocs would rebuild it)"
    assert Path(second["data/x.csv"]["abs_src_path"]).read_text() == "2"
    assert not b.exists() and not (site / "camps" / "b" / "index.html").exists(), "a deleted record's page stayed"
    third = staging.stage([("camps/a/index.md", '---\nhead: "<meta name=new>"\n---\n\nA')], site)
    assert Path(third["camps/a/index.md"]["abs_src_path"]).stat().st_mtime_ns > before[0], (
        "a changed head was not staged"
    )
    assert built_path("index.md") == "index.html" and built_path("camps/index.md") == "camps/index.html"


def test_staging_says_unchanged_only_what_a_complete_build_wrote_as_it_is(tmp_path: Path) -> None:
    """MkDocs is told not to look at a staged file again (files.UnchangedFile) only when the last
    build that completed wrote it with the same content: never before the first, never for what
    changed since, even when the build that staged the change failed."""

    def unchanged(staged: dict[str, dict[str, object]]) -> set[str]:
        return {path for path, source in staged.items() if source["unchanged"]}

    staging, site = Staging(), tmp_path / "site"
    pages = [("camps/a/index.md", "A"), ("camps/b/index.md", "B"), ("data/x.csv", "1")]
    assert unchanged(staging.stage(pages, site)) == set()
    assert unchanged(staging.stage(pages, site)) == set(), "nothing was built yet"
    staging.settle()
    assert unchanged(staging.stage(pages, site)) == {"camps/a/index.md", "camps/b/index.md", "data/x.csv"}
    edited = [("camps/a/index.md", "A2"), *pages[1:]]
    assert unchanged(staging.stage(edited, site)) == {"camps/b/index.md", "data/x.csv"}
    # that build failed (no settle): the next still has MkDocs check the edited page
    assert unchanged(staging.stage(edited, site)) == {"camps/b/index.md", "data/x.csv"}
    staging.settle()
    assert unchanged(staging.stage(edited, site)) == {"camps/a/index.md", "camps/b/index.md", "data/x.csv"}


# ---- progress ----------------------------------------------------------------------------------


def test_validating_a_large_archive_tells_how_far_it_has_got(big_archive: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(big_archive), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^read 1,200 record files \(\d+\.\d s\)$", run.stderr, re.M), run.stderr
    assert re.search(r"^checked 1,200 records \(\d+\.\d s\)$", run.stderr, re.M), run.stderr
    assert "no problems in 1200 records" in run.stdout and "read 1,200" not in run.stdout


def test_a_small_archive_says_nothing_but_its_result() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(FIXTURE_ARCHIVE), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stderr == "", run.stderr


def test_a_recheck_walks_only_the_record_that_changed(big_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the preview the checks across records (references, links in text) take each
    record's references from when it was read and checked alone, and the link index what each
    record gave it last time: after an edit to one record of 1,200, only that record is walked
    over again, and the problems are a fresh check's."""
    from build_tools.checks import validate
    from build_tools.index import link

    memo = Memo()
    check(big_archive, memo=memo)
    walked: list[str] = []
    for module, name in ((validate, "survey"), (validate, "iter_refs"), (validate, "iter_text_refs"), (link, "survey")):
        real, said = getattr(module, name), f"{module.__name__.rpartition('.')[2]}.{name}"
        monkeypatch.setattr(
            module, name, lambda obj, *a, _real=real, _said=said, **k: walked.append(_said) or _real(obj, *a, **k)
        )
    path = next(p for p in sorted((big_archive / "sources" / "figures").glob("*.yaml")))
    text = path.read_text(encoding="utf-8")
    try:
        path.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
        again = check(big_archive, memo=memo)[1]
        assert walked.count("validate.survey") == 1 and walked.count("validate.iter_refs") == 0, walked
        assert walked.count("validate.iter_text_refs") <= 1, walked
        derived = sum(1 for raw in memo.loaded.values() if raw[1] is not None and "derived" in raw[1].data)
        assert 1 <= walked.count("link.survey") <= 1 + derived, (
            walked,
            derived,
        )  # a derived figure's value is worked out again
        monkeypatch.undo()
        assert [p.format() for p in again.sorted()] == [p.format() for p in check(big_archive)[1].sorted()]
    finally:
        path.write_text(text, encoding="utf-8")


def test_checking_needs_no_memo_and_gives_the_same_with_one(big_archive: Path) -> None:
    plain = check(big_archive)[1]
    memo = Memo()
    check(big_archive, memo=memo)
    again = check(big_archive, memo=memo)[1]
    assert [p.format() for p in again.sorted()] == [p.format() for p in plain.sorted()]
