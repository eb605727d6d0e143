"""The one orchestrator: load -> validate -> link -> render."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from build_tools.checks.witness import could_identify
from build_tools.compile.audit import audit
from build_tools.compile.progress import Progress, Say
from build_tools.index.link import Index, build_index
from build_tools.outputs.downloads import downloads
from build_tools.outputs.export import export_files
from build_tools.outputs.jsonld import dataset_head, record_head
from build_tools.outputs.redirects import redirects
from build_tools.outputs.reference import reference_pages
from build_tools.pages.cite import CiteData
from build_tools.pages.cite_source import SourceCite, formats_of, of_source, publisher_of
from build_tools.pages.contribute import Links, links
from build_tools.pages.i18n import ENGLISH, LANGUAGES, Language, language_of
from build_tools.pages.meta import hand_written, page_meta, with_meta
from build_tools.pages.render import Job, Page, display_title, kinds_in, page_jobs, page_path
from build_tools.reading.history import ArchiveInfo
from build_tools.reading.load import SOURCES_DIR, link_problem, linked_part, links_under
from build_tools.records.fields import id_problem
from build_tools.records.model import KINDS_BY_PLURAL, Entry
from build_tools.records.problems import Origin, Problem, Report, quote
from build_tools.speed import fanout
from build_tools.speed.ahead import Ahead
from build_tools.speed.lean import pack
from build_tools.speed.memo import Memo
from build_tools.speed.reads import Kept

DEFAULT_NAME = "Evidence archive"
DEFAULT_URL = "http://127.0.0.1:8000/"


@dataclass
class Result:
    index: Index
    pages: list[Page]
    files: dict[str, str]  # site path -> text of every other file: data, citations, redirects
    report: Report
    info: ArchiveInfo
    progress: Progress = field(default_factory=Progress)
    linked: tuple[Path, ...] = ()  # symbolic links among the hand-written pages (docs/)

    def through_link(self, path: str) -> bool:
        """Whether the file at ``path`` is, or is reached through, a symbolic link in docs/."""
        file = Path(path)
        return any(file == link or link in file.parents for link in self.linked)

    def release(self) -> None:
        """Let go of what MkDocs holds from here on: the pages' Markdown (at 10,000 records, over
        100 MB) and the index of records, which nothing reads after rendering (some 80 MB)."""
        self.pages = [replace(p, markdown="") for p in self.pages]
        self.index = Index({})

    def hand_written(self, path: str, file: Path, root: Path) -> Page:
        """What the site knows of a page written by hand, such as docs/about.md (``file``, in the
        archive folder ``root``): the commit built dates it, and readers may edit its file."""
        source = Path(os.path.relpath(file, root)).as_posix()
        return Page(path, "", date=self.info.commit_date, links=links(self.info, path, source))


def check(
    root: Path,
    only: list[Path] | None = None,
    memo: Memo | None = None,
    progress: Progress | None = None,
    ahead: Ahead | None = None,
) -> tuple[Index, Report]:
    """Load and validate every record under ``root/sources`` (audit.py); the index links the
    records without errors, which are the ones published."""
    progress = progress or Progress()
    entries, report = audit(root, only, memo, progress, ahead)
    index = build_index(entries, memo.links_of) if memo is not None else build_index(entries)
    progress.stage("linked them")
    return index, report


def cite_data(
    entry: Entry, info: ArchiveInfo, lang: Language = ENGLISH, index: Index | None = None
) -> CiteData | SourceCite:
    """What a citation of the record's page in ``lang`` says: the Korean page is cited by its own
    address, under its Korean title where the record gives one. A source's page cites the source
    itself, crediting its own authors and publisher (named from ``index``), not the archive; where
    the archive knows no address of it, the citation gives the record's permalink as a note."""
    if entry.kind == "source":
        return of_source(entry, publisher_of(entry, index), lang, info=info)
    return CiteData(
        archive=info.name,
        title=display_title(entry, lang),
        id=entry.id,
        kind=kinds_in(lang)[entry.kind].label,
        url=info.permalink(lang.prefix + entry.url),
        version=info.version,
        changed=info.changed(entry.path),
    )


def _head(entry: Entry, index: Index, info: ArchiveInfo, kept: Kept | None, lang: Language = ENGLISH) -> str:
    if kept is None:
        return record_head(entry, index, info, lang)
    return kept.text(("head", lang.code, entry.id), lambda idx: record_head(entry, idx, info, lang), (entry.id,))


def docs_links(root: Path, docs: Path) -> list[str]:
    """The symbolic links in the folder of hand-written pages, relative to ``root``: MkDocs would
    follow them and publish whatever file of the machine they point at."""
    folder = Path(os.path.relpath(docs, root)).as_posix()
    return [f"{folder}/{rel}" if folder != "." else rel for rel in links_under(docs, ".")]


def _linked_site(root: Path, site: Path) -> str | None:
    """The symbolic link, relative to ``root``, that the site folder is or lies in, if it lies in
    the archive (a pull request can commit ``site`` as a link); None otherwise."""
    try:
        rel = Path(os.path.abspath(site)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:  # written outside the archive, where the builder chose
        return None
    return linked_part(root, rel)


def screened(info: ArchiveInfo) -> ArchiveInfo:
    """``info`` with every commit message that fails the witness checks left blank, as record
    text that fails them is never published: a record's History shows commit messages, which a
    contributor writes with less care than a record and cannot take back (git keeps them). The
    history then says the description is not shown. So are the old and new values of what changed
    in a record (an old value may be the very detail a later commit took out): only named."""
    return info.screened(could_identify)


def refusal(report: Report) -> str:
    """Why a build stops: the records' errors, each printed before this line."""
    n = len(report.errors)
    return f"{n} problem{'s' if n != 1 else ''} in the records (listed above), so nothing was built"


def build(
    root: Path,
    info: ArchiveInfo | None = None,
    say: Say | None = None,
    kept: Kept | None = None,
    spill: Callable[[str, bytes], None] | None = None,
    docs: Path | None = None,
    site: Path | None = None,
) -> Result:
    """Everything the site needs. ``info`` names the archive and its version; without it the
    build is unversioned (as for tests), which keeps the output fixed. ``say`` is told of each
    stage of a long build, and then (``Result.progress``) of the pages as they are written.
    ``kept`` carries what the last build of a ``mkdocs serve`` read, checked and rendered; without
    it, a large archive is read, checked and rendered on every core (ahead.py, fanout.py). With
    ``spill``, every page and file is handed to it packed (lean.pack), by site path, as soon as
    it is made, and the Result keeps none of their text (``mkdocs build``: see preview.Spill).
    ``docs``: the folder of hand-written pages, whose symbolic links are reported (and whose files
    reached through one, ``Result.through_link``, are never to be published); ``site``: the folder
    the site is written to, which is emptied first, so that one inside the archive that is, or is
    reached through, a symbolic link (which would empty whatever folder it points at) is refused."""
    progress = Progress(say)
    if kept is None:  # a build from nothing reads and checks a large archive on every core
        index, report = check(root, progress=progress, ahead=Ahead(cache=False))
    else:
        index, report = check(root, memo=kept.memo, progress=progress)
    linked = docs_links(root, docs) if docs is not None else []
    report.extend([link_problem(rel) for rel in linked])
    if site is not None and (into := _linked_site(root, site)) is not None:
        report.add(link_problem(into))
    info = screened(info or ArchiveInfo(DEFAULT_NAME, DEFAULT_URL))
    try:
        made = _make(root, index, report, info, kept, spill, progress, docs)
    except Exception as exc:  # a fault of this tool's: said as a problem, so the records' own still show
        report.add(Problem(Origin(SOURCES_DIR), "render-failed", f"{type(exc).__name__}: {quote(str(exc), 200)}"))
        return Result(Index({}), [], {}, report, info, progress)
    return replace(made, linked=tuple(root / rel for rel in linked))


def _make(
    root: Path,
    index: Index,
    report: Report,
    info: ArchiveInfo,
    kept: Kept | None,
    spill: Callable[[str, bytes], None] | None,
    progress: Progress,
    docs: Path | None = None,
) -> Result:
    """The pages and files of the records in ``index`` (``build`` says how); ``docs``: the folder
    of the pages written by hand, which a page's language switch may lead to."""
    if kept is not None:
        kept.start(index, info)
    known = kept.formats if kept else {}  # a record's citations, when its data are as last time
    cited = [(lang, cite_data(e, info, lang, index)) for lang in LANGUAGES.values() for e in index.entries.values()]
    data = [d for _, d in cited]
    todo = [d for d in data if d not in known]  # from nothing, on every core for a large archive
    worked = dict(zip(todo, fanout.mapped(formats_of, todo, here=kept is not None), strict=True))
    made = {d: known.get(d) or worked[d] for d in data}
    cited_in: dict[str, dict[str, dict[str, str]]] = {lang.code: {} for lang in LANGUAGES.values()}
    for lang, d in cited:
        cited_in[lang.code][d.id] = made[d]
    citations = cited_in[ENGLISH.code]
    if kept:
        kept.formats = made
    # from nothing, on every core for a large archive
    files = export_files(
        index, info, kept.exports if kept else None, functools.partial(fanout.mapped, here=kept is not None)
    )
    for lang in LANGUAGES.values():
        for rid, formats in cited_in[lang.code].items():
            base = lang.prefix + index.entries[rid].url
            files |= {
                f"{base}cite.bib": formats["bibtex"],
                f"{base}cite.ris": formats["ris"],
                f"{base}cite.json": formats["csl"],
            }
    files |= redirects(index.entries, files)
    citation_cff = root / "CITATION.cff"
    if citation_cff.is_file():
        files["data/CITATION.cff"] = citation_cff.read_text(encoding="utf-8")
    listed = downloads(files)
    if spill is not None:  # let the text of 40,000 files go before the pages are rendered
        for path in files:
            spill(path, pack(files[path]))
            files[path] = ""
    records = [*index.entries.values(), *index.withdrawn.values()]
    in_each = [(e, lang) for lang in LANGUAGES.values() for e in records]
    made_heads = fanout.mapped(lambda el: _head(el[0], index, info, kept, el[1]), in_each, here=kept is not None)
    heads = {page_path(e, lang): head for (e, lang), head in zip(in_each, made_heads, strict=True)}
    heads["data/index.md"] = dataset_head(index, info, [(d.path, d.media_type) for d in listed])
    jobs = page_jobs(
        index,
        info,
        citations,
        [(d.path, d.about) for d in listed],
        held_back(index, report),
        kept,
        langs=tuple(LANGUAGES.values()),
        cited_in=cited_in,
    )
    jobs += [(path, functools.partial(str, markdown)) for path, markdown in reference_pages()]
    # A page's date (the sitemap's <lastmod>) is its record's last commit, or else the commit built,
    # never the day of the build: two builds of one commit must be byte-identical.
    dates = {page_path(e, lang): info.changed(e.path) for e, lang in in_each}
    made_from = {page_path(e, lang): e for e, lang in in_each}
    jobs_with_meta: list[tuple[str, Job]] = []
    everything = {path for path, _job in jobs} | set(hand_written(docs) if docs is not None else [])
    shells: list[Page] = []
    for path, job in jobs:
        page = Page(
            path,
            "",
            heads.get(path, ""),
            dates.get(path) or info.commit_date,
            page_links(info, path, made_from.get(path)),
        )
        meta = page_meta(path, everything, page.head, page.date, page.links)
        shells.append(page)
        jobs_with_meta.append((path, functools.partial(_with, job, meta)))
    texts = _rendered(jobs_with_meta, here=kept is not None, spill=spill)
    if kept:
        kept.finish()
    pages = [replace(page, markdown=text) for page, text in zip(shells, texts, strict=True)]
    progress.stage(f"rendered {len(pages):,} pages and {len(files):,} data and citation files")
    return Result(index, pages, files, report, info, progress)


def _with(job: Job, meta: dict[str, Any]) -> str:
    """The page ``job`` renders, with ``meta`` in its front matter (pages/meta.py)."""
    return with_meta(job(), meta)


def _packed(job: Job) -> bytes:
    return pack(job())


def _rendered(jobs: list[tuple[str, Job]], here: bool, spill: Callable[[str, bytes], None] | None) -> list[str]:
    """The Markdown ``jobs`` render: on every core for a large build from nothing (fanout.py), here
    when a rebuild takes pages from the last (``here``). With ``spill``, each page's Markdown is
    handed to it packed (lean.pack, where it was rendered) as soon as it is rendered, and not kept
    (its text here is empty)."""
    if spill is None:
        return list(fanout.results([job for _, job in jobs], here=here))
    packing = [functools.partial(_packed, job) for _, job in jobs]  # packed where rendered
    for (path, _job), packed in zip(jobs, fanout.results(packing, here=here), strict=True):
        spill(path, packed)
    return ["" for _path, _job in jobs]


def held_back(index: Index, report: Report) -> list[tuple[str, str, str, list[Problem]]]:
    """Records left out for their errors, with their problems: (kind, ID, file, problems). Under
    `mkdocs serve`, the record's own address then says what to fix instead of answering 404."""
    found: dict[str, tuple[str, str, str, list[Problem]]] = {}
    for problem in report.sorted():
        folder, _, name = problem.origin.path.removeprefix(f"{SOURCES_DIR}/").rpartition("/")
        kind, rid = KINDS_BY_PLURAL.get(folder), name.rpartition(".")[0]
        if problem.severity != "error" or kind is None or id_problem(rid) is not None:
            continue
        if rid in index.entries or rid in index.withdrawn:  # shown all the same (only its permalink is unregistered)
            continue
        found.setdefault(rid, (kind.name, rid, problem.origin.path, []))[3].append(problem)
    return [found[rid] for rid in sorted(found)]


def page_links(info: ArchiveInfo, path: str, entry: Entry | None) -> Links:
    if entry is None:  # made from many records
        return links(info, path, None)
    return links(info, path, entry.path, entry.id, display_title(entry, language_of(path)))
