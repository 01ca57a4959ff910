"""Dates as people type and read them: "11 August 2016", "11/08/2016", "Tuesday 26 July 2016"."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_user_date(text: str) -> date:
    """A date typed on the command line, read day first; ValueError with a clear message."""
    text = text.strip()
    if _ISO.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real date ({exc})") from None
    from dateutil import parser

    try:
        return parser.parse(text, dayfirst=True).date()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"cannot read '{text}' as a date (try 2016-08-11 or "
                         f"'11 August 2016')") from exc


def long_date(d: date) -> str:
    """26 July 2016."""
    return f"{d.day} {d:%B %Y}"


def day_date(d: date) -> str:
    """Tuesday 26 July 2016."""
    return f"{d:%A} {long_date(d)}"
