"""What a contributor meets: "Edit this record" and "Suggest a correction" on the pages, and the
JSON Schemas their editor checks records with as they type."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml
from browsing import HOSTING, REPO
from conftest import FIXTURE_ARCHIVE

from build_tools.outputs.export import editor_schema_path, editor_schemas
from build_tools.outputs.scaffold import create
from build_tools.pages.i18n import KOREAN, catalogue
from build_tools.records.model import KINDS


class _Improve(HTMLParser):
    """The links of a page's "improve" line: text -> href."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.href, self.links = False, "", {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "p" and found.get("class") == "ea-improve":
            self.inside = True
        elif tag == "a" and self.inside:
            self.href = found.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.href and data.strip():
            self.links[data.strip()] = self.href
            self.href = ""


def improve_links(page: Path) -> dict[str, str]:
    parser = _Improve()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


@pytest.fixture(scope="module")
def hosted_site(served: tuple[Path, str]) -> Path:
    """The real archive built as for publishing from its hosting repository (conftest's served,
    whose address is the one it is served at: site_address)."""
    return served[0]


@pytest.fixture(scope="module")
def site_address(served: tuple[Path, str]) -> str:
    """Where hosted_site says it lives (ARCHIVE_SITE_URL), ending with "/"."""
    return served[1] + "/"


def record_files() -> dict[str, Path]:
    """Record page address -> the record's file, for every record of the real archive."""
    out = {}
    for kind in KINDS.values():
        for path in sorted((REPO / "sources" / kind.plural).glob("*.*")):
            out[f"{kind.plural}/{path.stem}/"] = path
    return out


def test_every_record_page_links_to_editing_its_own_file(hosted_site: Path) -> None:
    records = record_files()
    assert len(records) > 40
    for address, path in records.items():
        links = improve_links(hosted_site / address / "index.html")
        expected = f"{HOSTING}/edit/main/{path.relative_to(REPO).as_posix()}"
        assert links.get("Edit this record") == expected, address


def test_every_page_offers_a_correction_prefilled_with_its_record_and_address(
    hosted_site: Path, site_address: str
) -> None:
    records = record_files()
    pages = sorted(p for p in hosted_site.rglob("index.html") if "refresh" not in p.read_text(encoding="utf-8")[:2000])
    assert len(pages) > 60
    for page in pages:
        address = page.parent.relative_to(hosted_site).as_posix() + "/"
        address = "" if address == "./" else address
        words = "Suggest a correction"
        said = catalogue(KOREAN.code)[words] if address.startswith(KOREAN.prefix) else words  # in the page's language
        link = improve_links(page).get(said)
        assert link, f"/{address} has no '{said}'"
        parts = urlsplit(link)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{HOSTING}/issues/new"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["template"] == "correction.yml"
        assert query["page"] == site_address + address
        if (english := address.removeprefix("ko/")) in records:  # a record's page in either language
            rid = records[english].stem
            assert query["record"] == rid and query["title"].startswith("Correction: ")
            assert query["title"].endswith(f"({rid})")
        else:
            assert "record" not in query


def test_the_correction_form_has_the_fields_the_links_fill_in() -> None:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"record", "page"} <= ids


def test_a_page_written_by_hand_links_to_its_file_under_docs(hosted_site: Path) -> None:
    links = improve_links(hosted_site / "about" / "index.html")
    assert links["Edit this page"] == f"{HOSTING}/edit/main/docs/about.md"
    assert (REPO / "docs" / "about.md").is_file()


def test_without_a_hosting_repository_no_page_links_anywhere(bare_fixture_site: Path) -> None:
    # Built outside any git checkout, with no ARCHIVE_REPO_URL: there is nowhere to send a reader.
    for page in bare_fixture_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "ea-improve" not in text and "issues/new" not in text, page


# ---- editors' schemas ---------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_committed_editor_schemas_are_those_of_the_models() -> None:
    r = run_cli("schemas", "--check", cwd=REPO)
    assert r.returncode == 0, "the schemas in schemas/ are stale; run python -m build_tools schemas\n" + r.stdout


def test_schemas_check_names_a_stale_file_and_schemas_rewrites_it(tmp_path: Path) -> None:
    for path, text in editor_schemas().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    stale = tmp_path / editor_schema_path("figure")
    stale.write_text("{}\n", encoding="utf-8")
    r = run_cli("schemas", "--check", cwd=tmp_path)
    assert r.returncode == 1 and "schemas/figure.schema.json: out of date" in r.stdout
    assert stale.read_text(encoding="utf-8") == "{}\n", "--check must change nothing"
    r = run_cli("schemas", cwd=tmp_path)
    assert r.returncode == 0 and "wrote schemas/figure.schema.json" in r.stdout
    assert run_cli("schemas", "--check", cwd=tmp_path).returncode == 0


def editor_validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((REPO / editor_schema_path(kind)).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def yaml_records(root: Path) -> list[tuple[str, Path, object]]:
    out = []
    for kind in KINDS.values():
        for path in sorted((root / "sources" / kind.plural).glob("*.yaml")):
            out.append((kind.name, path, yaml.safe_load(path.read_text(encoding="utf-8"))))
    return out


@pytest.mark.parametrize(
    "root", [REPO, FIXTURE_ARCHIVE, FIXTURE_ARCHIVE.parent / "attack"], ids=["real", "fixture", "attack"]
)
def test_an_editor_finds_no_fault_in_a_valid_record(root: Path) -> None:
    records = yaml_records(root)
    assert len(records) > 10
    for kind, path, data in records:
        errors = [e.message for e in editor_validator(kind).iter_errors(data)]
        assert errors == [], f"{path.relative_to(root)}: {errors}"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.update(mesure=r.pop("measure")), "Additional properties are not allowed ('mesure'"),
        (lambda r: r.update(unit="percentage"), "'percentage' is not one of"),
        (lambda r: r.update(period=2020), "2020 is not of type 'string'"),
        (lambda r: r.pop("subjects"), "'subjects' is a required property"),
        (lambda r: r["cites"][0].pop("locator"), "'locator' is a required property"),
    ],
    ids=["misspelt-field", "unknown-unit", "unquoted-year", "missing-subjects", "missing-locator"],
)
def test_an_editor_marks_the_mistakes_validate_reports(change: object, expected: str) -> None:
    record = yaml.safe_load((REPO / "sources" / "figures" / "fig-0001.yaml").read_text(encoding="utf-8"))
    change(record)  # type: ignore[operator]
    messages = [m for e in editor_validator("figure").iter_errors(record) for m in _messages(e)]
    assert any(expected in m for m in messages), messages


def _messages(error: jsonschema.ValidationError) -> list[str]:
    """An error and, for one of several allowed forms (anyOf), why each form failed."""
    return [error.message, *(m for sub in error.context or [] for m in _messages(sub))]


def test_a_new_record_names_its_schema_for_the_editor(archive_copy: Path) -> None:
    for kind in KINDS:
        path = create(archive_copy, kind)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (archive_copy / editor_schema_path(kind)).resolve()
    # and in the repository itself, that path is a committed schema
    assert all((REPO / editor_schema_path(kind)).is_file() for kind in KINDS)


def test_vscode_checks_every_record_folder_against_its_kind() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = {glob: schema for schema, globs in settings["yaml.schemas"].items() for glob in globs}
    for kind in KINDS.values():
        schema = mapping[f"sources/{kind.plural}/*.yaml"]
        assert (REPO / schema).resolve() == (REPO / editor_schema_path(kind.name)).resolve()
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
