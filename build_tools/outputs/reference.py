"""The record reference: an overview page and a page per kind, generated from the models. No I/O.

Fields, types, allowed values and their labels, descriptions and examples come from ``model.py``
and ``vocab.py``, the example record from ``scaffold``. Only what the models cannot say is written
by hand: ``NEEDED`` here, and the rules beyond types, with their problem codes, in the template
``reference.md.j2``. ``tests/test_reference.py`` fails when the pages and the models disagree.
"""

from __future__ import annotations

import json
import re
import typing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from build_tools.checks.witness_places import BROAD_PLACES
from build_tools.outputs.scaffold import scaffold
from build_tools.outputs.tables import metadata
from build_tools.pages import fmt, lead
from build_tools.reading.yamlread import parse_yaml
from build_tools.records import model, vocab
from build_tools.records.model import KINDS, Kind
from build_tools.records.parts import VALUE_FORMS
from build_tools.records.problems import CODES
from build_tools.records.raw import PRIVATE, PRIVATE_AT, KeyPath
from build_tools.records.walk import annotation_parts, nested_model, ref_marker


def _or(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


# Optional in the model, so that the check can report them by name, but needed all the same.
NEEDED: dict[tuple[type[BaseModel], str], str] = {
    (model.Citation, "locator"): "required",
    (model.Figure, "value"): "required unless `derived` is given",
    (model.Figure, "cites"): "required unless `derived` is given",
    (model.Testimony, "cites"): "required",
    (model.Testimony, "witness"): "required when `form` is `individual`",
    (model.Testimony, "group"): "required when `form` is `aggregate`",
    (model.Witness, "name"): "required when `anonymous` is `false`",
    (model.Location, "lat"): "required when `precision` is `exact` or `approximate`",
    (model.Location, "lon"): "required when `precision` is `exact` or `approximate`",
    (model.Location, "cites"): "required with `lat` and `lon`",
}
_VOCABS = [d for name, d in vars(vocab).items() if name.isupper() and isinstance(d, dict)]
_WORDS = [  # (type, what one holds, what a list holds), beside text, numbers and yes or no
    (model.Date, "[date (EDTF)](index.md#dates) or `unknown`", "[dates (EDTF)](index.md#dates)"),
    (model.Url, "web address (http or https)", "web addresses"),
    (model.Language, "language code", "language codes"),
    (model.Former, "record ID, or old address such as `/places/some-id/`", "record IDs or old addresses"),
]
_PRIVATE = Markup("a set of fields of your own: see [private notes](index.md#private)")


@dataclass(frozen=True)
class Row:
    key: str  # as written in YAML
    needed: Markup
    type: Markup
    description: str
    examples: Markup  # as written in YAML, as code
    values: list[tuple[str, str]]  # allowed values and the labels readers see ('' where there is none)
    values_anchor: str


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    doc: str
    where: Markup  # the YAML paths it is written under
    rows: list[Row]


def title_of(cls: type[BaseModel]) -> str:
    return re.sub(r"(?<!^)([A-Z])", lambda m: " " + m.group(1).lower(), cls.__name__)  # WitnessGroup: Witness group


def anchor_of(cls: type[BaseModel]) -> str:
    return title_of(cls).lower().replace(" ", "-")


def code(text: str, fence: str = "") -> Markup:
    """``text`` as a code span, or a fenced block in the language ``fence``, that nothing in it can close."""
    bar = "`" * max(3 if fence else 1, max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    if fence:
        return Markup(f"{bar} {fence}\n{text.rstrip()}\n{bar}")
    return Markup(f"{bar} {text} {bar}" if "`" in text else f"`{text}`")


def as_yaml(value: Any, quote: bool = False) -> str:
    """A value as a contributor writes it: quoted only where YAML would read it otherwise."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        plain = "[" + ", ".join(as_yaml(v, quote) for v in value) + "]"
        return plain if parse_yaml(f"x: {plain}\n").data == {"x": value} else json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and not quote and parse_yaml(f"x: {value}\n").data == {"x": value}:
        return value
    return json.dumps(value, ensure_ascii=False)


def _is(field: FieldInfo, alias: Any) -> bool:
    return typing.get_args(alias)[1] in metadata(field)


def allowed(field: FieldInfo) -> list[tuple[str, str]]:
    """The values a vocabulary field allows, with their labels from vocab.py ('' where it has none)."""
    parts = annotation_parts(field.annotation)
    values = next((typing.get_args(a) for a in parts if typing.get_origin(a) is typing.Literal), ())
    labels = next((d for d in _VOCABS if tuple(d) == values), {})
    return [(v, labels.get(v, "")) for v in values]


def type_words(field: FieldInfo, values_anchor: str) -> Markup:
    """What a field holds, in plain words, linking to the kinds, parts and values it names."""
    parts = annotation_parts(field.annotation)
    many = any(typing.get_origin(a) is list for a in parts)
    marker, nested = ref_marker(field), nested_model(field.annotation)
    if marker is not None:
        kinds = [KINDS[k] for k in marker.kinds]
        names = _or([f"[{k.plural if many else k.name}]({k.name}.md)" for k in kinds])
        article = "an" if kinds[0].name[0] in "aeiou" else "a"
        words = f"list of IDs of {names}" if many else f"ID of {article} {names}"
        words += ", or `unknown`" if marker.allow_unknown else ""
    elif nested is not None:
        link = f"[{title_of(nested)}](#{anchor_of(nested)})"
        words = f"list of entries, each a set of fields: see {link}" if many else f"a set of fields: see {link}"
    elif allowed(field):
        link = f"(#{values_anchor})"
        words = f"list of values from [the list below]{link}" if many else f"one of the [values below]{link}"
    else:
        one, plural = next(((o, p) for alias, o, p in _WORDS if _is(field, alias)), ("text", "texts"))
        if bool in parts:
            one = "yes or no: `true` or `false`"
        elif float in parts or int in parts:
            one, plural = ("number", "numbers") if float in parts else ("whole number", "whole numbers")
        words = f"list of {plural}" if many else one
    return Markup(words)


def needed(cls: type[BaseModel], key: str, field: FieldInfo) -> Markup:
    if (cls, key) in NEEDED:
        return Markup(NEEDED[cls, key])
    if field.is_required():
        return Markup(
            "required, at least one" if any(getattr(m, "min_length", 0) for m in field.metadata) else "required"
        )
    if field.default is None or field.default == []:
        return Markup("optional")
    return Markup(f"optional, default {code(as_yaml(field.default))}")


def rows(cls: type[BaseModel], anchor: str, private: bool) -> list[Row]:
    """One row per field: the model's own fields first, those every record has (notes, ...) last."""
    shared = model.Record.model_fields if issubclass(cls, model.Record) else {}
    out = []
    for name, field in sorted(cls.model_fields.items(), key=lambda item: item[0] in shared):
        key = field.alias or name
        values_anchor = (f"values-{key}" if anchor == "fields" else f"values-{anchor}-{key}").replace("_", "-")
        examples = Markup(", ").join(code(as_yaml(x, quote=_is(field, model.Date))) for x in field.examples or [])
        row = Row(key, needed(cls, key, field), type_words(field, values_anchor), field.description or "", examples,
                  allowed(field), values_anchor)  # fmt: skip
        out.append(row)
    if private:
        what = "for the maintainers only, never published; anyone who can read the repository can read it"
        out.append(Row(PRIVATE, Markup("optional"), _PRIVATE, what, Markup(), [], ""))
    return out


def parts_of(root: type[BaseModel]) -> dict[type[BaseModel], list[KeyPath]]:
    """Every model nested in ``root`` (first found first) with the YAML key paths it is written under."""
    found: dict[type[BaseModel], list[KeyPath]] = {}

    def walk(cls: type[BaseModel], path: KeyPath) -> None:
        for name, field in cls.model_fields.items():
            nested, here = nested_model(field.annotation), (*path, field.alias or name)
            if nested is not None:
                found.setdefault(nested, []).append(here)
                walk(nested, here)

    walk(root, ())
    return found


def _doc(cls: type[BaseModel]) -> str:
    return " ".join((cls.__doc__ or "").split())


def sections(root: type[BaseModel], anchor: str = "fields", title: str = "Fields") -> list[Section]:
    """The root model's fields, then a section per part nested in it. A part written where PRIVATE_AT
    allows a private block (a kind's top level, a testimony's witness) offers one."""
    is_kind = root in [k.model for k in KINDS.values()]
    out = [Section(anchor, title, _doc(root), Markup(), rows(root, anchor, is_kind))]
    for cls, paths in parts_of(root).items():
        a, private = anchor_of(cls), is_kind and any(p in PRIVATE_AT for p in paths)
        where = Markup(", ").join(Markup(" in ".join(f"`{k}`" for k in reversed(p))) for p in paths)
        fields = rows(cls, a, private)
        if cls is model.Korean and is_kind:  # what this kind can take in Korean (translation.py)
            fields = [r for r in fields if r.key in model.korean_fields(root, narrative=True)]
        out.append(Section(a, title_of(cls), _doc(cls), where, fields))
    return out


def _render(**context: Any) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent.parent / "pages" / "templates"),
        autoescape=False,
        finalize=lambda v: fmt.md_inline(v) if v is not None else "",  # all text escaped, but Markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(code=code, as_yaml=as_yaml, hashes=lambda n: Markup("#" * n), kinds=KINDS, codes=CODES)
    env.globals.update(
        either=lambda words: Markup(_or([f"`{w}`" for w in words])), broad=BROAD_PLACES, forms=VALUE_FORMS
    )
    kind = context.get("kind")
    said = (
        f"How to write a {kind.name} record: every field" if kind else "How to write the archive's records: every kind"
    )
    return str(lead.front_matter(None, f"{said}, what it holds and an example.")) + env.get_template(
        "reference.md.j2"
    ).render(**context)


def kind_page(kind: Kind) -> str:
    return _render(kind=kind, sections=sections(kind.model), level=2, example=code(scaffold(kind), "yaml"))


def index_page() -> str:
    dates = ["2020", "2022-08", "2022-08-15", "2008~", "2008?", "2020/2022-08", "2022-08/..", "../2019", "unknown"]
    example = {k: f.examples[0] for m in (model.Value, model.Citation) for k, f in m.model_fields.items() if f.examples}
    values = [(f, model.Value.model_validate({f: example[f]})) for f in VALUE_FORMS]
    return _render(
        kind=None,
        kind_docs={k.name: _doc(k.model) for k in KINDS.values()},
        sections=sections(model.Tombstone, "withdrawn", "Withdrawn records"),
        level=3,
        dates=[(d, fmt.fmt_date(d)) for d in dates],
        values=[(code(f"{f}: {as_yaml(example[f])}"), fmt.fmt_value(v, "people")) for f, v in values],
        citation=code(f"cites:\n  - source: {example['source']}\n    locator: {example['locator']}", "yaml"),
        private_at=PRIVATE_AT,
    )


@cache  # the models do not change while the tool runs; mkdocs serve rebuilds without redoing this
def reference_pages() -> tuple[tuple[str, str], ...]:
    """(docs path, Markdown) of the reference: ``reference/index.md``, then ``reference/<kind>.md``
    for each kind in the order of ``KINDS``. Deterministic."""
    return (("reference/index.md", index_page()), *((f"reference/{k.name}.md", kind_page(k)) for k in KINDS.values()))
