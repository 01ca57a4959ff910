"""Every use of YAML: the fast reader, positions for problems, and round-trip edits.

This is the only module that imports ruamel.yaml. Reading goes through the C safe
loader; the slower round-trip loader is used only to edit a file or to find the line
and column of a problem the fast path found.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import stat
from typing import Any, Iterable, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import Resolver
from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent,
                                 ScalarEvent)

from actionlog.problems import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
# above this many nesting indicators a file is scanned before the C reader builds it: the
# reader recurses in C, and thousands of '[' would overflow its stack (a crash, not an error)
SCAN_ABOVE = 1000

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
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


_MeetingConstructor.add_constructor(_TIMESTAMP, SafeConstructor.construct_yaml_str)
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


def _load_fast(text: str) -> Any:
    loader = _FastLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_data(path: str, display: str) -> tuple[Any, list[Problem]]:
    """A file's parsed YAML, or the problems that stopped it being read."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse(text, display)


def read_text(path: str, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text: UTF-8, a byte-order mark dropped, CRLF read as LF."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, 1, message=f"file is too large ({size} bytes; "
                                  f"the limit is {MAX_FILE_BYTES})", check="syntax",
                                  hint="a meeting file is a few kilobytes; is this the "
                                       "right file?")]
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
        data = _load_fast(text)
    except MarkedYAMLError as exc:
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


# ---------------------------------------------------------------- positions


@functools.cache  # built on first use: reading a valid file needs no round trip
def _position_constructor() -> type:
    class _PositionConstructor(YAML(typ="rt").Constructor):  # type: ignore[misc]
        pass

    _PositionConstructor.add_constructor(_TIMESTAMP, SafeConstructor.construct_yaml_str)
    return _PositionConstructor


@functools.lru_cache(maxsize=2)
def _positions_doc(text: str) -> Any:
    """The round-trip document whose marks give positions (read only; kept for the next
    problem in the same file)."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _position_constructor()
    try:
        return yaml.load(text)
    except (YAMLError, ValueError, TypeError, KeyError, RecursionError):
        return None


def positions(text: str, locs: Iterable[tuple]) -> dict[tuple, tuple[int, int]]:
    """1-based (line, column) of each YAML path, from the round-trip parser's marks.

    A path that ends at a key the document lacks points at its nearest existing parent.
    """
    doc = _positions_doc(text)
    if doc is None:
        return {}
    return {tuple(loc): _position_of(doc, tuple(loc)) for loc in locs}


def _position_of(doc: Any, loc: tuple) -> tuple[int, int]:
    start = getattr(doc, "lc", None)
    # a path into nothing points at where the document's own content starts
    best = (start.line + 1, start.col + 1) if start is not None and start.line is not None \
        else (1, 1)
    node = doc
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        try:
            if isinstance(node, dict) and part in node:
                # an empty value has no mark of its own: point at its key
                line, column = lc.key(part) if last and node[part] is None else lc.value(part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                line, column = lc.item(part)
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
        best = (line + 1, column + 1)
        node = node[part]
    return best


def key_position(text: str, loc: tuple) -> tuple[int, int]:
    """Where the key at the end of `loc` is written (for unknown or duplicate keys)."""
    doc = _positions_doc(text)
    if doc is None:
        return (1, 1)
    parent = _position_of(doc, loc[:-1])
    node = doc
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return parent
    lc = getattr(node, "lc", None)
    try:
        line, column = lc.key(loc[-1])
        return line + 1, column + 1
    except (AttributeError, KeyError, TypeError):
        return parent


# ---------------------------------------------------------------- round-trip edits


def _edit_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap an officer's long action text
    yaml.allow_unicode = True
    return yaml


def load_for_edit(text: str) -> Any:
    """A round-trip document, keeping comments, order, quoting and blank lines."""
    return _edit_yaml().load(text)


def dump(doc: Any) -> str:
    stream = io.StringIO()
    _edit_yaml().dump(doc, stream)
    return stream.getvalue()


TEMP_PREFIX = ".actionlog-"  # + the file's name + "-": what a write killed midway leaves


def write_atomic(path: str, text: str) -> None:
    """Write through a temporary file in the same folder, then rename over the original."""
    import tempfile  # here, not above: it costs a read 4 ms (shutil, random, bz2, lzma)

    folder, name = os.path.split(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        # a new file gets what open() would give it, not mkstemp's private 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# -- building and editing documents in the house style (new meetings, recording commands)

LINE_WIDTH = 88  # long text is folded (>-) to fit, as the transcribed meetings are
# fields that hold paragraphs (folded when long); titles and names stay on one line
PARAGRAPHS = {"text", "update", "note", "assurance", "questions", "findings", "discussion"}
LOCK_TIMEOUT = 30.0


@functools.cache  # built on first use, as _position_constructor
def _house_emitter() -> type:
    class _HouseEmitter(YAML(typ="rt").Emitter):  # type: ignore[misc]
        """Double quotes, as the officer writes them, where a new value needs quoting."""

        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            if style == "'" and self.event.style != "'":
                return '"'
            return style

    return _HouseEmitter


HOUSE_LAYOUT = (2, 4, 2)  # mapping, sequence, offset: as _edit_yaml
# other indentations people write by hand, kept when a file already uses one of them
OTHER_LAYOUTS = ((2, 2, 0), (4, 4, 2), (4, 2, 0), (4, 6, 4))


def _house_yaml(layout: tuple[int, int, int] = HOUSE_LAYOUT) -> YAML:
    yaml = _edit_yaml()
    if layout != HOUSE_LAYOUT:
        mapping, sequence, offset = layout
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.Emitter = _house_emitter()
    return yaml


def dump_house(doc: Any, layout: tuple[int, int, int] = HOUSE_LAYOUT) -> str:
    stream = io.StringIO()
    _house_yaml(layout).dump(doc, stream)
    return stream.getvalue()


def node(value: Any, indent: int = 0, comments: dict | None = None,
         flow: Iterable[tuple] = (), loc: tuple = ()) -> Any:
    """Plain data as round-trip nodes that dump in the house style.

    `indent` is the column of the keys if `value` is a mapping (of the dashes if a list);
    `comments` maps YAML paths (relative to `value`) to comment text written before that
    key or list entry; paths in `flow` are written in flow style ({id: JC, name: ...}).
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    comments = comments or {}
    flow = set(map(tuple, flow))
    if isinstance(value, dict):
        out = CommentedMap()
        for key, child in value.items():
            # a block list's dashes sit two columns in from its key; a mapping's keys, two
            out[key] = node(child, indent + 2, comments, flow, loc + (key,))
            if loc not in flow and key in PARAGRAPHS:
                _wrap_scalar(out, key, indent + len(str(key)) + 2, indent + 2)
            if loc + (key,) in comments:
                out.yaml_set_comment_before_after_key(key, before=comments[loc + (key,)],
                                                      indent=indent)
        if loc in flow:
            out.fa.set_flow_style()
        return out
    if isinstance(value, (list, tuple)):
        out = CommentedSeq()
        for index, child in enumerate(value):
            out.append(node(child, indent + 2, comments, flow, loc + (index,)))
            if loc not in flow and loc[-1:] and loc[-1] in PARAGRAPHS:
                _wrap_scalar(out, index, indent + 2, indent + 2)
            if loc + (index,) in comments:
                out.yaml_set_comment_before_after_key(index, before=comments[loc + (index,)],
                                                      indent=indent)
        if loc in flow:
            out.fa.set_flow_style()
        return out
    return _scalar(value)


@functools.lru_cache(maxsize=1)
def _resolver() -> Any:
    return _house_yaml().resolver


def _scalar(value: Any) -> Any:
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

    if not isinstance(value, str) or isinstance(value, ScalarString):
        return value
    tag = _resolver().resolve(ScalarNode, value, (True, False))
    # "10:30" is a number to YAML 1.1 readers, "1" an integer: both stay text in quotes
    if tag != "tag:yaml.org,2002:str" or _CLOCK.match(value):
        return DoubleQuotedScalarString(value)
    return value


def _wrap_scalar(container: Any, key: Any, start: int, body: int) -> None:
    """Fold a long plain text (>-) so no line passes LINE_WIDTH, as the meetings are written.

    `start` is the column the value would begin at on the key's line, `body` the column of
    the folded lines.
    """
    from ruamel.yaml.scalarstring import FoldedScalarString, ScalarString

    value = container[key]
    if (not isinstance(value, str) or start + len(value) <= LINE_WIDTH
            or (isinstance(value, ScalarString) and not isinstance(value, FoldedScalarString))):
        return
    positions = _fold_positions(value, LINE_WIDTH - body)
    if not positions:
        return
    folded = FoldedScalarString(str(value))
    folded.fold_pos = positions  # type: ignore[attr-defined]
    container[key] = folded


def _fold_positions(text: str, width: int) -> list[int] | None:
    """Indexes of the spaces to break at; None where folding would change the text."""
    if ("\n" in text or "  " in text or text != text.strip() or "\t" in text
            or width < 20):
        return None
    positions, line_start, last_space = [], 0, -1
    for index, char in enumerate(text):
        if char == " ":
            if index - line_start > width and last_space > line_start:
                positions.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start > width and last_space > line_start:
        positions.append(last_space)
    return positions


_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")


def new_document(data: dict, header: list[str], comments: dict | None = None,
                 flow: Iterable[tuple] = ()) -> str:
    """The text of a new file built from values: `header` lines are comments at the top."""
    doc = node(data, 0, comments, flow)
    if header:
        doc.yaml_set_start_comment("\n".join(header))
    return dump_house(doc)


def set_value(mapping: Any, key: str, value: Any) -> None:
    """Replace a value, keeping its comments and its style (a folded text stays folded)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, ScalarString

    old = mapping.get(key)
    column = _key_column(mapping)
    tail = _detach_tail(mapping, key)
    slots, index, _value = _tail_slot(mapping, key)
    own_comment = slots[index] is not None and slots[index].value.startswith("#")
    mapping[key] = _scalar(value)  # ruamel keeps the old quoting or folding for new text
    current = mapping[key]
    if isinstance(current, FoldedScalarString):
        current.fold_pos = _refold(old, str(current), LINE_WIDTH - column - 2)
    elif (isinstance(current, str) and not isinstance(current, ScalarString)
          and not own_comment and key in PARAGRAPHS):
        _wrap_scalar(mapping, key, column + len(key) + 2, column + 2)
    if _is_block_text(mapping[key]) and not _is_block_text(old):
        slots, index, _value = _tail_slot(mapping, key)
        if slots[index] is not None and slots[index].value == "\n":
            slots[index] = None  # a block text ends its own line
    _attach_tail(mapping, key, tail)


def _refold(old: Any, text: str, width: int) -> list[int]:
    """Where to fold `text`; when it only adds to a folded text, that text's lines stay as
    they were and only its last line and the addition are folded anew."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    if isinstance(old, FoldedScalarString) and text.startswith(str(old)):
        kept = list(getattr(old, "fold_pos", None) or [])
        start = kept[-1] + 1 if kept else 0
        rest = _fold_positions(text[start:], width)
        if rest is not None:
            return kept + [start + position for position in rest]
    return _fold_positions(text, width) or []


def insert_value(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Add a key after the keys that come before it in `order`; nothing else moves."""
    keys = list(mapping.keys())
    rank = {name: i for i, name in enumerate(order)}
    position = 0
    for index, present in enumerate(keys):
        if rank.get(present, len(order)) < rank.get(key, len(order)):
            position = index + 1
    column = _key_column(mapping)
    new = node(value, column + 2)
    tail = _detach_tail(mapping, keys[position - 1]) if position else ""
    mapping.insert(position, key, new)
    if key in PARAGRAPHS:
        _wrap_scalar(mapping, key, column + len(key) + 2, column + 2)
    _attach_tail(mapping, key, tail)


def append_item(mapping: Any, key: str, value: Any, comment: str | None = None,
                flow: Iterable[tuple] = ()) -> None:
    """Append an entry to the list at mapping[key] (made a block list if it was empty)."""
    from ruamel.yaml.comments import CommentedSeq

    seq = mapping.get(key)
    if isinstance(seq, CommentedSeq) and len(seq) and seq.fa.flow_style():
        seq.append(node(value, 0, None, [()]))  # a list written [a, b] stays on its line
        return
    if not isinstance(seq, CommentedSeq) or not len(seq):
        column = _key_column(mapping) + 2
        fresh = CommentedSeq()
        if isinstance(seq, CommentedSeq) and seq.ca.comment:
            fresh.ca.comment = seq.ca.comment  # keep an end-of-line comment on `key: []`
        mapping[key] = fresh
        seq = fresh
        tail = ""
    else:
        column = seq.lc.col if seq.lc.col is not None else _key_column(mapping) + 2
        tail = _detach_tail(seq, len(seq) - 1)
    seq.append(node(value, column + 2, None, flow))
    index = len(seq) - 1
    if key in PARAGRAPHS:
        _wrap_scalar(seq, index, column + 2, column + 2)
    if comment:
        seq.yaml_set_comment_before_after_key(index, before=comment, indent=column)
    _attach_tail(seq, index, tail)


def _key_column(mapping: Any) -> int:
    lc = getattr(mapping, "lc", None)
    return lc.col if lc is not None and lc.col is not None else 0


def _is_block_text(value: Any) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def _tail_slot(container: Any, key: Any) -> tuple[list, int, Any]:
    """Where the comments and blank lines after container[key] are kept by ruamel."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = container[key]
    if (isinstance(value, (CommentedMap, CommentedSeq)) and len(value)
            and not value.fa.flow_style()):
        last = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _tail_slot(value, last)
    slots = container.ca.items.setdefault(key, [None, None, None, None])
    return slots, (2 if isinstance(container, CommentedMap) else 0), value


def _detach_tail(container: Any, key: Any) -> str:
    """Take the comment lines and blank lines that follow container[key] (they belong
    before whatever comes next), leaving its own end-of-line comment in place."""
    slots, index, value = _tail_slot(container, key)
    token = slots[index]
    if token is None:
        return ""
    text = token.value
    if _is_block_text(value):
        own, rest = "", text
    elif text.startswith("#"):
        cut = text.find("\n") + 1 or len(text)
        own, rest = text[:cut], text[cut:]
    else:
        own, rest = "\n", text[1:]
    if own:
        token.value = own
    else:
        slots[index] = None
    return rest


def _attach_tail(container: Any, key: Any, rest: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not rest:
        return
    slots, index, value = _tail_slot(container, key)
    text = rest if _is_block_text(value) else "\n" + rest
    if slots[index] is not None:
        slots[index].value = slots[index].value + rest
    else:
        slots[index] = CommentToken(text, CommentMark(0))


def edited_text(original: str, doc: Any) -> str | None:
    """The text of an edited document, with every line the edit did not touch exactly as
    it was; None when that cannot be done (a layout the round trip does not keep)."""
    new = dump_house(doc)
    if original and not original.endswith("\n"):
        original += "\n"  # a last line without its line break gets one, as editors add
    loaded = load_for_edit(original)
    base = dump_house(loaded)
    if base == original:
        return new
    for layout in OTHER_LAYOUTS:
        if dump_house(loaded, layout) == original:
            return dump_house(doc, layout)
    result = _splice(original.splitlines(True), base.splitlines(True), new.splitlines(True))
    if result is None:
        return None
    # the spliced text must mean exactly what the edited document means
    try:
        same = _FAST.load(result) == _FAST.load(new)
    except (YAMLError, ValueError):
        same = False
    return result if same else None


def _splice(original: list[str], base: list[str], new: list[str]) -> str | None:
    """A three-way merge of line lists: `base` is the original as the round trip writes it,
    `new` the edited document as it writes it. The edit's changes (base -> new) are made to
    the original's own lines; where the round trip wrote a line differently ('---', text
    wrapped by hand), the original's lines stay, unless the edit replaces them. None when an
    edit and such a difference overlap only in part."""
    import difflib

    # what each stretch of base stands for in the original: one line where the round trip
    # kept it, else the whole run of lines it wrote differently
    runs: list[tuple[int, int, list[str]]] = []  # (base start, base end, original lines)
    matcher = difflib.SequenceMatcher(None, base, original, autojunk=False)
    for op, b1, b2, o1, o2 in matcher.get_opcodes():
        if op == "equal":
            runs.extend((b, b + 1, [original[o1 + b - b1]]) for b in range(b1, b2))
        else:
            runs.append((b1, b2, original[o1:o2]))
    out: list[str] = []
    at = 0  # the next run to place
    for op, b1, b2, n1, n2 in difflib.SequenceMatcher(None, base, new,
                                                      autojunk=False).get_opcodes():
        while at < len(runs):
            start, end, lines = runs[at]
            # lines only the original has go before lines inserted at the same place
            # ('---'), except at the end ('...', blank lines), where they follow them
            ours_first = start == end == b1 == b2 < len(base)
            if start >= b2 and not ours_first:
                break
            if end > b2:
                return None  # the edit cuts through a run the round trip rewrote
            if op == "equal" or start == end:
                out.extend(lines)
            at += 1
        if op != "equal":
            out.extend(new[n1:n2])
    for _start, _end, lines in runs[at:]:
        out.extend(lines)
    return "".join(out)


@contextlib.contextmanager
def locked(path: str, timeout: float | None = None) -> Iterator[None]:
    """Hold `.<name>.lock` beside a file while it is read, changed and written back.

    Waiting longer than `timeout` seconds raises TimeoutError (filelock's Timeout). The
    lock is the system's lock on an open file, so it ends with the process that held it.
    """
    from filelock import FileLock

    folder, name = os.path.split(os.path.abspath(path))
    with FileLock(os.path.join(folder, f".{name}.lock"),
                  timeout=LOCK_TIMEOUT if timeout is None else timeout):
        # only a holder of the lock writes the file: any temporary file of it is a leftover
        for leftover in leftovers(path):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, leftover))
        yield


def leftovers(path: str) -> list[str]:
    """Temporary files that writes of `path` killed midway left beside it."""
    folder, name = os.path.split(os.path.abspath(path))
    mine = re.compile(re.escape(f"{TEMP_PREFIX}{name}-") + r"[a-z0-9_]+\.tmp")
    try:
        return sorted(n for n in os.listdir(folder) if mine.fullmatch(n))
    except OSError:
        return []


def write_new(path: str, text: str) -> None:
    """Write a file that must not exist yet (FileExistsError if it does), under its lock."""
    with locked(path):
        if os.path.exists(path):
            raise FileExistsError(path)
        write_atomic(path, text)
