"""scripts/benchmark.py, the benchmark the README quotes, run at tiny sizes: it must print every figure
(the machine, each stage of our build and of the bare build beside it, validate, the ratios, and a
line per target) and write the same figures as JSON. Nothing here depends on the machine's speed: no
figure is compared with a limit, only checked to be there."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"
SIZES = (30, 60)
NUMBER = r"-?[\d,]+\.\d+"
CELL = r"-?[\d,]+(?:\.\d+)?"  # seconds, share or peak MB

STAGE_ROWS = {
    "config": "MkDocs  load config, plugins, theme",
    "load": "ours    load records",
    "validate": "ours    validate",
    "link": "ours    link (permalinks, index)",
    "render": "ours    render (rest of the pipeline)",
    "other_hooks": "ours    other plugin hooks",
    "files": "MkDocs  gather files",
    "read": "MkDocs  nav, read & convert markdown",
    "page_hooks": "ours    page hooks (on_page_content, on_post_page)",
    "write": "MkDocs  write pages, templates, static files",
    "post_build": "MkDocs  post-build, search indexing",
    "shutdown": "MkDocs  shutdown",
}
OURS = ("load", "validate", "link", "render", "other_hooks", "page_hooks")
TARGETS = (
    "our stages / our build",
    "our build / bare build",
    "build time scaling",
    "peak memory, our build",
    "validate",
    "preview reload (median)",
    "first search query",
)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any], Path]:
    tmp = tmp_path_factory.mktemp("benchmark")
    sizes = ",".join(str(n) for n in SIZES)
    proc = subprocess.run(
        [
            *(sys.executable, str(SCRIPTS / "benchmark.py"), "--sizes", sizes, "--skip-preview", "--skip-search"),
            *("--json", str(tmp / "figures.json"), "--keep", str(tmp / "work")),
        ],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout, json.loads((tmp / "figures.json").read_text(encoding="utf-8")), tmp / "work"


def _block(stdout: str, records: int) -> str:
    """What the benchmark printed for one size."""
    return stdout.split(f"=== {records:,} records ===", 1)[1].split("===", 1)[0]


def _row(block: str, label: str) -> str:
    rows = [line for line in block.splitlines() if line.startswith(label)]
    assert len(rows) == 1, f"{label!r} is printed {len(rows)} times"
    return rows[0]


def test_prints_the_machine(ran: tuple[str, dict[str, Any], Path]) -> None:
    stdout, figures, _ = ran
    assert re.search(r"machine: \d+ CPUs", stdout)
    assert re.search(r"Python 3\.\d+\.\d+, MkDocs \d\S*, Material \d\S*", stdout)
    assert figures["machine"]["mkdocs"] and figures["machine"]["material"]


@pytest.mark.parametrize("records", SIZES)
def test_prints_every_stage_of_both_builds(ran: tuple[str, dict[str, Any], Path], records: int) -> None:
    block = _block(ran[0], records)
    assert "our build" in block and "bare MkDocs + Material" in block
    for key, label in STAGE_ROWS.items():
        numbers = re.findall(CELL, _row(block, label).removeprefix(label))
        # ours: seconds, share, peak; MkDocs' stages also for the bare build, where ours are "-"
        assert len(numbers) == (3 if key in OURS else 6), label
    assert len(re.findall(NUMBER, _row(block, "total"))) == 4
    assert len(re.findall(CELL, _row(block, "child process").split(")", 1)[1])) == 4


@pytest.mark.parametrize("records", SIZES)
def test_prints_the_shares_ratio_validate_and_search_index(ran: tuple[str, dict[str, Any], Path], records: int) -> None:
    block = _block(ran[0], records)
    assert re.search(rf"our own stages \(load \+ validate \+ link \+ render \+ hooks\): {NUMBER} s = {NUMBER} %", block)
    assert re.search(rf"our build / bare build: {NUMBER} x", block)
    assert re.search(rf"validate \(python -m build_tools --root DIR validate\): {NUMBER} s, peak [\d,]+ MB", block)
    assert re.search(rf"validate again \(what the first run kept in \.cache/\): {NUMBER} s, peak [\d,]+ MB", block)
    assert re.search(rf"search/search_index\.json: {NUMBER} KB", block)
    assert re.search(r"pages: ([\d,]+) in our build, \1 in the bare build", block)


def test_prints_the_ratios(ran: tuple[str, dict[str, Any], Path]) -> None:
    ratios = ran[0].split("=== ratios ===", 1)[1]
    for records in SIZES:
        assert re.search(rf"{records} records: our build / bare build = {NUMBER} x", ratios)
    for build in ("our build", "bare build", "validate"):
        assert re.search(rf"{build}: time\(60\) / time\(30\) = {NUMBER}", ratios)


def test_prints_a_line_per_target(ran: tuple[str, dict[str, Any], Path]) -> None:
    table = ran[0].split("=== TARGETS", 1)[1]
    for name in TARGETS:
        (line,) = [line for line in table.splitlines() if line.startswith(name)]
        assert line.split()[-1] in {"PASS", "FAIL", "SKIP"}, line
    skipped = {line.split("  ")[0] for line in table.splitlines() if line.endswith("SKIP")}
    assert skipped == {"preview reload (median)", "first search query"}  # --skip-preview, --skip-search
    assert [t["name"] for t in ran[1]["targets"]] == list(TARGETS)


@pytest.mark.parametrize("records", SIZES)
def test_the_json_holds_the_figures_printed(ran: tuple[str, dict[str, Any], Path], records: int) -> None:
    size = ran[1]["sizes"][str(records)]
    for build in ("ours", "bare"):
        stages = size[build]["stages"]
        assert list(stages) == list(STAGE_ROWS)
        # the rows exclude one another, so they add up to the build
        assert sum(s["seconds"] for s in stages.values()) == pytest.approx(size[build]["total"], rel=1e-3, abs=1e-3)
        assert size[build]["peak_mb"] > 0
    assert all(size["bare"]["stages"][row]["seconds"] == 0 for row in OURS)
    assert size["ours"]["stages"]["render"]["seconds"] > 0
    assert size["ours"]["pages"] == size["bare"]["pages"] > records
    assert size["validate"]["status"] == 0


def test_the_bare_build_is_material_with_our_pages(ran: tuple[str, dict[str, Any], Path]) -> None:
    bare = ran[2] / f"n{SIZES[0]}" / "bare"
    config = yaml.safe_load((bare / "mkdocs.yml").read_text(encoding="utf-8"))
    ours = _untagged(yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant))
    assert config["theme"] == "material" and "plugins" not in config
    for key in ("site_name", "nav", "not_in_nav", "markdown_extensions"):
        assert config[key] == ours[key], key
    assert (bare / "docs" / "index.md").is_file()
    assert (bare / "site" / "search" / "search_index.json").is_file()


class _Tolerant(yaml.SafeLoader):
    pass


_Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _untagged(value: Any) -> Any:
    """``value`` without what a tag made None (the bare build leaves those settings to MkDocs)."""
    if isinstance(value, dict):
        return {k: _untagged(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_untagged(v) for v in value if v is not None]
    return value


def _module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(SCRIPTS))  # for its sibling benchmark_preview
    spec = importlib.util.spec_from_file_location("benchmark_under_test", SCRIPTS / "benchmark.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_bare_config_leaves_out_environment_values(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: S\nsite_url: !ENV [X, 'http://a/']\ntheme:\n  name: material\n  custom_dir: t\n"
        "plugins:\n  - evidence:\n      repo_url: !ENV [Y, '']\n"
        "markdown_extensions:\n  - toc:\n      permalink: !ENV [Z, true]\n      toc_depth: 3\n  - tables\n"
        "nav:\n  - Home: index.md\n",
        encoding="utf-8",
    )
    assert _module(monkeypatch).bare_config(config) == {
        "site_name": "S",
        "markdown_extensions": [{"toc": {"toc_depth": 3}}, "tables"],
        "nav": [{"Home": "index.md"}],
        "theme": "material",
    }


def test_the_first_query_bytes_are_read_from_search_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    query_bytes = _module(monkeypatch).query_bytes
    assert query_bytes({"query": "q", "bytes": 2048, "requests": 3, "files": {"/a": 2048}}) == 2048
    assert query_bytes({"error": "no Chromium"}) is None
    assert query_bytes(None) is None


def test_the_bare_preview_times_an_edit_to_a_page_of_the_bare_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The preview's reference figure: mkdocs serve on plain pages, laid out as the compiler lays
    out a record's page (kind/ID/index.md, the bare build's), one figure's heading edited."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import benchmark_preview

    (tmp_path / "mkdocs.yml").write_text("site_name: Bare\n", encoding="utf-8")
    (tmp_path / "docs" / "figures" / "fig-0001").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    page = tmp_path / "docs" / "figures" / "fig-0001" / "index.md"
    page.write_text("# A figure\n\nIts text.\n", encoding="utf-8")
    seen = benchmark_preview.measure(tmp_path, 2, limits=(120, 60), log=lambda _: None, bare=True)
    assert seen.records == 2 and len(seen.waits) == 2 and all(w > 0 for w in seen.waits)
    assert page.read_text(encoding="utf-8") == "# A figure\n\nIts text.\n", "the edited page was not restored"


def test_the_preview_times_the_edited_page_and_after_the_last_edit_the_rest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import benchmark_preview

    benchmark_preview.copy_archive(SCRIPTS.parent / "tests" / "fixtures" / "archive", tmp_path)
    figure = sorted((tmp_path / "sources" / "figures").glob("*.yaml"))[0]
    before = figure.read_text(encoding="utf-8")
    seen = benchmark_preview.measure(tmp_path, 2, limits=(120, 60), log=lambda _: None)
    assert len(seen.waits) == 2 and all(w > 0 for w in seen.waits)
    assert len(seen.rest) == 1 and seen.rest[0] >= seen.waits[-1], "the list showed the edit before its page did"
    assert figure.read_text(encoding="utf-8") == before, "the edited record was not restored"
