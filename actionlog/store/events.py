"""A faster reading of plain YAML: the data built straight from the C parser's events.

yamlio's fast reader has the C reader compose a node tree first (a node and two marks for
every value, built one by one: three quarters of its time); the data built here from the
parser's events is the same, in a third of the time. Only plain files are read this way:
anything else (a tag, an anchor or alias, a key that is not plain text or a number, a
duplicate key, a value the constructor refuses, nesting deeper than yamlio allows, a
syntax error, a second document) is read by yamlio.parse as always, with its problems and
their positions. So are texts its line checks refuse (NUL, a merge conflict, odd breaks).
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (DocumentEndEvent, MappingEndEvent, MappingStartEvent,
                                ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                                StreamEndEvent)
from ruamel.yaml.nodes import ScalarNode

from actionlog.core.problems import Problem
from actionlog.store import yamlio

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_BUILT = {_CORE + name for name in ("null", "bool", "int", "float", "timestamp")}


class _Unusual(Exception):
    """Something only yamlio's reader reads as it should."""


def parse(text: str, display: str, marks: dict | None = None) -> tuple[Any, list[Problem]]:
    """What yamlio.parse gives for `text`. With `marks`, each list and mapping read here
    is marked in it by id: (the event that starts it, the event that ends it), the file's
    own keys under KEYS, its first block text under BLOCK, its first mapping in a mapping
    under NESTED; a text yamlio reads leaves it
    empty (no positions known)."""
    if ("\x00" not in text and yamlio._CONFLICT.search(text) is None
            and yamlio._ODD_BREAK.search(text) is None):
        try:
            return load(text, marks), []
        except _Unusual:
            if marks:
                marks.clear()
    return yamlio.parse(text, display)


def load(text: str, marks: dict | None = None) -> Any:
    """The data of a plain YAML text, as yamlio.load_fast builds it; _Unusual otherwise."""
    loader = yamlio._FastLoader(text)
    resolve, builders, get = loader.resolve, loader.yaml_constructors, loader.get_event
    known = loader._tags  # the tags of short plain texts, as its resolve keeps them
    plain_tags = not loader.yaml_path_resolvers  # else a quoted text's tag may be another
    stack: list[list] = []  # [list or mapping, its key waiting for a value (or _NO_KEY)]
    root = key_mark = None
    try:
        get()  # the stream's start
        if get().__class__ is StreamEndEvent:  # no document
            return None
        while True:
            event = get()
            kind = event.__class__
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual()
                value = event.value
                if event.style in ("|", ">") and marks is not None and BLOCK not in marks \
                        and stack and stack[-1][1] is not _NO_KEY:
                    marks[BLOCK] = (key_mark, event.start_mark)  # the file's first block text
                if not event.implicit[0] and plain_tags:  # quoted or block: text
                    is_text = True
                else:
                    tag = known.get(value) if len(value) <= 32 else None
                    if tag is None:
                        tag = resolve(ScalarNode, value, event.implicit)
                    is_text = tag == _STR
                if not is_text:
                    node = ScalarNode(tag, value, event.start_mark, event.end_mark,
                                      style=event.style)
                    if str(getattr(node.tag, "value", node.tag)) not in _BUILT:
                        raise _Unusual()
                    value = builders[node.tag](loader, node)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None \
                        or len(stack) >= yamlio.MAX_DEPTH:
                    raise _Unusual()
                made: Any = {} if kind is MappingStartEvent else []
                if marks is not None:
                    marks[id(made)] = event
                    if kind is MappingStartEvent and NESTED not in marks and stack \
                            and stack[-1][1] is not _NO_KEY and not event.flow_style \
                            and stack[-1][0].__class__ is dict:
                        marks[NESTED] = (key_mark, event.start_mark)  # next_meeting: date:
                stack.append([made, _NO_KEY])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = stack.pop()[0]
                if marks is not None:
                    marks[id(value)] = (marks[id(value)], event)
            elif kind is DocumentEndEvent:
                if get().__class__ is not StreamEndEvent:  # a second document
                    raise _Unusual()
                return root
            else:  # an alias
                raise _Unusual()
            if not stack:
                root = value
                continue
            top = stack[-1]
            if top[0].__class__ is list:
                top[0].append(value)
            elif top[1] is _NO_KEY:
                if value.__class__ not in yamlio._PLAIN_KEYS or value in top[0]:
                    raise _Unusual()
                top[1] = value
                key_mark = event.start_mark
                if marks is not None and len(stack) == 1:  # where the file's keys start
                    marks.setdefault(KEYS, []).append(event.start_mark)
            else:
                top[0][top[1]] = value
                top[1] = _NO_KEY
    except (YAMLError, ValueError, TypeError, KeyError, IndexError, OverflowError,
            RecursionError):
        raise _Unusual() from None
    finally:
        loader.dispose()


_NO_KEY = object()
KEYS = "keys"  # in marks: the start of each of the file's own keys, in order
BLOCK = "block"  # in marks: where the first folded or literal value's key and text start
NESTED = "nested"  # in marks: where the first mapping that is a mapping's value, and its key,
# start (the two show the file's mapping indentation, as BLOCK does)
