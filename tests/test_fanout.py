"""A build of a large archive renders its pages on every core (build_tools/speed/fanout.py): the site
must be the same, page for page, as one rendered in one process, and an error in a page must
still stop the build with that page's error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_scale import _synthetic

from build_tools.compile.build import build
from build_tools.speed import ahead, fanout
from build_tools.speed.lean import unpack

needs_cores = pytest.mark.skipif(fanout.cores() < 2, reason="shares work out only on a machine with two cores or more")


def _made(root: Path) -> dict[str, str]:
    """Every page and file a build makes, as ``mkdocs build`` is handed them (from the spill), and
    the head of each page."""
    made: dict[str, str] = {}
    result = build(root, spill=lambda path, packed: made.__setitem__(path, unpack(packed).decode("utf-8")))
    assert result.report.valid
    made |= {p.path: p.markdown for p in result.pages if p.markdown}  # the reference pages
    made |= {f"head of {p.path}": p.head_html() for p in result.pages}  # what each page's <head> carries
    return made


@needs_cores
@pytest.mark.slow  # the real archive built twice
def test_pages_rendered_on_every_core_are_the_pages_rendered_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _synthetic().generate(tmp_path, 300, 11)
    alone = _made(tmp_path)
    monkeypatch.setattr(fanout, "FAN_OUT_FROM", 1)
    monkeypatch.setattr(fanout, "CHUNK", 7)  # many chunks, handed out in turn to the workers
    monkeypatch.setattr(ahead, "AHEAD_FROM", 1)  # and the records read and checked on every core too
    shared = _made(tmp_path)
    assert len(shared) > 1000
    assert sorted(shared) == sorted(alone)
    assert [p for p in alone if shared[p] != alone[p]] == []


@needs_cores
def test_each_text_comes_back_in_order_from_the_process_that_made_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fanout, "FAN_OUT_FROM", 1)
    monkeypatch.setattr(fanout, "CHUNK", 3)
    jobs = [lambda n=n: f"{n} {os.getpid()}" for n in range(40)]
    texts = list(fanout.results(jobs))
    assert [t.split()[0] for t in texts] == [str(n) for n in range(40)]
    assert {t.split()[1] for t in texts} - {str(os.getpid())}, "no job ran in another process"


@needs_cores
def test_a_page_that_fails_in_a_worker_fails_the_build_with_its_own_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fanout, "FAN_OUT_FROM", 1)
    monkeypatch.setattr(fanout, "CHUNK", 2)

    def broken() -> str:
        raise ValueError("camps/kaechon/index.md: no such template")

    jobs = [lambda: "fine"] * 5 + [broken] + [lambda: "fine"] * 5
    with pytest.raises(ValueError, match=r"camps/kaechon/index\.md: no such template"):
        list(fanout.results(jobs))


def test_a_few_pages_are_rendered_here() -> None:
    texts = list(fanout.results([lambda: str(os.getpid())] * 10))
    assert texts == [str(os.getpid())] * 10
