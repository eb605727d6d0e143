"""`new KIND`: a record file listing every field, at the next free ID, never overwriting."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.compile.build import check
from build_tools.outputs.scaffold import NEVER_WRITTEN, create, next_id, scaffold
from build_tools.reading.yamlread import parse_yaml
from build_tools.records.model import KINDS, korean_fields

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# what an unfilled scaffold may be faulted for: nothing about files, YAML or references
UNFILLED_CODES = {"missing-field", "invalid-value", "invalid-date", "wrong-type"}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---- the command ------------------------------------------------------------------------------


def test_new_figure_takes_the_next_free_id(archive_copy: Path) -> None:
    before = snapshot(archive_copy)
    r = cli("new", "figure", cwd=archive_copy)
    assert (r.returncode, r.stdout, r.stderr) == (0, "sources/figures/fig-0005.yaml\n", "")
    after = snapshot(archive_copy)
    assert set(after) - set(before) == {"sources/figures/fig-0005.yaml"}
    changed = [k for k, v in before.items() if after[k] != v]
    assert changed == ["permalinks.txt"], "new must touch no file but the permalink registry"
    assert "/figures/fig-0005/\n" in after["permalinks.txt"].decode("utf-8")
    assert after["sources/figures/fig-0005.yaml"].decode("utf-8") == scaffold(KINDS["figure"])
    r = cli("new", "figure", cwd=archive_copy)
    assert r.stdout == "sources/figures/fig-0006.yaml\n"


def test_unfilled_scaffold_fails_validation_at_each_required_field(archive_copy: Path) -> None:
    assert cli("new", "figure", cwd=archive_copy).returncode == 0
    r = cli("validate", cwd=archive_copy)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[-1] == f"{len(lines) - 1} errors in 21 records"
    found = set()
    for line in lines[:-1]:
        m = re.match(r"^(\S+):(\d+):\d+: error: .* \[([a-z-]+)\]$", line)
        assert m, line
        assert m[1] == "sources/figures/fig-0005.yaml", "only the new file may have problems"
        assert m[3] in UNFILLED_CODES, line
        found.add((int(m[2]), m[3]))
    text = (archive_copy / "sources" / "figures" / "fig-0005.yaml").read_text(encoding="utf-8").splitlines()

    def line_of(key: str) -> int:
        return next(n for n, t in enumerate(text, 1) if t.startswith(f"{key}:"))

    # each empty required field is named at its own line
    assert {
        (line_of("title"), "invalid-value"),
        (line_of("measure"), "invalid-value"),
        (line_of("unit"), "invalid-value"),
        (line_of("period"), "invalid-date"),
    } <= found
    # and the value, which needs one of exact/about/between/at_least/at_most
    assert any(line == line_of("value") for line, _ in found)


def test_id_option_chooses_the_id(archive_copy: Path) -> None:
    r = cli("new", "figure", "--id", "fig-alpha-deaths", cwd=archive_copy)
    assert (r.returncode, r.stdout) == (0, "sources/figures/fig-alpha-deaths.yaml\n")
    assert (archive_copy / "sources" / "figures" / "fig-alpha-deaths.yaml").is_file()
    r = cli("new", "source", "--id", "src-0100", cwd=archive_copy)
    assert r.stdout == "sources/sources/src-0100.yaml\n"
    r = cli("new", "source", cwd=archive_copy)
    assert r.stdout == "sources/sources/src-0101.yaml\n"


def test_existing_file_is_never_overwritten(archive_copy: Path) -> None:
    before = snapshot(archive_copy)
    r = cli("new", "figure", "--id", "fig-0001", cwd=archive_copy)
    assert r.returncode != 0
    assert "already" in r.stderr and "fig-0001" in r.stderr
    assert "Traceback" not in r.stderr
    assert snapshot(archive_copy) == before


@pytest.mark.parametrize(("kind", "rid"), [("figure", "src-0001"), ("testimony", "tst-0001"), ("place", "wigs")])
def test_an_id_used_by_any_record_is_refused(archive_copy: Path, kind: str, rid: str) -> None:
    """IDs are unique across the archive: `new` must not create a duplicate-id in another folder
    (src-0001 is a source, tst-0001 a .md testimony, wigs a product)."""
    before = snapshot(archive_copy)
    r = cli("new", kind, "--id", rid, cwd=archive_copy)
    assert r.returncode != 0, r.stdout
    assert rid in r.stderr and "Traceback" not in r.stderr
    assert snapshot(archive_copy) == before


@pytest.mark.parametrize(
    "rid", ["Fig_1", "FIG-0001", "fig_0001", "a--b", "-a", "a-", "fig 1", "../../escape", "a/b", ""]
)
def test_an_invalid_id_is_refused_clearly(archive_copy: Path, rid: str) -> None:
    outside = snapshot(archive_copy.parent)
    r = cli("new", "figure", "--id", rid, cwd=archive_copy)
    assert r.returncode != 0
    assert "not a valid ID" in r.stderr and f"'{rid}'" in r.stderr, r.stderr
    assert "lowercase" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert snapshot(archive_copy.parent) == outside, "nothing may be written, inside the archive or out"


def test_an_unknown_kind_is_refused(archive_copy: Path) -> None:
    r = cli("new", "figures", cwd=archive_copy)
    assert r.returncode != 0
    assert "figure" in r.stderr and "Traceback" not in r.stderr
    assert not (archive_copy / "sources" / "figuress").exists()


# ---- the scaffold itself ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_scaffold_lists_every_field(kind: str) -> None:
    """Required fields are written out to fill in; optional ones are listed as comments."""
    model = KINDS[kind].model
    text = scaffold(KINDS[kind])
    parsed = parse_yaml(text)
    assert parsed.issues == []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in NEVER_WRITTEN:  # only a renamed record has former IDs
            assert key not in text, f"{kind}: a new record must not offer '{key}'"
        elif field.is_required():
            assert key in parsed.data, f"{kind}: required field '{key}' is missing from the scaffold"
        else:
            assert key in parsed.data or re.search(rf"^# {re.escape(key)}:", text, re.M), (
                f"{kind}: '{key}' is not listed"
            )
    if kind in ("figure", "testimony"):
        # policy requires a citation with a locator: the scaffold asks for both
        assert "cites" in text and "locator" in text


def test_scaffold_lists_nested_required_fields_and_choices() -> None:
    route = parse_yaml(scaffold(KINDS["route"])).data
    assert set(route["legs"][0]) >= {"from", "to", "mechanism", "description"}
    figure = scaffold(KINDS["figure"])
    measure = next(line for line in figure.splitlines() if line.startswith("measure:"))
    assert "one of:" in measure and "annual-mortality-rate" in measure
    subjects = next(line for line in figure.splitlines() if line.startswith("subjects:"))
    assert "camp" in subjects  # says what the IDs may point at


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_unfilled_fails_validation_without_crashing(archive_copy: Path, kind: str) -> None:
    path = create(archive_copy, kind)
    rel = path.relative_to(archive_copy).as_posix()
    assert rel == f"sources/{KINDS[kind].plural}/{path.stem}.yaml"
    assert path.stem.startswith(KINDS[kind].prefix + "-")
    _index, report = check(archive_copy)
    assert report.problems, f"an unfilled {kind} must not pass validation"
    assert {p.origin.path for p in report.problems} == {rel}
    assert {p.code for p in report.problems} <= UNFILLED_CODES


def fill(text: str, values: dict[str, str]) -> str:
    """Fill a scaffold as a contributor would: for each key, the first line naming it (commented
    out or not, as a list item or not) becomes 'key: value'; then every citation left empty
    gets a source and a locator, and commented lines that remain are dropped."""
    lines = text.splitlines()
    for key, value in values.items():
        pattern = re.compile(rf"^(\s*)(?:# )?(- )?{re.escape(key)}:.*$")
        n = next(i for i, line in enumerate(lines) if pattern.match(line))
        m = pattern.match(lines[n])
        assert m is not None
        lines[n] = f"{m[1]}{m[2] or ''}{key}: {value}"
    out = []
    for line in lines:
        line = re.sub(r'^(\s*(?:- )?)source: ""(.*)$', r"\1source: src-0001\2", line)
        line = re.sub(r'^(\s*)locator: ""(.*)$', r"\1locator: p. 9\2", line)
        if not line.lstrip().startswith("#"):
            out.append(line)
    return "\n".join(out) + "\n"


def test_filled_figure_scaffold_validates(archive_copy: Path) -> None:
    path = create(archive_copy, "figure")
    values = {
        "title": "Deaths at Camp Alpha",
        "measure": "deaths",
        "subjects": "[camp-alpha]",
        "exact": "12",
        "unit": "deaths",
        "period": '"2020"',
    }
    if "cites" not in parse_yaml(path.read_text(encoding="utf-8")).data:
        values["cites"] = "[{source: src-0001, locator: p. 9}]"
    path.write_text(fill(path.read_text(encoding="utf-8"), values), encoding="utf-8")
    _index, report = check(archive_copy)
    assert report.format_text() == "no problems in 21 records"


def test_filled_route_scaffold_validates(archive_copy: Path) -> None:
    path = create(archive_copy, "route")
    values = {
        "title": "Wigs to the NGO",
        "summary": "A route.",
        "from": "camp-alpha",
        "to": "org-test-ngo",
        "mechanism": "export",
        "description": "Shipped.",
    }
    path.write_text(fill(path.read_text(encoding="utf-8"), values), encoding="utf-8")
    _index, report = check(archive_copy)
    assert report.format_text() == "no problems in 21 records"


def test_next_id_is_one_above_the_highest_not_a_gap(archive_copy: Path) -> None:
    (archive_copy / "sources" / "figures" / "fig-0002.yaml").unlink()
    assert next_id(archive_copy, KINDS["figure"]) == "fig-0005"
    assert next_id(archive_copy, KINDS["testimony"]) == "tst-0004"  # counts tst-0001.md too
    assert next_id(archive_copy, KINDS["event"]) == "evt-0002"
    assert next_id(archive_copy, KINDS["team"]) == "team-0001"  # team-alpha-wigs has no number


def test_create_makes_a_missing_kind_folder(archive_copy: Path) -> None:
    (archive_copy / "sources" / "events" / "evt-0001.yaml").unlink()
    (archive_copy / "sources" / "events").rmdir()
    path = create(archive_copy, "event")
    # evt-0001 was published (it is in the registry), so its ID is never given out again.
    assert path.relative_to(archive_copy).as_posix() == "sources/events/evt-0002.yaml"
    with pytest.raises(FileExistsError):
        create(archive_copy, "event", "evt-0001")


def test_ids_of_deleted_records_are_never_reused(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(Path(__file__).parent / "fixtures" / "archive", archive)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@localhost"]
    subprocess.run([*git, "init", "-q"], cwd=archive, check=True)
    subprocess.run([*git, "add", "-A"], cwd=archive, check=True)
    subprocess.run([*git, "commit", "-qm", "records"], cwd=archive, check=True)
    (archive / "sources" / "figures" / "fig-0004.yaml").unlink()  # the highest figure ID
    subprocess.run([*git, "commit", "-qam", "withdraw fig-0004"], cwd=archive, check=True)
    out = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(archive), "new", "figure"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().endswith("sources/figures/fig-0005.yaml")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_scaffold_offers_only_the_korean_its_kind_can_take(kind: str) -> None:
    """The ``ko:`` block lists what this kind has in English: a figure its population, a camp no
    ko.name (its Korean name is name_ko) and no title, which a camp does not have."""
    text = scaffold(KINDS[kind])
    block = text.split("# ko:", 1)[1]
    offered = set(re.findall(r"^\s*#\s+(\w+):", block, re.M))
    model = KINDS[kind].model
    assert offered == set(korean_fields(model)), kind
    assert offered <= set(model.model_fields)
    if kind == "figure":
        assert "population" in offered
    if "name_ko" in model.model_fields:
        assert "name" not in offered
