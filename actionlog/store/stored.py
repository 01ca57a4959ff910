"""The ledger as the cache keeps it (store/cache.py): each question reads only the rows it
needs, and answers as core.ledger.Ledger does."""

from __future__ import annotations

import dataclasses
from datetime import date
from operator import attrgetter
from typing import Any

from actionlog.core.ledger import Entry
from actionlog.core.owners import fold_key
from actionlog.store import codec

EVERYONE = "\x00all"  # the owner key of an action owned by ALL: it matches every query


class StoredLedger:
    """The ledger as the store keeps it: each question reads only the rows it needs.
    It answers as core.ledger.Ledger does (get, all, open, closed_since, refs); the lists
    hold each action's latest update only in its history (`get` gives the whole story)."""

    as_of = None

    def __init__(self, store: Any) -> None:
        self.store = store

    def get(self, ref: str) -> Entry | None:
        found = self.store.entries("WHERE ref = ?", (ref,), whole=True)
        return found[0] if found else None

    def all(self, series: tuple[str, ...] = ()) -> list[Entry]:
        where, args = _series_clause(series)
        return self.store.entries(f"WHERE 1 {where}", args)

    def open(self, series: tuple[str, ...] = (), owners: tuple[str, ...] = ()) -> list[Entry]:
        where, args = _series_clause(series)
        if owners:
            keys = sorted({fold_key(q) for q in owners} | {EVERYONE})
            where += (f" AND owned_by IN (SELECT owned_by FROM owners WHERE key IN "
                      f"({','.join('?' * len(keys))}))")
            args += tuple(keys)
        found = self.store.entries(f"WHERE open = 1 {where}", args)
        return [e for e in found if not owners or any(e.owner_matches(q) for q in owners)]

    def closed_since(self, day: date, series: tuple[str, ...] = ()) -> list[Entry]:
        where, args = _series_clause(series)
        found = self.store.entries(f"WHERE open = 0 AND closed >= ? {where}",
                                   (day.toordinal(), *args))
        return [e for e in found if e.closed_after(day)]

    def refs(self) -> list[str]:
        return self.store.refs()

    def owner_keys(self) -> set[str]:
        return self.store.owner_keys()

    def knows_owner(self, keys: frozenset[str]) -> bool:
        return self.store.knows_owner(keys)


def brief(e: Entry) -> list[int]:
    """The entry as a list shows it: which of its history it keeps (the latest review with
    an update, if any). The store keeps it so beside the whole entry (codec.dumps_cut)."""
    for i in range(len(e.history) - 1, -1, -1):
        if e.history[i].update:
            return [i]
    return []


def listed(e: Entry) -> Entry:
    """The entry as the store lists it (its brief), from the whole entry in memory (as
    dataclasses.replace makes it, in a third of the time)."""
    values = list(_FIELDS(e))
    values[_HISTORY] = [e.history[i] for i in brief(e)]
    return Entry(*values)


_NAMES = [f.name for f in dataclasses.fields(Entry) if f.init]
_FIELDS, _HISTORY = attrgetter(*_NAMES), _NAMES.index("history")


def rows(group: str, entries: list[Entry]) -> tuple[list[tuple], list[tuple]]:
    """The rows of one group's entries, in fold order, as the store's tables hold them:
    `entries` (the entry and its brief among them, and its owners as every key they answer
    to, in one text) and `owners` (the keys of each such text, once: the actions of very
    many share a few sets of owners; of every entry, open or not, so `owner_keys` says who
    is known)."""
    out, sets = [], {}
    for seq, e in enumerate(entries):
        keys: set[str] = set()
        for o in e.owners:
            keys |= {EVERYONE} if o.everyone else o.keys()
        owned_by = "\n".join(sorted(keys))
        sets[owned_by] = keys
        out.append((e.ref, group, e.series, e.meeting_date.toordinal(), e.meeting_id, seq,
                    int(e.is_open), e.closed_on.toordinal() if e.closed_on else None,
                    owned_by, *codec.dumps_cut(e, "history", brief(e))))
    return out, [(k, owned_by, group) for owned_by, keys in sets.items() for k in sorted(keys)]


def _series_clause(series: tuple[str, ...]) -> tuple[str, tuple]:
    if not series:
        return "", ()
    return f"AND series IN ({','.join('?' * len(series))})", tuple(series)


