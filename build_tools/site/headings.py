"""The headings' links on a page in another language than English: their title (Python-Markdown's
toc gives every page one, "Permanent link") said in the page's language. After the conversion to
HTML, whichever generator converted it. No MkDocs import."""

from __future__ import annotations

import re
from html import escape

from build_tools.pages.i18n import ENGLISH, Language, plain

PERMALINK_TITLE = "Permanent link"  # the title of a heading's ¶ link (Python-Markdown's toc default)


def retitled(html: str, lang: Language, title: str = PERMALINK_TITLE) -> str:
    """``html`` (a page's, in ``lang``) with its headings' links titled in ``lang``."""
    if lang == ENGLISH:
        return html
    said = escape(plain(lang.code)(title))
    link = f'(<a class="headerlink" href="[^"]*") title="{re.escape(escape(title))}"'
    return re.sub(link, lambda m: f'{m.group(1)} title="{said}"', html)
