"""The archive in Korean: every page again under /ko/ with the same IDs, the interface in Korean,
each record's own Korean where it gives it (and the English, marked and announced, where it does
not), citations of the Korean page, a switcher that keeps the reader on the same record, hreflang
pairs, anchors for Hangul headings, Hangul fonts without a web font, and a Korean search that
finds a camp by its Korean name or a part of it.

The last test is the issue's definition of done, as a Korean reader does it in Chromium: land on
the Korean home page, search a camp by its Korean name, read its page in Korean, switch to English
on the same record.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from browsing import REPO, settled
from conftest import FIXTURE_ARCHIVE
from test_search import shown

from build_tools.compile.build import build, check
from build_tools.pages import fmt_ko, i18n, listing
from build_tools.pages.cite_source import SUPPLIED
from build_tools.pages.i18n import compound_parts
from build_tools.records.parts import Value

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def heading(markdown: str) -> str:
    """A page's title as a reader sees it: its first heading, below the front matter."""
    return next(line for line in markdown.splitlines() if line.startswith("# "))


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.path: p.markdown for p in build(FIXTURE_ARCHIVE).pages}


@pytest.fixture(scope="module")
def result() -> Any:
    return build(FIXTURE_ARCHIVE)


# --- pages and records -------------------------------------------------------------------------


def test_every_page_has_a_korean_page_at_the_same_address_under_ko(pages: dict[str, str]) -> None:
    english = {p for p in pages if not p.startswith("ko/") and not p.startswith("reference/")}
    korean = {p.removeprefix("ko/") for p in pages if p.startswith("ko/")}
    assert english == korean
    for path in sorted((FIXTURE_ARCHIVE / "sources").rglob("*.*")):
        assert f"ko/{path.parent.name}/{path.stem}/index.md" in pages


def test_a_korean_page_shows_the_record_s_korean_and_marks_the_english_it_falls_back_on(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    camp = root / "sources/camps/camp-alpha.yaml"
    data = yaml.safe_load(camp.read_text(encoding="utf-8"))
    camp.write_text(camp.read_text(encoding="utf-8") + "ko:\n  summary: 시험용 가상의 수용소.\n", encoding="utf-8")
    built = {p.path: p.markdown for p in build(root).pages}
    translated = built["ko/camps/camp-alpha/index.md"]
    assert "시험용 가상의 수용소." in translated
    assert data["name_ko"] in heading(translated)  # its title is its Korean name
    assert '<div lang="en"' not in translated.split("## ")[0]  # nothing of its own in English above
    untranslated = built["ko/camps/camp-beta/index.md"]  # no Korean of its own: English, marked
    beta = yaml.safe_load((root / "sources/camps/camp-beta.yaml").read_text(encoding="utf-8"))
    first_words = " ".join(beta["summary"].split()[:3])
    assert re.search(r'<div lang="en" markdown>\s+' + re.escape(html.escape(first_words, quote=False)), untranslated)
    notice = re.search(r"!!! note.*?\n\n", untranslated.split("## ")[0], re.S)  # said before anything else
    assert notice is not None and HANGUL.search(notice.group(0))
    assert not re.search(r"!!! note[^\n]*[\uac00-\ud7a3]", built["camps/camp-beta/index.md"])  # not on the English page


def test_a_korean_page_cites_the_korean_page(result: Any) -> None:
    files = result.files
    url = result.info.permalink("ko/camps/camp-alpha/")
    for name in ("cite.bib", "cite.ris", "cite.json"):
        assert url in files[f"ko/camps/camp-alpha/{name}"]
        assert url not in files[f"camps/camp-alpha/{name}"]
    head = next(p.head for p in result.pages if p.path == "ko/camps/camp-alpha/index.md")
    assert f'"url": "{url}"' in head or f'"url":"{url}"' in head
    assert '"inLanguage": "ko"' in head or '"inLanguage":"ko"' in head
    assert f'<meta name="citation_public_url" content="{url}">' in head


def test_korean_is_refused_where_the_english_has_none_or_is_the_source_s_own(tmp_path: Path) -> None:
    """A camp counts no population, so it cannot take one in Korean; a source's own title stays as
    the source wrote it, while a title the archive supplied can be translated. Each problem is
    reported at its line."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    camp = root / "sources/camps/camp-alpha.yaml"
    camp.write_text(camp.read_text(encoding="utf-8") + "ko:\n  population: 수감자\n", encoding="utf-8")
    own = root / "sources/sources/src-0001.yaml"  # the document's own title
    own.write_text(own.read_text(encoding="utf-8") + "ko:\n  title: 시험 문서\n", encoding="utf-8")
    supplied = root / "sources/sources/src-0002.yaml"  # a title the archive supplied
    supplied.write_text(supplied.read_text(encoding="utf-8") + "ko:\n  title: 시험용 설명\n", encoding="utf-8")
    _index, report = check(root)
    found = {(p.origin.path, p.origin.line, p.code): p.message for p in report.problems}
    camp_line = len(camp.read_text(encoding="utf-8").splitlines())
    own_line = len(own.read_text(encoding="utf-8").splitlines())
    assert set(found) == {
        ("sources/camps/camp-alpha.yaml", camp_line, "invalid-value"),
        ("sources/sources/src-0001.yaml", own_line, "invalid-value"),
    }, found
    assert "population" in found[("sources/camps/camp-alpha.yaml", camp_line, "invalid-value")]
    assert "own title" in found[("sources/sources/src-0001.yaml", own_line, "invalid-value")]
    camp.write_text(camp.read_text(encoding="utf-8").replace("ko:\n  population: 수감자\n", ""), encoding="utf-8")
    own.write_text(own.read_text(encoding="utf-8").replace("ko:\n  title: 시험 문서\n", ""), encoding="utf-8")
    built = {p.path: p.markdown for p in build(root).pages}
    said = i18n.catalogue(i18n.KOREAN.code)[SUPPLIED]
    title = heading(built["ko/sources/src-0002/index.md"])
    assert f"시험용 설명 ({said})" in title and 'lang="en"' not in title  # its Korean title, marked as ours
    assert "시험용 설명" not in built["sources/src-0002/index.md"]


def test_a_sources_reliability_and_locator_notes_are_shown_in_korean_where_given(tmp_path: Path) -> None:
    """Why a source has its reliability and how its locators count: English, marked and announced,
    on the Korean page until the record gives them in Korean; then Korean, unmarked."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    src = root / "sources/sources/src-0001.yaml"
    src.write_text(
        src.read_text(encoding="utf-8") + "reliability_note: Test reason for the rating.\n", encoding="utf-8"
    )
    before = {p.path: p.markdown for p in build(root).pages}["ko/sources/src-0001/index.md"]
    assert '<span lang="en">Test reason for the rating.</span>' in before
    assert '<span lang="en">Pages as printed.</span>' in before
    notice = re.search(r"!!! note.*?\n\n", before, re.S)
    assert notice is not None and "신뢰도 판단 이유" in notice.group(0) and "위치 표기 방식" in notice.group(0)

    korean = "ko:\n  reliability_note: 시험용 신뢰도 판단 이유.\n  locator_note: 쪽(page)은 인쇄된 번호를 따른다.\n"
    src.write_text(src.read_text(encoding="utf-8") + korean, encoding="utf-8")
    built = {p.path: p.markdown for p in build(root).pages}
    after = built["ko/sources/src-0001/index.md"]
    assert "시험용 신뢰도 판단 이유." in after and "쪽(page)은 인쇄된 번호를 따른다." in after
    assert "Test reason for the rating." not in after and "Pages as printed." not in after
    assert not re.search(r"!!! note", after)  # nothing of the record is left in English
    english = built["sources/src-0001/index.md"]
    assert "Test reason for the rating." in english and "시험용" not in english


def test_a_route_legs_description_is_shown_in_korean_where_given_and_checked_like_any_translation(
    tmp_path: Path,
) -> None:
    """A leg's Korean stands beside its English (description_ko). Without it the Korean page shows
    the English, marked, and says the legs are not yet translated; a Korean description without
    Hangul, or without a link its English makes, is reported at its line."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    route = root / "sources/routes/route-0001.yaml"
    text = route.read_text(encoding="utf-8")
    before = {p.path: p.markdown for p in build(root).pages}["ko/routes/route-0001/index.md"]
    assert '<div lang="en" markdown>\n\nThe wigs are shipped out.' in before
    assert "각 구간의 설명" in before.split("## ")[0]  # the notice names the legs

    def legs_in_korean(first: str, second: str, second_english: str = "Sold online.") -> None:
        """The route with each leg's Korean (the second leg's English as given)."""
        route.write_text(
            text.replace(
                "description: The wigs are shipped out.\n",
                f"description: The wigs are shipped out.\n    description_ko: {first}\n",
            ).replace("description: Sold online.\n", f"description: {second_english}\n    description_ko: {second}\n"),
            encoding="utf-8",
        )

    legs_in_korean("가발이 수출된다.", "온라인에서 판매된다.", second_english="Sold online, see [[fig-0001]].")
    _index, report = check(root)
    found = {(p.origin.line, p.code): p.message for p in report.problems if p.origin.path.endswith("route-0001.yaml")}
    assert set(found) == {(16, "translation-drops-link")}, found  # the second leg's description_ko
    assert "legs[1].description_ko leaves out [[fig-0001]]" in found[16, "translation-drops-link"]

    legs_in_korean("Shipped.", "온라인에서 판매된다.")
    _index, report = check(root)
    assert [(p.origin.line, p.code) for p in report.problems if "route-0001" in p.origin.path] == [(9, "not-korean")]

    legs_in_korean("가발이 수출된다.", "온라인에서 판매된다.")
    built = {p.path: p.markdown for p in build(root).pages}
    after = built["ko/routes/route-0001/index.md"]
    assert "가발이 수출된다." in after and "온라인에서 판매된다." in after
    assert "The wigs are shipped out." not in after
    assert "각 구간의 설명" not in after  # the notice (for its English title and summary) no longer names the legs
    assert "가발이 수출된다." not in built["routes/route-0001/index.md"]


def test_a_location_in_words_is_shown_in_korean_where_given_and_checked_like_any_translation(tmp_path: Path) -> None:
    """A camp's position in words has its Korean beside it (location.description_ko), shown on
    the Korean page and in the map's list; without it the English is shown, marked, and the
    notice names it; a Korean one without Hangul is reported at its line."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    camp = root / "sources/camps/camp-beta.yaml"
    text = camp.read_text(encoding="utf-8")
    english = "  description: About 3 km east of Betatown; no coordinates given.\n"
    before = {p.path: p.markdown for p in build(root).pages}["ko/camps/camp-beta/index.md"]
    assert '<span lang="en">About 3 km east of Betatown; no coordinates given.</span>' in before
    assert "위치 설명" in before.split("## ")[0]  # the notice names it

    camp.write_text(text.replace(english, english + "  description_ko: East of Betatown.\n"), encoding="utf-8")
    _index, report = check(root)
    assert [(p.origin.line, p.code) for p in report.problems if "camp-beta" in p.origin.path] == [(8, "not-korean")]

    korean = "  description_ko: 베타타운에서 동쪽으로 약 3km, 좌표는 제시되지 않았다.\n"
    camp.write_text(text.replace(english, english + korean), encoding="utf-8")
    built = {p.path: p.markdown for p in build(root).pages}
    after = built["ko/camps/camp-beta/index.md"]
    assert "| 베타타운에서 동쪽으로 약 3km, 좌표는 제시되지 않았다. |" in after
    assert "About 3 km east of Betatown" not in after and "위치 설명" not in after
    assert "베타타운에서 동쪽으로 약 3km" in built["ko/map/index.md"]
    assert "베타타운" not in built["camps/camp-beta/index.md"] and "베타타운" not in built["map/index.md"]


def test_what_a_testimony_says_of_a_claim_is_shown_in_korean_where_given(tmp_path: Path) -> None:
    """A stance's note has its Korean beside it (note_ko), shown on the Korean pages of the claim
    and of the testimony; without it the English is shown, marked, and the notice names it."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    testimony = root / "sources/testimonies/tst-0003.yaml"
    english = "    note: Gives about one in ten a year, not a quarter.\n"
    before = {p.path: p.markdown for p in build(root).pages}
    assert (
        '<span lang="en">Gives about one in ten a year, not a quarter.</span>' in before["ko/figures/fig-0001/index.md"]
    )
    notice = before["ko/testimonies/tst-0003/index.md"].split('!!! note "번역되지 않은 부분"')[1].split("\n\n")[0]
    assert "각 주장에 대해 말하는 내용" in notice

    text = testimony.read_text(encoding="utf-8")
    testimony.write_text(
        text.replace(english, english + "    note_ko: 4분의 1이 아니라 해마다 약 10분의 1이라고 한다.\n")
    )
    built = {p.path: p.markdown for p in build(root).pages}
    for page in ("ko/figures/fig-0001/index.md", "ko/testimonies/tst-0003/index.md"):
        assert "4분의 1이 아니라 해마다 약 10분의 1이라고 한다." in built[page], page
        assert "Gives about one in ten a year" not in built[page], page
    assert "Gives about one in ten a year, not a quarter." in built["figures/fig-0001/index.md"]
    testimony.write_text(text.replace(english, english + "    note_ko: One in ten.\n"))
    _index, report = check(root)
    assert [(p.origin.line, p.code) for p in report.problems if "tst-0003" in p.origin.path] == [(18, "not-korean")]


def test_who_a_testimonys_witnesses_are_is_shown_in_korean_where_given(tmp_path: Path) -> None:
    """A group's description has its Korean beside it (description_ko); without it the English is
    shown, marked, and the notice names it; a Korean one without Hangul is reported at its line."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    testimony = root / "sources/testimonies/tst-0001.md"
    text = testimony.read_text(encoding="utf-8")
    roles = "  roles: [former-prisoner, former-guard]\n"

    def described(korean: str = "") -> dict[str, str]:
        said = "  description: Former prisoners and guards.\n" + (f"  description_ko: {korean}\n" if korean else "")
        testimony.write_text(text.replace(roles, roles + said), encoding="utf-8")
        return {p.path: p.markdown for p in build(root).pages}

    before = described()["ko/testimonies/tst-0001/index.md"]
    assert '<span lang="en">Former prisoners and guards.</span>' in before
    notice = before.split('!!! note "번역되지 않은 부분"')[1].split("\n\n")[0]
    assert "증인에 대한 설명" in notice
    after = described("전직 수감자와 경비원.")
    assert "| 전직 수감자와 경비원. |" in after["ko/testimonies/tst-0001/index.md"]
    assert "Former prisoners and guards." not in after["ko/testimonies/tst-0001/index.md"]
    assert "| Former prisoners and guards. |" in after["testimonies/tst-0001/index.md"]
    described("Prisoners.")
    _index, report = check(root)
    assert [(p.origin.line, p.code) for p in report.problems if "tst-0001" in p.origin.path] == [(8, "not-korean")]


def test_a_narrative_is_shown_in_korean_where_given_and_checked_line_by_line_as_the_english_is(
    tmp_path: Path,
) -> None:
    """A .md record's narrative can be given in Korean (ko.body, a literal block): the Korean page
    shows it, as Markdown, in place of the English, which it showed marked and named in the notice
    before. What the checks find in it is told at its own line and column; a Korean narrative
    where the record has none in English, or one written so that its lines would be folded, is
    refused; and it must keep the English's links."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    testimony = root / "sources/testimonies/tst-0001.md"
    text = testimony.read_text(encoding="utf-8")
    notes = "      phone: CANARY-tst-0001-contact-2-phone\n"

    def with_korean(block: str) -> list[tuple[int, int, str]]:
        testimony.write_text(text.replace(notes, notes + "ko:\n" + block), encoding="utf-8")
        _index, report = check(root)
        return [(p.origin.line, p.origin.column, p.code) for p in report.problems if "tst-0001" in p.origin.path]

    before = {p.path: p.markdown for p in build(root).pages}["ko/testimonies/tst-0001/index.md"]
    assert re.search(r'<div lang="en" markdown>\s+A longer account', before)
    assert "본문" in before.split('!!! note "번역되지 않은 부분"')[1].split("\n\n")[0]

    korean = "  body: |\n    더 긴 서술, [[route-0001]] 참조.\n\n    - 첫째 항목\n    - 둘째 항목\n"
    assert with_korean(korean) == []
    built = {p.path: p.markdown for p in build(root).pages}
    page = built["ko/testimonies/tst-0001/index.md"]
    assert "더 긴 서술" in page and "- 첫째 항목\n- 둘째 항목" in page  # a Markdown list, kept as a list
    assert "A longer account" not in page
    assert "본문" not in page.split('!!! note "번역되지 않은 부분"')[1].split("\n\n")[0]  # the title still is
    assert "더 긴 서술" not in built["testimonies/tst-0001/index.md"]

    key = text.index(notes) + len(notes)
    key_line = text.count("\n", 0, key) + 2  # the line of 'body:', below 'ko:'
    unsafe = korean.replace("- 둘째 항목", "- [둘째](javascript:alert(1)) 항목")
    assert with_korean(unsafe) == [(key_line + 4, 11, "unsafe-markup")]  # the link's '(', in the file
    echoed = korean.replace("- 첫째 항목", "- 첫째 CANARY-tst-0001-contact-1")
    problems = with_korean(echoed)
    assert problems == [(key_line + 3, 10, "identifying-detail")], problems
    assert with_korean(korean.replace("[[route-0001]] ", "")) == [(key_line, 3, "translation-drops-link")]
    assert with_korean(korean.replace("body: |", "body: >")) == [(key_line, 3, "invalid-value")]
    assert with_korean('  body: "한 줄짜리 서술, [[route-0001]]."\n') == [(key_line, 3, "invalid-value")]
    indented = korean.replace("body: |", "body: |2").replace("    - 둘째 항목", "    - [둘째](javascript:x) 항목")
    assert with_korean(indented.replace("    더 긴", "      더 긴")) == [(key_line + 4, 11, "unsafe-markup")]
    unknown = korean.replace("- 첫째 항목", "- [[route-9999]] 항목")
    assert with_korean(unknown) == [(key_line + 3, 1, "unknown-reference")]  # at its line, as in the English

    empty = text.split("---\n", 2)
    testimony.write_text("---\n" + empty[1] + "ko:\n" + korean + "---\n\n", encoding="utf-8")  # no English
    _index, report = check(root)
    assert [p.code for p in report.problems if "tst-0001" in p.origin.path] == ["invalid-value"]

    camp = root / "sources/camps/camp-alpha.yaml"  # written as .yaml: it has no narrative to translate
    camp.write_text(camp.read_text(encoding="utf-8") + "ko:\n  body: |\n    서술.\n", encoding="utf-8")
    testimony.write_text(text, encoding="utf-8")
    _index, report = check(root)
    lines = len(camp.read_text(encoding="utf-8").splitlines())
    found = [(p.origin.path, p.origin.line, p.code, p.message) for p in report.problems]
    assert [f[:3] for f in found] == [("sources/camps/camp-alpha.yaml", lines - 1, "invalid-value")], found
    assert "none in English" in found[0][3]


def test_values_and_list_parts_are_written_as_korean_writes_them() -> None:
    """A count's Korean counter is written against the number (30명, 1~2개 회사), the uncertainty
    kept; a long list's parts are named in Korean."""
    word = i18n.plain(i18n.KOREAN.code)

    def unit(u: str) -> str:
        return word({"people": "people", "deaths": "deaths", "companies": "companies"}[u])

    assert fmt_ko.value_ko(Value(exact=30), "people", unit) == "30명"
    assert fmt_ko.value_ko(Value(about=40), "deaths", unit) == "약 40명"
    assert fmt_ko.value_ko(Value(between=[1, 2]), "companies", unit) == "1~2개 회사"
    assert fmt_ko.value_ko(Value(at_least=5), "people", unit) == "최소 5명"
    assert fmt_ko.value_ko(Value(almost=60), "people", unit) == "거의 60명"
    assert fmt_ko.value_ko(Value(between=[1500, 2500], or_more=True), "people", unit) == "최소 1,500~2,500명"
    korean = i18n.translator(i18n.KOREAN.code)
    assert listing.Span("1994", "1996").said(korean) == "1994~1996"
    assert listing.Span(listing.OPEN, "1950").said(korean) == "1950까지"
    assert listing.Span("2019", listing.UNDATED).said(korean) == "2019부터, 이후 연도 미상"
    assert listing.Span("fig-0201", "fig-0400").said() == "fig-0201 to fig-0400"  # English, as before


def test_a_paragraph_locator_is_written_in_korean_and_any_other_as_the_record_gives_it(result: Any) -> None:
    """Most locators count paragraphs: a Korean page says so in Korean, with the same numbers (a
    range stays a range); a locator of another form (a page, a passage's first words) is shown as
    the record writes it, marked as English."""
    assert fmt_ko.locator_ko("paragraph 4") == "4번째 문단"
    assert fmt_ko.locator_ko("paragraphs 4-5, 7") == "4~5, 7번째 문단"
    assert fmt_ko.locator_ko("paragraphs 2 and 6") == "2, 6번째 문단"
    assert fmt_ko.locator_ko("paragraphs 3\u20134") == "3~4번째 문단"
    for other in ("p. 6", "subheadline; paragraph 3", "paragraph 4a", "passage beginning 'In 2019, 4 paragraphs'"):
        assert fmt_ko.locator_ko(other) is None
    pages = {p.path: p.markdown for p in result.pages}
    korean, english = pages["ko/routes/route-0001/index.md"], pages["routes/route-0001/index.md"]
    assert ", 5번째 문단" in korean and "paragraph 5" not in korean  # the second leg's
    assert '<span lang="en">p. 6</span>' in korean  # the first leg's
    assert ", paragraph 5" in english and "번째 문단" not in english


def test_compound_names_are_found_by_their_parts() -> None:
    parts = compound_parts(["전거리 교화소", "전거리제12호교화소", "Kyo-hwa-so No. 12"])
    assert "전거리교화소" in parts  # the name of two words written as one
    assert "교화소" in parts and "제12호교화소" in parts  # the parts a reader types on their own
    assert not any(p.isascii() for p in parts)  # Latin names are found by Pagefind as they are


# --- the built site ----------------------------------------------------------------------------


def read(site: Path, address: str) -> str:
    return (site / address.strip("/") / "index.html").read_text(encoding="utf-8")


def test_korean_pages_are_korean_to_the_browser_and_to_search_engines(site: Path) -> None:
    korean, english = read(site, "ko/camps/chongori/"), read(site, "camps/chongori/")
    assert '<html lang="ko"' in korean and '<html lang="en"' in english
    # The switcher: the same record in each language, each named in its own language.
    assert re.search(r'<a href="[./]*camps/chongori/" hreflang="en" lang="en"', korean)
    assert re.search(r'<a href="[./]*ko/camps/chongori/" hreflang="ko" lang="ko"', english)
    # No <link rel="alternate"> (Material would fetch a sitemap beside each); the sitemap pairs them.
    assert 'rel="alternate"' not in korean and 'rel="alternate"' not in english
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<url>\s*<loc>[^<]*/ko/camps/chongori/</loc>.*?</url>", sitemap, re.S)
    assert entry is not None
    assert re.search(r'hreflang="en" href="[^"]*/camps/chongori/"', entry.group(0))
    assert 'hreflang="x-default"' in entry.group(0)


def test_the_korean_navigation_stays_in_korean(site: Path) -> None:
    korean = read(site, "ko/")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', korean, re.S)
    assert nav is not None
    links = re.findall(r'<a href="([^"]+)"[^>]*class="md-nav__link', nav.group(0))
    links += re.findall(r'class="md-nav__link"[^>]*href="([^"]+)"', nav.group(0))
    addresses = {urlsplit(urljoin("http://site/ko/", h)).path for h in links}
    assert {"/ko/", "/ko/camps/", "/ko/map/", "/ko/figures/", "/ko/about/"} <= addresses, addresses
    about = read(site, "ko/about/")  # written by hand in Korean (docs/ko/about.md)
    assert '<html lang="ko"' in about and re.search(r'<a href="[./]*about/" hreflang="en"', about)
    assert "수용소" in nav.group(0) or HANGUL.search(nav.group(0))


def test_the_theme_s_own_words_are_korean_on_a_korean_page(site: Path) -> None:
    """The site's name, the edit and correction links, the headings' link titles and the footer
    speak Korean, and so does the History; what stays English is marked so (an English title; a
    commit's reason for readers, in test_hostile_contributions)."""
    korean, english = read(site, "ko/camps/chongori/"), read(site, "camps/chongori/")
    catalogue = i18n.catalogue(i18n.KOREAN.code)
    site_name = catalogue["North Korean Prison Labour Evidence Archive"]
    nav = re.search(r'<label class="md-nav__title".*?</label>', korean, re.S)
    assert nav is not None and site_name in nav.group(0) and "Evidence Archive" not in nav.group(0)
    assert f'class="md-header__button md-logo" aria-label="{site_name}"' in korean
    for words in ("Edit this record", "Suggest a correction", "Made with", "Permanent link"):
        assert words in english, words  # the same build, in English
        assert words not in korean, words
        if words != "Made with":
            assert catalogue[words] in korean, words
    assert 'title="고유 링크"' in korean
    history = korean.split('id="history"', 1)[1].split("</div>", 1)[0]  # its changes, or that it has none yet
    assert HANGUL.search(history) and not re.search(r"Record added|no committed history|changed from|Why:", history)
    source = read(site, "ko/sources/src-0004/")  # an imagery report with its own English title
    assert re.search(r'<td[^>]*><span lang="en">North Korea: Imagery', source)
    assert re.search(r'<span lang="en"><a href="[^"]*sources/src-0004/">', korean)  # linked by that title


def test_hangul_headings_have_anchors_of_their_own(site: Path) -> None:
    korean = read(site, "ko/camps/chongori/")
    ids = [unquote(i) for i in re.findall(r'<h2 id="([^"]+)"', korean)]
    assert ids and all(HANGUL.search(i) for i in ids), ids
    assert len(set(ids)) == len(ids)
    english = read(site, "camps/chongori/")
    assert 'id="work-teams"' in english  # English anchors are as they were


def test_the_korean_pages_name_hangul_fonts_and_fetch_none(site: Path, browser: Any, served: tuple[Path, str]) -> None:
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    settled(page, served[1] + "/ko/camps/chongori/")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    assert "Malgun Gothic" in family and "Apple SD Gothic Neo" in family and "Noto Sans" in family
    assert not [u for u in fetched if re.search(r"\.(woff2?|ttf|otf)(\?|$)", u) or not u.startswith(served[1])]
    page.close()


_WORDS_BROKEN = """(selector) => [...document.querySelectorAll(selector)].flatMap(el => {
    const broken = [];
    for (const node of [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)) {
        for (const m of node.data.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) broken.push(m[0]);
        }
    }
    return broken;
})"""


def test_a_korean_name_on_an_english_page_breaks_between_words(browser: Any, served: tuple[Path, str]) -> None:
    """On a phone, the home page's camps list gives each camp's Korean name beside the English
    one; a line may end between its words, never inside one (as Korean is set)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served[1] + "/", wait_until="load")
    assert page.locator('.md-typeset li [lang="ko"]').count() >= 2
    assert page.evaluate(_WORDS_BROKEN, '.md-typeset [lang="ko"]') == []
    page.close()


def test_a_korean_pages_table_labels_keep_their_words_whole(browser: Any, served: tuple[Path, str]) -> None:
    """On a phone, a Korean camp page's facts table names each row in its first column; the label
    ('한국어 이름', Korean name) keeps its words whole and the value column gives way."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served[1] + "/ko/camps/chongori/", wait_until="load")
    facts = ".md-typeset table:not([class]):has(thead th:empty:first-child) td:first-child"  # label | value
    assert "한국어 이름" in page.locator(facts).all_inner_texts()
    assert page.evaluate(_WORDS_BROKEN, facts) == []
    page.close()


# --- the reader's path -------------------------------------------------------------------------


def test_a_korean_reader_finds_a_camp_by_its_korean_name_reads_it_and_switches_to_english(
    browser: Any, served: tuple[Path, str]
) -> None:
    base = served[1]
    camp = yaml.safe_load((REPO / "sources/camps/chongori.yaml").read_text(encoding="utf-8"))
    page = browser.new_page()
    settled(page, base + "/ko/")
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert HANGUL.search(page.locator("article h1").first.inner_text())
    found = shown(page, base, camp["name_ko"], "/ko/")
    assert "/ko/camps/chongori/" in found[:3], found  # as in English (test_search.py): among the first three
    for part in ("제12호교화소", "전거리교화소"):  # a part of its full name, and its name written as one word
        assert "/ko/camps/chongori/" in shown(page, base, part, "/ko/")[:3], part
    camps = set(shown(page, base, "교화소", "/ko/"))  # 'correctional camp': both are
    assert {"/ko/camps/chongori/", "/ko/camps/kaechon/"} <= camps
    shown(page, base, camp["name_ko"], "/ko/")
    results = page.locator(".md-search-result__item > a:first-child")
    paths = [urlsplit(a.get_attribute("href") or "").path for a in results.all()]
    results.nth(paths.index("/ko/camps/chongori/")).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/ko/camps/chongori/")
    assert page.locator("article h1").first.inner_text().strip().startswith(camp["name_ko"])
    headings = page.locator("article h2").all_inner_texts()
    assert headings and all(HANGUL.search(h) for h in headings), headings
    page.locator('.md-select__link[hreflang="en"]').dispatch_event("click")
    page.wait_for_url(lambda url: urlsplit(url).path == "/camps/chongori/")
    assert urlsplit(page.url).path == "/camps/chongori/"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("article h1").first.inner_text().strip().startswith(camp["name"])
    page.close()


# --- text in the other language says which (WCAG 3.1.2) --------------------------------------------

_XHTML = "{http://www.w3.org/1999/xhtml}"


def _languages_of(doc: Any, text: str, lang: str) -> list[str]:
    """The language (the nearest lang attribute) of each text in the article of ``doc`` (a built
    page as a browser parses it: html5lib) that holds ``text`` (whitespace folded) and nothing
    else in another script than ``lang``'s: a Korean sentence that names an English title, say, is Korean, and not counted. Nor is what a screen
    reader does not read: what is hidden or only printed (the search index's terms, a printed
    citation) and the text of a link it names by its aria-label instead (a mark on a map, a row of
    a chart); nor a citation to copy, given verbatim in its format (a code block)."""
    other = re.compile("[A-Za-z]" if lang == "ko" else "[\uac00-\ud7a3]")
    found: list[str] = []

    def walk(el: Any, within: str) -> None:
        tag, classes = str(el.tag).rpartition("}")[2], el.get("class", "").split()
        if el.get("hidden") is not None or "ea-print-only" in classes or tag == "pre":
            return
        if tag == "a" and el.get("aria-label"):
            return
        within = el.get("lang", within)
        for part in (el.text, *(child.tail for child in el)):
            said = " ".join((part or "").split())
            if text in said and not other.search(said.replace(text, "")):
                found.append(within)
        for child in el:
            walk(child, within)

    walk(doc.find(f".//{_XHTML}article"), doc.get("lang"))
    return found


def test_text_in_the_other_language_says_which(site: Path) -> None:
    """Korean names on English pages, and English quotes, other names, source titles and
    methods on Korean pages, are marked with their language, so that a screen reader reads
    each in its own voice; the rest of the page is in the page's."""
    index, _report = check(REPO)
    expected: list[tuple[str, str, str]] = []  # (page, text, its language)
    for e in index.entries.values():
        rec = e.record
        if getattr(rec, "name_ko", None):
            expected += [(e.url, rec.name_ko, "ko"), (f"ko/{e.url}", rec.name_ko, "ko")]
        for alias in getattr(rec, "aliases", []):
            said = "ko" if HANGUL.search(alias) else "en"
            expected += [(e.url, alias, said), (f"ko/{e.url}", alias, said)]
        for cite in getattr(rec, "cites", None) or []:
            source = index.entries[cite.source].record
            if cite.quote and "[[" not in cite.quote:
                expected += [(page, " ".join(cite.quote.split()), source.language) for page in (e.url, f"ko/{e.url}")]
        if getattr(rec, "title_supplied", True) is False:
            expected.append((f"ko/{e.url}", rec.title, rec.language))
        where = getattr(rec, "location", None)
        if where is not None and where.description and not HANGUL.search(where.description):
            pages = [f"ko/{e.url}"] + (["ko/map/"] if e.kind == "camp" else [])  # the map lists the camps
            said, lang = (where.description_ko, "ko") if where.description_ko else (where.description, "en")
            expected += [(page, " ".join(said.split()), lang) for page in pages]
        if getattr(rec, "derived", None) and rec.derived.method:
            expected.append((f"ko/{e.url}", " ".join(rec.derived.method.split()[:6]), "en"))
    for camp in index.by_kind["camp"]:  # a camp the sources name only in English has no Korean name
        expected += [("", camp.record.name_ko, "ko")] if camp.record.name_ko else []
        expected.append(("ko/", camp.record.name, "en"))
    kinds = {lang for _page, _text, lang in expected}
    assert {"ko", "en"} <= kinds and len(expected) > 40, expected  # each sort of text is in the archive
    import html5lib

    parsed: dict[str, Any] = {}  # each page parsed once, however many texts are looked for in it
    for page, text, lang in expected:
        if page not in parsed:
            parsed[page] = html5lib.parse((site / page / "index.html").read_bytes())
        found = _languages_of(parsed[page], text, lang)
        assert found and set(found) == {lang}, (page, text, lang, found)


def test_the_korean_map_names_each_mark_in_korean(site: Path) -> None:
    """A mark's accessible name (one attribute, one language) is read in the page's language: on
    the Korean map it leaves out a location's English description, which the list under the map
    gives, marked as English; the English map keeps it."""
    names = {
        lang: [
            html.unescape(double or single)  # an attribute holding " is written in single quotes
            for double, single in re.findall(
                r"""<a [^>]*class="ea-map-marker[^"]*"[^>]*aria-label=(?:"([^"]*)"|'([^']*)')""",
                (site / page).read_text(),
            )
        ]
        for lang, page in (("ko", "ko/map/index.html"), ("en", "map/index.html"))
    }
    assert len(names["ko"]) == len(names["en"]) >= 5
    assert all(HANGUL.search(name) and not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", name) for name in names["ko"])
    assert sum(bool(re.search(r"\(.*GeoNames", html.unescape(name))) for name in names["en"]) >= 3
