"""The command line as a contributor meets it: `python -m build_tools ...` in a subprocess.

Output lines are ``path:line:col: error: message [code]``, sorted, then one summary line; exit
status 1 when there is any error, 0 when there is none; never a Python traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import pytest

from build_tools.compile.build import check

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BAD = HERE / "bad"
FIXTURE = HERE / "fixtures" / "archive"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]$")
SUMMARY = re.compile(r"^(?P<n>\d+) errors? in (?P<m>\d+) records?$")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def parse_text(stdout: str) -> tuple[list[dict[str, object]], str]:
    """(problem lines as dicts, summary line); asserts every line has the documented form."""
    lines = stdout.splitlines()
    assert lines, "no output"
    problems = []
    for line in lines[:-1]:
        m = LINE.match(line)
        assert m, f"not a problem line: {line!r}"
        problems.append(
            {"path": m["path"], "line": int(m["line"]), "column": int(m["col"]), "message": m["msg"], "code": m["code"]}
        )
    return problems, lines[-1]


def sort_key(p: dict[str, object]) -> tuple[tuple[str, ...], int, int]:
    return PurePosixPath(str(p["path"])).parts, int(p["line"]), int(p["column"])  # type: ignore[call-overload]


def files_under_sources(root: Path) -> int:
    return sum(1 for p in (root / "sources").rglob("*") if p.is_file())


# ---- a bad archive ----------------------------------------------------------------------------


def test_bad_archive_text_output(read_expected) -> None:  # type: ignore[no-untyped-def]
    case = BAD / "several-problems"
    r = cli("validate", cwd=case)
    assert r.returncode == 1
    assert r.stderr == ""
    problems, summary = parse_text(r.stdout)
    assert problems == sorted(problems, key=sort_key)
    assert [(p["path"], p["line"], p["code"]) for p in problems] == read_expected(case)
    m = SUMMARY.match(summary)
    assert m, summary
    assert int(m["n"]) == len(problems)
    assert int(m["m"]) == files_under_sources(case) == 9


def test_bad_archive_json_output_has_the_same_problems() -> None:
    case = BAD / "several-problems"
    text = cli("validate", cwd=case)
    r = cli("validate", "--json", cwd=case)
    assert r.returncode == 1 and r.stderr == ""
    data = json.loads(r.stdout)
    assert data["valid"] is False
    assert data["records"] == 9
    problems, _ = parse_text(text.stdout)
    assert [{k: p[k] for k in ("path", "line", "column", "message", "code")} for p in data["problems"]] == problems
    assert {p["severity"] for p in data["problems"]} == {"error"}


def fixture_records() -> int:
    """How many record files the fixture archive holds (one per folder entry under sources/)."""
    return len([p for p in (FIXTURE / "sources").glob("*/*") if p.suffix in (".yaml", ".md")])


def test_valid_archive_exits_0() -> None:
    r = cli("validate", cwd=FIXTURE)
    assert (r.returncode, r.stdout, r.stderr) == (0, f"no problems in {fixture_records()} records\n", "")
    r = cli("validate", "--json", cwd=FIXTURE)
    assert r.returncode == 0
    assert json.loads(r.stdout) == {"valid": True, "records": fixture_records(), "problems": []}


def test_root_option_from_elsewhere(tmp_path: Path) -> None:
    r = cli("--root", str(BAD / "several-problems"), "validate", cwd=tmp_path)
    assert r.returncode == 1
    problems, _ = parse_text(r.stdout)
    # paths stay relative to the archive, whatever the working directory
    assert all(str(p["path"]).startswith("sources/") for p in problems)


# ---- validating some files --------------------------------------------------------------------


def test_validate_one_path_reports_only_on_that_file() -> None:
    case = BAD / "several-problems"
    r = cli("validate", "sources/figures/fig-0001.yaml", cwd=case)
    assert r.returncode == 1 and r.stderr == ""
    problems, summary = parse_text(r.stdout)
    assert [(p["path"], p["line"], p["code"]) for p in problems] == [
        ("sources/figures/fig-0001.yaml", 5, "range-order"),
        ("sources/figures/fig-0001.yaml", 9, "missing-locator"),
    ]
    assert summary == "2 errors in 1 record"


def test_validate_one_path_still_resolves_references_against_the_archive(tmp_path: Path) -> None:
    # a valid file in a broken archive passes: its references are found in the other files
    r = cli("validate", "sources/figures/fig-0003.yaml", cwd=BAD / "percent-out-of-range")
    assert (r.returncode, r.stdout) == (0, "no problems in 1 record\n")
    # and a broken reference in the chosen file is still found
    r = cli("--root", str(BAD / "unknown-reference"), "validate", "sources/figures/fig-0001.yaml", cwd=tmp_path)
    assert r.returncode == 1
    problems, summary = parse_text(r.stdout)
    assert {(p["path"], p["code"]) for p in problems} == {("sources/figures/fig-0001.yaml", "unknown-reference")}
    assert summary == "2 errors in 1 record"


def test_validate_two_paths() -> None:
    r = cli("validate", "sources/sources/src-0001.yaml", "sources/figures/fig-0002.yaml", cwd=BAD / "several-problems")
    assert r.returncode == 1
    problems, summary = parse_text(r.stdout)
    assert {p["path"] for p in problems} == {"sources/sources/src-0001.yaml", "sources/figures/fig-0002.yaml"}
    assert summary == "4 errors in 2 records"


def test_validate_a_missing_path_is_a_clear_error() -> None:
    r = cli("validate", "sources/figures/fig-9999.yaml", cwd=FIXTURE)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "fig-9999.yaml" in r.stderr and "no such file" in r.stderr
    assert r.stdout == ""


def test_no_sources_folder_is_a_one_line_error(tmp_path: Path) -> None:
    r = cli("validate", cwd=tmp_path)
    assert r.returncode != 0
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "sources/" in r.stderr and "Traceback" not in r.stderr


def test_building_an_archive_without_its_site_configuration_is_a_one_line_error(tmp_path: Path) -> None:
    """The fixture archive has records but no mkdocs.yml: build says what it needs, never an internal error."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE, root)
    r = cli("build", "--site-dir", str(tmp_path / "site"), cwd=root)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "no mkdocs.yml in" in r.stderr and "internal error" not in r.stderr
    assert not (tmp_path / "site").exists()


def test_readme_in_sources_is_not_counted_as_a_record(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE, root)
    (root / "sources" / "README.md").write_text("Records live in the folders below.\n", encoding="utf-8")
    r = cli("validate", cwd=root)
    assert (r.returncode, r.stdout) == (0, f"no problems in {fixture_records()} records\n")


def test_hostile_files_never_make_an_internal_error(tmp_path: Path) -> None:
    src = tmp_path / "sources" / "sources"
    src.mkdir(parents=True)
    (src / "src-0001.yaml").write_text("type: ngo-report\ntitle: !!int abc\n", encoding="utf-8")
    (src / "src-0002.yaml").write_text("notes: " + "[" * 10_000 + "\n", encoding="utf-8")
    (src / "src-0003.yaml").write_bytes(b"type: ngo-report\ntitle: a\x00b\n")
    (src / "src-0004.yaml").write_bytes(b"\xff\xfe\x00\x01")
    r = cli("validate", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stderr == ""
    problems, summary = parse_text(r.stdout)
    assert {p["path"] for p in problems} == {f"sources/sources/src-000{i}.yaml" for i in range(1, 5)}
    assert summary.endswith("in 4 records")


# ---- every corpus case through the CLI --------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = dict(zip(CASES, pool.map(lambda c: cli("validate", cwd=BAD / c), CASES), strict=False))
    return runs


@pytest.mark.parametrize("case", CASES)
def test_cli_on_every_corpus_case(case: str, corpus_runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    r = corpus_runs[case]
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert r.stderr == ""
    _index, report = check(BAD / case)
    problems, summary = parse_text(r.stdout)
    assert r.returncode == (1 if report.problems else 0)
    # the CLI prints what the pipeline found, in the same order
    assert [(p["path"], p["line"], p["column"], p["code"]) for p in problems] == [
        (p.origin.path, p.origin.line, p.origin.column, p.code) for p in report.sorted()
    ]
    if problems:
        m = SUMMARY.match(summary)
        assert m and int(m["n"]) == len(problems), summary
    else:
        assert re.fullmatch(r"no problems in \d+ records?", summary), summary
