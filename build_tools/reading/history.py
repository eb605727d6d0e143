"""What a citation pins and a record's History shows: the archive's version and the changes to each
record's content, read from git.

One ``git log`` over sources/ gives every commit that touched a record file, with the file's
contents before and after (blob names, no call per record); one ``git cat-file --batch`` reads the
versions of the files a commit modified, and edits.py says what changed in them. A commit that
changed nothing a reader sees (formatting, comments, a private block) is no change to the record:
it is neither listed nor dates the record. Outside a git checkout, or for a record with uncommitted
changes, nothing is invented: the version says "unversioned" or "+modified" and the date of an
uncommitted change is unknown.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from build_tools.reading.edits import Edit, edits, version
from build_tools.reading.load import SOURCES_DIR, load_file, place_of
from build_tools.records.raw import strip_private

UNVERSIONED = "unversioned"


WHY_LIMIT = 160  # the most characters of a commit's reason for readers the History shows
# A commit's reason for readers: a "Why:" line in its message (a git trailer), in words a reader
# of the evidence understands. A commit without one is listed by what it changed, with no reason:
# the rest of a commit message is written for the project's developers, not for readers.
_WHY = re.compile(r"^why:[ \t]*(\S.*)$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Change:
    """One commit's change to one record: what changed in it, when, and why."""

    commit: str  # full hash
    date: str  # committer date, YYYY-MM-DD (UTC)
    subject: str  # why, in readers' words: the commit's "Why:" line, cut to WHY_LIMIT; "" when none
    status: str = "changed"  # "added", "changed" or "removed": the record file itself
    edits: tuple[Edit, ...] = ()  # what changed in the record, for a change ("" when unknown)
    withheld: bool = False  # its "Why:" line failed the witness checks and is not shown (screened)

    @property
    def short(self) -> str:
        return self.commit[:7]

    def screened(self, could_identify: Callable[[str], bool]) -> Change:
        """This change with every text that fails the witness checks left out: the message, and
        the old or new value of an edit (which may be text a later commit took out for that
        very reason), which is then only named."""
        kept = tuple(
            e if not any(could_identify(t) for t in e.texts()) else replace(e, old=None, new=None) for e in self.edits
        )
        withheld = bool(self.subject) and could_identify(self.subject)
        return replace(self, subject="" if withheld else self.subject, withheld=withheld, edits=kept)


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
        """The changes to the content of the record at ``path``, newest first."""
        return [] if path in self.modified else self.changes.get(path, [])

    def screened(self, could_identify: Callable[[str], bool]) -> ArchiveInfo:
        """This archive with every text of its histories that fails the witness checks left out."""
        changes = {path: [ch.screened(could_identify) for ch in found] for path, found in self.changes.items()}
        return replace(self, changes=changes)

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
    changes = read_changes(root, prefix)
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


def reason(message: str) -> str:
    """A commit's reason for readers: its last "Why:" line, cut at a word to at most WHY_LIMIT
    characters; "" when it has none."""
    found = _WHY.findall(message)
    line = " ".join(found[-1].split()) if found else ""
    if len(line) <= WHY_LIMIT:
        return line
    cut = line[: WHY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return cut + "…"


# A commit's header in the log: NUL, hash, date and message, then RS; its files' raw lines follow.
_LOG_FORMAT = "--format=%x00%H%x1f%cs%x1f%B%x1e"
_RAW = re.compile(r"^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*\t(.+)$", re.MULTILINE)
_NO_BLOB = re.compile(r"^0+$")


def read_changes(root: Path, prefix: str = "") -> dict[str, list[Change]]:
    """Every record's changes to its content, newest first, by record path (relative to ``root``,
    the archive folder at ``prefix`` in the repository)."""
    log = _git(
        root, "-c", "core.quotepath=off", "log", _LOG_FORMAT, "--raw", "--no-renames", "--no-abbrev", "--", SOURCES_DIR
    )
    touched: list[tuple[Change, str, str, str, str]] = []  # (commit, status, old blob, new blob, path)
    for chunk in (log or "").split("\x00")[1:]:
        head, _, files = chunk.partition("\x1e")
        commit, day, message = [*head.split("\x1f", 2), "", ""][:3]
        change = Change(commit, day, reason(message))
        for old, new, status, name in _RAW.findall(files):
            path = _strip(name.strip(), prefix)
            if place_of(path)[2] is None:  # a record file, by where it lies (else no record's)
                touched.append((change, status, old, new, path))
    wanted = {(path, b) for _, status, old, new, path in touched if status not in "AD" for b in (old, new)}
    blobs = _blobs(root, {b for key in wanted if key not in _VERSIONS for b in key[1:]})
    for path, name in wanted:
        if (path, name) not in _VERSIONS and name in blobs:
            _VERSIONS[path, name] = _version(root, path, blobs[name])
    changes: dict[str, list[Change]] = {}
    for change, status, old, new, path in touched:
        found = _change(change, status, path, _VERSIONS.get((path, old)), _VERSIONS.get((path, new)), old != new)
        if found is not None:
            changes.setdefault(path, []).append(found)
    return changes


def _change(
    change: Change, status: str, path: str, before: dict[str, Any] | None, after: dict[str, Any] | None, differ: bool
) -> Change | None:
    """What ``change`` did to the record at ``path``, from its version ``before`` to ``after``;
    None when a reader would see no difference."""
    if status == "A":
        return replace(change, status="added")
    if status == "D":
        return replace(change, status="removed")
    if before is None or after is None:  # a version that cannot be read: changed, but not said how
        return change if differ else None
    found = edits(place_of(path)[0] or "", before, after)
    return replace(change, edits=found) if found else None


# A record file's versions as a reader sees them, by (path, blob name): a blob never changes, so
# a preview's rebuilds read only the versions committed since.
_VERSIONS: dict[tuple[str, str], dict[str, Any] | None] = {}


def _version(root: Path, path: str, text: bytes) -> dict[str, Any] | None:
    """The record a version of the file at ``path`` holds, as a reader sees it (edits.version)."""
    raw, _ = load_file(root, root / path, path, raw=text)
    return None if raw is None else version(strip_private(raw)[0], raw.body)


def _blobs(root: Path, names: set[str]) -> dict[str, bytes]:
    """The contents of the named blobs, read in one ``git cat-file --batch``."""
    wanted = sorted(n for n in names if not _NO_BLOB.match(n))
    if not wanted:
        return {}
    try:
        request = "".join(n + "\n" for n in wanted).encode()
        done = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    out, found, at = done.stdout, {}, 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3:  # "<name> missing"
            at = end + 1
            continue
        size = int(header[2])
        found[header[0].decode()] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return found


def _strip(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path
