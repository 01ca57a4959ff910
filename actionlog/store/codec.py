"""Records <-> plain values that `marshal` can write: how the cache keeps meetings, ledger
entries and problems without pickles (decoding builds only these classes and dates, so a
damaged or planted cache can run no code).

A record is a tuple (tag, field, field, ...); a date (1, ordinal); a tuple (0, item, ...);
lists, text, numbers, booleans and None stand for themselves.
"""

from __future__ import annotations

import dataclasses
import marshal
from operator import attrgetter
import zlib
from datetime import date
from typing import Any

from actionlog.core.ledger import Entry, Event
from actionlog.core.model import Action, Item, Meeting, Person, Placed, Review
from actionlog.core.owners import Owner, RosterEntry
from actionlog.core.problems import Problem
from actionlog.core.series import Series, StandingItem

CLASSES: tuple[type, ...] = (Meeting, Item, Action, Review, Person, Entry, Event, Owner,
                             RosterEntry, Problem, Placed, Series, StandingItem)
_TUPLE, _DATE, _FIRST = 0, 1, 2
_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in CLASSES}
_TAGS = {cls: _FIRST + i for i, cls in enumerate(CLASSES)}
_BY_TAG = {tag: cls for cls, tag in _TAGS.items()}
_PLAIN = frozenset((str, int, bool, float, type(None)))
# each record's fields in one call (a tuple of them)
_GET = {cls: (attrgetter(*names) if len(names) > 1 else lambda v, n=names[0]: (getattr(v, n),))
        for cls, names in _FIELDS.items()}
# the shape of every record: a cache written for other shapes is not read into these
SHAPE = ";".join(f"{cls.__name__}({','.join(_FIELDS[cls])})" for cls in CLASSES)


class Damaged(ValueError):
    """What was read is not what this codec writes."""


def encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [v if type(v) in _PLAIN else encode(v) for v in value]
    if kind is tuple:
        return (_TUPLE, *[v if type(v) in _PLAIN else encode(v) for v in value])
    if kind is date:
        return (_DATE, value.toordinal())
    get = _GET.get(kind)
    if get is None:
        raise TypeError(f"the cache cannot hold a {kind.__name__}")
    # a record's fields read in one call; text, numbers and None kept without a call each
    return (_TAGS[kind], *[v if type(v) in _PLAIN else encode(v) for v in get(value)])


def decode(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [v if type(v) in _PLAIN else decode(v) for v in value]
    if kind is not tuple:
        if kind in _PLAIN:
            return value
        raise Damaged(f"unexpected {kind.__name__}")
    try:
        tag = value[0]
        if tag == _DATE:
            return date.fromordinal(value[1])
        if tag == _TUPLE:
            return tuple([v if type(v) in _PLAIN else decode(v) for v in value[1:]])
        cls = _BY_TAG[tag]
        return cls(*[v if type(v) in _PLAIN else decode(v) for v in value[1:]])
    except (IndexError, KeyError, TypeError, ValueError, OverflowError) as exc:
        raise Damaged(str(exc)) from None


def dumps(value: Any) -> bytes:
    """The value encoded and marshalled, after a CRC of it (a flipped bit is damage)."""
    return _stored(marshal.dumps(encode(value)))


def dumps_cut(record: Any, name: str, keep: list[int]) -> tuple[bytes, bytes]:
    """A record stored whole, and again with its list field `name` cut to the items at
    `keep`: encoded once for both."""
    whole = encode(record)
    at = 1 + _FIELDS[type(record)].index(name)
    items = whole[at]
    stored = _stored(marshal.dumps(whole))
    if keep == list(range(len(items))):  # nothing cut (an action not yet reviewed)
        return stored, stored
    cut = (*whole[:at], [items[i] for i in keep], *whole[at + 1:])
    return stored, _stored(marshal.dumps(cut))


def _stored(body: bytes) -> bytes:
    return zlib.crc32(body).to_bytes(4, "big") + body


def loads(data: Any, kind: Any = None) -> Any:
    """The value stored in `data`, which must be of `kind` when given: a class, [a class] for
    a list of them, or a tuple of kinds for a tuple (a planted value of the wrong shape is
    damage, not a crash later)."""
    value = _loads(data)
    if kind is not None and not _is(value, kind):
        raise Damaged(f"not the {_name(kind)} expected")
    return value


def _is(value: Any, kind: Any) -> bool:
    if type(kind) is list:
        return type(value) is list and all(_is(v, kind[0]) for v in value)
    if type(kind) is tuple:
        return type(value) is tuple and len(value) == len(kind) and \
            all(_is(v, k) for v, k in zip(value, kind))
    return type(value) is kind


def _name(kind: Any) -> str:
    if type(kind) is list:
        return f"list of {_name(kind[0])}"
    if type(kind) is tuple:
        return f"({', '.join(_name(k) for k in kind)})"
    return kind.__name__


def _loads(data: Any) -> Any:
    if type(data) is not bytes or len(data) < 4:
        raise Damaged("not a stored value")
    body = memoryview(data)[4:]
    if zlib.crc32(body) != int.from_bytes(data[:4], "big"):
        raise Damaged("its checksum does not match")
    try:
        raw = marshal.loads(body)
    except (EOFError, ValueError, TypeError) as exc:
        raise Damaged(str(exc)) from None
    return decode(raw)
