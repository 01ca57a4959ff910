"""The rules the importer reads by, each on small notes written for it: where the notes give
an action's due date only once for a list, and an owner brought forward only in prose."""

from __future__ import annotations

import shutil
from pathlib import Path

from actionlog.store import load

NOTES = """Monthly Assurance Meeting

Date: Tuesday 27 September 2016 @ 10.30

Chair: John Campion

Attendance: John Campion (JC)   Police and Crime Commissioner (PCC)

Apologies: None

1. OUTSTANDING MATTERS - actions arising from the August meeting

Body worn video:-

{entry}

2. PERFORMANCE

Findings:

Demand is rising.

Actions arising:

{actions}

3. DATE OF NEXT MEETING

25 October 2016
"""

PEOPLE = """	Name:	Capacity:
Attendance:	John Campion	Police and Crime Commissioner (PCC)
	Anthony Bangham	Deputy Chief Constable (DCC)
	Karen Manners	Assistant Chief Constable Local Policing (ACC)
	Martin Evans	Assistant Chief Constable Protective Services (ACC)
Apologies:	None
"""


def _import(root: Path, tmp_path: Path, run, entry: str, actions: str):
    text = NOTES.format(entry=entry, actions=actions).replace(
        "Attendance: John Campion (JC)   Police and Crime Commissioner (PCC)\n\n"
        "Apologies: None\n", PEOPLE)
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    result = run(root, "import", str(path))
    assert result.exit_code == 0, result.stderr
    meeting, problems = load.load_file(root, "meetings/2016-09-27.yaml")
    assert meeting is not None, problems
    raised = {a.number: a for a, _i, _r in meeting.raised_actions()}
    text = (root / "meetings" / "2016-09-27.yaml").read_text(encoding="utf-8")
    return raised, text


ENTRY = "The DCC is to report on the roll-out. - deferred to September."


def test_an_undated_action_beside_actions_due_at_the_next_meeting(empty, tmp_path, run):
    raised, text = _import(empty, tmp_path, run, ENTRY,
                           "\u2022 AB to review the demand model.\n\n"
                           "\u2022 AB to report on it at the next meeting.")
    assert [a.due for a in raised.values() if a.raised is None] == ["next meeting"] * 2
    assert "# import: no due date written: the next meeting, as for every other action " \
           "of this list" in text


def test_undated_actions_stay_undated_where_the_list_does_not_agree(empty, tmp_path, run):
    raised, text = _import(empty, tmp_path, run, ENTRY,
                           "\u2022 AB to review the demand model.\n\n"
                           "\u2022 AB to brief the PCC on overtime.\n\n"
                           "\u2022 AB to report on both at the next meeting.")
    assert [a.due for a in raised.values() if a.raised is None] == [None, None,
                                                                     "next meeting"]
    assert "the notes give no due date" in text


def test_a_day_given_for_one_action_is_not_lent_to_another(empty, tmp_path, run):
    raised, _text = _import(empty, tmp_path, run, ENTRY,
                            "\u2022 AB to review the demand model.\n\n"
                            "\u2022 AB to circulate the figures by 14th October 2016.")
    assert [str(a.due) for a in raised.values() if a.raised is None] == ["None",
                                                                          "2016-10-14"]


def test_a_brought_forward_owner_named_in_prose(empty, tmp_path, run):
    raised, text = _import(empty, tmp_path, run, ENTRY, "There were none.")
    brought = [a for a in raised.values() if a.raised]
    assert [a.owners for a in brought] == [["DCC"]]
    assert "# import: owner DCC, as its text names: 'The DCC is to'" in text


def test_a_role_two_people_hold_is_told_apart_by_what_qualifies_it(empty, tmp_path, run):
    raised, _text = _import(empty, tmp_path, run,
                            "If available the ACC for local policing is to attend.",
                            "There were none.")
    assert [a.owners for a in raised.values() if a.raised] == [["KM"]]


def test_no_owner_where_the_prose_names_no_one_at_the_meeting(empty, tmp_path, run):
    for entry in ("The Head of ICT is to attend.", "This will be addressed in October.",
                  "The PCC is to be briefed."):
        root = tmp_path / entry[:8].replace(" ", "")
        shutil.copytree(empty, root)
        raised, _text = _import(root, tmp_path, run, entry, "There were none.")
        assert [a.owners for a in raised.values() if a.raised] == [[]], entry
