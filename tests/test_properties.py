"""Property-based tests: whatever a file holds, loading and validating it never raises, and every
problem names a registered code, a file that exists and a line inside it.

Hypothesis generates the input: random text and bytes, nesting of any depth, control and invisible
characters, valid records with random characters inserted, every field of every record kind set to
a value of a random (mostly wrong) type, and random Markdown bodies, which must also render inert.
Runs are deterministic (``derandomize``) and bounded, so the file takes seconds, never a lottery.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_hostile import injections, render_body, scheme_of

from build_tools.checks.validate import validate_records
from build_tools.reading.load import Loaded, load_file, load_records
from build_tools.records.model import KINDS, Tombstone
from build_tools.records.problems import CODES, Problem
from build_tools.records.raw import RawRecord, strip_private
from build_tools.records.walk import nested_model

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "archive"


def fast(n: int) -> Any:
    return settings(
        derandomize=True, max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
    )


# ---- what every problem must be ---------------------------------------------------------------


def lines_in(path: Path) -> int:
    return max(1, len(path.read_bytes().splitlines()))


def assert_well_formed(problems: list[Problem], roots: dict[str, Path]) -> None:
    """Every problem: a registered code, a file of the archive (``roots`` maps paths written in
    the test's own folder to it; anything else is the fixture's), a line within it, a one-line message."""
    for p in problems:
        assert p.code in CODES, p.format()
        file = roots.get(p.origin.path, FIXTURE) / p.origin.path
        assert file.is_file(), p.format()
        assert 1 <= p.origin.line <= lines_in(file), f"{p.format()}: the file has {lines_in(file)} lines"
        assert p.origin.column >= 1, p.format()
        assert "\n" not in p.message and "\r" not in p.message, repr(p.message)


def check_file(rel: str, content: bytes) -> list[Problem]:
    """Load and validate one file, alone, in a fresh archive; every problem must be well formed."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / rel
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        loaded = load_records(root)
        _entries, problems = validate_records(loaded.records)
        problems = loaded.problems + problems
        assert_well_formed(problems, {rel: root})
        return problems


# ---- random text ------------------------------------------------------------------------------

HOSTILE_CHARS = "\x00\x07\x1b\x7f\x85\u00ad\u200b\u200d\u202e\u2028\u2066\ufeff\U000e0041\t\r\n"
YAML_CHARS = "-:[]{},#&*!|>'\"%@` ?\n  "
TEXT = st.text(alphabet=st.sampled_from(list(YAML_CHARS + HOSTILE_CHARS + "abc019한ش")), max_size=300)


@fast(150)
@given(TEXT)
def test_random_yaml_text_never_raises(text: str) -> None:
    check_file("sources/places/place-x.yaml", text.encode("utf-8"))


@fast(60)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    check_file("sources/places/place-x.yaml", data)


@fast(60)
@given(TEXT, TEXT)
def test_random_markdown_records_never_raise(front: str, body: str) -> None:
    check_file("sources/testimonies/tst-0001.md", f"---\n{front}\n---\n{body}".encode())


OPENERS = st.sampled_from(["[", "{a: ", "- ", "a:\n", "? ", "[{b: "])


@fast(40)
@given(st.lists(OPENERS, min_size=1, max_size=80), st.booleans())
def test_nesting_of_any_depth_is_a_problem_never_a_crash(openers: list[str], closed: bool) -> None:
    text, indent = "name: ", 0
    for opener in openers:  # block openers go on a new, deeper line; flow ones run on
        text += opener if opener[0] in "[{" else "\n" + " " * indent + opener
        indent += 2
    if closed:
        text += "x" + "".join("]" if o[0] == "[" else "}" for o in reversed(openers) if o[0] in "[{")
    problems = check_file("sources/places/place-x.yaml", text.encode())
    if len(openers) > 25:
        assert problems, "nesting deeper than any record needs must not pass"


# ---- valid records, broken at random ----------------------------------------------------------


def fixture_files() -> list[Path]:
    return sorted(p for p in (FIXTURE / "sources").rglob("*") if p.is_file())


@fast(120)
@given(st.sampled_from(fixture_files()), st.data())
def test_valid_records_with_characters_inserted_never_raise(path: Path, data: st.DataObject) -> None:
    text = path.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.text(st.sampled_from(list(HOSTILE_CHARS + YAML_CHARS)), max_size=4)) + text[at:]
    check_file(path.relative_to(FIXTURE).as_posix(), text.encode("utf-8"))


# ---- every field of every kind, any type ------------------------------------------------------


@cache
def fixture() -> Loaded:
    return load_records(FIXTURE)


def base_record(kind: str) -> RawRecord:
    """A valid record of ``kind`` from the fixture archive, written as YAML (not Markdown)."""
    return next(r for r in fixture().records if r.kind == kind and r.path.endswith(".yaml"))


def field_paths(model: Any, prefix: tuple[str | int, ...] = (), depth: int = 0) -> Iterator[tuple[str | int, ...]]:
    """Key paths of every field of ``model``, into nested models (a list's first item) too."""
    for name, info in model.model_fields.items():
        path = (*prefix, info.alias or name)
        yield path
        inner = nested_model(info.annotation)
        if inner is not None and depth < 2:
            many = "list" in str(info.annotation)
            yield from field_paths(inner, (*path, 0) if many else path, depth + 1)


FIELDS = [(kind, path) for kind in KINDS for path in field_paths(KINDS[kind].model)]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.sampled_from(list("ab 1:-[]{}#'\"\u202e\n")), max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "source", "exact"]), inner, max_size=2)
    ),
    max_leaves=5,
)


def put(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """``data`` with ``value`` at ``path``, making the mappings and lists on the way."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if isinstance(key, int):
        items = list(data) if isinstance(data, list) and data else [{}]
        items[0] = put(items[0], rest, value)
        return items
    mapping = dict(data) if isinstance(data, dict) else {}
    mapping[key] = put(mapping.get(key), rest, value)
    return mapping


def model_refuses(raw: RawRecord) -> bool:
    """Whether the kind's model refuses the record (once its private blocks are set aside)."""
    data, _problems = strip_private(raw)
    model = Tombstone if "withdrawn" in data else KINDS[raw.kind].model
    try:
        model.model_validate(data)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize(("kind", "path"), FIELDS, ids=[f"{k}.{'.'.join(map(str, p))}" for k, p in FIELDS])
@fast(6)
@given(value=VALUES)
def test_any_value_in_any_field_is_reported_at_that_field(kind: str, path: tuple[str | int, ...], value: Any) -> None:
    """A value the model refuses is a problem within the lines of the field that holds it."""
    base = base_record(kind)
    data = put(base.data, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        file = root / base.path
        file.parent.mkdir(parents=True)
        file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        raw, load_problems = load_file(root, file)
        others = [r for r in fixture().records if r.id != base.id]
        _entries, problems = validate_records([*others, raw] if raw is not None else others)
        problems = load_problems + problems
        assert_well_formed(problems, {base.path: root})
        if raw is not None and model_refuses(raw):
            first = raw.lines[(path[0],)][0]
            later = [line for key, (line, _) in raw.lines.items() if len(key) == 1 and line > first]
            last = min(later) - 1 if later else lines_in(file)
            mine = [p for p in problems if p.origin.path == base.path]
            assert any(first <= p.origin.line <= last for p in mine), (
                f"{path}={value!r}: no problem within lines {first}-{last}: {[p.format() for p in mine]}"
            )


# ---- Markdown bodies --------------------------------------------------------------------------

MARKDOWN = st.lists(
    st.sampled_from(
        [
            "[",
            "]",
            "(",
            ")",
            "!",
            "{",
            "}",
            ":",
            "<",
            ">",
            "&",
            "#",
            "*",
            "_",
            "`",
            "\\",
            '"',
            " ",
            "\n",
            "\n\n",
            "    ",
            "x",
            "javascript:",
            "JaVa\nScRiPt:",
            "data:",
            "https://a.example/",
            "//b.example",
            "&#106;",
            "](",
            "![",
            "]: ",
            "{:",
            "onclick=",
            "#id",
            ".cls",
            "```",
            "> ",
            "- ",
            "1. ",
            "!!! note",
            "| a |",
            "[[fig-0001]]",
        ]
    ),
    max_size=40,
).map("".join)


@fast(250)
@given(MARKDOWN)
def test_any_markdown_body_renders_inert(body: str) -> None:
    """Whatever validation says, the rendered body has no image, no script, no handler, no link
    outside http(s), this site or a fragment."""
    root = render_body(body)
    assert injections(root) == []
    hrefs = [el.get("href") or "" for el in root.iter() if isinstance(el.tag, str) and el.get("href") is not None]
    assert [h for h in hrefs if scheme_of(h) not in ("", "http:", "https:") or h.startswith("//")] == [], hrefs


@fast(100)
@given(MARKDOWN)
def test_any_markdown_body_validates_without_raising(body: str) -> None:
    front = (
        "type: ngo-report\ntitle: A report\npublisher: unknown\ndate: '2021'\nlanguage: en\nreliability: unassessed\n"
    )
    check_file("sources/sources/src-0001.md", f"---\n{front}---\n{body}\n".encode())
