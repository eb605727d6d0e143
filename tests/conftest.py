"""Shared test helpers: where the fixture archive and the bad-input corpus live, and how to read
a corpus case's expected problems."""

from __future__ import annotations

import shutil
from pathlib import Path

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
