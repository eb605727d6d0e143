"""Index -> pages (path, Markdown) through Jinja2 templates.

Every value a template prints is escaped for Markdown by default (the environment's ``finalize``);
only helpers that build links or already-escaped text return ``Markup``. A record can therefore
never inject markup, whatever it holds."""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

import jinja2
from markupsafe import Markup

from build_tools.index import claims
from build_tools.index.link import Index
from build_tools.pages import cite_source, fmt, fmt_ko, i18n, lead, listing
from build_tools.pages.compiled import Compiled
from build_tools.pages.contribute import Links
from build_tools.pages.i18n import ENGLISH, Language
from build_tools.pages.search_terms import search_terms
from build_tools.pages.views import Drawings
from build_tools.reading.history import ArchiveInfo
from build_tools.records import model, vocab
from build_tools.records.fields import UNKNOWN
from build_tools.records.model import KINDS, Entry
from build_tools.records.parts import Citation
from build_tools.records.problems import Problem

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    path: str  # source path of the Markdown page, e.g. "camps/chongori/index.md"
    markdown: str
    head: str = ""  # HTML for the page's <head>: JSON-LD and the meta tags reference managers read
    date: str | None = None  # when its content last changed (YYYY-MM-DD), if known from git
    links: Links = field(default_factory=Links)  # for readers to edit its record or suggest a correction

    def head_html(self) -> str:
        """The HTML for the page's <head>."""
        return self.head


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


def page_path(entry: Entry, lang: Language = ENGLISH) -> str:
    """The Markdown file of a record's page in ``lang``: a folder of its own, as its address is
    (camps/kaechon/index.md is /camps/kaechon/), so that a link reads the same from the file as
    from the page, whichever generator resolves it (Zensical reads raw HTML's from the file)."""
    return f"{lang.prefix}{KINDS[entry.kind].plural}/{entry.id}/index.md"


class _Helpers:
    """Functions templates call; each knows where the page being rendered lives and in which
    language: links between pages stay in the page's language (ko/ pages link to ko/ pages)."""

    def __init__(self, index: Index, depth: int, url_depth: int, lang: Language = ENGLISH) -> None:
        self.index = index
        self.lang = lang
        self.up = "../" * depth  # to the language's root (the docs root in English), from the page's Markdown file
        self.root = "../" * url_depth  # to the language's root, from the page's address
        # to the docs root, from the page's Markdown file: for what only English has (data, the reference)
        self.site = "../" * (depth + lang.prefix.count("/"))
        self.title = functools.partial(display_title, lang=lang)
        self.word = i18n.plain(lang.code)

    def href(self, rid: str) -> str:
        """A record's page, as a Markdown link target (MkDocs turns it into the address)."""
        entry = self.index.entries[rid]
        return f"{self.up}{page_path(entry)}"

    def page_url(self, rid: str) -> str:
        """A record's address relative to this page's, for raw HTML such as the drawings, whose
        links MkDocs does not rewrite (directory URLs: camps/chongori.md is /camps/chongori/)."""
        return f"{self.root}{self.index.entries[rid].url}"

    def link(self, rid: str | None, text: str | None = None) -> Markup:
        if rid is None or rid == UNKNOWN:
            return Markup(self.word("not stated"))
        entry = self.index.get(rid)
        if entry is None:  # a record held back for its errors: named, not linked
            return Markup(fmt.md_inline(rid))
        said = Markup(f"[{fmt.md_inline(text or self.title(entry))}]({self.href(rid)})")
        other = None if text else title_language(entry, self.lang)
        return Markup(f'<span lang="{other}">{said}</span>') if other else said

    def links(self, rids: list[str]) -> Markup:
        return Markup(", ".join(self.link(r) for r in rids)) if rids else Markup(self.word("none"))

    def url(self, address: str) -> Markup:
        # Raw HTML, not a Markdown autolink: Markdown escapes inside a URL would corrupt it.
        # Validation already guarantees an http(s) URL without whitespace.
        safe = html.escape(address, quote=True)
        return Markup(f'<a class="ea-url" href="{safe}">{safe}</a>')

    def kind_index(self, kind: str) -> str:
        return f"{self.up}{KINDS[kind].plural}/index.md"


def display_title(entry: Entry, lang: Language = ENGLISH) -> str:
    """The record's title as readers see it in ``lang``: in Korean, its Korean title or name
    where the record gives one, else the English."""
    rec = entry.record
    said = i18n.korean_title(entry) if lang != ENGLISH else None
    if isinstance(rec, model.Source) and rec.title_supplied:  # marked in words, not [brackets]
        return f"{said or rec.title} ({i18n.plain(lang.code)(cite_source.SUPPLIED)})"
    return said or entry.title


def _in_english(said: Markup, block: bool) -> Markup:
    """Markdown marked as English, for a page in another language: a block or a phrase."""
    if block:
        return Markup('<div lang="en" markdown>\n\n') + said + Markup("\n\n</div>")
    return Markup('<span lang="en">') + said + Markup("</span>")


def title_language(entry: Entry, lang: Language) -> str | None:
    """The language of the title ``display_title`` gives, where it is not ``lang`` (for a link's
    ``lang``, so that a screen reader reads it in its own language): a source's own title is in
    the source's language, a supplied one in English; another record's is English where it
    gives no Korean."""
    rec = entry.record
    if lang != ENGLISH and i18n.korean_title(entry):
        return None
    said = rec.language if isinstance(rec, model.Source) and not rec.title_supplied else ENGLISH.code
    return said if said != lang.code else None


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


def _environment(
    page: _Page,
    info: ArchiveInfo,
    citations: dict[str, dict[str, str]],
    lang: Language = ENGLISH,
    compiled: Compiled | None = None,
) -> jinja2.Environment:
    """Templates and what every page may call, in the language ``lang``; each page is given its own
    ``index``, ``draw`` and ``citations_of`` (render_pages), through which its reads are noted;
    ``compiled`` keeps the templates compiled (pages/compiled.py)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=compiled,
        auto_reload=False,  # the tool's own templates, which no build changes: not looked at again
        autoescape=False,
        finalize=lambda v: page.linkify(fmt.md_text(v)) if v is not None else "",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    word = i18n.plain(lang.code)
    english = lang == ENGLISH

    def shown(rec: object, name: str, block: bool = True) -> Markup:
        """A record's own text in the page's language; English standing in is marked lang="en"."""
        text, stand_in = i18n.in_language(rec, name, lang)
        if text is None:
            return Markup("")
        said = page.linkify(fmt.md_text(text)) if block else page.linkify(fmt.md_inline(text))
        return _in_english(said, block) if stand_in else said

    def written(text: str, block: bool = False, said: Markup | None = None) -> Markup:
        """A text a record gives in one language only (a locator, a leg's description, a
        narrative): on a page in another language it is marked English, unless written in Hangul."""
        if said is None:
            said = page.linkify(fmt.md_text(text)) if block else page.linkify(fmt.md_inline(text))
        return said if english or i18n.written_in(text) != ENGLISH.code else _in_english(said, block)

    def own(text: str | list[str], code: str | None = None) -> Markup:
        """A text in its own language, marked where that is not the page's (so that a screen
        reader reads it in its own voice): ``code``, such as a quote's source's language, or
        else Korean for text in Hangul and English for any other (a romanized name as well).
        A list (a record's other names) gives each its own mark, joined by commas."""
        if isinstance(text, list):
            return Markup(", ").join(own(t, code) for t in text)
        said = page.linkify(fmt.md_inline(text))
        code = code or i18n.written_in(text)
        return said if code == lang.code else Markup(f'<span lang="{code}">') + said + Markup("</span>")

    def narrative(entry: Entry) -> Markup:
        """A record's narrative (Markdown) in the page's language, or its English, marked (written)."""
        text, stand_in = i18n.narrative(entry, lang)
        said = page.linkify(Markup(fmt.in_folder(fmt.md_body(text or ""))), _PLAIN_REF)
        return written(text or "", True, said) if stand_in else said

    def locator(text: str) -> Markup:
        """Where in a source: on a Korean page a paragraph count in Korean words, else as written."""
        said = None if english else fmt_ko.locator_ko(text)
        return written(text) if said is None else Markup(said)

    env.filters.update(
        written=written,
        locator=locator,
        own=own,
        inline=lambda v: page.linkify(fmt.md_inline(v)),
        narrative=narrative,
        date=fmt.fmt_date if english else fmt_ko.date_ko,
        language=lambda code: word(fmt.fmt_language(code)),
        code=lambda v: Markup(f"<code>{html.escape(str(v))}</code>"),
        shown=shown,
    )
    env.tests["disagrees_with"] = lambda other, fig: claims.disagree(fig, other.record)
    kinds = kinds_in(lang)
    env.globals.update(
        info=info,
        lang=lang,
        _=i18n.translator(lang.code),
        untranslated=lambda entry: i18n.untranslated(entry, lang),
        citations=citations,
        cite_formats=CITE_FORMATS,
        fence=fence,
        anchors=anchors,
        kinds=kinds,
        vocab=_VOCABS if english else _vocabs_in(lang.code),
        fmt_value=fmt.fmt_value if english else lambda v, unit: fmt_ko.value_ko(v, unit, _unit_word(word)),
        title_of=functools.partial(display_title, lang=lang),
        title_language=functools.partial(title_language, lang=lang),
        group_by_measure=group_by_measure,
        context_limit=CONTEXT_LIMIT,
        page_size=listing.PAGE_SIZE,
        by_source=by_source,
        differs=claims.differs,
        span_words=fmt.fmt_range if english else fmt_ko.range_ko,
        claims=claims,
        partnerships=vocab.PARTNERSHIPS,
        cite_original=functools.partial(cite_source.original, lang=lang, info=info),
        lead=lead,
        front_matter=lead.front_matter,
        count=lambda items, kind: (
            f"{len(items)} {kinds[kind].label.lower() if len(items) == 1 else kinds[kind].label_plural.lower()}"
            if english
            else f"{kinds[kind].label} {len(items)}건"
        ),
    )
    return env


def _unit_word(word: Callable[[str], str]) -> Callable[[str], str]:
    return lambda unit: word(vocab.UNITS.get(unit, unit))


@functools.cache
def kinds_in(lang: Language) -> dict[str, model.Kind]:
    """The kinds of record with their labels in ``lang``."""
    word = i18n.plain(lang.code)
    return {
        name: dataclasses.replace(k, label=word(k.label), label_plural=word(k.label_plural))
        for name, k in KINDS.items()
    }


@functools.cache
def _vocabs_in(code: str) -> dict[str, dict[str, str]]:
    word = i18n.plain(code)
    return {name: {key: word(label) for key, label in values.items()} for name, values in _VOCABS.items()}


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
    return index.part(name, number) if isinstance(index, listing.SeenIndex) else listing.part(index, name, number)


def _render(
    env: jinja2.Environment,
    page: _Page,
    path: str,
    template: str,
    idx: Index,
    drawn: Callable[[str, Callable[[], str]], str] | None,
    context: dict[str, Any],
    lang: Language = ENGLISH,
) -> str:
    """The page at ``path`` (within its language's tree) from ``template``; each callable in
    ``context`` is given the index."""
    depth = path.count("/")
    page.helpers = _Helpers(idx, depth, depth + (0 if path.endswith("index.md") else 1), lang)
    made = {name: get(idx) if callable(get) else get for name, get in context.items()}
    drawings = idx.drawings if isinstance(idx, listing.SeenIndex) else Drawings
    word, title, date = page.helpers.word, page.helpers.title, env.filters["date"]
    value = cast(Callable[[model.Value, str], str], env.globals["fmt_value"])  # the page's, as its tables use
    draw = drawings(idx, page.helpers.page_url, drawn, word, title, date, value, lang.code)
    text = env.get_template(template).render(
        h=page.helpers, index=idx, draw=draw, citations_of=idx.citations_in, **made
    )
    entry = made.get("e")
    return text + search_terms(entry) if isinstance(entry, Entry) else text


Job = Callable[[], str]  # what renders one page


class Reuse(Protocol):
    """What a rebuild may take from the last (speed/reads.py's Kept, which the orchestrator hands
    in): a page or a drawing made before from what has not changed since."""

    def text(self, key: Hashable, work: Callable[[Index], str], ids: tuple[str, ...] = ()) -> str: ...

    def drawing(self, key: str, make: Callable[[], str]) -> str: ...

    compiled: Compiled  # the templates an earlier build compiled


def page_jobs(
    index: Index,
    info: ArchiveInfo,
    citations: dict[str, dict[str, str]],
    downloads: Sequence[tuple[str, str]] = (),
    held_back: Sequence[tuple[str, str, str, list[Problem]]] = (),
    kept: Reuse | None = None,
    langs: Sequence[Language] = (ENGLISH,),
    cited_in: dict[str, dict[str, dict[str, str]]] | None = None,
) -> list[tuple[str, Job]]:
    """What renders every page of the site, in each of ``langs`` (each language's under its
    prefix), in the site's order: home, an index per kind, one page per record (a tombstone for a
    withdrawn one) and the downloads page. Each job is pure and may run anywhere (compile/ runs a
    large archive's on every core).

    ``citations`` holds each record's ready citations (``cite.all_formats``); ``downloads`` the
    (site path, description) of each data file, for the downloads page; ``held_back`` the (kind, ID,
    file, problems) of each record left out for its errors, whose page lists them (in the preview).
    With ``kept`` (``mkdocs serve``), a page is taken from the last build when nothing it read
    changed. ``cited_in`` holds, by language code, the citations of the pages in that language (a
    Korean page cites the Korean page)."""
    jobs: list[tuple[str, Job]] = []  # (site path, what renders the page), in the site's order
    for lang in langs:
        cites = citations if lang == ENGLISH else (cited_in or {}).get(lang.code, citations)
        _jobs(jobs, index, info, cites, downloads, held_back, kept, lang)
    return jobs


def render_pages(
    index: Index,
    info: ArchiveInfo,
    citations: dict[str, dict[str, str]],
    downloads: Sequence[tuple[str, str]] = (),
    held_back: Sequence[tuple[str, str, str, list[Problem]]] = (),
    langs: Sequence[Language] = (ENGLISH,),
    cited_in: dict[str, dict[str, dict[str, str]]] | None = None,
) -> list[Page]:
    """Every page of the site (``page_jobs``), rendered one after another. Deterministic."""
    jobs = page_jobs(index, info, citations, downloads, held_back, None, langs, cited_in)
    return [Page(path, job()) for path, job in jobs]


def _jobs(
    jobs: list[tuple[str, Job]],
    index: Index,
    info: ArchiveInfo,
    citations: dict[str, dict[str, str]],
    downloads: Sequence[tuple[str, str]],
    held_back: Sequence[tuple[str, str, str, list[Problem]]],
    kept: Reuse | None,
    lang: Language,
) -> None:
    """Adds to ``jobs`` what renders each page of the site in ``lang``."""
    page = _Page()
    env = _environment(page, info, citations, lang, kept.compiled if kept else None)
    kinds = kinds_in(lang)

    def render(path: str, template: str, ids: tuple[str, ...] = (), keep: bool = True, **context: Any) -> None:
        def work(idx: Index) -> str:
            return _render(env, page, path, template, idx, kept.drawing if kept else None, context, lang)

        at = lang.prefix + path
        if kept and keep:
            jobs.append((at, lambda: kept.text((at, template), work, ids)))
        else:
            jobs.append((at, lambda: work(index)))

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
    for kind in kinds.values():
        listed(kind.name, "kind_index.md.j2", kind=kind)
        for entry in index.by_kind[kind.name]:
            render(page_path(entry), f"{kind.name}.md.j2", (entry.id,), e=entry, r=entry.record, kind=kind)
        for entry in (e for e in index.withdrawn.values() if e.kind == kind.name):
            render(page_path(entry), "withdrawn.md.j2", (entry.id,), e=entry, r=entry.record, kind=kind)
    for kind_name, rid, path, problems in held_back:  # made from problems, not the index: never kept
        kind, page_at = kinds[kind_name], f"{KINDS[kind_name].plural}/{rid}/index.md"
        render(page_at, "held_back.md.j2", keep=False, kind=kind, rid=rid, file=path, problems=problems)
    render("map/index.md", "map.md.j2")
    listed(listing.TIMELINE, "timeline.md.j2")
    measures = lambda idx: group_by_measure(idx.by_kind["figure"])  # noqa: E731
    render("measures/index.md", "measures.md.j2", measures=measures)
    for measure, _figures in measures(index):
        figs = lambda idx, m=measure: group_by_measure(idx.of_measure(m))[0][1]  # noqa: E731
        render(f"measures/{measure}/index.md", "measure.md.j2", measure=measure, figs=figs)
    render("data/index.md", "data.md.j2", keep=False, downloads=downloads)
