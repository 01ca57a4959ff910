"""`actionlog new-meeting`, `cancel` and `carry`: the next meeting from the series template,
the ledger and the meeting before it."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from actionlog import workspace
from actionlog.store import yamlio
from tests.conftest import MEETINGS, REPO


def make_workspace(tmp_path: Path, *dates: str, folder: str = "") -> Path:
    """A workspace holding only the named real meetings, and the templates."""
    root = tmp_path / "ws"
    target = root / "meetings" / folder
    target.mkdir(parents=True)
    for day in dates:
        shutil.copy(MEETINGS / f"{day}.yaml", target / f"{day}.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def read(root: Path, relpath: str):
    return yamlio.parse((root / relpath).read_text(encoding="utf-8"), relpath)[0]


def outstanding_refs(data) -> list[str]:
    return [r.get("action") for r in data["items"][0]["outstanding"]]


def item(data, number: str):
    stack = list(data["items"])
    while stack:
        it = stack.pop(0)
        if str(it.get("number")) == number:
            return it
        stack.extend(it.get("items", []))
    raise KeyError(number)


# ---------------------------------------------------------------- the done-when checks


def test_june_only_proposes_july_and_carries_what_june_left(tmp_path, run, golden):
    root = make_workspace(tmp_path, "2016-06-28")
    result = run(root, "new-meeting", "--today", "2016-07-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "wrote meetings/2016-07-26.yaml: Tuesday 26 July 2016 (the next meeting named by "
        "meetings/2016-06-28.yaml)\n"
        "  1 action carried (0 overdue), 1 item deferred (Cyber crime offences, under 4a)\n")
    assert result.stderr == ""
    text = (root / "meetings/2016-07-26.yaml").read_text(encoding="utf-8")
    golden("new-meeting-2016-07-26.yaml", text)
    assert text.startswith("# yaml-language-server: $schema=../schema/meeting.schema.json\n")
    data = read(root, "meetings/2016-07-26.yaml")
    assert data["status"] == "draft"
    # 2016-06-28/2 (the hate crime press release) was discharged on the day
    assert outstanding_refs(data) == ["2016-06-28/1"]
    assert data["items"][0]["outstanding"][0]["status"] == "open"
    cyber = item(data, "4a")["items"]
    assert [(c["title"], c["deferred_from"]) for c in cyber] == [
        ("Cyber crime offences", "2016-06-28")]
    assert cyber[0]["questions"][0].startswith("In May 150 offences were flagged as cyber crime")
    validated = run(root, "validate")
    assert validated.exit_code == 0, validated.stdout
    assert "no problems" in validated.stderr


def test_the_comment_above_a_carried_action_says_what_it_is(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    run(root, "new-meeting", "--today", "2016-07-01")
    lines = (root / "meetings/2016-07-26.yaml").read_text(encoding="utf-8").splitlines()
    entry = lines.index("      - action: 2016-06-28/1")
    assert lines[entry - 4:entry] == [
        "      # An options paper is required for the July meeting to address how Track my "
        "Crime",
        "      # can best be made available to victims of West Mercia, to include cost and",
        "      # timescales.",
        "      # Owner: DCC Anthony Bangham. Due next meeting (26 July 2016).",
    ]


def test_after_july_and_a_cancelled_august_the_next_is_september(tmp_path, run, golden):
    root = make_workspace(tmp_path, "2016-06-28", "2016-07-26", "2016-08-30")
    before = sorted(p.name for p in (root / "meetings").iterdir())
    result = run(root, "new-meeting", "--dry-run", "--today", "2016-09-01")
    assert result.exit_code == 0, result.stderr
    golden("new-meeting-2016-09-27.yaml", result.stdout)
    assert result.stderr.startswith("would write meetings/2016-09-27.yaml: Tuesday 27 "
                                     "September 2016")
    assert "3 actions carried (1 overdue), 1 item deferred (4c HMIC" in result.stderr
    assert sorted(p.name for p in (root / "meetings").iterdir()) == before  # nothing written
    data = yamlio.parse(result.stdout, "-")[0]
    assert data["date"] == "2016-09-27"
    assert outstanding_refs(data) == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    hmic = item(data, "4c")
    assert hmic["deferred_from"] == "2016-07-26"
    assert len(hmic["questions"]) == 2
    # people change roles: the attendees are July's, and July's apologies are invited
    assert [p["id"] for p in data["attendees"]] == ["JC", "AB", "AC", "DS"]
    assert data["next_meeting"] == {"date": "2016-10-25", "time": "10:30"}


def test_the_schedule_alone_gives_the_date_when_no_meeting_names_it(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28", "2016-07-26", "2016-08-30")
    july = root / "meetings/2016-07-26.yaml"
    text = july.read_text(encoding="utf-8")
    july.write_text(text[: text.index("next_meeting:")], encoding="utf-8")
    result = run(root, "new-meeting", "--today", "2016-09-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "wrote meetings/2016-09-27.yaml: Tuesday 27 September 2016 (the schedule of "
        "templates/monthly-assurance.yaml, after meetings/2016-08-30.yaml)")


def test_the_real_workspace_proposes_the_date_the_last_notes_name(workspace, run):
    result = run(workspace, "new-meeting", "--dry-run", "--today", "2017-09-01")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("would write meetings/2017-09-26.yaml: Tuesday 26 "
                                    "September 2017")
    data = yamlio.parse(result.stdout, "-")[0]
    # July 2016's open actions were never reviewed again: they are still carried
    assert outstanding_refs(data) == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3",
                                      "2017-08-22/1", "2017-08-22/2", "2017-08-22/3"]
    assert [p["id"] for p in data["attendees"]] == ["JC", "AC", "AB", "ME", "TO", "ABl"]


# ---------------------------------------------------------------- choices and refusals


def test_refuses_to_overwrite(workspace, run):
    path = workspace / "meetings/2016-07-26.yaml"
    before = path.read_bytes()
    result = run(workspace, "new-meeting", "--date", "26/07/2016")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("error: meetings/2016-07-26.yaml already exists: a meeting of "
                             "2016-07-26 is recorded; refusing to overwrite it\n")
    assert path.read_bytes() == before


def test_a_given_date_is_read_day_first(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    result = run(root, "new-meeting", "--date", "02/08/2016")
    assert result.exit_code == 0, result.stderr
    assert (root / "meetings/2016-08-02.yaml").exists()
    assert "(as asked)" in result.stdout


def test_a_file_that_cannot_be_read_stops_new_meeting(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    (root / "meetings/2016-05-31.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = run(root, "new-meeting")
    assert result.exit_code == 1
    assert "meetings/2016-05-31.yaml:2:1" in result.stderr
    assert "cannot be carried forward; fix them first" in result.stderr
    assert not (root / "meetings/2016-07-26.yaml").exists()


def test_several_series_need_one_named(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    shutil.copy(root / "templates/monthly-assurance.yaml", root / "templates/panel.yaml")
    result = run(root, "new-meeting")
    assert result.exit_code == 1
    assert result.stderr == ("error: this workspace has several series (monthly-assurance, "
                             "panel); name one with --series\n")
    assert run(root, "new-meeting", "--series", "monthly-assurance").exit_code == 0


def test_a_series_without_a_template_is_explained(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    (root / "templates/monthly-assurance.yaml").unlink()
    result = run(root, "new-meeting")
    assert result.exit_code == 1
    assert "series 'monthly-assurance' has no template" in result.stderr
    assert "create templates/monthly-assurance.yaml" in result.stderr


def test_a_first_meeting_comes_from_the_template_and_today(tmp_path, run):
    root = make_workspace(tmp_path)
    result = run(root, "new-meeting", "--today", "2016-06-01")
    assert result.exit_code == 0, result.stderr
    assert "0 actions carried (0 overdue), 0 items deferred" in result.stdout
    data = read(root, "meetings/2016-06-28.yaml")
    assert [p["id"] for p in data["attendees"]] == ["JC", "AC", "DS", "AB"]
    assert data["items"][0]["outstanding"] == []
    assert run(root, "validate").exit_code == 0


def test_a_series_in_a_sub_folder_stays_there(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28", folder="assurance")
    result = run(root, "new-meeting")
    assert result.exit_code == 0, result.stderr
    path = root / "meetings/assurance/2016-07-26.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/meeting.schema.json")
    assert "- action: assurance/2016-06-28/1" in text
    assert run(root, "validate").exit_code == 0


def test_an_action_in_progress_stays_in_progress(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28", "2016-07-26", "2016-08-30")
    july = root / "meetings/2016-07-26.yaml"
    july.write_text(july.read_text(encoding="utf-8").replace(
        "  - number: \"2\"\n",
        "      - action: 2016-06-28/2\n"
        "        update: Reopened.\n"
        "        status: in-progress\n"
        "  - number: \"2\"\n", 1).replace(
        "      - action: 2016-06-28/2\n        topic: Hate crime media release\n",
        "      - action: 2016-06-28/2\n        topic: Hate crime media release\n"
        "        due: 2016-09-27\n", 1), encoding="utf-8")
    ws = workspace.load(root)
    assert ws.problems == []
    result = run(root, "new-meeting", "--dry-run")
    data = yamlio.parse(result.stdout, "-")[0]
    entries = {r["action"]: r["status"] for r in data["items"][0]["outstanding"]}
    assert entries["2016-06-28/2"] == "in-progress"


def test_open_actions_brought_forward_are_carried_by_reference_with_their_owner(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    june = root / "meetings/2016-06-28.yaml"
    june.write_text(june.read_text(encoding="utf-8").replace(
        "        update: Meeting arranged.\n        status: discharged\n",
        "        update: Meeting arranged.\n        status: open\n        owner: JC\n"),
        encoding="utf-8")
    assert run(root, "validate").exit_code == 0
    listed = json.loads(run(root, "outstanding", "--format", "json",
                            "--today", "2016-07-01").stdout)
    assert [r["ref"] for r in listed] == ["2016-06-28/1", "2016-06-28/8"]
    assert listed[1]["brought_from"] == "May 2016 meeting"
    assert listed[1]["owner"] == "PCC John Campion"
    result = run(root, "new-meeting", "--dry-run")
    # the action brought forward is an action like any other: the counts agree
    assert "2 actions carried (0 overdue)" in result.stderr
    data = yamlio.parse(result.stdout, "-")[0]
    carried = data["items"][0]["outstanding"][1]
    assert carried == {"action": "2016-06-28/8", "topic": "Crime outcomes", "update": None,
                       "status": "open"}
    assert ("      # Raised at: May 2016 meeting (brought forward 2016-06-28). Owner: PCC John "
            "Campion.") in result.stdout


# ---------------------------------------------------------------- cancel


def test_cancel_records_a_cancelled_meeting_that_the_schedule_steps_over(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28", "2016-07-26")
    result = run(root, "cancel", "30 August 2016", "--note",
                 "Cancelled; the next meeting is 27 September 2016.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("wrote meetings/2016-08-30.yaml: the meeting of 2016-08-30 is "
                             "cancelled\n")
    written = (root / "meetings/2016-08-30.yaml").read_text(encoding="utf-8")
    real = (MEETINGS / "2016-08-30.yaml").read_text(encoding="utf-8")
    # the same file as the one transcribed by hand, but for its explanatory comment
    assert written == real.replace(
        "# Recorded from the July 2016 notes: \"30 August 2016 – CANCELLED\".\n", "")
    nxt = run(root, "new-meeting", "--dry-run")
    assert nxt.stderr.startswith("would write meetings/2016-09-27.yaml")


def test_cancel_marks_a_draft_cancelled_and_keeps_its_contents(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    run(root, "new-meeting")
    path = root / "meetings/2016-07-26.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    result = run(root, "cancel", "2016-07-26")
    assert result.exit_code == 0, result.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in before if line not in after] == ["status: draft"]
    assert [line for line in after if line not in before] == [
        "status: cancelled", "note: The meeting of 26 July 2016 was cancelled."]
    again = run(root, "cancel", "2016-07-26")
    assert again.stdout == ("meetings/2016-07-26.yaml is already recorded as cancelled; "
                            "nothing changed\n")


def test_a_meeting_that_took_place_cannot_be_cancelled(workspace, run):
    result = run(workspace, "cancel", "2016-07-26")
    assert result.exit_code == 1
    assert result.stderr == ("error: meetings/2016-07-26.yaml is approved: the meeting took "
                             "place, so it cannot be cancelled\n")


# ---------------------------------------------------------------- carry


def test_carry_adds_what_is_missing_and_is_idempotent(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    run(root, "new-meeting")
    draft = root / "meetings/2016-07-26.yaml"
    # an action raised later in a June meeting file added afterwards: say, found in the
    # minutes after the draft was made
    june = root / "meetings/2016-06-28.yaml"
    june.write_text(june.read_text(encoding="utf-8").replace(
        "        status: discharged\n        note: Completed.\n",
        "        status: discharged\n        note: Completed.\n"
        "      - id: 9\n        owner: CC\n        text: Review the hate crime reporting.\n"
        "        due: 2016-09-27\n"), encoding="utf-8")
    before = draft.read_text(encoding="utf-8")
    result = run(root, "carry")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "added 1 entry to meetings/2016-07-26.yaml: 2016-06-28/9\n"
    after = draft.read_text(encoding="utf-8")
    assert after.startswith(before[: before.index("  - number: \"2\"")])
    assert after.count("- action: 2016-06-28/9") == 1
    assert "# Owner: CC David Shaw. Due 27 September 2016." in after
    again = run(root, "carry", "2016-07-26")
    assert again.exit_code == 0
    assert again.stdout == ("meetings/2016-07-26.yaml already reviews every open action; "
                            "nothing changed\n")
    assert draft.read_bytes() == after.encode("utf-8")
    assert run(root, "validate").exit_code == 0


def test_carry_never_rewrites_or_removes_what_is_there(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28", "2016-07-26", "2016-08-30")
    run(root, "new-meeting")
    draft = root / "meetings/2016-09-27.yaml"
    text = draft.read_text(encoding="utf-8")
    # the officer fills one update, deletes another entry, adds a comment
    text = text.replace("        topic: Track My Crime (TMC)\n        update:\n",
                        "        topic: Track My Crime (TMC)\n"
                        "        update: 'Dates sent by email.'   # from AB's office\n", 1)
    start = text.index("      # Reassure JC")
    end = text.index("  - number: \"2\"")
    text = text[:start] + text[end:]
    draft.write_text(text, encoding="utf-8")
    result = run(root, "carry")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "added 1 entry to meetings/2016-09-27.yaml: 2016-07-26/3\n"
    after = draft.read_text(encoding="utf-8")
    assert "        update: 'Dates sent by email.'   # from AB's office\n" in after
    assert after.replace(after[after.index("      # Reassure JC"):
                               after.index("  - number: \"2\"")], "") == text


def test_carry_refuses_an_approved_meeting(workspace, run):
    result = run(workspace, "carry", "2016-07-26")
    assert result.exit_code == 1
    assert result.stderr == ("error: meetings/2016-07-26.yaml is approved: its minutes are "
                             "final; use --force to change them anyway\n")


def test_carry_without_a_draft_points_at_new_meeting(workspace, run):
    result = run(workspace, "carry")
    assert result.exit_code == 1
    assert result.stderr == ("error: there is no draft meeting to record into; run "
                             "`actionlog new-meeting` first\n")


def test_generated_files_validate_for_every_real_history(tmp_path, run):
    """New meetings after each real meeting validate clean, as the issue asks."""
    days = ["2016-06-28", "2016-07-26", "2016-08-30", "2017-08-22"]
    for count in range(1, len(days) + 1):
        root = make_workspace(tmp_path / str(count), *days[:count])
        result = run(root, "new-meeting", "--today", days[count - 1])
        assert result.exit_code == 0, result.stderr
        checked = run(root, "validate")
        assert checked.exit_code == 0, checked.stdout
        ws = workspace.load(root)
        assert ws.meetings[-1].status == "draft"
        assert ws.meetings[-1].date > date.fromisoformat(days[count - 1])


def test_edit_opens_the_new_file_then_checks_it(tmp_path, run):
    import sys

    root = make_workspace(tmp_path, "2016-06-28")
    editor = tmp_path / "editor.py"
    # the officer's editor: a typo in a status
    editor.write_text("import sys\n"
                      "path = sys.argv[-1]\n"
                      "text = open(path, encoding='utf-8').read()\n"
                      "open(path, 'w', encoding='utf-8').write("
                      "text.replace('status: open', 'status: opne'))\n", encoding="utf-8")
    result = run(root, "new-meeting", "--edit",
                 env={"EDITOR": f'"{sys.executable}" "{editor}"', "VISUAL": ""})
    # checked as `actionlog edit` checks: the problems as validate shows them, then a tally
    assert result.exit_code == 1
    assert result.stdout.startswith("wrote meetings/2016-07-26.yaml")
    assert ("meetings/2016-07-26.yaml:26:17: error: 'opne' is not a valid status (did you "
            "mean 'open'?) (items[0].outstanding[0].status) [schema]\n") in result.stdout
    assert result.stderr == "meetings/2016-07-26.yaml: 1 error, 0 warnings\n"
    assert "status: opne" in (root / "meetings/2016-07-26.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["2016-07-26", "meetings/2016-07-26.yaml",
                                  "meetings\\2016-07-26.yaml"])
def test_a_meeting_is_named_by_date_or_by_file(name):
    from actionlog.edit.record import find_meeting

    ws = workspace.load(REPO)
    assert find_meeting(ws, name).id == "2016-07-26"
    assert find_meeting(ws, str(REPO / "meetings" / "2016-07-26.yaml")).id == \
        "2016-07-26"
