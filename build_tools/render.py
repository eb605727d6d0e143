"""Index -> pages (path, Markdown) through Jinja2 templates.

Every value a template prints is escaped for Markdown by default (the environment's ``finalize``);
only helpers that build links or already-escaped text return ``Markup``. A record can therefore
never inject markup, whatever it holds.
"""

from __future__ import annotations

import functools
import html
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import claims, fanout, fmt, listing, model, vocab
from .contribute import Links
from .history import ArchiveInfo
from .lean import pack
from .link import Index
from .model import KINDS, Citation, Entry
from .problems import Problem
from .reads import Kept, NotedDrawings, NotedIndex
from .views import Drawings

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    path: str  # source path of the Markdown page, e.g. "camps/chongori.md"
    markdown: str
    head: str = ""  # HTML for the page's <head>: JSON-LD and the meta tags reference managers read
    date: str | None = None  # when its content last changed (YYYY-MM-DD), if known from git
    links: Links = field(default_factory=Links)  # for readers to edit its record or suggest a correction


# The citation formats of the "Cite this" box: (key in cite.all_formats, tab label, code language)
CITE_FORMATS = (
    ("apa", "APA", "text"),
    ("chicago", "Chicago", "text"),
    ("bibtex", "BibTeX", "bibtex"),
    ("ris", "RIS", "text"),
    ("csl", "CSL-JSON", "json"),
)


def anchors(entry: Entry) -> Markup:
    """Stable anchors for a record shown inside another page (a figure on its camp page): its ID
    and any IDs it had before a rename, so links to it in context keep working."""
    ids = [entry.id, *(f for f in getattr(entry.record, "formerly", []) if "/" not in f)]
    return Markup("".join(f'<span id="{html.escape(i)}"></span>' for i in ids))


def fence(text: str, lang: str, indent: int) -> Markup:
    """``text`` verbatim as a fenced code block, indented to nest in tabs; no fence inside the text
    can close it, since the fence is longer than any run of backticks in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    bar = "`" * max(3, longest + 1)
    pad = " " * indent
    lines = [f"{bar} {lang}", *text.splitlines(), bar]
    return Markup("\n".join(pad + line if line else "" for line in lines))


def page_path(entry: Entry) -> str:
    return f"{KINDS[entry.kind].plural}/{entry.id}.md"


class _Helpers:
    """Functions templates call; each knows where the page being rendered lives."""

    def __init__(self, index: Index, depth: int, url_depth: int) -> None:
        self.index = index
        self.up = "../" * depth  # to the docs root, from the page's Markdown file
        self.root = "../" * url_depth  # to the site root, from the page's address

    def href(self, rid: str) -> str:
        """A record's page, as a Markdown link target (MkDocs turns it into the address)."""
        entry = self.index.entries[rid]
        return f"{self.up}{page_path(entry)}"

    def page_url(self, rid: str) -> str:
        """A record's address relative to this page's, for raw HTML such as the drawings, whose
        links MkDocs does not rewrite (directory URLs: camps/chongori.md is /camps/chongori/)."""
        return f"{self.root}{self.index.entries[rid].url}"

    def link(self, rid: str | None, text: str | None = None) -> Markup:
        if rid is None or rid == model.UNKNOWN:
            return Markup("not stated")
        entry = self.index.get(rid)
        if entry is None:  # a record held back for its errors: named, not linked
            return Markup(fmt.md_inline(rid))
        return Markup(f"[{fmt.md_inline(text or display_title(entry))}]({self.href(rid)})")

    def links(self, rids: list[str]) -> Markup:
        return Markup(", ".join(self.link(r) for r in rids)) if rids else Markup("none")

    def url(self, address: str) -> Markup:
        # Raw HTML, not a Markdown autolink: Markdown escapes inside a URL would corrupt it.
        # Validation already guarantees an http(s) URL without whitespace.
        safe = html.escape(address, quote=True)
        return Markup(f'<a class="ea-url" href="{safe}">{safe}</a>')

    def kind_index(self, kind: str) -> str:
        return f"{self.up}{KINDS[kind].plural}/index.md"


def display_title(entry: Entry) -> str:
    rec = entry.record
    if isinstance(rec, model.Source) and rec.title_supplied:
        return f"[{rec.title}]"
    return entry.title


_ESCAPED_REF = re.compile(r"\\\[\\\[([a-z0-9-]+)\\\]\\\]")  # [[id]] after md escaping
_PLAIN_REF = re.compile(r"\[\[([a-z0-9-]+)\]\]")  # [[id]] in a Markdown body


class _Page:
    """The page being rendered, so that text filters can turn [[id]] into relative links."""

    helpers: _Helpers

    def linkify(self, text: str, pattern: re.Pattern[str] = _ESCAPED_REF) -> Markup:
        if "[" not in text:  # no [[id]]: most text a page prints
            return Markup(text)

        def sub(m: re.Match[str]) -> str:
            rid = m.group(1)
            return str(self.helpers.link(rid, rid)) if rid in self.helpers.index.entries else m.group(0)

        return Markup(pattern.sub(sub, text))


def _environment(page: _Page, info: ArchiveInfo, citations: dict[str, dict[str, str]]) -> jinja2.Environment:
    """Templates and what every page may call; each page is given its own ``index``, ``draw`` and
    ``citations_of`` (render_pages), through which its reads are noted."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,  # the tool's own templates, which no build changes: not looked at again
        autoescape=False,
        finalize=lambda v: page.linkify(fmt.md_text(v)) if v is not None else "",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        inline=lambda v: page.linkify(fmt.md_inline(v)),
        body=lambda v: page.linkify(fmt.md_body(v), _PLAIN_REF),
        date=fmt.fmt_date,
        language=fmt.fmt_language,
        code=lambda v: Markup(f"<code>{html.escape(str(v))}</code>"),
    )
    env.tests["disagrees_with"] = lambda other, fig: claims.disagree(fig, other.record)
    env.globals.update(
        info=info,
        citations=citations,
        cite_formats=CITE_FORMATS,
        fence=fence,
        anchors=anchors,
        kinds=KINDS,
        vocab=_VOCABS,
        fmt_value=fmt.fmt_value,
        title_of=display_title,
        group_by_measure=group_by_measure,
        context_limit=CONTEXT_LIMIT,
        page_size=listing.PAGE_SIZE,
        by_source=by_source,
        differs=claims.differs,
        span_words=fmt.fmt_range,
        claims=claims,
        count=lambda items, kind: (
            f"{len(items)} {KINDS[kind].label.lower() if len(items) == 1 else KINDS[kind].label_plural.lower()}"
        ),
    )
    return env


_VOCABS = {
    "source_type": vocab.SOURCE_TYPES,
    "reliability": vocab.RELIABILITY,
    "role": vocab.WITNESS_ROLES,
    "measure": vocab.MEASURES,
    "unit": vocab.UNITS,
    "basis": vocab.BASES,
    "camp_type": vocab.CAMP_TYPES,
    "org_type": vocab.ORG_TYPES,
    "place_type": vocab.PLACE_TYPES,
    "precision": vocab.PRECISIONS,
    "mechanism": vocab.MECHANISMS,
    "stance": vocab.STANCES,
    "correction": vocab.CORRECTIONS,
    "input_use": vocab.INPUT_USES,
    "content_note": vocab.CONTENT_NOTES,
}


# Figures of other camps a camp's chart sets its own against, at most: enough for context, few
# enough that a camp's page does not grow with the archive (the measure's page charts them all).
CONTEXT_LIMIT = 12


def group_by_measure(figures: list[Entry]) -> list[tuple[str, list[Entry]]]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for f in figures:
        groups[f.record.measure].append(f)  # type: ignore[union-attr]
    order = list(vocab.MEASURES)
    return [
        (m, sorted(groups[m], key=lambda e: (fmt.date_sort_key(e.record.period), e.id)))  # type: ignore[union-attr]
        for m in sorted(groups, key=order.index)
    ]


def by_source(cites: list[Citation]) -> list[tuple[str, list[Citation]]]:
    """Citations grouped by source, in the order each source is first cited."""
    groups: dict[str, list[Citation]] = {}
    for c in cites:
        groups.setdefault(c.source, []).append(c)
    return list(groups.items())


def _part(index: Index, name: str, number: int) -> tuple[listing.Part, listing.Pager]:
    """Part ``number`` of a long list, through the page's noted index when it has one (the
    listing is worked out in listing.py, which the index, beneath it, cannot import)."""
    return index.part(name, number) if isinstance(index, NotedIndex) else listing.part(index, name, number)


def _render(
    env: jinja2.Environment,
    page: _Page,
    path: str,
    template: str,
    idx: Index,
    drawn: Callable[[str, Callable[[], str]], str] | None,
    context: dict[str, Any],
) -> str:
    """The page at ``path`` from ``template``; each callable in ``context`` is given the index."""
    depth = path.count("/")
    page.helpers = _Helpers(idx, depth, depth + (0 if path.endswith("index.md") else 1))
    made = {name: get(idx) if callable(get) else get for name, get in context.items()}
    drawings = NotedDrawings if isinstance(idx, NotedIndex) else Drawings
    draw = drawings(idx, page.helpers.page_url, drawn)
    return env.get_template(template).render(
        h=page.helpers, index=idx, draw=draw, citations_of=idx.citations_in, **made
    )


def record_page(
    index: Index,
    info: ArchiveInfo,
    citations: dict[str, dict[str, str]],
    entry: Entry,
    drawn: Callable[[str, Callable[[], str]], str] | None = None,
) -> str:
    """The Markdown of one published record's page, as render_pages makes it (for the preview's
    first look at an edit, early.py); ``drawn`` as ``Kept.drawing``."""
    page = _Page()
    env = _environment(page, info, citations)
    context = {"e": entry, "r": entry.record, "kind": KINDS[entry.kind]}
    return _render(env, page, page_path(entry), f"{entry.kind}.md.j2", index, drawn, context)


def _packed(job: fanout.Job[str]) -> bytes:
    return pack(job())


def render_pages(
    index: Index,
    info: ArchiveInfo,
    citations: dict[str, dict[str, str]],
    downloads: Sequence[tuple[str, str]] = (),
    held_back: Sequence[tuple[str, str, str, list[Problem]]] = (),
    kept: Kept | None = None,
    spill: Callable[[str, bytes], None] | None = None,
) -> list[Page]:
    """Every page of the site: home, an index per kind, one page per record (a tombstone for a
    withdrawn one) and the downloads page. Deterministic.

    ``citations`` holds each record's ready citations (``cite.all_formats``); ``downloads`` the
    (site path, description) of each data file, for the downloads page; ``held_back`` the (kind, ID,
    file, problems) of each record left out for its errors, whose page lists them (in the preview).
    With ``kept`` (``mkdocs serve``), a page is taken from the last build when nothing it read
    changed; without it, the pages of a large archive are rendered on every core (fanout.py). With
    ``spill``, each page's Markdown is handed to it packed (lean.pack, where it was rendered) as
    soon as it is rendered, and not kept (its Page has none)."""
    page = _Page()
    env = _environment(page, info, citations)
    jobs: list[tuple[str, fanout.Job[str]]] = []  # (site path, what renders the page), in the site's order

    def render(path: str, template: str, ids: tuple[str, ...] = (), keep: bool = True, **context: Any) -> None:
        def work(idx: Index) -> str:
            return _render(env, page, path, template, idx, kept.drawing if kept else None, context)

        if kept and keep:
            jobs.append((path, lambda: kept.text((path, template), work, ids)))
        else:
            jobs.append((path, lambda: work(index)))

    def listed(name: str, template: str, **context: Any) -> None:
        """Each part of a long list (listing.py); the first, at the list's address, also names the
        withdrawn records of its kind."""
        for n in range(1, len(listing.parts(index, name)) + 1):
            shown = lambda idx, n=n: _part(idx, name, n)  # noqa: E731
            render(
                listing.part_path(name, n),
                template,
                entries=lambda idx, shown=shown: [idx.entries[i] for i in shown(idx)[0].ids],
                pager=lambda idx, shown=shown: shown(idx)[1],
                withdrawn=lambda idx, n=n: (
                    [e for e in idx.withdrawn.values() if e.kind == name] if n == 1 and name in KINDS else []
                ),
                **context,
            )

    render("index.md", "home.md.j2")
    for kind in KINDS.values():
        listed(kind.name, "kind_index.md.j2", kind=kind)
        for entry in index.by_kind[kind.name]:
            render(page_path(entry), f"{kind.name}.md.j2", (entry.id,), e=entry, r=entry.record, kind=kind)
        for entry in (e for e in index.withdrawn.values() if e.kind == kind.name):
            render(page_path(entry), "withdrawn.md.j2", (entry.id,), e=entry, r=entry.record, kind=kind)
    for kind_name, rid, path, problems in held_back:  # made from problems, not the index: never kept
        kind, page_at = KINDS[kind_name], f"{KINDS[kind_name].plural}/{rid}.md"
        render(page_at, "held_back.md.j2", keep=False, kind=kind, rid=rid, file=path, problems=problems)
    render("map/index.md", "map.md.j2")
    listed(listing.TIMELINE, "timeline.md.j2")
    measures = lambda idx: group_by_measure(idx.by_kind["figure"])  # noqa: E731
    render("measures/index.md", "measures.md.j2", measures=measures)
    for measure, _figures in measures(index):
        figs = lambda idx, m=measure: group_by_measure(idx.of_measure(m))[0][1]  # noqa: E731
        render(f"measures/{measure}.md", "measure.md.j2", measure=measure, figs=figs)
    render("data/index.md", "data.md.j2", keep=False, downloads=downloads)
    # What the last build kept is consulted in this process; a build from nothing may use every core.
    here = kept is not None
    if spill is not None:
        packing = [functools.partial(_packed, job) for _, job in jobs]  # packed where rendered
        for (path, _job), packed in zip(jobs, fanout.results(packing, here=here), strict=True):
            spill(path, packed)
        pages = [Page(path, "") for path, _job in jobs]
    else:
        texts = fanout.results([job for _, job in jobs], here=here)
        pages = [Page(path, text) for (path, _job), text in zip(jobs, texts, strict=True)]
    if kept:
        kept.finish()
    return pages
