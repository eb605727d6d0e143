"""What a journalist downloading the data, or checking who stands behind it, meets: tables that
read without joins (names beside IDs, the source's title and locator, a value's ends as numbers),
CSV that spreadsheets open with its Korean intact, the licences named wherever the archive is
taken from, and an About page that says who maintains it, how to reach them and how the evidence
is weighed."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from browsing import HOSTING, build_archive_site

from build_tools.compile.build import check
from build_tools.index.link import Index
from build_tools.outputs.export import export_files
from build_tools.pages.i18n import plain
from build_tools.reading.history import ArchiveInfo
from build_tools.records import vocab
from build_tools.records.model import Camp, Figure, Source
from build_tools.records.parts import Value

TESTS_DIR = Path(__file__).resolve().parent
REPO = TESTS_DIR.parent
FIXTURE_ARCHIVE = TESTS_DIR / "fixtures" / "archive"
INFO = ArchiveInfo("Test Archive", "https://example.org/archive/", "abc1234")
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
BOM = b"\xef\xbb\xbf"
MAINTAINER, CONTACT = "Example Desk", "desk@example.org"


def exported(root: Path) -> tuple[Index, dict[str, str]]:
    index, _report = check(root)
    return index, export_files(index, INFO)


@pytest.fixture(scope="module")
def fixture() -> tuple[Index, dict[str, str]]:
    return exported(FIXTURE_ARCHIVE)


@pytest.fixture(scope="module")
def real() -> tuple[Index, dict[str, str]]:
    return exported(REPO)


def spreadsheet(text: str) -> list[dict[str, str]]:
    """A CSV file as a spreadsheet opens it: bytes, told apart as UTF-8 by their BOM."""
    data = text.encode("utf-8")
    assert data.startswith(BOM), "no byte order mark: Excel would read the file in the local code page"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def table(files: dict[str, str], name: str) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in spreadsheet(files[f"data/{name}.csv"])}


# ---- the tables read on their own ------------------------------------------------------------------


def test_a_figure_row_names_its_camp_and_its_source_and_where_in_it(fixture: tuple[Index, dict[str, str]]) -> None:
    index, files = fixture
    row = table(files, "figures")["fig-0001"]
    camp, source = index.entries["camp-alpha"].record, index.entries["src-0001"].record
    assert isinstance(camp, Camp) and isinstance(source, Source)
    assert (row["subjects"], row["subjects_names"]) == ("camp-alpha", camp.name)
    assert (row["cites_source"], row["cites_source_title"]) == ("src-0001", source.title)
    figure = index.entries["fig-0001"].record
    assert isinstance(figure, Figure) and figure.cites
    assert row["cites_locator"] == figure.cites[0].locator
    assert (row["value_about"], row["value_form"], row["value_low"], row["value_high"]) == ("25", "about", "25", "25")


@pytest.mark.parametrize(
    ("value", "form", "low", "high"),
    [
        ({"between": [10, 15]}, "between", "10", "15"),
        ({"at_least": 20}, "at_least", "20", ""),
        ({"at_most": 0.5}, "at_most", "", "0.5"),
        ({"almost": 60}, "almost", "", "60"),
        ({"between": [15, 25], "or_more": True}, "between", "15", ""),
        ({"exact": 12, "as_stated": "12 percent"}, "exact", "12", "12"),
    ],
)
def test_a_value_has_its_form_and_its_ends_as_numbers(
    archive_copy: Path, value: dict[str, object], form: str, low: str, high: str
) -> None:
    path = archive_copy / "sources" / "figures" / "fig-0001.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(record | {"value": value}, allow_unicode=True), encoding="utf-8")
    _index, files = exported(archive_copy)
    row = table(files, "figures")["fig-0001"]
    assert (row["value_form"], row["value_low"], row["value_high"]) == (form, low, high)
    resources = {r["name"]: r for r in json.loads(files["data/datapackage.json"])["resources"]}
    fields = {f["name"]: f for f in resources["figures"]["schema"]["fields"]}
    assert fields["value_low"]["type"] == fields["value_high"]["type"] == "number"
    assert fields["value_form"]["constraints"]["enum"] == ["exact", "about", "between", "at_least", "at_most", "almost"]


def test_every_figure_of_the_archive_reads_without_a_join(real: tuple[Index, dict[str, str]]) -> None:
    index, files = real
    rows = table(files, "figures")
    assert set(rows) == {e.id for e in index.by_kind["figure"]}
    for entry in index.by_kind["figure"]:
        fig, row = entry.record, rows[entry.id]
        assert isinstance(fig, Figure) and isinstance(fig.value, Value)
        assert row["subjects_names"].split("\n") == [index.entries[s].title for s in fig.subjects], entry.id
        cites = fig.cites or []  # a derived figure cites none: its inputs do
        assert row["cites_source_title"] == "\n".join(index.entries[c.source].title for c in cites), entry.id
        assert row["cites_locator"] == "\n".join(c.locator or "" for c in cites), entry.id
        # the ends are numbers, in order, and agree with the value as the source gives it
        low, high = (float(x) if x else None for x in (row["value_low"], row["value_high"]))
        assert low is not None or high is not None, entry.id
        assert low is None or high is None or low <= high, entry.id
        given = getattr(fig.value, row["value_form"])
        assert given is not None and float(row[f"value_{row['value_form']}"].split("; ")[0]) in (low, high), entry.id


def test_a_citation_row_names_the_record_and_the_source(real: tuple[Index, dict[str, str]]) -> None:
    index, files = real
    rows = spreadsheet(files["data/citations.csv"])
    assert rows
    for row in rows:
        assert row["record_title"] == index.entries[row["record"]].title
        assert row["source_title"] == index.entries[row["source"]].title
    links = spreadsheet(files["data/links.csv"])
    assert links and all(r["target_name"] == index.entries[r["target"]].title for r in links if r["target"])


def test_a_team_row_names_its_camp(real: tuple[Index, dict[str, str]]) -> None:
    index, files = real
    for rid, row in table(files, "teams").items():
        assert row["camp_name"] == index.entries[row["camp"]].title, rid


def test_the_old_columns_are_kept(fixture: tuple[Index, dict[str, str]]) -> None:
    """Columns people may already read by name stay: the new ones are added beside them."""
    figures = list(spreadsheet(fixture[1]["data/figures.csv"])[0])
    for name in (
        "id",
        "title",
        "measure",
        "value_exact",
        "value_about",
        "value_between",
        "value_at_least",
        "value_at_most",
        "value_as_stated",
        "unit",
        "period",
        "basis",
        "notes",
    ):
        assert name in figures
    assert figures.index("value_form") == figures.index("value_as_stated") + 1
    assert figures.index("subjects_names") == figures.index("subjects") + 1


# ---- spreadsheets and Korean ------------------------------------------------------------------------


def test_every_csv_starts_with_a_bom_and_its_korean_round_trips(real: tuple[Index, dict[str, str]]) -> None:
    index, files = real
    csvs = [p for p in files if p.endswith(".csv")]
    assert csvs and all(files[p].encode("utf-8").startswith(BOM) for p in csvs)
    camps = table(files, "camps")
    korean = [e for e in index.by_kind["camp"] if isinstance(e.record, Camp) and e.record.name_ko]
    assert korean
    for entry in korean:
        assert isinstance(entry.record, Camp)
        assert camps[entry.id]["name_ko"] == entry.record.name_ko


def test_the_built_csv_files_begin_with_the_bom(built: Path) -> None:
    paths = sorted((built / "data").glob("*.csv"))
    assert paths and all(p.read_bytes().startswith(BOM) for p in paths)
    with (built / "data" / "camps.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert rows["camp-alpha"]["name_ko"] == "알파 교화소"


# ---- licences -----------------------------------------------------------------------------------------


def test_the_data_package_names_its_licence(fixture: tuple[Index, dict[str, str]]) -> None:
    package = json.loads(fixture[1]["data/datapackage.json"])
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "path": CC_BY, "title": "Creative Commons Attribution 4.0 International"}
    ]
    assert "byte order mark" in package["description"]


def test_citation_cff_and_the_licence_files_name_the_licences() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["license"] == "CC-BY-4.0"
    for name in ("LICENSE-DATA.md", "LICENSE-TEXT.md"):
        text = (REPO / name).read_text(encoding="utf-8")
        assert CC_BY in text and "CC BY 4.0" in text and "owners' terms" in text, name
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert 'license = { text = "MIT" }' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


# ---- the built site: footer, data page, About page ------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built with a hosting repository, a maintainer and a private contact."""
    env = {"ARCHIVE_REPO_URL": HOSTING, "ARCHIVE_MAINTAINER": MAINTAINER, "ARCHIVE_CONTACT": CONTACT}
    return build_archive_site(FIXTURE_ARCHIVE, tmp_path_factory.mktemp("standalone"), env)


@pytest.fixture(scope="module")
def bare(bare_fixture_site: Path) -> Path:
    """The same, built as mkdocs.yml leaves it: no maintainer, no contact, no repository."""
    return bare_fixture_site


class _Footer(HTMLParser):
    """The footer's terms: its links (text -> href, rel) and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.href, self.rel = 0, "", ""
        self.links: dict[str, tuple[str, str]] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and "ea-terms" in (found.get("class") or "").split():
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        elif self.depth and tag == "a":
            self.href, self.rel = found.get("href") or "", found.get("rel") or ""

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.text.append(" ".join(data.split()))
            if self.href:
                self.links[data.strip()] = (self.href, self.rel)
                self.href = ""


def footer(page: Path) -> _Footer:
    parser = _Footer()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a relative link on ``page`` opens."""
    address = "/" + page.parent.relative_to(site).as_posix() + "/"
    return site / urljoin(address.replace("//", "/"), href).lstrip("/") / "index.html"


KO = plain("ko")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_footer_names_the_licences_and_links_about(built: Path, lang: str) -> None:
    word = KO if lang == "ko" else (lambda s: s)
    pages = sorted(p for p in built.rglob("index.html") if (p.relative_to(built).parts[0] == "ko") == (lang == "ko"))
    assert len(pages) > 20
    about = built / ("ko/about" if lang == "ko" else "about") / "index.html"
    for page in pages:
        found = footer(page)
        assert found.links.get("CC BY 4.0") == (CC_BY, "license"), page
        assert "MIT." in " ".join(found.text), page
        href, _rel = found.links[word("About this archive")]
        assert resolve(built, page, href) == about, page
    record = footer(built / ("ko/" if lang == "ko" else "") / "figures" / "fig-0001" / "index.html")
    issue = urlsplit(record.links[word("Report an error")][0])
    assert f"{issue.scheme}://{issue.netloc}{issue.path}" == f"{HOSTING}/issues/new"
    assert parse_qs(issue.query)["record"] == ["fig-0001"]
    assert record.links[word("Contact")][0] == f"mailto:{CONTACT}"
    assert MAINTAINER in " ".join(record.text)


def test_without_a_maintainer_or_repository_the_footer_still_names_the_licences(bare: Path) -> None:
    found = footer(bare / "figures" / "fig-0001" / "index.html")
    assert set(found.links) == {"About this archive", "CC BY 4.0"}


def visible_text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


def test_the_data_page_says_how_to_open_the_csv_and_under_which_licence(built: Path) -> None:
    for page, word in ((built / "data" / "index.html", lambda s: s), (built / "ko" / "data" / "index.html", KO)):
        text, html = visible_text(page), page.read_text(encoding="utf-8")
        assert "utf-8-sig" in text and "Excel" in text
        assert f'href="{CC_BY}"' in html and "CC BY 4.0" in text
        assert word("Licence") in text and word("Using the tables on their own") in text


ABOUT_EN = {
    "who": "Who stands behind it",
    "contact": "How to reach the maintainers",
    "report": "How to report an error",
    "licence": "Licence",
    "reliability": "Reliability of sources",
    "independence": "Independence",
    "corrections": "Corrections",
    "witnesses": "Witness protection",
    "derived": "Figures the archive works out",
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_about_page_tells_a_journalist_what_to_rely_on(built: Path, lang: str) -> None:
    page = built / ("ko/" if lang == "ko" else "") / "about" / "index.html"
    html, text = page.read_text(encoding="utf-8"), visible_text(page)
    headings = re.findall(r"<h[23][^>]*>(.*?)<", html)
    assert len([h for h in headings if h.strip()]) >= len(ABOUT_EN) + 3
    if lang == "en":
        assert set(ABOUT_EN.values()) <= {h.strip() for h in headings}
    # the contact route: the issue tracker through the footer's and the page's links, and the private contact
    word = KO if lang == "ko" else (lambda s: s)
    for label in ("Report an error", "Suggest a correction", "Contact"):
        assert word(label) in text, label
    # the licences, with the licence's own address, and what they do not cover
    assert f'href="{CC_BY}"' in html and "CC BY 4.0" in text and "MIT" in text
    # the reliability scale: every grade the records can take, in the page's language
    for label in vocab.RELIABILITY.values():
        assert f"| {word(label)} |" in (REPO / "docs" / ("ko/" if lang == "ko" else "") / "about.md").read_text(
            encoding="utf-8"
        ), label
        assert word(label) in text, label
    if lang == "en":
        for said in ("relays", "count once", "proposes its grade", "reviewing", "withdrawn", "pseudonymous code"):
            assert said in text, said


def test_the_korean_about_page_follows_the_english_one() -> None:
    """A faithful translation: the same sections, the same links, the same table of grades."""
    en = (REPO / "docs" / "about.md").read_text(encoding="utf-8")
    ko = (REPO / "docs" / "ko" / "about.md").read_text(encoding="utf-8")
    assert [len(h) for h in re.findall(r"^(#+) ", en, re.M)] == [len(h) for h in re.findall(r"^(#+) ", ko, re.M)]
    assert re.findall(r"\]\((https?://[^)]+)\)", en) == re.findall(r"\]\((https?://[^)]+)\)", ko)
    assert en.count("\n| ") == ko.count("\n| ")
    assert en.count("\n- ") == ko.count("\n- ")
