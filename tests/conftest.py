"""Shared test helpers: where the fixture archive and the bad-input corpus live, how to read
a corpus case's expected problems, and the real archive's site built once and served for the
modules that only read it (a module that defines its own ``site``, ``base_url`` or ``browser``
uses its own)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (browsing.chromium), one for each module."""
    from browsing import chromium

    with chromium() as b:
        yield b
