"""CONTRIBUTING.md stays true: its commands give the output it shows, and its worked example is the
archive's real records, so a newcomer following it meets what it describes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from browsing import REPO

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"<!-- example: (\S+) -->\n```yaml\n(.*?)```", re.S)
OUTPUT = re.compile(r"<!-- output: (.+?) -->\n```text\n(.*?)```", re.S)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow  # the command line started once for each step of the guide
def test_the_guides_mistakes_give_the_problems_it_shows(tmp_path: Path) -> None:
    """The worked example in order: `new`, the slipped file, `validate`, exactly as printed."""
    root = tmp_path / "archive"
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copy2(REPO / "permalinks.txt", root / "permalinks.txt")
    examples, outputs = EXAMPLE.findall(GUIDE), OUTPUT.findall(GUIDE)
    assert len(examples) == len(outputs) == 2, "the guide's marked examples were lost"
    renamed: dict[str, str] = {}  # the guide's IDs -> those `new` gives today
    for (shown_path, text), (command, printed) in zip(examples, outputs, strict=True):
        kind = {"sources": "source", "figures": "figure"}[shown_path.split("/")[1]]
        made = cli(root, "new", kind)
        assert made.returncode == 0, made.stderr
        path = made.stdout.strip()
        renamed[Path(shown_path).stem] = Path(path).stem
        for old, new in renamed.items():  # the example cites the records made before it
            text = text.replace(old, new)
        (root / path).write_text(text, encoding="utf-8")
        assert command.split()[1] == shown_path
        got = cli(root, "validate", path)
        expected = printed
        for old, new in renamed.items():
            expected = expected.replace(old, new)
        assert got.returncode == 1 and got.stderr == ""
        assert got.stdout == expected


def guide_block(after: str) -> dict[str, object]:
    """The YAML block following ``after`` in the guide, with its elided texts ("...") left out."""
    start = GUIDE.index(after)
    block = GUIDE[GUIDE.index("```yaml\n", start) + 8 : GUIDE.index("```", GUIDE.index("```yaml\n", start) + 8)]
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def test_the_worked_example_is_the_archives_own_records() -> None:
    for after, path in [
        ("For the Daily NK article it became:", "sources/sources/src-0003.yaml"),
        ("so `fig-0011` reads:", "sources/figures/fig-0011.yaml"),
    ]:
        shown = guide_block(after)
        real = yaml.safe_load((REPO / path).read_text(encoding="utf-8"))
        for field, value in shown.items():
            if isinstance(value, str) and value.rstrip().endswith("..."):
                assert real[field].startswith(value.rstrip()[:-3].rstrip()), f"{path}: {field}"
            else:
                assert real[field] == value, f"{path}: {field}"
        # notes, and the Korean (the guide's own section, "Adding Korean")
        assert set(real) - set(shown) <= {"notes", "ko"}, f"{path} has fields the guide does not show"


def test_the_guides_commands_and_links_exist() -> None:
    for command in set(re.findall(r"python -m build_tools (\w+)", GUIDE)):
        assert cli(REPO, command, "--help").returncode == 0, command
    for anchor in set(re.findall(r"\]\(#([a-z0-9-]+)\)", GUIDE)):
        headings = {
            re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^#+ (.+)$", GUIDE, re.M)
        }
        assert anchor in headings, anchor
    for path in ["schemas/figure.schema.json", ".vscode/settings.json", "permalinks.txt"]:
        assert (REPO / path).exists(), path
