"""Ready citations of one archive record: CSL-JSON, APA 7, Chicago author-date, BibTeX and RIS.

A citation names the archive's contributors as a corporate author (as Wikipedia does), the
record's title with its kind and ID, the archive version and the date the record last changed,
so that it is pinned to what the reader saw. Pure functions, no I/O.

The APA and Chicago strings are written by hand (no citeproc at build time) and follow what the
official CSL styles (apa.csl, chicago-author-date.csl) print for the item ``csl_json`` returns,
CSL type "dataset": the record's ID goes into the title so that every style prints it; the
archive is the publisher (a container-title would make both styles print the archive twice).
Chicago title case is CSL's as citeproc-py applies it: every all-lowercase word starts with a
capital unless it is a CSL stop word (after ':' or '.' it does too); a word that begins with a
quote or bracket keeps its first letter, and a final stop word stays lower case. One departure:
a word with a digit (the record ID, "fig-0005") is kept as written, where CSL would print
"Fig-0005", which names no record. A source's own citation is cite_source.py's.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from build_tools.pages.fmt import MONTHS

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Words CSL title case leaves in lower case (CSL 1.0 specification, "Title case conversion").
_STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet".split()  # noqa: SIM905
)

# LaTeX for the characters BibTeX or LaTeX would otherwise read as syntax or misprint. Braces become text
# commands rather than \{ \}: BibTeX counts escaped braces too, so an unbalanced \{ in a title
# would break the whole entry.
TEX = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        "<": r"\textless{}",  # in LaTeX's default OT1 encoding, < and > would print as ¡ and ¿
        ">": r"\textgreater{}",
    }
)
# A URL stays verbatim in BibTeX (biblatex reads it so); only what would break the entry is
# percent-encoded, which names the same address.
URL_TEX = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.-]")


@dataclass(frozen=True)
class CiteData:
    """What a citation of one record needs; every text may be any text."""

    archive: str  # the archive's name
    title: str  # the record's title
    id: str  # the record ID, e.g. "fig-0005"
    kind: str  # reader label of the record kind, e.g. "Figure"
    url: str  # absolute permalink of the record page
    version: str  # archive version: release tag or short commit, e.g. "9abcea0+modified"
    changed: str | None  # ISO date (YYYY-MM-DD) the record last changed; None when unknown


# Unicode's control characters and lone surrogates (categories Cc and Cs), every one of them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` on one line: control characters count as spaces, whitespace runs become one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _author(d: CiteData) -> str:
    return f"{one_line(d.archive)} contributors"


def _title(d: CiteData) -> str:
    """The record's title with its kind and ID, e.g. "Annual mortality rate (Figure fig-0005)"."""
    label = " ".join(p for p in (one_line(d.kind), one_line(d.id)) if p)
    title = one_line(d.title)
    return f"{title} ({label})" if label else title


def _date(d: CiteData) -> datetime.date | None:
    if d.changed is None:
        return None
    if not _ISO_DATE.fullmatch(d.changed):
        raise ValueError(f"changed must be an ISO date YYYY-MM-DD, not {d.changed!r}")
    return datetime.date.fromisoformat(d.changed)


def closed(text: str) -> str:
    """``text`` closed by a period, without doubling one that is already there."""
    return text if text.endswith(".") else text + "."


# A word with a digit is an identifier (a record ID such as fig-0005, a version): kept as written.
_KEEP = re.compile(r"\d")


def _title_case(text: str) -> str:
    """CSL title case: capitalise each all-lowercase word, except stop words not after ':' or '.'
    and identifiers (a word with a digit, such as the record ID), which stay as written."""
    words = []
    prev = ":"
    for word in text.split():
        if word.islower() and not _KEEP.search(word) and (word not in _STOP_WORDS or prev in ":."):
            word = word[0].upper() + word[1:]
        words.append(word)
        prev = word[-1]
    return " ".join(words)


def csl_json(d: CiteData) -> dict[str, Any]:
    """One CSL-JSON item of type "dataset"; no "issued" when the change date is unknown."""
    item: dict[str, Any] = {
        "id": one_line(d.id),
        "type": "dataset",
        "title": _title(d),
        "author": [{"literal": _author(d)}],
        "publisher": one_line(d.archive),
        "URL": one_line(d.url),
    }
    if version := one_line(d.version):
        item["version"] = version
    if date := _date(d):
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    return item


def apa(d: CiteData) -> str:
    """APA 7 reference in plain text, as apa.csl prints a dataset (year only; "n.d." when unknown)."""
    date = _date(d)
    version = one_line(d.version)
    identifier = f" (Version {version})" if version else ""
    url = one_line(d.url) if date else f"Retrieved {one_line(d.url)}"  # apa.csl: "Retrieved" when undated
    return (
        f"{_author(d)}. ({date.year if date else 'n.d.'}). {_title(d)}{identifier} [Dataset]. "
        f"{closed(one_line(d.archive))} {url}"
    )


def chicago(d: CiteData) -> str:
    """Chicago author-date reference in plain text, as chicago-author-date.csl prints a dataset."""
    date = _date(d)
    title = _title_case(_title(d))
    parts = [
        closed(f"{_author(d)}. {date.year if date else 'n.d.'}"),
        f"“{title}”" if title.endswith((".", "?", "!")) else f"“{title}.”",
    ]
    if version := one_line(d.version):
        parts.append(closed(f"Version {version}"))
    archive = one_line(d.archive)
    parts.append(f"{archive}, {MONTHS[date.month - 1]} {date.day}." if date else closed(archive))
    parts.append(closed(one_line(d.url)))
    return " ".join(parts)


def bibtex_key(d: CiteData) -> str:
    """The entry's key: the record ID, which is stable and unique across the archive."""
    return KEY_UNSAFE.sub("-", one_line(d.id)) or "record"


def bibtex(d: CiteData) -> str:
    """One @misc entry for BibTeX and biblatex (UTF-8). The title is brace-protected so styles keep its case."""
    fields = [
        ("author", f"{{{{{_author(d).translate(TEX)}}}}}"),
        ("title", f"{{{{{_title(d).translate(TEX)}}}}}"),
        ("howpublished", f"{{{one_line(d.archive).translate(TEX)}}}"),
    ]
    if date := _date(d):
        fields += [("year", f"{{{date.year}}}"), ("month", BIBTEX_MONTHS[date.month - 1]), ("date", f"{{{date}}}")]
    if version := one_line(d.version).translate(TEX):
        fields += [("version", f"{{{version}}}"), ("note", f"{{Version {version}}}")]
    fields.append(("url", f"{{{one_line(d.url).translate(URL_TEX)}}}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{bibtex_key(d)},\n{body}\n}}\n"


def ris(d: CiteData) -> str:
    """One RIS record of type DATA, tags as Zotero reads them for a dataset; ends with ER."""
    tags = [("TY", "DATA"), ("ID", one_line(d.id)), ("TI", _title(d)), ("AU", _author(d))]
    if date := _date(d):
        tags += [("PY", str(date.year)), ("DA", f"{date.year:04}/{date.month:02}/{date.day:02}")]
    tags += [("ET", one_line(d.version)), ("PB", one_line(d.archive)), ("UR", one_line(d.url)), ("ER", "")]
    return "".join(f"{tag}  - {value}\n" for tag, value in tags if value or tag == "ER")


def all_formats(d: CiteData) -> dict[str, str]:
    """Every format as text, keyed by name. The CSL-JSON text writes '</' as '<\\/' (still the same
    JSON) so that it can sit inside an HTML <script> element. A source document's own citation
    (``SourceCite``) is cite_source.py's (``formats_of`` takes either)."""
    csl = json.dumps([csl_json(d)], indent=2, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    return {"apa": apa(d), "chicago": chicago(d), "bibtex": bibtex(d), "ris": ris(d), "csl": csl}
