"""Under ``mkdocs serve``, an edited record's page is shown before the rest of the site is rebuilt
(build_tools/early.py, serve_early.py). That page must be the very page the rebuild then writes,
and nothing may be shown early that the rebuild would not show."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT
from test_incremental import _edit, _edits
from test_scale import _synthetic

from build_tools import mkdocs_plugin, serve_early
from build_tools.early import AT_MOST, EarlyPage, Snapshot, edited
from build_tools.early import early_pages as _early_pages
from build_tools.i18n import LANGUAGES
from build_tools.load import record_files
from build_tools.pipeline import build
from build_tools.reads import Kept

# The edits of test_incremental that change one record published by the last build: shown early.
# The others add, break or delete a file, which only the rebuild can show.
SHOWN_EARLY = {
    "restate a figure's period",
    "retitle a testimony",
    "retitle a figure",
    "change a figure's value",
    "move a camp",
    "rename a camp",
    "move a team to another camp",
    "retitle a source",
}


def early_pages(root: Path, kept: Kept) -> list[EarlyPage]:
    """The pages shown early from what the last build of ``kept`` left."""
    snapshot = Snapshot.of(kept)
    assert snapshot is not None
    return _early_pages(root, snapshot, edited(root, snapshot.stamps, _touched(root, snapshot)))


def _touched(root: Path, snapshot: Snapshot) -> set[str]:
    """Every file a watcher could name: those of the last build, and those there now."""
    return set(snapshot.stamps) | {p.relative_to(root).as_posix() for p in record_files(root)}


def _copy_of_the_archive(root: Path) -> Path:
    for name in ("sources", "docs"):
        shutil.copytree(REPO_ROOT / name, root / name)
    for name in ("mkdocs.yml", "permalinks.txt", "CITATION.cff"):
        shutil.copy(REPO_ROOT / name, root / name)
    return root


def test_the_page_shown_early_is_the_page_the_rebuild_makes(tmp_path: Path) -> None:
    _synthetic().generate(tmp_path, 300, 7)
    kept = Kept()
    build(tmp_path, kept=kept)
    shown: set[str] = set()
    for what, edit in _edits(tmp_path):
        edit()  # type: ignore[operator]
        snapshot = Snapshot.of(kept)
        assert snapshot is not None
        changed = edited(tmp_path, snapshot.stamps, _touched(tmp_path, snapshot))
        early = early_pages(tmp_path, kept)
        rebuilt = {p.path: p for p in build(tmp_path, kept=kept).pages}
        for made in early:
            assert made.page == rebuilt[made.page.path], f"after '{what}' {made.page.path} differs from the rebuild's"
        if early:
            shown.add(what)
            assert changed is not None and len(changed) == 1
            english = early[0].page.path  # and the same page in each other language
            assert [p.page.path for p in early] == [f"{lang.prefix}{english}" for lang in LANGUAGES.values()]
            assert {p.file for p in early} == set(changed), f"after '{what}' another record's page was shown"
    assert shown == SHOWN_EARLY


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[tuple[Path, Kept]]:
    root = _copy_of_the_archive(tmp_path)
    kept = Kept()
    build(root, kept=kept)
    yield root, kept


def test_an_edit_with_a_problem_waits_for_the_rebuild_which_lists_it(archive: tuple[Path, Kept]) -> None:
    root, kept = archive
    figure = root / "sources" / "figures" / "fig-0001.yaml"
    good = figure.read_text(encoding="utf-8")
    for wrong in (
        lambda: _edit(figure, r"^title:", "titel:"),  # not a field of a figure
        lambda: _edit(figure, r"^title:.*$", "title: as [[fig-9999]] shows"),  # a record that is not there
        lambda: _edit(figure, r"^title:.*$", "title: [unclosed"),  # not YAML
    ):
        wrong()
        assert early_pages(root, kept) == []
        figure.write_text(good, encoding="utf-8")


def test_a_witness_place_that_could_identify_them_is_never_shown_early(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "tests" / "fixtures" / "archive" / "sources", tmp_path / "sources")
    kept = Kept()
    build(tmp_path, kept=kept)
    testimony = tmp_path / "sources" / "testimonies" / "tst-0002.yaml"
    _edit(testimony, r"^  origin: place-province$", "  origin: place-town")  # a town: too precise
    assert early_pages(tmp_path, kept) == []
    codes = {p.code for p in build(tmp_path, kept=kept).report.errors}
    assert "witness-place-too-precise" in codes, "the rebuild holds it back, and says why"


def test_larger_changes_wait_for_the_rebuild(archive: tuple[Path, Kept]) -> None:
    root, kept = archive
    figures = sorted((root / "sources" / "figures").glob("*.yaml"))
    derived = next(p for p in figures if re.search(r"^derived:", p.read_text(encoding="utf-8"), re.M))
    _edit(derived, r"^title:.*$", "title: A derived figure retitled")
    assert early_pages(root, kept) == [], "a derived figure's value is worked out by the rebuild"
    build(root, kept=kept)
    plain = [p for p in figures if p != derived][: AT_MOST + 1]
    for n, figure in enumerate(plain):
        _edit(figure, r"^title:.*$", f"title: Retitled {n}")
    assert early_pages(root, kept) == [], "more files than a single edit changes"
    build(root, kept=kept)
    plain[0].rename(plain[0].with_name("fig-0999.yaml"))
    assert early_pages(root, kept) == [], "a renamed file is a record removed and another added"


def test_two_records_edited_at_once_are_both_shown(archive: tuple[Path, Kept]) -> None:
    root, kept = archive
    _edit(root / "sources" / "camps" / "kaechon.yaml", r"^name: .*$", "name: Kaechon, renamed")
    _edit(root / "sources" / "figures" / "fig-0002.yaml", r"^title:.*$", "title: Retitled figure")
    early = {p.page.path: p.page for p in early_pages(root, kept)}
    assert sorted(early) == ["camps/kaechon.md", "figures/fig-0002.md", "ko/camps/kaechon.md", "ko/figures/fig-0002.md"]
    assert (
        "Kaechon, renamed" in early["camps/kaechon.md"].markdown
        and "ea-visual-map" in early["camps/kaechon.md"].markdown
    )
    assert "Retitled figure" in early["figures/fig-0002.md"].head  # its citation data and JSON-LD


# ---- MkDocs: the page written, and browsers reloaded ------------------------------------------


def _serve_build(root: Path, site: Path, first: bool = False) -> mkdocs_plugin.EvidencePlugin:
    """One build of a ``mkdocs serve --dirty`` session of ``root`` into ``site``, in this process
    (MkDocs keeps the plugin between builds, as serve does); the plugin."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = "http://127.0.0.1:8000/"
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, serve_url=config.site_url, dirty=True)
    plugin = config.plugins["evidence"]
    assert isinstance(plugin, mkdocs_plugin.EvidencePlugin)
    plugin._finished()  # as the server's builder marks it, once the build has ended
    return plugin


def _first_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, mkdocs_plugin.EvidencePlugin]:
    """A copy of the archive, where its serve session writes the site, and the plugin after its
    first build (no search, which these tests do not look at)."""
    monkeypatch.setattr(mkdocs_plugin.EvidencePlugin, "on_post_build", lambda self, **_: None)
    root, site = _copy_of_the_archive(tmp_path / "archive"), tmp_path / "site"
    return root, site, _serve_build(root, site, first=True)


@contextmanager
def _live_server(
    plugin: mkdocs_plugin.EvidencePlugin, root: Path, site: Path, builder: Callable[[], Any], watching: bool = True
) -> Iterator[Any]:
    """MkDocs' own live-reload server of ``site``, with the plugin's first looks; its file watcher
    runs if ``watching`` (else the test reports changes itself)."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(site))
    try:
        assert plugin.look_first(server, root) and plugin._looks is not None
        if watching:
            server.observer.start()
        yield server
    finally:
        if watching:
            server.observer.stop()
        server.server_close()


def test_mkdocs_writes_the_page_early_byte_for_byte_as_the_rebuild_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHIVE_REPO_URL", "https://github.com/example/archive")  # links that name the title
    root, site, plugin = _first_serve(tmp_path, monkeypatch)
    _edit(root / "sources" / "camps" / "chongori.yaml", r"^name: .*$", "name: Chongori, renamed")
    _edit(root / "sources" / "figures" / "fig-0003.yaml", r"^title:.*$", "title: Retitled early")
    assert plugin._look(root, {"sources/camps/chongori.yaml", "sources/figures/fig-0003.yaml", "sources/.x.swp"})
    written = {s.written: s.html for s in (plugin._shown or {}).values()}
    pages = {Path(path).relative_to(site).as_posix(): html for path, html in written.items()}
    assert sorted(pages) == [
        "camps/chongori/index.html",
        "figures/fig-0003/index.html",
        "ko/camps/chongori/index.html",
        "ko/figures/fig-0003/index.html",
    ]
    camp = pages["camps/chongori/index.html"].decode("utf-8")
    assert "<title>Chongori, renamed" in camp and "ea-visual-map" in camp
    figure = pages["figures/fig-0003/index.html"].decode("utf-8")
    assert "Retitled early" in figure.split("</head>")[0], "the page's head (its citation data) is the new one"
    assert "Retitled+early" in figure or "Retitled%20early" in figure, "the correction link names the new title"
    _serve_build(root, site)
    for path, html in written.items():
        assert Path(path).read_bytes() == html, f"the rebuild wrote {path} differently"


def _wait(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_an_edit_saved_during_a_rebuild_is_shown_at_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs' own live-reload server, with its file watcher: the first edit is shown before its
    rebuild; a second, saved while that rebuild makes its pages, is shown at once too, and the
    rebuild (which read the first) does not write over it. Browsers reload for each look, and not
    again after. The second look is made from the last build that finished, not from the one making
    the home page just then (which MkDocs marks active in that build's navigation). The watcher
    reporting that save again while the next rebuild runs (as MkDocs' polling watcher does when it
    catches a file half-written) does not keep a later rebuild from reloading browsers."""
    root, site, plugin = _first_serve(tmp_path, monkeypatch)
    figure, fig_page = root / "sources" / "figures" / "fig-0005.yaml", site / "figures" / "fig-0005" / "index.html"
    post_page = mkdocs_plugin.EvidencePlugin.on_post_page
    second_edit: list[bool] = []

    def home_page_saving_the_second_edit(self: Any, output: str, /, *, page: Any, config: Any) -> str:
        if page.file.src_uri == "index.md" and page.active and not second_edit:  # the rebuild's home page
            second_edit.append(True)
            epoch = server._visible_epoch
            _edit(figure, r"^title:.*$", "title: Second edit")
            assert _wait(lambda: server._visible_epoch > epoch), "the second edit was not shown during the rebuild"
            assert "Second edit" in fig_page.read_text(encoding="utf-8")
        return post_page(self, output, page=page, config=config)

    with _live_server(plugin, root, site, lambda: _serve_build(root, site)) as server:
        epoch = server._visible_epoch
        _edit(figure, r"^title:.*$", "title: First edit")
        assert _wait(lambda: server._visible_epoch > epoch), "the first edit was not shown"
        assert "First edit" in fig_page.read_text(encoding="utf-8") and server._wanted_epoch == server._visible_epoch
        monkeypatch.setattr(mkdocs_plugin.EvidencePlugin, "on_post_page", home_page_saving_the_second_edit)
        server._wanted_epoch += 1  # as the server's loop marks a rebuild
        server.builder()  # rebuilds from the first edit; the second is saved and shown meanwhile
        assert second_edit and "Second edit" in fig_page.read_text(encoding="utf-8"), "the rebuild wrote over it"
        assert server._wanted_epoch == server._visible_epoch, "no reload is due: browsers show the second edit"
        shown = fig_page.read_bytes()

        def home_page_reporting_the_save_again(self: Any, output: str, /, *, page: Any, config: Any) -> str:
            if page.file.src_uri == "index.md" and page.active:
                assert plugin._looks is not None
                plugin._looks.poke([figure.relative_to(root).as_posix()])
                plugin._looks.idle()
            return post_page(self, output, page=page, config=config)

        monkeypatch.setattr(mkdocs_plugin.EvidencePlugin, "on_post_page", home_page_reporting_the_save_again)
        server._wanted_epoch += 1
        server.builder()  # the next rebuild reads the second edit and makes the same page
        again = fig_page.read_bytes()
        at = next(
            (n for n, (a, b) in enumerate(zip(again, shown, strict=False)) if a != b), min(len(again), len(shown))
        )
        assert again == shown, (
            f"the next rebuild made the page otherwise: {again[at - 200 : at + 80]!r} / {shown[at - 200 : at + 80]!r}"
        )
        assert server._wanted_epoch == server._visible_epoch
        monkeypatch.setattr(mkdocs_plugin.EvidencePlugin, "on_post_page", post_page)
        server._wanted_epoch += 1  # a rebuild for another change (docs/, say), with no first look
        server.builder()
        assert server._wanted_epoch > server._visible_epoch, "browsers must reload when that rebuild ends"


def test_a_save_reported_twice_reloads_browsers_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs' polling watcher reports a save twice when it catches the file half-written: the page
    is shown once, and the rebuild that follows does not reload browsers again."""
    root, site, plugin = _first_serve(tmp_path, monkeypatch)
    figure = root / "sources" / "figures" / "fig-0005.yaml"
    with _live_server(plugin, root, site, lambda: None, watching=False) as server:
        epoch = server._visible_epoch
        _edit(figure, r"^title:.*$", "title: Edited once")
        plugin._looks.poke([figure.relative_to(root).as_posix()])  # the watcher, here called by hand
        assert _wait(lambda: server._visible_epoch > epoch), "the edit was not shown"
        epoch = server._visible_epoch
        plugin._looks.poke([figure.relative_to(root).as_posix()])  # the same save, reported again
        plugin._looks.idle()
        assert server._visible_epoch == epoch, "browsers reloaded for a page they already show"
        server._wanted_epoch += 1
        server.builder()
        assert server._wanted_epoch == server._visible_epoch, "browsers reload again after the rebuild"


def test_a_failing_first_look_leaves_the_rebuild_to_show_the_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root, site, plugin = _first_serve(tmp_path, monkeypatch)

    def broken(*_: Any) -> list[Any]:
        raise RuntimeError("broken")

    monkeypatch.setattr(serve_early, "early_pages", broken)
    with _live_server(plugin, root, site, lambda: None) as server:
        epoch = server._visible_epoch
        _edit(root / "sources" / "figures" / "fig-0005.yaml", r"^title:.*$", "title: Edited")
        assert _wait(lambda: "could not be shown before the rebuild (broken)" in caplog.text)
        assert server._visible_epoch == epoch, "browsers reloaded for nothing"


def test_a_server_unlike_mkdocs_own_is_left_as_it_is(tmp_path: Path) -> None:
    class Other:
        builder = staticmethod(lambda: None)

    other = Other()
    assert not mkdocs_plugin.EvidencePlugin().look_first(other, tmp_path)
    assert other.builder is Other.builder


def test_only_the_files_a_watcher_named_are_looked_at(archive: tuple[Path, Kept]) -> None:
    root, kept = archive
    snapshot = Snapshot.of(kept)
    assert snapshot is not None
    figure = "sources/figures/fig-0002.yaml"
    _edit(root / figure, r"^title:.*$", "title: Retitled")
    assert edited(root, snapshot.stamps, []) == {}, "a file no event named is left to the rebuild"
    (root / "sources" / "figures" / ".fig-0002.yaml.swp").write_text("editor's", encoding="utf-8")
    passing = [
        "sources/figures/fig-0002.yaml.tmp",
        "sources/figures/.fig-0002.yaml.swp",
        "sources/figures/fig-0002.yaml",
    ]
    assert list(edited(root, snapshot.stamps, passing) or {}) == [figure], (
        "a temporary file gone, or hidden, is no record"
    )
    (root / "sources" / "figures" / "fig-0098.yaml").write_text("title: New\n", encoding="utf-8")
    assert edited(root, snapshot.stamps, [figure, "sources/figures/fig-0098.yaml"]) is None, "a record added"
    (root / "sources" / "figures" / "fig-0098.yaml").unlink()
    (root / "sources" / "figures" / "fig-0001.yaml").unlink()
    assert edited(root, snapshot.stamps, [figure, "sources/figures/fig-0001.yaml"]) is None, "a record removed"
