"""CITATION.cff is valid Citation File Format 1.2.0 (checked against the vendored official schema, offline)
and names the archive as the site does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

REPO = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).parent / "schemas" / "citation-file-format-1.2.0.schema.json"


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: an ``!ENV`` tag (``!ENV VAR`` or ``!ENV [VAR, default]``) gives its default."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if len(values) > 1 else None
    return None


_MkDocsLoader.add_constructor("!ENV", _env)
_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda _loader, suffix, _node: suffix)


def site_name() -> str:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
    return str(config["site_name"])


def citation() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(data: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator().iter_errors(data)]


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    data = citation()
    assert data["cff-version"] == "1.2.0"
    assert errors(data) == []


def test_it_cites_the_archive_as_a_dataset_by_its_site_name() -> None:
    data, name = citation(), site_name()
    assert data["type"] == "dataset"
    assert data["title"] == name
    assert data["authors"] == [{"name": f"{name} contributors"}]


def test_a_cff_without_authors_is_rejected() -> None:
    data = citation()
    del data["authors"]
    assert errors(data) == ["(root): 'authors' is a required property"]


def test_an_unknown_work_type_is_rejected() -> None:
    data = citation() | {"type": "website"}
    assert [e for e in errors(data) if e.startswith("type:")]


def test_env_tags_in_mkdocs_yml_are_read_as_their_default() -> None:
    text = "site_name: X\nsite_url: !ENV [SITE_URL, 'https://example.org/']\nrepo: !ENV REPO\n"
    assert yaml.load(text, Loader=_MkDocsLoader) == {
        "site_name": "X",
        "site_url": "https://example.org/",
        "repo": None,
    }
