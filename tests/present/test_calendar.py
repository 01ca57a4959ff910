"""`actionlog calendar`: meetings and due dates as iCalendar, parsed back with icalendar."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.conftest import REPO

LONDON = ZoneInfo("Europe/London")


def events(text: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_meetings_and_due_dates_parse_back(run):
    result = run(REPO, "calendar", "--today", "2017-09-01", "--months", "3",
                 "--since", "2016-01-01")
    assert result.exit_code == 0, result.stderr
    cal = Calendar.from_ical(result.stdout)
    assert str(cal["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    found = events(result.stdout)

    july = found["monthly-assurance/2016-07-26@actionlog"]
    assert july.decoded("DTSTART") == datetime(2016, 7, 26, 10, 30, tzinfo=LONDON)
    assert july.decoded("DTEND") - july.decoded("DTSTART") == timedelta(hours=2)
    assert str(july["SUMMARY"]) == "Monthly Assurance Meeting"
    assert str(july["LOCATION"]) == "PCC Conference Room, Hindlip"
    assert str(july["STATUS"]) == "CONFIRMED"
    assert "meetings/2016-07-26.yaml (approved)" in str(july["DESCRIPTION"])

    cancelled = found["monthly-assurance/2016-08-30@actionlog"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "Monthly Assurance Meeting (cancelled)"

    # the August 2017 notes announce 26 September; the schedule then gives the later ones
    september = found["monthly-assurance/2017-09-26@actionlog"]
    assert str(september["STATUS"]) == "TENTATIVE"
    scheduled = sorted(e.decoded("DTSTART").date() for e in found.values()
                       if str(e.get("STATUS")) == "TENTATIVE")
    # (July 2016 announced 27 September 2016, a meeting this workspace does not hold)
    assert scheduled == [date(2016, 9, 27), date(2017, 9, 26), date(2017, 10, 31),
                         date(2017, 11, 28)]

    due = found["2016-07-26/1@actionlog"]
    assert due.decoded("DTSTART") == date(2016, 8, 11)  # an all-day event
    assert due.decoded("DTEND") == date(2016, 8, 12)
    assert str(due["SUMMARY"]).startswith("Due 2016-07-26/1 (DCC Anthony Bangham): Clarify")
    assert "Owner: DCC Anthony Bangham" in str(due["DESCRIPTION"])
    assert str(due["TRANSP"]) == "TRANSPARENT"
    # open actions with a due date only: discharged ones and undated ones are not events
    action_uids = sorted(u for u in found if not u.startswith("monthly-assurance/"))
    assert action_uids == ["2016-07-26/1@actionlog", "2016-07-26/2@actionlog",
                           "2016-07-26/3@actionlog", "2017-08-22/3@actionlog"]


def test_the_same_workspace_gives_the_same_file(run):
    first = run(REPO, "calendar", "--today", "2017-09-01")
    second = run(REPO, "calendar", "--today", "2017-09-01")
    assert first.stdout == second.stdout
    stamps = {e.decoded("DTSTAMP") for e in events(first.stdout).values()}
    assert {s.date() for s in stamps} == {date(2017, 9, 1)}


def test_a_scheduled_meeting_keeps_its_uid_once_its_file_exists(workspace, run):
    before = events(run(workspace, "calendar", "--today", "2017-09-01").stdout)
    uid = "monthly-assurance/2017-10-31@actionlog"
    assert str(before[uid]["STATUS"]) == "TENTATIVE"
    (workspace / "meetings" / "2017-10-31.yaml").write_text(textwrap.dedent("""\
        title: Monthly Assurance Meeting
        series: monthly-assurance
        date: 2017-10-31
        time: "14:00"
        venue: Hindlip Park
        status: draft
        """), encoding="utf-8")
    after = events(run(workspace, "calendar", "--today", "2017-09-01").stdout)
    assert str(after[uid]["STATUS"]) == "CONFIRMED"
    assert after[uid].decoded("DTSTART") == datetime(2017, 10, 31, 14, 0, tzinfo=LONDON)
    assert str(after[uid]["LOCATION"]) == "Hindlip Park"
    assert len([u for u in after if u == uid]) == 1


def test_owner_and_output_file(run, tmp_path):
    out = tmp_path / "acc.ics"
    result = run(REPO, "calendar", "--today", "2017-09-01", "--owner", "CC", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {out}: ")
    found = events(out.read_bytes())
    assert sorted(u for u in found if not u.startswith("monthly-assurance/")) == [
        "2017-08-22/3@actionlog"]


def test_settings_give_time_zone_and_length(workspace, run):
    (workspace / "actionlog.toml").write_text(
        '[calendar]\ntimezone = "Europe/Dublin"\nduration_minutes = 90\n', encoding="utf-8")
    found = events(run(workspace, "calendar", "--today", "2017-09-01",
                       "--since", "2016-07-01").stdout)
    july = found["monthly-assurance/2016-07-26@actionlog"]
    assert july.decoded("DTSTART") == datetime(2016, 7, 26, 10, 30,
                                               tzinfo=ZoneInfo("Europe/Dublin"))
    assert july.decoded("DTEND") - july.decoded("DTSTART") == timedelta(minutes=90)


def test_bad_time_zone_is_a_clear_error(workspace, run):
    (workspace / "actionlog.toml").write_text('[calendar]\ntimezone = "Hindlip"\n',
                                              encoding="utf-8")
    result = run(workspace, "calendar", "--today", "2017-09-01", "--since", "2016-01-01")
    assert result.exit_code == 1
    assert result.stderr == ("error: actionlog.toml: [calendar] timezone 'Hindlip' is not a "
                             "time zone name such as Europe/London\n")


def test_by_default_the_meetings_of_the_last_year_and_every_due_date(run):
    found = events(run(REPO, "calendar", "--today", "2017-09-01").stdout)
    meetings = {uid for uid in found if not uid.startswith("20")}
    assert "monthly-assurance/2017-08-22@actionlog" in meetings
    assert "monthly-assurance/2016-07-26@actionlog" not in meetings  # over a year before
    assert "2016-07-26/1@actionlog" in found  # an open action's due date, however old
