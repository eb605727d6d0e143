"""A preview rebuild that takes unchanged pages from the last build must show exactly what a build
from nothing shows: after each kind of edit a contributor makes, every page, head and data file is
compared with a fresh build's. And a large build must keep pages compressed between converting and
writing them without changing a byte of the site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import REPO_ROOT
from hypothesis import given
from hypothesis import strategies as st
from test_scale import _synthetic

from build_tools.compile.build import Result, build
from build_tools.outputs.export import as_json, whole_json
from build_tools.pages import listing
from build_tools.pages.i18n import LANGUAGES
from build_tools.reading.history import ArchiveInfo
from build_tools.reading.history import Change as History
from build_tools.records.model import KINDS
from build_tools.speed.reads import ABOUT, QUESTIONS, Kept


def _shown(result: Result) -> tuple[list[tuple[str, str, str]], dict[str, str], int]:
    pages = [(p.path, p.markdown, p.head) for p in result.pages]
    return pages, result.files, len(result.report.problems)


def _first(root: Path, folder: str, holding: str = r"^title:") -> Path:
    """The first record file in ``folder`` with a line matching ``holding``."""
    return next(p for p in sorted((root / "sources" / folder).glob("*.*")) if re.search(holding, p.read_text(), re.M))


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, f"the edit {pattern!r} found nothing in {path.name}"
    path.write_text(changed, encoding="utf-8")


def _edits(root: Path) -> list[tuple[str, object]]:
    """(what, the edit): the changes a contributor makes, each leaving the archive as it then is."""
    figure, source = _first(root, "figures", r"^  exact: "), _first(root, "sources")
    camp, team = _first(root, "camps", r"^  lat: "), _first(root, "teams", r"^camp: ")
    testimony = _first(root, "testimonies")
    other_camp = sorted((root / "sources" / "camps").glob("*.yaml"))[-1].stem
    new_figure = figure.with_name(f"fig-9999{figure.suffix}")
    alike, period = _claim_alike(root)
    return [
        # now a claim about the same thing as another figure's: each page weighs it against the other
        ("restate a figure's period", lambda: _edit(alike, r"^period: .*$", f"period: {period}")),
        ("retitle a testimony", lambda: _edit(testimony, r"^title:.*$", "title: A retitled testimony")),
        ("retitle a figure", lambda: _edit(figure, r"^title:.*$", "title: Retitled figure")),
        ("change a figure's value", lambda: _edit(figure, r"^  exact: .*$", "  exact: 3")),
        ("move a camp", lambda: _edit(camp, r"^  lat: .*$", "  lat: 41.5")),
        ("rename a camp", lambda: _edit(camp, r"^name: .*$", "name: Renamed Camp No. 77")),
        ("move a team to another camp", lambda: _edit(team, r"^camp: .*$", f"camp: {other_camp}")),
        ("retitle a source", lambda: _edit(source, r"^title: .*$", 'title: "A retitled source"')),
        ("add a figure", lambda: shutil.copy(figure, new_figure)),
        ("break a record", lambda: _edit(new_figure, r"^title:.*$", "title: [unclosed")),
        ("mend it", lambda: _edit(new_figure, r"^title:.*$", "title: Mended figure")),
        ("delete a testimony", lambda: testimony.unlink()),
    ]


def _claim_alike(root: Path) -> tuple[Path, str]:
    """A figure, and the period that makes it a claim about the same thing as another figure's
    (the same measure, unit and statistic, about a subject in common), which it is not yet."""

    def said(path: Path, field: str) -> str:
        found = re.search(rf"^{field}: (.*)$", path.read_text(encoding="utf-8"), re.M)
        return found[1] if found else ""

    seen: dict[tuple[str, ...], Path] = {}
    for path in sorted((root / "sources" / "figures").glob("*.yaml")):
        for subject in said(path, "subjects").strip("[]").split(", "):
            claim = (said(path, "measure"), said(path, "unit"), said(path, "statistic"), subject)
            other = seen.setdefault(claim, path)
            if other != path and said(other, "period") != said(path, "period"):
                return path, said(other, "period")
    raise AssertionError("no two figures make claims about the same thing")


# Big enough for every kind of edit (two camps, two figures that claim alike, lists in several
# parts of PART records); what a large archive costs is measured by scripts/benchmark.py.
RECORDS = 100
PART = 6


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("incremental")
    _synthetic().generate(root, RECORDS, 7)
    return root


def test_a_rebuild_from_kept_pages_shows_what_a_fresh_build_shows(archive: Path) -> None:
    _rebuilds_match(archive)


def test_lists_in_parts_are_rebuilt_as_a_fresh_build_cuts_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With every list of the archive in parts of PART, the same twelve edits: an added or deleted
    record moves records from part to part, and each part must still be what a fresh build makes."""
    monkeypatch.setattr(listing, "PAGE_SIZE", PART)
    _synthetic().generate(tmp_path, RECORDS, 7)
    _rebuilds_match(tmp_path)


def test_an_edit_to_one_figure_renders_one_part_of_each_list_it_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PAGE_SIZE", PART)
    _synthetic().generate(tmp_path, RECORDS, 7)
    kept, _figure, redone = _retitle_a_figure(tmp_path)
    for folder in ("figures", "timeline"):
        parts = {
            k[0] for k in kept.texts if isinstance(k[0], str) and re.match(rf"{folder}/(page/\d+/)?index\.md$", k[0])
        }
        done = {k[0] for k in redone if k[0] in parts}
        assert len(parts) > 3 and len(done) == 1, f"{folder}: {len(done)} of {len(parts)} parts made again, not one"


def _retitle_a_figure(root: Path) -> tuple[Kept, Path, set[object]]:
    """A preview's build, then a figure retitled and built again: what was kept, the figure, and
    the keys of the pages and heads made again."""
    kept = Kept()
    build(root, kept=kept)
    before = dict(kept.texts)
    figure = _first(root, "figures", r"^  exact: ")
    _edit(figure, r"^title:.*$", "title: Once more retitled")
    build(root, kept=kept)
    return kept, figure, {key for key, made in kept.texts.items() if before.get(key) is not made}


def _rebuilds_match(archive: Path) -> None:
    kept = Kept()
    build(archive, kept=kept)
    for what, edit in _edits(archive):
        edit()  # type: ignore[operator]
        rebuilt = build(archive, kept=kept)
        fresh = build(archive)
        assert _shown(rebuilt) == _shown(fresh), f"after '{what}' the preview differs from a fresh build"
        assert kept.reused > 0, f"after '{what}' nothing was taken from the last build"


def test_a_second_record_edited_in_a_checkout_is_rebuilt_as_a_fresh_build_shows_it(archive: Path) -> None:
    """In a git checkout the first edit makes every page's version "+modified" (all are made
    again); each record edited after that only joins those with uncommitted changes, whose page
    then says "not yet committed" and shows no history. The rebuild takes the other pages from the
    last, and shows what a fresh build shows: also after an edit to a comment alone, which leaves
    the record's fields as they were."""
    first, second, third = sorted((archive / "sources" / "figures").glob("*.yaml"))[:3]
    rel = {path: path.relative_to(archive).as_posix() for path in (first, second, third)}
    commit = History("f" * 40, "2026-11-30", "First published")
    changes = {path: [commit] for path in rel.values()}
    site = "https://example.org/"

    def info(*edited: Path) -> ArchiveInfo:
        return ArchiveInfo(
            "Archive", site, "abc1234+modified", changes=changes, modified=frozenset(rel[p] for p in edited)
        )

    kept = Kept()
    build(archive, info(first), kept=kept)
    for edited, edit in (
        ((first, second), lambda: _edit(second, r"^title:.*$", "title: Edited second")),
        ((first, second, third), lambda: third.write_text(third.read_text(encoding="utf-8") + "# a comment\n")),
    ):
        edit()
        rebuilt = build(archive, info(*edited), kept=kept)
        fresh = build(archive, info(*edited))
        assert _shown(rebuilt) == _shown(fresh), f"after {edited[-1].name} was edited the preview differs"
        page = next(p.markdown for p in rebuilt.pages if p.path == f"figures/{edited[-1].stem}/index.md")
        assert "not yet committed" in page and "2026" not in page.split("Last changed", 1)[1].split("\n", 1)[0]
        assert kept.reused > len(kept.texts) * 0.9, f"{kept.reused} of {len(kept.texts)} pages and heads taken"


def test_an_edit_to_one_figure_renders_only_the_pages_that_show_it(archive: Path) -> None:
    kept, figure, redone = _retitle_a_figure(archive)
    for lang in LANGUAGES.values():  # its page and head in each language
        assert (f"{lang.prefix}figures/{figure.stem}/index.md", "figure.md.j2") in redone
        assert ("head", lang.code, figure.stem) in redone
    assert len(redone) < len(kept.texts) / 10, f"{len(redone)} of {len(kept.texts)} pages and heads made again"


def test_a_rebuild_compiles_no_template_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling the templates was most of a preview rebuild of the first archive (1.4 s of it;
    0.3 s without): the preview compiles each once, and a rebuild still matches a fresh build
    (test_a_rebuild_from_kept_pages_shows_what_a_fresh_build_shows)."""
    compiled: list[str | None] = []
    real = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: Any, **kw: Any) -> Any:
        compiled.append(name)
        return real(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    kept = Kept()
    build(archive, kept=kept)
    first = list(compiled)
    _edit(_first(archive, "figures", r"^  exact: "), r"^title:.*$", "title: Retitled without compiling")
    compiled.clear()
    build(archive, kept=kept)
    assert first and compiled == [], f"compiled again on a rebuild: {sorted(set(map(str, compiled)))}"
    build(archive)  # a build of its own (mkdocs build) keeps nothing: it compiles them afresh
    assert "figure.md.j2" in compiled and "camp.md.j2" in compiled


def test_each_question_is_worked_out_once_a_build(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A question about the whole archive (the map's marks, which every camp's and place's page
    draws) is answered once for each build of the preview and its arguments, however many pages
    ask it; a rebuild asks again only what the edit may change, once."""
    asked: list[tuple[object, ...]] = []
    for name, work in list(QUESTIONS.items()):
        monkeypatch.setitem(QUESTIONS, name, lambda *args, _w=work, _n=name: asked.append((_n, *args[1:])) or _w(*args))
    kept = Kept()
    result = build(archive, kept=kept)
    mapped = [q for q in asked if q[0] == "mapped"]
    drawn = sum("<svg" in p.markdown for p in result.pages if p.path.split("/")[-3:-2] in (["camps"], ["places"]))
    assert drawn > len(LANGUAGES) and sorted(mapped) == sorted(("mapped", lang.code) for lang in LANGUAGES.values())
    assert len(asked) == len(set(asked)), "a question was worked out twice in one build"
    asked.clear()
    _edit(_first(archive, "camps", r"^  lat: "), r"^  lat: .*$", "  lat: 40.9")
    build(archive, kept=kept)
    assert len(asked) == len(set(asked)) and ("mapped", "en") in asked


def test_every_question_says_which_kinds_it_is_about() -> None:
    assert set(ABOUT) == set(QUESTIONS) and all(kinds <= set(KINDS) for kinds in ABOUT.values())


@given(st.lists(st.dictionaries(st.text(), st.one_of(st.text(), st.integers(), st.lists(st.text()))), max_size=4))
def test_the_whole_archive_json_is_its_records_as_written_once(records: list[dict[str, object]]) -> None:
    info = ArchiveInfo("Archive \u2028 \n name", "https://example.org/")
    whole = {"archive": info.name, "version": info.version, "url": info.site_url, "records": records}
    assert whole_json(info, [as_json(r) for r in records]) == as_json(whole)


def test_a_build_keeps_nothing_between_runs(archive: Path) -> None:
    assert _shown(build(archive)) == _shown(build(archive))


def test_pages_held_compressed_build_the_same_site(tmp_path: Path, default_site: Path) -> None:
    """The site built with pages read from files as they are made (preview.Spill) and held
    compressed once converted (build_tools/speed/lean.py), conftest's default_site, is the one MkDocs
    builds when it is handed and keeps them all in memory: same files, same bytes, every page
    with its title and content."""
    site = default_site
    page = (site / "camps" / "chongori" / "index.html").read_text(encoding="utf-8")
    assert "<title>Chongori" in page and page.count("<h1") == 1 and "ea-visual-map" in page
    plain = tmp_path / "plain"
    script = (
        "import sys, mkdocs.__main__ as m; from build_tools.speed import lean; from build_tools.site import plugin as mkdocs_plugin\n"
        "mkdocs_plugin.Spill = lambda: None\n"
        "lean.LeanPages.on_page_content = lambda self, html, /, **_: html\n"
        "lean.LeanPages.on_page_context = lambda self, context, /, **_: context\n"
        "lean.LeanPages.on_post_page = lambda self, output, /, **_: output\n"
        "sys.argv = ['mkdocs', 'build', '-q', '-d', sys.argv[1]]; m.cli()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(plain)], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    built = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts)
    assert built == sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file() and "pagefind" not in p.parts)
    for rel in built:
        assert (site / rel).read_bytes() == (plain / rel).read_bytes(), f"{rel} differs with pages held compressed"
