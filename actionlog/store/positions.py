"""Where a YAML path is written in a file: 1-based line and column from the parser's marks.
Worked out only when a problem is shown (it means parsing the text again): from the node
tree the C reader composes (a 5 MB file in about a second), or, where the C reader cannot
read the text, from the round-trip parser's document (pure Python: ten times slower), with
the same marks."""

from __future__ import annotations

import functools
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from actionlog.core.problems import Problem
from actionlog.store.yamlio import TIMESTAMP, compose_fast

NULL = "tag:yaml.org,2002:null"


@functools.cache  # built on first use: reading a valid file needs no round trip
def _position_constructor() -> type:
    class _PositionConstructor(YAML(typ="rt").Constructor):  # type: ignore[misc]
        pass

    _PositionConstructor.add_constructor(TIMESTAMP, SafeConstructor.construct_yaml_str)
    return _PositionConstructor


class _Nodes:
    """The C reader's node tree of a text, walked by YAML path as the round-trip document
    is (a mapping's keys built as the reader builds them, once per mapping walked)."""

    def __init__(self, root: Any, key: Any) -> None:
        self.root, self._key, self._maps = root, key, {}  # type: dict

    def pairs(self, node: Any) -> dict:
        found = self._maps.get(id(node))
        if found is None:
            found = {}
            for key_node, value_node in node.value:
                try:
                    found.setdefault(_frozen(self._key(key_node)), (key_node, value_node))
                except (YAMLError, ValueError, TypeError, KeyError):
                    pass
            self._maps[id(node)] = (node, found)
            return found
        return found[1]


def _frozen(key: Any) -> Any:
    """A key written as a list is a tuple in the round-trip document (and in paths)."""
    return tuple(_frozen(k) for k in key) if isinstance(key, list) else key


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@functools.lru_cache(maxsize=2)
def _positions_doc(text: str) -> Any:
    """What gives positions in `text`: the C reader's nodes, else the round-trip document
    (read only; kept for the next problem in the same file)."""
    if "%YAML" not in text:  # a version directive would change what keys are: round trip
        composed = compose_fast(text)
        if composed is not None:
            return _Nodes(*composed)
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
    if isinstance(doc, _Nodes):
        return _node_position(doc, loc)[0]
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


def located(problems: list[Problem], text: str) -> list[Problem]:
    """The problems of one file's `text`, each given the line and column of its YAML path
    (those that have one already are kept as they are)."""
    pending = [p for p in problems if not p.line and p.loc]
    if not pending:
        return list(problems)
    found = positions(text, [p.loc for p in pending if not p.at_key])
    out = [p for p in problems if p.line or not p.loc]
    for p in pending:
        line, column = (key_position(text, p.loc) if p.at_key else found.get(p.loc, (1, 1)))
        out.append(p.with_position(line, column))
    return out


def _node_position(doc: _Nodes, loc: tuple) -> tuple[tuple[int, int], Any]:
    """As _position_of, from the nodes (the marks the round-trip document keeps are theirs),
    with the node the whole of `loc` names (None when it names nothing)."""
    node = doc.root
    best = _mark(node) if isinstance(node, (MappingNode, SequenceNode)) else (1, 1)
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, MappingNode) and _hashable(part) and part in doc.pairs(node):
            key_node, value_node = doc.pairs(node)[part]
            # an empty value has no mark of its own: point at its key
            empty = isinstance(value_node, ScalarNode) and value_node.tag == NULL
            best = _mark(key_node if last and empty else value_node)
            node = value_node
        elif (isinstance(node, SequenceNode) and isinstance(part, int)
              and 0 <= part < len(node.value)):
            node = node.value[part]
            best = _mark(node)
        else:
            return best, None
    return best, node


def _hashable(part: Any) -> bool:
    try:
        hash(part)
    except TypeError:
        return False
    return True


def key_position(text: str, loc: tuple) -> tuple[int, int]:
    """Where the key at the end of `loc` is written (for unknown or duplicate keys)."""
    doc = _positions_doc(text)
    if doc is None:
        return (1, 1)
    if isinstance(doc, _Nodes):
        parent, node = _node_position(doc, loc[:-1])
        part = loc[-1]
        if isinstance(node, MappingNode) and _hashable(part) and part in doc.pairs(node):
            return _mark(doc.pairs(node)[part][0])
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return _mark(node.value[part])  # an entry's "key" is the entry
        return parent
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
