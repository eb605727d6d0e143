"""What machines read in a page's <head>: schema.org JSON-LD, and the Highwire and Dublin Core tags that
reference managers (Zotero's Embedded Metadata translator) read. Pure: records in, an HTML fragment out.
The tags say what the page's ready citation says: the archive's record, or on a source's page the
document itself (its own authors and publisher), so that a reference manager files the same reference.

A record page carries one JSON-LD node: what the record describes, typed for its kind (a camp is a Place, a
figure a Claim), identified by the record's permalink and ID and part of the archive's Dataset. The archive's
version, the date the record last changed and the sources it cites are on the same node. schema.org defines
isPartOf, version, dateModified and citation on CreativeWork only, so on a Place, Organization, Event or
Product they are outside their stated domain; readers that do not know them ignore them.

Every value from a record is escaped: JSON-LD cannot close its script element ('<', '>' and '&' are written
as \\u003c, \\u003e, \\u0026) and attribute values cannot leave their quotes.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from typing import Any

from build_tools.index.link import Index
from build_tools.pages.cite import one_line
from build_tools.pages.cite_source import SUPPLIED, SourceCite, of_source, publisher_of
from build_tools.pages.fmt import fmt_date, fmt_value
from build_tools.pages.i18n import ENGLISH, Language, in_language, korean_title, plain
from build_tools.reading.history import UNVERSIONED, ArchiveInfo
from build_tools.records import model
from build_tools.records.fields import UNKNOWN
from build_tools.records.model import KINDS, Entry
from build_tools.records.vocab import MEASURES, PRECISIONS

# The schema.org type of what each kind of record describes; every one exists on schema.org.
#   camp, place: Place. schema.org has no prison type, and GovernmentBuilding would claim a single building.
#   organization, team: Organization; a work team is a unit of a camp's organisation.
#   event: Event. product: Product.
#   figure: Claim, "a specific, factually-oriented claim": a figure is a number a source states, which the
#     archive records without endorsing it. Observation would assert a measured value and is no CreativeWork.
#   testimony, route: CreativeWork. A testimony is an account drawn from witnesses, a route a description of
#     how goods move; no narrower type fits (Trip is a journey of people).
#   source: by the kind of document (_SOURCE_TYPES), else CreativeWork.
_KIND_TYPES = {
    "camp": "Place",
    "place": "Place",
    "organization": "Organization",
    "team": "Organization",
    "event": "Event",
    "product": "Product",
    "figure": "Claim",
    "testimony": "CreativeWork",
    "route": "CreativeWork",
    "source": "CreativeWork",
}
_SOURCE_TYPES = {"news-article": "NewsArticle", "ngo-report": "Report", "government-report": "Report", "book": "Book"}

# A plain ISO 8601 year, month or day: what schema.org dates accept. EDTF's ~ ? % and seasons are not.
_ISO_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
_TEXT_REF = re.compile(r"\[\[([^\[\]\s]*)\]\]")


def record_head(entry: Entry, index: Index, info: ArchiveInfo, lang: Language = ENGLISH) -> str:
    """JSON-LD, citation and Dublin Core tags, and the link to the record's JSON, for a record's
    page in ``lang``: a reference manager on the Korean page cites the Korean page."""
    url = info.permalink(lang.prefix + entry.url)
    changed = info.changed(entry.path)
    cited = [e for rid in dict.fromkeys(c.source for c in index.citations_in(entry)) if (e := index.get(rid))]
    node = _describe(entry, index, info) | {
        "@context": "https://schema.org",
        "@id": url,
        "url": url,
        "identifier": entry.id,
        "isPartOf": {"@type": "Dataset", "@id": info.site_url, "name": info.name, "url": info.site_url},
        "version": info.version if info.version != UNVERSIONED else None,
        "dateModified": changed,
        "citation": [{"@id": info.permalink(e.url), "name": _title(e), "url": info.permalink(e.url)} for e in cited],
    }
    label = KINDS[entry.kind].label
    if lang != ENGLISH:
        node |= {"inLanguage": lang.code, "name": _text(korean_title(entry) or entry.title)}
        node["translationOfWork"] = {"@id": info.permalink(entry.url)}
        if isinstance(described := in_language(entry.record, "summary", lang)[0], str):
            node["description"] = _text(described)
        label = plain(lang.code)(label)
    # The same reference as the ready citations give, so a reference manager files what a reader copies.
    if isinstance(entry.record, model.Source):
        tags = _source_tags(of_source(entry, publisher_of(entry, index), lang))
    else:
        tags = _record_tags(f"{node['name']} ({label} {entry.id})", url, changed, info)
    lines = [
        _script(node),
        # The record's data (IANA "describedby"). Not rel="alternate": Material takes every alternate
        # link for another language of the site and fetches a sitemap.xml beside it, a wasted request
        # on every record page, and one to the official site from a mirror. Relative, for mirrors.
        f'<link rel="describedby" type="application/json" href="{_data_link(entry, lang)}">',
        '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">',
    ]
    lines += [f'<meta name="{name}" content="{_attr(value)}">' for name, value in tags if value]
    return "\n".join(lines) + "\n"


def _record_tags(title: str, url: str, changed: str | None, info: ArchiveInfo) -> list[tuple[str, str | None]]:
    """Highwire and Dublin Core tags of a record page: the archive's record, as "Cite this record" gives it."""
    author = f"{info.name} contributors"
    hw_date = changed.replace("-", "/") if changed else None  # Highwire's date form, 2024/05/01
    return [
        ("citation_title", title),
        ("citation_author", author),
        ("citation_publisher", info.name),
        ("citation_date", hw_date),
        ("citation_online_date", hw_date),
        ("citation_public_url", url),
        ("citation_abstract_html_url", url),
        ("DC.title", title),
        ("DC.creator", author),
        ("DC.publisher", info.name),
        ("DC.date", changed),
        ("DC.identifier", url),
        ("DC.type", "Dataset"),  # a term of the DCMI Type Vocabulary: structured data
    ]


def _source_tags(d: SourceCite) -> list[tuple[str, str | None]]:
    """Highwire and Dublin Core tags of a source's page: the document itself, as "Cite this source"
    gives it (its own title, authors, publisher, date and address; what it lacks is left out)."""
    title = one_line(d.title)
    authors = [a for a in (one_line(x) for x in d.authors) if a]
    publisher = one_line(d.publisher or "")
    url = one_line(d.url or "")
    language = d.language if d.language and d.language != "und" else None
    return [
        ("citation_title", title),
        *[("citation_author", a) for a in authors],
        ("citation_publisher", publisher),
        ("citation_date", d.date.replace("-", "/") if d.date else None),
        ("citation_public_url", url),
        ("citation_language", language),
        ("DC.title", title),
        *[("DC.creator", a) for a in authors],
        ("DC.publisher", publisher),
        ("DC.date", d.date),
        ("DC.identifier", url),
        ("DC.language", language),
        ("DC.type", "Text"),  # DCMI Type Vocabulary: a document to read
    ]


def _data_link(entry: Entry, lang: Language) -> str:
    """The record's JSON (only at the English address), relative to its page in ``lang``."""
    if lang == ENGLISH:
        return f"../{_attr(entry.id)}.json"
    return f"{'../' * (2 + lang.prefix.count('/'))}{KINDS[entry.kind].plural}/{_attr(entry.id)}.json"


def dataset_head(index: Index, info: ArchiveInfo, downloads: list[tuple[str, str]]) -> str:
    """A schema.org Dataset for the downloads page; ``downloads`` are (site-relative path, media type)."""
    counts = Counter(e.kind for e in index.entries.values())
    parts = [f"{n} {(KINDS[k].label if n == 1 else KINDS[k].label_plural).lower()}" for k in KINDS if (n := counts[k])]
    changed = [d for e in index.entries.values() if (d := info.changed(e.path))]
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": info.site_url,
        "name": info.name,
        "url": info.site_url,
        "description": f"The records of {info.name} as structured data" + (f": {', '.join(parts)}." if parts else "."),
        "version": info.version if info.version != UNVERSIONED else None,
        "dateModified": max(changed) if changed else None,
        "creator": {"@type": "Organization", "name": f"{info.name} contributors"},
        "distribution": [
            {"@type": "DataDownload", "contentUrl": info.permalink(path), "encodingFormat": media}
            for path, media in downloads
        ],
    }
    return _script(data) + "\n"


# ---- what the record describes ----------------------------------------------------------------------


def _describe(entry: Entry, index: Index, info: ArchiveInfo) -> dict[str, Any]:
    """The record's own properties, by kind."""
    rec = entry.record
    node: dict[str, Any] = {"@type": _type(entry), "name": _title(entry)}
    if isinstance(rec, model.Tombstone):  # withdrawn: what it said is gone, only when and why stay
        reason = f"Withdrawn ({fmt_date(rec.withdrawn.date)}): {_text(rec.withdrawn.reason)}"
        return node | {"@type": "WebPage", "creativeWorkStatus": "Withdrawn", "description": reason}
    summary = getattr(rec, "summary", None)  # not every kind has one
    if isinstance(summary, str):
        node["description"] = _text(summary)

    def ref(rid: str | None) -> dict[str, Any] | None:
        return _ref(rid, index, info)

    if isinstance(rec, (model.Camp, model.Place)):
        node["alternateName"] = [rec.name_ko] if rec.name_ko else []
        if isinstance(rec, model.Camp):
            node["alternateName"] += ([rec.full_name_ko] if rec.full_name_ko else []) + rec.aliases
        node["containedInPlace"] = ref(rec.place if isinstance(rec, model.Camp) else rec.within)
        if rec.location is not None:
            loc, precision = rec.location, PRECISIONS[rec.location.precision]
            if loc.lat is not None and loc.lon is not None:  # numbers as recorded, never more digits
                node["geo"] = {"@type": "GeoCoordinates", "latitude": loc.lat, "longitude": loc.lon}
                node["geo"]["description"] = f"Location precision: {precision}"
            node["additionalProperty"] = {"@type": "PropertyValue", "name": "location precision", "value": precision}
    elif isinstance(rec, model.Organization):
        node["alternateName"] = rec.name_ko
        node["parentOrganization"] = ref(rec.parent)
    elif isinstance(rec, model.Team):
        node["location"] = ref(rec.camp)
    elif isinstance(rec, model.Event):
        start, _, end = rec.date.partition("/")
        node["startDate"] = _iso(start)
        node["endDate"] = _iso(end)
        if rec.date != UNKNOWN and not all(_iso(p) for p in rec.date.split("/")):
            node["description"] = f"{node.get('description', '')} Date (EDTF): {rec.date}".strip()
        node["location"] = [ref(r) for r in [*rec.camps, *rec.places]]
    elif isinstance(rec, model.Product):
        if rec.hs_heading:
            hs = {"@type": "PropertyValue", "propertyID": "HS", "name": "Harmonized System heading"}
            node["additionalProperty"] = hs | {"value": rec.hs_heading}
    elif isinstance(rec, model.Figure):
        when = fmt_date(rec.period) if rec.period != UNKNOWN else "period not stated"
        assert rec.value is not None  # a derived figure's is filled in when the index is built
        text = f"{MEASURES[rec.measure]}: {fmt_value(rec.value, rec.unit)}, {when}"
        if rec.derived is not None:
            text += f" (the archive's own calculation: {rec.derived.formula}; not a claim of any source)"
        node["text"] = text + (f' (as stated: "{rec.value.as_stated}")' if rec.value.as_stated else "")
        node["temporalCoverage"] = _coverage(rec.period)
        node["about"] = [ref(r) for r in rec.subjects]
    elif isinstance(rec, model.Testimony):  # the witness (a pseudonymous code, or a name) is left out
        node["temporalCoverage"] = _coverage(rec.period)
        node["about"] = [ref(r) for r in rec.camps]
    elif isinstance(rec, model.Source):
        node["author"] = rec.authors
        node["publisher"] = ref(rec.publisher)
        node["datePublished"] = _iso(rec.date)
        node["inLanguage"] = rec.language
        node["sameAs"] = rec.url  # the document's own address; the node's url is the archive's page
        node["archivedAt"] = rec.archived_url
    return _compact(node)


def _type(entry: Entry) -> str:
    if isinstance(entry.record, model.Source):
        return _SOURCE_TYPES.get(entry.record.type, "CreativeWork")
    return _KIND_TYPES[entry.kind]


def _ref(rid: str | None, index: Index, info: ArchiveInfo) -> dict[str, Any] | None:
    """Another record's subject, named and linked; None for 'unknown' or a record held back."""
    entry = index.get(rid) if rid else None
    if entry is None:
        return None
    return {"@type": _type(entry), "name": _title(entry), "url": info.permalink(entry.url)}


def _title(entry: Entry) -> str:
    rec = entry.record
    title = f"{rec.title} ({SUPPLIED})" if isinstance(rec, model.Source) and rec.title_supplied else entry.title
    return _text(title)


def _text(value: str) -> str:
    """Plain text: whitespace folded, [[id]] references written as the bare ID."""
    return " ".join(_TEXT_REF.sub(r"\1", value).split())


def _iso(value: str) -> str | None:
    return value if _ISO_DATE.fullmatch(value) else None


def _coverage(value: str) -> str | None:
    """An EDTF date as a schema.org temporalCoverage (ISO 8601, '..' for an open end), when it is one."""
    parts = value.split("/")
    return value if parts != ["..", ".."] and all(_iso(p) or p == ".." for p in parts) else None


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """Drop what is not known: None, and empty lists (after dropping their None items)."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, list):
            value = [v for v in value if v is not None]
        if value is not None and value != [] and value != "":
            out[key] = value
    return out


# ---- serialising --------------------------------------------------------------------------------


def _script(data: dict[str, Any]) -> str:
    text = json.dumps(_compact(data), ensure_ascii=False, sort_keys=True)
    # '<', '>' and '&' only occur inside JSON strings, where the \u escapes read back the same.
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'


def _attr(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=True)
