"""MkDocs' side of the archive's languages (i18n.py): each page's language for the theme, the
links to the same page in the other language, and the navigation of the Korean pages.

The language switcher (docs/templates/partials/alternate.html) links each page to its
counterpart, with ``hreflang``; the sitemap (docs/templates/sitemap.xml) gives search engines
the same pairs. The pairs are deliberately not ``<link rel="alternate">`` tags in each page's
head: Material takes every such link for another language of the whole site and fetches a
``sitemap.xml`` beside it, a wasted request (a 404 at a page's address) on every page a reader
opens.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from jinja2 import pass_context
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .i18n import ENGLISH, KOREAN, LANGUAGES, Language, counterpart, language_of, plain
from .markup import slugify

PERMALINK_TITLE = "Permanent link"  # the title of a heading's ¶ link (Python-Markdown's toc default)


def _url(path: str) -> str:
    """The address of the page at docs path ``path``, relative to the site's root."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


class Languages:
    """A mixin for the plugin, before the others it calls on: ``on_config`` gives headings
    Hangul anchors, ``on_nav`` notes which pages exist
    and makes the Korean navigation, ``on_env`` gives the theme ``language_of_page(page)`` (the
    page's language, site name and counterparts) and ``_(text)`` (the theme's own words in the
    page's language), ``on_page_content`` titles a Korean page's heading links in Korean,
    ``on_page_context`` gives a Korean page the Korean navigation. Nothing is stored on the
    pages: 20,000 pages would each hold a copy."""

    _pages: frozenset[str] = frozenset()
    _korean_nav: Navigation | None = None
    _permalink_title = PERMALINK_TITLE

    def on_config(self, config: Any) -> Any:
        """Headings' anchors keep Hangul (markup.slugify): MkDocs' toc would drop every letter
        outside ASCII, leaving a Korean heading without an anchor of its own."""
        toc = config.mdx_configs.setdefault("toc", {})
        toc["slugify"] = slugify
        self._permalink_title = toc.get("permalink_title", PERMALINK_TITLE)
        return config

    def on_nav(self, nav: Any, /, **kwargs: Any) -> Any:
        nav = super().on_nav(nav, **kwargs)  # type: ignore[misc]
        files: Files = kwargs["files"]
        self._pages = frozenset(f.src_uri for f in files.documentation_pages())
        word = plain(KOREAN.code)

        def korean(item: Any) -> Any:
            if isinstance(item, Section):
                return Section(word(item.title), [korean(c) for c in item.children])
            if isinstance(item, Page):
                return Link(word(item.title or ""), _url(self._switch(item.file.src_uri, KOREAN, item.file.src_uri)))
            return item

        self._korean_nav = Navigation([korean(i) for i in nav.items], [])
        self._korean_nav.homepage = Link(word("Home"), KOREAN.prefix)  # type: ignore[assignment]
        return nav

    def _switch(self, path: str, lang: Language, otherwise: str | None = None) -> str:
        """The page at ``path`` in ``lang``; where that language has none, ``otherwise`` or else
        that language's home page."""
        there = counterpart(path, lang)
        return there if there in self._pages else otherwise or lang.prefix + "index.md"

    def language_of_page(self, page: Page | None, site_name: str) -> dict[str, Any]:
        """For the theme: the page's language code, the site's name in it, and the page's
        counterparts ({lang, name, link, current, same}, link relative to the site's root)."""
        if page is None or page.file is None:
            return {"lang": ENGLISH.code, "site_name": site_name, "alternates": []}
        path = page.file.src_uri
        lang = language_of(path)
        alternates = [
            {
                "lang": other.code,
                "name": other.name,
                "link": _url(self._switch(path, other)),
                "current": other == lang,
                "same": counterpart(path, other) in self._pages,  # the page itself, not a home page
            }
            for other in LANGUAGES.values()
        ]
        return {"lang": lang.code, "site_name": plain(lang.code)(site_name), "alternates": alternates}

    def on_env(self, env: Any, /, **kwargs: Any) -> Any:
        env = super().on_env(env, **kwargs)  # type: ignore[misc]
        env.globals["language_of_page"] = self.language_of_page
        env.globals["_"] = _theme_word
        return env

    def on_page_content(self, html: str, /, *, page: Any, **kwargs: Any) -> Any:
        lang = language_of(page.file.src_uri)
        if lang != ENGLISH:
            title, said = escape(self._permalink_title), escape(plain(lang.code)(self._permalink_title))
            link = f'(<a class="headerlink" href="[^"]*") title="{re.escape(title)}"'
            html = re.sub(link, lambda m: f'{m.group(1)} title="{said}"', html)
        return super().on_page_content(html, page=page, **kwargs)  # type: ignore[misc]

    def on_page_context(self, context: Any, /, *, page: Any, **kwargs: Any) -> Any:
        context = super().on_page_context(context, page=page, **kwargs)  # type: ignore[misc]
        if language_of(page.file.src_uri) == KOREAN and self._korean_nav is not None:
            context["nav"] = self._korean_nav
        return context


@pass_context
def _theme_word(context: Any, text: str) -> str:
    """``_("Made with")`` in a theme template: the words in the language of the page being
    written (English where the catalogue has none); not escaped, as MkDocs' templates are not."""
    page = context.get("page")
    file = getattr(page, "file", None)
    return plain(language_of(file.src_uri).code)(text) if file is not None else text
