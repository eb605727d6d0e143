"""The one orchestrator: load -> validate -> link -> render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .link import Index, build_index
from .load import load_records, relative_path
from .problems import Report
from .render import Page, render_pages
from .validate import validate_records


@dataclass
class Result:
    index: Index
    pages: list[Page]
    report: Report


def check(root: Path, only: list[Path] | None = None) -> tuple[Index, Report]:
    """Load and validate every record under ``root/sources``; the index holds the valid ones.

    With ``only``, just those files are reported on, but references are still checked
    against the whole archive."""
    loaded = load_records(root)
    entries, problems = validate_records(loaded.records)
    report = Report(records=loaded.files)
    report.extend(loaded.problems + problems)
    # Only records without errors are published: a page never shows a record half-checked, and
    # templates may rely on every rule holding. References to a held-back record show as text.
    failing = {p.origin.path for p in report.errors}
    entries = {rid: e for rid, e in entries.items() if e.path not in failing}
    if only is not None:
        wanted = {relative_path(root, p) for p in only}
        report = Report([p for p in report.problems if p.origin.path in wanted], records=len(wanted))
    return build_index(entries), report


def build(root: Path) -> Result:
    index, report = check(root)
    return Result(index, render_pages(index), report)
