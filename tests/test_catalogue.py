"""The Korean catalogue (build_tools/pages/locale/ko.po): every word a reader of a Korean page meets in
the interface has a translation, keeps its placeholders, and reaches the pages and drawings.

A message missing from the catalogue is shown in English, silently: these tests are what notices.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import FIXTURE_ARCHIVE, REPO_ROOT

from build_tools.compile.build import Result, build
from build_tools.compile.source import theme_words
from build_tools.outputs import downloads
from build_tools.pages import fmt, fmt_ko, i18n, listing, views
from build_tools.pages.views import Drawings
from build_tools.pages.visual import chart, flow, mapbase, timeline
from build_tools.records import model, vocab
from build_tools.records.anchors import slugify
from build_tools.site.headings import PERMALINK_TITLE

CATALOGUE = REPO_ROOT / "build_tools" / "pages" / "locale" / "ko.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def korean() -> dict[str, str]:
    """msgid -> msgstr, fuzzy entries included (a fuzzy one counts as missing, as on the pages)."""
    with CATALOGUE.open("rb") as f:
        po = read_po(f, locale="ko")
    return {str(m.id): ("" if m.fuzzy else str(m.string)) for m in po if m.id}


def extracted() -> set[str]:
    """What ``pybabel extract -F babel.cfg`` finds: the templates' _() and views.py's word()."""
    with (REPO_ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {str(m[2]) for m in extract_from_dir(REPO_ROOT, method_map, options_map)}
    assert len(found) > 200, "babel.cfg no longer finds the templates' words"
    return found


def interface_words() -> set[str]:
    """The words the pages show that no _() call names: kinds, vocabularies, languages, the
    drawings' own words, the navigation, the site's name, the downloads' descriptions, a long
    list's parts and the headings' links."""
    words = {w for k in model.KINDS.values() for w in (k.label, k.label_plural)}
    words |= {*listing.WORDS, PERMALINK_TITLE}
    words |= set(theme_words(REPO_ROOT / "docs" / "templates"))  # the theme's lang.w("...")
    for name in dir(vocab):
        values = getattr(vocab, name)
        if name.isupper() and isinstance(values, dict):
            words |= set(values.values())
    words |= set(fmt.LANGUAGES.values())
    for drawing in (chart, flow, mapbase, timeline):  # the map's words are in mapbase
        words |= set(drawing.WORDS)
    config = _mkdocs_config()
    words |= {title for item in config["nav"] for title in item}
    words.add(config["site_name"])
    data = ["archive.json", "datapackage.json", "CITATION.cff", "records.csv", "links.csv", "citations.csv"]
    data += ["legs.csv", "stances.csv", "corrections.csv", "inputs.csv"]
    data += [f"{k.plural}.csv" for k in model.KINDS.values()]
    data += [f"schemas/{k.name}.schema.json" for k in model.KINDS.values()]
    words |= {downloads.describe_download(downloads.DATA_DIR + name) for name in data}
    return words


def _mkdocs_config() -> dict[str, Any]:
    class Loader(yaml.SafeLoader):
        """mkdocs.yml, its tags (!ENV, !!python/name) read as nothing."""

    for tag in ("!", "tag:yaml.org,2002:python/"):
        Loader.add_multi_constructor(tag, lambda loader, suffix, node: None)
    with (REPO_ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        config: dict[str, Any] = yaml.load(f, Loader=Loader)
    return config


def test_every_word_of_the_templates_and_drawings_is_translated(korean: dict[str, str]) -> None:
    missing = sorted(w for w in extracted() if not korean.get(w, "").strip())
    assert not missing, f"not in build_tools/pages/locale/ko.po (or empty, or fuzzy): {missing}"


def test_every_kind_vocabulary_language_and_navigation_title_is_translated(korean: dict[str, str]) -> None:
    missing = sorted(w for w in interface_words() if not korean.get(w, "").strip())
    assert not missing, f"not in build_tools/pages/locale/ko.po (or empty, or fuzzy): {missing}"


def test_every_translation_keeps_the_placeholders(korean: dict[str, str]) -> None:
    for msgid, msgstr in korean.items():
        names = sorted(PLACEHOLDER.findall(msgid))
        assert sorted(PLACEHOLDER.findall(msgstr)) == names, msgid
        if names:  # filled as the pages fill it: no stray % in the Korean
            assert msgstr % dict.fromkeys(names, "x"), msgid


def test_the_catalogue_declares_korean() -> None:
    with CATALOGUE.open("rb") as f:
        po = read_po(f)
    assert str(po.locale) == "ko"
    assert po.plural_forms == "nplurals=1; plural=0;"
    assert po.charset == "utf-8"


# ---- on the pages -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result() -> Result:
    built = build(FIXTURE_ARCHIVE)
    assert built.report.valid, built.report.format_text()
    return built


@pytest.fixture(scope="module")
def pages(result: Result) -> dict[str, str]:
    return {p.path: p.markdown for p in result.pages}


def test_a_korean_record_page_speaks_korean(pages: dict[str, str], korean: dict[str, str]) -> None:
    camp = pages["ko/camps/camp-alpha/index.md"]
    for heading in ("Work teams", "Figures", "Testimonies", "Export routes", "Sources", "History"):
        assert f"\n## {korean[heading]}" in camp, heading
    assert f'!!! warning "{korean["Sources differ"]}"' in camp
    assert f'<span class="ea-kind">{korean["Camp"]}</span>' in camp
    assert korean["Correctional camp (kyohwaso)"] in camp
    assert f'## {korean["Work teams"]} <span id="work-teams"></span>\n' in camp


def test_every_link_within_a_korean_page_finds_its_heading(pages: dict[str, str]) -> None:
    """Korean headings have Hangul anchors (records/anchors.py, mkdocs.yml), and keep their English
    ones as well: a link in a record's narrative, written for the English page, still finds them."""
    for path, text in pages.items():
        if not path.startswith(i18n.KOREAN.prefix):
            continue
        anchors = set(re.findall(r'id="([^"]+)"', text)) | set(re.findall(r"\{: #([\w-]+) \}", text))
        for heading in re.findall(r"^#{1,6} (.+?)(?: \{:.*\})?$", text, re.M):
            words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("\\", "")
            anchors.add(slugify(words, "-"))
        for target in re.findall(r"\]\(#([^)\s]+)\)", text):
            assert target in anchors, (path, target)


def test_no_english_heading_or_label_is_left_on_a_korean_page(pages: dict[str, str]) -> None:
    english = re.compile(r"[A-Za-z][A-Za-z ,:'()-]*")
    for path, text in pages.items():
        if not path.startswith(i18n.KOREAN.prefix):
            continue
        for line in text.splitlines():
            if line.startswith("## "):
                assert not english.fullmatch(line[3:].split(" {:")[0]), (path, line)
            titled = re.match(r'[!?]{3} [\w -]+ "(.*)"$', line)
            if titled:
                assert not english.fullmatch(titled.group(1)), (path, line)
            if line.startswith("| ") and line.count("|") > 2 and not line.startswith("| ---"):
                cells = [c.strip() for c in line.strip("|").split("|")]
                if all(english.fullmatch(c) for c in cells if c):  # a table's header row
                    assert all(c == "ID" for c in cells if c), (path, line)


def test_a_korean_page_says_which_of_the_records_text_is_still_english(
    pages: dict[str, str], korean: dict[str, str]
) -> None:
    note = f'!!! note "{korean["Not yet translated"]}"'
    beta = pages["ko/camps/camp-beta/index.md"]  # neither a Korean name nor a Korean summary
    assert f"{note}\n    " in beta
    said = beta.split(note, 1)[1].split("\n\n", 1)[0]
    assert f"({korean['the name']}, {korean['the summary']}, {korean['where it is, in words']})" in said
    assert '<div lang="en" markdown>' in beta
    assert not any("Not yet translated" in text for path, text in pages.items() if not path.startswith("ko/"))


def test_links_to_what_only_english_has_leave_the_korean_tree(pages: dict[str, str]) -> None:
    assert "(../../../camps/camp-alpha.json)" in pages["ko/camps/camp-alpha/index.md"]
    assert "(../../camps/camp-alpha.json)" in pages["camps/camp-alpha/index.md"]
    assert "](../../data/archive.json)" in pages["ko/data/index.md"]


def test_a_drawing_on_a_korean_page_draws_in_korean(result: Result, korean: dict[str, str]) -> None:
    index = result.index
    draw = Drawings(index, str, None, i18n.plain(i18n.KOREAN.code), lambda e: e.title, fmt_ko.date_ko)
    line = draw.timeline([index.entries["evt-0001"]], "연표")
    assert "사건 · 2020년 1월~2022년 8월" in line
    assert korean["Map of the camps in North Korea"] in draw.map()
    assert korean["NORTH KOREA"] in draw.map()
    assert korean["Evidence for each step:"] in draw.routes([index.entries["route-0001"]])


def test_a_records_own_map_says_it_shows_only_its_neighbours(result: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    """A camp page's map leaves out the camps far from it, so its caption must not claim to show
    the whole archive (the map page's does)."""
    monkeypatch.setattr(views, "NEIGHBOURS", 1)
    draw = Drawings(result.index, str)
    assert "Camps and places in this archive." in draw.map()
    own = draw.map(highlight=["camp-alpha"])
    assert "This record and the 1 camps and places nearest it." in own
    assert "in this archive" not in own
    korean = Drawings(result.index, str, None, i18n.plain(i18n.KOREAN.code), lambda e: e.title, fmt_ko.date_ko)
    assert "이 기록과 가장 가까운 수용소·장소 1곳." in korean.map(highlight=["camp-alpha"])
