"""The three real meetings (and the cancelled August 2016 one) as data."""

from __future__ import annotations

from datetime import date

from actionlog import workspace
from actionlog.core import ledger
from tests.conftest import REPO


def load():
    return workspace.load(REPO)


def test_bundled_meetings_load_without_problems():
    ws = load()
    assert ws.problems == []
    assert [m.id for m in ws.meetings] == ["2016-06-28", "2016-07-26", "2016-08-30",
                                           "2017-08-22"]


def test_validate_exits_clean_on_bundled_meetings(run):
    result = run(REPO, "validate")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stderr


def test_june_actions_are_the_ones_july_reviews():
    ws = load()
    june, july = ws.by_id()["2016-06-28"], ws.by_id()["2016-07-26"]
    raised = {f"{june.id}/{a.number}" for a, _i, _r in june.raised_actions()
              if a.raised is None}
    reviewed = {r.ref for r, _i in july.reviews()}
    assert raised == {"2016-06-28/1", "2016-06-28/2"}
    assert reviewed == raised
    # the May actions June brought forward (and closed) are numbered in June after them
    brought = [(a.number, a.raised) for a, _i, _r in june.raised_actions() if a.raised]
    assert brought == [(n, "May 2016 meeting") for n in range(3, 9)]


def test_every_attendee_and_apology_is_recorded():
    ws = load()
    people = {m.id: ([p.name for p in m.attendees], [p.name for p in m.apologies])
              for m in ws.meetings}
    assert people["2016-06-28"] == (["John Campion", "Andy Champness", "David Shaw",
                                     "Anthony Bangham"], [])
    assert people["2016-07-26"] == (["John Campion", "Anthony Bangham", "Andy Champness"],
                                    ["David Shaw"])
    assert people["2017-08-22"] == (["John Campion", "Andy Champness", "Anthony Bangham",
                                     "Martin Evans"], ["Tracey Onslow", "Amanda Blakeman"])


def test_deferral_and_cancellation_are_recorded():
    ws = load()
    june, july = ws.by_id()["2016-06-28"], ws.by_id()["2016-07-26"]
    deferred = [i.title for i, _p in june.walk_items() if i.outcome == "deferred"]
    assert deferred == ["Cyber crime offences"]
    carried = [(i.title, i.deferred_from) for i, _p in july.walk_items() if i.deferred_from]
    assert carried == [("Cyber crime", date(2016, 6, 28))]
    assert ws.by_id()["2016-08-30"].cancelled
    assert july.next_date == date(2016, 9, 27)


def test_actions_arising_with_owners_and_due_dates():
    book, problems = ledger.fold(load().meetings)
    assert problems == []
    summary = {ref: (e.owner_label(), e.original_due, e.raised_status)
               for ref, e in book.entries.items()}
    assert summary == {
        "2016-06-28/1": ("DCC Anthony Bangham", date(2016, 7, 26), "open"),
        "2016-06-28/2": ("PCC John Campion, CC David Shaw", None, "discharged"),
        "2016-07-26/1": ("DCC Anthony Bangham", date(2016, 8, 11), "open"),
        "2016-07-26/2": ("CEx Andy Champness, DCC Anthony Bangham", date(2016, 9, 27), "open"),
        "2016-07-26/3": ("DCC Anthony Bangham", date(2016, 9, 27), "open"),
        "2017-08-22/1": ("ACC Martin Evans", None, "open"),
        "2017-08-22/2": ("ACC Martin Evans", None, "open"),
        "2017-08-22/3": ("CC Anthony Bangham", date(2017, 9, 26), "open"),
        # brought forward from meetings not kept here, and closed where brought forward
        **{f"2016-06-28/{n}": ("not recorded", None, "open") for n in range(3, 9)},
        "2017-08-22/4": ("ACC Martin Evans", None, "open"),
        "2017-08-22/5": ("not recorded", None, "open"),
    }
    assert {ref for ref, e in book.entries.items() if e.brought_from} == {
        *(f"2016-06-28/{n}" for n in range(3, 9)), "2017-08-22/4", "2017-08-22/5"}
    assert all(book.entries[f"2016-06-28/{n}"].status == "discharged" for n in range(3, 9))
