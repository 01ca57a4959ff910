"""The real notes, as written (issue 15): meetings in tests/written/ transcribed the way the
June 2021 and August 2022 notes say things, and what every command reports of them.

- 2022-08-23: actions outstanding from meetings the workspace does not hold, brought forward
  (2022-08-23/1 and /2); attendance labelled as written, no apologies row; the next meeting
  a public one whose date is to be confirmed.
- 2021-06-29: a thematic meeting; an update in four paragraphs and a reply that lists three
  points (rich text); an item headed by its number only; `actions: []`.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog.cli import cli
from tests.conftest import TESTS

WRITTEN = TESTS / "written"
TODAY = "2022-09-01"


@pytest.fixture
def written(tmp_path: Path) -> Path:
    root = tmp_path / "written"
    shutil.copytree(WRITTEN, root)
    return root


def ok(run, root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_meetings_as_written_validate(run, written):
    result = run(written, "validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "2 meeting files checked: no problems\n"


# ---------------------------------------------------------------- brought forward


def test_actions_brought_forward_are_outstanding_like_any_other(run, written):
    records = json.loads(ok(run, written, "outstanding", "--format", "json", "--today", TODAY))
    assert [(r["ref"], r["owner"], r["status"], r["brought_from"]) for r in records] == [
        ("2022-08-23/1", "CC Pippa Mills", "in-progress", "July 2022 meeting"),
        ("2022-08-23/3", "DCC Alex Murray", "open", None)]
    cc = json.loads(ok(run, written, "outstanding", "--owner", "CC", "--format", "json",
                       "--today", TODAY))
    assert [r["ref"] for r in cc] == ["2022-08-23/1"]
    text = ok(run, written, "outstanding", "--today", TODAY)
    assert "2 open: CC Pippa Mills 1, DCC Alex Murray 1" in text
    # its update of two paragraphs stays under it
    assert ("    in-progress: An action outstanding from the July meeting was for the CC to "
            "share the digital strategy.\n\n    The strategy is with the Executive Board")\
        in text


def test_show_tells_where_an_action_brought_forward_was_raised(run, written):
    assert ok(run, written, "show", "2022-08-23/2", "--today", TODAY) == (
        "2022-08-23/2: Provide an update on the use of stop and search of children.\n"
        "  raised   at the October 21/22 holding to account meeting, a meeting not kept here; "
        "brought forward 23 August 2022 at 2022-08-23, item 1\n"
        "  owner    DCC Alex Murray\n"
        "  due      no due date\n"
        "  23 August 2022 (2022-08-23): discharged\n"
        "      The DCC confirmed the update was circulated on 1 August.\n"
        "  now      discharged\n")


def test_the_log_remind_and_calendar_list_them(run, written):
    log = ok(run, written, "log", "--today", TODAY)
    assert "2 actions open, 0 of them overdue; 1 closed since the meeting of 23 August 2022." \
        in log
    assert "| 2022-08-23/1 | the July 2022 meeting; brought forward 23 August 2022, item 1 |" \
        in log
    assert "| 2022-08-23/2 | the October 21/22 holding to account meeting; brought forward" \
        in log
    remind = ok(run, written, "remind", "--owner", "CC", "--today", TODAY)
    assert "2022-08-23/1  (due 27 September 2022)" in remind
    assert ("Raised at the July 2022 meeting; brought forward at the Monthly Assurance Meeting "
            "of 23 August 2022, item 1.") in remind
    calendar = ok(run, written, "calendar", "--today", TODAY)
    assert "UID:2022-08-23/1@actionlog" in calendar
    assert "UID:2022-08-23/2@actionlog" not in calendar  # discharged


def test_completion_offers_them(written):
    env = {"_ACTIONLOG_COMPLETE": "bash_complete", "ACTIONLOG_ROOT": str(written),
           "COMP_WORDS": "actionlog show 2022-08-23/", "COMP_CWORD": "2"}
    result = CliRunner().invoke(cli, [], prog_name="actionlog", env=env)
    offered = [line.split(",", 1)[1] for line in result.stdout.split()]
    assert offered[:2] == ["2022-08-23/1", "2022-08-23/3"]  # open first
    assert "2022-08-23/2" in offered


def test_new_meeting_carries_them_by_reference_and_the_counts_agree(run, written):
    open_now = json.loads(ok(run, written, "outstanding", "--format", "json",
                             "--today", TODAY))
    result = run(written, "new-meeting", "--dry-run", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert f"{len(open_now)} actions carried (0 overdue)" in result.stderr
    assert "      - action: 2022-08-23/1\n        update:\n        status: in-progress\n" \
        in result.stdout
    assert ("      # Raised at: July 2022 meeting (brought forward 2022-08-23). Owner: CC Pippa "
            "Mills. Due 27 September 2022.\n") in result.stdout
    # the people as the last meeting wrote them, labels too
    assert "  - {id: NN, capacity: OPCC, label: Policy Officer (NN)}\n" in result.stdout
    written_file = run(written, "new-meeting", "--today", TODAY)
    assert written_file.exit_code == 0
    assert run(written, "validate").exit_code == 0


def test_an_update_recorded_between_meetings_reaches_an_action_brought_forward(run, written):
    ok(run, written, "new-meeting", "--today", TODAY)
    ok(run, written, "update", "2022-08-23/1", "Shared on 20 September.")
    draft = (written / "meetings" / "2022-08-30.yaml").read_text(encoding="utf-8")
    assert "      - action: 2022-08-23/1\n        update: Shared on 20 September.\n" in draft


# ---------------------------------------------------------------- the notes as written


@pytest.mark.parametrize("meeting", ["2021-06-29", "2022-08-23"])
def test_notes_as_written_match_their_golden_files(run, written, golden, meeting):
    golden(f"written/notes-{meeting}.md", ok(run, written, "notes", meeting))


def test_the_notes_say_only_what_the_file_says(run, written):
    august = ok(run, written, "notes", "2022-08-23")
    assert "## Apologies" not in august  # the notes have no apologies row
    assert "| Policy Officer (NN) | OPCC |" in august  # as written, nothing added
    assert "| John Campion (JC) | Police and Crime Commissioner |" in august
    assert "There were none." not in august
    assert "Public meeting\n\nDate – TBC" in august
    june = ok(run, written, "notes", "2021-06-29")
    assert "**Thematic – Diversity and Inclusion**" in june
    assert "## Apologies\n\nNone." in june  # apologies: []
    assert "**Actions arising:**\n\nThere were none." in june  # actions: []
    assert "\n## 2.\n" in june  # a number and no title


def test_rich_text_is_real_paragraphs_and_lists_in_html_and_word(run, written, tmp_path):
    page = tmp_path / "notes.html"
    ok(run, written, "notes", "2021-06-29", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert html.count("<li>") == 3 and "<ul>" in html
    assert '<p class="body">Retention remains the harder problem' in html
    docx = tmp_path / "notes.docx"
    ok(run, written, "notes", "2021-06-29", "-o", str(docx))
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    # four paragraphs of the update, each its own paragraph; three bulleted points
    for words in ("The DCC gave an update", "Recruitment from under-represented",
                  "Retention remains", "An exit interview process"):
        assert body.count(words) == 1
    assert body.count("•") == 3
