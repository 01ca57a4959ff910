"""The recording commands (update, discharge, redate, reassign, add) and the round-trip
edits under them: each changes only the lines it must, writes atomically under a lock, and
never leaves a file that does not validate. Every meeting file and odd layouts, line by
line: tests/test_fidelity.py; many writers and killed writers: tests/test_concurrency.py."""

from __future__ import annotations

import difflib
import os
import stat
from pathlib import Path

import pytest

from tests.edit.test_new_meeting import make_workspace

DRAFT = "meetings/2016-07-26.yaml"


@pytest.fixture
def draft(tmp_path, run) -> Path:
    """June 2016, and the July draft that new-meeting makes from it."""
    root = make_workspace(tmp_path, "2016-06-28")
    assert run(root, "new-meeting").exit_code == 0
    return root


def changes(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    """The (removed lines, added lines) of each place the text changed."""
    a, b = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"]


def text_of(root: Path, relpath: str = DRAFT) -> str:
    return (root / relpath).read_text(encoding="utf-8")


# ---------------------------------------------------------------- each command, line by line


def test_update_changes_only_the_update_line(draft, run):
    before = text_of(draft)
    result = run(draft, "update", "2016-06-28/1",
                 "A report had previously circulated outlining the options available.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2016-06-28/1: update recorded in meetings/2016-07-26.yaml\n"
    assert changes(before, text_of(draft)) == [(
        ["        update:"],
        ["        update: A report had previously circulated outlining the options "
         "available."])]
    assert run(draft, "validate").exit_code == 0


def test_a_second_update_is_added_not_lost_and_long_text_is_folded(draft, run):
    run(draft, "update", "2016-06-28/1", "A report had circulated.")
    before = text_of(draft)
    run(draft, "update", "2016-06-28/1",
        "Athena's dates to follow from the Executive Board this afternoon, by email to JC "
        "and AC.")
    assert changes(before, text_of(draft)) == [(
        ["        update: A report had circulated."],
        ["        update: >-",
         "          A report had circulated. Athena's dates to follow from the Executive "
         "Board",
         "          this afternoon, by email to JC and AC."])]
    replaced = run(draft, "update", "2016-06-28/1", "Replaced.", "--replace")
    assert replaced.exit_code == 0
    assert "        update: >-\n          Replaced.\n" in text_of(draft)


def test_discharge_changes_the_status_line(draft, run):
    before = text_of(draft)
    result = run(draft, "discharge", "2016-06-28/1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2016-06-28/1: discharged in meetings/2016-07-26.yaml\n"
    assert changes(before, text_of(draft)) == [(["        status: open"],
                                                ["        status: discharged"])]


def test_discharge_with_a_note_records_it_as_the_update(draft, run):
    before = text_of(draft)
    run(draft, "discharge", "2016-06-28/1", "--note", "Options paper received.")
    assert changes(before, text_of(draft)) == [(
        ["        update:", "        status: open"],
        ["        update: Options paper received.", "        status: discharged"])]
    again = run(draft, "discharge", "2016-06-28/1")
    assert again.stdout == "meetings/2016-07-26.yaml already records that; nothing changed\n"


def test_redate_adds_one_line_and_reads_the_date_day_first(draft, run):
    before = text_of(draft)
    result = run(draft, "redate", "2016-06-28/1", "11/08/2016")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2016-06-28/1: due 2016-08-11, recorded in meetings/2016-07-26.yaml\n"
    assert changes(before, text_of(draft)) == [([], ["        due: 2016-08-11"])]
    lines = text_of(draft).splitlines()
    assert lines[lines.index("        due: 2016-08-11") - 1] == "        status: open"
    moved = run(draft, "redate", "2016-06-28/1", "next meeting")
    assert moved.exit_code == 0
    assert "        due: next meeting\n" in text_of(draft)


def test_reassign_to_someone_at_the_meeting(draft, run):
    before = text_of(draft)
    result = run(draft, "reassign", "2016-06-28/1", "AC")
    assert result.exit_code == 0, result.stderr
    assert changes(before, text_of(draft)) == [([], ["        owner: AC"])]
    shown = run(draft, "show", "2016-06-28/1")
    assert "reassigned to CEx Andy Champness" in shown.stdout


def test_reassign_to_an_unknown_owner_writes_nothing(draft, run):
    before = (draft / DRAFT).read_bytes()
    result = run(draft, "reassign", "2016-06-28/1", "ACCC")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "meetings/2016-07-26.yaml:27:16: error: unknown owner 'ACCC' (did you mean 'CC'?) "
        "(items[0].outstanding[0].owner) [owners]\n"
        "   27 |         owner: ACCC\n"
        "                       ^\n")
    assert result.stderr.endswith("error: nothing was written: the change would leave "
                                  "meetings/2016-07-26.yaml with 1 problem\n")
    assert (draft / DRAFT).read_bytes() == before


def test_add_appends_a_new_action_with_the_next_free_id(draft, run):
    before = text_of(draft)
    result = run(draft, "add", "--item", "4a", "--owner", "AC/AB", "--due", "next meeting",
                 "Determine a way forward which is compatible with the LA structure in "
                 "West Mercia.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "added 2016-07-26/1 under item 4a of meetings/2016-07-26.yaml\n"
    assert changes(before, text_of(draft)) == [([], [
        "        actions:",
        "          - id: 1",
        "            owner: AC/AB",
        "            text: >-",
        "              Determine a way forward which is compatible with the LA structure in "
        "West",
        "              Mercia.",
        "            due: next meeting"])]
    before = text_of(draft)
    second = run(draft, "add", "--item", "4a", "--owner", "AB", "Reassure JC.")
    assert second.stdout == "added 2016-07-26/2 under item 4a of meetings/2016-07-26.yaml\n"
    assert changes(before, text_of(draft)) == [([], [
        "          - id: 2", "            owner: AB", "            text: Reassure JC."])]
    assert run(draft, "validate").exit_code == 0


def test_add_to_an_item_that_is_not_there(draft, run):
    result = run(draft, "add", "--item", "9", "--owner", "AB", "Something.")
    assert result.exit_code == 1
    assert result.stderr == ("error: no item numbered '9' in this meeting (its items: 1, 2, "
                             "3, 4, 4a, 4b, 4c, 5)\n")


def test_an_action_the_draft_lacks_gets_an_entry(draft, run):
    path = draft / DRAFT
    text = text_of(draft)
    start = text.index("      # An options paper")
    path.write_text(text[:start] + text[text.index("  - number: \"2\""):], encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("    outstanding:\n",
                                                             "    outstanding: []\n"),
                    encoding="utf-8")
    result = run(draft, "update", "2016-06-28/1", "Paper circulated.")
    assert result.exit_code == 0, result.stderr
    assert "      - action: 2016-06-28/1\n        topic: Victim satisfaction and follow up\n" \
           "        update: Paper circulated.\n        status: open\n" in text_of(draft)
    assert "      # Owner: DCC Anthony Bangham. Due next meeting (26 July 2016).\n" \
           in text_of(draft)


# ---------------------------------------------------------------- which meeting


def test_without_a_draft_the_error_names_new_meeting(workspace, run):
    result = run(workspace, "update", "2017-08-22/1", "Briefing note sent.")
    assert result.exit_code == 1
    assert result.stderr == ("error: there is no draft meeting of series 'monthly-assurance' "
                             "to record into; run `actionlog new-meeting` first\n")


def test_an_unknown_reference_suggests_the_nearest(draft, run):
    result = run(draft, "update", "2016-06-28/9", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no action '2016-06-28/9'; nearest: 2016-06-28/")


def test_an_action_closed_before_the_draft_is_not_reopened(draft, run):
    result = run(draft, "discharge", "2016-06-28/2")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 2016-06-28/2 was discharged on 28 June 2016 and meetings/2016-07-26.yaml "
        "does not review it; nothing to record (`actionlog show 2016-06-28/2` tells its "
        "story)\n")


def test_approved_meetings_need_force(workspace, run):
    before = (workspace / DRAFT).read_bytes()
    result = run(workspace, "update", "2016-06-28/1", "More.", "--meeting", "2016-07-26")
    assert result.exit_code == 1
    assert result.stderr == ("error: meetings/2016-07-26.yaml is approved: its minutes are "
                             "final; use --force to change them anyway\n")
    assert (workspace / DRAFT).read_bytes() == before


# ---------------------------------------------------------------- how files are written


def test_writes_keep_permissions_and_use_lf(draft, run):
    path = draft / DRAFT
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    os.chmod(path, 0o640)
    result = run(draft, "update", "2016-06-28/1", "Noted.")
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert b"\r" not in path.read_bytes()
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
