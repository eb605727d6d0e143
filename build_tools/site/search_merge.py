"""One Pagefind index made of the indexes of the site's parts (build_tools/site/search.py).

Pagefind holds every word of every page in memory until it writes its index: about 1.2 GB at
10,000 pages, whatever its number of threads. search.py therefore indexes the pages in parts, one
Pagefind run after another, and this module merges the parts' bundles into the bundle one run over
all the pages would have written: the same words, pages and positions, cut into chunks by
Pagefind's own rule and named by their content, so a reader's browser fetches what it fetched
before. Only the word index and the metadata are rewritten; the fragments (one per page) are moved
as they are, and Pagefind's scripts and WebAssembly are the first part's.

The files it reads and writes are Pagefind's own (pinned in requirements.txt): gzip, then the
signature ``pagefind_dcd``, then CBOR. The metadata (``pagefind.LANG_HASH.pf_meta``) is
``[version, pages, chunks, filters, sorts, meta_fields]``, a page ``[fragment, word_count]`` and a
chunk ``[from, to, file]``; a chunk of the word index (``index/*.pf_index``) is ``[words]``, a word
``[word, pages, variants]``, a variant (the word as written with diacritics) ``[form, pages]``
and a page ``[number, positions, meta_positions]``. Page numbers are deltas from the word's
previous page; in ``meta_positions`` a negative number ``-(field + 1)`` names the metadata field
(an index into ``meta_fields``) of the positions that follow it. Anything else (Pagefind's filters
or sorts, which the archive does not use, or another layout) is refused with ``MergeError``.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# Pagefind closes a chunk of the word index once its words' pages (not their variants') hold this
# many positions and pages; the environment variable is Pagefind's own way to change it.
CHUNK_SIZE = int(os.environ.get("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", "20000"))


class MergeError(ValueError):
    """A part's bundle is not laid out as this module expects."""


# --- CBOR, as much of it as Pagefind writes ------------------------------------------------------

# The length in bytes of an integer that starts with a given byte (0 for anything else).
_INT_LENGTH = bytes(
    {24: 2, 25: 3, 26: 5, 27: 9}.get(b & 31, 1 if b & 31 < 24 else 0) if b >> 5 in (0, 1) else 0 for b in range(256)
)


def _head(data: bytes, i: int) -> tuple[int, int, int]:
    """The major type and argument of the item at ``i``, and where its content starts."""
    first = data[i]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, i + 1
    if info > 27:
        raise MergeError(f"an item of indefinite or reserved length at byte {i}")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[i + 1 : i + 1 + size], "big"), i + 1 + size


def _expect(data: bytes, i: int, major: int) -> tuple[int, int]:
    kind, value, i = _head(data, i)
    if kind != major:
        raise MergeError(f"found CBOR major type {kind} where {major} was expected")
    return value, i


def _decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """The item at ``i`` (integers, text and arrays), and where the next one starts."""
    major, value, i = _head(data, i)
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 3:
        return data[i : i + value].decode("utf-8"), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    raise MergeError(f"unexpected CBOR major type {major}")


def _head_bytes(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise MergeError(f"{value} does not fit a CBOR integer")


def _encode(item: Any) -> bytes:
    if isinstance(item, int):
        return _head_bytes(0, item) if item >= 0 else _head_bytes(1, -1 - item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _head_bytes(3, len(raw)) + raw
    if isinstance(item, list):
        return _head_bytes(4, len(item)) + b"".join(_encode(x) for x in item)
    raise MergeError(f"cannot encode {type(item).__name__}")


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise MergeError(f"{path.name} is not a Pagefind file")
    return data[len(SIGNATURE) :]


def _packed(data: bytes) -> bytes:
    return gzip.compress(SIGNATURE + data, compresslevel=7, mtime=0)


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(_packed(data))


def _name(prefix: str, data: bytes, length: int, taken: set[str]) -> str:
    """A file name from ``data``'s hash, as Pagefind names its files, longer while one is taken."""
    digest = hashlib.sha1(data).hexdigest()
    while (name := f"{prefix}_{digest[:length]}") in taken:
        length += 1
    taken.add(name)
    return name


# --- one part's word index, read a chunk at a time -------------------------------------------------

# A page of a word: its number on the merged index, how many positions and meta positions it
# has (what Pagefind's chunk size counts), and its positions and meta positions as CBOR.
Page = tuple[int, int, bytes]
Word = tuple[str, list[Page], list[tuple[str, list[Page]]]]


def _skip_integers(data: bytes, i: int) -> tuple[int, int]:
    """Step over the array of integers at ``i``: its length, and where the next item starts."""
    head = data[i]
    if 0x80 <= head < 0x98:  # most arrays are short enough to have their length in their first byte
        count, i = head - 0x80, i + 1
    else:
        count, i = _expect(data, i, 4)
    for _ in range(count):
        step = _INT_LENGTH[data[i]]
        if not step:
            raise MergeError("a position is not an integer")
        i += step
    return count, i


def _pages(data: bytes, i: int, offset: int, fields: Sequence[int] | None) -> tuple[list[Page], int]:
    """The pages of a word at ``i``, numbered from ``offset``; ``fields`` renumbers the metadata
    fields named in the meta positions (None: they keep their numbers)."""
    count, i = _expect(data, i, 4)
    pages: list[Page] = []
    number = offset
    for _ in range(count):
        if data[i] != 0x83:
            raise MergeError("a page of the word index is not [number, positions, meta positions]")
        if data[i + 1] < 24:
            number += data[i + 1]
            i += 2
        else:
            delta, i = _expect(data, i + 1, 0)
            number += delta
        start = i
        n, i = _skip_integers(data, i)
        if fields is None or data[i] == 0x80:  # no meta positions, or no field to renumber
            m, i = _skip_integers(data, i)
            pages.append((number, n + m, data[start:i]))
        else:
            positions = data[start:i]
            meta, i = _decode(data, i)
            meta = [-(fields[-x - 1] + 1) if x < 0 else x for x in meta]
            pages.append((number, n + len(meta), positions + _encode(meta)))
    return pages, i


def _words(chunks: list[Path], offset: int, fields: Sequence[int] | None) -> Iterator[Word]:
    """A part's words in order, with their pages numbered on the merged index."""
    for path in chunks:
        data = _read(path)
        if data[0] != 0x81:
            raise MergeError(f"{path.name} is not [words]")
        count, i = _expect(data, 1, 4)
        for _ in range(count):
            if data[i] != 0x83:
                raise MergeError(f"a word of {path.name} is not [word, pages, variants]")
            word, i = _decode(data, i + 1)
            pages, i = _pages(data, i, offset, fields)
            n, i = _expect(data, i, 4)
            variants = []
            for _ in range(n):
                if data[i] != 0x82:
                    raise MergeError(f"a variant of {path.name} is not [form, pages]")
                form, i = _decode(data, i + 1)
                variant_pages, i = _pages(data, i, offset, fields)
                variants.append((form, variant_pages))
            yield word, pages, variants


def _encode_pages(pages: list[Page]) -> bytes:
    out = [_head_bytes(4, len(pages))]
    last = 0
    for number, _, rest in pages:
        out += [b"\x83", _head_bytes(0, number - last), rest]
        last = number
    return b"".join(out)


def _size(pages: list[Page]) -> int:
    return sum(n + 1 for _, n, _ in pages)


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest starts of neighbouring words ``a`` < ``b`` that tell them apart (one character
    past what they share), as Pagefind bounds its chunks."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[: common + 1], b[: common + 1]


# --- the merge -----------------------------------------------------------------------------------


def _merge_language(
    parts: list[tuple[Path, list[Any]]], lang: str, out: Path, names: set[str], writer: ThreadPoolExecutor
) -> tuple[str, int]:
    """Merge one language's indexes of ``parts`` (bundle folder, its metadata) into ``out``;
    returns the merged metadata's hash and the number of pages."""
    fields = sorted({field for _, meta in parts for field in meta[5]})
    pages: list[list[Any]] = []
    streams = []
    for bundle, meta in parts:
        if meta[3] or meta[4]:
            raise MergeError("Pagefind's filters and sorts are not merged; the archive's pages use none")
        renumber = [fields.index(field) for field in meta[5]]
        renumber_or_none = None if renumber == list(range(len(renumber))) else renumber
        streams.append(
            _words([bundle / "index" / f"{chunk[2]}.pf_index" for chunk in meta[2]], len(pages), renumber_or_none)
        )
        for page in meta[1]:
            fragment = bundle / "fragment" / f"{page[0]}.pf_fragment"
            target = out / "fragment" / f"{page[0]}.pf_fragment"
            if page[0] in names and not (target.is_file() and target.read_bytes() == fragment.read_bytes()):
                page = [_name(lang, fragment.read_bytes(), 7, names), *page[1:]]
                target = out / "fragment" / f"{page[0]}.pf_fragment"
            names.add(page[0])
            os.replace(fragment, target)
            pages.append(page)

    chunks: list[list[str]] = []  # [from, to, file]
    written: list[Future[None]] = []
    words: list[bytes] = []
    size = 0
    first = last = ""

    def close() -> None:
        nonlocal words, size
        data = _head_bytes(4, 1) + _head_bytes(4, len(words)) + b"".join(words)
        name = _name(lang, data, 7, names)
        written.append(writer.submit(_write, out / "index" / f"{name}.pf_index", data))
        chunks.append([first, last, name])
        words, size = [], 0

    merged = heapq.merge(*streams, key=lambda word: word[0])
    for word, group in itertools.groupby(merged, key=lambda word: word[0]):
        word_pages: list[Page] = []
        variants: dict[str, list[Page]] = {}
        for _, more_pages, more_variants in group:
            word_pages += more_pages
            for form, variant_pages in more_variants:
                variants.setdefault(form, []).extend(variant_pages)
        if not words:
            first = word
        last = word
        encoded_variants = [b"\x82" + _encode(form) + _encode_pages(vp) for form, vp in variants.items()]
        words.append(
            b"\x83"
            + _encode(word)
            + _encode_pages(word_pages)
            + _head_bytes(4, len(variants))
            + b"".join(encoded_variants)
        )
        size += _size(word_pages)  # Pagefind counts the word's own pages, not its variants'
        if size >= CHUNK_SIZE:
            close()
    if words:
        close()
    for done in written:
        done.result()  # raises what writing a chunk raised
    # Pagefind's chunk bounds: the shortest prefixes that still tell neighbouring chunks apart
    for left, right in itertools.pairwise(chunks):
        to, start = _prefixes(left[1], right[0])
        if to >= left[0]:
            left[1] = to
        right[0] = start

    meta_data = _encode([parts[0][1][0], pages, chunks, [], [], fields])
    digest = _name(lang, meta_data, 10, names)
    (out / f"pagefind.{digest}.pf_meta").write_bytes(_packed(meta_data))
    return digest, len(pages)


def settle(bundle: Path) -> None:
    """Write one Pagefind run's entry file with its languages in a fixed order: Pagefind writes
    them in an order of its own that varies from run to run, so that two builds of one commit
    would differ (merge() writes them in this order too)."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    entry["languages"] = {lang: entry["languages"][lang] for lang in sorted(entry["languages"])}
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def merge(bundles: list[Path], out: Path) -> None:
    """Merge the Pagefind bundles ``bundles`` (each from a run over some of the site's pages) into
    one bundle at ``out``, which must not exist. The bundles are used up."""
    entries = [json.loads((bundle / ENTRY).read_text(encoding="utf-8")) for bundle in bundles]
    out.mkdir()
    (out / "index").mkdir()
    (out / "fragment").mkdir()
    for item in bundles[0].iterdir():  # Pagefind's scripts and WebAssembly, the same in every part
        if item.is_file() and item.name != ENTRY and not item.name.endswith(".pf_meta"):
            shutil.copy2(item, out / item.name)
    for bundle in bundles[1:]:
        for item in bundle.glob("wasm.*"):
            if not (out / item.name).exists():
                shutil.copy2(item, out / item.name)
    names: set[str] = set()
    entry = dict(entries[0], languages={})
    for lang in sorted({lang for e in entries for lang in e["languages"]}):
        parts = []
        for bundle, e in zip(bundles, entries, strict=True):
            if lang in e["languages"]:
                meta_path = bundle / f"pagefind.{e['languages'][lang]['hash']}.pf_meta"
                meta, _ = _decode(_read(meta_path))
                if not (isinstance(meta, list) and len(meta) == 6):
                    raise MergeError(f"{meta_path.name} is not [version, pages, chunks, filters, sorts, fields]")
                parts.append((bundle, meta))
        wasm = next(e["languages"][lang]["wasm"] for e in entries if lang in e["languages"])
        with ThreadPoolExecutor(max_workers=1) as writer:  # compresses chunks while the next are merged
            digest, count = _merge_language(parts, lang, out, names, writer)
        entry["languages"][lang] = {"hash": digest, "wasm": wasm, "page_count": count}
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
