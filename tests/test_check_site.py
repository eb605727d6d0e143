"""`python -m build_tools check-site DIR`: a built site checked after the build, whoever built it.

The real archive's site (built once for the session, conftest.site) passes, with private fields
added to two of its records (values the site never saw). Then each kind of fault is planted in a
copy of the site (hard links, and a planted file is a new file, so the built site is never
changed) and found as exactly one (code, file): a private value in a page, in a JSON file with its
Korean letters escaped, in a packed search fragment; a broken link and broken anchors; a missing
Korean page; a script, an image and a stylesheet's font from another host; a missing or different
Content-Security-Policy. No message ever quotes a private value.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_ARCHIVE, REPO_ROOT

from build_tools.cli import main
from build_tools.outputs.csp import POLICY
from build_tools.pages.i18n import LANGUAGES
from build_tools.records.problems import Report
from build_tools.site.check import Coverage, check_site, private_values, record_page
from build_tools.site.scan import Secrets, resolve

NOTE = "Met the planted witness at a church hall in Yanji, 2019"
CONTACT = "김비밀수"  # a name, in Hangul
PAGE = "camps/kaechon/index.html"
KO_PAGE = "ko/camps/kaechon/index.html"
SOURCE = "sources/sources/src-0001.yaml"
TESTIMONY = "sources/testimonies/tst-0001.md"


# ---- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real archive's records, two of them with a private block the built site never saw."""
    root = tmp_path_factory.mktemp("archive")
    shutil.copytree(REPO_ROOT / "sources", root / "sources")
    source = root / SOURCE
    source.write_text(source.read_text(encoding="utf-8") + f"private:\n  how_obtained: {NOTE}\n", encoding="utf-8")
    testimony = root / TESTIMONY
    head, rest = testimony.read_text(encoding="utf-8").split("---\n", 2)[1:]
    testimony.write_text(f"---\n{head}private:\n  contacts:\n    - name: {CONTACT}\n---\n{rest}", encoding="utf-8")
    return root


@pytest.fixture
def copy(site: Path, tmp_path: Path) -> Path:
    """The built site, as hard links: cheap, and planted files replace their link."""
    dest = tmp_path / "site"
    shutil.copytree(site, dest, copy_function=os.link)
    return dest


def plant(site: Path, rel: str, old: str, new: str) -> None:
    """Replace the first ``old`` in the site's file ``rel`` with ``new`` (in a new file)."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {rel}"
    path.unlink()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(report: Report, site: Path) -> list[tuple[str, str]]:
    return [(p.code, PurePosixPath(p.origin.path).relative_to(site.as_posix()).as_posix()) for p in report.sorted()]


def check(site: Path, root: Path) -> list[tuple[str, str]]:
    report, _coverage = check_site(site, root)
    printed = report.format_text() + report.format_json()
    assert NOTE not in printed and CONTACT not in printed, "a private value was printed"
    return found(report, site)


# ---- the real site passes ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_built_site_passes_and_everything_in_it_was_read(site: Path, archive: Path) -> None:
    report, coverage = check_site(site, archive)
    assert report.sorted() == []
    assert coverage.values == 2 and coverage.not_sought == 0, "the two private values are looked for"
    pages = len(list(site.rglob("*.html")))
    assert coverage.read_as["page"] == pages > 100
    fragments = len(list((site / "pagefind" / "fragment").glob("*.pf_fragment")))
    assert coverage.read_as["fragment"] == fragments > 100, "every search fragment unpacked and read"
    assert coverage.read_as["unread"] == 0


# ---- private values ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_private_value_in_a_page_is_found_by_record_and_field_and_never_quoted(copy: Path, archive: Path) -> None:
    # as HTML writes it: split by inline markup, its line broken, its case changed
    plant(
        copy, PAGE, "</article>", "<p>met the planted <em>witness</em> at a church\n hall in Yanji, 2019</p></article>"
    )
    assert check(copy, archive) == [("private-published", PAGE)]
    (problem,) = check_site(copy, archive)[0].problems
    assert SOURCE in problem.message and "private.how_obtained" in problem.message


@pytest.mark.slow
def test_a_private_value_in_a_json_file_is_found_through_its_escapes(copy: Path, archive: Path) -> None:
    rel = "sources/src-0001.json"
    plant(
        copy,
        rel,
        "{",
        "{" + json.dumps("contact", ensure_ascii=True) + ": " + json.dumps(CONTACT) + ", ",
    )
    assert CONTACT not in (copy / rel).read_text(encoding="utf-8"), "written as \\u escapes"
    assert check(copy, archive) == [("private-published", rel)]


@pytest.mark.slow
def test_a_private_value_in_a_packed_search_fragment_is_found(copy: Path, archive: Path) -> None:
    rel = sorted(p.relative_to(copy).as_posix() for p in (copy / "pagefind" / "fragment").iterdir())[0]
    data = gzip.decompress((copy / rel).read_bytes())
    assert data.startswith(b"pagefind_dcd")
    fragment = json.loads(data[len(b"pagefind_dcd") :])
    fragment["content"] += f" {CONTACT}는 증언했다."  # with a particle, as Korean text has it
    (copy / rel).unlink()
    (copy / rel).write_bytes(gzip.compress(b"pagefind_dcd" + json.dumps(fragment).encode()))
    assert check(copy, archive) == [("private-published", rel)]


@pytest.mark.slow
def test_a_file_that_cannot_be_unpacked_is_reported_not_a_traceback(copy: Path, archive: Path) -> None:
    rel = "sitemap.xml.gz"
    (copy / rel).unlink()
    (copy / rel).write_bytes(b"\x1f\x8b\x08\x00broken")
    assert check(copy, archive) == [("unreadable-file", rel)]


def test_the_private_values_of_records_and_witnesses_are_all_gathered() -> None:
    records = {p.relative_to(FIXTURE_ARCHIVE).as_posix(): ("", "") for p in FIXTURE_ARCHIVE.glob("sources/*/*.*")}
    values = private_values(FIXTURE_ARCHIVE, records, Coverage())
    where = {label for labels in values.values() for label in labels}
    assert ("sources/testimonies/tst-0002.yaml", "witness.private.real_name") in where
    assert ("sources/testimonies/tst-0001.md", "private.contacts[1].phone") in where
    assert ("sources/sources/src-0002.yaml", "private.how_obtained") in where
    planted = {
        c for p in FIXTURE_ARCHIVE.glob("sources/*/*.*") for c in re.findall(r"CANARY-[\w-]+", p.read_text("utf-8"))
    }
    assert {c for v in values for c in re.findall(r"CANARY-[\w-]+", v)} == planted and len(planted) > 10


def test_private_values_are_found_as_words_whatever_their_number() -> None:
    secrets = Secrets({"Kim": [("a", "x")], "김철수": [("b", "y")], "Pak Mi-ran": [("c", "z")]})
    assert secrets.found("Kimchi and kimbap") == []
    assert secrets.found("said KIM, twice") == [("a", "x")]
    assert secrets.found("김철수는 말했다; pak  mi-ran too") == [("b", "y"), ("c", "z")]
    many = Secrets({f"value number {n:05d}": [("r", str(n))] for n in range(5000)})
    assert many.found("x value number 04321 y" * 1000) == [("r", "4321")]


def test_private_values_are_found_however_a_page_spells_them() -> None:
    """As validate finds them: whatever stands between the letters, both ways, on one line or two
    (Markdown joins a paragraph's lines); not inside a longer word."""
    secrets = Secrets({"Kim Young-chul": [("a", "x")], "김영철": [("b", "y")], "Sambong": [("c", "z")]})
    assert secrets.found("a page on KIM YOUNGCHUL and 김 영철") == [("a", "x"), ("b", "y")]
    assert secrets.found("from Sam-\nbong, she said") == [("c", "z")]
    assert secrets.found("Sambongdong and Kim Young-chulsoo") == []


# ---- links and anchors ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_link_to_no_page_is_found(copy: Path, archive: Path) -> None:
    plant(copy, PAGE, "</article>", '<a href="../no-such-camp/">gone</a></article>')
    assert check(copy, archive) == [("broken-link", PAGE)]


@pytest.mark.slow
def test_an_anchor_on_the_same_page_or_another_that_names_nothing_is_found(copy: Path, archive: Path) -> None:
    plant(copy, PAGE, "</article>", '<a href="#no-such-part">here</a></article>')
    plant(copy, "camps/index.html", "</article>", '<a href="kaechon/#no-such-part">there</a></article>')
    assert check(copy, archive) == [("broken-anchor", "camps/index.html"), ("broken-anchor", PAGE)]


@pytest.mark.slow
def test_a_record_without_its_korean_page_is_found(copy: Path, archive: Path) -> None:
    (copy / KO_PAGE).unlink()
    problems = check(copy, archive)
    assert [p for p in problems if p[0] != "broken-link"] == [("missing-page", KO_PAGE)]
    assert len(problems) > 1, "the Korean pages that link to it lead nowhere now"


def test_a_record_page_is_where_the_site_writes_it() -> None:
    files = frozenset({"camps/kaechon/index.html", "ko/camps/kaechon/index.html", "index.html", "a.css"})
    assert {record_page("camp", "kaechon", lang) for lang in LANGUAGES.values()} < files
    assert resolve(files, "ko/camps/kaechon/index.html", "../../../camps/kaechon/#x") == (
        "camps/kaechon/index.html",
        "x",
    )
    assert resolve(files, "camps/kaechon/index.html", "../../a.css?v=1") == ("a.css", "")
    assert resolve(files, "index.html", "camps/kaechon") == ("camps/kaechon/index.html", "")
    assert resolve(files, "index.html", "../outside/") == (None, "")


# ---- requests to another host and the policy --------------------------------------------------


@pytest.mark.slow
def test_a_script_image_or_font_from_another_host_is_found_and_a_link_out_is_not(copy: Path, archive: Path) -> None:
    plant(copy, PAGE, "</head>", '<script src="https://cdn.example.com/track.js"></script></head>')
    plant(
        copy,
        "index.html",
        "</article>",
        '<img srcset="assets/images/favicon.png 1x, //img.example.com/b.png 2x"></article>',
    )
    plant(copy, "about/index.html", "</article>", '<a href="https://example.org/elsewhere">out</a></article>')
    css = next(p.relative_to(copy).as_posix() for p in sorted(copy.glob("assets/*.css")))
    plant(copy, css, "", '@font-face { font-family: x; src: url("https://fonts.example.com/x.woff2"); }\n')
    assert check(copy, archive) == [
        ("third-party-request", css),
        ("third-party-request", PAGE),
        ("third-party-request", "index.html"),
    ]


@pytest.mark.slow
def test_a_page_without_the_sites_policy_or_with_another_is_found(copy: Path, archive: Path) -> None:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    plant(copy, PAGE, meta, "")
    plant(copy, KO_PAGE, POLICY, POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))
    plant(copy, "404.html", meta, "")
    plant(copy, "404.html", "</head>", f"{meta}</head>")  # after the scripts and styles it should cover
    assert check(copy, archive) == [("missing-csp", "404.html"), ("missing-csp", PAGE), ("wrong-csp", KO_PAGE)]


# ---- the command ------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_command_prints_each_problem_and_what_it_read_and_exits_1(copy: Path, archive: Path) -> None:
    plant(copy, PAGE, "</article>", f"<p>{NOTE}</p></article>")
    result = CliRunner().invoke(main, ["--root", str(archive), "check-site", str(copy)])
    assert result.exit_code == 1, result.output
    assert f"{copy.as_posix()}/{PAGE}: error: " in result.stdout and "[private-published]" in result.stdout
    assert NOTE not in result.output
    assert "search fragments" in result.stderr and "2 private values looked for" in result.stderr


def test_the_command_refuses_a_folder_with_no_site_in_one_sentence(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(FIXTURE_ARCHIVE), "check-site", str(tmp_path)])
    assert result.exit_code == 2
    assert "no built site here" in result.output and "Traceback" not in result.output
