"""The archive as data for download: JSON per record, CSV tables in a Frictionless Data Package,
JSON Schemas of the record files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
import jsonschema
import pytest

from build_tools.compile.build import check
from build_tools.index.link import Index
from build_tools.outputs.export import export_files, json_schemas, record_json
from build_tools.reading.history import ArchiveInfo, Change
from build_tools.reading.load import load_records
from build_tools.records.model import KINDS, Route

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
FIXTURE_ARCHIVE = TESTS_DIR / "fixtures" / "archive"
INFO = ArchiveInfo("Test Archive", "https://example.org/archive/", "abc1234")
ARCHIVES = {"fixture": FIXTURE_ARCHIVE, "real": REPO_ROOT}


@pytest.fixture(scope="module", params=sorted(ARCHIVES))
def archive(request: pytest.FixtureRequest) -> tuple[Index, dict[str, str]]:
    index, report = check(ARCHIVES[request.param])
    # The fixture is valid throughout; the real archive is exported as published, whatever is held back.
    assert index.entries and (request.param != "fixture" or not report.errors)
    return index, export_files(index, INFO)


@pytest.fixture(scope="module")
def fixture_files() -> dict[str, str]:
    index, _report = check(FIXTURE_ARCHIVE)
    return export_files(index, INFO)


def write(files: dict[str, str], dest: Path) -> Path:
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    return dest / "data" / "datapackage.json"


def rows(files: dict[str, str], table: str) -> list[dict[str, str]]:
    """A table's rows as a spreadsheet or ``open(..., encoding="utf-8-sig")`` reads them, after the BOM."""
    text = files[f"data/{table}.csv"]
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def errors(report: frictionless.Report) -> list[tuple[str, str]]:
    return [(e[0], e[1]) for e in report.flatten(["type", "note"])]


# ---- the data package ----------------------------------------------------------------------------


def test_package_is_valid(archive: tuple[Index, dict[str, str]], tmp_path: Path) -> None:
    _index, files = archive
    report = frictionless.validate(write(files, tmp_path))
    assert report.valid, errors(report)[:10]


def test_package_is_v2_with_keys_between_kinds(fixture_files: dict[str, str]) -> None:
    package = json.loads(fixture_files["data/datapackage.json"])
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    assert {r["path"] for r in package["resources"]} == {
        p.removeprefix("data/") for p in fixture_files if p.startswith("data/") and p.endswith(".csv")
    }
    keys = {
        (name, f, fk["reference"].get("resource", name))
        for name, s in schemas.items()
        for fk in s.get("foreignKeys", [])
        for f in fk["fields"]
    }
    assert {
        ("teams", "camp", "camps"),
        ("sources", "publisher", "organizations"),
        ("places", "within", "places"),
        ("citations", "source", "sources"),
        ("citations", "record", "records"),
        ("links", "target", "records"),
        ("legs", "from", "records"),
        ("figures", "id", "records"),
    } <= keys
    assert schemas["records"]["primaryKey"] == ["id"]
    assert schemas["citations"]["primaryKey"] == ["record", "field", "position"]
    fields = {f["name"]: f for f in schemas["figures"]["fields"]}
    assert fields["period"]["type"] == "string" and "EDTF" in fields["period"]["description"]
    assert fields["value_about"]["type"] == "number"
    assert "joined" in fields["value_between"]["description"]
    assert "empty" in {f["name"]: f for f in schemas["sources"]["fields"]}["publisher"]["description"]


@pytest.mark.parametrize(
    ("table", "column"), [("citations", "source"), ("teams", "camp"), ("links", "target"), ("legs", "to")]
)
def test_a_broken_foreign_key_is_reported(
    fixture_files: dict[str, str], tmp_path: Path, table: str, column: str
) -> None:
    table_rows = rows(fixture_files, table)
    table_rows[0][column] = "no-such-record"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table_rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table_rows)
    report = frictionless.validate(write({**fixture_files, f"data/{table}.csv": out.getvalue()}, tmp_path))
    assert not report.valid
    found = errors(report)
    assert [t for t, _note in found] == ["foreign-key"]
    assert "no-such-record" in found[0][1]


def test_row_counts_match_the_records(archive: tuple[Index, dict[str, str]]) -> None:
    index, files = archive
    assert [r["id"] for r in rows(files, "records")] == sorted(index.entries)
    for kind in KINDS.values():
        assert [r["id"] for r in rows(files, kind.plural)] == [e.id for e in index.by_kind[kind.name]]
    assert len(rows(files, "citations")) == sum(len(index.citations_in(e)) for e in index.entries.values())
    routes = [e.record for e in index.by_kind["route"] if isinstance(e.record, Route)]
    assert len(rows(files, "legs")) == sum(len(r.legs) for r in routes)


def test_cells(fixture_files: dict[str, str]) -> None:
    figures = {r["id"]: r for r in rows(fixture_files, "figures")}
    assert figures["fig-0002"]["value_between"] == "10; 15"
    assert figures["fig-0001"]["value_about"] == "25"
    sources = {r["id"]: r for r in rows(fixture_files, "sources")}
    assert sources["src-0002"]["publisher"] == ""  # 'unknown'
    assert sources["src-0002"]["title_supplied"] == "true"
    camps = {r["id"]: r for r in rows(fixture_files, "camps")}
    assert (camps["camp-alpha"]["location_lat"], camps["camp-alpha"]["place"]) == ("41.5", "place-province")
    citations = {(r["record"], r["field"], r["position"]): r for r in rows(fixture_files, "citations")}
    assert citations["route-0001", "legs[1].cites", "0"]["locator"] == "paragraph 5"
    assert citations["camp-alpha", "location.cites", "0"]["source"] == "src-0001"
    links = {(r["record"], r["field"], r["position"]): r["target"] for r in rows(fixture_files, "links")}
    assert links["route-0001", "legs[0].goods", "0"] == "wigs"
    assert links["fig-0003", "subjects", "1"] == "wigs"


def test_a_kind_has_a_column_for_each_korean_text_it_can_give_and_no_other(fixture_files: dict[str, str]) -> None:
    """A table's ko_ columns are what the kind can be given in Korean: no always-empty column (a
    camp's ko_population, a figure's ko_reliability_note) for a reader to wonder about."""
    korean = {
        table: sorted(
            name for name in next(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) if name.startswith("ko_")
        )
        for table, text in ((k.plural, fixture_files[f"data/{k.plural}.csv"]) for k in KINDS.values())
    }
    assert korean["camps"] == ["ko_notes", "ko_summary"]
    assert korean["figures"] == ["ko_notes", "ko_population", "ko_title"]
    assert korean["sources"] == ["ko_locator_note", "ko_notes", "ko_reliability_note", "ko_summary", "ko_title"]
    assert korean["teams"] == ["ko_name", "ko_notes", "ko_summary"]


def test_a_reference_to_a_held_back_record_is_an_empty_cell(archive_copy: Path, tmp_path: Path) -> None:
    place = archive_copy / "sources" / "places" / "place-land.yaml"
    place.write_text(place.read_text(encoding="utf-8").replace("type: country", "type: planet"), encoding="utf-8")
    index, _report = check(archive_copy)
    assert "place-land" not in index.entries and "org-test-ngo" in index.entries
    files = export_files(index, INFO)
    assert {r["id"]: r for r in rows(files, "organizations")}["org-test-ngo"]["country"] == ""
    assert json.loads(files["organizations/org-test-ngo.json"])["record"]["country"] == "place-land"
    package = frictionless.validate(write(files, tmp_path / "out"))
    assert package.valid, errors(package)[:10]


# ---- JSON ------------------------------------------------------------------------------------


def test_record_json_round_trips(archive: tuple[Index, dict[str, str]]) -> None:
    index, files = archive
    whole = json.loads(files["data/archive.json"])
    assert (whole["archive"], whole["version"], whole["url"]) == ("Test Archive", "abc1234", INFO.site_url)
    assert [r["id"] for r in whole["records"]] == [
        e.id for e in sorted(index.entries.values(), key=lambda e: (e.kind, e.id))
    ]
    for entry in index.entries.values():
        data = json.loads(files[f"{KINDS[entry.kind].plural}/{entry.id}.json"])
        assert data == record_json(entry, INFO)
        assert KINDS[entry.kind].model.model_validate(data["record"]) == entry.record
        assert data.get("body") == entry.body
        assert data["url"] == f"https://example.org/archive/{entry.url}"
    assert whole["records"] == [
        json.loads(files[f"{KINDS[r['kind']].plural}/{r['id']}.json"]) for r in whole["records"]
    ]


def test_record_json_is_as_written(fixture_files: dict[str, str]) -> None:
    route = json.loads(fixture_files["routes/route-0001.json"])
    assert route["record"]["legs"][0]["from"] == "team-alpha-wigs" and "from_" not in route["record"]["legs"][0]
    figure = json.loads(fixture_files["figures/fig-0002.json"])
    assert "statistic" not in figure["record"] and "cites" in figure["record"]  # left unset / written
    assert figure["record"]["basis"] == "unspecified"  # a default that says something stays
    assert (figure["changed"], figure["history"], figure["version"], "body" in figure) == (None, None, "abc1234", False)
    assert json.loads(fixture_files["sources/src-0002.json"])["record"]["publisher"] == "unknown"


def test_history_fields(tmp_path: Path) -> None:
    index, _report = check(FIXTURE_ARCHIVE)
    entry = index.entries["fig-0001"]
    change = Change("0123456789abcdef0123456789abcdef01234567", "2024-05-01", "Add fig-0001")
    info = ArchiveInfo("A", "https://example.org/", "v1", "https://github.com/o/r", changes={entry.path: [change]})
    data = record_json(entry, info)
    assert (data["changed"], data["version"]) == ("2024-05-01", "v1")
    assert data["history"] == f"https://github.com/o/r/commits/main/{entry.path}"
    files = export_files(index, info)
    assert {r["id"]: r["changed"] for r in rows(files, "records")}["fig-0001"] == "2024-05-01"
    report = frictionless.validate(write(files, tmp_path))
    assert report.valid, errors(report)[:10]


def test_export_is_deterministic(archive: tuple[Index, dict[str, str]]) -> None:
    index, files = archive
    assert export_files(index, INFO) == files
    assert list(files) == sorted(files)
    assert all(text.endswith("\n") and "\r" not in text for text in files.values())


# ---- JSON Schemas --------------------------------------------------------------------------------


def test_schemas_are_served(fixture_files: dict[str, str]) -> None:
    schemas = json_schemas()
    assert set(schemas) == set(KINDS)
    for name, schema in schemas.items():
        assert json.loads(fixture_files[f"data/schemas/{name}.schema.json"]) == schema
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "$id" not in schema and schema["title"]


@pytest.mark.parametrize("root", [REPO_ROOT, FIXTURE_ARCHIVE], ids=["real", "fixture"])
def test_record_files_match_their_schema(root: Path) -> None:
    schemas = json_schemas()
    loaded = load_records(root)
    assert loaded.records and not loaded.problems
    for raw in loaded.records:
        jsonschema.validate(raw.data, schemas[raw.kind], cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "change",
    [
        {"titel": "Misspelt"},
        {"title": 5},
        {"value": {"about": "25"}},
        {"subjects": []},
        {"cites": [{"source": "src-0001", "page": "4"}]},
        {"subjects": ["Camp Alpha"]},
        {"measure": "not-a-measure"},
    ],
)
def test_schema_rejects_a_bad_record(change: dict[str, object]) -> None:
    raw = next(r for r in load_records(FIXTURE_ARCHIVE).records if r.id == "fig-0001")
    schema = json_schemas()["figure"]
    jsonschema.validate(raw.data, schema, cls=jsonschema.Draft202012Validator)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**raw.data, **change}, schema, cls=jsonschema.Draft202012Validator)


def test_schema_takes_a_tombstone() -> None:
    schema = json_schemas()["figure"]
    tombstone = {"withdrawn": {"date": "2024-05", "reason": "It misread the source."}, "title": "Old title"}
    jsonschema.validate(tombstone, schema, cls=jsonschema.Draft202012Validator)
    for bad in ({"withdrawn": {"date": "2024-05"}}, {**tombstone, "measure": "annual-mortality-rate"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
