"""The synthetic archive generator (scripts/synthetic_archive.py) that build benchmarks run: what it
writes must be a valid archive, shaped like the real one, the same every time, and it must never
write over an archive that already holds records."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from build_tools.compile.build import check
from build_tools.index.link import Index
from build_tools.records import model
from build_tools.records.fields import TEXT_REF
from build_tools.records.model import KINDS
from build_tools.records.parts import VALUE_FORMS
from build_tools.records.problems import Report

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "synthetic_archive.py"
N = 300


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic_archive", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _load()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], Index, Report]:
    root = tmp_path_factory.mktemp("synthetic")
    counts = synthetic.generate(root, N, seed=1)
    index, report = check(root)
    return root, counts, index, report


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_archive_validates_without_a_single_problem(made: tuple[Path, dict[str, int], Index, Report]) -> None:
    _root, _counts, index, report = made
    assert report.problems == [], report.format_text()
    assert report.records == N
    assert len(index.entries) + len(index.withdrawn) == N


def test_every_kind_is_there_in_about_its_share(made: tuple[Path, dict[str, int], Index, Report]) -> None:
    root, counts, index, _report = made
    assert sum(counts.values()) == N
    on_disk = Counter(p.parent.name for p in (root / "sources").rglob("*.*"))
    assert on_disk == Counter({KINDS[k].plural: n for k, n in counts.items()})
    for kind, share in synthetic.SHARES.items():
        assert counts[kind] >= 1
        assert abs(counts[kind] / N - share) <= 0.01, kind
    assert counts["testimony"] > counts["figure"] > counts["source"] > counts["event"] > counts["route"]
    # the smallest archive still has one of each kind; fewer records than kinds is refused
    assert synthetic.kind_counts(10) == dict.fromkeys(synthetic.SHARES, 1)
    with pytest.raises(ValueError):
        synthetic.kind_counts(9)
    # permalinks.txt registers every record (and the old permalinks of renamed ones)
    registry = (root / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    links = {line for line in registry if line.startswith("/")}
    assert {f"/{e.url}" for e in [*index.entries.values(), *index.withdrawn.values()]} < links


def test_records_are_linked_like_real_ones(made: tuple[Path, dict[str, int], Index, Report]) -> None:
    root, _counts, index, _report = made
    by_kind = Counter(e.kind for e in index.entries.values())
    assert by_kind["testimony"] > 0 and by_kind["figure"] > 0
    forms: Counter[str] = Counter()
    for entry in index.entries.values():
        rec = entry.record
        if isinstance(rec, model.Figure):
            assert 1 <= len(rec.subjects) <= 3
            if rec.derived is None:
                assert rec.cites and all(c.locator for c in rec.cites), entry.id
                assert rec.value is not None
                forms.update(f for f in VALUE_FORMS if getattr(rec.value, f) is not None)
        elif isinstance(rec, model.Testimony):
            assert rec.cites and rec.camps, entry.id
        elif isinstance(rec, model.Team):
            assert index.entries[rec.camp].kind == "camp"
        elif isinstance(rec, model.Route):
            assert all(leg.from_ != leg.to for leg in rec.legs)
            assert any(leg.cites for leg in rec.legs)
    assert set(forms) == set(VALUE_FORMS)
    assert index.derived, "some figures are the archive's own calculation"
    assert index.withdrawn, "some records are tombstones"
    assert any(getattr(e.record, "formerly", []) for e in index.entries.values()), "some records were renamed"
    texts = [p.read_text(encoding="utf-8") for p in (root / "sources").rglob("*.*")]
    assert sum(len(TEXT_REF.findall(t)) for t in texts) > N // 2
    assert sum(1 for p in (root / "sources").rglob("*.md")) > N // 20
    dates = re.findall(r'^(?:period|date): "?([^"\n]+)', "\n".join(texts), re.MULTILINE)
    for mark in ("~", "?", "%", "/", "..", "X", "unknown"):
        assert any(mark in d for d in dates), mark


def test_nothing_in_it_passes_for_evidence(made: tuple[Path, dict[str, int], Index, Report]) -> None:
    root, _counts, index, _report = made
    for entry in index.entries.values():
        assert entry.title.startswith("Synthetic"), entry.id
    for text in (p.read_text(encoding="utf-8") for p in (root / "sources").rglob("*.*")):
        assert all(url.startswith("https://example.org/") for url in re.findall(r"https?://[^\s>\"]+", text))


def test_the_same_records_and_seed_write_the_same_bytes(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthetic.generate(first, 120, seed=7)
    synthetic.generate(second, 120, seed=7)
    synthetic.generate(other, 120, seed=8)
    assert files(first) == files(second)
    assert files(first) != files(other)
    assert len(files(first)) == len(files(other))


def test_it_refuses_to_write_into_an_archive_that_holds_records(tmp_path: Path) -> None:
    record = tmp_path / "sources" / "figures" / "fig-0001.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("title: real\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        synthetic.generate(tmp_path, 50)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path), "--records", "50"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert "not empty" in run.stderr
    assert files(tmp_path) == {"sources/figures/fig-0001.yaml": b"title: real\n"}


def test_the_command_line_writes_and_prints_the_counts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sources").mkdir(parents=True)  # an empty sources/ is fine
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(out), "--records", "25", "--seed", "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    printed = dict(re.findall(r"^(\w+): (\d+)", run.stdout, re.MULTILINE))
    assert int(printed["total"]) == 25
    assert int(printed["testimonies"]) + int(printed["figures"]) > 10
    assert len(list((out / "sources").rglob("*.*"))) == 25
