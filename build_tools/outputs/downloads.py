"""The catalogue of the downloads page: which data files there are, in what order, what each holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from build_tools.records.model import KINDS, KINDS_BY_PLURAL

DATA_DIR = "data/"


@dataclass(frozen=True)
class Download:
    path: str  # site path, under data/
    about: str  # what it holds, for readers
    media_type: str


def downloads(files: dict[str, str]) -> list[Download]:
    """Every file under data/, the package and the whole archive first."""
    paths = sorted((p for p in files if p.startswith(DATA_DIR)), key=_download_order)
    return [Download(p, describe_download(p), media_type(p)) for p in paths]


def media_type(path: str) -> str:
    return {".json": "application/json", ".csv": "text/csv", ".cff": "application/x-yaml"}.get(
        PurePosixPath(path).suffix, "application/octet-stream"
    )


_FIRST = ["datapackage.json", "archive.json", "records.csv"] + [f"{k.plural}.csv" for k in KINDS.values()]


def _download_order(path: str) -> tuple[int, str]:
    """The package and the whole archive first, then the tables, schemas, and the CFF last."""
    name = PurePosixPath(path).name
    if name in _FIRST:
        return _FIRST.index(name), path
    return len(_FIRST) + (2 if name.endswith(".schema.json") else 3 if name.endswith(".cff") else 1), path


def describe_download(path: str) -> str:
    name = PurePosixPath(path).name
    plural = name.removesuffix(".csv")
    if name == "archive.json":
        return "every record, as JSON"
    if name == "datapackage.json":
        return "the data package: what every CSV column holds, and the keys between tables"
    if name == "CITATION.cff":
        return "how to cite the archive as a whole (Citation File Format)"
    if name.endswith(".schema.json"):
        kind = name.removesuffix(".schema.json")
        return f"JSON Schema of {'an' if kind[0] in 'aeiou' else 'a'} {kind} record file, for editors and checks"
    if plural in KINDS_BY_PLURAL:
        return f"{KINDS_BY_PLURAL[plural].label_plural}: one row each"
    return {
        "records.csv": "every record: ID, kind, title and permalink",
        "links.csv": "references between records",
        "citations.csv": "every citation: which record cites which source, and where in it",
        "legs.csv": "the legs of each export route",
        "stances.csv": "which testimonies corroborate or contradict which claims",
        "corrections.csv": "corrections and retractions of testimonies",
        "inputs.csv": "the figures each derived figure is computed from",
    }.get(name, "a table of the archive")
