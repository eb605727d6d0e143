"""Ready citations of a source itself (the original document, not the archive's record of it): its own
authors and publisher, its title, date and address as the source record gives them, and, for a
record that cites it, the place in it (the locator). CSL-JSON, APA, Chicago author-date, BibTeX
and RIS, as cite.py writes the archive's own. Pure functions, no I/O.

Nothing is invented: a field the source record lacks (no author, no date, no address) is left out
of every format, not made up, and "n.d." says an unknown date where a style asks for one. Authors'
names are printed as the document gives them (a name is never split into family and given names,
which could mangle "Joseph S. Bermudez Jr."). A title the archive supplied because the document
has none says so in words. The locator is printed as the archive wrote it: after the reference in
APA and Chicago, as BibTeX's comment and the ``\\cite`` postnote to use, as RIS's note and as a
CSL-JSON note (styles cite a place in a work in the text, not in the reference list).

A source whose address the archive does not know would leave a reader of the citation no way to
find it; its citation then says so and gives the archive's record of it (``record``), the same way
as the locator: on a line after the reference, as BibTeX's note, RIS's N1 and in the CSL-JSON note.
Never as the source's URL: the record is not where the document can be read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from build_tools.pages import cite
from build_tools.pages.cite import BIBTEX_MONTHS, KEY_UNSAFE, TEX, URL_TEX, CiteData, closed, one_line
from build_tools.pages.fmt import MONTHS
from build_tools.pages.i18n import ENGLISH, Language, korean_title, plain
from build_tools.records.model import Entry, Source

if TYPE_CHECKING:
    from build_tools.index.link import Index
    from build_tools.reading.history import ArchiveInfo

# A source type's CSL type, RIS type and BibTeX entry type.
_TYPES = {
    "ngo-report": ("report", "RPRT", "misc"),
    "government-report": ("report", "RPRT", "misc"),
    "imagery-analysis": ("report", "RPRT", "misc"),
    "news-article": ("article-newspaper", "NEWS", "misc"),
    "official-data": ("dataset", "DATA", "misc"),
    "gazetteer": ("dataset", "DATA", "misc"),
    "academic": ("article", "GEN", "misc"),
    "book": ("book", "BOOK", "book"),
    "reference-standard": ("standard", "STAND", "misc"),
    "court-document": ("legal_case", "CASE", "misc"),
}
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class SourceCite:
    """What a citation of a source document needs; every text may be any text."""

    id: str  # the source record's ID, the entry's key
    type: str  # the source type, a key of vocab.SOURCE_TYPES
    title: str  # as cited: a supplied title says so in words
    authors: tuple[str, ...] = ()  # as the document names them
    publisher: str | None = None  # the publisher's name; None when not known
    date: str | None = None  # as recorded: YYYY, YYYY-MM or YYYY-MM-DD; None when not known
    url: str | None = None  # where it can be read, or else an archived copy
    accessed: str | None = None  # when the address was read (YYYY-MM-DD or shorter)
    language: str | None = None  # its language code
    locator: str | None = None  # where in it, for a record that cites it
    record: str | None = None  # "No known address; recorded in <archive>: <permalink>", for one without an address


def _parts(date: str | None) -> list[int]:
    """[year] or [year, month] or [year, month, day]; [] for an unknown or other date."""
    m = _DATE.fullmatch(date or "")
    return [int(p) for p in m.groups() if p] if m else []


def _authors(d: SourceCite) -> list[str]:
    return [a for a in (one_line(x) for x in d.authors) if a]


def _title(d: SourceCite) -> str:
    return one_line(d.title)


def _where(d: SourceCite) -> str:
    return one_line(d.locator or "")


def _notes(d: SourceCite) -> list[str]:
    """Where in it it is cited, and, for a source without an address, the archive's record of it."""
    where = _where(d)
    return [*([f"Cited at: {where}"] if where else []), *([one_line(d.record)] if d.record else [])]


def csl_json(d: SourceCite) -> dict[str, Any]:
    item: dict[str, Any] = {"id": one_line(d.id), "type": _TYPES.get(d.type, ("document",))[0], "title": _title(d)}
    if authors := _authors(d):
        item["author"] = [{"literal": a} for a in authors]
    if d.publisher and one_line(d.publisher):
        item["publisher"] = one_line(d.publisher)
    if parts := _parts(d.date):
        item["issued"] = {"date-parts": [parts]}
    if d.url:
        item["URL"] = one_line(d.url)
    if accessed := _parts(d.accessed):
        item["accessed"] = {"date-parts": [accessed]}
    if d.language and d.language != "und":
        item["language"] = one_line(d.language)
    if notes := _notes(d):
        item["note"] = "\n".join(notes)
    return item


def _and(names: list[str], last: str) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])}{',' if len(names) > 2 else ''} {last} {names[-1]}"


def apa(d: SourceCite) -> str:
    """APA 7: authors (else the title first), date, title, publisher, address; then where in it."""
    parts = _parts(d.date)
    when = "n.d." if not parts else ", ".join([str(parts[0]), *([MONTHS[parts[1] - 1]] if len(parts) > 1 else [])])
    if len(parts) == 3:
        when += f" {parts[2]}"
    authors = _authors(d)
    head = (
        [closed(_and(authors, "&")), f"({when}).", closed(_title(d))]
        if authors
        else [
            closed(_title(d)),
            f"({when}).",
        ]
    )
    if d.publisher and one_line(d.publisher) and one_line(d.publisher) not in authors:
        head.append(closed(one_line(d.publisher)))
    if d.url:
        head.append(one_line(d.url))
    return _located(" ".join(head), d)


def chicago(d: SourceCite) -> str:
    """Chicago author-date: authors, year, “title”, publisher, date, address; then where in it.
    The title is kept as written: a source's own title is its own."""
    parts = _parts(d.date)
    title = _title(d)
    quoted = f"“{title}”" if title.endswith((".", "?", "!")) else f"“{title}.”"
    authors = _authors(d)
    year = str(parts[0]) if parts else "n.d."
    head = [closed(_and(authors, "and")), closed(year), quoted] if authors else [quoted, closed(year)]
    tail = [one_line(d.publisher)] if d.publisher and one_line(d.publisher) else []
    if len(parts) > 1:
        tail.append(MONTHS[parts[1] - 1] + (f" {parts[2]}" if len(parts) == 3 else ""))
    if tail:
        head.append(closed(", ".join(tail)))
    if d.url:
        head.append(closed(one_line(d.url)))
    return _located(" ".join(head), d)


def _located(reference: str, d: SourceCite) -> str:
    return "\n\n".join([reference, *_notes(d)])


def bibtex(d: SourceCite) -> str:
    """One entry; authors each in braces (BibTeX never splits a name given whole), the title
    brace-protected; a comment says where in it, and how to cite that place."""
    key = KEY_UNSAFE.sub("-", one_line(d.id)) or "source"
    fields = []
    if authors := _authors(d):
        fields.append(("author", "{" + " and ".join(f"{{{a.translate(TEX)}}}" for a in authors) + "}"))
    fields.append(("title", f"{{{{{_title(d).translate(TEX)}}}}}"))
    if d.publisher and one_line(d.publisher):
        fields.append(
            ("publisher" if d.type == "book" else "howpublished", f"{{{one_line(d.publisher).translate(TEX)}}}")
        )
    parts = _parts(d.date)
    if parts:
        fields.append(("year", f"{{{parts[0]}}}"))
    if len(parts) > 1:
        fields.append(("month", BIBTEX_MONTHS[parts[1] - 1]))
    if parts:
        fields.append(("date", f"{{{one_line(d.date or '')}}}"))
    if d.url:
        fields.append(("url", f"{{{one_line(d.url).translate(URL_TEX)}}}"))
    if _parts(d.accessed):
        fields.append(("urldate", f"{{{one_line(d.accessed or '')}}}"))
    if d.record and one_line(d.record):
        fields.append(("note", f"{{{one_line(d.record).translate(TEX)}}}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    entry = f"@{_TYPES.get(d.type, ('', '', 'misc'))[2]}{{{key},\n{body}\n}}\n"
    where = _where(d)
    return f"% Cited at: {where} (biblatex: \\autocite[{where}]{{{key}}})\n{entry}" if where else entry


def ris(d: SourceCite) -> str:
    tags = [("TY", _TYPES.get(d.type, ("", "GEN"))[1]), ("ID", one_line(d.id)), ("TI", _title(d))]
    tags += [("AU", a) for a in _authors(d)]
    parts = _parts(d.date)
    if parts:
        tags.append(("PY", str(parts[0])))
        tags.append(("DA", "/".join(f"{p:02}" for p in parts)))
    tags += [("PB", one_line(d.publisher or "")), ("UR", one_line(d.url or ""))]
    if _parts(d.accessed):
        tags.append(("Y2", one_line(d.accessed or "").replace("-", "/")))
    if d.language and d.language != "und":
        tags.append(("LA", one_line(d.language)))
    tags += [("N1", note) for note in _notes(d)]
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in tags if value or tag == "ER")


def all_formats(d: SourceCite) -> dict[str, str]:
    """Every format as text, keyed as cite.all_formats keys them (CSL-JSON safe in <script>)."""
    csl = json.dumps([csl_json(d)], indent=2, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    return {"apa": apa(d), "chicago": chicago(d), "bibtex": bibtex(d), "ris": ris(d), "csl": csl}


# ---- from the source record -------------------------------------------------------------------

SUPPLIED = "untitled; title supplied by the archive"  # said after a title the archive supplied


def of_source(
    entry: Entry,
    publisher: str | None,
    lang: Language = ENGLISH,
    locator: str | None = None,
    info: ArchiveInfo | None = None,
) -> SourceCite:
    """The citation data of source record ``entry`` as its page in ``lang`` gives it: its own title
    (a supplied one in ``lang`` where the record gives it, marked in words), authors and date;
    ``publisher`` is its publisher's name (None when not known). A source without an address is
    given the archive's record of it in ``lang`` (from ``info``)."""
    rec = entry.record
    assert isinstance(rec, Source)
    address = rec.url or rec.archived_url
    title = rec.title
    if rec.title_supplied:
        said = korean_title(entry) if lang != ENGLISH else None
        title = f"{said or rec.title} ({plain(lang.code)(SUPPLIED)})"
    return SourceCite(
        id=entry.id,
        type=rec.type,
        title=title,
        authors=tuple(rec.authors),
        publisher=publisher,
        date=rec.date if _parts(rec.date) else None,
        url=address,
        accessed=rec.accessed if address else None,
        language=rec.language,
        locator=locator,
        record=None if address or info is None else recorded(info, info.permalink(lang.prefix + entry.url)),
    )


def recorded(info: ArchiveInfo, permalink: str) -> str:
    """The note that gives a source without an address the archive's record of it."""
    return f"No known address; recorded in {info.name}: {permalink}"


def publisher_of(entry: Entry, index: Index | None) -> str | None:
    """The name of the organization that published source ``entry``; None when not known."""
    rec = entry.record
    org = index.get(rec.publisher) if index is not None and isinstance(rec, Source) else None
    return getattr(org.record, "name", None) if org is not None else None


def original(
    index: Index, sid: str, locator: str | None, lang: Language = ENGLISH, info: ArchiveInfo | None = None
) -> dict[str, str] | None:
    """Every format of a citation of source ``sid`` at ``locator``, as a record citing it gives it;
    None for a source not in the archive (held back for its errors)."""
    entry = index.get(sid)
    if entry is None or not isinstance(entry.record, Source):
        return None
    return all_formats(of_source(entry, publisher_of(entry, index), lang, locator, info))


def formats_of(d: CiteData | SourceCite) -> dict[str, str]:
    """Every format of either citation: the archive's record (cite.py) or a source document's own."""
    return all_formats(d) if isinstance(d, SourceCite) else cite.all_formats(d)
