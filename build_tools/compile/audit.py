"""The checks of a whole archive, and nothing after them: load -> validate -> permalinks -> a
Report. What ``validate`` runs; a build (compile/build.py) goes on to link and render what passed."""

from __future__ import annotations

from pathlib import Path

from build_tools.checks.permalinks import REGISTRY, check_permalinks
from build_tools.checks.private import Echo, withhold
from build_tools.checks.validate import checked_alone, validate_records
from build_tools.compile.progress import Progress
from build_tools.reading.load import load_records, read_here, relative_path
from build_tools.records.model import Entry
from build_tools.records.problems import Problem, Report
from build_tools.records.raw import RawRecord, private_values
from build_tools.speed.ahead import Ahead
from build_tools.speed.memo import Memo


def audit(
    root: Path,
    only: list[Path] | None = None,
    memo: Memo | None = None,
    progress: Progress | None = None,
    ahead: Ahead | None = None,
) -> tuple[dict[str, Entry], Report]:
    """Load and validate every record under ``root/sources``: the records that may be published
    (those without errors) and the report.

    With ``only``, just those files are reported on, but references are still checked
    against the whole archive. ``memo`` carries what an earlier run worked out (``mkdocs serve``);
    ``ahead`` reads a large archive on every core, and with its cache, what changed only."""
    loaded = load_records(root, memo.read if memo else ahead.read if ahead else read_here)
    progress = progress or Progress()
    progress.sized(loaded.files)
    progress.stage(f"read {loaded.files:,} record files")
    entries, problems = validate_records(loaded.records, memo.check_alone if memo else checked_alone)
    progress.stage(f"checked {len(loaded.records):,} records")
    raws = {r.id: r for r in loaded.records}
    problems += check_permalinks(root, loaded.permalinks, entries, raws)
    report = Report(records=loaded.files)
    report.extend(withheld(loaded.problems + problems, loaded.records))
    # Only records without errors are published: a page never shows a record half-checked, and
    # templates may rely on every rule holding. References to a held-back record show as text.
    # A record not yet in the permalink registry is complete: it shows, and the build still fails.
    failing = {p.origin.path for p in report.errors if p.code != "unregistered-permalink"}
    entries = {rid: e for rid, e in entries.items() if e.path not in failing}
    if only is not None:
        wanted = {relative_path(root, p) for p in only}
        # The registry concerns the whole archive: a lost permalink is reported whatever was asked.
        wanted.add(REGISTRY)
        report = Report([p for p in report.problems if p.origin.path in wanted], records=len(wanted) - 1)
    return entries, report


def withheld(problems: list[Problem], records: list[RawRecord]) -> list[Problem]:
    """``problems`` with no message quoting a private value of the record it is about (or, for the
    permalink registry's, of any record with a problem): looked for in the records that have
    problems only, so that a valid archive's records read ahead are not read again."""
    by_path = {raw.path: raw for raw in records}
    said = {p.origin.path for p in problems} & by_path.keys()
    echoes = {path: echo for path in sorted(said) if (echo := Echo(private_values(by_path[path])))}
    if echoes and any(p.origin.path == REGISTRY for p in problems):
        echoes[REGISTRY] = Echo(v for path in said for v in private_values(by_path[path]))
    return withhold(problems, echoes) if echoes else problems


def check_archive(
    root: Path, only: list[Path] | None = None, cache: bool = True, progress: Progress | None = None
) -> Report:
    """What ``validate`` reports: ``audit`` of a large archive read on every core, and with
    ``cache``, only the files changed since the last run (the rest from the archive's .cache/)."""
    ahead = Ahead(cache=cache)
    try:
        return audit(root, only, progress=progress, ahead=ahead)[1]
    finally:
        ahead.finish()
