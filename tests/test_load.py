"""Loading: YAML 1.2 scalars, the key-path -> line map, encodings, and hostile input.

The loader must turn every bad file into problems (with a line a contributor can jump to), never
into an exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.compile.build import check
from build_tools.reading.load import (
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_REPORTED,
    RawRecord,
    load_file,
    load_records,
    place_of,
    record_files,
)
from build_tools.reading.yamlread import MAX_DEPTH, parse_yaml

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "archive"

SRC = (
    'type: ngo-report\ntitle: A test report\npublisher: unknown\ndate: "2021"\nlanguage: en\nreliability: unassessed\n'
)


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def problems_of(root: Path) -> list[tuple[str, int, str]]:
    _index, report = check(root)
    return [(p.origin.path, p.origin.line, p.code) for p in report.sorted()]


# ---- YAML 1.2 core schema ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # YAML 1.1 booleans are plain text in YAML 1.2
        ("no", "no"),
        ("No", "No"),
        ("yes", "yes"),
        ("Yes", "Yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("n", "n"),
        # dates are text: records keep EDTF strings as written
        ("2020-08-01", "2020-08-01"),
        ("2020-08-01 10:00:00", "2020-08-01 10:00:00"),
        # no octal, hex, sexagesimal, underscores or special floats
        ("012", 12),
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("1:20", "1:20"),
        ("190:20:30", "190:20:30"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        (".NaN", ".NaN"),
        # what YAML 1.2 does resolve
        ("12", 12),
        ("-3", -3),
        ("+7", 7),
        ("2.5", 2.5),
        ("-.5", -0.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ('"12"', "12"),
        ("'no'", "no"),
    ],
)
def test_yaml_12_scalars(text: str, value: object) -> None:
    parsed = parse_yaml(f"key: {text}\n")
    assert parsed.issues == []
    got = parsed.data["key"]
    assert got == value and type(got) is type(value), (text, got)


def test_keys_are_always_text() -> None:
    parsed = parse_yaml("1: a\ntrue: b\nnull: c\n2020-01-01: d\n")
    assert parsed.issues == []
    assert parsed.data == {"1": "a", "true": "b", "null": "c", "2020-01-01": "d"}


def test_norwegian_is_a_language_not_false(tmp_path: Path) -> None:
    """The 'Norway problem': ``language: no`` is the language code, and validates."""
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("language: en", "language: no"))
    assert problems_of(tmp_path) == []
    (raw,) = load_records(tmp_path).records
    assert raw.data["language"] == "no"


def test_unquoted_dates_load_as_text(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace('date: "2021"', "date: 2020-08-01"))
    (raw,) = load_records(tmp_path).records
    assert raw.data["date"] == "2020-08-01"
    assert problems_of(tmp_path) == []


def test_explicit_str_tag_is_allowed() -> None:
    parsed = parse_yaml("a: !!str 2020\n")
    assert parsed.issues == [] and parsed.data == {"a": "2020"}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system echo pwned\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!timestamp 2020-01-01\n",
        "a: !custom thing\n",
    ],
)
def test_scalar_tags_are_refused_not_applied(text: str) -> None:
    parsed = parse_yaml(text)
    assert [(i.code, i.line) for i in parsed.issues] == [("yaml-syntax", 1)]
    assert not isinstance((parsed.data or {}).get("a"), (bytes, int))


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [echo pwned]\n",
        "a: !!set {x, y}\n",
        "a: !custom {x: 1}\n",
    ],
)
def test_tags_on_lists_and_maps_are_refused_too(text: str) -> None:
    """The same tag that is refused on a scalar must not be silently dropped on a collection."""
    parsed = parse_yaml(text)
    assert [(i.code, i.line) for i in parsed.issues] == [("yaml-syntax", 1)]


@pytest.mark.parametrize("text", ["a: !!int abc\n", "a: !!float x\n", "a: !!int 0x1F\n"])
def test_explicit_number_tag_on_text_is_a_problem_not_a_crash(text: str) -> None:
    parsed = parse_yaml(text)  # must not raise
    assert [(i.code, i.line) for i in parsed.issues] == [("yaml-syntax", 1)]


def test_explicit_number_tag_on_text_does_not_crash_the_cli_pipeline(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("title: A test report", "title: !!int abc"))
    assert problems_of(tmp_path) == [("sources/sources/src-0001.yaml", 2, "yaml-syntax")]


@pytest.mark.parametrize(("text", "wrong"), [("a: !!bool yes\n", False), ("a: !!null something\n", None)])
def test_explicit_tags_do_not_silently_change_a_value(text: str, wrong: object) -> None:
    """``!!bool yes`` must not quietly become false, nor ``!!null something`` disappear."""
    parsed = parse_yaml(text)
    assert parsed.issues or parsed.data["a"] is not wrong, parsed.data


def test_complex_keys_are_refused() -> None:
    parsed = parse_yaml("ok: 1\n? [a, b]\n: c\n{x: 1}: d\n")
    assert [(i.code, i.line) for i in parsed.issues] == [("yaml-syntax", 2), ("yaml-syntax", 4)]
    assert parsed.data == {"ok": 1}


def test_a_second_document_is_a_syntax_error() -> None:
    parsed = parse_yaml("a: 1\n---\nb: 2\n")
    assert [(i.code, i.line) for i in parsed.issues] == [("yaml-syntax", 2)]


def test_merge_keys_are_refused() -> None:
    parsed = parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert [(i.code, i.line) for i in parsed.issues] == [("yaml-alias", 1)]
    assert parsed.data is None


# ---- the key-path -> line map -----------------------------------------------------------------

NESTED = """\
title: A title
authors:
  - First Author
  - Second Author
value:
  between: [10, 20]
legs:
  - from: a
    to: b
    cites:
      - {source: s, locator: p. 1}
      - source: t
        locator: p. 2
  -
    from: c
summary: |
  Line one.
empty:
nested: {a: {b: [x, {c: d}]}}
"""

NESTED_LINES = {
    (): (1, 1),
    ("title",): (1, 1),
    ("authors",): (2, 1),
    ("authors", 0): (3, 5),
    ("authors", 1): (4, 5),
    ("value",): (5, 1),
    ("value", "between"): (6, 3),
    ("value", "between", 0): (6, 13),
    ("value", "between", 1): (6, 17),
    ("legs",): (7, 1),
    ("legs", 0): (8, 5),
    ("legs", 0, "from"): (8, 5),
    ("legs", 0, "to"): (9, 5),
    ("legs", 0, "cites"): (10, 5),
    ("legs", 0, "cites", 0): (11, 9),
    ("legs", 0, "cites", 0, "source"): (11, 10),
    ("legs", 0, "cites", 0, "locator"): (11, 21),
    ("legs", 0, "cites", 1): (12, 9),
    ("legs", 0, "cites", 1, "source"): (12, 9),
    ("legs", 0, "cites", 1, "locator"): (13, 9),
    ("legs", 1): (15, 5),
    ("legs", 1, "from"): (15, 5),
    ("summary",): (16, 1),
    ("empty",): (18, 1),
    ("nested",): (19, 1),
    ("nested", "a"): (19, 10),
    ("nested", "a", "b"): (19, 14),
    ("nested", "a", "b", 0): (19, 18),
    ("nested", "a", "b", 1): (19, 21),
    ("nested", "a", "b", 1, "c"): (19, 22),
}


def test_key_path_line_map_for_nested_lists_and_maps() -> None:
    parsed = parse_yaml(NESTED)
    assert parsed.issues == []
    assert parsed.data["legs"][0]["cites"][1] == {"source": "t", "locator": "p. 2"}
    assert parsed.data["empty"] is None
    assert parsed.lines == NESTED_LINES


def test_line_offset_shifts_lines_only() -> None:
    parsed = parse_yaml(NESTED, line_offset=5)
    assert parsed.lines == {k: (line + 5, col) for k, (line, col) in NESTED_LINES.items()}


def test_a_key_keeps_its_own_line_when_the_value_starts_below() -> None:
    parsed = parse_yaml("a:\n\n  b:\n    - 1\n")
    assert parsed.lines[("a",)] == (1, 1)
    assert parsed.lines[("a", "b")] == (3, 3)
    assert parsed.lines[("a", "b", 0)] == (4, 7)


def test_origin_walks_up_to_the_nearest_known_key() -> None:
    rec = RawRecord("route", "route-0001", "sources/routes/route-0001.yaml", {}, dict(NESTED_LINES))
    assert (
        rec.origin(("legs", 0, "cites", 1, "locator")).line,
        rec.origin(("legs", 0, "cites", 1, "locator")).column,
    ) == (13, 9)
    assert rec.origin(("legs", 0, "mechanism")).line == 8  # missing: the leg that lacks it
    assert rec.origin(("nope", 3)).line == 1
    assert RawRecord("place", "p", "x.yaml", {}).origin().line == 1


def test_md_front_matter_lines_count_from_the_top_of_the_file() -> None:
    """In tst-0001.md the opening '---' is line 1, so 'title' is on line 2."""
    path = FIXTURE / "sources" / "testimonies" / "tst-0001.md"
    rec, problems = load_file(FIXTURE, path)
    assert problems == [] and rec is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("title:")
    assert rec.lines[("title",)] == (2, 1)
    assert rec.lines[("cites", 0, "locator")] == (12, 5)
    assert rec.body is not None and rec.body.startswith("A longer account")


def test_md_body_is_kept_apart_from_the_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path, "sources/sources/src-0001.md", "---\n" + SRC + "---\n\nFirst paragraph.\n\n---\n\nAfter a rule.\n"
    )
    rec, problems = load_file(tmp_path, path)
    assert problems == [] and rec is not None
    assert rec.data["title"] == "A test report"
    assert rec.body is not None and "First paragraph." in rec.body and "After a rule." in rec.body


# ---- encodings and line endings ---------------------------------------------------------------


def test_utf8_bom_is_ignored(tmp_path: Path) -> None:
    plain = write(tmp_path, "sources/sources/src-0001.yaml", SRC)
    bom = write(tmp_path, "sources/sources/src-0002.yaml", b"\xef\xbb\xbf" + SRC.encode())
    a, pa = load_file(tmp_path, plain)
    b, pb = load_file(tmp_path, bom)
    assert pa == [] and pb == [] and a is not None and b is not None
    assert b.data == a.data
    assert b.lines == a.lines
    assert next(iter(b.data)) == "type"  # not '\ufefftype'


def test_utf8_bom_before_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "sources/sources/src-0001.md", b"\xef\xbb\xbf---\n" + SRC.encode() + b"---\nBody.\n")
    rec, problems = load_file(tmp_path, path)
    assert problems == [] and rec is not None
    assert rec.data["type"] == "ngo-report"


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.encode("utf-16"))
    assert problems_of(tmp_path) == [("sources/sources/src-0001.yaml", 1, "not-utf8")]


def test_crlf_line_endings_give_the_same_lines(tmp_path: Path) -> None:
    lf = write(tmp_path, "sources/sources/src-0001.yaml", SRC)
    crlf = write(tmp_path, "sources/sources/src-0002.yaml", SRC.replace("\n", "\r\n"))
    a, _ = load_file(tmp_path, lf)
    b, pb = load_file(tmp_path, crlf)
    assert pb == [] and a is not None and b is not None
    assert (b.data, b.lines) == (a.data, a.lines)


def test_crlf_front_matter(tmp_path: Path) -> None:
    text = "---\n" + SRC.replace("reliability: unassessed", "reliability: sure") + "---\nBody.\n"
    write(tmp_path, "sources/sources/src-0001.md", text.replace("\n", "\r\n"))
    # 'reliability' is the 6th field, on line 7 of the file
    assert problems_of(tmp_path) == [("sources/sources/src-0001.md", 7, "invalid-value")]


# ---- hostile input: problems, never exceptions ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000,
        "key: " + "[" * 10_000 + "]" * 10_000,
        "key: " + "{a: " * 5_000 + "1" + "}" * 5_000,
        "".join("  " * i + "a:\n" for i in range(3_000)),
        "".join("  " * i + "-\n" for i in range(3_000)),
        "notes: " + "[" * 400 + "]" * 400,
    ],
    ids=["brackets", "nested-flow-lists", "nested-flow-maps", "nested-block-maps", "nested-block-lists", "just-deep"],
)
def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path, text: str) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", text)
    got = problems_of(tmp_path)  # must not raise
    assert got, "deeply nested input must not pass as a valid record"
    assert all(path == "sources/sources/src-0001.yaml" for path, _, _ in got)


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x80", "\ufffe"])
def test_control_characters_are_a_problem_not_a_crash(tmp_path: Path, char: str) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("publisher: unknown", f"publisher: unk{char}nown"))
    got = problems_of(tmp_path)
    assert [code for _, _, code in got] == ["yaml-syntax"]


def test_control_character_problem_names_its_line_on_one_line(tmp_path: Path) -> None:
    """A NUL on line 3 is reported at line 3, in a message that fits the one-line output format."""
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("publisher: unknown", "publisher: unk\x00nown"))
    _index, report = check(tmp_path)
    (p,) = report.sorted()
    assert "\n" not in p.message, repr(p.message)
    assert p.origin.line == 3, p.format()


def test_control_character_message_names_the_character(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("publisher: unknown", "publisher: unk\x07nown"))
    _index, report = check(tmp_path)
    (p,) = report.sorted()
    assert (p.origin.line, p.origin.column, p.code) == (3, 15, "yaml-syntax")
    assert "U+0007 BELL" in p.message and "delete it" in p.message


def test_a_long_line_loads_up_to_the_limit(tmp_path: Path) -> None:
    title = ("word " * MAX_LINE_CHARS)[: MAX_LINE_CHARS - len("title: ")]
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("title: A test report", f"title: {title}"))
    assert problems_of(tmp_path) == []
    (raw,) = load_records(tmp_path).records
    assert raw.data["title"] == title.strip()


def test_a_line_over_the_limit_is_a_problem_at_its_line(tmp_path: Path) -> None:
    """The rest of the file is still checked, so a contributor sees every problem in one pass."""
    title = "word " * 2_000
    text = SRC.replace("title: A test report", f"title: {title}").replace("reliability: unassessed", "reliability: ok")
    write(tmp_path, "sources/sources/src-0001.yaml", text)
    assert problems_of(tmp_path) == [
        ("sources/sources/src-0001.yaml", 2, "line-too-long"),
        ("sources/sources/src-0001.yaml", 6, "invalid-value"),
    ]
    _index, report = check(tmp_path)
    message = report.sorted()[0].message
    assert "10,007 characters" in message and f"{MAX_LINE_CHARS:,}" in message


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('title: "' + "a" * 200_000, "yaml-syntax"),  # a quote never closed
        ("a" * 200_000 + ": value", "yaml-syntax"),  # a key longer than YAML allows
        ("a" * 200_000, "not-a-mapping"),
        ("- " * 100_000, "too-deeply-nested"),
    ],
    ids=["unclosed-quote", "long-key", "long-scalar", "many-dashes"],
)
def test_a_long_bad_line_is_two_problems(tmp_path: Path, line: str, code: str) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", line + "\n")
    assert sorted(c for _, _, c in problems_of(tmp_path)) == sorted(["line-too-long", code])


def test_many_long_lines_are_counted_not_listed(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC + ("notes: " + "x" * MAX_LINE_CHARS + "\n") * 30)
    long = [p for p in check(tmp_path)[1].sorted() if p.code == "line-too-long"]
    assert len(long) == MAX_REPORTED
    assert "and 20 more" in long[-1].message


def test_a_file_that_cannot_be_read_is_reported_at_its_path(tmp_path: Path) -> None:
    """As when a file goes between the listing of its folder and its reading, or may not be read."""
    rec, problems = load_file(tmp_path, tmp_path / "sources" / "figures" / "fig-0001.yaml")
    assert rec is None
    assert [(str(p.origin), p.code) for p in problems] == [("sources/figures/fig-0001.yaml:1:1", "unreadable-file")]
    assert "could not be read (No such file or directory" in problems[0].message


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "sources/sources/src-0001.yaml", SRC + "# padding\n" * (MAX_FILE_BYTES // 10))
    assert path.stat().st_size > MAX_FILE_BYTES

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read although it is too large")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    rec, problems = load_file(tmp_path, path)
    assert rec is None
    assert [(p.origin.line, p.code) for p in problems] == [(1, "file-too-large")]
    assert f"{path.stat().st_size:,} bytes" in problems[0].message


def test_a_file_at_the_size_limit_loads(tmp_path: Path) -> None:
    text = SRC + "summary: |\n"
    line = "  " + "x" * 77 + "\n"
    text += line * ((MAX_FILE_BYTES - len(text)) // len(line))
    text += "  " + "x" * (MAX_FILE_BYTES - len(text) - 3) + "\n"
    path = write(tmp_path, "sources/sources/src-0001.yaml", text)
    assert path.stat().st_size == MAX_FILE_BYTES
    rec, problems = load_file(tmp_path, path)
    assert problems == [] and rec is not None


def test_odd_files_and_folders_do_not_crash(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC)
    write(tmp_path, "sources/figures/fig-0001.yaml/inside.yaml", SRC)  # a folder named like a record
    write(tmp_path, "sources/figures/.hidden.yaml", "not: [valid")  # hidden files are skipped
    write(tmp_path, "sources/.git/config", "x")  # so are hidden folders
    write(tmp_path, "sources/README.md", "About these records.\n")  # the folder's README is not a record
    write(tmp_path, "sources/places/.gitkeep", "")
    assert problems_of(tmp_path) == [("sources/figures/fig-0001.yaml/inside.yaml", 1, "wrong-folder")]
    names = [p.relative_to(tmp_path).as_posix() for p in record_files(tmp_path)]
    assert "sources/figures/.hidden.yaml" not in names and "sources/.git/config" not in names


def test_no_sources_folder_means_no_records(tmp_path: Path) -> None:
    loaded = load_records(tmp_path)
    assert (loaded.records, loaded.problems, loaded.files) == ([], [], 0)


@pytest.mark.parametrize(
    ("rel", "kind", "rid"),
    [
        ("sources/figures/fig-0001.yaml", "figure", "fig-0001"),
        ("sources/testimonies/tst-0001.md", "testimony", "tst-0001"),
        ("sources/sources/src-0001.yaml", "source", "src-0001"),
        ("sources/figures/fig.v2.yaml", "figure", "fig.v2"),  # loads; the ID check then refuses it
    ],
)
def test_place_of_accepts_record_places(rel: str, kind: str, rid: str) -> None:
    assert place_of(rel) == (kind, rid, None)


@pytest.mark.parametrize(
    "rel",
    [
        "sources/figure/fig-0001.yaml",
        "sources/fig-0001.yaml",
        "sources/figures/fig-0001.yml",
        "sources/figures/fig-0001.json",
        "sources/figures/fig-0001.YAML",
        "sources/figures/fig-0001",
        "sources/figures/sub/fig-0001.yaml",
        "elsewhere/figures/fig-0001.yaml",
    ],
)
def test_place_of_refuses_other_places(rel: str) -> None:
    kind, rid, complaint = place_of(rel)
    assert kind is None and rid is None and complaint


# ---- encodings a text editor may choose -------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_say_so(tmp_path: Path, encoding: str) -> None:
    """With or without a byte-order mark, the message names the cause, not a stray byte."""
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.encode(encoding))
    _index, report = check(tmp_path)
    (p,) = report.sorted()
    assert p.code == "not-utf8" and "save it as UTF-8" in p.message
    assert "UTF-16" in p.message, p.message


def test_a_nul_byte_is_not_text(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.md", "---\n" + SRC + "---\nA body\nwith a \x00 NUL.\n")
    _index, report = check(tmp_path)
    (p,) = report.sorted()
    assert (p.origin.line, p.origin.column, p.code) == (10, 8, "not-utf8")


# ---- invisible and direction-changing characters ----------------------------------------------

HIDDEN = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u2060",
    "\u2061",
    "\u2062",
    "\u2063",
    "\u2064",
    "\ufeff",
    "\u00ad",
    "\u034f",
    "\u3164",
    "\u2800",
    "\U000e0041",
]


@pytest.mark.parametrize("char", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_hidden_characters_are_named_at_line_and_column(tmp_path: Path, char: str) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("A test report", f"A test{char} report"))
    _index, report = check(tmp_path)
    (p,) = report.sorted()
    assert (p.origin.line, p.origin.column, p.code) == (2, 14, "invisible-character"), p.format()
    assert f"U+{ord(char):04X}" in p.message and "delete it" in p.message


def test_a_hidden_character_in_a_markdown_body_is_found_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.md", "---\n" + SRC + "---\nFirst line.\n\nThe \u202eevil\u202c part.\n")
    got = [(p.origin.line, p.origin.column, p.code) for p in check(tmp_path)[1].sorted()]
    assert got == [(11, 5, "invisible-character"), (11, 10, "invisible-character")]


def test_a_control_character_in_a_markdown_body_is_refused(tmp_path: Path) -> None:
    """YAML refuses control characters in the fields; the body is not YAML, so it is checked here."""
    write(tmp_path, "sources/sources/src-0001.md", "---\n" + SRC + "---\nA \x1b[31m red body.\n")
    (p,) = check(tmp_path)[1].sorted()
    assert (p.origin.line, p.origin.column, p.code) == (9, 3, "invisible-character")
    assert "U+001B ESCAPE" in p.message


@pytest.mark.parametrize(
    "text",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with the non-joiner it needs
        "\u0915\u094d\u200d\u0937",  # Devanagari, with a joiner
        "\U0001f469\u200d\U0001f467",  # an emoji family sequence
        "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # the flag of England
        "\ud55c\uad6d\uc5b4 \u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # RTL as is
        "\u2764\ufe0f",  # a variation selector
    ],
    ids=["persian-zwnj", "devanagari-zwj", "emoji-zwj", "emoji-flag-tags", "hangul-and-rtl", "variation-selector"],
)
def test_characters_a_script_or_emoji_needs_are_accepted(tmp_path: Path, text: str) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("A test report", text))
    assert problems_of(tmp_path) == []


@pytest.mark.parametrize("text", ["pa\u200dss", "\u200cword", "word\u200d", "a \u200c b", "\u0645\u200d1"])
def test_a_joiner_outside_a_script_that_needs_it_is_refused(tmp_path: Path, text: str) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("A test report", text))
    assert [code for _, _, code in problems_of(tmp_path)] == ["invisible-character"]


def test_a_leading_bom_is_fine_but_a_second_one_is_not(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", "\ufeff\ufeff" + SRC)
    (p,) = check(tmp_path)[1].sorted()
    assert (p.origin.line, p.origin.column, p.code) == (1, 1, "invisible-character")


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_is_refused_and_does_not_shift_later_lines(tmp_path: Path, sep: str) -> None:
    """YAML counts these as line breaks and editors do not: replaced by a space once reported, so
    a problem further down is still at the line an editor shows."""
    text = SRC.replace("A test report", f"A test{sep}report").replace("reliability: unassessed", "reliability: ok")
    write(tmp_path, "sources/sources/src-0001.yaml", text)
    assert problems_of(tmp_path) == [
        ("sources/sources/src-0001.yaml", 2, "invisible-character"),
        ("sources/sources/src-0001.yaml", 6, "invalid-value"),
    ]


def test_many_hidden_characters_are_counted_not_listed(tmp_path: Path) -> None:
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("A test report", "a\u200b" * 500))
    hidden = [p for p in check(tmp_path)[1].sorted() if p.code == "invisible-character"]
    assert len(hidden) == MAX_REPORTED and "and 490 more" in hidden[-1].message


# ---- nesting ----------------------------------------------------------------------------------


def test_nesting_up_to_the_limit_loads_and_one_more_level_is_refused_at_its_line() -> None:
    def nested(levels: int) -> str:  # a mapping (level 1) holding block lists, one opening a line
        return "a:\n" + "".join("  " * i + "-\n" for i in range(levels - 2)) + "  " * (levels - 2) + "- x\n"

    assert parse_yaml(nested(MAX_DEPTH)).issues == []
    (issue,) = parse_yaml(nested(MAX_DEPTH + 1)).issues
    assert (issue.code, issue.line) == ("too-deeply-nested", MAX_DEPTH + 1)
    assert str(MAX_DEPTH) in issue.message


@pytest.mark.parametrize("escape", ["\\u202e", "\\u200b", "\\x07", "\\x1b", "\\U000e0041", "\\u2028", "\\0"])
def test_a_hidden_character_written_as_a_yaml_escape_is_refused_too(tmp_path: Path, escape: str) -> None:
    """An escape in double quotes shows in the file as text, but becomes the character on the page."""
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace("title: A test report", f'title: "A {escape} report"'))
    (p,) = check(tmp_path)[1].sorted()
    assert (p.origin.line, p.code) == (2, "invisible-character"), p.format()
    assert "written as an escape" in p.message


def test_a_message_quoting_record_text_stays_on_one_line(tmp_path: Path) -> None:
    """A value can hold a line break (or a bidi control, as an escape); quoted in a message it is
    shown escaped, so it cannot forge a second output line in a terminal or a CI log."""
    forged = "x\\nsources/sources/src-0001.yaml: no problems\\u202e"  # YAML escapes, in quotes
    write(tmp_path, "sources/sources/src-0001.yaml", SRC.replace('date: "2021"', f'date: "{forged}"'))
    _index, report = check(tmp_path)
    assert len(report.format_text().splitlines()) == len(report.sorted()) + 1, report.format_text()
    date = next(p.message for p in report.sorted() if p.code == "invalid-date")
    assert "x\\nsources/" in date and "\\u202e" in date, date
    assert not any(c in p.message for p in report.sorted() for c in "\n\r\u202e")
