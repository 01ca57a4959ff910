"""A schedule is bounded: only daily or coarser, a positive interval, one pass of its dates
up to a horizon. A rule that would give dates for ever on one day, or never advance, is a
located problem, and no command hangs on it."""

from __future__ import annotations

import json
from datetime import date

import pytest

from actionlog.core import schedule


@pytest.mark.parametrize("rule", ["RRULE:FREQ=HOURLY", "RRULE:FREQ=MINUTELY",
                                  "FREQ=SECONDLY;BYDAY=TU", "RRULE:FREQ=MONTHLY;INTERVAL=0",
                                  "RRULE:FREQ=WEEKLY;INTERVAL=-2",
                                  "RRULE:FREQ=DAILY;INTERVAL=99999999"])
def test_a_rule_finer_than_daily_or_without_a_positive_interval_is_refused(rule):
    assert schedule.check_rule(rule)
    assert schedule.next_date(rule, date(2016, 7, 26)) is None


def test_several_times_a_day_still_gives_the_next_day():
    rule = "RRULE:FREQ=DAILY;BYHOUR=9,12,15"
    assert schedule.next_date(rule, date(2016, 7, 26)) == date(2016, 7, 27)


def test_dates_at_the_ends_of_the_calendar_give_a_date_or_none():
    assert schedule.next_date("RRULE:FREQ=MONTHLY;BYDAY=-1TU", date(9999, 12, 28)) is None
    assert schedule.next_date("RRULE:FREQ=YEARLY", date(9999, 12, 31)) is None
    assert schedule.next_date("RRULE:FREQ=MONTHLY;BYDAY=-1TU", date(1, 1, 1)) == date(1, 1, 30)


@pytest.mark.parametrize("rule", ["RRULE:FREQ=HOURLY", "RRULE:FREQ=MONTHLY;INTERVAL=0"])
def test_validate_locates_the_rule_and_calendar_and_new_meeting_finish(workspace, run, rule):
    template = workspace / "templates" / "monthly-assurance.yaml"
    template.write_text(template.read_text().replace("RRULE:FREQ=MONTHLY;BYDAY=-1TU", rule))
    found = json.loads(run(workspace, "validate", "--format", "json").stdout)
    assert [(p["path"], p["yaml_path"], p["line"] > 0) for p in found] == [
        ("templates/monthly-assurance.yaml", "schedule", True)]
    # it finishes; the template's problem is named and makes the exit status 1
    shown = run(workspace, "calendar", "--today", "2017-09-01")
    assert shown.exit_code == 1 and "BEGIN:VCALENDAR" in shown.stdout
    assert "templates/monthly-assurance.yaml" in shown.stderr
    # the latest notes name the next meeting's date; past it, there is no schedule to use
    result = run(workspace, "new-meeting", "--dry-run", "--today", "2017-09-01")
    assert result.exit_code in (0, 1)
