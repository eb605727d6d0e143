"""Checks of a record's Korean (model.Korean, ``name_ko``), beyond the schema: a ``ko:`` block
gives only what the kind has in English, Korean text must be Korean, and a translation must keep
the links to other records that the English makes.

The checks every text gets (a witness's identifying details, references to records, invisible
characters) reach the Korean as well: they walk every text of the record, its ``ko`` included."""

from __future__ import annotations

from build_tools.records.fields import HANGUL, TEXT_REF
from build_tools.records.model import NARRATIVE, Entry, Korean, Source, korean_fields
from build_tools.records.problems import Problem
from build_tools.records.raw import KeyPath, RawRecord
from build_tools.records.walk import beside_in_korean


def check_translation(entry: Entry, raw: RawRecord) -> list[Problem]:
    rec = entry.record
    problems: list[Problem] = []
    for field in ("name_ko", "full_name_ko"):
        name_ko = getattr(rec, field, None)
        if isinstance(name_ko, str) and not HANGUL.search(name_ko):
            problems.append(_not_korean(raw, (field,), field))
    for where, field, english, said in beside_in_korean(rec):
        problems += _translation(raw, where, f"{field}_ko", field, english, said)
    ko = getattr(rec, "ko", None)
    if not isinstance(ko, Korean):
        return problems
    takes = korean_fields(type(rec), narrative=entry.narrated)
    for name in Korean.model_fields:
        if getattr(ko, name) is not None and name not in takes:
            if name == NARRATIVE:
                why = (
                    "'ko.body' is a narrative in Korean, but this record has none in English: a narrative"
                    f" is the Markdown after the fields of a .md file ({raw.kind} records may be written"
                    " as .md); give that first"
                )
            elif name == "name" and "name_ko" in type(rec).model_fields:
                why = "give the Korean name as name_ko, not ko.name"
            else:
                why = f"'{name}' cannot be given in Korean: this kind of record has no {name}"
            problems.append(Problem(raw.origin(("ko", name)), "invalid-value", why))
    if ko.body is not None and raw.block_start(("ko", NARRATIVE)) is None:
        problems.append(
            Problem(
                raw.origin(("ko", NARRATIVE)),
                "invalid-value",
                "write 'ko.body' as a literal block, 'body: |' with the narrative indented on the lines"
                " below, so that its paragraphs and lists stay as written (and a problem in it is told"
                " at its own line)",
            )
        )
    if isinstance(rec, Source) and ko.title is not None and not rec.title_supplied:
        problems.append(
            Problem(
                raw.origin(("ko", "title")),
                "invalid-value",
                "a source keeps its own title, in its own language: only a title the archive supplied"
                " (title_supplied: true) can be given in Korean",
            )
        )
    for name in Korean.model_fields:
        english, called = (entry.body, "narrative") if name == NARRATIVE else (getattr(rec, name, None), name)
        problems += _translation(raw, ("ko", name), f"ko.{name}", called, english, getattr(ko, name))
    return problems


def _translation(
    raw: RawRecord, path: KeyPath, field: str, english_field: str, english: object, said: str | None
) -> list[Problem]:
    """A Korean text (``field``, written at ``path``) beside its English (``english_field``): it must
    be Korean and keep every [[id]] the English links to."""
    if said is None:
        return []
    problems = [] if HANGUL.search(said) else [_not_korean(raw, path, field)]
    lost = sorted(_refs(english) - _refs(said)) if isinstance(english, str) else []
    if lost:
        problems.append(
            Problem(
                raw.origin(path),
                "translation-drops-link",
                f"{field} leaves out {', '.join(f'[[{r}]]' for r in lost)}, which the English {english_field}"
                " links to: the Korean page would lose the link (and, to a source, where it comes from)",
            )
        )
    return problems


def _refs(text: str) -> set[str]:
    return {m.group(1) for m in TEXT_REF.finditer(text)}


def _not_korean(raw: RawRecord, path: KeyPath, field: str) -> Problem:
    return Problem(
        raw.origin(path),
        "not-korean",
        f"{field} holds no Korean (Hangul) letters: the Korean page would show it as Korean",
    )
