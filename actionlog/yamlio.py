"""Every use of YAML: the fast reader, positions for problems, and round-trip edits.

This is the only module that imports ruamel.yaml. Reading goes through the C safe
loader; the slower round-trip loader is used only to edit a file or to find the line
and column of a problem the fast path found.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from actionlog.problems import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _StrTimestampConstructor(SafeConstructor):
    """Keep timestamps as text, so 2016-02-30 is a located schema problem, not a crash."""


_StrTimestampConstructor.add_constructor(_TIMESTAMP, SafeConstructor.construct_yaml_str)


def _fast_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _StrTimestampConstructor
    return yaml


_FAST = _fast_yaml()


def read_text(path: str, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text: UTF-8, a byte-order mark dropped, CRLF read as LF."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, 1, message=f"file is too large ({size} bytes; "
                                  f"the limit is {MAX_FILE_BYTES})", check="syntax")]
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return None, [Problem(display, 0, 0, message=f"cannot read file: {exc.strerror}",
                              check="syntax")]
    return decode(raw, display)


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(display, line, column,
                              message=f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                              check="syntax",
                              hint="save the file as UTF-8 (in Word or Notepad: Save As, "
                                   "Encoding: UTF-8)")]
    return text.replace("\r\n", "\n"), []


def parse(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse with the C safe loader; syntax problems carry the parser's own position."""
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        return None, [Problem(display, line, index - text.rfind("\n", 0, index),
                              message="file contains a NUL character; is it a binary file?",
                              check="syntax")]
    try:
        data = _FAST.load(text)
    except MarkedYAMLError as exc:
        return None, [_marked_problem(exc, display)]
    except RecursionError:
        return None, [Problem(display, 1, 1, message="nesting is too deep to read",
                              check="syntax")]
    except (YAMLError, ValueError, TypeError) as exc:
        return None, [Problem(display, 1, 1, message=f"cannot read YAML: {exc}",
                              check="syntax")]
    alias = _first_shared_node(data)
    if alias is not None:
        line, column = _alias_position(text)
        return None, [Problem(display, line, column, check="syntax",
                              message="anchors and aliases (&name, *name) are not allowed "
                                      "in meeting files",
                              hint="write the value out in full")]
    if _too_deep(data):
        return None, [Problem(display, 1, 1, check="syntax",
                              message=f"nesting is deeper than {MAX_DEPTH} levels")]
    return data, []


def _marked_problem(exc: MarkedYAMLError, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    hint = ""
    if "found character '\\t'" in problem or "\\t" in problem:
        problem, hint = "a tab character cannot indent YAML", "indent with spaces"
    elif "duplicate key" in problem:
        hint = "each key may appear once in a mapping; merge the two entries"
    elif "could not determine a constructor for the tag" in (exc.problem or ""):
        problem = problem.replace("could not determine a constructor for the tag",
                                  "unknown tag")
        hint = "remove the tag (the '!...' before the value)"
    elif exc.context and exc.problem:
        problem = f"{exc.context.strip()}: {exc.problem.strip()}"
    return Problem(display, line, column, message=problem, check="syntax", hint=hint)


def _first_shared_node(data: Any) -> Any:
    """A container reached twice: the mark of an alias, which could explode in size."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            children: Iterable = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if id(node) in seen:
            return node
        seen.add(id(node))
        stack.extend(c for c in children if isinstance(c, (dict, list)))
    return None


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


def _alias_position(text: str) -> tuple[int, int]:
    from ruamel.yaml.events import AliasEvent

    try:
        for event in YAML(typ="safe", pure=True).parse(io.StringIO(text)):
            if isinstance(event, AliasEvent):
                return event.start_mark.line + 1, event.start_mark.column + 1
    except YAMLError:
        pass
    return 1, 1


# ---------------------------------------------------------------- positions


class _PositionConstructor(YAML(typ="rt").Constructor):  # type: ignore[misc]
    pass


_PositionConstructor.add_constructor(_TIMESTAMP, SafeConstructor.construct_yaml_str)


def positions(text: str, locs: Iterable[tuple]) -> dict[tuple, tuple[int, int]]:
    """1-based (line, column) of each YAML path, from the round-trip parser's marks.

    A path that ends at a key the document lacks points at its nearest existing parent.
    """
    yaml = YAML(typ="rt")
    yaml.Constructor = _PositionConstructor
    try:
        doc = yaml.load(text)
    except (YAMLError, ValueError, RecursionError):
        return {}
    return {tuple(loc): _position_of(doc, tuple(loc)) for loc in locs}


def _position_of(doc: Any, loc: tuple) -> tuple[int, int]:
    node, best = doc, (1, 1)
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
    yaml = YAML(typ="rt")
    yaml.Constructor = _PositionConstructor
    try:
        doc = yaml.load(text)
    except (YAMLError, ValueError, RecursionError):
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


def write_atomic(path: str, text: str) -> None:
    """Write through a temporary file in the same folder, then rename over the original."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        # a new file gets what open() would give it, not mkstemp's private 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=".actionlog-", suffix=".tmp", dir=folder)
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
