"""Problems are data: every check yields them, a Report collects them, the CLI presents them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

# Every problem code the tool can emit, with a one-line explanation. Codes are stable: they are
# part of the interface (contributors search for them, CI annotations use them). Add, never rename.
CODES: dict[str, str] = {
    "not-utf8": "the file is not valid UTF-8 text",
    "empty-file": "the file holds no record",
    "yaml-syntax": "the YAML cannot be parsed",
    "yaml-alias": "YAML anchors and aliases are not allowed in records",
    "duplicate-key": "a key appears twice in the same mapping",
    "not-a-mapping": "a record must be a mapping of fields",
    "missing-front-matter": "a Markdown record must start with YAML front matter between --- lines",
    "wrong-folder": "the file is not in a folder for a record kind, or has the wrong extension",
    "invalid-id": "a record ID (its file name) must be lowercase letters, digits and hyphens",
    "duplicate-id": "two records share an ID; IDs are unique across the whole archive",
    "missing-field": "a required field is missing",
    "unknown-field": "the field is not part of this record kind",
    "wrong-type": "the field holds the wrong type of value",
    "invalid-value": "the value is not one of the allowed values, or is malformed",
    "invalid-date": "the date is not a valid EDTF date or interval, nor 'unknown'",
    "invalid-url": "the URL is not an absolute http(s) URL",
    "unknown-reference": "the referenced record does not exist",
    "wrong-kind-reference": "the referenced record is of the wrong kind for this field",
    "missing-source": "a figure or testimony must cite at least one source",
    "missing-locator": "a citation must say where in the source (page, section or paragraph)",
    "range-order": "the low end of a range is above its high end",
    "percent-out-of-range": "a percentage must lie between 0 and 100",
    "anonymous-witness-named": "an anonymous witness must not carry a name",
    "witness-not-named": "a witness who is not anonymous needs the name the source gives",
    "reference-cycle": "records refer to each other in a loop where a hierarchy is expected",
    "withdrawn-reference": "the referenced record was withdrawn",
    "lost-permalink": "a published permalink would stop working: no record, redirect or tombstone has it",
    "unregistered-permalink": "a record's permalink is not yet in the permalink registry (permalinks.txt)",
    "cannot-derive": "a derived figure cannot be computed from its formula and inputs",
    "formerly-conflict": "an old ID in 'formerly' still has a record of its own, or two records claim it",
    "file-too-large": "the file is larger than any record needs to be",
    "unreadable-file": "the file could not be read: it went missing while being checked, or may not be read",
    "render-failed": "the site could not be made from records that passed their checks: a fault of this tool, please report it",
    "linked-file": "a record file or folder is a symbolic link or leads outside the archive: it is not read",
    "line-too-long": "a line is longer than any record needs; break the text over several lines",
    "too-deeply-nested": "the YAML, or a Markdown body's lists and blocks, nest deeper than any record needs",
    "invisible-character": "the text holds an invisible or direction-changing character that could disguise it",
    "unsafe-markup": "a Markdown body holds a link, image or attribute that could run code or load another site",
    "identifying-detail": "public text holds something that could identify a witness: a name, phone number, e-mail address, birth date or address",
    "witness-place-too-precise": "a witness's place of origin may be a province, a region or a country, never a town or village",
    "missing-content-note": "a testimony that describes violence needs a content note",
    "not-korean": "a Korean field (name_ko, full_name_ko, or one under ko) holds no Korean letters",
    "translation-drops-link": "a Korean text leaves out a link to another record that the English makes",
    # check-site: the built site, whichever generator built it (build_tools/site/check.py)
    "private-published": "the value of a private field appears in the built site",
    "broken-link": "a link, or a file a page loads, leads to no file of the built site",
    "broken-anchor": "a link's #anchor names no element of the page it leads to",
    "missing-page": "a record has no page in one of the site's languages",
    "third-party-request": "a page or stylesheet makes the browser fetch something from another host",
    "missing-csp": "a page lacks the Content-Security-Policy <meta>, or has it after what it must cover",
    "wrong-csp": "a page carries a Content-Security-Policy other than the site's (build_tools/outputs/csp.py)",
}


@dataclass(frozen=True, order=True)
class Origin:
    """Where something comes from: a file (POSIX path relative to the archive root), line, column.

    Lines and columns are 1-based, as editors show them; 0 means "the file as a whole".
    """

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        # A file name is the contributor's to choose: escaped like a message, a line break or a
        # direction-changing character in it cannot start a forged line or reorder this one.
        # ':' too, which ends the path where a reader or CI's problem matcher looks for the line.
        path = printable(self.path).replace(":", "\\u003a")
        if self.line:
            return f"{path}:{self.line}:{self.column or 1}"
        return path


# Characters that could break a problem's line or change how it reads: control characters (a
# line break starts a forged line: a fake "no problems", a CI workflow command "::error ..."),
# the soft hyphen, bidirectional marks and overrides, zero-width and invisible format characters.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]"
)


def _escape(m: re.Match[str]) -> str:
    char = m.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """``text`` with every character that could break or disguise a line shown as an escape."""
    return _UNPRINTABLE.sub(_escape, text)


# The most of a value a message quotes: enough to find it in the file, never a whole text.
QUOTE_CHARS = 60
# The most a message may be: a longer one (a message that quoted a long value) is cut.
MESSAGE_CHARS = 500


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """A value as a message quotes it: its text, cut to ``limit`` characters with an ellipsis and
    the length it had. The caller puts it in quotes; escaping is done by Problem."""
    text = value if isinstance(value, str) else _text_of(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}\u2026 ({len(text):,} characters)"


def _text_of(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**QUOTE_CHARS:
        # str() of an integer of thousands of digits is slow and, past 4,300 digits, refused
        return f"a number of {value.bit_length() * 30103 // 100000 + 1:,} digits"
    return str(value)


@dataclass(frozen=True, order=True)
class Problem:
    origin: Origin
    code: str
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming error, not a user one
            raise ValueError(f"unregistered problem code {self.code!r}")
        # Messages quote record text. Shown as escapes, a line break in it cannot forge another
        # output line (a fake "no problems", a CI workflow command) nor a control or bidi
        # character reorder or colour the line a contributor or a CI log reads.
        message = self.message
        if len(message) > MESSAGE_CHARS:
            message = message[: MESSAGE_CHARS - 1] + "\u2026"
        object.__setattr__(self, "message", printable(message))

    def format(self) -> str:
        return f"{self.origin}: {self.severity}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.origin.path,
            "line": self.origin.line,
            "column": self.origin.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Report:
    """All problems from one run, plus how many records were looked at."""

    problems: list[Problem] = field(default_factory=list)
    records: int = 0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "error"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        # Natural order: by path, then line, column, code; duplicates collapse.
        return sorted(set(self.problems), key=_sort_key)

    def format_text(self) -> str:
        lines = [p.format() for p in self.sorted()]
        n = len(self.errors)
        noun = "record" if self.records == 1 else "records"
        if n:
            lines.append(f"{n} error{'s' if n != 1 else ''} in {self.records} {noun}")
        else:
            lines.append(f"no problems in {self.records} {noun}")
        return "\n".join(lines)

    def format_json(self) -> str:
        data = {
            "valid": self.valid,
            "records": self.records,
            "problems": [p.as_dict() for p in self.sorted()],
        }
        # JSON escapes control characters itself; a direction-changing or invisible character is
        # written as its \\u escape too, which a JSON reader reads back as the same character.
        text = json.dumps(data, indent=2, ensure_ascii=False)  # its line breaks are its own: kept
        return _UNPRINTABLE.sub(lambda m: m.group() if m.group() < "\x7f" else f"\\u{ord(m.group()):04x}", text)


def _sort_key(p: Problem) -> tuple[tuple[str, ...], int, int, str, str]:
    return (PurePosixPath(p.origin.path).parts, p.origin.line, p.origin.column, p.code, p.message)
