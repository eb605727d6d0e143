"""A contributor's path through GitHub, run here: the pull-request check and the publishing
workflow pass through scripts/run_workflow.py in a fresh clone, a broken record stops the check
with annotations on the right lines, pre-commit refuses it before it is committed, and the issue
forms keep the fields the site's correction links fill in."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.records.problems import Origin, Problem
from build_tools.records.vocab import SOURCE_TYPES

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
PULL_REQUEST = ".github/workflows/pull-request.yml"
PUBLISH = ".github/workflows/publish.yml"
# Steps a local run leaves out: the clone reuses this interpreter's environment as its .venv, and
# the test suite is what is running now.
INSTALL, TESTS = "Install the tools", "Run the tests"
BASE_URL = "https://example.org/archive"
# What the runner removes from a line before matching it (actions/runner, OutputManager.cs).
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m?")
Run = tuple[Path, subprocess.CompletedProcess[str]]  # a clone, and the local run of a workflow in it
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout as its next commit would be: tracked and untracked files that git does not
    ignore, committed in a new repository (so uncommitted work is tested too, here and in CI)."""
    dest = tmp_path_factory.mktemp("origin")
    for name in git(REPO, "ls-files", "-co", "--exclude-standard", "-z").split("\0"):
        if name and (REPO / name).is_file():  # a tracked file deleted from the working tree is gone
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "config", "user.email", "archive@example.org")
    git(dest, "config", "user.name", "Archive")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "--no-verify", "-m", "The checkout under test")
    return dest


def fresh_clone(origin: Path, dest: Path) -> Path:
    """A fresh clone whose .venv is this interpreter's environment (the install step's result)."""
    git(origin, "clone", "-q", str(origin), str(dest))
    (dest / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return dest


def env_for(clone: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "ARCHIVE_SITE_URL", "ARCHIVE_REPO_URL"}}
    # The clone's own build_tools, not the editable install's, behind `mkdocs`'s plugin entry point.
    # Without COLUMNS, MkDocs does not wrap long log lines, as on GitHub.
    return env | {"PYTHONPATH": str(clone)} | extra


def run_workflow(clone: Path, workflow: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/run_workflow.py", workflow, *options],
        cwd=clone,
        env=env_for(clone),
        capture_output=True,
        text=True,
        timeout=600,
    )


def output(proc: subprocess.CompletedProcess[str]) -> str:
    return proc.stdout + proc.stderr


def annotated(text: str) -> list[tuple[str, int | None, int | None, str, str]]:
    """(file, line, column, severity, code) of each line the problem matcher turns into an annotation."""
    [matcher] = json.loads((GITHUB / "problem-matcher.json").read_text(encoding="utf-8"))["problemMatcher"]
    [pattern] = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])
    found = []
    for line in text.splitlines():
        if m := regexp.search(ANSI_COLOUR.sub("", line)):
            line_no, column = m.group(pattern["line"]), m.group(pattern["column"])
            found.append(
                (
                    m.group(pattern["file"]),
                    int(line_no) if line_no else None,
                    int(column) if column else None,
                    m.group(pattern["severity"]),
                    m.group(pattern["code"]),
                )
            )
    return sorted(found)


def validate_json(clone: Path) -> list[tuple[str, int | None, int | None, str, str]]:
    proc = subprocess.run(
        [sys.executable, "-m", "build_tools", "validate", "--json"],
        cwd=clone,
        env=env_for(clone),
        capture_output=True,
        text=True,
    )
    return sorted(
        (p["path"], p["line"] or None, p["column"] or None, p["severity"], p["code"])
        for p in json.loads(proc.stdout)["problems"]
    )


def break_records(clone: Path) -> None:
    """Three kinds of mistake contributors make, in three files."""
    figure = clone / "sources/figures/fig-0003.yaml"
    figure.write_text(figure.read_text(encoding="utf-8").replace("source: src-0001", "source: src-0999"), "utf-8")
    event = clone / "sources/events/evt-0001.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "title: Once more\n", encoding="utf-8")
    (clone / "sources/figures/notes.txt").write_text("to do\n", encoding="utf-8")


# --- the pull-request check ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pull_request_run(origin: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    clone = fresh_clone(origin, tmp_path_factory.mktemp("pr") / "clone")
    return clone, run_workflow(clone, PULL_REQUEST, "--skip", INSTALL, "--skip", TESTS)


def test_the_pull_request_check_passes_on_a_fresh_clone_and_builds_the_preview(pull_request_run: Run) -> None:
    clone, proc = pull_request_run
    assert proc.returncode == 0, output(proc)
    assert "no problems in" in proc.stdout
    # site/ is ignored by git, so the clone had none: the build step made it for the preview.
    assert (clone / "site" / "index.html").is_file()
    assert "would upload site/" in proc.stdout
    assert annotated(output(proc)) == []


def test_a_broken_record_stops_the_check_with_an_annotation_on_each_problem_line(origin: Path, tmp_path: Path) -> None:
    clone = fresh_clone(origin, tmp_path / "clone")
    break_records(clone)
    expected = validate_json(clone)
    assert {(path, code) for path, _, _, _, code in expected} >= {
        ("sources/figures/fig-0003.yaml", "unknown-reference"),
        ("sources/events/evt-0001.yaml", "duplicate-key"),
        ("sources/figures/notes.txt", "wrong-folder"),
    }

    proc = run_workflow(clone, PULL_REQUEST, "--skip", INSTALL, "--skip", TESTS)
    assert proc.returncode == 1, output(proc)
    assert "Validate the records: failed with exit code 1" in proc.stderr
    assert not (clone / "site").exists()  # neither built nor uploaded
    # Each problem becomes one annotation, at the file, line and column `validate --json` gives,
    # and the file exists in the checkout (the runner drops a file it cannot find).
    found = annotated(output(proc))
    assert found == expected
    assert all((clone / path).is_file() for path, *_ in found)

    # The build refuses the same records, logging each problem through MkDocs: the same annotations.
    build = subprocess.run(
        [str(clone / ".venv/bin/mkdocs"), "build", "--strict"],
        cwd=clone,
        env=env_for(clone),
        capture_output=True,
        text=True,
    )
    assert build.returncode != 0
    assert any(line.startswith("ERROR") and "[unknown-reference]" in line for line in build.stderr.splitlines())
    assert annotated(output(build)) == expected


@pytest.mark.parametrize(
    "prefix", ["", "ERROR   -  ", "WARNING -  "], ids=["validate", "mkdocs-error", "mkdocs-warning"]
)
@pytest.mark.parametrize(
    "where, severity",
    [(Origin("sources/figures/fig-0007.yaml", 7, 5), "error"), (Origin("permalinks.txt"), "warning")],
    ids=["at-a-line", "whole-file"],
)
def test_the_matcher_reads_every_form_of_a_problem_line(prefix: str, where: Origin, severity: str) -> None:
    # A whole-file problem has no line or column; a message may quote text with brackets in it.
    line = Problem(where, "unknown-reference", "text [[fig-0099]]: gone", severity).format()
    expected = (where.path, where.line or None, where.column or None, severity, "unknown-reference")
    assert annotated(prefix + line) == [expected]


# --- publishing -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def publish_run(origin: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    clone = fresh_clone(origin, tmp_path_factory.mktemp("publish") / "clone")
    return clone, run_workflow(clone, PUBLISH, "--skip", INSTALL, "--set", f"steps.pages.outputs.base_url={BASE_URL}")


def test_publishing_builds_the_site_for_the_address_pages_gives(publish_run: Run) -> None:
    clone, proc = publish_run
    assert proc.returncode == 0, output(proc)
    assert "would upload site for GitHub Pages" in proc.stdout
    canonical = re.compile(r'<link rel="canonical" href="([^"]*)"')
    links = {
        page.relative_to(clone / "site").parent.as_posix(): m.group(1)
        for page in (clone / "site").rglob("index.html")
        if (m := canonical.search(page.read_text(encoding="utf-8")))
    }
    assert links["figures/fig-0003"] == f"{BASE_URL}/figures/fig-0003/"
    assert all(link.startswith(f"{BASE_URL}/") for link in links.values()), links


def test_an_upload_of_a_missing_folder_fails_the_local_run(origin: Path, tmp_path: Path) -> None:
    clone = fresh_clone(origin, tmp_path / "clone")
    skipped = ("--skip", "Build the site (strict)", "--skip", "Check the built site")
    proc = run_workflow(clone, PUBLISH, "--skip", INSTALL, *skipped)
    assert proc.returncode == 1
    assert "site does not exist" in proc.stdout


def test_the_local_runner_explains_what_it_cannot_use(tmp_path: Path) -> None:
    script = REPO / "scripts" / "run_workflow.py"
    for args, says in [
        (["missing.yml"], "cannot read the workflow missing.yml"),
        ([str(REPO / PULL_REQUEST), "--skip", "Make coffee"], "no step named Make coffee"),
    ]:
        proc = subprocess.run([sys.executable, str(script), *args], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 2
        assert says in proc.stderr and "Traceback" not in proc.stderr


# --- pre-commit -----------------------------------------------------------------------------------


def test_pre_commit_refuses_a_broken_record_and_passes_a_good_one(origin: Path, tmp_path: Path) -> None:
    if shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("pre-commit is not installed in this environment (add it to requirements-dev.txt)")
    clone = fresh_clone(origin, tmp_path / "clone")
    env = env_for(clone, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"))

    def pre_commit(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--files", *files],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
        )

    good = pre_commit("sources/figures/fig-0003.yaml", "scripts/run_workflow.py")
    assert good.returncode == 0, output(good)
    assert "Passed" in good.stdout and "Failed" not in good.stdout

    break_records(clone)
    [(path, line, column, _, _)] = [p for p in validate_json(clone) if p[0] == "sources/figures/fig-0003.yaml"]
    bad = pre_commit("sources/figures/fig-0003.yaml")
    assert bad.returncode == 1
    assert f"{path}:{line}:{column}: error:" in bad.stdout
    # Only the files given are reported on: the other broken records are not this commit's.
    assert "evt-0001" not in bad.stdout


# --- issue forms ----------------------------------------------------------------------------


def forms() -> dict[str, Any]:
    folder = GITHUB / "ISSUE_TEMPLATE"
    return {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.yml"))
        if p.name != "config.yml"
    }


def test_every_issue_form_is_well_formed_and_asks_about_witness_safety() -> None:
    assert set(forms()) == {"correction.yml", "new-source.yml"}
    for name, form in forms().items():
        assert form["name"] and form["description"] and form["body"], name
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids)), f"{name}: an id is used twice"
        for item in form["body"]:
            assert item["type"] in FORM_TYPES, f"{name}: unknown body type {item['type']!r}"
            assert item["type"] == "markdown" or ("id" in item and item["attributes"]["label"]), (name, item)
        [safety] = [item for item in form["body"] if item["type"] == "checkboxes"]
        assert all(option["required"] for option in safety["attributes"]["options"])
        assert "witness" in safety["attributes"]["options"][0]["label"]
    assert yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))[
        "blank_issues_enabled"
    ] in (True, False)


def test_the_correction_form_has_the_fields_the_site_fills_in() -> None:
    body = {item.get("id"): item for item in forms()["correction.yml"]["body"]}
    # Every page links to ?template=correction.yml&record=<ID>&page=<address>: these ids take them.
    assert body["record"]["type"] == body["page"]["type"] == "input"
    assert body["wrong"]["validations"]["required"] and body["evidence"]["validations"]["required"]


def test_the_new_source_form_offers_the_archives_source_types() -> None:
    [dropdown] = [item for item in forms()["new-source.yml"]["body"] if item["type"] == "dropdown"]
    assert dropdown["attributes"]["options"] == list(SOURCE_TYPES.values())
