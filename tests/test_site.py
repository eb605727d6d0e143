"""The real archive builds with `mkdocs build --strict` into a complete, self-contained, cross-linked site.

One strict build of the repository's own mkdocs.yml (conftest's default_build, shared with other
modules) is read by most tests here; others show that a broken record makes the strict build fail
and name the record's file and line.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import FIXTURE_ARCHIVE, Built

from build_tools.records.model import KINDS

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "sources"
RECORD_EXTENSIONS = (".yaml", ".md")
IGNORED_NAMES = {"README.md"}
PLURALS = sorted(k.plural for k in KINDS.values())
# Hosts are written "http://x" or "//x"; anything else in src/href is served by the site itself.
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
NON_HTTP_SCHEME = re.compile(r"^(?:mailto|tel|javascript|data|blob):", re.IGNORECASE)
WEB_FONTS = ("fonts.googleapis", "fonts.gstatic")
BASE = "http://site.invalid"  # only used to resolve relative URLs; never requested


# --- building -------------------------------------------------------------------------------------


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


def mkdocs_build(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def build(default_build: Built) -> Build:
    return Build(default_build.returncode, default_build.output, default_build.site)


def need_site(build: Build) -> Path:
    """The built site; tests on it still run (and report) if only the strict check failed."""
    assert (build.site / "index.html").is_file(), f"mkdocs build produced no site:\n{build.output}"
    return build.site


# --- reading the built HTML -----------------------------------------------------------------------


@dataclass
class Ref:
    tag: str
    attr: str  # "href" or "src"
    value: str
    rel: str
    in_article: bool  # inside the page's content, not the theme's navigation


class RefParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[Ref] = []
        self.ids: set[str] = set()
        self.article_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for attr in ("id", "name"):
            if a.get(attr):
                self.ids.add(a[attr])
        if tag == "article":
            self.article_depth += 1
        for attr in ("href", "src"):
            if attr in a:
                self.refs.append(Ref(tag, attr, a[attr].strip(), a.get("rel", "").lower(), self.article_depth > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.article_depth:
            self.article_depth -= 1


def parsed(path: Path) -> RefParser:
    parser = RefParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def refs_of(path: Path) -> list[Ref]:
    return parsed(path).refs


def page_url(site: Path, path: Path) -> str:
    """The URL path a built file is served at: /camps/chongori/ for camps/chongori/index.html."""
    rel = path.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def is_internal(value: str) -> bool:
    return bool(value) and not value.startswith("#") and not EXTERNAL.match(value) and not NON_HTTP_SCHEME.match(value)


def resolve(page: str, value: str) -> str:
    """The site path (always starting with /) that a relative or absolute internal URL points to."""
    path = unquote(urlsplit(urljoin(BASE + page, value)).path) or "/"
    normal = posixpath.normpath(path)
    return normal + "/" if path.endswith("/") and normal != "/" else normal


def target_file(site: Path, path: str) -> Path | None:
    """The file a static server would answer ``path`` with, or None."""
    rel = path.lstrip("/")
    candidate = (site / rel).resolve()
    if site.resolve() not in (candidate, *candidate.parents):
        return None  # escapes the site
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def content_links(site: Path, page: Path) -> set[str]:
    """Resolved site paths of the <a> links in a page's content (its <article>)."""
    url = page_url(site, page)
    return {resolve(url, r.value) for r in refs_of(page) if r.tag == "a" and r.in_article and is_internal(r.value)}


def record_files() -> list[tuple[str, str]]:
    """(plural, id) of every record file under sources/<plural>/."""
    found = []
    for plural_dir in sorted(p for p in SOURCES.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for f in sorted(plural_dir.iterdir()):
            if f.is_file() and f.suffix in RECORD_EXTENSIONS and f.name not in IGNORED_NAMES:
                found.append((plural_dir.name, f.stem))
    return found


# --- the real archive -----------------------------------------------------------------------------


def test_strict_build_succeeds(build: Build) -> None:
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"


def test_archive_has_records() -> None:
    assert record_files(), "no record files found under sources/"


def test_every_record_has_a_page(build: Build) -> None:
    site = need_site(build)
    pages = {(p, i): site / p / i / "index.html" for p, i in record_files()}
    missing = [f"sources/{p}/{i}: no {page.relative_to(site)}" for (p, i), page in pages.items() if not page.is_file()]
    assert missing == [], "records without a page:\n" + "\n".join(missing)


def test_every_kind_index_links_all_its_records(build: Build) -> None:
    site = need_site(build)
    problems = []
    records = record_files()
    for plural in PLURALS:
        index = site / plural / "index.html"
        if not index.is_file():
            problems.append(f"{plural}/index.html is missing")
            continue
        links = content_links(site, index)
        for p, i in records:
            if p == plural and f"/{plural}/{i}/" not in links:
                problems.append(f"{plural}/index.html does not link /{plural}/{i}/")
    assert problems == [], "\n".join(problems)


def test_home_page_links_every_kind_index(build: Build) -> None:
    site = need_site(build)
    links = content_links(site, site / "index.html")
    missing = [f"/{plural}/" for plural in PLURALS if f"/{plural}/" not in links]
    assert missing == [], f"the home page's content does not link: {missing}"


def test_every_figure_page_links_a_source(build: Build) -> None:
    site = need_site(build)
    figures = sorted((site / "figures").glob("*/index.html"))
    assert figures, "no figure pages were built"
    record_link = re.compile(r"^/sources/[^/]+/$")
    unsourced = [
        page_url(site, f)
        for f in figures
        if not any(record_link.match(link) and target_file(site, link) for link in content_links(site, f))
    ]
    assert unsourced == [], f"figure pages that link no existing /sources/<id>/ page: {unsourced}"


def test_every_internal_link_resolves(build: Build) -> None:
    site = need_site(build)
    broken = []
    for page in html_pages(site):
        url = page_url(site, page)
        for r in refs_of(page):
            if not is_internal(r.value):
                continue
            target = resolve(url, r.value)
            if target_file(site, target) is None:
                broken.append(f'{url}: <{r.tag} {r.attr}="{r.value}"> -> {target} (no such file)')
    assert broken == [], f"{len(broken)} broken internal links:\n" + "\n".join(broken)


# Fragments the theme's scripts handle rather than an element: the skip link's target is added by
# script, and "#" alone is a link to nothing on purpose (e.g. the palette toggle).
SCRIPTED_FRAGMENTS = {"", "__skip"}


def test_every_anchor_in_a_link_exists_on_its_target_page(build: Build) -> None:
    site = need_site(build)
    pages = html_pages(site)
    ids = {page_url(site, page): parsed(page).ids for page in pages}
    broken, checked = [], 0
    for page in pages:
        url = page_url(site, page)
        for r in refs_of(page):
            if r.tag != "a" or "#" not in r.value or not (r.value.startswith("#") or is_internal(r.value)):
                continue
            target_path, _, fragment = r.value.partition("#")
            fragment = unquote(fragment)
            if fragment in SCRIPTED_FRAGMENTS:
                continue
            target = url if not target_path else resolve(url, target_path)
            file = target_file(site, target)
            if file is None or file.suffix != ".html":
                continue  # a missing page is reported by the link test; other files have no anchors
            checked += 1
            if fragment not in ids[page_url(site, file)]:
                broken.append(f"{url}: {r.value} -> no id '{fragment}' on {page_url(site, file)}")
    assert checked > 100, f"only {checked} links with anchors found; is the site complete?"
    assert broken == [], f"{len(broken)} links to missing anchors:\n" + "\n".join(broken[:50])


def test_no_page_shows_a_traceback(build: Build) -> None:
    site = need_site(build)
    bad = [page_url(site, p) for p in html_pages(site) if "Traceback" in p.read_text(encoding="utf-8")]
    assert bad == [], f"pages containing 'Traceback': {bad}"


def test_no_third_party_requests(build: Build) -> None:
    site = need_site(build)
    loads = {(tag, "src") for tag in ("script", "img", "iframe", "source", "video", "audio")}
    link_rels = {"stylesheet", "preload", "modulepreload", "preconnect", "dns-prefetch", "prefetch", "icon"}
    offenders = []
    for page in html_pages(site):
        url = page_url(site, page)
        for r in refs_of(page):
            stylesheet_like = r.tag == "link" and r.attr == "href" and bool(set(r.rel.split()) & link_rels)
            fetched = (r.tag, r.attr) in loads or stylesheet_like
            if fetched and EXTERNAL.match(r.value):
                offenders.append(f'{url}: <{r.tag} {r.attr}="{r.value}">')
    for f in sorted(site.rglob("*")):
        if f.is_file() and f.suffix in {".html", ".css", ".js", ".json", ".xml"}:
            text = f.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{f.relative_to(site).as_posix()}: mentions {w}" for w in WEB_FONTS if w in text]
    assert offenders == [], "third-party requests:\n" + "\n".join(offenders)


# --- a broken record fails the strict build -------------------------------------------------------


@pytest.mark.slow  # a whole MkDocs build
def test_strict_build_fails_on_a_broken_record(tmp_path: Path) -> None:
    copy = tmp_path / "archive"
    copy.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(REPO / "docs", copy / "docs")
    shutil.copytree(REPO / "sources", copy / "sources")

    # Make the first figure that cites a source cite one that does not exist.
    citing = re.compile(r"^(\s*(?:-\s+)?source:\s*)(\S+)\s*$")
    for figure in sorted((copy / "sources" / "figures").glob("*.yaml")):
        lines = figure.read_text(encoding="utf-8").splitlines(keepends=True)
        hit = next((n for n, line in enumerate(lines) if citing.match(line)), None)
        if hit is not None:
            break
    else:
        pytest.fail("no figure record with a `source:` line to break")
    lines[hit] = citing.sub(r"\g<1>src-9999", lines[hit].rstrip("\n")) + "\n"
    figure.write_text("".join(lines), encoding="utf-8")
    where = f"{figure.relative_to(copy).as_posix()}:{hit + 1}"

    proc = mkdocs_build(["--strict", "-f", str(copy / "mkdocs.yml"), "-d", str(tmp_path / "site")], cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"strict build passed despite a citation of src-9999 at {where}:\n{output}"
    assert where in output, f"the failure does not name {where}:\n{output}"


@pytest.mark.slow  # a whole MkDocs build
def test_a_hand_written_pages_links_to_missing_anchors_are_reported(tmp_path: Path) -> None:
    """The strict build still names each link to an anchor that is not there, on the page itself
    or on another, though it checks a page's links to its own headings as soon as it is converted
    (lean.py); a link to a heading that is there passes."""
    copy = copy_archive(tmp_path / "archive", FIXTURE_ARCHIVE)  # any archive's site will do
    about = copy / "docs" / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\nSee [our privacy](#your-privacy), [a missing part](#not-a-heading) and"
        " [a camp's missing part](camps/camp-alpha/index.md#no-such-section).\n",
        encoding="utf-8",
    )
    proc = mkdocs_build(["--strict", "-f", str(copy / "mkdocs.yml"), "-d", str(tmp_path / "site")], cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "Doc file 'about.md' contains a link '#not-a-heading', but there is no such anchor on this page." in output
    assert (
        "Doc file 'about.md' contains a link 'camps/camp-alpha/index.md#no-such-section', but the doc "
        "'camps/camp-alpha/index.md' does not contain an anchor '#no-such-section'." in output
    )
    assert "#your-privacy" not in output
    assert "Aborted with 2 warnings in strict mode!" in output, output


@pytest.mark.slow  # a whole MkDocs build
def test_a_build_with_a_broken_record_stops_and_leaves_the_previous_site_alone(tmp_path: Path) -> None:
    """Not only a strict build: a plain `mkdocs build` stops on a record's error before it touches
    the site directory, so the site last built stays whole and nothing partial is published."""
    copy = copy_archive(tmp_path / "archive")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the site built last time", encoding="utf-8")
    figure = copy / "sources" / "figures" / "fig-0005.yaml"
    text = figure.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(n for n, t in enumerate(lines, 1) if t.startswith("unit:"))
    figure.write_text(text.replace(lines[line - 1], "unit: furlongs"), encoding="utf-8")
    proc = mkdocs_build(["-f", str(copy / "mkdocs.yml"), "-d", str(site)], cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the build went on despite an invalid unit:\n{output}"
    assert f"sources/figures/fig-0005.yaml:{line}" in output, output
    assert "Traceback" not in output, output
    assert [p.name for p in site.iterdir()] == ["index.html"], "the build wrote into the site directory"
    assert (site / "index.html").read_text(encoding="utf-8") == "the site built last time"


@pytest.mark.slow  # a whole MkDocs build
def test_a_strict_build_that_fails_after_writing_leaves_no_site(tmp_path: Path) -> None:
    copy = copy_archive(tmp_path / "archive", FIXTURE_ARCHIVE)  # any archive's site will do
    with (copy / "docs" / "about.md").open("a", encoding="utf-8") as f:
        f.write("\n[a page that is not there](missing.md)\n")
    site = tmp_path / "site"
    proc = mkdocs_build(["--strict", "-f", str(copy / "mkdocs.yml"), "-d", str(site)], cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "missing.md" in output, output
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) if site.exists() else []
    assert left == [], f"a failed strict build left {len(left)} files, e.g. {left[:5]}"


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path, build: Build) -> None:
    """Built on different days (SOURCE_DATE_EPOCH 1970, and the shared build's day) into different
    folders: the sitemap's dates come from the records' history, not from the day of the build."""
    site = tmp_path / "site-1970"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="0")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sites = [site, need_site(build)]
    files = [sorted(p.relative_to(s).as_posix() for p in s.rglob("*") if p.is_file()) for s in sites]
    assert files[0] == files[1], set(files[0]) ^ set(files[1])
    differ = [f for f in files[0] if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()]
    assert differ == [], f"files that differ between two builds of one commit: {differ}"
    assert "sitemap.xml" in files[0] and "sitemap.xml.gz" in files[0]
    assert "<lastmod>1970" not in (sites[0] / "sitemap.xml").read_text(encoding="utf-8")


# Every figure the archive's two founding reports give, as the site must show it, with the source it comes
# from: src-0001 is the news report on the CANHR report (Chongori), src-0003 the Daily NK article.
FOUNDING_FIGURES = [
    ("about 70%", "src-0001"),  # wigs made by forced labour of women in correctional facilities
    ("80%", "src-0001"),  # women's share of Chongori's inmates
    ("1,000 people", "src-0001"),  # average female inmates a year
    ("about 10 teams", "src-0001"),  # production work teams
    ("25%", "src-0001"),  # annual mortality rate
    ("about 9,000 wigs", "src-0001"),  # wigs a year
    ("42%", "src-0001"),  # share of NK wig exports to China, 2020
    ("71%", "src-0001"),  # the same, 2021
    ("about US$1,200,000", "src-0001"),  # revenue 2016 to August 2024
    ("16 hours", "src-0003"),  # working day after August 2022
    ("about 40 deaths", "src-0003"),  # early 2020 to August 2022
    ("about 500 people", "src-0003"),  # women lifers
    ("between 1 and 2 companies", "src-0003"),  # final processors in China
    ("almost 2 years", "src-0003"),  # halt in imported materials: "almost two years"
]


@pytest.mark.parametrize(("value", "source"), FOUNDING_FIGURES)
def test_every_figure_of_the_founding_reports_is_on_the_site_with_its_source(
    build: Build, value: str, source: str
) -> None:
    site = need_site(build)
    pages = sorted((site / "figures").glob("fig-*/index.html"))
    shown = re.compile(rf'class="ea-value">{re.escape(value)}( \((average|total)\))?</p>')
    matching = [p for p in pages if shown.search(p.read_text(encoding="utf-8"))]
    assert matching, f"no figure page shows {value!r}"
    assert any(f"/sources/{source}/" in p.read_text(encoding="utf-8") for p in matching), (
        f"the figure showing {value!r} does not link {source}"
    )


# --- citable and permanent ------------------------------------------------------------------------


def copy_archive(dest: Path, archive: Path = REPO) -> Path:
    """The repository's configuration and pages, with the records (and permalinks) of ``archive``:
    the real archive's, or the smaller fixture archive's where a test needs only some site."""
    dest.mkdir()
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copy2(archive / "permalinks.txt", dest / "permalinks.txt")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(archive / "sources", dest / "sources")
    return dest


@pytest.mark.slow  # a whole MkDocs build
def test_deleting_a_published_record_without_a_redirect_fails_the_build_naming_it(tmp_path: Path) -> None:
    copy = copy_archive(tmp_path / "archive")
    (copy / "sources" / "events" / "evt-0004.yaml").unlink()
    proc = mkdocs_build(["--strict", "-f", str(copy / "mkdocs.yml"), "-d", str(tmp_path / "site")], cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the strict build passed although /events/evt-0004/ is lost:\n{output}"
    lost = [line for line in output.splitlines() if "[lost-permalink]" in line]
    assert lost and "permalinks.txt:" in lost[0] and "/events/evt-0004/" in lost[0], output


# Reference managers and search engines read these types; each kind claims the one it fits.
JSONLD_TYPES = {
    "camps": "Place",
    "places": "Place",
    "organizations": "Organization",
    "events": "Event",
    "products": "Product",
}


def jsonld_of(page: Path) -> list[dict]:
    import extruct

    return list(extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=True)["json-ld"])


def test_every_record_page_carries_json_ld_and_citation_tags(build: Build) -> None:
    site = need_site(build)
    missing = []
    for plural, rid in record_files():
        page = site / plural / rid / "index.html"
        items = jsonld_of(page)
        html_text = page.read_text(encoding="utf-8")
        if not items or not any(str(i.get("identifier")) == rid for i in items):
            missing.append(f"/{plural}/{rid}/: no JSON-LD item with identifier {rid}")
            continue
        item = next(i for i in items if str(i.get("identifier")) == rid)
        want = JSONLD_TYPES.get(plural)
        if want and want not in str(item.get("@type")):
            missing.append(f"/{plural}/{rid}/: JSON-LD type {item.get('@type')} is not {want}")
        if not str(item.get("url", "")).endswith(f"/{plural}/{rid}/"):
            missing.append(f"/{plural}/{rid}/: JSON-LD url {item.get('url')}")
        # A source's tags name the document's own authors and publisher, which it may not give
        # (left out, not made up: they match its ready citation, tested below).
        tags = (
            ("citation_title",) if plural == "sources" else ("citation_title", "citation_author", "citation_publisher")
        )
        for tag in tags:
            if f'name="{tag}"' not in html_text:
                missing.append(f"/{plural}/{rid}/: no <meta name={tag}>")
    assert missing == [], "\n".join(missing)


def test_the_downloads_page_describes_a_dataset(build: Build) -> None:
    site = need_site(build)
    items = jsonld_of(site / "data" / "index.html")
    dataset = next((i for i in items if "Dataset" in str(i.get("@type"))), None)
    assert dataset is not None, items
    urls = [d.get("contentUrl", "") for d in dataset.get("distribution", [])]
    assert any(u.endswith("data/datapackage.json") for u in urls), urls


def test_the_published_data_package_validates_with_frictionless(build: Build) -> None:
    import frictionless

    site = need_site(build)
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_each_record_is_served_as_json_and_citations_beside_its_page(build: Build) -> None:
    import json

    import bibtexparser
    import rispy

    site = need_site(build)
    for plural, rid in record_files():
        data = json.loads((site / plural / f"{rid}.json").read_text(encoding="utf-8"))
        assert data["id"] == rid and data["url"].endswith(f"/{plural}/{rid}/")
        bib = bibtexparser.parse_string((site / plural / rid / "cite.bib").read_text(encoding="utf-8"))
        assert len(bib.entries) == 1 and not bib.failed_blocks, f"/{plural}/{rid}/cite.bib"
        (ris,) = rispy.loads((site / plural / rid / "cite.ris").read_text(encoding="utf-8"))
        (csl,) = json.loads((site / plural / rid / "cite.json").read_text(encoding="utf-8"))
        assert ris["id"] == csl["id"] == rid, (ris, csl)
        if plural == "sources":  # the document itself, under its own title, not the archive's record
            own = " ".join(
                yaml.safe_load((SOURCES / plural / f"{rid}.yaml").read_text(encoding="utf-8"))["title"].split()
            )
            assert ris["title"].startswith(own) and csl["title"].startswith(own), (own, ris, csl)
            assert "contributors" not in json.dumps(csl) + json.dumps(ris), (ris, csl)
        else:
            assert rid in ris["title"] and rid in csl["title"], (ris, csl)


def test_citation_boxes_stay_out_of_the_search_index(build: Build) -> None:
    """Every page's ready citations name the archive; indexed, they would bury real matches.
    The search index's text is in Pagefind's fragments, one gzip-compressed file a page."""
    import gzip

    site = need_site(build)
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    index = "\n".join(gzip.decompress(f.read_bytes()).decode("utf-8") for f in fragments)
    assert len(fragments) > 50 and "Chongori" in index
    assert "@misc" not in index and "[Dataset]" not in index


def test_the_page_tags_and_the_ready_citations_name_the_record_alike(build: Build) -> None:
    """Zotero reads the tags; a reader copies the citation: both must file the same reference."""
    import json

    site = need_site(build)
    for plural, rid in record_files():
        page = (site / plural / rid / "index.html").read_text(encoding="utf-8")
        (csl,) = json.loads((site / plural / rid / "cite.json").read_text(encoding="utf-8"))
        tag = re.search(r'<meta name="citation_title" content="([^"]*)"', page)
        assert tag and html.unescape(tag.group(1)) == csl["title"], (plural, rid, tag and tag.group(1), csl["title"])
        authors = [html.unescape(a) for a in re.findall(r'<meta name="citation_author" content="([^"]*)"', page)]
        assert authors == [a["literal"] for a in csl.get("author", [])], (plural, rid, authors, csl.get("author"))


# ---- the drawings: map, charts, timeline, routes ------------------------------------------------

_FIGURE = re.compile(r'<figure class="ea-visual (ea-visual-[a-z]+)"[^>]*>(.*?)</figure>', re.S)


def drawings(html: str) -> list[tuple[str, str]]:
    """(kind, inner HTML) of each drawing on a page, in page order."""
    return [(m.group(1), m.group(2)) for m in _FIGURE.finditer(html)]


def _teams_of(camp: str) -> list[str]:
    return [
        path.stem
        for path in (REPO / "sources" / "teams").glob("*.yaml")
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("camp") == camp
    ]


@pytest.mark.parametrize("camp", [rid for kind, rid in record_files() if kind == "camps"])
def test_every_camp_page_shows_its_map_charts_with_tables_timeline_and_routes(build: Build, camp: str) -> None:
    """Each drawing the camp's records call for: a map where a source places the camp, a route
    diagram where a route passes through it, a timeline; else the page says there is none."""
    html = (need_site(build) / "camps" / camp / "index.html").read_text(encoding="utf-8")
    kinds = [k for k, _ in drawings(html)]
    record = yaml.safe_load((REPO / "sources" / "camps" / f"{camp}.yaml").read_text(encoding="utf-8"))
    placed = (record.get("location") or {}).get("precision", "unknown") != "unknown"
    routed = any(
        camp in (leg.get("from"), leg.get("to")) or any(t in (leg.get("from"), leg.get("to")) for t in _teams_of(camp))
        for path in (REPO / "sources" / "routes").glob("*.yaml")
        for leg in yaml.safe_load(path.read_text(encoding="utf-8"))["legs"]
    )
    # a timeline, or the words that nothing about the camp is dated
    assert ("ea-visual-timeline" in kinds) != ("Nothing dated recorded yet." in html), kinds
    assert ("ea-visual-flow" in kinds) == routed, (kinds, routed)
    if not routed:
        assert "No export route recorded yet." in html
    assert kinds.count("ea-visual-map") == (1 if placed else 0), (kinds, placed)
    if not placed:
        assert "No source gives where this camp is" in html or "No source places this camp precisely" in html
        return
    # the camp is marked on its map, and the mark links to its page
    svg = dict(drawings(html))["ea-visual-map"]
    assert f'href="../../camps/{camp}/"' in svg, f"{camp}: the map does not link the camp"
    assert "ea-map--highlight" in svg
    # every measure among its figures has its data table; a chart, where two or more figures can be
    # set side by side (never one bar alone), comes before it
    figures = html.split('id="figures"')[1].split('id="testimonies"')[0]
    for section in figures.split("<h3")[1:]:
        assert "<table" in section.split("</figure>")[-1], section[:200]
        for chart in re.findall(r'<svg[^>]*class="ea-chart ea-wide".*?</svg>', section):
            assert chart.count('<a class="ea-chart-row') >= 2, section[:200]
    # each drawing has words for screen readers and a caption
    for kind, inner in drawings(html):
        assert "<title" in inner and "<desc" in inner and "<figcaption>" in inner, kind


def test_the_map_timeline_and_charts_pages_are_in_the_navigation(build: Build) -> None:
    site = need_site(build)
    home = (site / "index.html").read_text(encoding="utf-8")
    for path in ("map/", "timeline/", "measures/"):
        assert f'href="{path}"' in home, path
        assert (site / path / "index.html").is_file()
    charts = (site / "measures" / "annual-mortality-rate" / "index.html").read_text(encoding="utf-8")
    # the rate a source gives and the archive's own calculation, side by side and told apart
    assert (
        "fig-0005" in charts and "fig-0016" in charts and "archive&#x27;s calculation" in charts.replace("'", "&#x27;")
    )
