"""A hostile pull request: the attack archive builds, and nothing in it runs, loads or leaks.

``tests/fixtures/attack/`` is a valid archive of every record kind whose every free-text field
(titles, names, Korean names, aliases, authors, summaries, notes, locators, quotes, as_stated,
population, descriptions, stance notes, corrections, route legs, a withdrawal reason, Markdown
bodies) carries the payloads below. Validation must take them as text and the strict build must
succeed; then every file the build writes is scanned: no payload may become an element, an
attribute or a link that runs; JSON-LD, JSON, CSV, XML, BibTeX and RIS must still parse, with the
payloads inside as data; ``{{ 7*7 }}`` must never become 49; each payload must still be shown, as
text, on the page of the record that holds it (escaping that drops the text is no answer); and the
``private:`` canaries must appear nowhere. A browser then opens every page and searches for a
payload, and nothing may run, open a dialog or reach another host.

HTML is parsed with html5lib, which follows the HTML standard's parsing algorithm as browsers do
(``<title>`` and ``<textarea>`` hold text, ``<!--`` inside a script changes where it ends).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import bibtexparser
import html5lib  # installed with extruct (requirements-dev.txt); a standard-conforming HTML parser
import markdown
import pytest
import rispy
from browsing import HOST, Recorder, serving
from mkdocs_config import load_mkdocs_yml

from build_tools.checks.markup import MAX_BODY_DEPTH, body_problems, destination_is_safe, unsafe_markup
from build_tools.compile.build import check
from build_tools.pages.fmt import md_body, md_text
from build_tools.records.model import KINDS

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ATTACK = HERE / "fixtures" / "attack"

MARK = "__pwned"  # every payload that could run sets window.__pwned
CANARY = "CANARY-PRIVATE"  # in the private: blocks, which must never be published

# Payloads in every free-text field; a Markdown body holds all but the two marked FIELD_ONLY.
PAYLOADS = {
    "closes title, textarea, style, noscript": (
        '</title></textarea></style></noscript><meta http-equiv="refresh" content="0;url=http://evil.example/">'
    ),
    "script": "<script>window.__pwned=1</script>",
    "img onerror": '<img src=x onerror="window.__pwned=1">',
    "leaves an attribute": '"><svg onload=window.__pwned=1>',
    "closes a script": "</script><script>window.__pwned=1</script>",
    "opens a comment": "<!--",
    "template expression": "{{ 7*7 }}",
    "template statement": "{% raw %}",
    "attribute list": '{: onclick="window.__pwned=1" }',
    "javascript text": "javascript:window.__pwned=1",
    "markdown link": "[click](javascript:window.__pwned=1)",
    "leaves a single-quoted attribute": "' onmouseover='window.__pwned=1' x='",
    "entities stay entities": "&lt;b&gt;not bold&lt;/b&gt; &amp;amp;",
    "ends CDATA": "]]>",
    "closes a BibTeX field": "}, note = {injected}, @misc{evil,",
    "markdown characters": "| * _ ` # > - 1. [[ ]]",
    "right-to-left": "شهادة عن المعسكر עדות על המחנה",
    "hangul": "증언 수용소 가발",
    "emoji": "🧵 👩\u200d👧 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "a long word": "Supercalifragilistic" * 25,
    "a RIS record inside a title": "a title on two lines\nER  - \nTY  - JOUR",
}
BREAKOUT = " ".join(PAYLOADS["closes title, textarea, style, noscript"].split())  # first in every field
FIELD_ONLY = ("attribute list", "markdown link")  # refused in a Markdown body (tests/bad/unsafe-markup-*)
# Each field also starts with one of these, where Markdown (or a spreadsheet) reads a line's start.
LINE_STARTS = [
    '!!! danger "Retracted"',
    '??? note "Hidden"',
    "1. ",
    "- ",
    "> ",
    "# ",
    '=HYPERLINK("http://evil.example","x")',
    "+1 ",
    "@SUM(1) ",
    "    indented ",
    "| a | b | ",
    '=== "Tab" ',
    "--- ",
    "*** ",
]

# Where the theme itself does what a payload must not.
THEME_URLS = {("a", "href", "javascript:void(0)")}  # Material's search "share" button
DATA_SCRIPTS = {"application/ld+json", "application/json"}  # JSON-LD, Material's configuration
ALLOWED_HTTP_EQUIV = {"content-security-policy", "x-ua-compatible"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "img", "image"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "background", "srcset", "ping"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
FETCHING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "preconnect", "dns-prefetch"}


def norm(text: str) -> str:
    return " ".join(text.split())


# ---- the archive ------------------------------------------------------------------------------


def attack_files() -> list[Path]:
    return sorted(p for p in (ATTACK / "sources").rglob("*") if p.is_file())


def test_the_attack_archive_is_valid() -> None:
    """Hostile text is still text: validation accepts every payload."""
    index, report = check(ATTACK)
    assert report.problems == [], report.format_text()
    assert {e.kind for e in index.entries.values()} == set(KINDS), "every record kind carries payloads"
    assert index.withdrawn, "a withdrawn record's reason carries payloads too"


def test_every_payload_is_in_every_kind_of_record() -> None:
    """Guards the fixture: each payload is in a record of each kind, and every testimony has a
    content note and private canaries (top level, and in an individual witness)."""
    for kind in KINDS.values():
        text = norm("\n".join(p.read_text(encoding="utf-8") for p in (ATTACK / "sources" / kind.plural).iterdir()))
        missing = [name for name, payload in PAYLOADS.items() if norm(payload) not in text]
        assert missing == [], f"no {kind.name} record holds {missing}"
    bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in attack_files() if p.suffix == ".md"]
    assert bodies and all(PAYLOADS["script"] in b for b in bodies)
    assert not [name for name in FIELD_ONLY for b in bodies if PAYLOADS[name] in b], "a body holds a refused payload"
    for path in (ATTACK / "sources" / "testimonies").iterdir():
        text = path.read_text(encoding="utf-8")
        assert "content_note: [violence]" in text and "\nprivate:" in text and CANARY in text, path.name
        if "form: individual" in text:
            assert re.search(r"witness:\n(?:  .*\n)*  private:\n    \w+: CANARY-PRIVATE", text), path.name


# ---- Markdown bodies, without a build --------------------------------------------------------


def markdown_extensions() -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions and their settings from the repository's mkdocs.yml."""

    config = load_mkdocs_yml(REPO / "mkdocs.yml")
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name = item if isinstance(item, str) else next(iter(item))
        names.append(name)
        if isinstance(item, dict):
            settings[name] = item[name] or {}
    return names, settings


def render_body(body: str) -> Any:
    """A body as the site renders it: md_body, then Python-Markdown with the site's extensions."""
    names, settings = markdown_extensions()
    out = markdown.markdown(str(md_body(body)), extensions=names, extension_configs=settings)
    return html5lib.parseFragment(out, treebuilder="etree", namespaceHTMLElements=False)


UNSAFE_BODIES = {
    "javascript link": "[x](javascript:window.__pwned=1)",
    "link split over lines": "[x](java\nscript:window.__pwned=1)",
    "mixed case": "[x](JaVaScRiPt:window.__pwned=1)",
    "angle brackets": "[x](<javascript:window.__pwned=1>)",
    "leading space and title": '[x]( javascript:window.__pwned=1 "t")',
    "entity": "[x](&#106;avascript:window.__pwned=1)",
    "tab entity": "[x](java&#x09;script:window.__pwned=1)",
    "vbscript": "[x](vbscript:msgbox)",
    "data": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "reference": "[x][r]\n\n[r]: javascript:window.__pwned=1",
    "reference on the next line": "[x][r]\n\n[r]:\n    javascript:window.__pwned=1",
    "reference in a quote": "> [r]: javascript:window.__pwned=1\n>\n> [r]",
    "reference in a list": "- item\n\n    [r]: javascript:window.__pwned=1\n\n    [r]",
    "reference with a long label": "[" + "a long label " * 40 + "]\n\n[" + "a long label " * 40 + "]: javascript:x",
    "image": "![x](http://tracker.example/p.png)",
    "reference image": "![x][p]\n\n[p]: http://tracker.example/p.png",
    "escaped backslash before an image": "\\\\![x](http://tracker.example/p.png)",
    "paragraph attributes": 'Text\n{: onclick="window.__pwned=1" }',
    "heading attributes": "## Heading {#x .y onclick=window.__pwned=1}",
    "inline attributes": '*em*{ onmouseover="window.__pwned=1" }',
    "table cell attributes": "| a |\n| - |\n| b { onclick=window.__pwned=1 } |",
    "fence attributes": '```{.python onclick="window.__pwned=1"}\ncode\n```',
    "raw html": "<img src=x onerror=window.__pwned=1> <script>window.__pwned=1</script>",
}


@pytest.mark.parametrize("body", UNSAFE_BODIES.values(), ids=UNSAFE_BODIES.keys())
def test_validation_refuses_unsafe_markup_in_a_body(body: str) -> None:
    if "<" in body.replace("<javascript", ""):
        assert unsafe_markup(body) == []  # raw HTML is shown as text, not refused
    else:
        assert unsafe_markup(body), "validation let it through"


@pytest.mark.parametrize(
    ("body", "scheme", "address"),
    [
        ("[x](javascript:void(0)) and more", "'javascript:'", "void(0)"),
        ("[mail](mailto:sunhee.k@example.org)", "'mailto:'", "sunhee.k@example.org"),
        ("[call](tel:+82-10-4821-0093)", "'tel:'", "4821"),
        ('[x](  data:text/html,hi "title")', "'data:'", "text/html"),
        ("[x][r]\n\n[r]: sms:+8210482100", "'sms:'", "482100"),
        ("[x](https://kim:secret@example.org/)", "address", "secret"),
    ],
)
def test_a_refused_link_is_named_by_its_scheme_never_by_its_address(body: str, scheme: str, address: str) -> None:
    """A mailto: or tel: link holds an e-mail address or a phone number and an http(s) one may hold
    credentials: the message, printed in a public log, names the scheme and leaves the address out
    (its line and column say which link it is)."""
    (finding,) = unsafe_markup(body)
    assert scheme in finding.message and address not in finding.message, finding.message


@pytest.mark.parametrize("body", UNSAFE_BODIES.values(), ids=UNSAFE_BODIES.keys())
def test_a_body_that_skipped_validation_still_renders_inert(body: str) -> None:
    """Defence in depth: md_body breaks what validation refuses, so it comes out as text."""
    root = render_body(body)
    assert injections(root) == []
    links = [el.get("href") for el in root.iter() if el.tag == "a"]
    assert [h for h in links if scheme_of(h or "") not in ("", "http:", "https:")] == [], links
    attributes = {k for el in root.iter() if isinstance(el.tag, str) for k in el.attrib}
    # data-label: a table cell's column header, as text (build_tools/site/table_labels.py)
    assert attributes <= {"href", "title", "id", "class", "data-label"}, attributes
    made = {(el.get("id"), el.get("class")) for el in root.iter() if isinstance(el.tag, str)}
    assert ("x", None) not in made and all("y" not in str(c).split() for _, c in made), made


@pytest.mark.parametrize(
    "body",
    ["![" * 5000, "[" * 10000, "[x]:" * 5000, "](" * 5000, "{:" * 5000, "\n".join(["[a](" * 1200] * 10)],
)
def test_a_body_of_repeated_markup_is_checked_and_rendered_in_linear_time(body: str) -> None:
    """Python-Markdown searches from every '[' for its ']', and from every link's '(' for its ')':
    4,000 of either once took it minutes. Validation looks a bounded way ahead, and md_body makes
    a '[' that opens nothing, and a '(' that is never closed, literal."""
    started = time.monotonic()
    unsafe_markup(body)
    render_body(body)
    assert time.monotonic() - started < 10, f"{body[:8]!r}... took {time.monotonic() - started:.1f} s"


def test_a_body_nested_too_deeply_is_reported_before_the_renderer_fails() -> None:
    body = "Intro.\n\n" + "- " * 1000 + "deep"
    # Python-Markdown before 3.11 ran out of stack on it (RecursionError): refused before rendering
    (problem,) = body_problems("sources/camps/camp-a.md", body, 10)
    assert (problem.origin.line, problem.code) == (12, "too-deeply-nested")
    assert body_problems("x.md", "- " * MAX_BODY_DEPTH + "fine", 1) == []


SAFE_BODIES = {
    "a link": ("[the report](https://example.org/a?b=c&d=e)", "a", "https://example.org/a?b=c&d=e"),
    "a path on this site": ("[the camp](../../camps/chongori/index.md)", "a", "../../camps/chongori/index.md"),
    "a fragment": ("[below](#sources)", "a", "#sources"),
    "a long address": (f"[the page](https://example.org/{'a' * 300})", "a", f"https://example.org/{'a' * 300}"),
    "a reference": ("[the report][r]\n\n[r]: https://example.org/", "a", "https://example.org/"),
    "emphasis": ("**bold** and *em*", "strong", None),
}


@pytest.mark.parametrize(("body", "tag", "href"), SAFE_BODIES.values(), ids=SAFE_BODIES.keys())
def test_safe_markdown_in_a_body_is_kept(body: str, tag: str, href: str | None) -> None:
    assert unsafe_markup(body) == []
    found = [el for el in render_body(body).iter() if el.tag == tag]
    assert found and (href is None or found[0].get("href") == href)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{{ 7*7 }}", "{{ 7*7 }}"),
        ("{% raw %}", "{% raw %}"),
        ("{sic}", "{sic}"),
        ("{# comment #}", "{# comment #}"),
        ("a { b } c", "a { b } c"),
        ("\\{x\\}", "{x}"),  # escaped by the contributor: Markdown shows the braces alone
        ("{{ 7*7 }}\n{: onclick=x }", "{{ 7*7 }} {: onclick=x }"),  # refused, yet shown if it got through
    ],
)
def test_braces_in_a_body_are_shown_as_written(text: str, shown: str) -> None:
    assert "".join(render_body(f"Before {text} after").itertext()).split() == f"Before {shown} after".split()


@pytest.mark.parametrize(
    ("destination", "safe"),
    [
        ("https://example.org/x", True),
        ("HTTP://example.org", True),
        ("/camps/chongori/", True),
        ("../../sources/src-0001/index.md", True),
        ("#summary", True),
        ("page.md?x=a:b", True),
        ("", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("&#x6A;avascript:alert(1)", False),
        ("javascript&colon;alert(1)", False),
        ("<data:text/html,x>", False),
        ("mailto:a@example.org", False),
        ("file:///etc/passwd", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
    ],
)
def test_link_destinations(destination: str, safe: bool) -> None:
    assert destination_is_safe(destination) is safe


def test_a_field_cannot_start_an_admonition_or_a_collapsible_block() -> None:
    """Record fields are printed at the start of a line; '!!! danger' there would draw a warning
    box the record does not have (a retraction notice, say)."""
    names, settings = markdown_extensions()
    for text in ['!!! danger "Retracted"', '??? note "Hidden"', '???+ note "Open"']:
        out = markdown.markdown(md_text(text), extensions=names, extension_configs=settings)
        root = html5lib.parseFragment(out, treebuilder="etree", namespaceHTMLElements=False)
        assert [el.tag for el in root if isinstance(el.tag, str)] == ["p"], out
        assert norm("".join(root.itertext())) == text


# ---- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(attack_site: Path) -> Path:
    """`mkdocs build --strict` of the attack archive with the repository's configuration and docs
    (conftest's attack_site, shared with test_accessibility)."""
    return attack_site


def outputs(site: Path) -> Iterator[tuple[str, bytes]]:
    """(site path, content) of every file the build wrote; .gz files decompressed."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path.relative_to(site).as_posix(), gzip.decompress(data) if path.suffix == ".gz" else data


def html_pages(site: Path) -> Iterator[tuple[str, Any]]:
    for rel, data in outputs(site):
        if rel.endswith(".html"):
            yield rel, html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)


def local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def scheme_of(url: str) -> str:
    """The scheme as a browser reads it: ASCII whitespace and controls dropped, case folded."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url).lower()
    m = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return m.group(1) + ":" if m else ""


def is_local(url: str) -> bool:
    parts = urlsplit(url.strip())
    return not parts.scheme and not parts.netloc and not url.strip().startswith(("//", "\\"))


def injections(root: Any) -> list[str]:
    """Everything under ``root`` (an html5lib etree element) that a payload could have made: an
    element or attribute that runs, loads or navigates."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # a comment
        tag = local_name(el.tag)
        attrs = {local_name(k): v for k, v in el.attrib.items()}
        where = f"<{tag}{''.join(f' {k}={v[:40]!r}' for k, v in attrs.items())}>"
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"a {tag} element: {where}")
        if tag == "meta" and attrs.get("http-equiv", "").lower() not in ALLOWED_HTTP_EQUIV | {""}:
            found.append(f"a meta http-equiv: {where}")
        if tag == "script":
            found += _script_problems(el, attrs, where)
        fetches = tag == "link" and FETCHING_RELS & set(attrs.get("rel", "").lower().split())
        if fetches and not is_local(attrs.get("href", "")):
            found.append(f"a link that fetches from elsewhere: {where}")
        for name, value in attrs.items():
            if name.startswith("on") or name == "srcdoc":
                found.append(f"an attribute that runs code: {where}")
            elif name in URL_ATTRIBUTES and scheme_of(value) in BAD_SCHEMES and (tag, name, value) not in THEME_URLS:
                found.append(f"a {scheme_of(value)} address: {where}")
            elif name == "style" and MARK in value:
                found.append(f"a style from a payload: {where}")
    return found


def _script_problems(el: Any, attrs: dict[str, str], where: str) -> list[str]:
    text = el.text or ""
    if attrs.get("type", "").lower() in DATA_SCRIPTS:
        if re.search(r"</script|<!--", text, re.IGNORECASE):
            return [f"a data block that could close or hide its script element: {where} {text[:80]!r}"]
        try:
            json.loads(text)
        except ValueError:
            return [f"a data block that is not JSON (a payload ended it early?): {where} {text[:80]!r}"]
        return []
    if MARK in text or not is_local(attrs.get("src", "")):
        return [f"a script from a payload: {where} {text[:80]!r}"]
    return []


def test_the_attack_archive_builds_strictly(site: Path) -> None:
    assert (site / "index.html").is_file()


def test_the_page_title_holds_the_record_title_as_text(site: Path) -> None:
    """<title> holds text up to the first '</title>'. Material prints ``page.title | striptags``,
    and striptags also unescapes, so a record title holding '</title><meta http-equiv=refresh>'
    closed the element and sent readers to another site (an inline script is stopped by the
    Content-Security-Policy; a refresh is not). The theme's htmltitle block must escape again:
    ``{{ page.title | striptags | e }}``."""
    broken = []
    for path, page in record_pages(site):
        titles = [el for el in parse(page).iter() if el.tag == "title"]
        if len(titles) != 1 or BREAKOUT not in norm(titles[0].text or ""):
            broken.append(f"{path.name}: <title> ends early: {(titles[0].text or '')[:60]!r}" if titles else path.name)
    assert broken == [], "\n".join(broken)


def test_no_payload_becomes_an_element_or_attribute(site: Path) -> None:
    found = [f"{rel}: {what}" for rel, doc in html_pages(site) for what in injections(doc)]
    assert found == [], "\n".join(found[:30])


def search_fragments(site: Path) -> list[dict[str, Any]]:
    """Pagefind's fragments, one per indexed page: gzip, then a signature, then JSON."""
    pages = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        pages.append(json.loads(data[data.index(b"{") :]))
    return pages


# Ways a script can turn text into markup; assets/search.js may use none of them.
HTML_SINKS = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "createContextualFragment")


def test_search_index_text_is_inert_html(site: Path) -> None:
    """Pagefind's index holds each page's text and title as text; assets/search.js shows them as
    text (text nodes, textContent) with the matched words in <mark>, never through a way of reading
    text as HTML, so nothing a record holds can become an element in the results."""
    pages = search_fragments(site)
    assert any(MARK in page["content"] for page in pages), "the payloads are not in the search index at all"
    assert any(BREAKOUT in norm(page["meta"]["title"]) for page in pages), "no hostile title is in the index"
    script = (REPO / "docs" / "assets" / "search.js").read_text(encoding="utf-8")
    code = "\n".join(line.split("//", 1)[0] for line in script.splitlines())  # comments may name them
    assert [sink for sink in HTML_SINKS if sink in code] == [], "assets/search.js reads text as HTML"


def record_pages(site: Path) -> Iterator[tuple[Path, Path]]:
    """(record file, its built page) for every record of the attack archive."""
    for path in attack_files():
        page = site / path.parent.name / path.stem / "index.html"
        assert page.is_file(), f"{path.relative_to(ATTACK)} has no page"
        yield path, page


def parse(page: Path) -> Any:
    return html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def visible_text(doc: Any) -> str:
    """The text of the page's article; empty when a payload broke the page so far that it has
    none (an HTML comment opened in the head swallows it)."""
    articles = [el for el in doc.iter() if el.tag == "article"]
    return norm("".join(articles[0].itertext())) if articles else ""


def test_each_payload_is_shown_as_text_on_its_record_page(site: Path) -> None:
    """Escaping must not drop what a record says: every payload a record holds is on its page,
    character for character, as text a reader sees."""
    missing = []
    for path, page in record_pages(site):
        source, shown = norm(path.read_text(encoding="utf-8")), visible_text(parse(page))
        missing += [f"{path.name}: {p[:50]!r}" for p in PAYLOADS.values() if norm(p) in source and norm(p) not in shown]
    assert missing == [], "\n".join(missing)


# Citation quotes in a stance or a correction: the page names those citations by locator only;
# the quote is in the record's JSON (<plural>/<id>.json), where the test looks for it instead.
NOT_ON_THE_PAGE = re.compile(r"(?:stance|correction) cite quote$")
# "title: |2- 1. ⟦fig-0001 title⟧: </title>...": the line start the field tries, and its label
LABELLED = re.compile(r"\|2- ((?:(?!\|2- )[^⟦])*?) ?⟦([^⟧]+)⟧: " + re.escape(BREAKOUT))


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, whitespace folded."""
    if isinstance(value, str):
        yield norm(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_every_hostile_field_is_shown_on_its_record_page(site: Path) -> None:
    """Each field starts with something Markdown reads at a line's start, then its own label
    ("1. ⟦fig-0001 title⟧: </title>..."), so a field whose text escaping dropped or changed (or
    that no template shows) is named."""
    missing = []
    for path, page in record_pages(site):
        labels = LABELLED.findall(norm(path.read_text(encoding="utf-8")))
        assert labels, f"{path.name} holds no labelled payload"
        assert {start for start, _ in labels} <= {norm(s) for s in LINE_STARTS}, labels
        shown = visible_text(parse(page))
        data = " | ".join(strings(json.loads(page.parent.with_suffix(".json").read_text(encoding="utf-8"))))
        for line_start, label in labels:
            text = f"{line_start} ⟦{label}⟧: {BREAKOUT}"
            if text not in (data if NOT_ON_THE_PAGE.search(label) else shown):
                missing.append(f"{path.name}: {text[:60]}")
    assert missing == [], "\n".join(missing)


def test_json_ld_parses_and_holds_the_payloads_as_data(site: Path) -> None:
    for path, page in record_pages(site):
        blocks = [el for el in parse(page).iter() if el.tag == "script" and el.get("type") == "application/ld+json"]
        assert len(blocks) == 1, f"{page}: {len(blocks)} JSON-LD blocks"
        raw = blocks[0].text or ""
        assert "<" not in raw and "&" not in raw, f"{path.name}: JSON-LD holds a raw '<' or '&'"
        name = json.loads(raw)["name"]
        lost = [n for n, p in PAYLOADS.items() if n != "a long word" and norm(p) not in name]
        assert lost == [], f"{path.name}: the JSON-LD name lost {lost}: {name[:200]!r}"


def test_citation_meta_tags_hold_the_title_verbatim(site: Path) -> None:
    for path, page in record_pages(site):
        tags = {el.get("name"): el.get("content") for el in parse(page).iter() if el.tag == "meta" and el.get("name")}
        title = tags.get("citation_title") or ""
        assert norm(PAYLOADS["script"]) in title and norm(PAYLOADS["leaves an attribute"]) in title, path.name


def test_template_expressions_are_never_evaluated(site: Path) -> None:
    """Record text is data handed to Jinja, never a template: {{ 7*7 }} stays, never 49."""
    evaluated = []
    for rel, data in outputs(site):
        text = data.decode("utf-8", errors="replace")
        # every payload run has "<!--" right before "{{ 7*7 }}": after evaluation, "-- 49"
        if re.search(r"--\W{0,12}49\b", text):
            evaluated.append(rel)
    assert evaluated == []
    for path, page in record_pages(site):
        assert "{{ 7*7 }}" in visible_text(parse(page)) and "{% raw %}" in visible_text(parse(page)), path.name


def test_private_fields_appear_in_no_file(site: Path) -> None:
    assert any(CANARY in p.read_text(encoding="utf-8") for p in attack_files())
    leaked = [rel for rel, data in outputs(site) if CANARY.encode() in data]
    assert leaked == [], f"private canaries published in: {leaked}"


# ---- data files -------------------------------------------------------------------------------


def test_every_json_and_xml_file_parses(site: Path) -> None:
    for rel, data in outputs(site):
        if rel.endswith(".json"):
            json.loads(data)
        elif rel.endswith((".xml", ".xml.gz")):
            ET.fromstring(data)


def test_csv_files_keep_their_columns_and_the_payloads(site: Path) -> None:
    found = False
    for path in sorted((site / "data").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        widths = {len(r) for r in rows}
        assert len(widths) == 1, f"{path.name}: rows of different widths {sorted(widths)}"
        found |= any(PAYLOADS["script"] in cell and PAYLOADS["closes a script"] in cell for r in rows for cell in r)
    assert found, "no CSV cell holds the payloads verbatim"


def test_csv_cells_cannot_start_a_spreadsheet_formula(site: Path) -> None:
    """A cell starting with = + - @ (or a tab or return) is run as a formula by spreadsheet
    programs (=HYPERLINK(...) sends whoever clicks to another site): CSV injection."""
    formulas = []
    for path in sorted((site / "data").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cell):
                    formulas.append(f"{path.name}: {cell[:40]!r}")
    assert formulas == [], "\n".join(formulas[:20])


def test_each_citation_file_holds_one_record(site: Path) -> None:
    """A title cannot close a BibTeX field or start a second RIS record."""
    for path, _page in record_pages(site):
        base = site / path.parent.name / path.stem
        if not (base / "cite.bib").is_file():
            continue  # a withdrawn record is not offered for citation
        bib = bibtexparser.parse_string((base / "cite.bib").read_text(encoding="utf-8"))
        assert len(bib.entries) == 1 and not bib.failed_blocks, f"{path.stem}: cite.bib holds more than one entry"
        (entry,) = bib.entries
        assert entry.key == path.stem, f"{path.stem}: cite.bib is keyed {entry.key!r}"
        # A payload stays inside the field that holds it: a record's title, or a source's own
        # authors, title and publisher (its citation is the document's); no field is added.
        held = {"author", "title", "howpublished", "publisher"} if path.parent.name == "sources" else {"title"}
        keys = [f.key for f in entry.fields if "injected" in f.value]
        assert "title" in keys and set(keys) <= held and len(keys) == len(set(keys)), f"{path.stem}: cite.bib {keys}"
        ris_text = (base / "cite.ris").read_text(encoding="utf-8")
        assert len(rispy.loads(ris_text)) == 1, f"{path.stem}: cite.ris holds more than one record"
        bad = [line for line in ris_text.splitlines() if line and not re.match(r"^[A-Z][A-Z0-9]  - ", line)]
        assert bad == [], f"{path.stem}: cite.ris lines that are not tags: {bad}"
        csl = json.loads((base / "cite.json").read_text(encoding="utf-8"))
        assert len(csl) == 1 and MARK in csl[0]["title"], f"{path.stem}: cite.json"


# ---- in a browser -----------------------------------------------------------------------------


def block_other_hosts(context: Any) -> None:
    """Requests to any host but the test server are recorded (Recorder) and never sent."""

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname in (HOST, None):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)


# Console errors a payload causes: the Content-Security-Policy refusing an inline script, an event
# handler or an image, or the payload's own text. (Not "connect-src": when the test server's port
# differs from site_url, Material's fetch of the sitemap at site_url is refused, payload or not.)
INJECTION_SIGNS = ("refused to execute", "refused to load", "event handler", MARK.lower(), "evil.example")


def test_nothing_runs_in_a_browser(site: Path, browser: Any) -> None:
    """Every page, each loaded as a new document (a window of its own: nothing a page sets outlives
    it), then a search whose results show payloads: no script runs, no dialog opens, no page goes
    elsewhere by itself, no request leaves the test server."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    with serving(site) as base:
        context = browser.new_context()
        requests = Recorder(context)
        block_other_hosts(context)
        dialogs: list[str] = []
        console: list[str] = []
        context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        context.on("console", lambda m: console.append(f"{m.page.url if m.page else ''}: {m.text}"))
        context.on("weberror", lambda e: console.append(f"{e.page.url if e.page else ''}: {e.error}"))
        tab = context.new_page()
        ran = [what for rel in pages if (what := visit(tab, f"{base}/{rel.removesuffix('index.html')}"))]
        tab.close()
        searched = search(context.new_page(), base, "paragraph")  # every body paragraph holds a payload
        context.close()
    assert ran == [] and dialogs == [], "\n".join(ran + dialogs)
    assert searched["results"] > 0, "the search for a payload word found nothing"
    assert searched["pwned"] == "undefined" and searched["elements"] == [], searched
    injected = [line for line in console if any(sign in line.lower() for sign in INJECTION_SIGNS)]
    assert injected == [], "\n".join(injected[:20])
    assert requests.foreign() == [], f"requests to hosts other than {HOST}: {requests.foreign()[:10]}"


def test_search_results_show_a_record_s_text_as_text(site: Path, browser: Any) -> None:
    """A record found by the search shows its hostile title and text in the results as the text
    they are: no payload dropped, none turned into markup, entities left as written."""
    page_html = parse(site / "camps" / "camp-gamma" / "index.html")
    (h1,) = [el for el in page_html.iter() if el.tag == "h1"]
    title = norm("".join(h1.itertext()).replace("\u00b6", ""))
    with serving(site) as base:
        context = browser.new_context()
        block_other_hosts(context)
        try:
            page = context.new_page()
            search(page, base, "camp-gamma")
            first = page.locator(".md-search-result__item").first
            shown_title = norm(first.locator("h1").text_content() or "")
            shown_text = norm(first.locator("article").first.text_content() or "")
            search(page, base, "bold")
            excerpts = [norm(t) for t in page.locator(".md-search-result__article p").all_text_contents()]
            pwned = page.evaluate("() => typeof window.__pwned")
        finally:
            context.close()
    assert shown_title == title, f"the result's title {shown_title[:80]!r} is not the page's {title[:80]!r}"
    assert BREAKOUT in shown_text, shown_text[:200]
    entities = PAYLOADS["entities stay entities"]
    assert any(entities in e for e in excerpts), f"{entities!r} is not shown as written in {excerpts[:3]}"
    assert pwned == "undefined"


def visit(page: Any, url: str) -> str | None:
    """What a page did by itself when opened in ``page`` (a browser tab): went elsewhere, or set
    window.__pwned; None if nothing."""
    from playwright.sync_api import Error

    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(50)  # a meta refresh of 0 s fires right after load
        if page.url != url:
            return f"{url} went to {page.url}"
        if page.evaluate("() => typeof window.__pwned") != "undefined":
            return f"{url} set window.__pwned"
    except Error as e:  # the page navigated away while it was being read
        return f"{url}: {str(e).splitlines()[0]}"
    return None


def search(page: Any, base: str, query: str) -> dict[str, Any]:
    """Search the site as a reader would; what the results hold once shown."""
    page.goto(base + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)  # the search runs as keys are typed
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)  # the last key's results
    return {
        "results": page.locator(".md-search-result__item").count(),
        "pwned": page.evaluate("() => typeof window.__pwned"),
        "elements": page.evaluate(
            """() => [...document.querySelectorAll('.md-search-result *')]
                .filter(e => ['SCRIPT', 'IMG', 'IFRAME', 'META', 'OBJECT', 'EMBED'].includes(e.tagName)
                             || [...e.attributes].some(a => a.name.startsWith('on')))
                .map(e => e.outerHTML.slice(0, 80))"""
        ),
    }
