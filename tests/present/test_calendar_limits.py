"""Dates at the ends of the calendar (a due date of 9999-12-31, a meeting of 0001-01-01)
give a calendar that parses back, never an OverflowError."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar


def test_due_on_the_last_day_of_the_calendar(workspace, run):
    path = workspace / "meetings" / "2017-08-22.yaml"
    text = path.read_text()
    assert "due: next meeting" in text
    path.write_text(text.replace("due: next meeting", "due: 9999-12-31", 1))
    assert run(workspace, "validate").exit_code == 0
    result = run(workspace, "calendar", "--today", "2017-09-01")
    assert result.exit_code == 0
    events = Calendar.from_ical(result.stdout).walk("VEVENT")
    last = [e for e in events if e.decoded("dtstart") == date(9999, 12, 31)]
    assert len(last) == 1 and "DURATION" in last[0]


def test_a_meeting_in_the_year_one(workspace, run):
    text = (workspace / "meetings" / "2016-06-28.yaml").read_text()
    (workspace / "meetings" / "0001-01-01.yaml").write_text(
        text.replace("date: 2016-06-28", "date: 0001-01-01").replace("2016-06-28/", "X/"))
    result = run(workspace, "calendar", "--today", "2017-09-01")
    assert result.exit_code == 0
    assert "0001" in result.stdout or "00010101" in result.stdout
