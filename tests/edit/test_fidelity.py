"""Fidelity: a recording command changes only the lines it must.

For every meeting file in meetings/, the hand-written September 2016 draft in tests/data/,
and a draft written as carelessly as people write under time pressure (comments, quoting of
every kind, folded, literal and hand-wrapped text, blank lines, '---'), each command's
change is compared with the file before it, line by line (difflib): the exact lines
removed and added, and where.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from actionlog.edit import roundtrip
from tests.conftest import DATA, MEETINGS, REPO
from tests.edit.test_new_meeting import make_workspace
from tests.edit.test_record import DRAFT, changes, text_of

SEPT = "meetings/2016-09-27.yaml"


def hunks(before: str, after: str) -> list[tuple[int, list[str], list[str]]]:
    """Each place the text changed: (its first line in `before`, lines removed, added)."""
    a, b = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(i1 + 1, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"]


def _files(root: Path) -> dict[str, bytes]:
    """The meeting files' bytes (not the lock files beside them)."""
    return {p.name: p.read_bytes() for p in (root / "meetings").iterdir()
            if not p.name.startswith(".")}


def _validates(run, root: Path) -> None:
    result = run(root, "validate")
    assert result.exit_code == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- the round trip itself


@pytest.mark.parametrize("name", sorted(p.name for p in MEETINGS.glob("*.yaml")))
def test_real_meetings_round_trip_byte_for_byte(name):
    text = (MEETINGS / name).read_text(encoding="utf-8")
    assert roundtrip.dump_house(roundtrip.load_for_edit(text)) == text
    assert roundtrip.dump(roundtrip.load_for_edit(text)) == text


# ---------------------------------------------------------------- every meeting in meetings/


def _forced(meeting: str, *args: str) -> list[str]:
    return [*args, "--meeting", meeting, "--force"]


# (meeting file, command, what it prints, the hunks); approved meetings are changed with
# --force, as a correction to the minutes would be
REAL = [
    ("2016-06-28", _forced("2016-06-28", "add", "--item", "2", "--owner", "CC",
                           "Report back on hate crime reporting."),
     "added 2016-06-28/9 under item 2 of meetings/2016-06-28.yaml\n",
     [(96, [], ["      - id: 9", "        owner: CC",
                "        text: Report back on hate crime reporting."])]),
    ("2016-06-28", _forced("2016-06-28", "add", "--item", "4b", "--owner", "DCC", "--due",
                           "next meeting", "Bring the workforce plan."),
     "added 2016-06-28/9 under item 4b of meetings/2016-06-28.yaml\n",
     # an item that said "There were none." (`actions: []`) keeps its comment
     [(156, ['        actions: []  # "Actions arising: There were none."'],
       ['        actions:     # "Actions arising: There were none."',
        "          - id: 9", "            owner: DCC",
                 "            text: Bring the workforce plan.",
                 "            due: next meeting"])]),
    ("2016-07-26", _forced("2016-07-26", "update", "2016-06-28/1", "Noted."),
     "2016-06-28/1: update recorded in meetings/2016-07-26.yaml\n",
     # a little over the width, but folding would not shorten it: one line still
     [(24, ["        update: A report had previously circulated outlining the options "
            "available."],
       ["        update: A report had previously circulated outlining the options "
        "available. Noted."])]),
    ("2016-07-26", _forced("2016-07-26", "update", "2016-06-28/2",
                           "The communications review is under way."),
     "2016-06-28/2: update recorded in meetings/2016-07-26.yaml\n",
     # a folded text keeps its lines: only its last line takes the addition
     [(42, ["          looking into how this could be improved."],
       ["          looking into how this could be improved. The communications review is "
        "under",
        "          way."])]),
    ("2016-07-26", _forced("2016-07-26", "discharge", "2016-06-28/1"),
     "meetings/2016-07-26.yaml already records that; nothing changed\n", []),
    ("2016-07-26", _forced("2016-07-26", "redate", "2016-06-28/2", "2016-09-27"),
     "2016-06-28/2: due 2016-09-27, recorded in meetings/2016-07-26.yaml\n",
     [(44, [], ["        due: 2016-09-27"])]),
    ("2016-07-26", _forced("2016-07-26", "reassign", "2016-06-28/1", "AC"),
     "2016-06-28/1: owner AC, recorded in meetings/2016-07-26.yaml\n",
     [(26, [], ["        owner: AC"])]),
    ("2016-07-26", _forced("2016-07-26", "add", "--item", "5", "--owner", "JC",
                           "Circulate the new format."),
     "added 2016-07-26/4 under item 5 of meetings/2016-07-26.yaml\n",
     [(259, [], ["    actions:", "      - id: 4", "        owner: JC",
                 "        text: Circulate the new format."])]),
    ("2016-07-26", _forced("2016-07-26", "add", "--item", "4b", "--owner", "AC", "--due",
                           "2016-09-27", "Meet the Head of ICT."),
     "added 2016-07-26/4 under item 4b of meetings/2016-07-26.yaml\n",
     [(223, ['        actions: []  # "Actions arising: There were none."'],
       ['        actions:     # "Actions arising: There were none."',
        "          - id: 4", "            owner: AC",
                 "            text: Meet the Head of ICT.", "            due: 2016-09-27"])]),
    ("2016-08-30", ["cancel", "2016-08-30"],
     "meetings/2016-08-30.yaml is already recorded as cancelled; nothing changed\n", []),
    ("2017-08-22", _forced("2017-08-22", "add", "--item", "4a", "--owner", "ACC",
                           "Brief the PCC."),
     "added 2017-08-22/6 under item 4a of meetings/2017-08-22.yaml\n",
     [(247, [], ["        actions:", "          - id: 6", "            owner: ACC",
                 "            text: Brief the PCC."])]),
    ("2017-08-22", _forced("2017-08-22", "add", "--item", "5", "--owner", "CC",
                           "Brief the PCC."),
     "added 2017-08-22/6 under item 5 of meetings/2017-08-22.yaml\n",
     [(266, [], ["    actions:", "      - id: 6", "        owner: CC",
                 "        text: Brief the PCC."])]),
    # an action the meeting does not review yet gets a whole entry, with its comment,
    # before the item's next key
    ("2017-08-22", _forced("2017-08-22", "reassign", "2016-07-26/1", "ME"),
     "2016-07-26/1: owner ME, recorded in meetings/2017-08-22.yaml\n",
     [(51, [], [
         "      # Clarify the date Athena are committed to deliver within the Alliance and the",
         "      # date for any \"track my crime\" or alternative solution following "
         "discussion at",
         "      # the Executive Board meeting this afternoon. Details to be provided by email.",
         "      # Owner: DCC Anthony Bangham. Due 11 August 2016, 376 days overdue.",
         "      - action: 2016-07-26/1",
         "        topic: Track My Crime (TMC)",
         "        update:",
         "        status: open",
         "        owner: ME"])]),
    ("2017-08-22", _forced("2017-08-22", "update", "2016-07-26/2",
                           "Superseded by the 2017 plan."),
     "2016-07-26/2: update recorded in meetings/2017-08-22.yaml\n",
     [(51, [], [
         "      # Determine a way forward which is compatible with the LA structure in West",
         "      # Mercia.",
         "      # Owner: CEx Andy Champness, DCC Anthony Bangham. Due 27 September 2016, 329 "
         "days overdue.",
         "      - action: 2016-07-26/2",
         "        topic: Cyber crime",
         "        update: Superseded by the 2017 plan.",
         "        status: open"])]),
]

# commands that must change nothing at all
REFUSED = [
    ("2016-06-28", _forced("2016-06-28", "update", "2016-06-28/1", "Noted."),
     "error: 2016-06-28/1 is raised in meetings/2016-06-28.yaml itself; change it there\n"),
    ("2016-07-26", ["cancel", "2016-07-26"],
     "error: meetings/2016-07-26.yaml is approved: the meeting took place, so it cannot be "
     "cancelled\n"),
    ("2016-08-30", _forced("2016-08-30", "update", "2016-07-26/1", "Noted."),
     "error: meetings/2016-08-30.yaml is a cancelled meeting; record into the next draft "
     "instead\n"),
    ("2016-08-30", _forced("2016-08-30", "add", "--item", "1", "--owner", "AB", "Noted."),
     "error: meetings/2016-08-30.yaml is a cancelled meeting; record into the next draft "
     "instead\n"),
]


def test_every_meeting_file_has_its_cases():
    named = {name for name, *_rest in REAL + REFUSED}
    assert named == {p.stem for p in MEETINGS.glob("*.yaml")}


@pytest.mark.parametrize("meeting, args, said, expected", REAL,
                         ids=[f"{m}-{a[0]}-{n}" for n, (m, a, *_r) in enumerate(REAL)])
def test_a_command_changes_only_its_lines_of_a_real_meeting(workspace, run, meeting, args,
                                                             said, expected):
    path = workspace / f"meetings/{meeting}.yaml"
    before = path.read_text(encoding="utf-8")
    others = _files(workspace)
    result = run(workspace, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, said, "")
    assert hunks(before, path.read_text(encoding="utf-8")) == expected
    assert _files(workspace) == {**others, path.name: path.read_bytes()}  # and no other file
    _validates(run, workspace)


@pytest.mark.parametrize("meeting, args, error", REFUSED,
                         ids=[f"{m}-{a[0]}" for m, a, _e in REFUSED])
def test_a_refused_command_changes_nothing(workspace, run, meeting, args, error):
    before = _files(workspace)
    result = run(workspace, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error)
    assert _files(workspace) == before


# ---------------------------------------------------------------- drafts, tidy and untidy


def _draft(root: Path, source: str) -> Path:
    shutil.copytree(MEETINGS, root / "meetings")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(DATA / source, root / SEPT)
    return root


_LONG = ("Follow up the county lines briefing with the Chief Constable and the Deputy, in "
         "writing, before the October meeting.")
_ADDED_LONG = ["      - id: {n}", "        owner: DS", "        text: >-",
               "          Follow up the county lines briefing with the Chief Constable and the "
               "Deputy,",
               "          in writing, before the October meeting.", "        due: 2016-10-25"]
_ADDED = ["    actions:", "      - id: {n}", "        owner: AB", "        text: Write it up."]


def _n(lines: list[str], n: int) -> list[str]:
    return [line.format(n=n) for line in lines]


# the September draft as tests/data/2016-09-27.yaml has it, tidy
TIDY = [
    (["update", "2016-07-26/1", "Confirmed by email."],
     "2016-07-26/1: update recorded in meetings/2016-09-27.yaml\n",
     [(28, ["          planned for 2017, with Track my Crime to follow."],
       ["          planned for 2017, with Track my Crime to follow. Confirmed by email."])]),
    (["update", "2016-07-26/2", "Report received."],
     "2016-07-26/2: update recorded in meetings/2016-09-27.yaml\n",
     [(32, ["        update: Awaiting the Local Authority structure review | report due in "
            "October."],
       ["        update: >-",
        "          Awaiting the Local Authority structure review | report due in October. "
        "Report",
        "          received."])]),
    (["discharge", "2016-07-26/3", "--note", "Framework presented."],
     "2016-07-26/3: discharged in meetings/2016-09-27.yaml\n",
     # the empty text was written "": the officer's quotes stay
     [(37, ['        update: ""', "        status: open"],
       ['        update: "Framework presented."', "        status: discharged"])]),
    (["discharge", "2016-07-26/1"], "2016-07-26/1: discharged in meetings/2016-09-27.yaml\n",
     [(29, ["        status: proposed-closure"], ["        status: discharged"])]),
    (["redate", "2016-07-26/2", "2016-11-29"],
     "2016-07-26/2: due 2016-11-29, recorded in meetings/2016-09-27.yaml\n",
     [(34, ["        due: 2016-10-25"], ["        due: 2016-11-29"])]),
    (["redate", "2016-07-26/3", "next meeting"],
     "2016-07-26/3: due next meeting, recorded in meetings/2016-09-27.yaml\n",
     [(39, [], ["        due: next meeting"])]),
    (["reassign", "2016-07-26/1", "DS"],
     "2016-07-26/1: owner DS, recorded in meetings/2016-09-27.yaml\n",
     [(30, [], ["        owner: DS"])]),
    (["add", "--item", "2", "--owner", "DS", "--due", "2016-10-25", _LONG],
     "added 2016-09-27/1 under item 2 of meetings/2016-09-27.yaml\n",
     [(42, [], ["    actions:"] + _n(_ADDED_LONG, 1))]),
    (["add", "--item", "1", "--owner", "AB", "Write it up."],
     "added 2016-09-27/1 under item 1 of meetings/2016-09-27.yaml\n",
     [(39, [], _n(_ADDED, 1))]),
    (["add", "--item", "6", "--owner", "AB", "Write it up."],
     "added 2016-09-27/1 under item 6 of meetings/2016-09-27.yaml\n",
     [(75, [], _n(_ADDED, 1))]),
    (["carry"], "meetings/2016-09-27.yaml already reviews every open action; nothing changed\n",
     []),
    # the draft records updates and closures: cancelling it drops them only when told to
    (["cancel", "2016-09-27", "--discard", "--today", "2016-09-20"],
     "discarded (kept in the file, no longer counted): 2016-07-26/1: an update, "
     "proposed-closure; 2016-07-26/2: an update, in-progress, a new due date\n"
     "marked meetings/2016-09-27.yaml cancelled (its draft contents are kept)\n"
     "  2016-07-26/2 (CEx Andy Champness, DCC Anthony Bangham): now due 2017-08-22\n"
     "  2016-07-26/3 (DCC Anthony Bangham): now due 2017-08-22\n",
     [(10, ["status: draft"], ["status: cancelled"]),
      (13, [], ["note: The meeting of 27 September 2016 was cancelled. What it recorded was "
                "discarded."])]),
]

# the same draft kept by hand (tests/data/rich-2016-09-27.yaml): what changes is the same
# few lines, in the officer's own style
UNTIDY = [
    (["update", "2016-07-26/1", "Confirmed by email."],
     "2016-07-26/1: update recorded in meetings/2016-09-27.yaml\n",
     # a literal text keeps its lines: the update is one more
     [(37, [], ["          Confirmed by email."])]),
    (["update", "2016-07-26/2", "Report received."],
     "2016-07-26/2: update recorded in meetings/2016-09-27.yaml\n",
     # text wrapped by hand is the value being changed: it is written again, folded
     [(41, ["        update: Awaiting the Local Authority structure review;",
            "          report due in October."],
       ["        update: >-",
        "          Awaiting the Local Authority structure review; report due in October. "
        "Report",
        "          received."])]),
    (["discharge", "2016-07-26/3", "--note", "Framework presented."],
     "2016-07-26/3: discharged in meetings/2016-09-27.yaml\n",
     [(47, ["        update: ~", "        status: 'open'"],
       ["        update: Framework presented.", "        status: 'discharged'"])]),
    (["discharge", "2016-07-26/1"], "2016-07-26/1: discharged in meetings/2016-09-27.yaml\n",
     # the comment stays in its column
     [(37, ["        status: proposed-closure    # JC to confirm"],
       ["        status: discharged          # JC to confirm"])]),
    (["redate", "2016-07-26/2", "2016-11-29"],
     "2016-07-26/2: due 2016-11-29, recorded in meetings/2016-09-27.yaml\n",
     [(44, ["        due: 2016-10-25   # moved in September"],
       ["        due: 2016-11-29   # moved in September"])]),
    (["redate", "2016-07-26/3", "next meeting"],
     "2016-07-26/3: due next meeting, recorded in meetings/2016-09-27.yaml\n",
     # after the entry's last line, before the comment about what follows it
     [(49, [], ["        due: next meeting"])]),
    (["reassign", "2016-07-26/1", "DS"],
     "2016-07-26/1: owner DS, recorded in meetings/2016-09-27.yaml\n",
     [(38, [], ["        owner: DS"])]),
    (["add", "--item", "2", "--owner", "DS", "--due", "2016-10-25", _LONG],
     "added 2016-09-27/2 under item 2 of meetings/2016-09-27.yaml\n",
     # after the last action, before the blank line and the comment below it
     [(64, [], _n(_ADDED_LONG, 2))]),
    (["add", "--item", "3", "--owner", "AB", "Write it up."],
     "added 2016-09-27/2 under item 3 of meetings/2016-09-27.yaml\n",
     [(74, [], _n(_ADDED, 2))]),
    (["add", "--item", "6", "--owner", "AB", "Write it up."],
     "added 2016-09-27/2 under item 6 of meetings/2016-09-27.yaml\n",
     [(76, [], _n(_ADDED, 2))]),
    (["carry"], "meetings/2016-09-27.yaml already reviews every open action; nothing changed\n",
     []),
    (["cancel", "2016-09-27", "--discard", "--today", "2016-09-20"],
     "discarded (kept in the file, no longer counted): 2016-07-26/1: an update, "
     "proposed-closure; 2016-07-26/2: an update, in-progress, a new due date; 2016-09-27/1: "
     "a new action (item 2)\n"
     "marked meetings/2016-09-27.yaml cancelled (its draft contents are kept)\n"
     "  2016-07-26/2 (CEx Andy Champness, DCC Anthony Bangham): now due 2017-08-22\n"
     "  2016-07-26/3 (DCC Anthony Bangham): now due 2017-08-22\n",
     [(11, ["status:   draft"], ["status: cancelled"]),
      (14, [], ["note: The meeting of 27 September 2016 was cancelled. What it recorded was "
                "discarded."])]),
]


@pytest.mark.parametrize("source, args, said, expected", [
    *(("2016-09-27.yaml", *case) for case in TIDY),
    *(("rich-2016-09-27.yaml", *case) for case in UNTIDY),
], ids=[f"tidy-{c[0][0]}-{n}" for n, c in enumerate(TIDY)]
    + [f"untidy-{c[0][0]}-{n}" for n, c in enumerate(UNTIDY)])
def test_a_command_changes_only_its_lines_of_a_draft(tmp_path, run, source, args, said,
                                                     expected):
    root = _draft(tmp_path / "ws", source)
    before = (root / SEPT).read_text(encoding="utf-8")
    others = _files(root)
    result = run(root, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, said, "")
    after = (root / SEPT).read_text(encoding="utf-8")
    assert hunks(before, after) == expected
    assert _files(root) == {**others, "2016-09-27.yaml": after.encode("utf-8")}
    _validates(run, root)



# ---------------------------------------------------------------- what the round trip rewrites

# Hand-written forms that ruamel writes back differently: the lines the change does not
# touch are kept as they were all the same (the edit is spliced into the original's lines).
ROUND_TRIP_REWRITES = {
    "document start": lambda t: t.replace("title:", "---\ntitle:", 1),
    "document end": lambda t: t + "...\n",
    "text wrapped by hand": lambda t: t.replace(
        "update: Awaiting the Local Authority structure review | report due in October.",
        "update: Awaiting the Local Authority structure review | report\n"
        "          due in October."),
    "quoted text over two lines": lambda t: t.replace(
        "title: Operational and reputational opportunities and risks",
        'title: "Operational and reputational\n      opportunities and risks"'),
    "a dash on a line of its own": lambda t: t.replace(
        "      - action: 2016-07-26/3", "      -\n        action: 2016-07-26/3"),
}


@pytest.mark.parametrize("form", sorted(ROUND_TRIP_REWRITES))
@pytest.mark.parametrize("args, added", [
    # item 6 is the last thing in the file (no next meeting named): lines only the
    # original has ('...') stay after the new ones
    (["add", "--item", "6", "--owner", "AB", "Write it up."], _n(_ADDED, 1)),
    (["redate", "2016-07-26/1", "2016-10-25"], ["        due: 2016-10-25"]),
], ids=["add-at-the-end", "redate"])
def test_forms_the_round_trip_rewrites_are_kept(tmp_path, run, form, args, added):
    root = _draft(tmp_path / "ws", "2016-09-27.yaml")
    tidy = (root / SEPT).read_text(encoding="utf-8").split("next_meeting:")[0]
    before = ROUND_TRIP_REWRITES[form](tidy)
    assert roundtrip.dump_house(roundtrip.load_for_edit(before)) != before  # it is rewritten
    (root / SEPT).write_text(before, encoding="utf-8")
    result = run(root, *args)
    assert result.exit_code == 0, result.stderr
    found = hunks(before, text_of(root, SEPT))
    assert [(removed, new) for _line, removed, new in found] == [([], added)]
    _validates(run, root)


def test_a_last_line_without_its_line_break_gets_one(tmp_path, run):
    root = _draft(tmp_path / "ws", "2016-09-27.yaml")
    before = (root / SEPT).read_text(encoding="utf-8").rstrip("\n")
    (root / SEPT).write_text(before, encoding="utf-8")
    result = run(root, "redate", "2016-07-26/1", "2016-10-25")
    assert result.exit_code == 0, result.stderr
    assert text_of(root, SEPT) == before.replace(
        "        status: proposed-closure\n",
        "        status: proposed-closure\n        due: 2016-10-25\n") + "\n"


# ---------------------------------------------------------------- files rich in comments


RICH = '''\
# yaml-language-server: $schema=../schema/meeting.schema.json
# A draft kept by hand: comments, odd quoting and blank lines everywhere.
title: 'Monthly Assurance Meeting'
series: monthly-assurance
date: 2016-07-26
time: "10:30"
status: draft   # not yet approved
attendees:
  - {id: JC, name: John Campion, role: PCC}
  - {id: AB, name: "Anthony Bangham", role: DCC}

items:
  - number: "1"
    title: Outstanding matters

    outstanding:
      # Track my Crime
      - action: 2016-06-28/1
        update: 'AB''s office: a paper is coming.'   # phoned in
        status: open

      # nothing else is open
  - number: "2"
    title: AOB
    discussion:
      - "Quoted: with a colon"

    # the end
'''


@pytest.fixture
def rich(tmp_path) -> Path:
    root = make_workspace(tmp_path, "2016-06-28")
    (root / DRAFT).write_text(RICH, encoding="utf-8")
    return root


def test_a_file_rich_in_comments_keeps_every_other_line(rich, run):
    result = run(rich, "update", "2016-06-28/1", "Paper received.")
    assert result.exit_code == 0, result.stderr
    assert changes(RICH, text_of(rich)) == [(
        ["        update: 'AB''s office: a paper is coming.'   # phoned in"],
        ["        update: 'AB''s office: a paper is coming. Paper received.' # phoned in"])]


def test_new_lines_go_before_the_comments_about_what_follows(rich, run):
    run(rich, "redate", "2016-06-28/1", "2016-08-11")
    run(rich, "add", "--item", "2", "--owner", "AB", "Write it up.")
    assert changes(RICH, text_of(rich)) == [
        ([], ["        due: 2016-08-11"]),
        ([], ["    actions:", "      - id: 1", "        owner: AB",
              "        text: Write it up."]),
    ]
    lines = text_of(rich).splitlines()
    at = lines.index("        due: 2016-08-11")
    assert lines[at - 1: at + 3] == ["        status: open", "        due: 2016-08-11", "",
                                     "      # nothing else is open"]
    assert lines[-2:] == ["", "    # the end"]
    assert run(rich, "validate").exit_code == 0


def test_a_file_indented_another_way_keeps_its_indentation(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    # a simple hand-written layout: lists not indented under their key
    compact = '''\
title: Monthly Assurance Meeting
series: monthly-assurance
date: 2016-07-26
status: draft
attendees:
- {id: JC, name: John Campion, role: PCC}
- {id: AB, name: Anthony Bangham, role: DCC}
items:
- number: "1"
  title: Outstanding matters
  outstanding:
  - action: 2016-06-28/1
    update:
    status: open
'''
    (root / DRAFT).write_text(compact, encoding="utf-8")
    result = run(root, "discharge", "2016-06-28/1", "--note", "Done.")
    assert result.exit_code == 0, result.stderr
    assert changes(compact, text_of(root)) == [(
        ["    update:", "    status: open"],
        ["    update: Done.", "    status: discharged"])]


def test_a_layout_the_edit_cannot_keep_is_refused(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    # mixed indentation: no single layout reproduces it, so new lines could not fit in
    odd = '''\
title: Monthly Assurance Meeting
series: monthly-assurance
date: 2016-07-26
status: draft
attendees:
  - {id: AB, name: Anthony Bangham, role: DCC}
items:
- number: "1"
  title: Outstanding matters
  outstanding:
    - action: 2016-06-28/1
      status: open
'''
    (root / DRAFT).write_text(odd, encoding="utf-8")
    result = run(root, "redate", "2016-06-28/1", "2016-08-11")
    assert result.exit_code == 1
    assert "cannot keep line for line; nothing was written" in result.stderr
    assert text_of(root) == odd
