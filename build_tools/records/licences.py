"""The terms the archive is published under: its data and its own text under Creative Commons
Attribution 4.0, its code under MIT (pyproject.toml). Quoted material and the sources themselves
stay under their owners' terms. LICENSE, LICENSE-DATA.md and LICENSE-TEXT.md at the repository's
root, CITATION.cff, the data page, the About page and every page's footer say the same."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    spdx: str  # the SPDX identifier, also the Open Definition's ID the Data Package spec asks for
    title: str
    url: str  # the licence's own address


CC_BY_4 = Licence(
    "CC-BY-4.0", "Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"
)

DATA = CC_BY_4  # the records and every download; the archive's own text is under it too (LICENSE-TEXT.md)


def package_licences() -> list[dict[str, str]]:
    """The ``licenses`` of a Frictionless Data Package: name, path and title of each."""
    return [{"name": DATA.spdx, "path": DATA.url, "title": DATA.title}]
