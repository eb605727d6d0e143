"""Strict YAML reading that remembers where every value stood.

PyYAML composes nodes that carry their marks; we build plain Python values from them ourselves so
that we can (1) map each key path to its line and column, (2) report every duplicate key instead
of silently keeping the last, (3) refuse anchors and aliases (alias bombs, merged keys that hide
where a value came from), and (4) resolve scalars by the YAML 1.2 core schema, so that ``no``,
``on`` and ``2020-08-01`` stay text and ``012`` is not octal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # libyaml's, which PyYAML's pinned wheels ship
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from build_tools.records.model import NARRATIVE
from build_tools.records.problems import quote
from build_tools.records.raw import BLOCK, KeyPath, is_private, is_withheld

# The deepest record (a testimony's stances -> cites -> source) nests five collections; twenty
# leaves room for any record while stopping a hostile file ([[[[...) long before Python's
# recursion limit, which composing and building values would otherwise hit.
MAX_DEPTH = 20


class _Loader(yaml.SafeLoader):
    """PyYAML's own reader, written in Python, with YAML 1.2 core-schema implicit types, no
    anchors or aliases, and a limit on nesting that is enforced while composing, so a deep file
    fails at the line where it goes too deep instead of exhausting the stack. The reference for
    every message about a file that is not valid YAML."""

    # Own (empty) table, filled below: add_implicit_resolver copies the base's when absent.
    yaml_implicit_resolvers = {}  # noqa: RUF012

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if isinstance(event, AliasEvent) or (
            isinstance(event, (ScalarEvent, CollectionStartEvent)) and anchor is not None
        ):
            raise AliasError(event.start_mark)
        opens = isinstance(event, CollectionStartEvent)
        if opens and self.depth >= MAX_DEPTH:
            raise NestingError(event.start_mark)
        self.depth += opens
        node = super().compose_node(parent, index)
        self.depth -= opens
        assert node is not None  # only None at the end of a stream, which get_single_node handles
        return node


class _FastLoader(CParser, Resolver):
    """libyaml's scanner, parser and composer (written in C) with the same implicit types: ten
    times as fast, so 10,000 records are read in well under a second. Used only for text that it
    reads exactly as _Loader does (``_fast_enough``); a text it refuses is read again by _Loader,
    whose messages are the ones reported."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        Resolver.__init__(self)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

# The YAML 1.2 core schema: only these plain scalars are not text. Infinity and NaN are left out
# on purpose: no record needs them.
_RESOLVERS: dict[str, re.Pattern[str]] = {
    _BOOL: re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    _INT: re.compile(r"^[-+]?[0-9]+$"),
    _FLOAT: re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    _NULL: re.compile(r"^(?:~|null|Null|NULL|)$"),
}
_FIRST_CHARS = {
    _BOOL: list("tTfF"),
    _INT: list("-+0123456789"),
    _FLOAT: list("-+.0123456789"),
    _NULL: ["~", "n", "N", ""],
}
for _tag, _pattern in _RESOLVERS.items():
    _Loader.add_implicit_resolver(_tag, _pattern, _FIRST_CHARS[_tag])
_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
# The same table as tuples by first character, for _fast_resolve.
_BY_FIRST_CHAR: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    char: tuple(pairs) for char, pairs in _Loader.yaml_implicit_resolvers.items()
}


def _fast_resolve(_loader: Any, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
    """Resolver.resolve, for a resolver with no path resolvers and no wildcard ones (as here): the
    tag of a node without one. libyaml's composer asks it of every node, so it is kept short."""
    if kind is ScalarNode:
        if implicit[0]:
            for tag, pattern in _BY_FIRST_CHAR.get(value[:1], ()):
                if pattern.match(value):
                    return tag
        return _STR
    return _SEQ if kind is SequenceNode else _MAP


def _no_path_resolvers(_loader: Any, *_args: Any) -> None:
    """Resolver.descend_resolver and ascend_resolver, which do nothing without path resolvers."""


assert not _Loader.yaml_path_resolvers and None not in _BY_FIRST_CHAR, "_fast_resolve would be wrong"
_FastLoader.resolve = _fast_resolve  # type: ignore[method-assign]
_FastLoader.descend_resolver = _no_path_resolvers  # type: ignore[assignment,method-assign]
_FastLoader.ascend_resolver = _no_path_resolvers  # type: ignore[assignment,method-assign]

# Text libyaml might read differently from PyYAML's reader, or compose in ways _Strict would
# refuse: characters that reader refuses, the line breaks beyond \n and \r (NEL, LINE and
# PARAGRAPH SEPARATOR), which could shift lines, and '&' or '*', without which there can be no
# anchor or alias. (Nesting deeper than MAX_DEPTH is found while building values, see _build.)
_NOT_FOR_FAST = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# libyaml's composer nests one C call per level; this many is far within any stack.
_FAST_OPENS = 5000


class AliasError(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("anchor or alias")
        self.mark = mark


class NestingError(Exception):
    """A collection opens deeper than MAX_DEPTH; ``mark`` is where it opens."""

    def __init__(self, mark: Any) -> None:
        super().__init__("nested too deeply")
        self.mark = mark


# Names for the control characters people meet; unicodedata has none for category Cc.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def describe_char(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE': the code point and its Unicode name, for messages about a
    character the contributor cannot see."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"


@dataclass(frozen=True)
class YamlIssue:
    code: str
    message: str
    line: int
    column: int


@dataclass
class Parsed:
    """A YAML document as plain values, with each key path's (line, column), 1-based."""

    data: Any = None
    lines: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    issues: list[YamlIssue] = field(default_factory=list)
    text: str = field(default="", repr=False, compare=False)  # what was read, while it is built


def parse_yaml(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; never raises for bad input, returns issues instead."""
    out = Parsed(text=text)
    if _fast_enough(text):
        try:
            return _built(_FastLoader(text).get_single_node(), out, line_offset)
        except Exception:  # the reference reader below says what is wrong
            out = Parsed(text=text)
    try:
        node = _Loader(text).get_single_node()
    except AliasError as e:
        out.issues.append(
            YamlIssue(
                "yaml-alias",
                "anchors and aliases (& and *) are not allowed; write the value out",
                e.mark.line + 1 + line_offset,
                e.mark.column + 1,
            )
        )
        return out
    except NestingError as e:
        out.issues.append(
            YamlIssue(
                "too-deeply-nested",
                f"lists and sets of fields nest more than {MAX_DEPTH} levels deep here;"
                " no record needs that: flatten the structure",
                e.mark.line + 1 + line_offset,
                e.mark.column + 1,
            )
        )
        return out
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = e.problem or e.context or "invalid YAML"
        if e.context_mark is not None and "end of stream" in (e.problem or ""):
            mark = e.context_mark  # an unclosed quote or bracket: point at where it opens
            what = f"{e.context or 'something'} that is never closed (a missing quote or bracket?)"
        line, col = _within(text, mark)
        out.issues.append(YamlIssue("yaml-syntax", f"YAML syntax error: {what}", line + line_offset, col))
        return out
    except yaml.reader.ReaderError as e:  # control characters and the like
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        out.issues.append(
            YamlIssue(
                "yaml-syntax",
                f"the non-printable character {describe_char(char)} is not allowed in YAML text; delete it",
                line + line_offset,
                col,
            )
        )
        return out
    except yaml.YAMLError as e:
        first = str(e).splitlines()[0] if str(e) else "invalid YAML"
        out.issues.append(YamlIssue("yaml-syntax", f"YAML error: {first}", 1 + line_offset, 1))
        return out
    return _built(node, out, line_offset)


def _built(node: Node | None, out: Parsed, line_offset: int) -> Parsed:
    if node is None:
        return out
    # _build recurses once per level, which the composer has already limited to MAX_DEPTH.
    out.data = _build(node, (), out, line_offset)
    out.text = ""
    return out


def _fast_enough(text: str) -> bool:
    """Whether libyaml may read ``text``: it holds no character the readers could treat apart, too
    few places where a collection can open for libyaml's composer, which recurses in C, to go deep
    (a hostile file of 100,000 '[' is left to _Strict's limit), and no anchor or alias."""
    if _NOT_FOR_FAST.search(text):
        return False
    if len(text) >= _FAST_OPENS:  # else too short: each place counted is a character of its own
        opens = text.count("[") + text.count("{") + text.count("-") + text.count(":") + text.count("?")
        if opens + text.count("\n") >= _FAST_OPENS:
            return False
    return ("&" not in text and "*" not in text) or _anchorless(text)


def _anchorless(text: str) -> bool:
    """Whether libyaml's parser, which does not recurse, finds no anchor or alias in ``text``: a
    '&' or '*' may well stand in quotes or within plain text ("a / b * 100"). Its events are read
    without composing them, so that an alias is never followed; False too where it fails (the
    reference reader then says why)."""
    parser = CParser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                return False
    except Exception:
        return False
    return True


def _within(text: str, mark: Any) -> tuple[int, int]:
    """(line, column) of a parser's mark, 1-based; a mark at the very end of the text (after
    its last line break) is moved back to the end of the last line, which an editor can show."""
    if mark is None:
        return 1, 1
    last = max(1, len(text.split("\n")) - (1 if text.endswith("\n") else 0))
    if mark.line + 1 <= last:
        return mark.line + 1, mark.column + 1
    return last, len(text.rstrip("\n").rsplit("\n", 1)[-1]) + 1


def _block_start(text: str, node: ScalarNode, offset: int, key_column: int) -> tuple[int, int]:
    """(line, column) of a literal block's first character: the line after its '|', at the
    indentation its indicator gives ('|2': two more than its key's), else that of its first line
    not made of spaces alone (YAML's rule; a tab is text)."""
    at = text.find("|", node.start_mark.index)  # the node starts at its tag, if it has one
    indicator = _INDICATOR.match(text, at)
    digit = indicator.group(1) or indicator.group(2) if indicator else ""
    if digit:
        indent = key_column + int(digit)
    else:
        first = text.find("\n", at) + 1
        lines = text[first : node.end_mark.index].split("\n")
        indent = next((len(s) - len(s.lstrip(" ")) for s in lines if s.rstrip("\r").strip(" ")), 0)
    return node.start_mark.line + text.count("\n", node.start_mark.index, at) + 2 + offset, indent + 1


# A literal block's header: '|', then its indentation and chomping indicators in either order
_INDICATOR = re.compile(r"\|([1-9]?)[+-]?([1-9]?)")


def _pos(node: Node, offset: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1


def _build(node: Node, path: KeyPath, out: Parsed, offset: int) -> Any:
    # Called once per collection, for each of its items that is not plain text, which is taken
    # as it stands in the loops below: most values are, and a call for each was a third of the
    # time spent reading records.
    if len(path) >= MAX_DEPTH and not isinstance(node, ScalarNode):
        raise NestingError(node.start_mark)  # only from libyaml's nodes: _Strict stops this sooner
    lines = out.lines
    if path not in lines:
        lines[path] = _pos(node, offset)
    if node.tag not in (_MAP, _SEQ) and not isinstance(node, ScalarNode):
        line, col = _pos(node, offset)
        out.issues.append(
            YamlIssue("yaml-syntax", f"YAML tag {_shown(node.tag, path)} is not supported; remove it", line, col)
        )
        return None
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = _pos(key_node, offset)
                out.issues.append(YamlIssue("yaml-syntax", "a key must be plain text", line, col))
                continue
            key = key_node.value
            mark = key_node.start_mark
            if key in result:
                out.issues.append(
                    YamlIssue(
                        "duplicate-key",
                        f"duplicate key {_shown(key, (*path, key))}; the first one is kept",
                        mark.line + 1 + offset,
                        mark.column + 1,
                    )
                )
                continue
            # the key's line is where a contributor looks; it is kept over the value's
            where = (mark.line + 1 + offset, mark.column + 1)
            inner = (*path, key)
            lines[inner] = where
            if value_node.tag == _STR and isinstance(value_node, ScalarNode):
                result[key] = value_node.value
                if key == NARRATIVE and value_node.style == "|":
                    lines[(*inner, BLOCK)] = _block_start(out.text, value_node, offset, mark.column)
            else:
                result[key] = _build(value_node, inner, out, offset)
                lines[inner] = where
        return result
    if isinstance(node, SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            inner = (*path, i)
            if item.tag == _STR and isinstance(item, ScalarNode):
                if inner not in lines:
                    mark = item.start_mark
                    lines[inner] = (mark.line + 1 + offset, mark.column + 1)
                items.append(item.value)
            else:
                items.append(_build(item, inner, out, offset))
        return items
    assert isinstance(node, ScalarNode)
    return _scalar(node, path, out, offset)


def _shown(text: str, path: KeyPath) -> str:
    """A key or tag as a message names it: quoted and cut short, or not at all in a private block."""
    if is_private(path):
        return "(in the private block, not repeated here)"
    return "(not repeated here)" if is_withheld(path) else f"'{quote(text)}'"


# The most digits an integer may be written with: more than any record's number needs (model.py
# refuses those past 10^15), and far fewer than Python's limit for reading one (4,300 digits).
MAX_DIGITS = 100


def _scalar(node: ScalarNode, path: KeyPath, out: Parsed, offset: int) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag in _RESOLVERS and not _RESOLVERS[tag].match(value):
        # an explicit tag (!!int abc, !!bool yes) on a value that is not of that type
        line, col = _pos(node, offset)
        what = "this value (not repeated here)" if is_withheld(path) else f"'{quote(value)}'"
        out.issues.append(YamlIssue("yaml-syntax", f"{what} is not a valid {tag.rsplit(':', 1)[-1]}", line, col))
        return value
    if tag == _INT:
        # A number of thousands of digits is read as too large to hold (model.py says so at its
        # line); reading it as an integer takes time that grows with the square of its length.
        return int(value) if len(value) <= MAX_DIGITS else float(value)
    if tag == _FLOAT:
        return float(value)
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _NULL:
        return None
    line, col = _pos(node, offset)
    out.issues.append(
        YamlIssue("yaml-syntax", f"YAML tag {_shown(tag, path)} is not supported; write plain text", line, col)
    )
    return value
