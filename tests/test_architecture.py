"""The code's shape is a contract: layers that import one way, the generator known in one place,
no private member of any library, small modules. A maintainer finds their room by the folders
(docs/maintainers/architecture.md), and the site can move to another generator without a rewrite."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "build_tools"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500
# Layers in the direction data flows (pyproject.toml's import-linter contracts say which imports
# which); the package's top holds only its entry points.
LAYERS = ["records", "reading", "checks", "index", "pages", "outputs", "speed", "compile", "site"]


def test_the_import_contracts_hold() -> None:
    """Layers import only those beneath them, mkdocs only from site/, speed/ only from compile/ and
    site/, and no cycle anywhere, imports inside functions and under TYPE_CHECKING included. (In a
    process of its own: import-linter configures logging for the whole process it runs in.)"""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 kept, 0 broken" in run.stdout


def test_the_folders_are_the_layers() -> None:
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert folders == sorted(LAYERS)
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12 and top == ["__init__.py", "__main__.py", "cli.py"]


def _private_uses(path: Path, ours: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] not in ("build_tools", "__future__"):
                private = [p for p in parts if p.startswith("_")] + [
                    a.name for a in node.names if a.name.startswith("_")
                ]
                found += [f"{path.name}:{node.lineno}: {node.module} {private}" for _ in private[:1]]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in ours
        ):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def _our_names() -> set[str]:
    """Every name this package defines (functions, classes, attributes set on self), whose
    leading underscore is ours to use."""
    names: set[str] = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
            ):
                names.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return names


def test_no_private_member_of_any_library_is_used() -> None:
    """A library's private members change without notice (MkDocs' did between minor releases):
    nothing imports a private module or name of another package, or reaches a private attribute
    this package did not define."""
    ours = _our_names()
    assert [use for path in MODULES for use in _private_uses(path, ours)] == []


def test_the_check_finds_a_private_member(tmp_path: Path) -> None:
    module = tmp_path / "reach.py"
    module.write_text("from mkdocs.utils import _norm_parts\nimport x\nx.server._epoch_cond.notify_all()\n")
    assert [u.split(": ", 1)[1] for u in _private_uses(module, set())] == [
        "mkdocs.utils ['_norm_parts']",
        "x.server._epoch_cond",
    ]


def test_no_module_is_over_five_hundred_lines() -> None:
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_the_mkdocs_plugin_stays_small() -> None:
    lines = (PACKAGE / "site" / "plugin.py").read_text(encoding="utf-8").splitlines()
    # It hands pages over and decides in MkDocs' lifecycle when a build may write (never a
    # partial site): that much is MkDocs' business; anything more belongs in the core.
    assert len(lines) < 125, "the MkDocs adapter should only hand pages over; move logic into the core"


def test_the_core_runs_without_mkdocs_installed(tmp_path: Path) -> None:
    """Compiling needs no generator: with mkdocs and material unimportable, the compiler loads."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\nclass B:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('mkdocs', 'material'):\n            raise ImportError(name)\n"
        "sys.meta_path.insert(0, B())\n"
    )
    code = "import build_tools.compile.build, build_tools.cli; print('ok')"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)}
    )
    assert run.stdout.strip() == "ok", run.stderr[-2000:]
