"""Dates as people type and read them: "11 August 2016", "11/08/2016", "Tuesday 26 July 2016"."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}


_HINT = "give the whole date, e.g. 2016-08-11 or '11 August 2016'"
# two days that differ in year, month and day: a part the text does not give comes from the
# default, so parsing with each shows which parts were given
_PROBES = (datetime(2000, 1, 1), datetime(2004, 3, 3))  # leap years: 29 February reads


def parse_user_date(text: str, today: date | None = None) -> date:
    """A date typed on the command line, read day first; ValueError with a clear message.

    Nothing is taken from the real clock: a day and month without a year mean the next such
    day on or after `today` (refused when there is no `today`); a month alone, a year alone
    or a weekday is refused, since any day picked for them would be a guess.
    """
    text = text.strip()
    if _ISO.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real date ({exc})") from None
    from dateutil import parser

    try:
        first, second = (parser.parse(text, dayfirst=True, default=d) for d in _PROBES)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"cannot read '{text}' as a date ({_HINT})") from exc
    if first.day != second.day:
        words = set(re.findall(r"[a-z]+", text.casefold()))
        what = ("is a day of the week, not a date" if words & _WEEKDAYS else
                "names no day or month" if first.month != second.month else
                "names no day of the month")
        raise ValueError(f"'{text}' {what}; {_HINT}")
    if first.month != second.month:
        raise ValueError(f"'{text}' names no month; {_HINT}")
    if first.year == second.year:
        return first.date()
    if today is None:
        raise ValueError(f"'{text}' names no year; {_HINT}")
    for year in (today.year, today.year + 1, today.year + 4):  # 29 February waits for a leap year
        try:
            found = date(year, first.month, first.day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f"'{text}' is not a real date; {_HINT}")


@lru_cache(maxsize=4096)  # the same few days, in every row of a long log
def long_date(d: date) -> str:
    """26 July 2016."""
    return f"{d.day} {d:%B %Y}"


def day_date(d: date) -> str:
    """Tuesday 26 July 2016."""
    return f"{d:%A} {long_date(d)}"
