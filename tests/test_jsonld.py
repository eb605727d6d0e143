"""The <head> fragment of record pages and the data page, read back the way machines read it: JSON-LD with
extruct, Highwire and Dublin Core tags as Zotero's Embedded Metadata translator finds them."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import extruct
import pytest

from build_tools.compile.build import check
from build_tools.index.link import Index
from build_tools.outputs.jsonld import dataset_head, record_head
from build_tools.reading.history import ArchiveInfo, Change
from build_tools.records import model
from build_tools.records.model import Entry

FIXTURE = Path(__file__).parent / "fixtures" / "archive"
SITE = "https://example.org/archive/"
INFO = ArchiveInfo("Test Archive", SITE, "abc1234")
HOSTILE = "</script><script>alert(1)</script> \"double\" 'single' <!-- x --> & &amp; \u2028 done"

# What each fixture record's page says it describes.
EXPECTED_TYPES = {
    "camp-alpha": "Place",
    "place-land": "Place",
    "place-province": "Place",
    "org-test-ngo": "Organization",
    "team-alpha-wigs": "Organization",
    "evt-0001": "Event",
    "wigs": "Product",
    "fig-0001": "Claim",
    "fig-0002": "Claim",
    "fig-0003": "Claim",
    "fig-0004": "Claim",  # the archive's own calculation, which its text says
    "camp-beta": "Place",
    "camp-gamma": "Place",
    "place-town": "Place",
    "tst-0003": "CreativeWork",
    "tst-0001": "CreativeWork",
    "tst-0002": "CreativeWork",
    "route-0001": "CreativeWork",
    "src-0001": "Report",  # ngo-report
    "src-0002": "NewsArticle",
}
# src-0002's title is the archive's (title_supplied): it says so in words, not in [brackets].
SUPPLIED_TITLE = "News item relaying the test report (untitled; title supplied by the archive)"


@pytest.fixture(scope="module")
def index() -> Index:
    found, report = check(FIXTURE)
    assert not report.errors
    return found


def page(head: str) -> str:
    return f"<!DOCTYPE html>\n<html><head><title>t</title>\n{head}</head><body><p>body</p></body></html>"


def jsonld(head: str) -> list[dict[str, Any]]:
    return extruct.extract(page(head), base_url=SITE, syntaxes=["json-ld"])["json-ld"]


class HeadTags(HTMLParser):
    """The <meta name> and <link> tags, and every element opened, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str | None]] = []
        self.started: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.started.append(tag)
        found = dict(attrs)
        if tag == "meta" and found.get("name"):
            self.meta.setdefault(str(found["name"]), []).append(found.get("content") or "")
        elif tag == "link":
            self.links.append(found)


def tags(head: str) -> HeadTags:
    parser = HeadTags()
    parser.feed(page(head))
    parser.close()
    return parser


def head_of(index: Index, rid: str, info: ArchiveInfo = INFO) -> str:
    return record_head(index.entries[rid], index, info)


# ---- JSON-LD --------------------------------------------------------------------------------------


def test_every_fixture_record_is_covered(index: Index) -> None:
    assert set(index.entries) == set(EXPECTED_TYPES)


@pytest.mark.parametrize("rid", sorted(EXPECTED_TYPES))
def test_each_record_page_is_an_item_of_the_archive(index: Index, rid: str) -> None:
    entry = index.entries[rid]
    items = jsonld(head_of(index, rid))
    assert len(items) == 1
    item = items[0]
    permalink = f"{SITE}{entry.url}"
    assert item["@context"] == "https://schema.org"
    assert item["@type"] == EXPECTED_TYPES[rid]
    assert item["@id"] == item["url"] == permalink
    assert item["identifier"] == rid
    assert item["isPartOf"] == {"@type": "Dataset", "@id": SITE, "name": "Test Archive", "url": SITE}
    assert item["version"] == "abc1234"
    assert "dateModified" not in item  # nothing committed in this ArchiveInfo: no date is invented
    assert item["name"] == (SUPPLIED_TITLE if rid == "src-0002" else entry.title)


def test_camp_coordinates_are_given_as_recorded_with_their_precision(index: Index) -> None:
    thing = jsonld(head_of(index, "camp-alpha"))[0]
    assert thing["geo"]["@type"] == "GeoCoordinates"
    assert (thing["geo"]["latitude"], thing["geo"]["longitude"]) == (41.5, 129.25)
    assert thing["additionalProperty"]["value"] == "exact point"
    assert thing["alternateName"] == ["알파 교화소", "Alfa"]
    assert thing["containedInPlace"]["url"] == f"{SITE}places/place-province/"


def test_a_place_without_coordinates_has_no_geo(index: Index) -> None:
    thing = jsonld(head_of(index, "place-land"))[0]
    assert "geo" not in thing


def test_an_approximate_location_says_so(index: Index) -> None:
    location = model.Location(precision="area", lat=42, lon=129.7)
    camp = model.Camp(name="Somewhere", type="kyohwaso", summary="A camp.", location=location)
    entry = Entry("camp", "camp-zeta", "sources/camps/camp-zeta.yaml", camp)
    thing = jsonld(record_head(entry, index, INFO))[0]
    assert thing["geo"]["latitude"] == 42 and thing["geo"]["longitude"] == 129.7
    assert thing["additionalProperty"]["value"] == "general area only"
    assert "general area only" in thing["geo"]["description"]


def test_event_interval_of_plain_dates_gives_start_and_end(index: Index) -> None:
    thing = jsonld(head_of(index, "evt-0001"))[0]  # 2020-01/2022-08
    assert (thing["startDate"], thing["endDate"]) == ("2020-01", "2022-08")
    assert [p["url"] for p in thing["location"]] == [f"{SITE}camps/camp-alpha/", f"{SITE}places/place-land/"]


@pytest.mark.parametrize("date", ["2019~", "2019?/2021", "2019-22", "unknown"])
def test_event_date_that_is_not_plain_iso_is_not_given_as_a_start_date(index: Index, date: str) -> None:
    event = model.Event(title="Something happens", date=date, summary="It happens.")
    entry = Entry("event", "evt-0099", "sources/events/evt-0099.yaml", event)
    thing = jsonld(record_head(entry, index, INFO))[0]
    assert "startDate" not in thing
    if date == "unknown":
        assert thing["description"] == "It happens."
    else:
        assert thing["description"] == f"It happens. Date (EDTF): {date}"


def test_figure_is_a_claim_that_keeps_its_hedging(index: Index) -> None:
    claim = jsonld(head_of(index, "fig-0001"))[0]
    assert claim["text"] == 'Annual mortality rate: about 25%, 2020 (as stated: "roughly a quarter")'
    assert claim["temporalCoverage"] == "2020"
    assert claim["about"] == [{"@type": "Place", "name": "Camp Alpha", "url": f"{SITE}camps/camp-alpha/"}]
    fig3 = jsonld(head_of(index, "fig-0003"))[0]  # 2016/2024-08: an ISO interval
    assert fig3["temporalCoverage"] == "2016/2024-08"
    assert fig3["text"].startswith("Production volume: at least 9,000 wigs")
    undated = model.Figure(
        title="Deaths",
        measure="deaths",
        subjects=["camp-alpha"],
        value=model.Value(exact=3),
        unit="deaths",
        period="unknown",
    )
    claim = jsonld(record_head(Entry("figure", "fig-0998", "sources/figures/fig-0998.yaml", undated), index, INFO))[0]
    assert claim["text"] == "Deaths: 3 deaths, period not stated" and "temporalCoverage" not in claim


def test_citations_point_to_the_cited_source_records(index: Index) -> None:
    item = jsonld(head_of(index, "fig-0001"))[0]
    assert [c["@id"] for c in item["citation"]] == [f"{SITE}sources/src-0001/"]
    # tst-0002 cites src-0002 twice: listed once
    item = jsonld(head_of(index, "tst-0002"))[0]
    assert [c["@id"] for c in item["citation"]] == [f"{SITE}sources/src-0002/"]
    assert item["citation"][0]["name"] == SUPPLIED_TITLE
    assert "citation" not in jsonld(head_of(index, "place-land"))[0]


def test_source_keeps_its_own_address_authors_and_publisher(index: Index) -> None:
    work = jsonld(head_of(index, "src-0001"))[0]
    assert work["url"] == f"{SITE}sources/src-0001/"
    assert work["sameAs"] == "https://example.org/report_1?a=b&c=d"  # the report's own address
    assert work["author"] == ["Test Author"]
    assert work["publisher"]["name"] == "Test NGO <script>alert(1)</script>"
    assert work["publisher"]["url"] == f"{SITE}organizations/org-test-ngo/"
    assert "datePublished" not in work  # 2021-05~ is approximate
    supplied = jsonld(head_of(index, "src-0002"))[0]
    assert supplied["name"] == SUPPLIED_TITLE  # the title is the archive's, and says so
    assert "publisher" not in supplied and "author" not in supplied


def test_witness_details_stay_out(index: Index) -> None:
    head = head_of(index, "tst-0002")
    assert "W-0001" not in head and "former-guard" not in head


def test_date_modified_comes_from_the_history(index: Index) -> None:
    path = index.entries["fig-0001"].path
    info = ArchiveInfo("Test Archive", SITE, "abc1234", changes={path: [Change("f" * 40, "2024-05-01", "Edit")]})
    assert jsonld(head_of(index, "fig-0001", info))[0]["dateModified"] == "2024-05-01"
    meta = tags(head_of(index, "fig-0001", info)).meta
    assert meta["citation_date"] == meta["citation_online_date"] == ["2024/05/01"]
    assert meta["DC.date"] == ["2024-05-01"]
    modified = ArchiveInfo("Test Archive", SITE, "abc1234+modified", changes=info.changes, modified=frozenset({path}))
    item = jsonld(head_of(index, "fig-0001", modified))[0]
    assert "dateModified" not in item and item["version"] == "abc1234+modified"
    assert "citation_date" not in tags(head_of(index, "fig-0001", modified)).meta


def test_an_unversioned_archive_claims_no_version(index: Index) -> None:
    assert "version" not in jsonld(head_of(index, "fig-0001", ArchiveInfo("Test Archive", SITE)))[0]


def test_a_withdrawn_record_describes_nothing_but_its_withdrawal(index: Index) -> None:
    tombstone = model.Tombstone(withdrawn=model.Withdrawal(date="2024-03", reason="It named a witness."))
    item = jsonld(record_head(Entry("camp", "camp-gone", "sources/camps/camp-gone.yaml", tombstone), index, INFO))[0]
    assert item["@type"] == "WebPage" and item["creativeWorkStatus"] == "Withdrawn"
    assert item["description"] == "Withdrawn (March 2024): It named a witness."
    assert item["name"] == "camp-gone" and item["url"] == f"{SITE}camps/camp-gone/"


def test_output_is_deterministic(index: Index) -> None:
    assert all(head_of(index, rid) == head_of(index, rid) for rid in EXPECTED_TYPES)
    again, _report = check(FIXTURE)
    assert all(head_of(index, rid) == head_of(again, rid) for rid in EXPECTED_TYPES)


# ---- tags reference managers read -------------------------------------------------------------------


def test_citation_and_dublin_core_tags(index: Index) -> None:
    found = tags(head_of(index, "fig-0001"))
    meta = found.meta
    url = f"{SITE}figures/fig-0001/"
    assert meta["citation_title"] == ["Annual mortality at Camp Alpha (Figure fig-0001)"]
    assert meta["citation_author"] == ["Test Archive contributors"]
    assert meta["citation_publisher"] == ["Test Archive"]
    assert meta["citation_public_url"] == meta["citation_abstract_html_url"] == [url]
    assert "citation_date" not in meta and "citation_online_date" not in meta  # the date is not known
    assert meta["DC.title"] == meta["citation_title"]
    assert meta["DC.identifier"] == [url]
    assert meta["DC.publisher"] == ["Test Archive"]
    assert meta["DC.type"] == ["Dataset"]
    assert "DC.date" not in meta
    data = [link for link in found.links if link.get("type") == "application/json"]
    assert data == [{"rel": "describedby", "type": "application/json", "href": "../fig-0001.json"}]


def test_a_source_page_tags_the_document_itself_as_its_citation_does(index: Index) -> None:
    """Zotero on a source's page files the report, by its own authors and publisher, not the archive."""
    meta = tags(head_of(index, "src-0001")).meta
    assert meta["citation_title"] == meta["DC.title"] == [index.entries["src-0001"].title]
    assert meta["citation_author"] == meta["DC.creator"] == ["Test Author"]
    assert meta["citation_publisher"] == meta["DC.publisher"] == ["Test NGO <script>alert(1)</script>"]
    assert meta["citation_public_url"] == meta["DC.identifier"] == ["https://example.org/report_1?a=b&c=d"]
    assert "citation_date" not in meta and "DC.date" not in meta  # 2021-05~ is approximate
    assert "Test Archive" not in str(meta)
    supplied = tags(head_of(index, "src-0002")).meta
    assert supplied["citation_title"] == [SUPPLIED_TITLE]
    assert "citation_author" not in supplied and "citation_public_url" not in supplied  # not known: left out


# ---- hostile text -----------------------------------------------------------------------------------


def hostile_figure() -> Entry:
    figure = model.Figure(
        title=HOSTILE,
        measure="deaths",
        subjects=["camp-alpha"],
        value=model.Value(exact=3),
        unit="deaths",
        period="2020",
        cites=[model.Citation(source="src-0001")],
    )
    return Entry("figure", "fig-0999", "sources/figures/fig-0999.yaml", figure)


def test_hostile_title_stays_inside_the_json_ld_value(index: Index) -> None:
    head = record_head(hostile_figure(), index, INFO)
    assert head.lower().count("<script") == 1 and head.lower().count("</script") == 1
    assert "<!--" not in head
    found = tags(head)
    assert found.started.count("script") == 1
    items = jsonld(head)
    assert len(items) == 1
    assert items[0]["name"] == items[0]["name"] == " ".join(HOSTILE.split())
    assert found.meta["citation_title"] == [" ".join(HOSTILE.split()) + " (Figure fig-0999)"]


def test_markup_in_fixture_names_is_inert(index: Index) -> None:
    for rid in ("org-test-ngo", "src-0001"):  # the NGO's name holds a script element
        head = head_of(index, rid)
        assert tags(head).started.count("script") == 1
        assert "<script>alert" not in head


# ---- the data page -----------------------------------------------------------------------------------

DOWNLOADS = [("data/records.json", "application/json"), ("/data/records.csv", "text/csv")]


def test_dataset_head_describes_the_downloads(index: Index) -> None:
    items = jsonld(dataset_head(index, INFO, DOWNLOADS))
    assert len(items) == 1
    data = items[0]
    assert data["@type"] == "Dataset"
    assert data["@id"] == data["url"] == SITE
    assert data["name"] == "Test Archive"
    assert data["version"] == "abc1234"
    assert data["creator"] == {"@type": "Organization", "name": "Test Archive contributors"}
    assert data["distribution"] == [
        {"@type": "DataDownload", "contentUrl": f"{SITE}data/records.json", "encodingFormat": "application/json"},
        {"@type": "DataDownload", "contentUrl": f"{SITE}data/records.csv", "encodingFormat": "text/csv"},
    ]
    assert "3 camps" in data["description"] and "4 figures" in data["description"]
    assert "hasPart" not in data
    assert "dateModified" not in data


def test_dataset_head_takes_the_newest_change_and_escapes_the_name(index: Index) -> None:
    changes = {
        index.entries["fig-0001"].path: [Change("a" * 40, "2024-05-01", "Edit")],
        index.entries["camp-alpha"].path: [Change("b" * 40, "2025-01-31", "Edit")],
    }
    name = "Archive </script><!-- x"
    head = dataset_head(index, ArchiveInfo(name, SITE, "v1", changes=changes), DOWNLOADS)
    assert tags(head).started.count("script") == 1
    data = jsonld(head)[0]
    assert data["dateModified"] == "2025-01-31"
    assert data["name"] == name
    assert dataset_head(index, INFO, DOWNLOADS) == dataset_head(index, INFO, DOWNLOADS)
