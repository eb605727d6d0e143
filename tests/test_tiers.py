"""The quick tier (`pytest -m "not slow"`) stays quick: the fixtures and files conftest marks slow
are still there under those names (a renamed fixture would quietly bring its builds into the
quick tier), and no test of the quick tier builds a site or starts a browser in its own body."""

from __future__ import annotations

import inspect
import re

import pytest
from conftest import SLOW_FILES, SLOW_FIXTURES, TESTS_DIR

# What a test's own code calls to build a whole site, serve one or start Chromium.
BUILDS = re.compile(r'"mkdocs", "(?:build|serve)"|\b(?:mkdocs_build|build_site|build_archive_site|chromium)\(')
FIXTURE = re.compile(r"^@pytest\.fixture\b.*\n(?:@.*\n)*def (\w+)\(", re.M)


def test_every_slow_fixture_is_defined_under_its_name() -> None:
    defined = {name for path in TESTS_DIR.glob("*.py") for name in FIXTURE.findall(path.read_text(encoding="utf-8"))}
    assert sorted(SLOW_FIXTURES - defined) == []


def test_every_slow_file_is_there() -> None:
    assert sorted(name for name in SLOW_FILES if not (TESTS_DIR / name).is_file()) == []


def test_no_quick_test_builds_a_site_itself(request: pytest.FixtureRequest) -> None:
    """Among the tests of this run (all of them, or the quick tier's), each whose own code builds a
    site is marked slow."""
    unmarked = [
        item.nodeid
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.get_closest_marker("slow") is None
        and BUILDS.search(inspect.getsource(item.function))
    ]
    assert unmarked == [], "mark these @pytest.mark.slow (or use a fixture conftest marks slow)"
