"""Permalinks never break: the registry, renames that redirect, tombstones, IDs never reused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.checks.permalinks import REGISTRY, read_registry
from build_tools.cli import main
from build_tools.compile.build import build, check

REPO = Path(__file__).resolve().parent.parent


def codes(root: Path) -> list[tuple[str, int, str]]:
    _index, report = check(root)
    return [(p.origin.path, p.origin.line, p.code) for p in report.sorted()]


def rename(root: Path, kind_plural: str, old: str, new: str) -> Path:
    """Rename a record the documented way: move the file, add `formerly:`, update references."""
    src = root / "sources" / kind_plural / f"{old}.yaml"
    dest = src.with_name(f"{new}.yaml")
    text = src.read_text(encoding="utf-8")
    src.unlink()
    dest.write_text(text.rstrip("\n") + f"\nformerly: [{old}]\n", encoding="utf-8")
    for path in (root / "sources").rglob("*"):
        if path.is_file():
            body = path.read_text(encoding="utf-8")
            fixed = body.replace(f"[[{old}]]", f"[[{new}]]").replace(f": {old}\n", f": {new}\n")
            fixed = fixed.replace(f"- {old}\n", f"- {new}\n").replace(f"[{old}]", f"[{new}]")
            if fixed != body and path != dest:
                path.write_text(fixed, encoding="utf-8")
    return dest


def test_the_real_archive_registers_every_published_permalink() -> None:
    registry = read_registry(REPO)
    assert registry is not None, f"{REGISTRY} is missing"
    _index, report = check(REPO)
    assert [p.format() for p in report.problems] == []
    assert len(registry) >= 60


def test_a_renamed_record_redirects_from_its_old_permalink(archive_copy: Path) -> None:
    rename(archive_copy, "figures", "fig-0001", "fig-0101")
    CliRunner().invoke(main, ["--root", str(archive_copy), "permalinks"])
    assert codes(archive_copy) == []
    result = build(archive_copy)
    page = result.files["figures/fig-0001/index.html"]
    assert 'data-to="../../figures/fig-0101/"' in page
    assert 'href="../../figures/fig-0101/"' in page  # without scripts, a link the reader can follow
    # The old JSON address still answers, with the record under its new ID.
    assert '"id": "fig-0101"' in result.files["figures/fig-0001.json"]


def test_a_reference_to_the_old_id_says_what_it_is_now(archive_copy: Path) -> None:
    camp = archive_copy / "sources" / "camps" / "camp-alpha.yaml"
    rename(archive_copy, "figures", "fig-0001", "fig-0101")
    camp.write_text(camp.read_text(encoding="utf-8") + "notes: See [[fig-0001]].\n", encoding="utf-8")
    _index, report = check(archive_copy)
    (problem,) = [p for p in report.problems if p.code == "unknown-reference"]
    assert problem.origin.path == "sources/camps/camp-alpha.yaml"
    assert "it is now 'fig-0101'" in problem.message


def test_deleting_a_published_record_without_a_redirect_names_the_lost_permalink(archive_copy: Path) -> None:
    (archive_copy / "sources" / "events" / "evt-0001.yaml").unlink()
    _index, report = check(archive_copy)
    lost = [p for p in report.problems if p.code == "lost-permalink"]
    assert [(p.origin.path, "/events/evt-0001/" in p.message) for p in lost] == [(REGISTRY, True)]
    assert "formerly: [evt-0001]" in lost[0].message


def test_a_lost_permalink_is_reported_even_when_validating_one_file(archive_copy: Path) -> None:
    (archive_copy / "sources" / "events" / "evt-0001.yaml").unlink()
    one = archive_copy / "sources" / "places" / "place-land.yaml"
    _index, report = check(archive_copy, [one])
    assert [p.code for p in report.problems] == ["lost-permalink"]


def test_a_withdrawn_record_leaves_a_tombstone_page(archive_copy: Path) -> None:
    event = archive_copy / "sources" / "events" / "evt-0001.yaml"
    event.write_text(
        "withdrawn:\n  date: 2026-11-01\n  reason: The only source retracted the report.\ntitle: A test event\n",
        encoding="utf-8",
    )
    assert codes(archive_copy) == []
    result = build(archive_copy)
    pages = {p.path: p.markdown for p in result.pages}
    tomb = pages["events/evt-0001/index.md"]
    assert "# Withdrawn: A test event" in tomb
    assert "withdrawn on 1 November 2026" in tomb
    assert "The only source retracted the report." in tomb
    assert "evt-0001" in pages["events/index.md"].split("## Withdrawn")[1]
    # Gone from everything else: no other page links it as a live record, no data row holds it.
    assert "evt-0001" not in pages["index.md"]
    assert "evt-0001" not in result.files["data/archive.json"]
    # Its JSON address and page head still answer, saying it was withdrawn.
    assert '"reason": "The only source retracted the report."' in result.files["events/evt-0001.json"]
    head = next(p.head for p in result.pages if p.path == "events/evt-0001/index.md")
    assert "Withdrawn" in head


def test_new_registers_the_new_permalink_and_never_reuses_a_published_id(archive_copy: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["--root", str(archive_copy), "new", "event"])
    assert done.exit_code == 0, done.output
    assert "/events/evt-0002/" in {link for link, _ in read_registry(archive_copy) or []}
    # An ID published once and renamed away stays taken.
    rename(archive_copy, "figures", "fig-0001", "fig-0101")
    runner.invoke(main, ["--root", str(archive_copy), "permalinks"])
    refused = runner.invoke(main, ["--root", str(archive_copy), "new", "figure", "--id", "fig-0001"])
    assert refused.exit_code == 2
    assert "published before" in refused.output


def test_the_permalinks_command_adds_and_never_removes(archive_copy: Path) -> None:
    registry = archive_copy / REGISTRY
    registry.write_text(registry.read_text(encoding="utf-8") + "/events/evt-0999/\n", encoding="utf-8")
    shutil.copy(archive_copy / "sources" / "events" / "evt-0001.yaml", archive_copy / "sources/events/evt-0005.yaml")
    done = CliRunner().invoke(main, ["--root", str(archive_copy), "permalinks"])
    assert "added /events/evt-0005/" in done.output
    links = [link for link, _ in read_registry(archive_copy) or []]
    assert "/events/evt-0999/" in links and "/events/evt-0005/" in links
    assert links == sorted(links)


@pytest.mark.parametrize("name", ["Bad Name", "fig-02\n00", "con"])
def test_the_permalinks_command_never_registers_a_file_name_that_is_not_an_id(archive_copy: Path, name: str) -> None:
    """The registry is never pruned, so a line written from a bad file name (a space, a line
    break, a name Windows keeps) would stay for ever: such a file is named, and nothing is added."""
    registry = archive_copy / REGISTRY
    before = registry.read_text(encoding="utf-8")
    shutil.copy(archive_copy / "sources/events/evt-0001.yaml", archive_copy / f"sources/events/{name}.yaml")
    done = CliRunner().invoke(main, ["--root", str(archive_copy), "permalinks"])
    assert done.exit_code == 1
    assert "not added: sources/events/" in done.output and "invalid-id" in done.output
    assert registry.read_text(encoding="utf-8") == before
