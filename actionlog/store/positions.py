"""Where a YAML path is written in a file: 1-based line and column from the round-trip
parser's marks. Worked out only when a problem is shown (it means parsing the text again)."""

from __future__ import annotations

import functools
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError

from actionlog.core.problems import Problem
from actionlog.store.yamlio import TIMESTAMP


@functools.cache  # built on first use: reading a valid file needs no round trip
def _position_constructor() -> type:
    class _PositionConstructor(YAML(typ="rt").Constructor):  # type: ignore[misc]
        pass

    _PositionConstructor.add_constructor(TIMESTAMP, SafeConstructor.construct_yaml_str)
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
