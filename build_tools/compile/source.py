"""The archive as a plain site source: every page as Markdown whose front matter carries all the
theme needs (its language and counterparts, the head's JSON-LD and citation tags, the date, the
edit and correction links), the data and citation files, the pages written by hand, and what the
theme reads from the configuration (the words of each language, the Korean navigation, the
Content-Security-Policy). MkDocs (through site/plugin.py) and any MkDocs-style generator (through
site/generators.py, from a folder this writes) build the same pages from it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from build_tools.compile.build import Result
from build_tools.outputs import csp
from build_tools.pages.contribute import page_address
from build_tools.pages.i18n import ENGLISH, KOREAN, LANGUAGES, counterpart, plain
from build_tools.pages.meta import NOT_PAGES, hand_written, hand_written_page, page_meta

# A theme template's words in the page's language: lang.w("...") (docs/templates/partials/language.html).
_THEME_WORD = re.compile(r"""lang\.w\(\s*"((?:[^"\\]|\\.)*)"\s*\)""")


def theme_words(templates: Path) -> list[str]:
    """The words the theme's templates say in the page's language, in order."""
    found = (m.group(1) for p in sorted(templates.rglob("*.html")) for m in _THEME_WORD.finditer(p.read_text("utf-8")))
    return list(dict.fromkeys(found))


def site_extra(site_name: str, nav: list[Any], pages: set[str], templates: Path, serve: bool = False) -> dict[str, Any]:
    """What the theme reads from the configuration's ``extra``: the Content-Security-Policy (the
    preview's lets live reload run), the theme's words and the site's name in each language, the
    navigation of the Korean pages (``nav``: mkdocs.yml's) and each language's home."""
    words = theme_words(templates)
    korean = plain(KOREAN.code)

    def korean_item(title: str, path: str) -> dict[str, Any]:
        there = counterpart(path, KOREAN)  # where Korean has no such page (the reference), the English one
        url = page_address(there if there in pages else path)
        return {"title": korean(title), "url": url, "children": [], "active": False}

    ko_nav = [korean_item(title, path) for item in nav if isinstance(item, dict) for title, path in item.items()]
    return {
        "csp": csp.PREVIEW if serve else csp.POLICY,
        "words": {lang.code: {w: plain(lang.code)(w) for w in words} for lang in LANGUAGES.values() if lang != ENGLISH},
        "site_names": {lang.code: plain(lang.code)(site_name) for lang in LANGUAGES.values()},
        "nav": {KOREAN.code: ko_nav},
        "homes": {lang.code: lang.prefix for lang in LANGUAGES.values()},
    }


def source_pages(result: Result, root: Path, docs: Path) -> Iterator[tuple[str, str]]:
    """Every page of the site (site path, Markdown with its front matter), generated or written
    by hand under ``docs``, and every other file the compiler made, in order."""
    written = hand_written(docs)
    pages = {p.path for p in result.pages} | set(written)
    for path in written:  # first, where MkDocs lists docs/ (the sitemap's order)
        ours = result.hand_written(path, docs / path, root)
        text = (docs / path).read_text(encoding="utf-8")
        yield path, hand_written_page(text, page_meta(path, pages, "", ours.date, ours.links))
    for page in result.pages:  # their front matter written as they were made
        yield page.path, page.markdown
    yield from sorted(result.files.items())


def write_source(result: Result, root: Path, out: Path, config: dict[str, Any]) -> Path:
    """Write the plain site source into ``out`` (emptied first): ``docs/`` (every page and file,
    and the hand-written pages' assets), ``overrides/`` (the theme's templates) and ``mkdocs.yml``
    (``config``: mkdocs.yml's, as read, without plugins). Returns the configuration's path."""
    docs = root / str(config.get("docs_dir", "docs"))
    if out.exists():
        shutil.rmtree(out)
    target = out / "docs"
    for path in _assets(docs):
        _write(target / path, (docs / path).read_bytes())
    written: list[str] = []
    for path, text in source_pages(result, root, docs):
        _write(target / path, text.encode("utf-8"))
        written.append(path)
    theme = dict(config.get("theme") or {})
    overrides = docs / "templates"
    if overrides.is_dir():
        shutil.copytree(overrides, out / "overrides")
        theme["custom_dir"] = "overrides"
    pages = {p for p in written if p.endswith(".md")}
    extra = dict(config.get("extra") or {})
    extra |= site_extra(str(config.get("site_name", "")), list(config.get("nav") or []), pages, overrides)
    plain_config = {k: v for k, v in config.items() if k not in ("plugins", "docs_dir", "site_dir", "exclude_docs")}
    plain_config |= {"docs_dir": "docs", "theme": theme, "extra": extra, "plugins": []}
    plain_config["markdown_extensions"] = list(_extensions(config.get("markdown_extensions") or []))
    text = yaml.dump(plain_config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")
    return out / "mkdocs.yml"


class PythonName(str):
    """A Python name, written as YAML's !!python/name tag, which generators resolve on reading."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    PythonName, lambda dumper, name: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", "")
)


def _extensions(listed: Iterable[Any]) -> Iterator[Any]:
    """mkdocs.yml's Markdown extensions, with toc's slugify the one that keeps Hangul."""
    for item in listed:
        if isinstance(item, dict) and "toc" in item:
            yield {"toc": dict(item["toc"] or {}) | {"slugify": PythonName("build_tools.records.anchors.slugify")}}
        else:
            yield item


def _assets(docs: Path) -> list[str]:
    """The files under ``docs`` that are not pages (stylesheets, scripts), as site paths."""
    if not docs.is_dir():
        return []
    found = (p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and not p.is_symlink())
    return sorted(p for p in found if not p.endswith(".md") and p.split("/", 1)[0] not in NOT_PAGES)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
