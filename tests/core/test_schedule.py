"""The series schedule (an RFC 5545 rule read by dateutil) and series templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from actionlog.core import schedule
from actionlog.store.load import load_series, locate, series_names
from tests.conftest import REPO

LAST_TUESDAY = "RRULE:FREQ=MONTHLY;BYDAY=-1TU"


@pytest.mark.parametrize("after, taken, expected", [
    (date(2016, 6, 28), (), date(2016, 7, 26)),
    (date(2016, 7, 26), (), date(2016, 8, 30)),
    # August 2016 was cancelled: its date is taken, so September follows July
    (date(2016, 7, 26), (date(2016, 8, 30),), date(2016, 9, 27)),
    # 22 August 2017 was not the last Tuesday: the schedule's next date is the 29th (the
    # notes name 26 September, which new-meeting prefers; see test_new_meeting)
    (date(2017, 8, 22), (), date(2017, 8, 29)),
    (date(2017, 8, 29), (), date(2017, 9, 26)),
    # from the middle of a month: that month's last Tuesday
    (date(2016, 12, 1), (), date(2016, 12, 27)),
    (date(2016, 12, 27), (), date(2017, 1, 31)),
])
def test_last_tuesday_of_the_month(after, taken, expected):
    assert schedule.next_date(LAST_TUESDAY, after, taken) == expected


def test_rule_without_the_rrule_prefix_is_read():
    assert schedule.next_date("FREQ=MONTHLY;BYDAY=-1TU", date(2016, 6, 28)) == date(2016, 7, 26)


def test_a_rule_that_has_ended_gives_no_date():
    assert schedule.next_date("RRULE:FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20160801",
                              date(2016, 7, 26)) is None


def test_every_date_taken_gives_no_date_rather_than_searching_for_ever():
    rule = "RRULE:FREQ=YEARLY;COUNT=3"
    taken = {date(2017, 1, 1), date(2018, 1, 1)}
    assert schedule.next_date(rule, date(2016, 1, 1), taken) is None


def test_a_rule_dateutil_cannot_read_is_explained():
    assert schedule.check_rule(LAST_TUESDAY) == ""
    assert "FREQ" in schedule.check_rule("RRULE:FREQ=SOMETIMES")


def test_bundled_template_loads():
    found, problems = load_series(REPO, "monthly-assurance")
    assert problems == []
    assert found.title == "Monthly Assurance Meeting"
    assert (found.time, found.venue, found.chair) == ("10:30", "PCC Conference Room, Hindlip",
                                                      "JC")
    assert found.schedule == LAST_TUESDAY
    agenda = [(i.number, i.title, i.outstanding) for i in found.agenda]
    assert agenda == [
        ("1", "Outstanding matters", True),
        ("2", "Operational and reputational opportunities and risks", False),
        ("3", "Chief officer meeting / Executive Board – update", False),
        ("4", "Holding to account", False),
        ("5", "AOB", False),
    ]
    assert [(i.number, i.title) for i in found.agenda[3].items] == [
        ("4a", "Performance against the Police and Crime Plan"),
        ("4b", "Delivery of strategic initiatives"),
        ("4c", "HMIC inspection programme / matters arising from the Service Improvement "
               "Board (SIB)"),
    ]
    assert [p.id for p in found.attendees] == ["JC", "AC", "DS", "AB"]
    assert series_names(REPO) == ["monthly-assurance"]


def _template(root: Path, text: str) -> Path:
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "panel.yaml").write_text(text, encoding="utf-8")
    return root


def test_template_problems_are_located(tmp_path):
    root = _template(tmp_path, "title: Police and Crime Panel\n"
                               "schedule: RRULE:FREQ=MONTHLY;BYDAY=-1TU\n"
                               "agenda:\n"
                               "  - number: \"1\"\n"
                               "    titel: Outstanding matters\n")
    found, problems = load_series(root, "panel")
    assert found is None
    located = locate(root, problems)
    messages = [(p.line, p.column, p.message) for p in located]
    assert (5, 5, "unknown field 'titel' (did you mean 'title'?)") in messages
    assert all(p.path == "templates/panel.yaml" for p in located)


def test_a_bad_schedule_is_a_located_problem(tmp_path):
    root = _template(tmp_path, "title: Police and Crime Panel\n"
                               "schedule: every other Thursday\n")
    found, problems = load_series(root, "panel")
    assert found is None
    [problem] = locate(root, problems)
    assert (problem.line, problem.column) == (2, 11)
    assert "not a recurrence rule" in problem.message
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1TU" in problem.hint


def test_a_missing_template_says_where_to_put_it(tmp_path):
    found, [problem] = load_series(tmp_path, "audit-committee")
    assert found is None
    assert problem.message == "series 'audit-committee' has no template"
    assert "templates/audit-committee.yaml" in problem.hint


def test_a_series_name_must_be_one_a_meeting_could_name(tmp_path):
    found, [problem] = load_series(tmp_path, "../roster")
    assert found is None
    assert problem.message == "'../roster' is not a series name"
