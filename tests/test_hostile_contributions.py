"""A pull request from a stranger who means harm: nothing leaks, nothing outside the archive is
read, nothing crashes, no log line is forged, no ID takes the site's own addresses, every link
goes where it reads, and references that loop are refused.

Each case below turns a copy of the test archive (tests/fixtures/archive) into a hostile one, as
a contributor's pull request would, and runs the tool as a contributor runs it: ``validate`` and
``validate --json`` (in process, through the command line's own entry point), ``new``, and for
some a build. For every case: the exit code is 1 (or 2 for a wrong call), never a traceback;
``--json`` prints one JSON document; the problem named is at its file and line with its code;
every output line is a problem line or the closing count (a file name or value cannot start a
line of its own, nor carry a direction-changing or invisible character); and no text of a
``private:`` block nor of any file outside the archive appears in the output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.checks.policy import closing_edges
from build_tools.checks.validate import loops_of
from build_tools.cli import main
from build_tools.compile.audit import audit
from build_tools.compile.build import build
from build_tools.reading.history import read_info
from build_tools.records.fields import MAX_NUMBER, date_problem
from build_tools.records.problems import MESSAGE_CHARS, Origin, Problem, printable, quote
from build_tools.records.urls import url_problem
from build_tools.speed.ahead import Ahead

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "archive"
SECRET = "SECRET-CANARY-7731"  # in private blocks and in files outside the archive: never printed

# A problem line as printed, and the closing line: nothing else may appear in validate's output.
PROBLEM_LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
CLOSING_LINE = re.compile(r"^(no problems in \d+ records?|\d+ errors? in \d+ records?)$")
# What no output line may hold: a direction-changing, zero-width or other invisible character.
HIDDEN = re.compile("[\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURE, archive)
    (tmp_path / "outside.yaml").write_text(f"title: {SECRET} from outside the archive\n", encoding="utf-8")
    return archive


def validate(root: Path, *args: str) -> tuple[int, str, dict[str, object]]:
    """validate as a contributor runs it, plain and --json: (exit code, text output, JSON)."""
    runner = CliRunner()
    plain = runner.invoke(main, ["--root", str(root), "validate", "--no-cache", *args])
    as_json = runner.invoke(main, ["--root", str(root), "validate", "--no-cache", "--json", *args])
    for result in (plain, as_json):
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
        assert SECRET not in result.output, "text from a private block or from outside the archive was printed"
    assert plain.exit_code == as_json.exit_code
    return plain.exit_code, plain.stdout, json.loads(as_json.stdout)


def problems_of(report: dict[str, object]) -> set[tuple[str, int, str]]:
    return {(p["path"], p["line"], p["code"]) for p in report["problems"]}  # type: ignore[index,union-attr]


def assert_clean_lines(text: str) -> None:
    for line in text.splitlines():
        assert PROBLEM_LINE.match(line) or CLOSING_LINE.match(line), f"a line that is no problem: {line!r}"
        assert not HIDDEN.search(line), f"a hidden character in {line!r}"
        assert len(line) < MESSAGE_CHARS + 400, f"an unbounded line of {len(line)} characters"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def register(root: Path, *links: str) -> None:
    with (root / "permalinks.txt").open("a", encoding="utf-8") as f:
        f.writelines(f"{link}\n" for link in links)


def figure(value: str = "  about: 25\n", period: str = '"2020"', extra: str = "") -> str:
    return (
        "title: A figure\nmeasure: annual-mortality-rate\nsubjects: [camp-alpha]\nvalue:\n"
        f"{value}unit: percent\nperiod: {period}\nbasis: estimate\n"
        f"cites:\n  - source: src-0001\n    locator: p. 4\n{extra}"
    )


def new_figure(root: Path, text: str, rid: str = "fig-0099") -> str:
    rel = f"sources/figures/{rid}.yaml"
    write(root, rel, text)
    register(root, f"/figures/{rid}/")
    return rel


# ---- cases: (how the archive is made hostile, the problems expected as (path, line, code)) ----

Case = tuple[Callable[[Path], None], set[tuple[str, int, str]]]
CASES: dict[str, Case] = {}


def case(name: str, *expected: tuple[str, int, str]) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def add(make: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES[name] = (make, set(expected))
        return make

    return add


# 1. Nothing outside the archive is read.
@case("a record file linked to a file outside", ("sources/figures/fig-0099.yaml", 1, "linked-file"))
def _(root: Path) -> None:
    os.symlink(root.parent / "outside.yaml", root / "sources/figures/fig-0099.yaml")


@case("a record file linked to a system file", ("sources/sources/src-0099.yaml", 1, "linked-file"))
def _(root: Path) -> None:
    os.symlink("/etc/hostname", root / "sources/sources/src-0099.yaml")


@case("a folder of records linked outside", ("sources/figures/more", 1, "linked-file"))
def _(root: Path) -> None:
    (root.parent / "more").mkdir()
    shutil.copy(root.parent / "outside.yaml", root.parent / "more" / "fig-0098.yaml")
    os.symlink(root.parent / "more", root / "sources/figures/more")


@case("a kind's folder linked outside", ("sources/events", 1, "linked-file"), ("sources/figures/fig-0001.yaml", 0, "x"))
def _(root: Path) -> None:
    shutil.move(str(root / "sources/events"), str(root.parent / "events"))
    write(root.parent, "events/evt-0099.yaml", f"title: {SECRET}\n")
    os.symlink(root.parent / "events", root / "sources/events")


@case("the registry linked to a file outside", ("permalinks.txt", 1, "linked-file"))
def _(root: Path) -> None:
    (root / "permalinks.txt").unlink()
    os.symlink(root.parent / "outside.yaml", root / "permalinks.txt")


# 2. Nothing private reaches a log.
# 4. IDs cannot take the site's own addresses.
for _rid in ("index", "page", "con", "nul", "com1", "lpt9", "a" * 65):

    @case(f"the ID {_rid[:10]}", (f"sources/figures/{_rid}.yaml", 1, "invalid-id"))
    def _(root: Path, rid: str = _rid) -> None:
        new_figure(root, figure(), rid)


@case("an ID that differs only in case", ("sources/figures/Fig-0001.yaml", 1, "invalid-id"))
def _(root: Path) -> None:
    new_figure(root, figure(), "Fig-0001")


# 5. Links are what they look like.
_URLS = {
    "a user name before the host": "https://www.un.org@evil.example/",
    "a password before the host": "https://hrnk.org:pw@evil.example/report",
    "a Cyrillic letter in a Latin name": "https://hrnk.\u043erg/report",
    "a Latin name in Cyrillic letters": "https://\u0430\u0440\u0440\u04cf\u0435.com/",
    "a mixed name in punycode": "https://xn--rg-emc.org/",
    "a script link": "javascript:alert(1)",
    "a data address": "data:text/html,<script>alert(1)</script>",
    "another scheme": "ftp://example.org/report.pdf",
    "a backslash": "https://evil.example\\@www.un.org/",
}
for _what, _url in _URLS.items():

    @case(f"a source's URL with {_what}", ("sources/sources/src-0001.yaml", 8, "invalid-url"))
    def _(root: Path, url: str = _url) -> None:
        edit(
            root,
            "sources/sources/src-0001.yaml",
            "url: https://example.org/report_1?a=b&c=d",
            f"url: {json.dumps(url)}",
        )


@case("a link in a narrative with a user name", ("sources/testimonies/tst-0001.md", 0, "unsafe-markup"))
def _(root: Path) -> None:
    path = root / "sources/testimonies/tst-0001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nSee [the UN](https://www.un.org@evil.example/).\n")


# 6. No input crashes the tool.
for _what, _value in {
    "an integer of 4,000 digits": "  exact: " + "9" * 4000 + "\n",
    "an integer of 4,900 digits": "  exact: " + "9" * 4900 + "\n",
    "a tagged integer of 4,500 digits": "  exact: !!int " + "9" * 4500 + "\n",
    "1e309": "  exact: 1e309\n",
    "a number past the largest": f"  exact: {MAX_NUMBER + 1}\n",
    "a negative number past the smallest": f"  about: -{MAX_NUMBER}.5\n",
    "a range of huge numbers": "  between: [1, 1e300]\n",
}.items():

    @case(f"a value of {_what}", ("sources/figures/fig-0099.yaml", 6, "invalid-value"))
    def _(root: Path, value: str = _value) -> None:
        new_figure(root, figure(value))


for _what, _value in {".inf": "  exact: .inf\n", ".nan": "  about: .nan\n"}.items():

    @case(f"a value of {_what}", ("sources/figures/fig-0099.yaml", 6, "wrong-type"))
    def _(root: Path, value: str = _value) -> None:
        new_figure(root, figure(value))


for _what, _period, _code in (
    ("a day that does not exist", '"2021-02-29"', "invalid-date"),
    ("an uncertain day that does not exist", '"2021-02-29~"', "invalid-date"),
    ("an interval ending on a day that does not exist", '"2020/2021-04-31"', "invalid-date"),
    ("an interval that runs backwards", '"2022/2020"', "range-order"),
    ("months that run backwards", '"2022-05/2022-01"', "range-order"),
    ("a date of 3,000 characters", '"' + "2" * 3000 + '"', "invalid-date"),
):

    @case(f"a period of {_what}", ("sources/figures/fig-0099.yaml", 8, _code))
    def _(root: Path, period: str = _period) -> None:
        new_figure(root, figure(period=period))


@case("a file name too long for the file system", ("sources/figures", 0, "x"))
def _(root: Path) -> None:
    new_figure(root, figure(), "f" * 240)  # 245 bytes with .yaml: the longest name most systems allow


# 7. Logs cannot be forged.
for _what, _name in {
    "a line break and a workflow command": "fig-1\n::error file=README.md::forged",
    "a workflow command": "::error file=README.md,line=1::forged",
    "a fake problem line": "x.yaml:1:1: error: forged [x]\nno problems in 9 records",
    "a direction override": "fig-\u202e9900",
    "a zero-width space": "fig-\u200b9900",
    "a carriage return": "fig-9900\rno problems in 1 record",
}.items():

    @case(f"a file name with {_what}", (f"sources/figures/{_name}.yaml", 1, "invalid-id"))
    def _(root: Path, name: str = _name) -> None:
        write(root, f"sources/figures/{name}.yaml", figure())


# 9. References make sense.
@case(
    "two sources that relay each other",
    ("sources/sources/src-0002.yaml", 8, "reference-cycle"),
)
def _(root: Path) -> None:
    (root / "sources/sources/src-0001.yaml").open("a").write("relays: [src-0002]\n")


@case("a route that loops", ("sources/routes/route-0001.yaml", 19, "reference-cycle"))
def _(root: Path) -> None:
    path = root / "sources/routes/route-0001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - from: place-land\n    to: team-alpha-wigs\n    mechanism: export\n    description: Back again.\n"
    )


# Cases made by one edit of a file: (file, text replaced, text put in its place, problem expected)
TST, SRC2, FIG4 = "sources/testimonies/tst-0002.yaml", "sources/sources/src-0002.yaml", "sources/figures/fig-0004.yaml"
OBTAINED = "private:\n  how_obtained: CANARY-src-0002-how-obtained, from the reporter directly"
FORMULA = "formula: per_year * years"
EDITS: dict[str, tuple[str, str, str, tuple[str, int, str]]] = {
    # 2. Nothing private reaches a log.
    "a duplicate key in a private block": (
        TST,
        "  interviewer:",
        f"  {SECRET}: 1\n  {SECRET}: 2\n  interviewer:",
        (TST, 24, "duplicate-key"),
    ),
    "an unknown tag in a private block": (
        TST,
        "  interviewer: CANARY",
        f"  interviewer: !{SECRET} CANARY",
        (TST, 23, "yaml-syntax"),
    ),
    "a value that is no number in a private block": (
        TST,
        "  interviewer: CANARY",
        f"  interviewer: !!int {SECRET}",
        (TST, 23, "yaml-syntax"),
    ),
    "a private block that is text": (SRC2, OBTAINED, f"private: {SECRET}", (SRC2, 9, "wrong-type")),
    "a duplicate key in a witness's private block": (
        TST,
        "    contact: CANARY",
        f"    {SECRET}: x\n    {SECRET}: y\n    contact: CANARY",
        (TST, 9, "duplicate-key"),
    ),
    "a witness code that is a name": (TST, "code: W-0001", "code: Kim Young-hee", (TST, 4, "anonymous-witness-named")),
    # 6. No input crashes the tool.
    "a camp number of 4,000 digits": (
        "sources/camps/camp-alpha.yaml",
        "number: 7",
        "number: " + "7" * 4000,
        ("sources/camps/camp-alpha.yaml", 5, "wrong-type"),
    ),
    "a formula of a thousand terms": (
        FIG4,
        FORMULA,
        "formula: " + " + ".join(["per_year * years"] * 1000),
        (FIG4, 8, "cannot-derive"),
    ),
    "a formula of deep brackets": (
        FIG4,
        FORMULA,
        "formula: " + "(" * 150 + "per_year * years" + ")" * 150,
        (FIG4, 8, "cannot-derive"),
    ),
    "a derived figure that overflows": (
        FIG4,
        FORMULA,
        "formula: " + " * ".join(["per_year"] * 30) + " * years",
        (FIG4, 8, "cannot-derive"),
    ),
    # 9. References make sense.
    "a source that relays itself": (SRC2, "relays: [src-0001]", "relays: [src-0002]", (SRC2, 8, "reference-cycle")),
    "a route leg from a place to itself": (
        "sources/routes/route-0001.yaml",
        "    to: place-land",
        "    to: org-test-ngo",
        ("sources/routes/route-0001.yaml", 12, "reference-cycle"),
    ),
}
for _name, (_rel, _old, _new, _expected) in EDITS.items():

    @case(_name, _expected)
    def _(root: Path, rel: str = _rel, old: str = _old, new: str = _new) -> None:
        edit(root, rel, old, new)


# Cases where what is expected is worked out rather than listed: marked with the code "x".
LOOSE = {"a kind's folder linked outside", "a file name too long for the file system"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_archive_is_refused_at_its_line(root: Path, name: str) -> None:
    make, expected = CASES[name]
    make(root)
    code, text, report = validate(root)
    assert code == 1, text
    assert report["valid"] is False
    assert_clean_lines(text)
    found = problems_of(report)
    if name in LOOSE:
        expected = {e for e in expected if e[2] != "x"}
        if name == "a file name too long for the file system":
            expected = {(p, 1, "invalid-id") for p, _line, c in found if c == "invalid-id"}
            assert expected, found
    missing = {e for e in expected if e not in found and (e[0], 0, e[2]) not in {(p, 0, c) for p, _l, c in found}}
    if any(line == 0 for _p, line, _c in expected):  # the line is that of the text inside a body
        missing = {e for e in missing if not any(p == e[0] and c == e[2] for p, _l, c in found)}
    assert not missing, f"expected {missing}, got {sorted(found)}"


def test_a_forged_file_name_shows_as_escapes_in_the_log(root: Path) -> None:
    write(root, "sources/figures/fig-1\n::error file=README.md::forged.yaml", figure())
    code, text, report = validate(root)
    assert code == 1
    assert not any(line.startswith("::") for line in text.splitlines())
    assert "fig-1\\n::error" in text
    # the JSON keeps the real name, escaped as JSON does: a tool reading it finds the file
    paths = {p["path"] for p in report["problems"]}  # type: ignore[union-attr]
    assert "sources/figures/fig-1\n::error file=README.md::forged.yaml" in paths


def test_json_output_escapes_hidden_characters_yet_keeps_the_path(root: Path) -> None:
    write(root, "sources/figures/fig-\u202e9900.yaml", figure())
    runner = CliRunner()
    out = runner.invoke(main, ["--root", str(root), "validate", "--no-cache", "--json"]).stdout
    assert "\u202e" not in out and "\\u202e" in out
    assert any("\u202e" in p["path"] for p in json.loads(out)["problems"])


def test_a_long_value_is_quoted_in_part(root: Path) -> None:
    new_figure(root, figure().replace("source: src-0001", "source: src-" + "9" * 3000))
    _code, _text, report = validate(root)
    (message,) = [p["message"] for p in report["problems"] if p["code"] == "unknown-reference"]  # type: ignore[union-attr]
    assert len(message) < 200 and "3,004 characters" in message, message


def test_secrets_outside_the_archive_stay_out_of_the_build(root: Path) -> None:
    """A linked record is not read by the build either: nothing of it on any page or in any file."""
    os.symlink(root.parent / "outside.yaml", root / "sources/figures/fig-0099.yaml")
    register(root, "/figures/fig-0099/")
    result = build(root)
    assert not result.report.valid
    assert {(p.origin.path, p.code) for p in result.report.errors} >= {("sources/figures/fig-0099.yaml", "linked-file")}
    assert all(SECRET not in p.markdown for p in result.pages)
    assert all(SECRET not in text for text in result.files.values())


# ---- validate given a path, and new ------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    ["/etc/hostname", "../outside.yaml", "permalinks.txt", "sources/figures/notes.txt", "sources/README.md"],
)
def test_validate_given_a_path_that_is_no_record_says_so(root: Path, given: str) -> None:
    write(root, "sources/figures/notes.txt", "notes\n")
    write(root, "sources/README.md", "# Records\n")
    runner = CliRunner()
    result = runner.invoke(
        main, ["--root", str(root), "validate", str(root / given) if given != "/etc/hostname" else given]
    )
    assert result.exit_code == 2, result.output
    assert "no problems" not in result.output
    assert "not" in result.output


def test_validate_does_not_follow_a_link_it_is_given(root: Path) -> None:
    os.symlink(root.parent / "outside.yaml", root / "sources/figures/fig-0099.yaml")
    result = CliRunner().invoke(main, ["--root", str(root), "validate", str(root / "sources/figures/fig-0099.yaml")])
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert SECRET not in result.output


@pytest.mark.parametrize("rid", ["index", "page", "con", "aux", "com3", "lpt1", "x" * 65, "Fig-1", "a\n::error::x"])
def test_new_refuses_an_id_the_site_or_a_system_keeps(root: Path, rid: str) -> None:
    result = CliRunner().invoke(main, ["--root", str(root), "new", "figure", "--id", rid])
    assert result.exit_code == 2, result.output
    assert not (root / "sources/figures" / f"{rid}.yaml").exists()
    assert all(not line.startswith("::") for line in result.output.splitlines())


def test_new_writes_nothing_through_a_linked_folder(root: Path) -> None:
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(root / "sources/events")
    os.symlink(elsewhere, root / "sources/events")
    result = CliRunner().invoke(main, ["--root", str(root), "new", "event"])
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []


def test_new_writes_nothing_through_a_linked_registry(root: Path) -> None:
    target = root.parent / "outside.yaml"
    before = target.read_text(encoding="utf-8")
    (root / "permalinks.txt").unlink()
    os.symlink(target, root / "permalinks.txt")
    result = CliRunner().invoke(main, ["--root", str(root), "new", "figure"])
    assert result.exit_code == 2, result.output
    assert target.read_text(encoding="utf-8") == before


# ---- what validate accepts, the build builds; text is kept in NFC -------------------------------


# Values at the edges of what validate accepts: (period, value, unit, measure) of one figure each
EDGES = [
    ('"0000"', "  exact: 0", "people", "inmate-population"),
    ('"9999"', f"  exact: {MAX_NUMBER}", "people", "inmate-population"),
    ('"../2020"', f"  at_least: {MAX_NUMBER}", "people", "deaths"),
    ('"2020/.."', "  at_most: 0", "people", "deaths"),
    ('"2020/"', "  about: 1e-300", "usd", "revenue"),
    ('"201X"', "  exact: 999999999999999.9", "usd", "revenue"),
    ('"20XX"', "  between: [5, 5]", "hours", "daily-working-hours"),
    ('"2020-21"', "  between: [0, 100]", "percent", "annual-mortality-rate"),
    ('"2020?/2021%"', "  about: 100", "percent", "share-of-production"),
    ('"Y170000002"', "  exact: 1", "teams", "number-of-work-teams"),
    ('"[2019,2020]"', "  exact: 2", "companies", "number-of-companies"),
    ('"2020-02-29"', "  exact: 0.5", "days", "duration"),
    ('"0000/9999"', f"  between: [0, {MAX_NUMBER}]", "wigs", "production-volume"),
]


def test_what_validate_accepts_at_its_edges_the_build_builds(root: Path) -> None:
    """Dates and numbers at the edges of what validate accepts, a location at the edge of the
    world and a URL in Korean script, in one archive: validate passes and the build builds."""
    for n, (period, value, unit, measure) in enumerate(EDGES):
        text = figure(f"{value}\n", period).replace("unit: percent", f"unit: {unit}")
        new_figure(root, text.replace("annual-mortality-rate", measure), f"fig-{9000 + n}")
    edit(
        root,
        "sources/camps/camp-beta.yaml",
        "  precision: area\n  near: place-town",
        "  precision: exact\n  lat: -89.99\n  lon: 179.99",
    )
    edit(
        root,
        "sources/sources/src-0001.yaml",
        "url: https://example.org/report_1?a=b&c=d",
        "url: https://한국.kr/보고서",
    )
    code, text, _report = validate(root)
    assert code == 0, text
    result = build(root)
    assert result.report.valid
    assert {f"figures/fig-{9000 + n}/index.md" for n in range(len(EDGES))} <= {p.path for p in result.pages}


def test_text_is_published_in_nfc(root: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "알파 교화소")
    assert decomposed != "알파 교화소"
    edit(root, "sources/camps/camp-alpha.yaml", "name_ko: 알파 교화소", f"name_ko: {decomposed}")
    result = build(root)
    assert result.report.valid
    camp = json.loads(next(text for path, text in result.files.items() if path.endswith("camp-alpha.json")))
    assert camp["record"]["name_ko"] == "알파 교화소"
    assert all(decomposed not in p.markdown for p in result.pages)


# ---- 3. the History section shows no commit message that could identify a witness ---------------


def test_a_commit_message_that_names_someone_is_not_shown(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    git = ["git", "-c", "commit.gpgsign=false", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "Add the test archive\n\nWhy: The first records"], check=True, env=env)
    edit(root, "sources/testimonies/tst-0002.yaml", "title: One guard's account", "title: One former guard's account")
    message = "Testimony of Kim Young-hee\n\nWhy: Kim Young-hee, tel 010-1234-5678, corrected it"
    subprocess.run([*git, "commit", "-q", "-am", message], check=True, env=env)
    edit(root, "sources/testimonies/tst-0002.yaml", 'period: "2019~"', 'period: "2018~"')
    subprocess.run([*git, "commit", "-q", "-am", "Period (no reason for readers)"], check=True, env=env)
    result = build(root, read_info(root, "Test", "http://127.0.0.1:8000/"))
    page = next(p.markdown for p in result.pages if p.path == "testimonies/tst-0002/index.md")
    korean = next(p.markdown for p in result.pages if p.path == "ko/testimonies/tst-0002/index.md")
    assert "The first records" in page  # a reason that passes the checks is shown, marked English in Korean
    assert '<span lang="en">The first records</span>' in korean
    for text in (page, korean):
        assert "Kim Young-hee" not in text and "010-1234-5678" not in text
    # said once: for the commit whose reason was left out, not for the one that gave none
    assert page.count("Why: not shown: the description may hold a detail that could identify a witness.") == 1
    assert korean.count("표시하지 않음") == 1
    assert all("Kim Young-hee" not in p.markdown for p in result.pages)
    assert all("Kim Young-hee" not in text for text in result.files.values())


# ---- properties of the readers and checks --------------------------------------------------------

ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list("0123456789-/~?%.X:@\\\n\r\u202e\u200b"))), max_size=80
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(ANY_TEXT)
def test_any_date_is_refused_or_placed_never_a_crash(text: str) -> None:
    found = date_problem(text)
    assert found is None or found[0] in ("invalid-date", "range-order")


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z"))
def test_an_interval_is_refused_exactly_when_it_runs_backwards_or_names_no_day(text: str) -> None:
    from datetime import date

    def days(part: str) -> tuple[date, date] | None:
        bits = [int(b) for b in part.split("-")]
        try:
            if len(bits) == 3:
                return date(*bits), date(*bits)  # type: ignore[arg-type]
            if len(bits) == 2:
                first = date(bits[0], bits[1], 1)
                nxt = date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1) if bits[0] < 9999 or bits[1] < 12 else None
                return first, (nxt.fromordinal(nxt.toordinal() - 1) if nxt else date(9999, 12, 31))
            if bits[0] == 0:
                return None
            return date(bits[0], 1, 1), date(bits[0], 12, 31)
        except ValueError:
            return None

    start, end = text.split("/")
    a, b = days(start), days(end)
    found = date_problem(text)
    if a is None or b is None:
        return  # a month 13 or a day 31 of April: refused, or a year 0 Python cannot place
    assert (found is not None and found[0] == "range-order") == (a[0] > b[1]), (text, found)


URL_TEXT = st.one_of(
    ANY_TEXT,
    st.builds(lambda a, b: f"https://{a}/{b}", ANY_TEXT, ANY_TEXT),
    st.builds(lambda a, b: f"http://{a}@{b}", ANY_TEXT, ANY_TEXT),
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(URL_TEXT)
def test_any_url_is_refused_or_leads_where_it_reads(text: str) -> None:
    found = url_problem(text)
    if found is None:
        from urllib.parse import urlsplit

        parts = urlsplit(text)
        assert parts.scheme in ("http", "https") and parts.hostname
        assert "@" not in parts.netloc and "\\" not in text and not re.search(r"\s", text)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(ANY_TEXT, ANY_TEXT)
def test_any_problem_prints_as_one_clean_line(path: str, message: str) -> None:
    line = Problem(Origin(path, 3, 1), "invalid-value", message).format()
    assert "\n" not in line and "\r" not in line and not HIDDEN.search(line)
    assert len(line) <= len(printable(path)) + MESSAGE_CHARS * 7 + 60


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.one_of(ANY_TEXT, st.text(min_size=100, max_size=5000), st.integers(), st.floats()))
def test_a_quote_is_bounded(value: object) -> None:
    assert len(quote(value)) <= 90


NODES = st.sampled_from("abcdef")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(NODES, NODES), max_size=12))
def test_a_loop_is_found_exactly_when_the_legs_have_one(edges: list[tuple[str, str]]) -> None:
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        if a != b:
            graph.setdefault(a, set()).add(b)

    def reaches(a: str, b: str) -> bool:
        seen, todo = set(), [a]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt == b:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    has_loop = any(reaches(a, a) for a in graph)
    closing = closing_edges(edges)
    assert bool(closing) == has_loop
    for n in closing:  # each edge named closes a loop: its end leads back to its start
        a, b = edges[n]
        assert a == b or reaches(b, a)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.dictionaries(NODES, NODES, max_size=6))
def test_the_loops_of_a_chain_are_its_members_that_lead_back_to_themselves(successor: dict[str, str]) -> None:
    def on_loop(node: str) -> bool:
        seen, at = set(), successor.get(node)
        while at is not None and at not in seen:
            if at == node:
                return True
            seen.add(at)
            at = successor.get(at)
        return False

    members = [m for loop in loops_of(successor) for m in loop]
    assert sorted(members) == sorted(n for n in successor if on_loop(n))
    assert len(members) == len(set(members))


# ---- the build: links in docs/, a fault while rendering ------------------------------------------

REPO = HERE.parent


def site_archive(root: Path) -> Path:
    """``root`` made buildable by MkDocs: the repository's configuration and hand-written pages."""
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs")
    return root


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site"), *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow  # a whole MkDocs build
def test_a_link_in_docs_is_refused_and_never_published(root: Path) -> None:
    site_archive(root)
    os.symlink(root.parent / "outside.yaml", root / "docs" / "leak.md")
    (root.parent / "pages").mkdir()
    (root.parent / "pages" / "more.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    os.symlink(root.parent / "pages", root / "docs" / "more")
    strict = mkdocs_build(root, "--strict")
    assert strict.returncode != 0
    assert "docs/leak.md:1:1: error:" in strict.stderr and "[linked-file]" in strict.stderr
    assert "docs/more:1:1: error:" in strict.stderr
    assert SECRET not in strict.stderr + strict.stdout
    # the preview (not strict) shows the problem and publishes neither file
    result = build(root, docs=root / "docs")
    assert {p.origin.path for p in result.report.problems if p.code == "linked-file"} == {"docs/leak.md", "docs/more"}
    assert result.through_link(str(root / "docs" / "leak.md")) and result.through_link(str(root / "docs/more/more.md"))
    assert not result.through_link(str(root / "docs" / "about.md"))


def test_a_fault_while_rendering_is_a_problem_beside_the_records_own(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record with an error and a fault of the tool's while rendering: both are reported, the
    first is not hidden by the second, and nothing is half made."""
    import build_tools.compile.build as pipeline

    def broken(*_args: object, **_kwargs: object) -> object:
        raise KeyError("a fault of the tool's")

    monkeypatch.setattr(pipeline, "page_jobs", broken)
    edit(root, "sources/figures/fig-0001.yaml", "source: src-0001", "source: src-0404")
    result = build(root)
    codes = {(p.origin.path, p.code) for p in result.report.errors}
    assert ("sources/figures/fig-0001.yaml", "unknown-reference") in codes
    assert ("sources", "render-failed") in codes
    assert result.pages == [] and result.files == {}
    (failed,) = [p for p in result.report.errors if p.code == "render-failed"]
    assert "KeyError" in failed.message and "a fault of the tool" in failed.message


def test_a_testimony_full_of_details_is_told_of_them_in_ten_lines(root: Path) -> None:
    """8. A record can hold thousands of identifying-looking details: the log shows ten, the last of
    which counts the rest, as for other problems found by the dozen."""
    path = root / "sources/testimonies/tst-0001.md"
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"\nWrite to w{i}@example.org." for i in range(3000)))
    code, text, report = validate(root)
    assert code == 1
    found = [p for p in report["problems"] if p["code"] == "identifying-detail"]  # type: ignore[union-attr]
    assert len(found) == 10 and found[-1]["message"].endswith("(and 2990 more)")  # type: ignore[index]
    assert_clean_lines(text)


@pytest.mark.parametrize("linked", [None, ".cache", ".cache/.gitignore", ".cache/validate.pickle"])
def test_validate_writes_nothing_through_a_committed_link_in_its_cache(root: Path, linked: str | None) -> None:
    """A pull request can commit .cache/ (or a file in it) as a link to a folder or file outside the
    archive: validate then keeps no cache rather than write there (without a link, it keeps one)."""
    outside = root.parent / "elsewhere"
    outside.mkdir()
    if linked == ".cache":
        os.symlink(outside, root / ".cache")
    elif linked is not None:
        (root / ".cache").mkdir()
        os.symlink(outside / "target", root / linked)
    asked = Ahead(ahead_from=1)  # as validate reads a large archive: with a cache
    _entries, report = audit(root, ahead=asked)
    asked.finish()
    assert report.valid
    assert list(outside.iterdir()) == []
    assert (root / ".cache" / "validate.pickle").is_file() == (linked is None)


@pytest.mark.slow  # a whole MkDocs build
def test_a_site_folder_committed_as_a_link_is_not_emptied(root: Path) -> None:
    """MkDocs empties the site folder before writing it: a pull request that commits ``site`` as a
    link to another folder would have the build empty that folder. The build refuses first."""
    site_archive(root)
    precious = root.parent / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep me\n", encoding="utf-8")
    os.symlink(precious, root / "site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode != 0
    assert "site:1:1: error:" in done.stderr and "[linked-file]" in done.stderr
    assert (precious / "keep.txt").read_text(encoding="utf-8") == "keep me\n"
