"""When a series meets: an RFC 5545 recurrence rule ("RRULE:FREQ=MONTHLY;BYDAY=-1TU", the
last Tuesday of the month) read by dateutil, and the next free date it gives.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Iterable

# a rule that only gives dates already taken would otherwise be searched for ever
MAX_STEPS = 1000


def check_rule(text: str) -> str:
    """An empty string when `text` is a rule dateutil can read, else why not."""
    try:
        _rule(text, date(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        return f"'{text}' is not a recurrence rule dateutil can read ({exc})"
    return ""


def _rule(text: str, start: date):
    from dateutil.rrule import rrulestr

    body = text.strip()
    if not body.upper().startswith(("RRULE:", "DTSTART", "EXRULE", "RDATE", "EXDATE")):
        body = "RRULE:" + body
    return rrulestr(body, dtstart=datetime.combine(start, time()), forceset=True)


def next_date(rule: str, after: date, taken: Iterable[date] = ()) -> date | None:
    """The first date of the schedule after `after` that no meeting has taken."""
    busy = set(taken)
    dates = _rule(rule, after)
    moment = datetime.combine(after, time())
    for _step in range(MAX_STEPS):
        found = dates.after(moment, inc=False)
        if found is None:
            return None
        if found.date() not in busy:
            return found.date()
        moment = found
    return None

