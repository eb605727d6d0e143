"""What a citation pins: the archive's version and when each record last changed, read from git.

One ``git log`` over sources/ gives every record's changes at once (no call per record). Outside a
git checkout, or for a record with uncommitted changes, nothing is invented: the version says
"unversioned" or "+modified" and the date of an uncommitted change is unknown.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .load import SOURCES_DIR

UNVERSIONED = "unversioned"


@dataclass(frozen=True)
class Change:
    commit: str  # full hash
    date: str  # committer date, YYYY-MM-DD (UTC)
    subject: str

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class ArchiveInfo:
    """The archive as a whole, as citations name it."""

    name: str
    site_url: str  # absolute, ends with "/"
    version: str = UNVERSIONED  # a release tag, or a short commit ("+modified" with local changes)
    repo_url: str | None = None  # the hosting repository, for history links
    branch: str = "main"
    changes: dict[str, list[Change]] = field(default_factory=dict)  # record path -> newest first
    modified: frozenset[str] = frozenset()  # record paths with uncommitted changes
    commit_date: str | None = None  # of the commit built (YYYY-MM-DD, UTC), if any: the site's own date
    prefix: str = ""  # the archive folder's path in the repository ("" at its top, else ending in "/")

    def permalink(self, url: str) -> str:
        """The absolute form of a site-relative URL such as ``figures/fig-0005/``."""
        return self.site_url + url.lstrip("/")

    def history(self, path: str) -> list[Change]:
        return [] if path in self.modified else self.changes.get(path, [])

    def changed(self, path: str) -> str | None:
        """The date the record at ``path`` last changed (YYYY-MM-DD), if committed."""
        found = self.history(path)
        return found[0].date if found else None

    def history_url(self, path: str) -> str | None:
        """The file's history on the hosting repository (GitHub's and GitLab's URL form)."""
        if not self.repo_url:
            return None
        return f"{self.repo_url.rstrip('/')}/commits/{self.branch}/{self.prefix}{path}"


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


_GITHUB = re.compile(
    r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)([\w.-]+/[\w.-]+?)(?:\.git)?/?$"
)


def hosting_url(remote: str) -> str | None:
    """The web address of a GitHub repository from its git remote (any credentials dropped)."""
    m = _GITHUB.match(remote.strip())
    return f"https://github.com/{m.group(1)}" if m else None


def read_info(root: Path, name: str, site_url: str, repo_url: str | None = None) -> ArchiveInfo:
    """``repo_url`` defaults to the GitHub repository the checkout was cloned from, if any."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return ArchiveInfo(name, site_url, repo_url=repo_url or None)
    repo_url = repo_url or hosting_url(_git(root, "remote", "get-url", "origin") or "")
    # Paths from git are relative to the repository's top; records are named relative to root.
    prefix = _git(root, "rev-parse", "--show-prefix") or ""
    prefix = prefix.strip()
    version = (_git(root, "describe", "--tags", "--always", "--abbrev=7") or "").strip() or UNVERSIONED
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", SOURCES_DIR) or ""
    modified = frozenset(_strip(line[3:].split(" -> ")[-1].strip('"'), prefix) for line in status.splitlines())
    if modified:
        version += "+modified"
    log = _git(root, "log", "--format=%x00%H%x1f%cs%x1f%s", "--name-only", "--no-renames", "--", SOURCES_DIR) or ""
    changes: dict[str, list[Change]] = {}
    for chunk in log.split("\x00")[1:]:
        head, _, names = chunk.partition("\n")
        commit, day, subject = [*head.split("\x1f"), "", ""][:3]
        change = Change(commit, day, subject)
        for line in names.splitlines():
            if line.strip():
                changes.setdefault(_strip(line.strip(), prefix), []).append(change)
    commit_date = (_git(root, "log", "-1", "--format=%cs") or "").strip() or None
    return ArchiveInfo(
        name,
        site_url,
        version,
        repo_url or None,
        changes=changes,
        modified=modified,
        commit_date=commit_date,
        prefix=prefix,
    )


def _strip(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path
