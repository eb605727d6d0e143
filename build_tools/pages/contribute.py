"""Links that let a reader improve the archive: a record's file on the hosting repository, ready to
edit, and a correction issue with the record and page already filled in.

Both need the hosting repository (``ArchiveInfo.repo_url``); without one there is nowhere to send a
reader, and no link is made. The issue form is ``.github/ISSUE_TEMPLATE/correction.yml``: GitHub
fills a form's fields from query parameters named by their ids, here ``record`` and ``page``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from build_tools.reading.history import ArchiveInfo

CORRECTION_FORM = "correction.yml"
TITLE_LIMIT = 80  # characters of a record's title in the title


@dataclass(frozen=True)
class Links:
    edit: str | None = None  # the file on the hosting repository, opened for editing
    record: bool = True  # the page is a record's ("Edit this record"), not one written by hand
    correction: str | None = None  # a new correction issue, prefilled


def page_address(md_path: str) -> str:
    """The site address of a Markdown page (directory URLs): camps/index.md -> camps/, a/b.md -> a/b/."""
    stem = md_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def edit_url(info: ArchiveInfo, path: str) -> str | None:
    """``path``, relative to the archive folder, opened in the hosting repository's editor (GitHub's
    form; for someone who may not push there, GitHub offers to fork and open a pull request)."""
    if not info.repo_url:
        return None
    return f"{info.repo_url.rstrip('/')}/edit/{quote(info.branch)}/{quote(info.prefix + path)}"


def correction_url(info: ArchiveInfo, page: str, record: str = "", title: str = "") -> str | None:
    """A new issue from the correction form, naming the page (``page`` is its site address) and the
    record, if the page is a record's."""
    if not info.repo_url:
        return None
    about = f"{title[:TITLE_LIMIT]}{'…' if len(title) > TITLE_LIMIT else ''} ({record})" if record else ""
    query = {"template": CORRECTION_FORM, "title": f"Correction: {about}".rstrip()}
    query |= {"record": record} if record else {}
    query["page"] = info.permalink(page)
    return f"{info.repo_url.rstrip('/')}/issues/new?{urlencode(query, quote_via=quote)}"


def links(info: ArchiveInfo, md_path: str, source: str | None, record: str = "", title: str = "") -> Links:
    """The links for the page at ``md_path``; ``source`` is the file it is made from (a record's, or a
    page written by hand under docs/), if any: a page generated from many records has none."""
    return Links(
        edit_url(info, source) if source else None,
        bool(record),
        correction_url(info, page_address(md_path), record, title),
    )
