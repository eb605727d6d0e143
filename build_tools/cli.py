"""Command line: validate / new. Presents the Report and sets the exit code; nothing else."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from build_tools.checks.permalinks import REGISTRY, register
from build_tools.compile.audit import check_archive
from build_tools.compile.progress import Progress
from build_tools.reading.load import (
    SOURCES_DIR,
    is_record_path,
    linked_part,
    load_records,
    place_of,
    record_files,
    relative_path,
)
from build_tools.records.fields import id_problem
from build_tools.records.model import KINDS
from build_tools.records.problems import printable, quote


class UsageProblem(click.ClickException):
    """The command was called wrongly (exit 2), as opposed to records with errors (exit 1)."""

    exit_code = 2


@click.group()
@click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=".", help="The archive folder (holds sources/)."
)
@click.option("--debug", is_flag=True, hidden=True, help="Show Python tracebacks of internal errors (read by run()).")
@click.pass_context
def main(ctx: click.Context, root: Path, debug: bool) -> None:
    """Evidence archive tools. Records live in sources/<kind-plural>/<id>.yaml."""
    ctx.obj = {"root": root}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON.")
@click.option(
    "--no-cache", is_flag=True, help="Read every file afresh: neither use nor update the archive's .cache/ folder."
)
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, no_cache: bool) -> None:
    """Check every record and print every problem, as path:line:col: error: message [code].

    Give file paths to report only on those files (references are still checked against the
    whole archive). Exits 1 when there is any error. A large archive is read on every core, and
    what was found in each file is kept in .cache/ (git-ignored), so that the next run reads only
    the files that changed; the problems reported are the same either way.

    Example: python -m build_tools validate sources/figures/fig-0007.yaml
    """
    root = _archive(ctx)
    only: list[Path] | None = None
    if paths:
        only = []
        for given in paths:
            only += _records_at(root, given)
    # progress on stderr, so that --json output stays one document
    report = check_archive(root, only, cache=not no_cache, progress=Progress(lambda line: click.echo(line, err=True)))
    click.echo(report.format_json() if as_json else report.format_text())
    ctx.exit(0 if report.valid else 1)


def _archive(ctx: click.Context) -> Path:
    root: Path = ctx.obj["root"]
    if not (root / SOURCES_DIR).is_dir():
        raise UsageProblem(f"no {SOURCES_DIR}/ folder in '{root}'; run this in the archive folder or pass --root")
    return root


def _under_root(root: Path, path: Path) -> Path:
    return path if path.is_absolute() or path.exists() else root / path


def _records_at(root: Path, given: Path) -> list[Path]:
    """The record files a path given to validate names: itself, or those in the folder it names.
    A path outside the archive's sources/ folder, or a file that is not a record, is a usage
    problem: validate never answers "no problems" for a file it did not check."""
    p = _under_root(root, given)
    shown = printable(str(given))
    if p.is_symlink():
        raise UsageProblem(f"{shown}: a symbolic link, which validate does not follow")
    rel = relative_path(root, p)
    if rel != SOURCES_DIR and not is_record_path(rel):
        raise UsageProblem(f"{shown}: not in the archive's {SOURCES_DIR}/ folder, so not a record it checks")
    if linked_part(root, rel) is not None:
        raise UsageProblem(f"{shown}: in a linked folder, which validate does not follow")
    if p.is_dir():
        found = [f for f in record_files(root) if f.resolve().is_relative_to(p.resolve())]
        if not found:
            raise UsageProblem(f"{shown}: this folder holds no record files")
        return found
    if not p.is_file():
        raise UsageProblem(f"{shown}: no such file or folder")
    _kind, _rid, complaint = place_of(rel)
    if complaint:
        raise UsageProblem(f"{shown}: not a record: {complaint}")
    return [p]


@main.command()
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--id", "rid", help="Choose the ID (default: the next free <prefix>-NNNN).")
@click.pass_context
def new(ctx: click.Context, kind: str, rid: str | None) -> None:
    """Create a record file with every field listed, ready to fill in, and print its path.

    Example: python -m build_tools new figure
    """
    from build_tools.outputs.scaffold import IdTaken, NotHere, create  # here, as export below: validate needs neither

    root = _archive(ctx)
    if rid is not None and (wrong := id_problem(rid)) is not None:
        raise UsageProblem(f"'{printable(quote(rid))}' {wrong}")
    try:
        path = create(root, kind, rid)
    except (IdTaken, NotHere) as e:
        raise UsageProblem(str(e)) from None
    click.echo(path.as_posix())


@main.command()
@click.pass_context
def permalinks(ctx: click.Context) -> None:
    """Add the permalink of every record to the registry (permalinks.txt); never removes one.

    Run it after adding records by hand, and commit permalinks.txt with them. `new` does this
    for the records it creates.

    Example: python -m build_tools permalinks
    """
    root = _archive(ctx)
    try:
        loaded = load_records(root)
        added = register(root, set(loaded.permalinks))
    except OSError as e:
        raise UsageProblem(str(e)) from None
    for link in added:
        click.echo(f"added {link}")
    click.echo(f"{len(added)} permalink{'s' if len(added) != 1 else ''} added to {REGISTRY}")
    misnamed = [p for p in loaded.problems if p.code == "invalid-id"]
    for p in misnamed:  # a permalink is for ever: none is made from a name that is not an ID
        click.echo(f"not added: {p.format()}", err=True)
    if misnamed:
        ctx.exit(1)


@main.command()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a schema file is missing or out of date.")
@click.pass_context
def schemas(ctx: click.Context, check: bool) -> None:
    """Write the JSON Schema of each record kind to schemas/, for editors' live checking.

    Run it after changing build_tools/records/model.py or vocab.py, and commit the files.

    Example: python -m build_tools schemas
    """
    from build_tools.outputs.export import editor_schemas

    root: Path = ctx.obj["root"]
    stale = [path for path, text in editor_schemas().items() if _read(root / path) != text]
    for path in stale:
        if check:
            click.echo(f"{path}: out of date; run python -m build_tools schemas and commit it")
        else:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(editor_schemas()[path], encoding="utf-8", newline="\n")
            click.echo(f"wrote {path}")
    if not check:
        click.echo(f"{len(stale)} schema file{'s' if len(stale) != 1 else ''} updated")
    ctx.exit(1 if check and stale else 0)


@main.command("build")
@click.option(
    "--generator",
    type=click.Choice(["mkdocs", "properdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="The MkDocs-style generator that builds the site (installed by you).",
)
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True)
@click.option(
    "--source-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the plain site source here (pages, data, overrides, mkdocs.yml) instead of a temporary folder.",
)
@click.pass_context
def build_command(ctx: click.Context, generator: str, site_dir: Path, source_dir: Path | None) -> None:
    """Compile the archive into a plain site source, build it with GENERATOR into SITE_DIR, finish
    it (the search index, the Korean pages' heading links) and check it as check-site does. Exits
    1 when a record has an error (nothing is built) or the built site fails its check.

    Example: python -m build_tools build --generator zensical --site-dir /tmp/site
    """
    from build_tools.site.config import CONFIG
    from build_tools.site.generators import GeneratorFailed, build_site  # here: validate needs none of it

    root = _archive(ctx)
    if not (root / CONFIG).is_file():
        raise UsageProblem(
            f"no {CONFIG} in '{printable(str(root))}': the site's name, address, theme and languages are read from"
            " it; run this in the archive folder (where the README's commands run) or pass --root"
        )
    try:
        built = build_site(root, generator, site_dir, source_dir, say=lambda line: click.echo(line, err=True))
    except GeneratorFailed as failed:
        raise click.ClickException(str(failed)) from None
    click.echo(built.report.format_text())
    ctx.exit(0 if built.report.valid else 1)


@main.command("check-site")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON.")
@click.pass_context
def check_site(ctx: click.Context, site: Path, as_json: bool) -> None:
    """Check a built site (the folder `mkdocs build -d SITE` writes, or another generator's from the
    same source) against the archive's records, and print every problem as file: error: message [code].

    It looks for: a private field's value in any file (pages, data files, the sitemap, the search
    index, unpacked), which a message names by record and field, never by the value; a link or
    #anchor within the site that leads nowhere; a record without its page in English or Korean; a
    file fetched from another host; a page without the site's Content-Security-Policy. Addresses
    from the host's root are read under the path of mkdocs.yml's site_url. What it could read, and
    what it could not, is summed up on stderr. Exits 1 when there is any problem.

    Example: python -m build_tools check-site site
    """
    from build_tools.site.check import check_site as check  # here: validate needs none of it
    from build_tools.site.config import CONFIG, base_path, read_config

    root = _archive(ctx)
    base = base_path(read_config(root)) if (root / CONFIG).is_file() else "/"
    if not (site / "index.html").is_file():
        raise UsageProblem(
            f"{printable(str(site))}: no built site here (no index.html); build it first: mkdocs build -d {printable(str(site))}"
        )
    report, coverage = check(site, root, base=base)
    click.echo(report.format_json() if as_json else report.format_text())
    for line in coverage.lines():
        click.echo(line, err=True)
    ctx.exit(0 if report.valid else 1)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def run() -> None:
    """Entry point: a user sees one sentence for an internal error, never a traceback."""
    debug = "--debug" in sys.argv
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as e:  # a bug in this tool, not in the user's records
        if debug:
            traceback.print_exc()
        click.echo(
            f"internal error: {type(e).__name__}: {e}. Please report this with the command you ran (add --debug for details).",
            err=True,
        )
        sys.exit(2)
