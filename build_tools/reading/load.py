"""sources/ -> raw records, each with a key-path -> line map. Never raises for bad input."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter

from build_tools.reading.yamlread import describe_char, parse_yaml
from build_tools.records.fields import id_problem
from build_tools.records.model import KINDS, KINDS_BY_PLURAL
from build_tools.records.problems import Origin, Problem, quote
from build_tools.records.raw import MAX_REPORTED, KeyPath, RawRecord

SOURCES_DIR = "sources"
EXTENSIONS = (".yaml", ".md")
IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store"}

Read = tuple[RawRecord | None, list[Problem]]  # a record file: its record, if it has one, and its problems
ReadFiles = Callable[[Path, list[str], list[str]], list[Read]]  # (root, paths, their relative paths)


@dataclass
class Loaded:
    records: list[RawRecord]
    problems: list[Problem]
    files: int
    permalinks: dict[str, str] = field(default_factory=dict)  # /<plural>/<id>/ -> path, every record file


def record_files(root: Path) -> list[Path]:
    return [Path(path) for path, _rel in _record_files(root)[0]]


def is_record_path(rel: str) -> bool:
    """Whether a file at ``rel`` (relative to the archive) is one ``load_records`` reads."""
    parts = rel.split("/")
    return (
        len(parts) > 1
        and parts[0] == SOURCES_DIR
        and not any(_passed_over("/".join(parts[:n]), part) for n, part in enumerate(parts[1:], 1))
    )


def _passed_over(folder: str, name: str) -> bool:
    """Whether the file or folder ``name`` in ``folder`` (relative to the archive) holds no record."""
    return name.startswith(".") or (folder == SOURCES_DIR and name in IGNORED_NAMES)


def _record_files(root: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Every file under ``root/sources`` but hidden ones (or in hidden folders) and the folder's
    own README and the like, in path order, each with its path relative to ``root``; and the
    paths of the symbolic links found there, which are not followed (a record must be a file of
    the archive itself: a link can point at any file of the machine that builds a pull request).
    Paths as text: a Path for each of 10,000 files took a tenth of a second, and validate reads
    them on other cores (ahead.py), which make their own."""
    base = root / SOURCES_DIR
    if base.is_symlink():
        return [], [SOURCES_DIR]
    if not base.is_dir():
        return [], []
    found: list[tuple[str, str]] = []
    linked: list[str] = []
    folders = [(str(base), SOURCES_DIR)]
    while folders:
        folder, rel = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:  # as Path.rglob does, a folder that may not be read is passed over
            continue
        for entry in entries:
            if _passed_over(rel, entry.name):
                continue
            if entry.is_symlink():
                linked.append(f"{rel}/{entry.name}")
            elif entry.is_file(follow_symlinks=False):
                found.append((entry.path, f"{rel}/{entry.name}"))
            elif entry.is_dir(follow_symlinks=False):  # nor does it go into a linked folder
                folders.append((entry.path, f"{rel}/{entry.name}"))
    # In path order: on POSIX that of the parts of the path below the root, as text, which is
    # Path's order without its cost (a tenth of a second for 10,000 files); elsewhere Path's own.
    found.sort(key=(lambda pair: pair[1].split("/")) if os.name == "posix" else (lambda pair: Path(pair[0])))
    return found, sorted(linked)


def read_here(root: Path, paths: list[str], rels: list[str]) -> list[Read]:
    """What ``load_file`` gives for each file, read one after another in this process."""
    return [load_file(root, Path(path), rel) for path, rel in zip(paths, rels, strict=True)]


def load_records(root: Path, read: ReadFiles = read_here) -> Loaded:
    """Read every record file under ``root/sources``, in path order. ``read`` reads the files
    (their paths, and the same relative to ``root``) and gives what ``load_file`` gives for each:
    by default here, one after another; the orchestrator may hand in a faster way (speed/: on
    every core, from a cache, or from what an earlier rebuild kept), which gives the same."""
    listed, linked = _record_files(root)
    files, rels = [path for path, _rel in listed], [rel for _path, rel in listed]
    records: list[RawRecord] = []
    problems: list[Problem] = [link_problem(rel) for rel in linked]
    permalinks: dict[str, str] = {}
    for rel, (rec, probs) in zip(rels, read(root, files, rels), strict=True):
        problems.extend(probs)
        kind: str | None
        rid: str | None
        if rec is not None:
            records.append(rec)
            kind, rid, rel = rec.kind, rec.id, rec.path
        else:  # a file that does not load still holds its permalink: it is reported for its own errors
            kind, rid, _complaint = place_of(rel)
        if kind is not None and rid is not None and id_problem(rid) is None:  # a bad name is no address
            permalinks.setdefault(f"/{KINDS[kind].plural}/{rid}/", rel)
    return Loaded(records, problems, len(files), permalinks)


def linked_part(root: Path, rel: str) -> str | None:
    """The first part of ``rel`` (a path relative to ``root``) that is a symbolic link, or that
    leads out of ``root``: such a path is not read."""
    parts = rel.split("/")
    if Path(rel).is_absolute() or ".." in parts:
        return rel
    for n in range(1, len(parts) + 1):
        try:
            if stat.S_ISLNK(os.lstat(root.joinpath(*parts[:n])).st_mode):
                return "/".join(parts[:n])
        except OSError:  # not there: reading it says so
            return None
    return None


def links_under(root: Path, folder: str) -> list[str]:
    """Every symbolic link in ``root/folder`` (the folder itself included), as paths relative to
    ``root``, in path order; links are not followed (MkDocs follows them in docs/)."""
    base = root / folder
    if base.is_symlink():
        return [Path(folder).as_posix()]
    found = []
    for here, dirs, files in os.walk(base):  # os.walk does not go into linked folders
        for name in [*dirs, *files]:
            if os.path.islink(os.path.join(here, name)):
                found.append(Path(os.path.relpath(os.path.join(here, name), root)).as_posix())
    return sorted(found)


def link_problem(rel: str) -> Problem:
    """A symbolic link found at ``rel``, as the problem that says it is not followed."""
    return Problem(
        Origin(rel, 1, 1),
        "linked-file",
        "this is a symbolic link, which is not followed: what the archive publishes must be its own"
        " files; put the file itself here in place of the link",
    )


def relative_path(root: Path, path: Path) -> str:
    """``path`` as a POSIX path relative to the archive root (as given when outside it)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def place_of(rel: str) -> tuple[str | None, str | None, str | None]:
    """(kind, id, complaint) for a path relative to the root; complaint explains a wrong place."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != SOURCES_DIR:
        return (
            None,
            None,
            (f"a record belongs in sources/<kind-plural>/<id>.yaml; kinds: {', '.join(sorted(KINDS_BY_PLURAL))}"),
        )
    folder, name = parts[1], parts[2]
    kind = KINDS_BY_PLURAL.get(folder)
    if kind is None:
        return None, None, (f"'{folder}' is not a record folder; use one of: {', '.join(sorted(KINDS_BY_PLURAL))}")
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext}" not in EXTENSIONS:
        return None, None, f"'{name}' must end in .yaml (or .md for a record with a narrative body)"
    return kind.name, stem, None


def load_file(
    root: Path, path: Path, rel: str | None = None, raw: bytes | None = None
) -> tuple[RawRecord | None, list[Problem]]:
    """One record file; ``rel`` is its path relative to ``root``, worked out here if not given,
    and ``raw`` its bytes, if they were read already (as they are when no larger than a record
    may be)."""
    rel = relative_path(root, path) if rel is None else rel
    if raw is None and (link := linked_part(root, rel)) is not None:
        return None, [link_problem(link)]
    kind, rid, complaint = place_of(rel)
    if complaint or kind is None or rid is None:
        return None, [Problem(Origin(rel, 1, 1), "wrong-folder", complaint or "wrong place")]
    problems: list[Problem] = []
    if (wrong := id_problem(rid)) is not None:
        problems.append(Problem(Origin(rel, 1, 1), "invalid-id", f"the file name '{quote(rid)}' {wrong}"))
    text, unreadable = read_text(rel, path, raw)
    problems += unreadable
    if text is None:
        return None, problems
    split = _split_front_matter(text) if path.suffix == ".md" else (text, "", 0, 0)
    problems += text_problems(rel, text, split[3] if split and split[1] else None)
    if split is None:
        problems.append(
            Problem(
                Origin(rel, 1, 1),
                "missing-front-matter",
                "the fields opened by the line '---' are never closed: end them with a line '---'"
                if frontmatter.YAMLHandler.FM_BOUNDARY.match(text)
                else "the file must start with a line '---', the fields, then '---'",
            )
        )
        return None, problems
    fm, body, offset, body_line = split
    data, parsed = _parse_fields(rel, fm, offset, problems)
    if data is None:
        return None, problems
    body_text = body if path.suffix == ".md" else None
    return RawRecord(kind, rid, rel, data, parsed, body_text, body_line if body else 0), problems


def _parse_fields(
    rel: str, text: str, offset: int, problems: list[Problem]
) -> tuple[dict[str, Any] | None, dict[KeyPath, tuple[int, int]]]:
    """The record's fields and their lines, or None (with the reason added to ``problems``)."""
    if not text.strip():
        problems.append(Problem(Origin(rel, 1 + offset, 1), "empty-file", "the file holds no fields"))
        return None, {}
    # Separators were reported by text_problems; as spaces, YAML counts lines as editors do.
    parsed = parse_yaml(text if text.isascii() else _SEPARATORS.sub(" ", text), offset)
    problems.extend(Problem(Origin(rel, i.line, i.column), i.code, i.message) for i in parsed.issues)
    problems.extend(_escaped_hidden(rel, text, parsed.data, parsed.lines))
    if parsed.data is None and not parsed.issues:
        problems.append(Problem(Origin(rel, 1 + offset, 1), "empty-file", "the file holds no fields"))
        return None, {}
    if parsed.data is None:
        return None, {}
    if not isinstance(parsed.data, dict):
        problems.append(
            Problem(Origin(rel, 1 + offset, 1), "not-a-mapping", "a record must be a set of 'field: value' lines")
        )
        return None, {}
    return parsed.data, parsed.lines


def _escaped_hidden(rel: str, text: str, data: Any, lines: dict[KeyPath, tuple[int, int]]) -> list[Problem]:
    """Hidden and control characters written as escapes in a double-quoted YAML string ("\\u202e",
    "\\x07"): visible in the file as an escape, but the real character on the page. Reported at the
    field, once per character; a character that also stands raw in the file is reported there."""
    if "\\" not in text:  # no escape at all
        return []
    raw = set(text)
    problems = []
    for path, value in _strings(data, ()):
        seen: set[str] = set()
        for col, message in hidden_characters(value, controls=True):
            char = value[col - 1]
            if char in raw or char in seen:
                continue
            seen.add(char)
            line, column = lines.get(path, (1, 1))
            problems.append(
                Problem(Origin(rel, line, column), "invisible-character", f"{message} (written as an escape)")
            )
    return problems[:MAX_REPORTED]


def _strings(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Every text value (and key) in parsed YAML, with its key path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


# ---- reading text safely ----------------------------------------------------------------------

# The largest record is a few kilobytes; 256 KiB holds a narrative of some 40,000 words, yet
# keeps the worst case (dense YAML, which the pure-Python parser reads at about 170 KB a second)
# near a second and a half a file. Larger files are refused unread.
MAX_FILE_BYTES = 256 * 1024
# A line no reviewer can see whole hides what it holds (a diff view cuts it off); the longest
# line in the archive is about 200 characters, a long one-line paragraph some 1,500.
MAX_LINE_CHARS = 5000

_LINE_BREAKS = re.compile(r"\r\n?")
# Line breaks to YAML (so its line numbers would drift from an editor's), not to editors.
_SEPARATORS = re.compile("[\x85\u2028\u2029]")


def read_text(rel: str, path: Path, raw: bytes | None = None) -> tuple[str | None, list[Problem]]:
    """The file as text with '\\n' line ends and no leading byte-order mark, or None and why
    not: unreadable, too large to be a record, UTF-16, binary, or not UTF-8. ``raw``: its bytes,
    if read."""
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    Origin(rel, 1, 1),
                    "file-too-large",
                    f"the file is {size:,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes"
                    " (256 KiB): shorten it, or quote less and cite the source's locator instead",
                )
            ]
        raw = path.read_bytes() if raw is None else raw
    except OSError as e:  # gone since the folder was listed, or not to be read by this user
        why = f"{e.strerror or type(e).__name__}: check that it is there and that you may read it"
        return None, [Problem(Origin(rel, 1, 1), "unreadable-file", f"the file could not be read ({why})")]
    problem = _encoding_problem(rel, raw)
    if problem is not None:
        return None, [problem]
    text = _LINE_BREAKS.sub("\n", raw.decode("utf-8").removeprefix("\ufeff"))
    # Text is kept in NFC, Unicode's composed form, whatever the editor saved: a Korean name typed
    # as separate jamo is the same name, found by the same search, on every page and download.
    return (text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)), []


def _encoding_problem(rel: str, raw: bytes) -> Problem | None:
    """Why ``raw`` is not UTF-8 text, at the first offending byte; None when it is."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Problem(
            Origin(rel, 1, 1),
            "not-utf8",
            "the file is saved as UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        return Problem(
            _byte_origin(rel, raw, nul),
            "not-utf8",
            "the file holds a NUL byte (0x00), so it is UTF-16 or binary, not text; save it as UTF-8",
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Problem(
            _byte_origin(rel, raw, e.start),
            "not-utf8",
            f"byte 0x{raw[e.start]:02x} is not UTF-8; save the file as UTF-8",
        )
    return None


def _byte_origin(rel: str, raw: bytes, at: int) -> Origin:
    return Origin(rel, raw.count(b"\n", 0, at) + 1, at - (raw.rfind(b"\n", 0, at) + 1) + 1)


def text_problems(rel: str, text: str, body_line: int | None) -> list[Problem]:
    """Lines too long to review and characters that hide or reorder text, at line and column.

    ``body_line`` is the first line of a Markdown body, where control characters are also
    reported (in YAML the parser refuses them)."""
    controls = body_line is not None
    if len(text) <= MAX_LINE_CHARS and (
        # no character _MAY_HIDE finds is ASCII, as most records are all through
        (text.isascii() and not controls) or not (_MAY_HIDE_OR_CONTROL if controls else _MAY_HIDE).search(text)
    ):
        return []  # the common case, found in one pass over the text
    lines = text.split("\n")
    long = [(n, MAX_LINE_CHARS + 1, _long_line(line)) for n, line in enumerate(lines, 1) if len(line) > MAX_LINE_CHARS]
    hidden = [
        (n, col, message)
        for n, line in enumerate(lines, 1)
        for col, message in hidden_characters(line, controls=body_line is not None and n >= body_line)
    ]
    return _capped(rel, "line-too-long", long) + _capped(rel, "invisible-character", hidden)


def _long_line(line: str) -> str:
    return (
        f"this line is {len(line):,} characters long, more than the {MAX_LINE_CHARS:,} a line may have:"
        " break it over several lines (YAML joins the lines of a plain or '>' text, and a Markdown"
        " paragraph may span lines)"
    )


def _capped(rel: str, code: str, found: list[tuple[int, int, str]]) -> list[Problem]:
    """One problem per finding, up to MAX_REPORTED; the last one listed counts the rest."""
    shown = found[:MAX_REPORTED]
    problems = [Problem(Origin(rel, line, col), code, message) for line, col, message in shown]
    if len(found) > len(shown):
        last = problems[-1]
        more = f" (and {len(found) - len(shown)} more like it further on in this file)"
        problems[-1] = Problem(last.origin, code, last.message + more)
    return problems


# Characters that are invisible or change the order text is shown in, so that what a reader
# (or a reviewer of a pull request) sees is not what is stored: "Trojan source". Zero-width
# joiner and non-joiner are needed inside Persian, Indic and other scripts and in emoji, and are
# refused only next to ASCII, whitespace or the ends of a line, where no script needs them; tag
# characters only outside an emoji flag sequence. Visible format characters (the Arabic number
# signs) and variation selectors (emoji presentation, CJK variants) are left alone.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\u206a-\u206f"
    "\u2800\u3164\ufeff\ufff9-\ufffb\uffa0\U000e0001\U000e0020-\U000e007f\x85"
)
_FLAG = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
_HIDDEN = re.compile(f"(?P<flag>{_FLAG})|[{_BIDI}{_INVISIBLE}]")
_HIDDEN_OR_CONTROL = re.compile(f"(?P<flag>{_FLAG})|[{_BIDI}{_INVISIBLE}\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The characters a match of each pattern above starts with: a text holding none has nothing to
# report, which one of these finds many times faster than the pattern itself.
_MAY_HIDE = re.compile(f"[\U0001f3f4{_BIDI}{_INVISIBLE}]")
_MAY_HIDE_OR_CONTROL = re.compile(f"[\U0001f3f4{_BIDI}{_INVISIBLE}\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JOINERS = "\u200c\u200d"


def hidden_characters(line: str, controls: bool = False) -> list[tuple[int, str]]:
    """(column, message) for each character of ``line`` that hides or reorders text."""
    found = []
    for m in (_HIDDEN_OR_CONTROL if controls else _HIDDEN).finditer(line):
        char, at = m.group(), m.start()
        if m.group("flag") or (char in _JOINERS and _joins_letters(line, at)):
            continue
        found.append((at + 1, _hidden_message(char)))
    return found


def _joins_letters(line: str, at: int) -> bool:
    """Whether the joiner at ``at`` sits between two characters of a script (or emoji) that
    may need it: neither ASCII nor whitespace."""
    if at == 0 or at + 1 >= len(line):
        return False
    return all(not c.isascii() and not c.isspace() for c in (line[at - 1], line[at + 1]))


def _hidden_message(char: str) -> str:
    name = describe_char(char)
    if re.fullmatch(f"[{_BIDI}]", char):
        return (
            f"the direction-changing character {name} makes text show in another order than it is"
            " stored, which can disguise it; delete it (right-to-left text shows correctly without it)"
        )
    if char in "\x85\u2028\u2029":
        return f"the separator {name} is a line break to some programs and not to others; use a plain line break"
    if char in _JOINERS:
        return (
            f"the invisible character {name} next to Latin letters, digits, spaces or a line end can"
            " disguise the text; delete it (it is kept only inside scripts and emoji that need it)"
        )
    if unicodedata.category(char) == "Cc":
        return f"the control character {name} has no place in text; delete it"
    hint = " (often left over from copying out of a PDF)" if char == "\u00ad" else ""
    return f"the invisible character {name} could disguise the text around it; delete it{hint}"


def _split_front_matter(text: str) -> tuple[str, str, int, int] | None:
    """(front matter, body, line offset of the front matter, first line of the body), or None
    when there is no front matter."""
    handler = frontmatter.YAMLHandler()
    opening = handler.FM_BOUNDARY.match(text)
    if not handler.detect(text) or opening is None:
        return None
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None
    # The front matter text starts with the newline that ends the '---' line; the boundary
    # pattern may also have swallowed blank lines after '---', which must still be counted.
    offset = text.count("\n", 0, opening.end())
    start = len(text) - len(body.lstrip("\n"))
    return fm, body.strip("\n"), offset, text.count("\n", 0, start) + 1
