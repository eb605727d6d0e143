"""Any generator: the archive compiled into a plain site source builds with MkDocs, ProperDocs and
Zensical, each site passes the site check, and every record's page, in both languages, says the
same in its article as the page the MkDocs plugin builds (the theme around it may differ).

ProperDocs and Zensical are installed for these tests in virtual environments of their own, at the
versions tests/generators/*.txt pin (ProperDocs stands in for MkDocs' own modules, so it is kept
apart from the MkDocs these tests run under)."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from build_tools.pages.i18n import LANGUAGES
from build_tools.reading.load import place_of, record_files, relative_path
from build_tools.records.model import KINDS

pytestmark = pytest.mark.slow

REPO = Path(__file__).parent.parent
PINS = Path(__file__).parent / "generators"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", ARCHIVE_SITE_URL="https://example.org/archive/", ARCHIVE_REPO_URL="")


def _install(name: str, where: Path) -> Path:
    """A virtual environment at ``where`` with the generator ``name`` at its pinned versions. The
    environment gets no pip of its own: this one's installs into it (``pip --python``)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    target = str(where / "bin" / "python")
    pip = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        target,
        "install",
        "-q",
        "--no-deps",
        "-r",
        str(PINS / f"{name}.txt"),
    ]
    run = subprocess.run(pip, capture_output=True, text=True)
    assert run.returncode == 0, f"could not install {name}: {run.stdout[-1500:]}{run.stderr[-1500:]}"
    return where / "bin"


def _build(generator: str, site: Path) -> list[str]:
    """The command that builds the archive with ``generator`` into ``site`` (the README's)."""
    return [sys.executable, "-m", "build_tools", "build", "--generator", generator, "--site-dir", str(site)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real archive built by the MkDocs plugin (the README's way) and by each generator from
    the plain site source: generator -> site folder; "source" is the plain source MkDocs built.
    ProperDocs and Zensical are installed while the plugin and MkDocs build."""
    top = tmp_path_factory.mktemp("generators")
    with ThreadPoolExecutor(2) as pool:
        installing = {name: pool.submit(_install, name, top / f"venv-{name}") for name in ("properdocs", "zensical")}
        sites = {"plugin": top / "plugin", "source": top / "source"}
        plugin = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(sites["plugin"])]
        run = subprocess.run(plugin, cwd=REPO, env=ENV, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
        for name in ("mkdocs", "properdocs", "zensical"):
            path = ENV["PATH"] if name == "mkdocs" else f"{installing[name].result()}{os.pathsep}{ENV['PATH']}"
            sites[name] = top / name
            command = _build(name, sites[name])
            if name == "mkdocs":
                command += ["--source-dir", str(sites["source"])]
            run = subprocess.run(command, cwd=REPO, env=dict(ENV, PATH=path), capture_output=True, text=True)
            assert run.returncode == 0, f"{name}: {run.stdout[-3000:]}{run.stderr[-3000:]}"
            assert run.stdout.strip().startswith("no problems"), run.stdout  # the site check passed
    return sites


def _record_pages() -> list[str]:
    pages = []
    for file in record_files(REPO):
        kind, rid, _ = place_of(relative_path(REPO, file))
        assert kind is not None and rid is not None
        pages += [f"{lang.prefix}{KINDS[kind].plural}/{rid}/index.html" for lang in LANGUAGES.values()]
    return sorted(pages)


def article(site: Path, page: str) -> str:
    """The page's <article>, whitespace between tags dropped and every address within the site
    written from the site's root (a generator may spell a page's link to itself "./" or "")."""
    text = (site / page).read_text(encoding="utf-8")
    found = re.search(r"<article\b.*?</article>", text, re.S)
    assert found, f"{site.name}: {page} has no article"
    base = "/" + posixpath.dirname(page) + "/"

    def absolute(m: re.Match[str]) -> str:
        url = m.group(2)
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", url):
            return m.group(0)
        path, _, fragment = url.partition("#")
        full = posixpath.normpath(posixpath.join(base, path)) + ("/" if path.endswith("/") or path in ("", ".") else "")
        return f'{m.group(1)}="{full.replace("//", "/")}' + (f"#{fragment}" if fragment else "") + '"'

    said = re.sub(r'\b(href|src)="([^"]*)"', absolute, found.group(0))
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", said)).strip()


@pytest.mark.parametrize("generator", ["mkdocs", "properdocs", "zensical"])
def test_every_record_page_says_the_same_whichever_generator_built_it(built: dict[str, Path], generator: str) -> None:
    pages = _record_pages()
    assert len(pages) > 300
    differ = [p for p in pages if article(built[generator], p) != article(built["plugin"], p)]
    assert differ == [], f"{len(differ)} record pages differ from the MkDocs plugin's, e.g. {differ[:3]}"


@pytest.mark.parametrize("generator", ["mkdocs", "properdocs", "zensical"])
def test_each_page_carries_its_language_head_and_policy_whichever_generator_built_it(
    built: dict[str, Path], generator: str
) -> None:
    """What only the plugin once did, now carried in the page source: the page's language, the
    record's JSON-LD and citation tags, the Content-Security-Policy, the language switch."""
    for page, lang in (("camps/chongori/index.html", "en"), ("ko/camps/chongori/index.html", "ko")):
        html = (built[generator] / page).read_text(encoding="utf-8")
        assert re.search(rf'<html[^>]*\blang="{lang}"', html), (generator, page)
        assert html.count('<script type="application/ld+json">') == 1, (generator, page)
        assert '<meta name="citation_title"' in html or '<meta name="DC.title"' in html, (generator, page)
        assert 'http-equiv="Content-Security-Policy"' in html, (generator, page)
        assert 'hreflang="ko"' in html and 'hreflang="en"' in html, (generator, page)
    assert (built[generator] / "pagefind" / "pagefind-entry.json").is_file()


def test_a_missing_generator_is_named_with_how_to_install_it(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    run = subprocess.run(
        _build("zensical", tmp_path / "s"), cwd=REPO, env=dict(ENV, PATH=str(empty)), capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "zensical is not installed here; install it with: pip install zensical" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "s").exists()


def test_the_plain_source_builds_without_our_plugin(built: dict[str, Path]) -> None:
    """The source the generators build names no plugin of ours: what the theme needs is in the
    pages' front matter and the configuration's extra."""
    config = (built["source"] / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nplugins: []\n" in config and "- evidence" not in config  # no plugin of ours
    page = (built["source"] / "docs" / "ko" / "figures" / "fig-0001" / "index.md").read_text(encoding="utf-8")
    assert page.startswith('---\nlang: "ko"\n') and "\nhead: " in page and "\nalternates: " in page


def test_a_built_site_that_fails_its_check_is_not_left_to_deploy(tmp_path: Path) -> None:
    """A hand-written page (no record, so validate never reads it) that repeats a witness's private
    value, spelt otherwise: the site check finds it, the build exits 1 and leaves the folder empty."""
    root = tmp_path / "archive"
    for part in ("sources", "docs"):
        shutil.copytree(REPO / part, root / part)
    for name in ("mkdocs.yml", "permalinks.txt"):
        shutil.copy(REPO / name, root / name)
    testimony = root / "sources/testimonies/tst-0003.yaml"
    testimony.write_text(
        testimony.read_text(encoding="utf-8") + 'private:\n  relative: "Kim Young-chul"\n', encoding="utf-8"
    )
    about = root / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nThanks to KIM YOUNGCHUL.\n", encoding="utf-8")
    site = tmp_path / "site"
    command = [sys.executable, "-m", "build_tools", "--root", str(root), "build", "--site-dir", str(site)]
    run = subprocess.run(command, cwd=REPO, env=ENV, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "private-published" in run.stdout and "tst-0003" in run.stdout
    assert not re.search("young.?chul", run.stdout + run.stderr, re.IGNORECASE)
    assert site.is_dir() and not any(site.iterdir()) and "was emptied" in run.stderr
