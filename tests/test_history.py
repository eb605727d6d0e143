"""What pins a citation: the archive version and each record's last change, read from git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from build_tools.reading.history import UNVERSIONED, hosting_url, read_info


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(archive_copy: Path) -> Path:
    git(archive_copy, "init", "-q", "-b", "main")
    git(archive_copy, "config", "user.email", "archive@example.org")
    git(archive_copy, "config", "user.name", "Archive")
    git(archive_copy, "add", ".")
    env = {"GIT_COMMITTER_DATE": "2025-12-24T10:00:00+00:00", "GIT_AUTHOR_DATE": "2025-12-24T10:00:00+00:00"}
    subprocess.run(
        ["git", "commit", "-q", "-m", "Records: first\n\nWhy: First records"],
        cwd=archive_copy,
        check=True,
        env={**os.environ, **env},
    )
    return archive_copy


def test_outside_git_nothing_is_invented(archive_copy: Path) -> None:
    info = read_info(archive_copy, "A", "https://example.org")
    assert info.version == UNVERSIONED
    assert info.changed("sources/figures/fig-0001.yaml") is None
    assert info.permalink("figures/fig-0001/") == "https://example.org/figures/fig-0001/"


def test_a_committed_record_has_its_commit_date_and_the_version_names_the_commit(repo: Path) -> None:
    info = read_info(repo, "A", "https://example.org/")
    assert info.changed("sources/figures/fig-0001.yaml") == "2025-12-24"
    (change,) = info.history("sources/figures/fig-0001.yaml")
    assert change.subject == "First records"
    assert info.version == change.short


def test_an_uncommitted_change_is_not_given_the_old_date(repo: Path) -> None:
    path = repo / "sources" / "figures" / "fig-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "notes: changed\n", encoding="utf-8")
    info = read_info(repo, "A", "https://example.org/")
    assert info.changed("sources/figures/fig-0001.yaml") is None
    assert info.version.endswith("+modified")
    assert info.changed("sources/figures/fig-0002.yaml") == "2025-12-24"


def test_a_release_tag_is_the_version(repo: Path) -> None:
    git(repo, "tag", "v1.0")
    assert read_info(repo, "A", "https://example.org/").version == "v1.0"


@pytest.mark.parametrize(
    ("remote", "web"),
    [
        ("https://github.com/owner/archive.git", "https://github.com/owner/archive"),
        ("git@github.com:owner/archive.git", "https://github.com/owner/archive"),
        ("https://x-access-token:secret@github.com/owner/archive", "https://github.com/owner/archive"),
        ("/some/local/path", None),
        ("https://example.org/owner/archive.git", None),
    ],
)
def test_the_history_link_comes_from_a_github_remote_without_credentials(remote: str, web: str | None) -> None:
    assert hosting_url(remote) == web


def test_the_clone_origin_gives_each_record_a_history_link(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "git@github.com:owner/archive.git")
    info = read_info(repo, "A", "https://example.org/")
    assert info.history_url("sources/figures/fig-0001.yaml") == (
        "https://github.com/owner/archive/commits/main/sources/figures/fig-0001.yaml"
    )


# ---- the History a reader sees: changes to the evidence, not commits -------------------------

FIGURE = "sources/figures/fig-0001.yaml"


def commit(root: Path, why: str, day: str, subject: str = "Records: a change") -> None:
    """A commit whose message gives ``why`` as its reason for readers (a "Why:" line), below a
    first line written for developers, as CONTRIBUTING asks."""
    env = {"GIT_COMMITTER_DATE": f"{day}T10:00:00+00:00", "GIT_AUTHOR_DATE": f"{day}T10:00:00+00:00"}
    message = f"{subject}\n\nWhy: {why}" if why else subject
    subprocess.run(["git", "commit", "-q", "-am", message], cwd=root, check=True, env={**os.environ, **env})


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def edited(repo: Path) -> Path:
    """The fixture archive, then three commits to fig-0001: a new value and a second source, a
    reformatting that changes nothing a reader sees, and a new period whose message names a person."""
    edit(repo, FIGURE, "  about: 25\n", "  between: [20, 25]\n")
    edit(repo, FIGURE, "cites:\n", "cites:\n  - source: src-0002\n    locator: paragraph 9\n")
    commit(repo, "Daily NK gives a range\n\nThe body of the message is not shown.", "2026-01-05")
    edit(
        repo, FIGURE, "title: Annual mortality at Camp Alpha", "# reformatted\ntitle: 'Annual mortality at Camp Alpha'"
    )
    (repo / "README.md").write_text("a tool's file\n", encoding="utf-8")
    subprocess.run(["git", "add", "README.md"], cwd=repo, check=True)
    commit(repo, "Tool: reformat the records", "2026-01-06")
    edit(repo, FIGURE, 'period: "2020"', 'period: "2019/2020"')
    commit(repo, "Kim Chol-su, born 12 March 1970, told us the period", "2026-01-07")
    return repo


def pages_of(root: Path) -> dict[str, str]:
    from build_tools.compile.build import build

    return {p.path: p.markdown for p in build(root, read_info(root, "A", "https://example.org/")).pages}


def history_of(markdown: str) -> str:
    return markdown[markdown.index('<div class="ea-history"') :]


def test_history_says_what_changed_in_the_record_and_leaves_out_formatting(edited: Path) -> None:
    changes = read_info(edited, "A", "https://example.org/").history(FIGURE)
    assert [(c.date, c.status) for c in changes] == [
        ("2026-01-07", "changed"),
        ("2026-01-05", "changed"),
        ("2025-12-24", "added"),
    ]  # the reformatting commit of 2026-01-06 is not there
    assert [e.field for e in changes[1].edits] == ["value", "cites"]


def test_a_formatting_commit_does_not_date_the_record(edited: Path) -> None:
    edit(edited, FIGURE, "# reformatted\n", "")
    commit(edited, "Tool: drop a comment", "2026-02-01")
    assert read_info(edited, "A", "https://example.org/").changed(FIGURE) == "2026-01-07"


@pytest.mark.parametrize(
    ("prefix", "value", "source", "locator", "period", "added"),
    [
        (
            "",
            "Value changed from about 25% to between 20% and 25%",
            "Source added: ",
            "paragraph 9",
            "Period changed: was 2020, now 2019 to 2020",
            "Record added.",
        ),
        (
            "ko/",
            "값 변경: 약 25% → 20%~25%",
            "출처 추가: ",
            "9번째 문단",
            "기간 변경: 2020년 → 2019년~2020년",
            "기록 추가.",
        ),
    ],
)
def test_the_history_section_reads_as_changes_to_the_evidence(
    edited: Path, prefix: str, value: str, source: str, locator: str, period: str, added: str
) -> None:
    shown = history_of(pages_of(edited)[f"{prefix}figures/fig-0001/index.md"])
    lines = [line for line in shown.splitlines() if line.startswith("- **")]
    assert len(lines) == 3, shown
    assert period in lines[0]
    assert value in lines[1] and source in lines[1] and "src-0002/index.md)" in lines[1] and locator in lines[1]
    assert "Daily NK gives a range" in lines[1] and "not shown" not in lines[1]
    assert added in lines[2] and "First records" in lines[2]
    assert "reformat" not in shown and "The body of the message" not in shown


def test_a_sources_own_title_is_marked_in_its_language_and_a_supplied_one_in_english(repo: Path) -> None:
    """As on the source's heading: a screen reader reads its own title, before and after a change,
    in the source's language; a title the archive supplied is English text on a Korean page."""
    own, supplied = "sources/sources/src-0001.yaml", "sources/sources/src-0002.yaml"
    edit(repo, own, "title: Test report on Camp Alpha", "title: Second test report on Camp Alpha")
    edit(repo, own, "language: en", "language: zh")
    edit(repo, supplied, "title: News item relaying the test report", "title: News item on the test report")
    commit(repo, "Titles corrected", "2026-01-05")
    pages = pages_of(repo)
    for prefix in ("", "ko/"):
        shown = history_of(pages[f"{prefix}sources/src-0001/index.md"])
        for title in ("Test report on Camp Alpha", "Second test report on Camp Alpha"):
            assert f'<span lang="zh">{title}</span>' in shown, shown
    shown = history_of(pages["ko/sources/src-0002/index.md"])
    for title in ("News item relaying the test report", "News item on the test report"):
        assert f'<span lang="en">{title}</span>' in shown, shown


def test_every_text_the_history_shows_passes_the_witness_checks(edited: Path) -> None:
    """A message that names a person is not shown; nor is an old value a later commit removed
    because it could identify a witness (git keeps it): the change is only named."""
    edit(edited, FIGURE, "basis: estimate\n", "basis: estimate\nnotes: Told by Pak Yong-ho, born 3 May 1961.\n")
    commit(edited, "Add a note", "2026-02-01")
    edit(edited, FIGURE, "notes: Told by Pak Yong-ho, born 3 May 1961.\n", "notes: Told by a former guard.\n")
    commit(edited, "Take the witness's details out of the note", "2026-02-02")
    from build_tools.compile.build import build

    root = edited
    # the second version of the note failed the checks, so this archive is built from the last
    shown = history_of(
        {p.path: p.markdown for p in build(root, read_info(root, "A", "https://x/")).pages}["figures/fig-0001/index.md"]
    )
    assert "Kim Chol-su" not in shown and "1970" not in shown
    assert "Pak Yong-ho" not in shown and "1961" not in shown
    assert "Note changed." in shown  # named, without the old words
    assert "Take the witness's details out of the note" in shown


def test_private_blocks_are_no_change_a_reader_sees(repo: Path) -> None:
    edit(repo, "sources/testimonies/tst-0002.yaml", "CANARY-tst-0002-interviewer", "CANARY-someone-else")
    commit(repo, "Private: a new interviewer", "2026-03-01")
    changes = read_info(repo, "A", "https://example.org/").history("sources/testimonies/tst-0002.yaml")
    assert [c.status for c in changes] == ["added"]


def test_a_reflowed_narrative_is_no_change_but_new_words_are(repo: Path) -> None:
    path = "sources/testimonies/tst-0001.md"
    edit(repo, path, "kept and <b>raw HTML</b>", "kept\nand <b>raw HTML</b>")
    commit(repo, "Reflow", "2026-03-01")
    edit(repo, path, "shown as text", "shown as plain text")
    commit(repo, "A word added to the narrative", "2026-03-02")
    changes = read_info(repo, "A", "https://example.org/").history(path)
    assert [(c.subject, [e.field for e in c.edits]) for c in changes] == [
        ("A word added to the narrative", ["body"]),
        ("First records", []),
    ]


def test_a_commit_without_a_reason_for_readers_shows_what_changed_and_no_developer_text(repo: Path) -> None:
    edit(repo, FIGURE, 'period: "2020"', 'period: "2021"')
    commit(repo, "", "2026-03-01", subject="build_tools: refactor the loader (render.py, 40 lines)")
    (change, _) = read_info(repo, "A", "https://example.org/").history(FIGURE)
    assert change.subject == ""
    assert [e.field for e in change.edits] == ["period"]


def test_a_long_reason_is_cut_at_a_word_and_the_rest_of_the_message_is_not_shown(repo: Path) -> None:
    edit(repo, FIGURE, 'period: "2020"', 'period: "2021"')
    line = "Period corrected " + "from the second edition of the report " * 8
    commit(repo, line + "\n\nDetails.", "2026-03-01")
    (change, _) = read_info(repo, "A", "https://example.org/").history(FIGURE)
    assert len(change.subject) <= 160 and change.subject.endswith("…")
    assert line.startswith(change.subject[:-1] + " ")  # cut between words
    assert "Details" not in change.subject


@pytest.mark.parametrize(
    ("prefix", "removed", "added"),
    [("", "Legs removed (2 items)", "Legs added (2 items)"), ("ko/", "구간 삭제(항목 2개)", "구간 추가(항목 2개)")],
)
def test_list_items_rewritten_together_are_counted_once_not_repeated(
    repo: Path, prefix: str, removed: str, added: str
) -> None:
    """Two legs reworded in one commit: the History counts them in one change each way, where it
    once said "Legs removed." twice and "Legs added." twice; one leg reworded is said once, uncounted."""
    route = "sources/routes/route-0001.yaml"
    edit(repo, route, "description: The wigs are shipped out.", "description: The wigs are shipped abroad.")
    edit(repo, route, "description: Sold online.", "description: Sold on websites.")
    commit(repo, "Legs reworded", "2026-01-05")
    edit(repo, route, "description: Sold on websites.", "description: Sold on two websites.")
    commit(repo, "One leg reworded", "2026-01-06")
    shown = history_of(pages_of(repo)[f"{prefix}routes/route-0001/index.md"])
    both, one = [line for line in shown.splitlines() if line.startswith("- **")][1::-1]
    assert removed in both and added in both, both
    assert both.count(removed.split("(")[0].strip()) == 1 and both.count(added.split("(")[0].strip()) == 1
    assert removed.split("(")[0].strip() in one and "items" not in one and "항목" not in one, one
