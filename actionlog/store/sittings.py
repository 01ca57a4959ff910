"""A meeting as the calendar needs it (when, where, its status, and the next meeting its
notes announce), kept in the cache beside the index so that `calendar` reads a year of
meetings without decoding them: decoding 600 meetings was a fifth of its time."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from actionlog.core.model import Meeting
from actionlog.store import codec

COLUMN = "sitting"  # the column of `files` that keeps `kept(meeting)`


class Sitting(NamedTuple):
    """The fields a calendar asks of a meeting, named as Meeting names them."""

    path: str
    id: str
    series: str
    date: date
    status: str
    title: str
    time: str | None
    venue: str | None
    note: str | None
    next_date: date | None
    next_time: str | None
    next_note: str | None


def of(m: Meeting) -> Sitting:
    return Sitting(m.path, m.id, m.series, m.date, m.status, m.title, m.time, m.venue,
                   m.note, m.next_date, m.next_time, m.next_note)


def kept(m: Meeting) -> bytes:
    """What the cache keeps beyond the index's columns (path, id, series, day, status,
    title)."""
    return codec.dumps(tuple(of(m)[6:]))


_KINDS = ((str, type(None)),) * 3 + ((date, type(None)),) + ((str, type(None)),) * 2


def sitting(path: str, id_: str, series: str, day: int, status: str, title: str,
            blob: Any) -> Sitting:
    """The Sitting of one row of `files`; what is not what `kept` writes is damage."""
    rest = codec.loads(blob, None)
    if type(rest) is not tuple or len(rest) != len(_KINDS) or \
            not all(type(v) in kinds for v, kinds in zip(rest, _KINDS)):
        raise codec.Damaged("a meeting's calendar fields are not those written")
    try:
        day_ = date.fromordinal(day)
    except (TypeError, ValueError, OverflowError) as exc:
        raise codec.Damaged(f"a meeting's day: {exc}") from None
    return Sitting(path, id_, series, day_, status, title, *rest)
