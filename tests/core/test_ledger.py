"""The ledger: the fold of all meetings in date order."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from actionlog import workspace
from actionlog.core import ledger
from tests.conftest import REPO

HEAD = """\
title: Audit Committee
series: audit
date: {date}
status: {status}
attendees:
  - {{id: JC, name: John Campion, role: PCC}}
  - {{id: AB, name: Anthony Bangham, role: DCC}}
  - {{id: ME, name: Martin Evans, role: ACC}}
items:
"""


def write(root: Path, day: str, body: str, status: str = "approved") -> None:
    path = root / "meetings" / f"{day}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD.format(date=day, status=status) + textwrap.dedent(body),
                    encoding="utf-8")


def history(tmp_path: Path) -> Path:
    """An action raised in January that slips twice, is reassigned, then discharged."""
    write(tmp_path, "2020-01-28", """\
      - number: "2"
        title: Risks
        actions:
          - {id: 1, owner: DCC, text: Write the risk register., due: 2020-02-25}
          - {id: 2, owner: ALL, text: Read the strategy., due: next meeting}
    """)
    write(tmp_path, "2020-02-25", """\
      - number: "1"
        title: Outstanding matters
        outstanding:
          - {action: 2020-01-28/1, update: Drafting., status: in-progress, due: 2020-03-31}
          - {action: 2020-01-28/2, update: Done., status: discharged}
    """)
    (tmp_path / "meetings" / "2020-03-31.yaml").write_text(
        HEAD.format(date="2020-03-31", status="cancelled").replace("items:\n", ""),
        encoding="utf-8")
    write(tmp_path, "2020-04-28", """\
      - number: "1"
        title: Outstanding matters
        outstanding:
          - {action: 2020-01-28/1, update: Passed to the ACC., owner: ME, due: 2020-05-26}
    """)
    write(tmp_path, "2020-05-26", """\
      - number: "1"
        title: Outstanding matters
        outstanding:
          - {action: 2020-01-28/1, update: Register published., status: discharged}
    """)
    return tmp_path


def fold(root: Path, as_of: date | None = None):
    ws = workspace.load(root)
    assert ws.problems == []
    book, problems = ledger.fold(ws.meetings, ws.roster, as_of=as_of)
    assert problems == []
    return book


def test_slipping_due_dates_are_counted_and_the_original_kept(tmp_path):
    entry = fold(history(tmp_path)).get("2020-01-28/1")
    assert entry.original_due == date(2020, 2, 25)
    assert entry.due == date(2020, 5, 26)
    assert entry.slipped == 2
    assert entry.due_changes == [("2020-02-25", date(2020, 3, 31)),
                                 ("2020-04-28", date(2020, 5, 26))]


def test_history_status_and_reassignment(tmp_path):
    entry = fold(history(tmp_path)).get("2020-01-28/1")
    assert [(e.meeting_id, e.status, e.update) for e in entry.history] == [
        ("2020-02-25", "in-progress", "Drafting."),
        ("2020-04-28", "open", "Passed to the ACC."),
        ("2020-05-26", "discharged", "Register published."),
    ]
    assert entry.owner_label() == "ACC Martin Evans"
    assert entry.status == "discharged" and entry.closed_on == date(2020, 5, 26)
    assert entry.latest_update == "Register published."


def test_as_of_gives_the_state_as_it_stood(tmp_path):
    history(tmp_path)
    march = fold(tmp_path, as_of=date(2020, 3, 15)).get("2020-01-28/1")
    assert (march.status, march.due, march.owner_label()) == (
        "in-progress", date(2020, 3, 31), "DCC Anthony Bangham")
    assert march.days_overdue(date(2020, 4, 10)) == 10
    before = fold(tmp_path, as_of=date(2020, 1, 1))
    assert before.entries == {}
    assert [e.ref for e in fold(tmp_path, as_of=date(2020, 2, 1)).open()] == [
        "2020-01-28/1", "2020-01-28/2"]


def test_next_meeting_due_is_the_next_meeting_of_the_series(tmp_path):
    entry = fold(history(tmp_path)).get("2020-01-28/2")
    assert entry.due_written == "next meeting"
    assert entry.due == date(2020, 2, 25)
    assert entry.owners[0].everyone


def test_cancelled_meetings_are_skipped(tmp_path):
    history(tmp_path)
    ws = workspace.load(tmp_path)
    assert "2020-03-31" in ws.by_id() and ws.by_id()["2020-03-31"].cancelled
    book, _ = ledger.fold(ws.meetings)
    assert all(e.meeting_id != "2020-03-31" for e in book.entries.values())


def test_real_meetings_state_on_1_july_2016_lists_junes_open_action():
    ws = workspace.load(REPO)
    book, _ = ledger.fold(ws.meetings, ws.roster, as_of=date(2016, 7, 1))
    assert [e.ref for e in book.open()] == ["2016-06-28/1"]
    after_july, _ = ledger.fold(ws.meetings, ws.roster, as_of=date(2016, 8, 1))
    assert [e.ref for e in after_july.open()] == ["2016-07-26/1", "2016-07-26/2",
                                                  "2016-07-26/3"]
    assert after_july.get("2016-06-28/1").status == "discharged"


def test_fold_names_the_references_to_actions_no_meeting_raised(tmp_path):
    history(tmp_path)
    write(tmp_path, "2020-06-30", """\
      - number: "1"
        title: Outstanding matters
        outstanding:
          - {action: 2019-12-17/4, update: From last year's book., status: open}
          - {action: 2020-01-28/2, update: Already done., status: discharged}
          - {action: 2020-07-28/1, update: Not yet raised., status: open}
          - {action: ../2020-01-28/1, update: Odd., status: open}
    """)
    write(tmp_path, "2020-07-28", """\
      - number: "2"
        title: Risks
        actions:
          - {id: 1, owner: ME, text: Review the register., due: 2020-09-29}
    """)
    ws = workspace.load(tmp_path)
    book, problems = ledger.fold(ws.meetings, ws.roster)
    assert [p.message.split(" (")[0] for p in problems] == [
        "no action '2019-12-17/4'", "'2020-07-28/1' is raised in a later meeting",
        "reference '../2020-01-28/1' may not contain '..'"]
