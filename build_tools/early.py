"""The edited record's page, before the rebuild: what ``mkdocs serve`` shows within a second or two
of a save, whatever the size of the archive.

A rebuild under ``serve --dirty`` runs the checks across all records, works out which pages show
the edit, and converts them; at 10,000 records that takes 15 s or more. The person editing is
looking at the record they edit. So before the rebuild, each edited file is read and checked on
its own, against the other records as the last build left them, and its page is made from the
last build's index with the record put in its place. The rebuild follows at once and writes the
pages that show the record (its camp, its sources, the lists, the search); if it writes the edited
page differently (the record changed a figure another is worked out from, say), the browser
reloads once more (serve_early.py does MkDocs' part).

Nothing is shown early that might be wrong: not a record added, removed or renamed, not one with
an error (the rebuild shows its problems on its page), a withdrawn record or a derived figure, and
not when more than ``AT_MOST`` files changed at once. Then the preview waits for the rebuild, as
without this. No MkDocs import; no file is written here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .cite import all_formats
from .history import ArchiveInfo
from .i18n import LANGUAGES
from .jsonld import record_head
from .link import Index
from .load import is_record_path, load_file
from .memo import Stamp
from .model import Citation, Entry, Figure
from .pipeline import cite_data, page_links
from .problems import Problem
from .reads import Kept
from .render import Page, page_path, record_page
from .validate import check_against, check_alone
from .walk import survey

AT_MOST = 3  # edited files shown early at once; more is a larger change (a pull, a rename), rebuilt as usual


@dataclass(frozen=True)
class Snapshot:
    """What a first look needs of the last build, fixed when that build made its pages: the rebuild
    after it may run meanwhile, and changes ``Kept`` as it goes."""

    index: Index
    info: ArchiveInfo
    stamps: dict[str, Stamp]  # every record file read (relative path) -> its time and size then
    kinds: dict[str, str]  # every ID on disk -> its kind
    citations: dict[str, dict[str, str]]  # record ID -> its ready citations
    drawn: dict[str, str]  # what a drawing shows -> its SVG

    @classmethod
    def of(cls, kept: Kept) -> Snapshot | None:
        if kept.index is None or not isinstance(kept.info, ArchiveInfo):
            return None
        loaded = kept.memo.loaded
        return cls(
            kept.index,
            kept.info,
            {rel: stamp for rel, (stamp, _raw, _problems) in loaded.items()},
            {raw.id: raw.kind for _stamp, raw, _problems in loaded.values() if raw is not None},
            {d.id: formats for d, formats in kept.formats.items()},
            {**kept.drawn_before, **kept.drawn},
        )


@dataclass(frozen=True)
class EarlyPage:
    page: Page  # as a build's Result holds it: Markdown, head, date and links
    file: str  # the record file it shows, relative to the archive
    stamp: Stamp  # that file's time and size when it was read for this page


def edited(root: Path, stamps: dict[str, Stamp], touched: Iterable[str]) -> dict[str, Stamp] | None:
    """Of the files ``touched`` (paths relative to ``root``, as a file watcher names them), the
    record files whose time or size differ from ``stamps``, with their own; None when a record file
    was added or removed. Only those are looked at: a look at every file of a large archive would
    wait on the rebuild running beside it for each (Python's lock), seconds in all."""
    changed = {}
    for rel in sorted(set(touched)):
        known = stamps.get(rel)
        try:
            st = os.stat(root / rel)
        except OSError:
            if known is not None:
                return None  # removed
            continue  # a file that came and went: an editor's temporary one
        if known is None:
            if is_record_path(rel) and stat.S_ISREG(st.st_mode):
                return None  # added
            continue
        if (st.st_mtime_ns, st.st_size) != known:
            changed[rel] = (st.st_mtime_ns, st.st_size)
    return changed


def early_pages(root: Path, last: Snapshot, changed: dict[str, Stamp] | None) -> list[EarlyPage]:
    """The pages of the records ``changed`` since the ``last`` build (as ``edited`` finds them), each
    as the next build would make it were the record all that changed; none when that cannot be
    known without the rebuild (see the module's notes)."""
    if not changed or len(changed) > AT_MOST:
        return []
    others = {**last.index.entries, **last.index.withdrawn}
    entries = []
    for rel in changed:
        entry = _checked(root, rel, last.index, others, last.kinds)
        if entry is None:
            return []
        entries.append(entry)
    now = _with(last.index, entries)
    info = last.info
    drawn = last.drawn.copy()
    pages = []
    for lang in LANGUAGES.values():  # a record's page cites itself in its own language
        citations = last.citations | {e.id: all_formats(cite_data(e, info, lang, now)) for e in entries}
        for e in entries:
            path = page_path(e, lang)
            markdown = record_page(now, info, citations, e, lambda key, make: drawn.get(key) or make(), lang)
            date = info.changed(e.path) or info.commit_date
            page = Page(path, markdown, record_head(e, now, info, lang), date, page_links(info, path, e))
            pages.append(EarlyPage(page, e.path, changed[e.path]))
    return pages


def _checked(root: Path, rel: str, index: Index, others: dict[str, Entry], kinds: dict[str, str]) -> Entry | None:
    """The record in the file ``rel`` if it passes every check of it alone and against the others,
    and was published under the same ID by the last build; else None."""
    raw, problems = load_file(root, root / rel, rel)
    if raw is None or _failing(problems):
        return None
    entry, schema, policy = check_alone(raw)
    if entry is None or _failing(schema + policy):
        return None
    was = index.entries.get(entry.id)
    if was is None or was.path != rel or entry.withdrawn:
        return None
    if isinstance(entry.record, Figure) and entry.record.derived is not None:
        return None  # its value is worked out from others, with them, by the rebuild
    return None if _failing(check_against(entry, raw, others, kinds)) else entry


def _failing(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _with(index: Index, entries: list[Entry]) -> Index:
    """``index`` with each of ``entries`` in place of the record of its ID. What others say of
    them (backlinks) is as it was; what they cite is theirs."""
    new = {e.id: e for e in entries}
    kinds = {e.kind for e in entries}
    cited = dict(index.cited)
    for e in entries:
        cited[e.id] = [m for _path, m in survey(e.record).models if isinstance(m, Citation)]
    return replace(
        index,
        entries={rid: new.get(rid, e) for rid, e in index.entries.items()},
        by_kind={k: [new.get(e.id, e) for e in v] if k in kinds else v for k, v in index.by_kind.items()},
        cited=cited,
        memo={},
    )
