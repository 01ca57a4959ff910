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
    if "\x00" not in text and not _conflict(text) and not _odd_break(text):
        try:
            return load(text, marks), []
        except _Unusual:
            if marks:
                marks.clear()
    return yamlio.parse(text, display)


def _conflict(text: str) -> bool:
    """yamlio's search for a merge conflict's marker line, where the text has a run of
    seven of its characters (a search of the whole text for them is ten times faster)."""
    return ("<<<<<<<" in text or ">>>>>>>" in text or "=======" in text) \
        and yamlio._CONFLICT.search(text) is not None


def _odd_break(text: str) -> bool:
    """Whether the text has a line break the C reader counts apart (yamlio._ODD_BREAK)."""
    return any(c in text for c in yamlio._ODD_BREAKS)


def load(text: str, marks: dict | None = None) -> Any:
    """The data of a plain YAML text, as yamlio.load_fast builds it; _Unusual otherwise."""
    loader = yamlio._FastLoader(text)
    resolve, builders, get = loader.resolve, loader.yaml_constructors, loader.get_event
    known = loader._tags  # the tags of short plain texts, as its resolve keeps them
    plain_tags = not loader.yaml_path_resolvers  # else a quoted text's tag may be another
    plain_keys, max_depth = yamlio._PLAIN_KEYS, yamlio.MAX_DEPTH
    seen: dict[str, Any] = {}  # a short plain text's value, once built (ids, dates repeat)
    # the list or mapping being built (None: none yet), whether it is a list, the key of a
    # mapping waiting for its value (or _NO_KEY); and the same of each one it is inside
    made: Any = None
    is_list, key = False, _NO_KEY
    stack: list[tuple] = []
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
                if marks is not None and event.style in ("|", ">") and BLOCK not in marks \
                        and key is not _NO_KEY:
                    marks[BLOCK] = (key_mark, event.start_mark)  # the file's first block text
                implicit = event.implicit
                if implicit[0]:  # plain: its tag told by its text
                    found = seen.get(value, _NO_KEY)
                    if found is _NO_KEY:
                        text_of = value
                        value = _built(loader, resolve, builders, known, event)
                        if len(text_of) <= 32:
                            seen[text_of] = value
                    else:
                        value = found
                elif not plain_tags:  # quoted or block: text, unless a path resolver says
                    value = _built(loader, resolve, builders, known, event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None \
                        or len(stack) >= max_depth:
                    raise _Unusual()
                stack.append((made, is_list, key))
                is_list = kind is SequenceStartEvent
                made, key = ([] if is_list else {}), _NO_KEY
                if marks is not None:
                    marks[id(made)] = event
                    parent, in_list, waiting = stack[-1]
                    if not is_list and NESTED not in marks and parent is not None \
                            and not in_list and waiting is not _NO_KEY \
                            and not event.flow_style:
                        marks[NESTED] = (key_mark, event.start_mark)  # next_meeting: date:
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = made
                if marks is not None:
                    marks[id(value)] = (marks[id(value)], event)
                made, is_list, key = stack.pop()
            elif kind is DocumentEndEvent:
                if get().__class__ is not StreamEndEvent:  # a second document
                    raise _Unusual()
                return root
            else:  # an alias
                raise _Unusual()
            if made is None:
                root = value
            elif is_list:
                made.append(value)
            elif key is _NO_KEY:
                if value.__class__ not in plain_keys or value in made:
                    raise _Unusual()
                key = value
                if marks is not None:
                    key_mark = event.start_mark
                    if len(stack) == 1:  # where the file's keys start
                        marks.setdefault(KEYS, []).append(key_mark)
            else:
                made[key] = value
                key = _NO_KEY
    except (YAMLError, ValueError, TypeError, KeyError, IndexError, OverflowError,
            RecursionError):
        raise _Unusual() from None
    finally:
        loader.dispose()


def _built(loader: Any, resolve: Any, builders: Any, known: dict, event: Any) -> Any:
    """A scalar's value: its text, or what the constructor builds of it (a number, a
    boolean, null); _Unusual for any other tag."""
    value = event.value
    if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
        return int(value)  # a whole number in decimal (ids): what the resolver and int give
    tag = known.get(value) if len(value) <= 32 else None
    if tag is None:
        tag = resolve(ScalarNode, value, event.implicit)
    if tag == _STR:
        return value
    node = ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
    if str(getattr(node.tag, "value", node.tag)) not in _BUILT:
        raise _Unusual()
    return builders[node.tag](loader, node)


_NO_KEY = object()
KEYS = "keys"  # in marks: the start of each of the file's own keys, in order
BLOCK = "block"  # in marks: where the first folded or literal value's key and text start
NESTED = "nested"  # in marks: where the first mapping that is a mapping's value, and its key,
# start (the two show the file's mapping indentation, as BLOCK does)
