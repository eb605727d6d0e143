"""What a page's front matter tells the theme, whichever generator builds it: the page's language
and its counterparts, the name the search knows it by, its head's HTML, its date and the links that
improve it. No I/O but listing the pages written by hand."""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from build_tools.pages.contribute import Links, page_address
from build_tools.pages.i18n import KOREAN, LANGUAGES, counterpart, language_of

# In docs/ but not pages of the site: the theme's overrides, and the maintainers' documentation.
NOT_PAGES = ("templates", "maintainers")


def hand_written(docs: Path) -> list[str]:
    """The pages written by hand under ``docs`` (site paths), in order."""
    if not docs.is_dir():
        return []
    found = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not p.is_symlink())
    return sorted(path for path in found if path.split("/", 1)[0] not in NOT_PAGES)


def page_meta(path: str, pages: set[str], head: str, date: str | None, links: Links) -> dict[str, Any]:
    """What the theme reads of the page at ``path`` (``pages``: every page of the site): its
    language, its counterpart in each language (or that language's home, where it has none), the
    name the search knows a record's page by, the head's HTML, the date and the links to improve it
    (HTML-escaped here: the templates print them as they are)."""
    lang = language_of(path)
    alternates = []
    for other in LANGUAGES.values():
        there = counterpart(path, other)
        same = there in pages
        link = page_address(there if same else other.prefix + "index.md")
        alternates.append(
            {"lang": other.code, "name": other.name, "link": link, "current": other == lang, "same": same}
        )
    meta: dict[str, Any] = {"lang": lang.code, "alternates": alternates}
    parts = page_address(path.removeprefix(KOREAN.prefix)).strip("/").split("/")
    if len(parts) == 2 and parts[0] != "reference":  # a record's or a measure's page: one word, as typed
        meta["search_id"] = parts[1].replace("-", "")
    if head:
        meta["head"] = head
    if date:
        meta["date"] = date
    if links.edit or links.correction:
        meta["improve"] = {k: html.escape(v) if isinstance(v, str) else v for k, v in asdict(links).items()}
    return meta


def with_meta(markdown: str, meta: dict[str, Any]) -> str:
    """``markdown`` with ``meta`` added to its front matter (JSON values, which are YAML)."""
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    if markdown.startswith("---\n"):
        return "---\n" + lines + markdown[4:]
    return "---\n" + lines + "---\n\n" + markdown


def hand_written_page(text: str, meta: dict[str, Any]) -> str:
    """A page written by hand, with ``meta`` in its front matter in place of any of the same keys
    it gives itself: a contribution to docs/ cannot hand the theme a head, a language or links of
    its own making."""
    post = frontmatter.loads(text)
    own = {k: v for k, v in post.metadata.items() if k not in meta}
    lines = yaml.safe_dump(own, allow_unicode=True, sort_keys=False) if own else ""
    return with_meta("---\n" + lines + "---\n\n" + post.content + "\n", meta)
