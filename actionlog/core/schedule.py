"""When a series meets: an RFC 5545 recurrence rule ("RRULE:FREQ=MONTHLY;BYDAY=-1TU", the
last Tuesday of the month) read by dateutil, and the next free date it gives.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Iterable

# a rule that only gives dates already taken would otherwise be searched for ever
MAX_STEPS = 1000
# meetings are days apart: a rule finer than daily gives thousands of times a day, for ever
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_INTERVAL = 1000
HORIZON_YEARS = 20  # no schedule looks further ahead than this for its next date
_PART = re.compile(r"(?<![A-Z])(FREQ|INTERVAL)=([^;:\s]*)")


@lru_cache(maxsize=256)
def check_rule(text: str) -> str:
    """An empty string when `text` is a rule dateutil can read and that gives meeting
    days (daily or coarser, a positive interval), else why not (kept per rule: a calendar
    asks it again for each date of each series)."""
    for name, value in _PART.findall(text.upper()):
        if name == "FREQ" and value not in FREQUENCIES:
            return (f"'{_short(text)}' repeats {value.lower() or 'at no frequency'}: a "
                    f"meeting schedule is DAILY, WEEKLY, MONTHLY or YEARLY")
        if name == "INTERVAL" and not (value.isdigit() and 0 < int(value) <= MAX_INTERVAL):
            return (f"'{_short(text)}' has INTERVAL={value}: the interval is a whole number "
                    f"from 1 to {MAX_INTERVAL}")
    try:
        _rule(text, date(2000, 1, 1))
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
        return f"'{_short(text)}' is not a recurrence rule dateutil can read ({exc})"
    return ""


def _bounded(rule: str, until: date) -> str:
    """A one-line rule that never ends, ended at `until`: a rule that gives no date at all
    (the 30th of February) is then searched to the horizon, not to the year 9999."""
    body = rule.strip()
    upper = body.upper()
    if "\n" in body or "UNTIL=" in upper or "COUNT=" in upper or \
            upper.startswith(("DTSTART", "EXRULE", "RDATE", "EXDATE")):
        return body
    return f"{body.rstrip(';')};UNTIL={until:%Y%m%d}"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _rule(text: str, start: date):
    from dateutil.rrule import rrulestr

    body = text.strip()
    if not body.upper().startswith(("RRULE:", "DTSTART", "EXRULE", "RDATE", "EXDATE")):
        body = "RRULE:" + body
    return rrulestr(body, dtstart=datetime.combine(start, time()), forceset=True)


def next_date(rule: str, after: date, taken: Iterable[date] = ()) -> date | None:
    """The first date of the schedule after `after` that no meeting has taken (None when
    the rule is not a meeting schedule, or gives no free date within HORIZON_YEARS)."""
    if check_rule(rule):
        return None
    busy = set(taken)
    try:
        horizon = after.replace(year=after.year + HORIZON_YEARS)
    except ValueError:  # 29 February, or near the end of the calendar
        horizon = date.max if after.year + HORIZON_YEARS > date.max.year else \
            after.replace(day=28, year=after.year + HORIZON_YEARS)
    try:
        dates = _rule(_bounded(rule, horizon), after)
        # one pass of the rule's dates in order; several on one day count once
        for step, found in enumerate(dates):
            day = found.date()
            if day > horizon or step >= MAX_STEPS:
                return None
            if day > after and day not in busy:
                return day
    except (ValueError, OverflowError):  # dates beyond year 9999
        return None
    return None
