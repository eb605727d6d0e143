"""The record reference: every field, value and example of the models reaches the pages, and the
pages are sound Markdown whose links between them all resolve."""

from __future__ import annotations

import re
import typing
from html.parser import HTMLParser
from pathlib import Path
from posixpath import dirname, join, normpath
from typing import Annotated, Any

import markdown
import pytest
from mkdocs_config import load_mkdocs_yml
from pydantic import BaseModel, ConfigDict, TypeAdapter
from pydantic.fields import FieldInfo

from build_tools.outputs import reference
from build_tools.outputs.export import json_schemas
from build_tools.outputs.scaffold import create
from build_tools.reading.yamlread import parse_yaml
from build_tools.records import vocab
from build_tools.records.fields import ID_PATTERN, UNKNOWN
from build_tools.records.model import KINDS, Korean, Tombstone, korean_fields
from build_tools.records.problems import CODES
from build_tools.records.raw import PRIVATE_AT
from build_tools.records.walk import annotation_parts, nested_model, nested_models, ref_marker

REPO = Path(__file__).resolve().parent.parent
PAGES = dict(reference.reference_pages())
# (page, the model at its top, the anchor of that model's section)
ROOTS = [
    *((f"reference/{k.name}.md", k.model, "fields") for k in KINDS.values()),
    ("reference/index.md", Tombstone, "withdrawn"),
]


ALL_MODELS = list(dict.fromkeys(m for _page, root, _anchor in ROOTS for m in nested_models(root)))
ALL_FIELDS = [(cls, name, field) for cls in ALL_MODELS for name, field in cls.model_fields.items()]
EXAMPLED = [(c, n, f) for c, n, f in ALL_FIELDS if f.examples]


def section(page: str, anchor: str) -> str:
    """The Markdown under the heading with this anchor, up to the next heading (all have anchors)."""
    text = PAGES[page]
    m = re.search(rf"^#+ .* \{{: #{re.escape(anchor)} \}}$", text, re.M)
    assert m, f"{page} has no section #{anchor}"
    end = re.search(r"^#+ .* \{: #[a-z0-9-]+ \}$", text[m.end() :], re.M)
    return text[m.end() : m.end() + end.start() if end else None]


def row(page: str, anchor: str, key: str) -> list[str]:
    """The cells of a field's row in a section's table (Markdown, with escaped pipes kept whole)."""
    m = re.search(rf"^\| `{re.escape(key)}` \|(.*)\|$", section(page, anchor), re.M)
    assert m, f"{page}#{anchor}: no row for '{key}'"
    return [c.strip() for c in re.split(r"(?<!\\)\|", m.group(1))]


def shown_fields(cls: type[BaseModel], root: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The fields of a part that the page of ``root`` lists: a kind's ko: block, only what that
    kind can take in Korean."""
    fields = list(cls.model_fields.items())
    if cls is Korean and any(root is k.model for k in KINDS.values()):
        fields = [(name, f) for name, f in fields if name in korean_fields(root)]
    return fields


def vocabulary(field: FieldInfo) -> dict[str, str]:
    values = next(
        typing.get_args(a) for a in annotation_parts(field.annotation) if typing.get_origin(a) is typing.Literal
    )
    labels = [d for name, d in vars(vocab).items() if name.isupper() and isinstance(d, dict) and tuple(d) == values]
    return {v: labels[0][v] if labels else "" for v in values}


# ---- everything in the models reaches the pages -------------------------------------------------


@pytest.mark.parametrize(("page", "root", "anchor"), ROOTS, ids=[p for p, _r, _a in ROOTS])
def test_every_field_is_on_the_page_with_its_status(page: str, root: type[BaseModel], anchor: str) -> None:
    for cls in nested_models(root):
        here = anchor if cls is root else reference.anchor_of(cls)
        for name, field in shown_fields(cls, root):
            key = field.alias or name
            needed, kind_of, description, _examples = row(page, here, key)
            where = f"{page}#{here}: {cls.__name__}.{name}"
            if field.is_required() or (cls, key) in reference.NEEDED:
                assert needed.startswith("required"), where
            else:
                assert needed.startswith("optional"), where
                if field.default not in (None, []):
                    assert f"default `{str(field.default).lower()}`" in needed, where
            nested = nested_model(field.annotation)
            if nested is not None:  # its own section, linked from the row
                assert f"(#{reference.anchor_of(nested)})" in kind_of, where
            marker = ref_marker(field)
            if marker is not None:
                assert all(f"({k}.md)" in kind_of for k in marker.kinds), where
            assert description, where


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_kinds_korean_section_lists_only_what_that_kind_can_take_in_korean(kind: str) -> None:
    """A camp has no population to translate, a figure no reliability note: the page does not
    offer them (validate would refuse them at their line)."""
    page, model = f"reference/{kind}.md", KINDS[kind].model
    listed = re.findall(r"^\| `([a-z_]+)` \|", section(page, reference.anchor_of(Korean)), re.M)
    assert listed == [name for name in Korean.model_fields if name in korean_fields(model, narrative=True)]
    assert listed[-1] == "body"  # any kind written as .md has a narrative, which it can give in Korean


@pytest.mark.parametrize(("page", "root", "anchor"), ROOTS, ids=[p for p, _r, _a in ROOTS])
def test_every_allowed_value_is_listed_with_its_label(page: str, root: type[BaseModel], anchor: str) -> None:
    for cls in nested_models(root):
        here = anchor if cls is root else reference.anchor_of(cls)
        for name, field in cls.model_fields.items():
            if not any(typing.get_origin(a) is typing.Literal for a in annotation_parts(field.annotation)):
                continue
            link = re.search(r"\(#(values-[a-z0-9-]+)\)", row(page, here, field.alias or name)[1])
            assert link, f"{page}: {cls.__name__}.{name} does not link to its values"
            listed = section(page, link.group(1))
            for value, label in vocabulary(field).items():
                item = f"- `{value}`: {label}" if label else f"- `{value}`"
                assert re.search(rf"^{re.escape(item)}$", listed, re.M), f"{page}: {cls.__name__}.{name}: {item}"


def test_private_blocks_are_shown_where_the_tool_reads_them() -> None:
    for kind in KINDS.values():
        for path in PRIVATE_AT:
            cls: type[BaseModel] | None = kind.model
            for key in path:
                field = cls.model_fields.get(str(key)) if cls else None
                cls = nested_model(field.annotation) if field else None
            if cls is not None:
                anchor = reference.anchor_of(cls) if path else "fields"
                needed, kind_of, *_ = row(f"reference/{kind.name}.md", anchor, "private")
                assert needed == "optional" and "(index.md#private)" in kind_of
    assert "Anyone who can read the repository can read" in section("reference/index.md", "private")


def test_the_index_lists_every_kind() -> None:
    kinds = section("reference/index.md", "kinds")
    for k in KINDS.values():
        assert f"| [{k.label}]({k.name}.md) | `sources/{k.plural}/` | `{k.prefix}-0001`" in kinds


# ---- descriptions and examples --------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "name", "field"), ALL_FIELDS, ids=[f"{c.__name__}.{n}" for c, n, _f in ALL_FIELDS])
def test_every_field_is_described(cls: type[BaseModel], name: str, field: FieldInfo) -> None:
    assert field.description and field.description.strip(), f"{cls.__name__}.{name} needs a description="
    assert cls.__doc__ and cls.__doc__.strip(), f"{cls.__name__} needs a docstring saying what it is for"


@pytest.mark.parametrize(("cls", "name", "field"), EXAMPLED, ids=[f"{c.__name__}.{n}" for c, n, _f in EXAMPLED])
def test_examples_are_valid_values_as_shown(cls: type[BaseModel], name: str, field: FieldInfo) -> None:
    """Each example passes the field's own checks, and what the page shows reads back as it."""
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    adapter: TypeAdapter[Any] = TypeAdapter(annotation, config=ConfigDict(strict=True))
    marker = ref_marker(field)
    for example in field.examples or []:
        adapter.validate_python(example)
        for item in example if isinstance(example, list) else [example]:
            if marker is not None:
                assert ID_PATTERN.match(item) or (marker.allow_unknown and item == UNKNOWN), item
        shown = reference.as_yaml(example, quote=reference._is(field, reference.model.Date))
        assert parse_yaml(f"x: {shown}\n").data == {"x": example}
        for page, root, anchor in ROOTS:
            if cls in nested_models(root):
                here = anchor if cls is root else reference.anchor_of(cls)
                assert f"`{shown}`" in row(page, here, field.alias or name)[3], f"{page}: {cls.__name__}.{name}"


def test_the_index_examples_are_what_the_site_shows() -> None:
    values = section("reference/index.md", "values")
    assert "| `about: 2000` | about 2,000 people |" in values
    cites = re.search(r"``` yaml\n(.*?)\n```", section("reference/index.md", "citations"), re.S)
    assert cites is not None
    parsed = parse_yaml(cites.group(1) + "\n").data["cites"][0]
    assert parsed == {"source": "src-0001", "locator": "p. 12"}
    dates = section("reference/index.md", "dates")
    assert '| `"2008~"` | about 2008 |' in dates and "| `unknown` | unknown |" in dates


def test_json_schemas_carry_the_descriptions() -> None:
    for name, schema in json_schemas().items():
        for model_name, node in schema["$defs"].items():
            for key, prop in node["properties"].items():
                assert prop.get("description"), f"{name}: {model_name}.{key} has no description"


# ---- what `new` writes ----------------------------------------------------------------------------


def test_the_example_of_each_kind_is_what_new_writes(archive_copy: Path) -> None:
    for kind in KINDS.values():
        written = create(archive_copy, kind.name).read_text(encoding="utf-8")
        block = re.search(r"^(`{3,}) yaml\n(.*?)\n\1$", section(f"reference/{kind.name}.md", "new"), re.S | re.M)
        assert block is not None and block.group(2) + "\n" == written, kind.name


# ---- the rules name real problem codes ------------------------------------------------------------


def test_rules_name_real_problem_codes() -> None:
    assert all(hasattr(cls, "model_fields") and key in cls.model_fields for cls, key in reference.NEEDED)
    for kind in KINDS.values():
        rules = section(f"reference/{kind.name}.md", "rules")
        codes = re.findall(r"`([a-z]+(?:-[a-z]+)+)`", " ".join(re.findall(r"\((`[^()]*`)\)", rules)))
        assert codes, kind.name
        assert set(codes) <= set(CODES), set(codes) - set(CODES)
    for code in ("missing-locator", "missing-source", "invalid-value", "percent-out-of-range", "cannot-derive"):
        assert f"`{code}`" in section("reference/figure.md", "rules")


# ---- sound Markdown, links that resolve -----------------------------------------------------------


def render(text: str) -> str:
    config = load_mkdocs_yml(REPO / "mkdocs.yml")
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    configs = {next(iter(e)): next(iter(e.values())) for e in config["markdown_extensions"] if isinstance(e, dict)}
    return markdown.markdown(text, extensions=names, extension_configs=configs)


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


HTML = {page: _Html() for page in PAGES}
for _page, _parser in HTML.items():
    _parser.feed(render(PAGES[_page]))


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_link_between_reference_pages_resolves(page: str) -> None:
    for href in HTML[page].links:
        if href.startswith("https://"):
            continue
        target, _, anchor = href.partition("#")
        path = normpath(join(dirname(page), target)) if target else page
        assert path in PAGES, f"{page}: link to {href}, which is no reference page"
        assert not anchor or anchor in HTML[path].ids, f"{page}: link to {href}, which has no such anchor"


@pytest.mark.parametrize(("page", "root", "anchor"), ROOTS, ids=[p for p, _r, _a in ROOTS])
def test_tables_keep_their_cells(page: str, root: type[BaseModel], anchor: str) -> None:
    """Each field's row renders as five cells, its description whole: nothing in it makes markup."""
    for cls in nested_models(root):
        parser = _Html()
        parser.feed(render(section(page, anchor if cls is root else reference.anchor_of(cls))))
        rows = {r[0]: r for r in parser.rows}
        for name, field in shown_fields(cls, root):
            cells = rows.get(field.alias or name)
            assert cells is not None and len(cells) == 5, f"{page}: {cls.__name__}.{name}: {cells}"
            assert cells[3] == " ".join((field.description or "").split()), f"{page}: {cls.__name__}.{name}"
    assert {len(r) for r in HTML[page].rows} <= {2, 4, 5}


def test_the_pages_are_deterministic() -> None:
    # a second rendering, past the cache, gives the same pages
    assert reference.reference_pages.__wrapped__() == tuple(PAGES.items())
    assert list(PAGES) == ["reference/index.md", *(f"reference/{k}.md" for k in KINDS)]
