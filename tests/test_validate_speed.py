"""What makes `validate` of a large archive fast must never change what it reports: reading and
checking each file on several cores (ahead.py), and the cache of earlier runs (cache.py), give
the very problems one process reading afresh gives, on an archive full of errors; a cache that is
stale, damaged or not this user's is not used; and the quick tests in front of slow patterns
(witness.py, load.py) never hide a finding. (How fast is measured by scripts/benchmark.py.)"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_ARCHIVE, REPO_ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from build_tools.checks import markup, witness, witness_places
from build_tools.checks.schema import check_schema
from build_tools.compile.audit import audit
from build_tools.compile.build import check
from build_tools.reading import load
from build_tools.records import walk
from build_tools.records.fields import TEXT_REF, Ref
from build_tools.records.model import Figure
from build_tools.records.problems import Report
from build_tools.records.raw import KeyPath
from build_tools.speed import ahead, cache, fanout, ship
from build_tools.speed.ahead import Ahead

# Edits that break records in most of the ways a record can break (each applied to a few files).
BREAKAGES: list[Callable[[str], str]] = [
    lambda t: t.replace("title:", "titel:", 1),
    lambda t: t.replace("\n", "\n  bad: [unclosed\n", 1),
    lambda t: t + "\ntitle: again\n",
    lambda t: t.replace("src-", "src-9", 1),
    lambda t: t.replace("camp-", "fig-", 1),
    lambda t: t.replace("The ", "The \u202e", 1),
    lambda t: t.replace("The ", "Call +850 2 381 8111 or 010-4821-0093. The ", 1),
    lambda t: t.replace("The ", "She was beaten. Kim Young-hee said so. The ", 1),
    lambda t: t.replace("The ", "See [x](javascript:alert(1)), ![i](http://x.org/y.png) {: onclick=1} The ", 1),
    lambda t: t.replace("locator:", "locator: ''\n    x_locator:", 1),
    lambda t: t.replace("20", "2008-13-45", 1),
    lambda t: t.replace('title: "', 'title: "\\u200b', 1),
    lambda t: t + "\n" + "x" * 6000 + "\n",
    lambda t: t.replace("The ", "The \t\x07", 1),
    lambda t: t.replace("\n", "\nzz: !!binary abc\n", 1),
    lambda t: "",
    lambda t: "- a\n- b\n",
    lambda t: t.replace("[[", "[[nope-", 1),
    lambda t: t.replace("The ", "Write to a.b@example.org, born on 3 April 1979, at 42 Haebang Road. The ", 1),
    lambda t: t.replace("---\n", "", 1),
    lambda t: t.replace("\n", "\nlocation: {lat: 95, lon: 1}\n", 1),
]


def _synthetic(root: Path, records: int) -> None:
    spec = importlib.util.spec_from_file_location("synthetic_archive", REPO_ROOT / "scripts" / "synthetic_archive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, records, seed=5)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic archive with a third of its files broken, and files that cannot be records."""
    root = tmp_path_factory.mktemp("broken")
    _synthetic(root, 160)
    files = sorted((root / "sources").rglob("*.*"))
    for n, path in enumerate(files[::3]):
        path.write_text(BREAKAGES[n % len(BREAKAGES)](path.read_text(encoding="utf-8")), encoding="utf-8")
    figures = root / "sources" / "figures"
    (figures / "fig-9999.yaml").write_bytes(b"title: caf\xe9\n")
    (figures / "fig-9998.yaml").write_bytes(b"a: " + b"x" * (load.MAX_FILE_BYTES + 1))
    (figures / "Fig_0002.yaml").write_bytes((figures / "fig-0002.yaml").read_bytes())
    (figures / "fig-0003.md").write_bytes((figures / "fig-0003.yaml").read_bytes())
    (root / "sources" / "figure").mkdir()
    (root / "sources" / "figure" / "fig-0004.yaml").write_bytes((figures / "fig-0004.yaml").read_bytes())
    return root


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test seals caches with a key of its own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def shown(report: Report) -> tuple[str, str, bool]:
    return report.format_text(), report.format_json(), report.valid


def reported(root: Path, asked: Ahead | None = None) -> tuple[str, str, bool]:
    report = check(root, ahead=asked)[1]
    if asked is not None:
        asked.finish()
    return shown(report)


def test_the_archive_has_errors_of_many_kinds(broken: Path) -> None:
    text, _json, valid = reported(broken)
    codes = set(re.findall(r"\[([a-z-]+)\]$", text, re.M))
    assert not valid and len(codes) >= 15, codes


def test_reading_ahead_on_several_cores_reports_the_same(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "CHUNK", 7)  # many chunks, so that every worker has some
    assert reported(broken, Ahead(cache=False, ahead_from=1)) == reported(broken)
    assert not (broken / cache.CACHE_DIR).exists(), "a cache was written though none was asked for"


@pytest.mark.skipif(not sys.platform.startswith("linux") or fanout.cores() < 2, reason="reads on one core")
def test_the_files_are_read_by_other_processes(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "CHUNK", 7)
    tasks: list[ahead.Task] = [(str(broken / rel), rel, None) for rel in _rels(broken)]
    done = list(ahead._checked(broken, tasks, parallel=True, keep=True))
    assert all(isinstance(blob, bytes) for _digest, blob in done), "read here, not by worker processes"
    assert [pickle.loads(blob)[1] for _digest, blob in done] == [ahead.read_and_check(broken, t)[1] for t in tasks]
    # each file was read by the worker that checked it, which worked out what finds it in the cache
    digests = [
        cache.digest(rel, raw) if (raw := ahead._small_file(path)) is not None else None for path, rel, _raw in tasks
    ]
    assert [found for found, _blob in done] == digests and any(digests)


def test_a_record_read_by_another_process_is_the_one_read_here(broken: Path) -> None:
    """What crosses from a worker (or the cache) is packed (ship.py): its data, lines and model
    are read again from the file's bytes when asked for, and are those first found."""
    for path, rel in load._record_files(broken)[0]:
        raw = ahead._small_file(path)
        loaded = ahead.read_and_check(broken, (path, rel, raw))
        rec, problems = ship.unpack(pickle.loads(pickle.dumps(ship.pack(loaded, raw))))
        assert problems == loaded[1], rel
        if loaded[0] is None:
            assert rec is None, rel
            continue
        assert rec is not None and rec.alone is not None and loaded[0].alone is not None
        assert rec == loaded[0] and loaded[0] == rec, rel  # kind, ID, path, data, lines, body
        assert tuple(rec.alone[1:]) == tuple(loaded[0].alone[1:]), rel
        entry, first = rec.alone.entry, loaded[0].alone.entry
        assert (entry is None) == (first is None), rel
        if entry is not None and first is not None:
            assert entry.links == first.links, rel  # packed, not worked out again
            assert entry == first and first == entry and entry.record == first.record, rel
            # made anew from its fields, it is an entry like any other (link.py derives so)
            assert dataclasses.replace(entry, body="x") == dataclasses.replace(first, body="x"), rel
        assert dataclasses.replace(rec, body="x") == dataclasses.replace(loaded[0], body="x"), rel


def test_the_records_read_ahead_are_those_read_here(
    tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "CHUNK", 7)
    root = _copy(broken, tmp_path)
    fresh = audit(root)[0]
    for asked in (Ahead(ahead_from=1), Ahead(ahead_from=1)):  # read by workers, then from the cache
        entries = audit(root, ahead=asked)[0]
        asked.finish()
        assert entries == fresh
        assert [e.links for e in entries.values()] == [e.links for e in fresh.values()]


def test_the_checks_across_records_read_no_file_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid archive read ahead is checked across records (references, loops of relays and of
    places, permalinks) from what the reading sent back: no record is read again from its bytes
    but a derived figure and the figures it is worked out from, whose values the check needs.
    Every file was read twice before (the loop check read each record's relays from its model),
    a second of `validate` at 10,000 records. Loops are still found, as they are when read here."""
    root = _copy(FIXTURE_ARCHIVE, tmp_path)
    asked = Ahead(ahead_from=1, parallel=False)  # read ahead in this process, packed to be kept
    read_again: list[str] = []
    real = ship.load_file
    monkeypatch.setattr(ship, "load_file", lambda *args: read_again.append(args[2]) or real(*args))
    entries, report = audit(root, ahead=asked)
    asked.finish()
    assert report.valid and len(entries) == 20
    read, derived = sorted(read_again), [e for e in entries.values() if e.links.derived]
    needed = {e.path for e in derived}
    for e in derived:
        assert isinstance(e.record, Figure) and e.record.derived is not None
        needed |= {f"sources/figures/{i.figure}.yaml" for i in e.record.derived.inputs}
    assert derived and read == sorted(needed)
    one = root / "sources" / "sources" / "src-0001.yaml"
    one.write_text(one.read_text(encoding="utf-8") + "relays: [src-0002]\n", encoding="utf-8")
    looped = reported(root, Ahead(ahead_from=1, parallel=False))
    assert looped == reported(root) and "'relays' leads round in a loop" in looped[0]


def test_the_index_of_records_read_ahead_is_the_one_made_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index (link.py) of the records read by workers, derived figures worked out."""
    monkeypatch.setattr(ahead, "CHUNK", 7)
    _synthetic(tmp_path, 400)
    fresh = check(tmp_path)[0]
    assert fresh.derived and fresh.withdrawn, "nothing derived or withdrawn to compare"
    assert check(tmp_path, ahead=Ahead(cache=False, ahead_from=1))[0] == fresh


def test_a_file_gone_once_listed_is_reported_whichever_way_it_is_read(
    tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read here, by workers, and with a cache to look files up in: each reports the file."""
    monkeypatch.setattr(ahead, "CHUNK", 7)
    root = _copy(broken, tmp_path)
    listed = load._record_files(root)
    (root / "sources" / "figures" / "fig-0001.yaml").unlink()
    monkeypatch.setattr(load, "_record_files", lambda _root: listed)
    here = reported(root)
    assert "sources/figures/fig-0001.yaml:1:1: error: the file could not be read (No such" in here[0]
    assert reported(root, Ahead(cache=False, ahead_from=1)) == here
    assert reported(root, Ahead(ahead_from=1)) == here  # fills the cache
    assert reported(root, Ahead(ahead_from=1)) == here  # looks each file up in it


def _copy(archive: Path, tmp_path: Path) -> Path:
    shutil.copytree(archive, tmp_path / "archive")
    return tmp_path / "archive"


def _rels(root: Path) -> list[str]:
    return [rel for _path, rel in load._record_files(root)[0]]


def test_the_cache_gives_the_same_and_follows_each_edit(tmp_path: Path, broken: Path) -> None:
    root = _copy(broken, tmp_path)
    asked = Ahead(ahead_from=1, parallel=False)
    fresh = reported(root)
    assert reported(root, asked) == fresh  # fills the cache
    stored = root / cache.CACHE_DIR / cache.FILE
    assert stored.is_file() and (root / cache.CACHE_DIR / ".gitignore").read_text().strip().endswith("*")
    written = stored.stat().st_mtime_ns
    assert reported(root, asked) == fresh  # from the cache alone
    assert stored.stat().st_mtime_ns == written, "a cache that served every file was written again"


def test_a_first_run_on_several_cores_fills_the_cache_that_the_next_one_reads(
    tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "CHUNK", 7)
    root = _copy(broken, tmp_path)
    asked = Ahead(ahead_from=1)
    fresh = reported(root)
    assert reported(root, asked) == fresh  # each file read, and its digest worked out, by a worker
    store = cache.Cache.open(root)
    assert store is not None and len(store.entries) == len(_rels(root)) - 1  # all but the one too large
    assert reported(root, asked) == fresh  # from the cache alone


def test_an_edited_file_is_read_afresh(tmp_path: Path, broken: Path) -> None:
    root = _copy(broken, tmp_path)
    asked = Ahead(ahead_from=1, parallel=False)
    reported(root, asked)
    figure = root / "sources" / "figures" / "fig-0005.yaml"
    figure.write_text(figure.read_text(encoding="utf-8").replace("title:", "titre:", 1), encoding="utf-8")
    (root / "sources" / "figures" / "fig-0006.yaml").unlink()
    after = reported(root, asked)
    assert after == reported(root) and "sources/figures/fig-0005.yaml" in after[0]


def test_a_damaged_or_foreign_cache_is_not_used(tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy(broken, tmp_path)
    asked = Ahead(ahead_from=1, parallel=False)
    fresh = reported(root, asked)
    stored = root / cache.CACHE_DIR / cache.FILE
    # a cache that lies: every entry says the same, no-problem thing
    lie = pickle.dumps((None, []))
    entries = pickle.loads(stored.read_bytes()[32:])
    forged = pickle.dumps({digest: lie for digest in entries})
    stored.write_bytes(stored.read_bytes()[:32] + forged)  # the old seal does not fit
    assert reported(root, asked) == fresh
    # sealed with another user's key (as one that came with the archive would be)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    stored.write_bytes(b"\x00" * 32 + forged)
    assert reported(root, asked) == fresh
    stored.write_bytes(b"not a cache")
    assert reported(root, asked) == fresh


def test_a_change_of_tool_misses_every_entry(tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy(broken, tmp_path)
    asked = Ahead(ahead_from=1, parallel=False)
    reported(root, asked)
    store = cache.Cache.open(root)
    assert store is not None
    rel = _rels(root)[0]
    digest = store.digest(rel, (root / rel).read_bytes())
    assert store.get(digest) is not None
    monkeypatch.setattr(cache, "tool_digest", lambda: b"another version")
    assert store.digest(rel, (root / rel).read_bytes()) != digest


def test_the_command_line_keeps_a_cache_only_for_a_large_archive(tmp_path: Path) -> None:
    small = tmp_path / "small"
    _synthetic(small, 40)
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(small), "validate"],
        capture_output=True,
        text=True,
        check=False,
        env={"XDG_CACHE_HOME": str(tmp_path / "user-cache"), "PATH": ""},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (small / cache.CACHE_DIR).exists()


# ---- the quick tests in front of slow patterns --------------------------------------------------

VIOLENT = ["He was BEATEN.", "tortured", "executions", "They killed him", "murdered", "raped", "sexual abuse", "abused"]
VIOLENT += ["violent", "died", "dying", "deaths", "dead", "starved", "bleeding", "bled", "wounded", "injured"]
VIOLENT += ["punished", "solitary confinement", "suicide", "폭행", "구타를", "고문", "처형", "사망", "죽었다", "굶주림"]


@pytest.mark.parametrize("text", VIOLENT)
def test_each_word_of_violence_passes_the_quick_test(text: str) -> None:
    m = witness_places._VIOLENCE.search(text)
    assert m, text
    assert not text.isascii() or witness.holds_word(text.lower(), witness_places._VIOLENT_STEMS), text


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*"abdeiklnoprstuvwyBDEK ", "\u017f", "\u212a", "\u200b", "\u202e", "\x07", "\U0001f3f4"]
        )
    )
)
def test_the_quick_tests_of_hidden_characters_and_violence_hide_nothing(text: str) -> None:
    for slow, quick in ((load._HIDDEN, load._MAY_HIDE), (load._HIDDEN_OR_CONTROL, load._MAY_HIDE_OR_CONTROL)):
        assert not slow.search(text) or quick.search(text), text
    if text.isascii() and witness_places._VIOLENCE.search(text):
        assert witness.holds_word(text.lower(), witness_places._VIOLENT_STEMS), text


# The patterns of markup.py as they were written before _live: each with a look-behind for the
# backslashes in front, which made a search try every position of a body.
_LIVE = r"(?<!\\)(?:\\\\)*"
LOOK_BEHIND = {
    markup._IMAGE: re.compile(_LIVE + markup._IMAGE.pattern),
    markup._INLINE_LINK: re.compile(_LIVE + markup._INLINE_LINK.pattern),
    markup._DEFINITION: re.compile(_LIVE + markup._DEFINITION.pattern),
    markup._ATTRIBUTES: re.compile(_LIVE + markup._ATTRIBUTES.pattern),
    markup._STRAY_OPENER: re.compile(_LIVE + markup._STRAY_OPENER.pattern),
    markup._STRAY_DESTINATION: re.compile(_LIVE + markup._STRAY_DESTINATION.pattern),
}
MARKUP = [*"\\\\\\![](){}:#.= \n\tax", "javascript:", "http://", "{:", "](", "\\\\"]


def _spans(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int] | None, ...]]:
    """Where each group of each match stands (the match itself starts earlier with a look-behind)."""
    return [tuple(m.span(g) for g in range(1, (m.re.groups or 0) + 1)) for m in matches]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(MARKUP), max_size=60).map("".join))
def test_markup_is_found_without_a_look_behind_just_as_with_one(body: str) -> None:
    for pattern, reference in LOOK_BEHIND.items():
        assert _spans(markup._live(pattern, body)) == _spans(reference.finditer(body)), (pattern.pattern, body)


def test_markup_is_found_without_a_look_behind_in_every_body_of_the_tests() -> None:
    bodies = [path.read_text(encoding="utf-8") for path in sorted((REPO_ROOT / "tests").rglob("*.md"))]
    bodies += ["\\\\![x](http://t.example/p.png)", "\\[x](javascript:y) \\\\{: a=1}", "[a]\\]: data:x"]
    for body in bodies:
        for pattern, reference in LOOK_BEHIND.items():
            assert _spans(markup._live(pattern, body)) == _spans(reference.finditer(body)), (pattern.pattern, body)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "    ", "\t", ">", "-", "*", "+", "1.", "12)", "x", "\n"]), max_size=80))
def test_the_quick_test_of_deep_nesting_hides_nothing(parts: list[str]) -> None:
    body = "".join(parts)
    deep = any(markup.nesting(line) > markup.MAX_BODY_DEPTH for line in body.split("\n"))
    assert not deep or markup._DEEP_START.search(body), body


# ---- the walks over a record, as they were written before they gathered into lists ------------


def _iter_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, Ref]]:
    if not isinstance(obj, BaseModel):
        return
    for name, key, marker in walk.fields_of(type(obj)):
        value = getattr(obj, name)
        if marker is not None:
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                if item is not None:
                    yield ((*path, key, i) if isinstance(value, list) else (*path, key)), item, marker
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from _iter_refs(item, (*path, key, i))
        else:
            yield from _iter_refs(value, (*path, key))


def _iter_text_refs(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, int]]:
    if isinstance(obj, str):
        for m in TEXT_REF.finditer(obj):
            yield path, m.group(1), obj.count("\n", 0, m.start())
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _iter_text_refs(item, (*path, i))
    elif isinstance(obj, BaseModel):
        for name, key, _marker in walk.fields_of(type(obj)):
            yield from _iter_text_refs(getattr(obj, name), (*path, key))


def _iter_texts(obj: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _iter_texts(item, (*path, i))
    elif isinstance(obj, BaseModel):
        texts = walk._text_fields(type(obj))
        for name, key, _marker in walk.fields_of(type(obj)):
            value = getattr(obj, name)
            if name in texts and isinstance(value, str):
                yield (*path, key), value
            elif name in texts and isinstance(value, list):
                yield from (((*path, key, i), v) for i, v in enumerate(value) if isinstance(v, str))
            else:
                yield from _iter_texts(value, (*path, key))


def _iter_models(obj: Any, path: KeyPath) -> Iterator[tuple[KeyPath, BaseModel]]:
    if isinstance(obj, BaseModel):
        yield path, obj
        for name, key, _marker in walk.fields_of(type(obj)):
            yield from _iter_models(getattr(obj, name), (*path, key))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _iter_models(item, (*path, i))


def test_the_walks_over_a_record_find_what_they_found_as_generators(tmp_path: Path) -> None:
    _synthetic(tmp_path, 300)
    raws = [*load.load_records(tmp_path).records, *load.load_records(FIXTURE_ARCHIVE).records]
    raws += load.load_records(REPO_ROOT).records  # the archive itself
    entries = [entry for raw in raws if (entry := check_schema(raw)[0]) is not None]
    assert len(entries) > 300 and any(e.body and "[[" in e.body for e in entries)
    for entry in entries:
        rec = entry.record
        assert list(walk.iter_refs(rec)) == list(_iter_refs(rec)), entry.path
        assert list(walk.iter_text_refs(rec)) == list(_iter_text_refs(rec)), entry.path
        assert list(walk.iter_text_refs(entry.body)) == list(_iter_text_refs(entry.body)), entry.path
        assert list(walk.iter_texts(rec)) == list(_iter_texts(rec)), entry.path
        assert list(walk.iter_models(rec, ("x",))) == list(_iter_models(rec, ("x",))), entry.path


def test_one_walk_over_a_record_finds_what_each_walk_finds(tmp_path: Path) -> None:
    _synthetic(tmp_path, 300)
    raws = [*load.load_records(tmp_path).records, *load.load_records(FIXTURE_ARCHIVE).records]
    raws += load.load_records(REPO_ROOT).records  # the archive itself
    entries = [entry for raw in raws if (entry := check_schema(raw)[0]) is not None]
    for entry in entries:
        rec = entry.record
        walked = walk.survey(rec)
        assert walked.refs == list(_iter_refs(rec)), entry.path
        assert walked.text_refs == list(_iter_text_refs(rec)), entry.path
        assert walked.texts == list(_iter_texts(rec)), entry.path
        assert walked.models == list(_iter_models(rec, ())), entry.path


@pytest.mark.skipif(os.name != "posix", reason="elsewhere files are sorted as Path sorts them")
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="aB-_.0 é", min_size=1, max_size=4), min_size=1, max_size=3), max_size=12))
def test_record_files_are_listed_in_path_order(names: list[list[str]]) -> None:
    rels = [f"sources/{'/'.join(parts)}" for parts in names if all(p not in (".", "..") for p in parts)]
    by_text = sorted(rels, key=lambda rel: rel.split("/"))
    assert [Path("root", rel) for rel in by_text] == sorted(Path("root", rel) for rel in rels)
