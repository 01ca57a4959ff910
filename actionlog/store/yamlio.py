"""Every use of YAML: the fast reader, positions for problems, and round-trip edits.

This is the only module that imports ruamel.yaml. Reading goes through the C safe
loader; the slower round-trip loader is used only to edit a file or to find the line
and column of a problem the fast path found.
"""

from __future__ import annotations

import os
import re
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import Resolver
from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent,
                                 ScalarEvent)

from actionlog.core.problems import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
# above this many nesting indicators a file is scanned before the C reader builds it: the
# reader recurses in C, and thousands of '[' would overflow its stack (a crash, not an error)
SCAN_ABOVE = 1000

TIMESTAMP = "tag:yaml.org,2002:timestamp"
_CORE = "tag:yaml.org,2002:"
_MAP, _SEQ, _MERGE = _CORE + "map", _CORE + "seq", _CORE + "merge"
_PLAIN_KEYS = (str, int, float, bool, type(None))
# the line breaks YAML counts, so our line numbers agree with the parser's
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


class _Refused(ConstructorError):
    """Something the reader will not build, with the message and hint to show."""

    def __init__(self, mark: Any, message: str, hint: str = "") -> None:
        super().__init__(None, None, message, mark)
        self.hint = hint


def _tag_name(node: Any) -> str:
    tag = str(getattr(node.tag, "value", node.tag))
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _short(value: Any, width: int = 60) -> str:
    """A value as quoted in a message: one line, at most `width` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _MeetingConstructor(SafeConstructor):
    """Plain data only: text, numbers, true/false, lists and mappings.

    Timestamps stay text, so 2016-02-30 is a located schema problem, not a crash; tags
    that would build anything else, and duplicate keys, are refused at their own mark.
    """

    def construct_undefined(self, node: Any) -> Any:
        raise _Refused(node.start_mark, f"unknown tag '{_tag_name(node)}'",
                       "remove the tag (the '!...' before the value)")

    def _refuse_tag(self, node: Any) -> Any:
        raise _Refused(node.start_mark, f"the tag '{_tag_name(node)}' is not allowed in a "
                                        f"meeting file", "remove the tag (the '!!...' before "
                                                         "the value)")

    def _checked(kind: str, build: Any) -> Any:  # type: ignore[misc]
        def construct(self: Any, node: Any) -> Any:
            try:
                return build(self, node)
            except (ValueError, KeyError, TypeError, OverflowError, IndexError):
                raise _Refused(node.start_mark, f"'{_short(node.value)}' is not {kind}, but "
                                                f"it is tagged '{_tag_name(node)}'",
                               "remove the tag (the '!!...' before the value)") from None
        return construct

    construct_yaml_int = _checked("a whole number", SafeConstructor.construct_yaml_int)
    construct_yaml_float = _checked("a number", SafeConstructor.construct_yaml_float)
    construct_yaml_bool = _checked("true or false", SafeConstructor.construct_yaml_bool)
    del _checked

    def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any,
                          value: Any) -> bool:
        if key not in mapping:
            return True
        first = next((k for k, _v in node.value if k is not key_node
                      and getattr(k, "value", None) == key_node.value), None)
        where = f" (first on line {first.start_mark.line + 1})" if first is not None else ""
        raise _Refused(key_node.start_mark, f"duplicate key '{_short(key)}'{where}",
                       "each key may appear once in a mapping; merge the two entries")


_MeetingConstructor.add_constructor(TIMESTAMP, SafeConstructor.construct_yaml_str)
for _name in ("binary", "set", "omap", "pairs"):
    _MeetingConstructor.add_constructor(_CORE + _name, _MeetingConstructor._refuse_tag)
for _name, _build in (("int", _MeetingConstructor.construct_yaml_int),
                      ("float", _MeetingConstructor.construct_yaml_float),
                      ("bool", _MeetingConstructor.construct_yaml_bool)):
    _MeetingConstructor.add_constructor(_CORE + _name, _build)
_MeetingConstructor.add_constructor(None, _MeetingConstructor.construct_undefined)


def _fast_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _MeetingConstructor
    return yaml


_FAST = _fast_yaml()


class _FastLoader(CParser, _MeetingConstructor, Resolver):  # type: ignore[misc]
    """What _FAST.load does, as ruamel's CSafeLoader is built: the plain YAML 1.2 resolver
    instead of the versioned one, which looks the version up for every scalar (1.8x)."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        self._parser = self._composer = self
        _MeetingConstructor.__init__(self, loader=self)
        Resolver.__init__(self, loadumper=self)

    _tags: dict = {}  # a short plain text's tag (keys, owners, dates repeat)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The resolver's tag, found once for each short plain text (a third of a read)."""
        if kind is not ScalarNode or not implicit[0] or len(value) > 32:
            return Resolver.resolve(self, kind, value, implicit)
        tag = self._tags.get(value)
        if tag is None:
            if len(self._tags) > 50_000:
                self._tags.clear()
            tag = self._tags[value] = Resolver.resolve(self, kind, value, implicit)
        return tag

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Plain scalars, lists and mappings built straight from the nodes, as the base
        class builds them but without its bookkeeping for shared and recursive nodes
        (1.3x); anything else (an anchor, a tag, a merge key, a key that is not plain)
        goes to the base class, so results and errors are the same."""
        kind = node.__class__ if node.anchor is None else None
        if kind is ScalarNode:
            build = self.yaml_constructors.get(node.tag)
            if build is not None:
                return build(self, node)
        elif kind is MappingNode and node.tag == _MAP and getattr(node, "merge", None) is None:
            mapping: dict = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode or key_node.tag == _MERGE:
                    return super().construct_object(node, deep)
                key = self.construct_object(key_node)
                if key.__class__ not in _PLAIN_KEYS:
                    return super().construct_object(node, deep)
                value = self.construct_object(value_node)
                if self.check_mapping_key(node, key_node, mapping, key, value):
                    mapping[key] = value
            return mapping
        elif kind is SequenceNode and node.tag == _SEQ:
            return [self.construct_object(child) for child in node.value]
        return super().construct_object(node, deep)


def load_fast(text: str) -> Any:
    loader = _FastLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose_fast(text: str) -> tuple[Any, Callable[[Any], Any]] | None:
    """The C reader's node tree of `text`, marked, and its key builder; None if unread."""
    try:  # odd line breaks: the C reader counts lines apart from the round trip
        loader = None if _ODD_BREAK.search(text) else _FastLoader(text)
        return (loader.get_single_node(), loader.construct_object) if loader else None
    except (YAMLError, ValueError, TypeError, KeyError, RecursionError):
        return None


def read_data(path: str, display: str) -> tuple[Any, list[Problem]]:
    """A file's parsed YAML, or the problems that stopped it being read."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse(text, display)


def too_large(size: int, display: str) -> Problem:
    """A meeting file of `size` bytes, over the limit (read, or about to be written)."""
    return Problem(display, 1, 1, message=f"file is too large ({size} bytes; the limit is "
                   f"{MAX_FILE_BYTES})", check="syntax",
                   hint="a meeting file is a few kilobytes; is this the right file?")


def read_text(path: str, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text: UTF-8, a byte-order mark dropped, CRLF read as LF."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return None, [too_large(size, display)]
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return None, [Problem(display, 0, 0, message=f"cannot read file: {exc.strerror}",
                              check="syntax")]
    return decode(raw, display)


_SAVE_AS_UTF8 = "save the file as UTF-8 (in Word or Notepad: Save As, Encoding: UTF-8)"


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(display, 1, 1, check="syntax", hint=_SAVE_AS_UTF8,
                              message="the file is saved as UTF-16; meeting files are UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start: exc.start].decode("utf-8", "replace")) + 1
        byte = raw[exc.start]
        hint = _SAVE_AS_UTF8
        try:
            guess = bytes([byte]).decode("cp1252")
            hint = (f"the file seems to be saved as Windows-1252, where this byte is "
                    f"'{guess}'; " + hint)
        except UnicodeDecodeError:
            pass
        return None, [Problem(display, line, column, check="syntax", hint=hint,
                              message=f"byte 0x{byte:02x} is not valid UTF-8")]
    return text.replace("\r\n", "\n"), []


# the lines git writes into a file it could not merge
_CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)|^={7}$", re.M)


def parse(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse with the C safe loader; syntax problems carry the parser's own position."""
    if "\x00" in text:
        line, column = _line_column(text, text.index("\x00"))
        return None, [Problem(display, line, column, check="syntax",
                              message="the file contains a NUL character: is it saved as "
                                      "UTF-16, or not a text file at all?",
                              hint=_SAVE_AS_UTF8)]
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        return None, [Problem(display, *_line_column(text, conflict.start()), check="syntax",
                              message="an unfinished git merge: this file still holds a "
                                      "conflict marker",
                              hint="keep the lines you want between <<<<<<<, ======= and "
                                   ">>>>>>>, delete the markers, then run validate again")]
    odd_break = _ODD_BREAK.search(text)
    if odd_break is not None:
        # the parser would count it as a new line where editors show none
        char = odd_break.group()
        return None, [Problem(display, *_line_column(text, odd_break.start()), check="syntax",
                              message=f"the invisible character U+{ord(char):04X} "
                                      f"({_ODD_BREAKS[char]}) is not allowed: YAML reads it as "
                                      f"a line break",
                              hint="delete it, or put a space in its place; it comes in with "
                                   "text pasted from web pages or Word")]
    # an alias needs a '*'; each level of nesting needs one of '[{-:?'
    if "*" in text or sum(text.count(c) for c in "[{-:?") > SCAN_ABOVE:
        found = _structure_problem(text, display)
        if found is not None:
            return None, [found]
    try:
        data = load_fast(text)
    except MarkedYAMLError as exc:
        data = _flow_question_mark(text, exc)
        if isinstance(data, MarkedYAMLError):  # what is wrong besides the '?'
            return None, [_marked_problem(data, text, display)]
        if data is _UNREAD:
            return None, [_marked_problem(exc, text, display)]
    except RecursionError:
        return None, [_structure_problem(text, display) or
                      Problem(display, 1, 1, message="nesting is too deep to read",
                              check="syntax")]
    except YAMLError as exc:
        return None, [_reader_problem(exc, text, display)]
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        return None, [Problem(display, 1, 1, check="syntax",
                              message=f"cannot read YAML: {_short(exc, 200)}")]
    if _too_deep(data):
        return None, [_structure_problem(text, display) or
                      Problem(display, 1, 1, check="syntax",
                              message=f"nesting is deeper than {MAX_DEPTH} levels")]
    return data, []


_UNREAD = object()


def _flow_question_mark(text: str, exc: MarkedYAMLError) -> Any:
    """`[Are there any issues?]`: YAML allows a '?' inside plain text in brackets, but the
    libyaml scanner under the C reader stops there. Such a file is read again by ruamel's
    own (pure Python) parser, with the same constructor and so the same refusals."""
    problem = exc.problem or ""
    if "?" not in text or not ("expected ',' or ']'" in problem or
                               "expected ',' or '}'" in problem):
        return _UNREAD
    pure = YAML(typ="safe", pure=True)
    pure.Constructor = _MeetingConstructor
    try:
        return pure.load(text)
    except _Refused as refused:
        return refused
    except (YAMLError, ValueError, TypeError, KeyError, IndexError, OverflowError,
            RecursionError):
        return _UNREAD


def _structure_problem(text: str, display: str) -> Problem | None:
    """An alias, or nesting deeper than MAX_DEPTH, found from the parser's events alone:
    nothing is built, so neither an alias bomb nor ten thousand '[' can exhaust anything."""
    depth = 0
    try:
        for event in _FAST.parse(text):
            if isinstance(event, AliasEvent):
                return Problem(display, *_mark(event.start_mark), check="syntax",
                               message="anchors and aliases (&name, *name) are not allowed "
                                       "in meeting files",
                               hint="write the value out in full; text that starts with "
                                    "'*' or '&' goes in quotes")
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(display, *_mark(event.start_mark), check="syntax",
                                   message=f"nesting is deeper than {MAX_DEPTH} levels")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None  # a syntax error: the loader reports it, before it nests that deep
    return None


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting breaks as YAML does."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _line_text(text: str, line: int) -> str:
    """The 0-based `line` of the text, split where YAML splits lines."""
    lines = _BREAK.split(text)
    return lines[line] if 0 <= line < len(lines) else ""


def _reader_problem(exc: YAMLError, text: str, display: str) -> Problem:
    position, character = getattr(exc, "position", None), getattr(exc, "character", None)
    if isinstance(position, int) and isinstance(character, int):
        line, column = _line_column(text, position)
        return Problem(display, line, column, check="syntax",
                       message=f"the control character U+{character:04X} is not allowed "
                               f"in YAML",
                       hint="delete it; such characters come in with text pasted from "
                            "PDFs, e-mails or Word")
    return Problem(display, 1, 1, check="syntax", message=f"cannot read YAML: {_short(exc, 200)}")


# (a phrase of the parser's message, whether to point at the start of the construct rather
# than where the parser gave up, our message, our hint)
_SYNTAX: list[tuple[str, bool, str, str]] = [
    ("could not find expected ':'", True,
     "expected ':' after this field name",
     "write 'field: value'; a line that continues the text above must be indented under it"),
    ("mapping values are not allowed", False,
     "unexpected ': ' here: YAML reads it as the start of another field",
     "put text that holds ': ' in quotes, check the indentation of this line, and leave a "
     "space after each field's colon"),
    ("did not find expected key", False,
     "expected a field ('name: value') here, in line with the fields above",
     "check the indentation; a list entry ('- ') goes under a field that holds a list; a "
     "quote left open on an earlier line can also cause this"),
    ("did not find expected '-' indicator", False,
     "expected a list entry ('- ') here, in line with the entries above",
     "check the indentation of this line"),
    ("did not find expected ',' or ']'", False,
     "a list opened with '[' is not closed: expected ',' or ']'",
     "close the list with ']', or put text holding ',', '[' or ']' in quotes"),
    ("did not find expected ',' or '}'", False,
     "a mapping opened with '{' is not closed: expected ',' or '}'",
     "close the mapping with '}', or put text holding ',', '{' or '}' in quotes"),
    ("found unexpected end of stream", True,
     "this quoted text is never closed",
     "add the closing quote"),
    ("found unknown escape character", False,
     "unknown escape: a backslash in double quotes starts an escape such as \\n",
     "use single quotes for text that holds backslashes, or write each one twice (\\\\)"),
    ("did not find expected hexdecimal number", False,
     "unknown escape: a backslash in double quotes starts an escape such as \\n",
     "use single quotes for text that holds backslashes, or write each one twice (\\\\)"),
    ("but found another document", False,
     "a second YAML document starts here; a meeting file holds one",
     "remove the '---' line, or put the second meeting in its own file"),
    ("found unhashable key", False,
     "a list or mapping cannot be a field name",
     "field names are plain text"),
    ("did not find expected comment or line break", False,
     "a '|' or '>' must end its line; the text goes on the lines below, indented",
     "move the text to the next line, indented, or remove the '|' or '>'"),
]


def _marked_problem(exc: MarkedYAMLError, text: str, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = _mark(mark) if mark is not None else (1, 1)
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if isinstance(exc, _Refused):
        return Problem(display, line, column, message=problem, check="syntax", hint=exc.hint)
    quote = _runaway_quote(text, line)
    if quote is not None:
        return Problem(display, *quote, check="syntax",
                       message=f"this quoted text runs on to line {line}: is its closing "
                               f"quote missing?",
                       hint="close the quote where the text ends")
    source = _line_text(text, line - 1)
    char = source[column - 1: column]
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent or (char == "\t" and "tab" in problem):
        column = (source.index("\t") + 1) if "\t" in indent else column
        return Problem(display, line, column, check="syntax",
                       message="a tab character cannot indent YAML",
                       hint="indent with spaces (editors can turn tabs into spaces)")
    if "cannot start any token" in problem or "expected alphabetic or numeric" in problem:
        char = char or "?"
        if exc.context and ("alias" in exc.context or "anchor" in exc.context):
            char = "*" if "alias" in exc.context else "&"
            if exc.context_mark is not None:
                line, column = _mark(exc.context_mark)
        return Problem(display, line, column, check="syntax",
                       message=f"a value cannot start with '{char}' unless it is in quotes",
                       hint=f"put the text in quotes: \"{char}...\"")
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        key = _line_text(text, exc.context_mark.line)[exc.context_mark.column:]
        if key.find(":") > 1024:
            return Problem(display, *_mark(exc.context_mark), check="syntax",
                           message="this field name is longer than the 1024 characters "
                                   "YAML allows", hint="is a ':' missing after the name?")
    if "did not find expected key" in problem and char in ("]", "}"):
        return Problem(display, line, column, check="syntax",
                       message=f"this '{char}' closes nothing",
                       hint=f"remove it, or put text holding '{char}' in quotes")
    for phrase, at_start, message, hint in _SYNTAX:
        if phrase in problem:
            opened = exc.context_mark
            if at_start and opened is not None:
                line, column = _mark(opened)
            elif opened is not None and "opened with" in message:
                message = message.replace(" is not closed", f" on line {opened.line + 1} is "
                                                            f"not closed")
            return Problem(display, line, column, message=message, check="syntax", hint=hint)
    if exc.context and exc.problem:
        problem = f"{exc.context.strip()}: {exc.problem.strip()}"
    return Problem(display, line, column, message=problem, check="syntax")


def _runaway_quote(text: str, line: int) -> tuple[int, int] | None:
    """Where a quoted text starts that runs over several lines to end on `line` (1-based),
    where the parser then failed: the mark of a closing quote left out."""
    found = None
    try:
        for event in _FAST.parse(text):
            if (isinstance(event, ScalarEvent) and event.style in ('"', "'")
                    and event.start_mark.line + 1 < line == event.end_mark.line + 1):
                found = event.start_mark
    except YAMLError:
        pass
    return _mark(found) if found is not None else None


def _too_deep(data: Any) -> bool:
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, (dict, list)))
    return False
