"""Witness protection, enforced at build time.

The fixture archive plants a unique canary string in every private field (``private:`` blocks on
testimonies, an individual witness and a source). The whole built site (pages, search index, data
downloads, citations, JSON-LD, sitemap, compressed files) must hold none of them, while the public
fields beside them are published. Public text that looks identifying, a witness origin finer than a
province and a testimony of violence without a content note are problems at their line. The checks
take time in proportion to a record's text, whatever it holds, and find what they always found.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_ARCHIVE
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.checks import witness
from build_tools.checks.validate import validate_records
from build_tools.compile.build import check
from build_tools.reading.load import load_file
from build_tools.records import model
from build_tools.records.fields import HANGUL
from build_tools.records.problems import Problem

PRIVATE = "private"


def private_leaves(value: object) -> list[str]:
    """Every text and number inside a private block, however nested."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in private_leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in private_leaves(v)]
    return [str(value)]


def private_fields(sources: Path) -> list[tuple[str, str]]:
    """(file name, value) of every leaf of every private block, on records and their witnesses."""
    found = []
    for path in sorted(sources.rglob("*.*")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("---")[1] if path.suffix == ".md" else text)
        for block in filter(None, [data.get(PRIVATE), (data.get("witness") or {}).get(PRIVATE)]):
            found += [(path.name, leaf) for leaf in private_leaves(block)]
    return found


def planted_canaries(sources: Path) -> dict[str, str]:
    """canary -> the file that holds it: the CANARY-... token of every private leaf."""
    return {token: name for name, leaf in private_fields(sources) for token in re.findall(r"CANARY-[\w-]+", leaf)}


@pytest.fixture(scope="module")
def fixture_site(bare_fixture_site: Path) -> Path:
    """The fixture archive built strictly with the repository's own configuration and pages."""
    return bare_fixture_site


GZIP = b"\x1f\x8b"  # the search index's files are gzip-compressed without a .gz suffix


def site_texts(site: Path) -> dict[str, str]:
    """Every file of the built site as text, compressed files (by content, not name) decompressed."""
    out = {}
    for f in sorted(site.rglob("*")):
        if not f.is_file():
            continue
        data = f.read_bytes()
        if f.suffix == ".gz" or data.startswith(GZIP):
            data = gzip.decompress(data)
        out[f.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return out


def search_index(texts: dict[str, str], kind: str) -> dict[str, str]:
    """The search index's files of one kind (Pagefind's fragment, index or meta), decompressed."""
    return {name: text for name, text in texts.items() if name.startswith("pagefind/") and name.endswith(f".pf_{kind}")}


def test_every_private_field_holds_a_canary() -> None:
    # The leak test below is only as good as its canaries: every private leaf must carry one.
    sources = FIXTURE_ARCHIVE / "sources"
    leaves = private_fields(sources)
    assert len(leaves) >= 10, leaves
    assert [leaf for leaf in leaves if "CANARY-" not in leaf[1]] == []
    canaries = planted_canaries(sources)
    assert {"tst-0001.md", "tst-0002.yaml", "tst-0003.yaml", "src-0002.yaml"} <= set(canaries.values()), canaries


def test_no_private_field_reaches_any_file_of_the_built_site(fixture_site: Path) -> None:
    canaries = planted_canaries(FIXTURE_ARCHIVE / "sources")
    texts = site_texts(fixture_site)
    # the search index (each page's text, its word index and metadata), the data downloads,
    # citations and JSON-LD are among the files searched, the index's files decompressed
    for kind in ("fragment", "index", "meta"):
        index = search_index(texts, kind)
        assert index and all("pagefind_dcd" in t for t in index.values()), f"the search index's {kind} is not read"
    for expected in ("data/testimonies.csv", "sitemap.xml"):
        assert expected in texts, f"the built site has no {expected}; the leak check would miss it"
    leaks = [
        f"{canary} (from {where}) in {name}"
        for canary, where in canaries.items()
        for name, text in texts.items()
        if canary in text
    ]
    assert leaks == [], "private fields published:\n" + "\n".join(leaks)
    assert all("CANARY" not in text for text in texts.values())
    # the word index holds words lowercased and split at hyphens ("canary", "tst", "0002", ...)
    assert [name for name, text in search_index(texts, "index").items() if "canary" in text.lower()] == []


def test_the_public_fields_beside_the_private_ones_are_published(fixture_site: Path) -> None:
    # so the check above is not passing because the records never reached the site
    page = (fixture_site / "testimonies" / "tst-0002" / "index.html").read_text(encoding="utf-8")
    assert "W-0001" in page and "One guard" in page
    fragments = search_index(site_texts(fixture_site), "fragment").values()
    assert any('"/testimonies/tst-0002/"' in t and "One guard" in t for t in fragments), "not in the search index"
    assert "One guard" in (fixture_site / "data" / "testimonies.csv").read_text(encoding="utf-8")


def test_a_witness_origin_is_shown_at_province_level(fixture_site: Path) -> None:
    page = (fixture_site / "testimonies" / "tst-0002" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<td>From</td>\s*<td>(.*?)</td>", page, re.S)
    assert row and "places/place-province/" in row.group(1), row


def test_a_testimony_of_violence_opens_with_its_content_note(fixture_site: Path) -> None:
    html = (fixture_site / "testimonies" / "tst-0003" / "index.html").read_text(encoding="utf-8")
    page = html[html.index("<article") :]  # what a reader reads, from the title on
    note = page.find("Content note")
    assert note != -1, "tst-0003 describes deaths but its page has no content note"
    assert "This testimony describes the deaths of people held." in page
    assert "admonition warning ea-content-note" in page, "the content note is not set apart as a note"
    assert note < page.find("died each year"), "the content note comes after the testimony text"
    calm = (fixture_site / "testimonies" / "tst-0002" / "index.html").read_text(encoding="utf-8")
    assert "Content note" not in calm, "a testimony without a content note shows one"


# --- checks at validation ---------------------------------------------------------------------


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[Problem]:
    """Validate a small archive: one source record plus ``files``."""
    files = {"sources/sources/src-0001.yaml": SOURCE, **files}
    for rel, text in files.items():
        dest = tmp_path / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    _index, report = check(tmp_path)
    return [p for p in report.sorted() if p.code != "unregistered-permalink"]  # no registry here


SOURCE = """type: ngo-report
title: A test report
publisher: unknown
date: "2021"
language: en
reliability: unassessed
"""
TESTIMONY = """title: An account
form: individual
witness:
  code: W-0009
  role: former-guard
period: "2019"
summary: {summary}
cites:
  - {{source: src-0001, locator: p. 1}}
"""


def summary_problems(tmp_path: Path, summary: str) -> list[Problem]:
    text = TESTIMONY.format(summary=summary.replace("\n", " "))
    return [p for p in problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text})]


@pytest.mark.parametrize(
    ("summary", "secret"),
    [
        ("'She can be called on +850 2 381 8111.'", "381 8111"),
        ("'Her sister answers at 010-4821-0093.'", "4821-0093"),
        ("'Write to sunhee.k@example.org for the transcript.'", "sunhee.k"),
        ("'The witness was born on 3 April 1979 in the north.'", "1979"),
        ("'Date of birth: 1979-04-03.'", "1979-04-03"),
        ("'He lived at 42 Haebang Road until 2015.'", "Haebang"),
        ("'She grew up in Sambong-ri.'", "Sambong"),
        ("'Mrs Choe ran the wig team.'", "Choe"),
        ("'W-0009 (Sun Hee Ryang) worked nights.'", "Ryang"),
        ("'The witness, Ri Sun-hee, worked nights.'", "Sun-hee"),
        ("'김순희 씨 worked nights.'", "김순희"),
        ("'Her real name is Sun-hee.'", "Sun-hee"),
        # letters a pattern without regard to case takes for s, i and k: the long s, the dotless
        # and dotted i, the Kelvin sign
        ("'Her what\u017fapp: 1234567 answers.'", "1234567"),
        ("'He lived at 12 Main \u017ftreet until 2015.'", "Main"),
        ("'Date of b\u0131rth: 1979-04-03.'", "1979-04-03"),
        ("'Her mob\u0130le: 1234567 answers.'", "1234567"),
        ("'Her \u212aakao: 1234567 answers.'", "1234567"),
    ],
)
def test_identifying_details_in_public_text_are_problems_that_never_repeat_them(
    tmp_path: Path, summary: str, secret: str
) -> None:
    found = summary_problems(tmp_path, summary)
    codes = [(p.code, p.origin.line) for p in found]
    assert ("identifying-detail", 7) in codes, f"{summary} passed: {codes}"
    # problem messages reach CI logs and pull-request annotations, which are public
    assert all(secret not in p.message for p in found), [p.message for p in found]


@pytest.mark.parametrize(
    "summary",
    [
        "'About 1,000 women worked 16 hours a day from 2020-2022 (pages 12-17; paragraph 3).'",
        "'Orders came from Kim Jong-un, the guard says, and from Kim Il Sung before him.'",
        "'Her real name is withheld; she was born in the 1980s.'",
        "'The guard, W-0009, saw wigs packed for shipping in August 2022.'",
        "'The guard, W-00012, saw wigs packed for shipping in August 2022.'",
        "'Chongori Correctional Camp No. 12 lies near Hoeryong, North Hamgyong Province.'",
    ],
)
def test_ordinary_testimony_text_is_not_flagged(tmp_path: Path, summary: str) -> None:
    found = [p for p in summary_problems(tmp_path, summary) if p.code == "identifying-detail"]
    assert found == [], [p.format() for p in found]


def test_a_named_witness_and_listed_public_figures_may_be_named(tmp_path: Path) -> None:
    named = TESTIMONY.format(summary="'Ri Sun-hee says she worked nights; Mr Pak, a guard, agrees.'").replace(
        "  role: former-guard\n", "  role: former-guard\n  anonymous: false\n  name: Ri Sun-hee\n"
    )
    named += "public_names: [Mr Pak]\n"
    found = [
        p for p in problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": named}) if p.code != "missing-field"
    ]
    assert found == [], [p.format() for p in found]


def test_a_private_block_never_reaches_the_model_and_must_be_a_mapping(tmp_path: Path) -> None:
    text = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", "  role: former-guard\n  private:\n    real_name: Ri Sun-hee\n"
    )
    text += "private: only notes\n"
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text})
    assert [(p.code, p.origin.line) for p in found] == [("wrong-type", 12)], [p.format() for p in found]
    ok = text.replace("private: only notes\n", "private:\n  notes: met twice\n")
    raw, _ = load_file(tmp_path, _write(tmp_path, ok))
    entries, _probs = validate_records([raw])  # type: ignore[list-item]
    rec = entries["tst-0009"].record
    assert isinstance(rec, model.Testimony) and rec.witness is not None
    assert "Ri Sun-hee" not in repr(rec) and "met twice" not in repr(rec)


def test_private_fields_are_allowed_only_on_the_record_and_its_witness(tmp_path: Path) -> None:
    text = TESTIMONY.format(summary="'An account.'") + "stances:\n  - claim: fig-0001\n    stance: corroborates\n"
    text += "    note: Agrees.\n    private: {why: a hunch}\n"
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text})
    assert ("unknown-field", 14) in [(p.code, p.origin.line) for p in found], [p.format() for p in found]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources" / "testimonies" / "tst-0009.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_witness_from_a_town_is_a_problem_a_province_is_not(tmp_path: Path) -> None:
    places = {
        "sources/places/town.yaml": "name: A town\ntype: city\n",
        "sources/places/province.yaml": "name: A province\ntype: province\n",
    }
    town = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", "  role: former-guard\n  origin: town\n"
    )
    found = problems_of(tmp_path, {**places, "sources/testimonies/tst-0009.yaml": town})
    assert [(p.code, p.origin.line) for p in found] == [("witness-place-too-precise", 6)]
    province = town.replace("origin: town", "origin: province")
    assert problems_of(tmp_path, {**places, "sources/testimonies/tst-0009.yaml": province}) == []


@pytest.mark.parametrize(
    ("witness", "code", "secret"),
    [
        ("  code: W-0009\n  role: SECRET wife of the Musan party secretary\n", "invalid-value", "Musan"),
        ("  code: W-0009\n  role: former-guard\n  origin: SECRET-12-Musan-ri\n", "unknown-reference", "Musan"),
        ("  code: W-0009\n  role: former-guard\n  origin: musan-town\n", "witness-place-too-precise", "musan"),
        ("  code: 821012345678\n  role: former-guard\n", "wrong-type", "821012345678"),
    ],
)
def test_what_a_testimony_says_of_its_witness_is_never_repeated_in_a_problem(
    tmp_path: Path, witness: str, code: str, secret: str
) -> None:
    """A witness's code, role and origin are published once they pass their checks; one that fails
    may be a name, an address or a town written in the wrong place, and the log of a pull request
    is public: the problem says where and what is wrong, never what stands there."""
    text = TESTIMONY.format(summary="'An account.'").replace("  code: W-0009\n  role: former-guard\n", witness)
    town = {"sources/places/musan-town.yaml": "name: Musan\ntype: city\n"}
    found = problems_of(tmp_path, {**town, "sources/testimonies/tst-0009.yaml": text})
    assert [p.code for p in found] == [code]
    assert secret.lower() not in found[0].format().lower(), found[0].format()
    (line,) = [n for n, row in enumerate(text.splitlines(), 1) if secret.lower() in row.lower()]
    assert found[0].origin.line == line


def test_a_private_value_repeated_in_public_text_is_a_problem_that_does_not_repeat_it(tmp_path: Path) -> None:
    """A name or a village kept in the private block and written again in the summary, its Korean
    or the narrative would reach every page: reported where it stands, never quoted."""
    private = "  private:\n    village: Sambong\n    relatives: [김순희]\n    born: 'yes'\n"
    text = (
        TESTIMONY.format(summary="'A former guard from SAMBONG describes the camp.'").replace(
            "  role: former-guard\n", "  role: former-guard\n" + private
        )
        + "ko:\n  summary: '전직 경비원 김순희가 수용소를 묘사한다. Yes.'\n"
    )
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text})
    assert [(p.code, p.origin.line) for p in found] == [("identifying-detail", 11), ("identifying-detail", 15)]
    for p in found:
        assert "private" in p.message and not re.search("sambong|김순희", p.format(), re.IGNORECASE)
    # a value only inside a longer word, or shorter than a name, is not taken for it
    fine = text.replace("from SAMBONG", "from Sambongdong").replace("김순희가", "그녀가")
    assert problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": fine}) == []


@pytest.mark.parametrize(
    ("kept", "written"),
    [
        ("Kim Young-chul", "Kim Youngchul"),
        ("Kim Young-chul", "KIM YOUNG CHUL"),
        ("Kim Young-chul", "Kim Young\u2011chul"),
        ("O'Hara Street", "Ohara street"),
        ("A-0931-7", "A 0931 7"),
        ("김 순희", "김순희"),
        ("St. Mary's Hall", "St Marys hall"),
        ("Sambong Hall", "Sam-bong hall"),  # and the other way round
        ("김영철", "김 영철"),
        ("Sinp\u02bco Hall", "Sinpo hall"),  # a romanisation's marks and accents
        ("Sŏnbong Hall", "Sonbong hall"),
        ("Sambong Hall", "\uff33\uff41\uff4d\uff42\uff4f\uff4e\uff47 Hall"),  # full-width letters
        ("Sinpo Hall", "Sinpo Hall에서"),  # a Korean particle written against it
    ],
)
def test_a_private_value_is_found_however_its_parts_are_joined(tmp_path: Path, kept: str, written: str) -> None:
    """A name or number in the private block, written again with other hyphens, spaces or none,
    is the same name: reported, never quoted; a longer word that only begins with it is not."""
    private = f'  private:\n    relative: "{kept}"\n'
    text = TESTIMONY.format(summary=f"'The guard says {written} saw it.'").replace(
        "  role: former-guard\n", "  role: former-guard\n" + private
    )
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text})
    assert [p.code for p in found] == ["identifying-detail"], found
    assert kept.split()[0].lower() not in found[0].format().lower()
    if not HANGUL.search(kept + written):  # in Korean a particle is written against a name (김순희가)
        longer = text.replace(f"says {written} saw", f"says {written}son saw")
        assert problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": longer}) == []


def test_testimony_of_violence_without_a_content_note_is_a_problem(tmp_path: Path) -> None:
    text = TESTIMONY.format(summary="'Prisoners who fell asleep were beaten.'")
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text})
    assert [(p.code, p.origin.line) for p in found] == [("missing-content-note", 7)]
    noted = text.replace("summary:", "content_note: [beatings]\nsummary:")
    assert problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": noted}) == []


# --- time in proportion to the text ---------------------------------------------------------------
#
# scripts/benchmark_checks.py times the checks on the texts that once made them slow, at n and 4n
# characters, and prints the figures (no test holds a check to a time: machines differ). Here it is
# run on short texts, to see that it runs; the tests below check that the checks made linear still
# find what they found.

spec = importlib.util.spec_from_file_location(
    "benchmark_checks", Path(__file__).parent.parent / "scripts" / "benchmark_checks.py"
)
assert spec is not None and spec.loader is not None
benchmark_checks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(benchmark_checks)
a_testimony = benchmark_checks.a_testimony


def test_the_benchmark_of_the_checks_prints_a_row_for_each_slow_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark_checks.main(["--scale", "0.01"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert [row[:46].rstrip() for row in rows] == list(benchmark_checks.SLOW_TEXTS)
    assert all(re.search(r"\d+\.\d$", row) for row in rows)  # the ratio of 4n to n


# (what a detail looks like, the text), each ordinary, or after a run that once made a check slow:
# the checks made linear still find each
DETAILS = [
    ("an e-mail address", "Write to sunhee.k@example.org for the transcript."),
    ("an e-mail address", "Her address is sun-hee.kim+camp@mail.example.co.kr, she says."),
    ("an e-mail address", "a" * 5000 + " and sunhee.k@example.org"),
    ("a phone number", "She can be called on +850 2 381 8111."),
    ("a phone number", "Phone: 0041 22 123 45 67"),
    ("a phone number", "Her sister answers at 010-4821-0093."),
    ("a phone number", "Tel. no.: 12345678"),
    ("a phone number", "tel" + " " * 5000 + "12345678"),
    ("a phone number", "+" + "1" * 30 + " and +82 10 4821 0093"),
    ("an exact birth date", "Date of birth: 1979-04-03."),
    ("an exact birth date", "DOB : 3/4/1979"),
    ("an exact birth date", "dob" + " " * 5000 + "3/4/1979"),
    ("a home address", "He lived at 42 Haebang Road until 2015."),
    ("a home address", "Room: 5, on the third floor."),
    ("a home address", "apartment no. 12"),
    ("a home address", "room" + " " * 5000 + "12"),
    ("a home address", "She lived in inminban no. 7."),
    ("a home address", "그녀는 3 인민반에 살았다."),
    ("a home address", "12번지"),
    ("a home address", "1" * 5000 + "x, then 3 인민반"),
    ("a home address", "통일로 12-3"),
    ("a home address", "가" * 5000 + " 통일로 12"),
    ("a home address", "주소: 회령"),
    ("a Korean personal name", "The witness, Ri Sun-hee, worked nights."),
    ("a Korean personal name", "김순희 씨 worked nights."),
    ("a name beside the witness's code", "W-0009 (Sun Hee Ryang) worked nights."),
    ("a name beside the witness's code", "W-0009, Sun Hee Ryang, worked nights."),
    ("a name beside the witness's code", "Sun Hee Ryang (W-0009) worked nights."),
    ("a name beside the witness's code", "W-0009 ( " * 1000 + "and Ji Hye Park ( W-0009 ) saw it."),
]


@pytest.mark.parametrize(("what", "text"), DETAILS, ids=[f"{w}: {t[:40]}" for w, t in DETAILS])
def test_the_checks_made_linear_still_find_each_kind_of_detail(what: str, text: str) -> None:
    found = [p.message for p in witness.check_identifying(*a_testimony(text))]
    assert any(f"looks like {what}," in m for m in found), found


def test_a_name_before_the_code_is_found_from_its_first_word() -> None:
    # as the search forwards from the start of the text found it: the longest name before the code
    (found,) = witness.check_identifying(*a_testimony("She is Sun Hee Ryang (W-0009), who worked nights."))
    assert "(at character 8)" in found.message and "beside the witness's code" in found.message, found.message


# The patterns as they were, before they were made linear: what each finds must not change.
AS_BEFORE = {
    "an e-mail address": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "a phone number": re.compile(
        r"(?<![\w+-])(?:\+|00)\d{1,3}(?:[\s.()-]{0,2}\d{1,4}){2,5}(?!\w)"
        r"|(?<![\w-])0\d{1,2}[-.\s]\d{3,4}[-.\s]\d{4}(?![\w-])"
        r"|\b(?:tel|phone|mobile|cell|fax|whatsapp|wechat|kakao(?:talk)?)\b\.?(?:\s*(?:no|number|id)\.?)?\s*:?\s*\+?\d[\d\s-]{5,}",
        re.IGNORECASE,
    ),
    "an exact birth date": re.compile(
        rf"\bborn(?: on)? {witness._DAY_DATE}|\b(?:date of birth|birth ?date|d\.?o\.?b\.?)\s*[:\-]?\s*\d"
        r"|생년월일|\d{4}년\s*\d{1,2}월\s*\d{1,2}일\s*(?:생|출생)",
        re.IGNORECASE,
    ),
    "a home address": re.compile(
        r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr)\b\.?"
        r"|\b(?:home address|house (?:no|number)|apartment|apt\.?|flat|room)\s*(?:no\.?|number)?\s*:?\s*\d"
        r"|\b(?:inminban|people's unit)\s*(?:no\.?)?\s*\d|\d+\s*(?:인민반|번지|호실)|주소\s*:"
        r"|[가-힣]+(?:로|길)\s?\d+(?:-\d+)?"
        r"|\b(?:from|born in|lived in|grew up in|hometown(?: is| was| of)?|home (?:is|was|in))\s+"
        r"[A-Z][\w'\u2019]*-(?:ri|dong|gu|ku)\b",
        re.IGNORECASE,
    ),
}
QUICK_AS_BEFORE = {
    witness._PHONE_WORDS: re.compile(
        r"(?:tel|phone|mobile|cell|fax|whatsapp|wechat|kakao)(?:talk)?\.?(?:\s*(?:no|number|id)\.?)?\s*:?\s*\+?\d"
    ),
    witness._ADDRESS: re.compile(
        r"(?:home address|house (?:no|number)|apartment|apt\.?|flat|room)\s*(?:no\.?|number)?\s*:?\s*\d"
        r"|(?:inminban|people's unit)\s*(?:no\.?)?\s*\d|인민반|번지|호실|[로길]\s?\d"
    ),
}
_BEFORE_CODE_AS_BEFORE = re.compile(rf"{witness._NAME}\s*\(\s*\Z")


def beside_as_before(code: str, text: str) -> list[tuple[int, str]]:
    """(offset, text) of each name beside ``code``, found as before: a name before the code by a
    search from the start of the text for one that ends there."""
    found = []
    at = text.find(code)
    while at >= 0:
        end = at + len(code)
        if witness._boundary(text, at) and witness._boundary(text, end):
            if m := witness._AFTER_CODE.match(text, end):
                found.append((at, text[at : m.end()]))
            elif (b := _BEFORE_CODE_AS_BEFORE.search(text, 0, at)) and witness._CLOSING.match(text, end):
                found.append((b.start(), text[b.start() : end]))
        at = text.find(code, end)
    return found


def assert_found_as_before(text: str) -> None:
    for what, pattern in witness._EVERYWHERE:
        now = [(m.start(), m.group()) for m in pattern.finditer(text)]
        assert now == [(m.start(), m.group()) for m in AS_BEFORE[what].finditer(text)], (what, text)
        first = pattern.search(text)
        assert (first and (first.start(), first.group())) == (now[0] if now else None), (what, text)
    for quick, before in QUICK_AS_BEFORE.items():
        assert [m.span() for m in quick.finditer(text)] == [m.span() for m in before.finditer(text)], text
    assert [(f.at, f.text) for f in witness._NameBeside("W-0009").finditer(text)] == beside_as_before("W-0009", text)


# Details glued to one another, or one inside another's run: what the patterns as they were found
# from inside a run (after a match that ended there) is found still.
@pytest.mark.parametrize(
    "text",
    [
        "a@b.c+d@e.f",
        "a@b.c..d@e.f and a@b",
        "apt012인민반",
        "room 12 인민반",
        "3인민반통일로 5",
        "1979 인민반일인민반길1979",
        "+1 2 3 4 5 6 7 8 9 0 1 2 3 x",
        "+1234567 11111111111111111 1111x",
        " +" + "1" * 30 + " x +" + "1" * 23 + " x",
        "Sun Hee Ryang (W-0009) and Ji Hye ( W-0009 ), W-0009 (Ab Cd-Ef)",
    ],
)
def test_details_glued_together_are_found_as_before(text: str) -> None:
    assert_found_as_before(text)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *(
                    " ",
                    "  ",
                    "\n",
                    "\t",
                    "-",
                    ".",
                    ":",
                    ",",
                    "(",
                    ")",
                    "+",
                    "'",
                    "_",
                    "@",
                    "0",
                    "00",
                    "1",
                    "12",
                    "1979",
                ),
                *(
                    "x",
                    "a",
                    "A",
                    "e.org",
                    "Kim",
                    "Sun",
                    "Hee",
                    "hee",
                    "Ryang",
                    "Road",
                    "St",
                    "born on ",
                    "dob",
                    "birth",
                ),
                *("room", "apt", "no", "number", "inminban", "tel", "phone", "id", "W-0009", "from ", "ri", "dong"),
                *("가", "로", "길", "인민반", "번지", "주소", "년", "월", "일", "생"),
            ]
        ),
        max_size=40,
    )
)
def test_each_pattern_finds_just_what_it_found_before_in_generated_text(parts: list[str]) -> None:
    assert_found_as_before("".join(parts))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("ab c", max_size=4), max_size=6),
    st.lists(st.text("ab c", min_size=1, max_size=6), min_size=1, max_size=6),
)
def test_allowed_names_are_told_apart_as_one_by_one(allowed: list[str], found: list[str]) -> None:
    # a finding is skipped when it holds an allowed name or stands in one
    names, parts = witness._Words(allowed), witness._Words(found)
    within = parts.within(allowed)
    for text in found:
        assert names.in_text(text) == any(name in text for name in allowed), (allowed, text)
        assert within[parts.node(text)] == any(text in name for name in allowed), (allowed, text)


def test_a_private_value_broken_over_two_lines_of_a_narrative_is_found_at_its_line(tmp_path: Path) -> None:
    """Markdown joins a paragraph's lines with a space: a name split over two lines of the narrative
    is the name on the page, so it is found there, and told at the line where it starts."""
    private = '  private:\n    relative: "Kim Young-chul"\n'
    head = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", "  role: former-guard\n" + private
    )
    text = "---\n" + head + "---\nThe guard says that Kim\nYoungchul saw it.\n"
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.md": text})
    line = text.splitlines().index("The guard says that Kim") + 1
    assert [(p.code, p.origin.line, p.origin.column) for p in found] == [("identifying-detail", line, 21)], found
    assert "kim" not in found[0].format().lower()


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("See [[kim-young-chul]].", "unknown-reference"),  # a reference to no record, named by a private value
        ("See [it](kim.youngchul:home).", "unsafe-markup"),  # a link's scheme made of it
    ],
)
def test_a_problem_never_quotes_a_private_value_the_text_holds(tmp_path: Path, written: str, code: str) -> None:
    """What a message quotes of the record (a reference, a link) is withheld where it holds a value
    of the record's private block, as the text that repeats it is reported without it."""
    private = '  private:\n    relative: "Kim Young-chul"\n'
    head = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", "  role: former-guard\n" + private
    )
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.md": f"---\n{head}---\n{written}\n"})
    assert code in [p.code for p in found], found
    for p in found:
        assert not re.search("kim.?young.?chul", p.format(), re.IGNORECASE), p.format()


def test_a_field_under_a_witness_that_it_does_not_take_is_not_named(tmp_path: Path) -> None:
    """A key under 'witness' may be a name or a number written in the wrong place."""
    text = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", '  role: former-guard\n  "Ri Sun-hee, 010-4821-0093": 1\n'
    )
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text})
    assert [p.code for p in found] == ["unknown-field"]
    assert "Sun-hee" not in found[0].format() and "4821" not in found[0].format()
    assert "role" in found[0].message  # what it takes is still said


def test_a_hangul_value_is_not_found_across_words_that_only_begin_with_it(tmp_path: Path) -> None:
    """이수용 (a name) is not 이 수용소 (this camp): after a Hangul value only a particle may follow."""
    private = "  private:\n    relative: 이수용\n"
    text = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", "  role: former-guard\n" + private
    )
    camp = text + "ko:\n  summary: '그는 이 수용소에서 일했다.'\n"
    assert problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": camp}) == []
    name = text + "ko:\n  summary: '그는 이 수용이 일했다고 한다.'\n"
    assert [p.code for p in problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": name})] == [
        "identifying-detail"
    ]


def test_a_private_value_is_refused_as_a_public_name_or_as_the_file_name(tmp_path: Path) -> None:
    """public_names are published, and a record's file name is its public address."""
    private = '  private:\n    relative: "Kim Young-chul"\n'
    text = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", "  role: former-guard\n" + private
    )
    listed = text + "public_names: [Kim Young-chul]\n"
    found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": listed})
    assert [(p.code, "public_names" in p.message) for p in found] == [("identifying-detail", True)]
    (tmp_path / "sources/testimonies/tst-0009.yaml").unlink()
    found = problems_of(tmp_path, {"sources/testimonies/kim-young-chul.yaml": text})
    assert [(p.code, p.origin.line, "file name" in p.message) for p in found] == [("identifying-detail", 1, True)]


def test_a_message_does_not_print_a_private_value_its_escapes_or_a_quote_cut_short_would_show(
    tmp_path: Path,
) -> None:
    """A message prints an invisible character as an escape and cuts a long quote: neither may let
    a private value through, whole or in part."""
    private = '  private:\n    relative: "Kim Young-chul"\n'
    text = TESTIMONY.format(summary="'An account.'").replace(
        "  role: former-guard\n", "  role: former-guard\n" + private
    )
    for period in (
        '"2019, with Kim Young\\u00ad-chul"',
        '"from the spring of 2019 until the camp closed, Kim Young-chul and others"',
    ):
        found = problems_of(tmp_path, {"sources/testimonies/tst-0009.yaml": text.replace('"2019"', period)})
        assert "invalid-date" in [p.code for p in found], found
        for p in found:
            assert not re.search(r"young|kim\b", p.format(), re.IGNORECASE), p.format()
