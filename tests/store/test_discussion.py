"""Discussion entries that are more than a paragraph (issue 15, steps 3, 4 and 7): a
sub-heading, an action in its place, a commitment in prose; what the format accepts, what
it says of a wrong one, and that an action there is numbered among the meeting's own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from actionlog.core.model import Placed
from actionlog.store import schema, yamlio
from actionlog.store.load import to_meeting
from tests.conftest import TESTS

WRITTEN = TESTS / "written" / "meetings" / "2021-07-27.yaml"


def meeting(*discussion, actions=()) -> dict:
    return {"title": "T", "series": "s", "date": "2021-07-27", "status": "held",
            "items": [{"title": "x", "discussion": list(discussion), "actions": list(actions)}]}


def test_the_written_meeting_passes_the_json_schema_too():
    text, _ = yamlio.read_text(str(WRITTEN), WRITTEN.name)
    data, problems = yamlio.parse(text, WRITTEN.name)
    assert problems == []
    jsonschema.validate(data, json.loads(schema.json_schema_text()))


def test_each_form_becomes_its_record():
    m, problems = to_meeting(meeting(
        "A paragraph.", {"heading": "Executive Summary"},
        {"action": {"id": 1, "owner": "AB", "text": "Do it.", "due": "2021-08-31"}},
        {"text": "The DCC will raise this.", "action": {"id": 2, "owner": "DCC"}},
        {"text": "The CC will write.", "action": {"id": 3, "owner": "CC", "text": "Write."}}),
        "meetings/2021-07-27.yaml")
    assert problems == []
    parts = m.items[0].discussion
    assert parts[0] == "A paragraph."
    assert parts[1] == Placed(heading="Executive Summary")
    assert (parts[2].text, parts[2].action.text, parts[2].action.loc) == \
        (None, "Do it.", ("items", 0, "discussion", 2, "action"))
    assert (parts[3].text, parts[3].action.text) == ("The DCC will raise this.",
                                                      "The DCC will raise this.")
    assert parts[4].action.text == "Write."
    assert [a.number for a, _item, _review in m.raised_actions()] == [1, 2, 3]


@pytest.mark.parametrize("entry, path, message", [
    ({"text": "Only text."}, "items[0].discussion[0]",
     "a discussion entry written as a mapping is a heading:, an action:, or a text: with its "
     "action:"),
    ({"heading": "H", "action": {"id": 1, "owner": "AB", "text": "t"}},
     "items[0].discussion[0]", "a sub-heading stands alone in the discussion"),
    ({"action": {"id": 1, "owner": "AB"}}, "items[0].discussion[0]",
     "the action needs its text: either text: beside action: (the sentence as minuted) or "
     "text: inside it"),
    ({"headng": "H"}, "items[0].discussion[0].headng",
     "unknown field 'headng' (did you mean 'heading'?)"),
    ({"action": {"id": 1, "text": "t"}}, "items[0].discussion[0].action.owner",
     "missing required field 'owner'"),
    (5, "items[0].discussion[0]", "discussion: expected text, got the number 5"),
])
def test_a_wrong_entry_is_located_and_said_plainly(entry, path, message):
    _m, [problem] = schema.check(meeting(entry), "m.yaml")
    assert (problem.yaml_path, problem.message) == (path, message)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(meeting(entry), schema.json_schema())


def test_the_next_free_id_counts_the_actions_of_the_discussion():
    data = meeting({"action": {"id": 7, "owner": "AB", "text": "t"}})
    data["items"].append({"title": "y", "outstanding": [{"text": "t", "raised": "May"}]})
    problems = schema.check(data, "m.yaml")[1]
    assert any("the next free id in this meeting is 8" in p.hint for p in problems)


def test_an_id_used_twice_across_discussion_and_actions_is_reported(run, tmp_path: Path):
    root = tmp_path / "written"
    shutil.copytree(TESTS / "written", root)
    path = root / "meetings" / "2021-07-27.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "action: {id: 2, owner: DCC, due: next meeting}",
        "action: {id: 1, owner: DCC, due: next meeting}"), encoding="utf-8")
    result = run(root, "validate")
    assert result.exit_code == 1
    assert ("meetings/2021-07-27.yaml:33:22: error: action id 1 is used more than once in "
            "this meeting (items[0].discussion[6].action.id) [ids]") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_new_action_is_numbered_after_those_of_the_discussion():
    from actionlog.edit.record import next_action_id

    assert next_action_id(meeting(
        "A paragraph.", {"text": "The DCC will.", "action": {"id": 4, "owner": "DCC"}},
        actions=[{"id": 2, "owner": "AB", "text": "t"}])) == 5
