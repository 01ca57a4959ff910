"""The real notes, as written (issue 15): meetings in tests/written/ transcribed the way the
June 2021 and August 2022 notes say things, and what every command reports of them.

- 2022-08-23: actions outstanding from meetings the workspace does not hold, brought forward
  (2022-08-23/1 and /2); attendance labelled as written, no apologies row; the next meeting
  a public one whose date is to be confirmed.
- 2021-06-29: a thematic meeting; an update in four paragraphs and a reply that lists three
  points (rich text); an item headed by its number only; `actions: []`.
- 2021-07-27: sub-headings inside an item, an ACTION between two paragraphs, and
  commitments made in prose, tracked without rewriting the minute (one of them Part 2, and
  one in a Part 2 item).
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
    assert result.stderr == "3 meeting files checked: no problems\n"


# ---------------------------------------------------------------- brought forward


def test_actions_brought_forward_are_outstanding_like_any_other(run, written):
    records = json.loads(ok(run, written, "outstanding", "--format", "json", "--today", TODAY))
    assert [(r["ref"], r["owner"], r["status"], r["brought_from"]) for r in records
            if r["ref"].startswith("2022-")] == [
        ("2022-08-23/1", "CC Pippa Mills", "in-progress", "July 2022 meeting"),
        ("2022-08-23/3", "DCC Alex Murray", "open", None)]
    cc = json.loads(ok(run, written, "outstanding", "--owner", "CC", "--format", "json",
                       "--today", TODAY))
    assert [r["ref"] for r in cc] == ["2021-07-27/3", "2022-08-23/1"]
    text = ok(run, written, "outstanding", "--today", TODAY)
    assert ("6 open: DCC Julian Moss 2, CC Anthony Bangham 1, CC Pippa Mills 1, DCC Alex "
            "Murray 1, PCC John Campion 1") in text
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
    assert "6 actions open, 3 of them overdue; 1 closed since the meeting of 23 August 2022." \
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
    assert f"{len(open_now)} actions carried (3 overdue)" in result.stderr
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


@pytest.mark.parametrize("meeting", ["2021-06-29", "2021-07-27", "2022-08-23"])
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


# ---------------------------------------------------------------- in their place, in prose


def test_actions_in_the_discussion_are_tracked_like_any_other(run, written):
    records = json.loads(ok(run, written, "outstanding", "--format", "json", "--today", TODAY))
    placed = [(r["ref"], r["owner"], r["action"], r["confidential"]) for r in records
              if r["ref"].startswith("2021-07-27/")]
    assert placed == [
        ("2021-07-27/1", "DCC Julian Moss", "Provide the PCC with a breakdown of the burglary "
         "solved rate by local policing area.", False),
        # a commitment in prose: the sentence is the action's text unless the file gives one
        ("2021-07-27/2", "DCC Julian Moss", "The DCC will raise this with commanders at the "
         "next Force Delivery Group.", False),
        ("2021-07-27/3", "CC Anthony Bangham", "Write to the PCC with the outcome of the "
         "custody review.", True),
        # in a Part 2 item: Part 2 too
        ("2021-07-27/4", "PCC John Campion", "The PCC will seek legal advice on the "
         "termination clause.", True)]
    assert ok(run, written, "show", "2021-07-27/2", "--today", TODAY) == (
        "2021-07-27/2: The DCC will raise this with commanders at the next Force Delivery "
        "Group.\n"
        "  raised   27 July 2021 at 2021-07-27, item 1\n"
        "  owner    DCC Julian Moss\n"
        "  due      28 September 2021 (next meeting)\n"
        "  now      open, due 28 September 2021, 338 days overdue\n")
    log = ok(run, written, "log", "--today", TODAY)
    assert ("| 2021-07-27/2 | 27 July 2021, item 1 | The DCC will raise this with commanders "
            "at the next Force Delivery Group. | DCC Julian Moss |") in log


def test_remind_and_calendar_carry_actions_raised_in_the_discussion(run, written):
    remind = ok(run, written, "remind", "--owner", "DCC", "--today", TODAY)
    assert "2021-07-27/1" in remind and "2021-07-27/2" in remind
    calendar = ok(run, written, "calendar", "--today", TODAY, "--since", "2021-01-01")
    assert "UID:2021-07-27/1@actionlog" in calendar
    public = ok(run, written, "calendar", "--today", TODAY, "--public")
    assert "UID:2021-07-27/4@actionlog" not in public  # Part 2, from its item
    assert "legal advice" not in public


def test_new_meeting_carries_actions_raised_in_the_discussion(run, written):
    result = run(written, "new-meeting", "--dry-run", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    for number in (1, 2, 3, 4):
        assert f"      - action: 2021-07-27/{number}\n" in result.stdout


def test_the_notes_put_actions_and_sub_headings_where_the_minute_has_them(run, written):
    notes = ok(run, written, "notes", "2021-07-27")
    assert ("The PCC asked why the solved rate for burglary had not improved.\n\n"
            "**ACTION 2021-07-27/1:** Provide the PCC with a breakdown of the burglary solved "
            "rate by local policing area.\n\nOwner: DCC Julian Moss; due: 31 August 2021.\n\n"
            "The CC added that two new investigation hubs open in September.\n") in notes
    # a sub-heading: no number, no actions block of its own
    assert "**Overview of force performance against the Police and Crime Plan**\n" in notes
    assert "Actions arising" not in notes
    # the commitment reads as minuted, its action under it
    assert ("The DCC will raise this with commanders at the next Force Delivery Group.\n\n"
            "*Action 2021-07-27/2. Owner: DCC Julian Moss; due: next meeting (28 September "
            "2021).*\n") in notes
    public = ok(run, written, "notes", "2021-07-27", "--public")
    assert "custody review" not in public and "legal advice" not in public
    assert ("1 confidential (Part 2) item and 1 confidential (Part 2) action are not "
            "included") in public
    assert "2021-07-27/2" in public


def test_word_has_them_in_their_place_too(run, written, tmp_path):
    docx = tmp_path / "notes.docx"
    ok(run, written, "notes", "2021-07-27", "-o", str(docx))
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    order = [body.index(words) for words in (
        "Executive Summary", "solved rate for burglary had not", "ACTION 2021-07-27/1",
        "two new investigation hubs", "Overview of force performance",
        "raise this with commanders", "Action 2021-07-27/2.")]
    assert order == sorted(order)


def test_a_summary_table_of_every_action_stays_available(written):
    from actionlog import workspace
    from actionlog.present import notes

    ws = workspace.load(written)
    meeting = next(m for m in ws.meetings if m.id == "2021-07-27")
    view = notes.notes(meeting, ws.meetings, ws.ledger(as_of=meeting))
    first = view.items[0]
    assert first.actions == [] and not first.show_actions
    assert [a.ref for a in first.all_actions] == ["2021-07-27/1", "2021-07-27/2",
                                                  "2021-07-27/3"]
    assert [p.kind for p in first.parts] == ["heading", "paragraph", "paragraph", "action",
                                             "paragraph", "heading", "commitment",
                                             "commitment"]


def test_a_later_meeting_reviews_a_commitment_by_its_reference(run, written):
    path = written / "meetings" / "2022-08-23.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('''  - number: "2"
    title: Holding to account – Performance''', '''      - action: 2021-07-27/2
        update: Raised at the Force Delivery Group on 14 September.
        status: discharged
  - number: "2"
    title: Holding to account – Performance''', 1), encoding="utf-8")
    assert run(written, "validate").exit_code == 0
    shown = ok(run, written, "show", "2021-07-27/2", "--today", TODAY)
    assert ("  23 August 2022 (2022-08-23): discharged\n"
            "      Raised at the Force Delivery Group on 14 September.\n"
            "  now      discharged") in shown
    records = json.loads(ok(run, written, "outstanding", "--format", "json", "--today", TODAY))
    assert "2021-07-27/2" not in [r["ref"] for r in records]
