"""Long lists in parts: a kind's index and the timeline are cut into pages of at most PAGE_SIZE
records that together list every record once, in order, each part linking to all the others, so a
reader on a phone never loads a list of thousands; a short list stays one page."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from test_incremental import _synthetic

from build_tools.compile.build import build
from build_tools.pages import fmt, listing
from build_tools.records.model import KINDS

SIZE = 20  # small parts, so that every list of a 300-record archive is cut
PAGER = re.compile(r'<nav class="ea-pager".*?</nav>', re.S)
LINK = re.compile(r"\]\(([^)]+\.md)\)")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("listing")
    _synthetic().generate(root, 300, 3)
    return root


@pytest.fixture(scope="module")
def pages(archive: Path) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "PAGE_SIZE", SIZE)
        return {p.path: p.markdown for p in build(archive).pages}


def _parts(pages: dict[str, str], folder: str) -> list[str]:
    """The Markdown of each part of the list in ``folder``, in order."""
    found = [pages[f"{folder}/index.md"]]
    while f"{folder}/page/{len(found) + 1}/index.md" in pages:
        found.append(pages[f"{folder}/page/{len(found) + 1}/index.md"])
    return found


def _rows(markdown: str, folder: str) -> list[str]:
    """The IDs of the records a list's table links to, in order (the pager and drawing aside)."""
    table = [line for line in PAGER.sub("", markdown).splitlines() if line.startswith("| ")]
    return [m for line in table for m in re.findall(rf"\(\.\./(?:\.\./)*{folder}/([a-z0-9-]+)/index\.md\)", line)[:1]]


def test_every_kind_is_listed_in_parts_that_hold_each_record_once_in_order(
    archive: Path, pages: dict[str, str]
) -> None:
    index = build(archive).index
    for kind in KINDS.values():
        parts = _parts(pages, kind.plural)
        listed = [_rows(p, kind.plural) for p in parts]
        assert all(0 < len(rows) <= SIZE for rows in listed), f"{kind.plural}: parts of {[len(r) for r in listed]}"
        expected = [e.id for e in index.by_kind[kind.name]]
        if kind.name == "event":  # in date order, as the events' list has always been
            expected = [
                e.id for e in sorted(index.by_kind["event"], key=lambda e: (fmt.date_sort_key(e.record.date), e.id))
            ]  # type: ignore[union-attr]
        assert [rid for rows in listed for rid in rows] == expected, (
            f"{kind.plural}: a record missing, repeated or out of order"
        )
        assert len(parts) == -(-len(expected) // SIZE)


def test_every_part_links_to_every_other_and_names_what_it_spans(pages: dict[str, str]) -> None:
    for folder in ("figures", "testimonies", "timeline"):
        parts = _parts(pages, folder)
        paths = [f"{folder}/index.md"] + [f"{folder}/page/{n}/index.md" for n in range(2, len(parts) + 1)]
        for n, (path, markdown) in enumerate(zip(paths, parts, strict=True), 1):
            pagers = PAGER.findall(markdown)
            assert len(pagers) == 2, f"{path}: a pager above and below the list"
            targets = [posixpath.normpath(posixpath.join(posixpath.dirname(path), t)) for t in LINK.findall(pagers[0])]
            assert targets == [p for p in paths if p != path], f"{path} does not link to each other part"
            assert f"This is part {n}:" in pagers[0] and pagers[0].count("**") == 2
            heading = next(line for line in markdown.splitlines() if line.startswith("# "))
            before = markdown.split(heading)[0].strip()  # the front matter only
            assert re.fullmatch(r"---\n.*?\n---", before, re.S), f"{path}: more than front matter above the heading"
            assert heading == (f"# {folder.title()}" if n == 1 else f"# {folder.title()}: {pagers[0].split('**')[1]}")
        if folder == "figures":  # labelled by the IDs each part begins and ends with
            first = _rows(parts[1], folder)
            assert f"**{first[0]} to {first[-1]}**" in PAGER.findall(parts[1])[0]


def test_the_timeline_runs_in_date_order_from_part_to_part(archive: Path, pages: dict[str, str]) -> None:
    index = build(archive).index
    parts = _parts(pages, "timeline")
    assert len(parts) > 2
    order = [
        rid
        for p in parts
        for rid in re.findall(r"^\| [^|]+ \| \[[^]]*\]\([./]*[a-z]+/([a-z0-9-]+)/index\.md\)", p, re.M)
    ]
    dated = [e for k in listing.TIMELINE_KINDS for e in index.by_kind[k]]

    def key(rid: str) -> str:
        rec = index.entries[rid].record
        return fmt.date_sort_key(rec.date if index.entries[rid].kind == "event" else rec.period)  # type: ignore[union-attr]

    assert len(order) == len(set(order)) and set(order) <= {e.id for e in dated}
    assert [key(r) for r in order] == sorted(key(r) for r in order), "the timeline's parts are out of date order"
    for p in parts:  # each part draws only what it lists; one of undated records alone draws nothing
        drawn = set(re.findall(r'href="(?:\.\./)+[a-z]+/([a-z0-9-]+)/"', p.split("<figcaption>")[0]))
        assert drawn <= set(re.findall(r"\((?:\.\./)+[a-z]+/([a-z0-9-]+)/index\.md\)", p))
        assert bool(drawn) == ("| When | What | Kind |" in p) == ("<svg" in p)


def test_a_short_list_stays_one_page_without_a_pager() -> None:
    pages = build(REPO_ROOT).pages
    assert not [p.path for p in pages if "/page/" in p.path]
    assert not [p.path for p in pages if "ea-pager" in p.markdown]


@pytest.mark.slow  # a whole MkDocs build
def test_the_built_site_serves_each_part_at_its_address(archive: Path, tmp_path: Path) -> None:
    """With the real part size: at 300 records the timeline (over 200 dated records) is in two
    parts, both built, linked to each other, and kept out of the navigation."""
    root = tmp_path / "archive"
    shutil.copytree(archive, root)
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(REPO_ROOT / name, root / name)
    shutil.copytree(REPO_ROOT / "docs", root / "docs")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "not included in the" not in run.stderr, "a part of a list was put in the navigation"
    first = (tmp_path / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    second = (tmp_path / "site" / "timeline" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert 'href="page/2/"' in first and 'href="../../"' in second
    assert "<h1" in second and "Timeline: " in second
