"""The calendar is written with the icalendar library, asked less: only the long content
lines are given to its folding, and only the meetings' starts and ends are searched for the
time zones to describe. The bytes are those of the library's own `Calendar.to_ical()` after
`add_missing_timezones()`, whatever the text (escapes at the fold, characters of several
bytes across it, line breaks) and whatever the time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from actionlog.present import calendar as cal

TODAY = date(2025, 1, 15)
AWKWARD = [
    "x" * 73 + "é" + "y" * 80,  # two bytes across the 75th octet
    "x" * 72 + "\\" + "y" * 10,  # an escape where the line folds
    "x" * 73 + ";" + "," * 40,  # escaped separators at the fold
    "a^b" * 40,
    "Ünïcödé 会議 " * 12,
    "short",
    "line one\nline two\r\nthree" + "z" * 70,
    "=HYPERLINK(\"http://x\")" + "w" * 60,
    # lines of 73 to 77 octets (SUMMARY:, LOCATION:, ...), in one byte or two
    *("x" * n for n in range(60, 70)),
    *("x" * n + "é" for n in range(59, 69)),
]


def occasions() -> list[cal.Occasion]:
    out = []
    for i, text in enumerate(AWKWARD):
        day = date(2024, 1, 1) + timedelta(days=7 * i)
        out.append(cal.Occasion("s", text, day, ("approved", "cancelled", "scheduled")[i % 3],
                                "10:30" if i % 2 else None, text[::-1], text, f"{day}"))
    return out


def reference(built, opts: cal.Options) -> bytes:
    """The same calendar, its time zones added and its text written by the library."""
    from icalendar import Calendar

    again = Calendar()
    again.update(built)  # the properties
    again.subcomponents = [c for c in built.subcomponents if c.name != "VTIMEZONE"]
    days = [c.decoded("DTSTART") for c in again.subcomponents]
    days = [d.date() if isinstance(d, datetime) else d for d in days]
    again.add_missing_timezones(first_date=min(days) - timedelta(days=366),
                                last_date=max(days) + timedelta(days=366))
    return again.to_ical()


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "UTC", "Etc/GMT+5",
                                  "Asia/Kolkata"])
def test_the_bytes_are_the_librarys(zone):
    opts = cal.Options(timezone=zone)
    built = cal.build(occasions(), [], TODAY, {}, opts)
    written = cal.to_ical(built)
    assert written == built.to_ical()
    assert written == reference(built, opts)
    assert max(len(line) for line in written.split(b"\r\n")) <= 75


def test_all_day_meetings_only_need_no_time_zone():
    day_only = [o for o in occasions() if o.time is None]
    built = cal.build(day_only, [], TODAY, {}, cal.Options())
    assert b"VTIMEZONE" not in cal.to_ical(built)
    assert cal.to_ical(built) == reference(built, cal.Options())


def test_the_stamp_is_the_day_given():
    built = cal.build(occasions()[:1], [], TODAY, {}, cal.Options())
    stamp = datetime.combine(TODAY, time(), tzinfo=timezone.utc)
    assert built.subcomponents[-1].decoded("DTSTAMP") == stamp


def test_the_same_instant_in_two_time_zones_keeps_each_zone():
    """10:30 in London and 05:30 in New York on a January day are one instant (equal
    datetimes): each calendar still names its own zone."""
    day = date(2024, 1, 8)
    for zone, at in (("Europe/London", "10:30"), ("America/New_York", "05:30")):
        opts = cal.Options(timezone=zone)
        built = cal.build([cal.Occasion("s", "T", day, "approved", at)], [], TODAY, {}, opts)
        written = cal.to_ical(built)
        assert f"DTSTART;TZID={zone}:20240108T{at.replace(':', '')}00".encode() in written
        assert written == reference(built, opts)


def actions() -> list:
    """Open actions with the awkward texts: their due-date events, written by to_ical."""
    from actionlog.core.ledger import Entry, Event
    from actionlog.core.owners import Owner

    out = []
    for i, text in enumerate(AWKWARD):
        day = date(2024, 1, 1) + timedelta(days=7 * i)
        owners = [Owner("AB", "AB", "Anthony Bangham", "DCC")] if i % 2 else [Owner(text[:30])]
        entry = Entry(f"2023-12-{1 + i % 28:02d}/{i + 1}", text, f"2023-12-{1 + i % 28:02d}",
                      date(2023, 12, 1 + i % 28), ("s", "t")[i % 2], f"{i} ({text[:20]})",
                      text[:20], owners, day, None, day + timedelta(days=i % 3),
                      ("open", "in-progress")[i % 2], "open", confidential=i % 3 == 0)
        if i % 2:
            entry.history.append(Event("2024-01-01", date(2024, 1, 1), text[::-1], "open"))
            entry.due_changes.append(("2024-01-01", entry.due))
        out.append(entry)
    return out


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Kolkata"])
def test_the_due_dates_bytes_are_the_librarys(zone):
    opts = cal.Options(timezone=zone)
    built = cal.build(occasions(), actions(), TODAY, {"s": "Board"}, opts)
    written = cal.to_ical(built)
    assert written.count(b"BEGIN:VEVENT") == 2 * len(AWKWARD)
    assert written == built.to_ical()
    assert written == reference(built, opts)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab \\^;,:") | st.characters(max_codepoint=127)
               | st.sampled_from("éΩ€😀"), min_size=60, max_size=400))
@example("x" * 73 + "\\" + "y" * 80)
@example("x" * 74 + "^" * 90)
def test_a_long_line_is_folded_as_the_library_folds_it(text):
    """calendar.folded cuts a line of ASCII by position; it must be the library's fold of
    it, byte for byte (escapes kept whole), and any other line the library's own."""
    from icalendar.parser import Contentline

    if "\n" in text or "\r" in text:
        return
    line = Contentline(text)
    assert cal.folded(line) == line.to_ical()
