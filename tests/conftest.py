"""Shared test helpers: where the fixture archive and the bad-input corpus live, how to read
a corpus case's expected problems, the sites that several modules read (each built once a session:
a whole MkDocs build takes tens of seconds), one browser for the session, and the ``slow`` mark.

The tiers: ``pytest -m "not slow"`` runs what needs no whole-site build, no browser and no long
job; ``pytest`` runs everything (as CI does). A test is marked slow here, not by hand, when it uses
a fixture that builds a site or starts a browser (SLOW_FIXTURES, its own or one it depends on) or
lives in a file that is slow throughout (SLOW_FILES); a test that builds a site in its own body
carries ``@pytest.mark.slow``.

The suite runs on every core (pytest-xdist, ``-n auto`` in pyproject.toml), a test file to a
worker; a site that several workers read is built once, by whichever asks first (``shared``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
FIXTURE_ARCHIVE = TESTS_DIR / "fixtures" / "archive"
BAD_DIR = TESTS_DIR / "bad"

Expected = tuple[str, int, str]  # (path relative to the case folder, line, code)


def parse_expected(case_dir: Path) -> list[Expected]:
    """The (path, line, code) triples in a case's expected.txt, in file order.

    One problem a line, written ``sources/figures/fig-0001.yaml:7 unknown-reference``; blank lines
    and lines starting with '#' are ignored. The same triple may be listed twice when the tool
    must report two distinct problems of one code at one line."""
    out: list[Expected] = []
    text = (case_dir / "expected.txt").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            where, code = line.split()
            path, lineno = where.rsplit(":", 1)
            out.append((path, int(lineno), code))
        except ValueError:
            raise AssertionError(f"{case_dir.name}/expected.txt:{n}: cannot read {line!r}") from None
    return out


def bad_cases() -> list[str]:
    return sorted(p.name for p in BAD_DIR.iterdir() if p.is_dir())


@pytest.fixture
def archive_copy(tmp_path: Path) -> Path:
    """A private, mutable copy of the valid fixture archive."""
    dest = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, dest)
    return dest


@pytest.fixture
def read_expected():  # type: ignore[no-untyped-def]
    """parse_expected, for test modules (they do not import conftest)."""
    return parse_expected


# Fixtures that build a whole site with MkDocs or start Chromium: any test using one is slow.
SLOW_FIXTURES = frozenset(
    {
        "served",  # the real archive, built and served (site, base_url)
        "default_build",  # the real archive, built as mkdocs.yml leaves it (and default_site)
        "attack_site",  # tests/fixtures/attack, built
        "bare_fixture_site",  # tests/fixtures/archive, built without a hosting repository
        "browser",
        # a module's own builds
        "built",  # test_data_standalone: the fixture archive with a maintainer and a contact
        "renamed_site",  # test_browser: the archive after a record was renamed
        "big_archive",  # test_scale: 1,200 synthetic records, built and validated
        "ran",  # test_benchmark: scripts/benchmark.py
        "origin",  # test_workflows: the checkout committed in a new repository, run as CI runs it
        "corpus_runs",  # test_cli: `python -m build_tools validate` started once per bad-input case
    }
)
# Files slow throughout: (nearly) every test in them builds, serves or drives a browser. Longest
# first (pytest --durations): each is handed to a worker in this order, ahead of every other file.
SLOW_ORDER = (
    "test_generators.py",  # three generators installed, and the archive built with each
    "test_incremental.py",  # many builds of a 100-record archive, and the real site twice
    "test_workflows.py",  # the CI workflows, run on a fresh clone
    "test_benchmark.py",  # scripts/benchmark.py, which builds synthetic archives
    "test_listing.py",  # a 300-record archive, built in parts and as a site
    "test_serve.py",  # `mkdocs serve`
)
SLOW_FILES = frozenset(SLOW_ORDER)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    slow_in: dict[str, int] = {}  # test file -> how many of its tests are slow
    for item in items:
        slow = item.path.name in SLOW_FILES or SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if slow:
            item.add_marker(pytest.mark.slow)
        slow_in[item.path.name] = slow_in.get(item.path.name, 0) + bool(slow or item.get_closest_marker("slow"))
    # The files slow throughout first, longest first, then those with most slow tests, each file's
    # tests together and in their order: the workers are handed files in this order, so a long one
    # does not come last to one worker while the others have nothing left (test_generators did, and
    # the suite ran two minutes on one core at its end).
    first = {name: n for n, name in enumerate(SLOW_ORDER)}
    items.sort(key=lambda item: (first.get(item.path.name, len(first)), -slow_in[item.path.name]))


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The real archive built strictly for the address it is served at on 127.0.0.1, with a
    hosting repository (browsing.serving_the_archive): (site folder, base URL). Read, never written."""
    from browsing import serving_the_archive

    site = tmp_path_factory.mktemp("archive") / "site"
    with serving_the_archive(site) as url:
        yield site, url


@pytest.fixture(scope="session")
def site(served: tuple[Path, str]) -> Path:
    return served[0]


@pytest.fixture(scope="session")
def base_url(served: tuple[Path, str]) -> str:
    return served[1]


@dataclass(frozen=True)
class Built:
    """A build's exit status, its output and the folder it wrote."""

    returncode: int
    output: str
    site: Path


def shared(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Built]) -> Built:
    """What ``make`` builds in a new folder, made once for the whole run: under pytest-xdist the
    first worker to ask builds it into a folder all workers share, while the others wait on a lock,
    then read it (a build that raised leaves nothing, and the next to ask builds it again). Only
    for sites the tests read and never write."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(factory.mktemp(name))
    folder = factory.getbasetemp().parent / name
    done = folder / "built.json"
    with FileLock(f"{folder}.lock"):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            built = make(folder)
            done.write_text(json.dumps(asdict(built) | {"site": str(built.site)}), encoding="utf-8")
    said = json.loads(done.read_text(encoding="utf-8"))
    return Built(said["returncode"], said["output"], Path(said["site"]))


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """``mkdocs build --strict`` of the real archive as mkdocs.yml leaves it (no hosting repository,
    the default site address), whether or not it succeeded: test_site reports on what it wrote."""

    def make(folder: Path) -> Built:
        site = folder / "site"
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
            cwd=REPO_ROOT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            capture_output=True,
            text=True,
            timeout=300,
        )
        return Built(proc.returncode, proc.stdout + proc.stderr, site)

    return shared(tmp_path_factory, "default", make)


@pytest.fixture(scope="session")
def default_site(default_build: Built) -> Path:
    """The real archive's site of default_build, which must have succeeded. Read, never written."""
    assert default_build.returncode == 0, f"mkdocs build --strict failed:\n{default_build.output}"
    return default_build.site


def _archive_site(factory: pytest.TempPathFactory, name: str, archive: Path, env: dict[str, str] | None = None) -> Path:
    from browsing import build_archive_site

    return shared(factory, name, lambda folder: Built(0, "", build_archive_site(archive, folder, env))).site


@pytest.fixture(scope="session")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mkdocs build --strict` of the attack archive (tests/fixtures/attack: hostile text in every
    field) with the repository's configuration and docs. Read, never written."""
    return _archive_site(tmp_path_factory, "attack", TESTS_DIR / "fixtures" / "attack")


@pytest.fixture(scope="session")
def bare_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built strictly outside any git checkout and without a hosting repository
    (ARCHIVE_REPO_URL empty, as mkdocs.yml leaves it). Read, never written."""
    return _archive_site(tmp_path_factory, "bare", FIXTURE_ARCHIVE, {"ARCHIVE_REPO_URL": ""})


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (browsing.chromium), one for the session; each test or module opens its
    own context, so no cookie, storage or cache is shared between them."""
    from browsing import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def tabs(browser: Any) -> Iterator[Any]:
    """A tab per screen size for the module's tests to send to the pages they read (browsing.Tabs),
    each page opened until its load event (by then Material's script has set it out)."""
    from browsing import Tabs

    opened = Tabs(browser)
    yield opened
    opened.close()
