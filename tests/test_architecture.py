"""The core must stay free of MkDocs, so the site generator can change without a rewrite."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "build_tools"
ADAPTER = "mkdocs_plugin.py"
# MkDocs' page steps and live-reload server, for the preview's first look at an edit (early.py)
SERVE_ADAPTER = "serve_early.py"
# MkDocs' File, for the generated pages and files it is handed held packed (lean.py)
FILES_ADAPTER = "mkdocs_files.py"
# MkDocs' navigation and page context, for each page's language and the Korean navigation (i18n.py)
LANG_ADAPTER = "mkdocs_lang.py"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_adapters_import_mkdocs() -> None:
    adapters = (ADAPTER, SERVE_ADAPTER, FILES_ADAPTER, LANG_ADAPTER)
    offenders = [
        p.name for p in sorted(PACKAGE.glob("*.py")) if p.name not in adapters and "mkdocs" in imported_modules(p)
    ]
    assert offenders == []
    assert all("mkdocs" in imported_modules(PACKAGE / name) for name in adapters)


def test_adapter_stays_small() -> None:
    lines = (PACKAGE / ADAPTER).read_text(encoding="utf-8").splitlines()
    # It hands pages over (from memory, or from the preview's staged files), and decides in MkDocs'
    # lifecycle when a build may write (never a partial site): that much is MkDocs' business;
    # anything more belongs in the core.
    assert len(lines) < 125, "the MkDocs adapter should only hand pages over; move logic into the core"
