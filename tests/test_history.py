"""What pins a citation: the archive version and each record's last change, read from git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from build_tools.history import UNVERSIONED, hosting_url, read_info


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
        ["git", "commit", "-q", "-m", "First records"], cwd=archive_copy, check=True, env={**os.environ, **env}
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
