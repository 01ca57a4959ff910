"""One truth: every command answers from the rule of the record (README), on one scenario.

The bundled meetings, plus: a Part 2 item with an action in the August 2017 notes; a
reassignment recorded at that (held) meeting; a draft for 26 September 2017 holding a
discharge, a new due date, a new owner and a new action; the October meeting cancelled.
Today is 20 September 2017, before the draft's meeting.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

TODAY = "2017-09-20"
PART2 = """  - number: "6"
    title: Estates disposal (Part 2)
    confidential: true
    actions:
      - id: 6
        owner: CC
        text: Report the preferred bidder for the Hindlip site.
        due: 2017-10-31
"""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from actionlog.cli import cli

    root = tmp_path_factory.mktemp("truth") / "ws"
    shutil.copytree(REPO / "meetings", root / "meetings")
    shutil.copytree(REPO / "templates", root / "templates")
    august = root / "meetings" / "2017-08-22.yaml"
    august.write_text(august.read_text().replace("next_meeting:\n", PART2 + "next_meeting:\n"))

    def do(*args: str) -> None:
        result = CliRunner().invoke(cli, ["--root", str(root), *args],
                                    env={"ACTIONLOG_TODAY": TODAY}, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)

    # a reassignment the August meeting (held) decided, recorded after the fact
    do("reassign", "2016-07-26/2", "CEx", "--meeting", "2017-08-22", "--force")
    do("new-meeting", "--date", "2017-09-26")
    do("discharge", "2017-08-22/1", "--note", "Briefing note sent on 5 September.")
    do("redate", "2016-07-26/1", "31 Oct")  # the next 31 October from today: 2017
    do("reassign", "2016-07-26/3", "CC")
    do("add", "--item", "1", "--owner", "DCC", "--due", "2017-11-28",
       "Report on the new call handling system.")
    do("cancel", "2017-10-31")
    return root


def run(root: Path, *args: str):
    from click.testing import CliRunner

    from actionlog.cli import cli

    return CliRunner().invoke(cli, ["--root", str(root), *args], env={"ACTIONLOG_TODAY": TODAY},
                              catch_exceptions=False)


# the record on 20 September 2017: what the meetings that took place decided
OPEN = {
    "2016-07-26/1": ("DCC", "2016-08-11"),
    "2016-07-26/2": ("CEx", "2016-09-27"),
    "2016-07-26/3": ("DCC", "2016-09-27"),
    "2017-08-22/1": ("ACC", None),
    "2017-08-22/2": ("ACC", None),
    "2017-08-22/3": ("CC", "2017-09-26"),
    "2017-08-22/6": ("CC", "2017-10-31"),
}
PROPOSED = {"2017-08-22/1": "closure", "2016-07-26/1": "new due date 31 October 2017",
            "2016-07-26/3": "new owner CC"}
RAISED_IN_DRAFT = "2017-09-26/1"


def test_outstanding_lists_the_record_with_the_drafts_proposals(scenario):
    result = run(scenario, "outstanding", "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = {r["ref"]: r for r in json.loads(result.stdout)}
    assert set(records) == set(OPEN)  # not 2017-09-26/1: its meeting has not taken place
    for ref, (role, due) in OPEN.items():
        assert {o["role"] for o in records[ref]["owners"]} == {role}, ref
        assert records[ref]["due"] == due, ref
        assert records[ref]["age_days"] >= 0, ref
    for ref, words in PROPOSED.items():
        assert words in records[ref]["proposed"] and "26 September 2017" in records[ref]["proposed"]
    assert records["2017-08-22/1"]["proposed_status"] == "discharged"
    assert records["2016-07-26/1"]["proposed_due"] == "2017-10-31"
    assert records["2016-07-26/1"]["days_overdue"] == 405  # judged on the record's date
    assert records["2017-08-22/6"]["confidential"] is True


def test_as_of_today_is_the_same_answer_as_today(scenario):
    plain = run(scenario, "outstanding", "--format", "json").stdout
    assert run(scenario, "outstanding", "--format", "json", "--as-of", TODAY).stdout == plain


def test_log_agrees_with_outstanding(scenario):
    text = run(scenario, "log").stdout
    assert "7 actions open, 3 of them overdue" in text
    opened = text[:text.index("## Closed since")]
    refs = re.findall(r"^\| (\d{4}-\d{2}-\d{2}/\d+) \|", opened, re.M)
    assert set(refs) == set(OPEN)
    row = next(line for line in text.splitlines() if line.startswith("| 2017-08-22/1 |"))
    assert "Open. Closure proposed for 26 September 2017" in row
    assert RAISED_IN_DRAFT not in text


def test_show_tells_the_record_and_the_proposal(scenario):
    story = run(scenario, "show", "2017-08-22/1").stdout
    assert "a draft: proposed, not yet decided" in story
    assert "now      open" in story and "pending  closure proposed for 26 September 2017" in story
    raised = run(scenario, "show", RAISED_IN_DRAFT).stdout
    assert "has not taken place, so the action is not raised yet" in raised
    reassigned = run(scenario, "show", "2016-07-26/2").stdout
    # the whole owner history: as raised, then the reassignment
    assert "owner    CEx Andy Champness, DCC Anthony Bangham" in reassigned
    assert "reassigned to CEx Andy Champness" in reassigned


def test_agenda_of_the_draft_shows_proposals_not_decisions(scenario):
    text = run(scenario, "agenda", "2017-09-26").stdout
    row = next(line for line in text.splitlines() if line.startswith("| 2017-08-22/1 |"))
    assert "Open. Closure proposed for 26 September 2017" in row
    part2 = next(line for line in text.splitlines() if line.startswith("| 2017-08-22/6 |"))
    assert "Confidential (Part 2). Open" in part2  # marked on the full agenda
    public = run(scenario, "agenda", "2017-09-26", "--public").stdout
    assert "preferred bidder" not in public


def test_remind_and_calendar_count_the_same_open_actions(scenario):
    reminded = run(scenario, "remind").stdout
    mentioned = set(re.findall(r"\d{4}-\d{2}-\d{2}/\d+", reminded))
    assert mentioned == set(OPEN)
    calendar = run(scenario, "calendar").stdout
    dated = {ref for ref, (_r, due) in OPEN.items() if due}
    assert set(re.findall(r"UID:(\d{4}-\d{2}-\d{2}/\d+)@", calendar)) == dated
    public = run(scenario, "calendar", "--public").stdout
    assert "2017-08-22/6" not in public and "preferred bidder" not in public


def test_new_meeting_carries_what_outstanding_counts(scenario):
    result = run(scenario, "new-meeting", "--date", "2017-11-28", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"{len(OPEN)} actions carried" in result.stderr


def test_validate_warns_of_the_cancelled_date_the_draft_still_names(scenario):
    result = run(scenario, "validate")
    assert result.exit_code == 0
    assert "the next meeting named here, 2017-10-31, was cancelled" in result.stdout


def test_completion_offers_the_open_record(scenario):
    from actionlog.cli import completion

    offered = {value for value, _help in completion.open_refs(scenario, "20")}
    assert offered == set(OPEN)
