"""One schema, two uses: the committed JSON Schema is the validator's own, and agrees with it."""

from __future__ import annotations

import json

import jsonschema
import pytest

from actionlog.store import schema
from actionlog.store import yamlio
from tests.conftest import MEETINGS, REPO


def test_committed_json_schema_is_not_stale():
    committed = (REPO / "schema" / "meeting.schema.json").read_text(encoding="utf-8")
    assert committed == schema.json_schema_text(), \
        "run: actionlog schema > schema/meeting.schema.json"


@pytest.mark.parametrize("path", sorted(MEETINGS.glob("*.yaml")), ids=lambda p: p.name)
def test_real_meetings_pass_the_json_schema_too(path):
    text, _ = yamlio.read_text(str(path), path.name)
    data, problems = yamlio.parse(text, path.name)
    assert problems == []
    jsonschema.validate(data, json.loads(schema.json_schema_text()))


def test_json_schema_rejects_what_the_validator_rejects():
    bad = {"title": "T", "series": "s", "date": "2016-07-26", "status": "draft",
           "items": [{"title": "x", "colour": "red"}]}
    assert schema.check(bad, "m.yaml")[0] is None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema.json_schema())


def test_meeting_files_point_editors_at_the_schema():
    for path in MEETINGS.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/meeting.schema.json"


def test_non_iso_date_hint_shows_what_dateutil_reads_day_first():
    _m, [problem] = schema.check({"title": "T", "series": "s", "date": "11/08/2016",
                                  "status": "draft"}, "m.yaml")
    assert problem.check == "dates"
    assert problem.hint == "write dates as YYYY-MM-DD; did you mean 2016-08-11?"


@pytest.mark.parametrize("field, value, message", [
    ("confidential", "yes", "confidential: expected true or false, got the text 'yes'"),
    ("confidential", 1, "confidential: expected true or false, got the number 1"),
])
def test_validator_is_as_strict_as_the_json_schema(field, value, message):
    data = {"title": "T", "series": "s", "date": "2016-07-26", "status": "draft",
            "items": [{"title": "x", field: value}]}
    _m, problems = schema.check(data, "m.yaml")
    assert [p.message for p in problems] == [message]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema.json_schema())


def test_action_id_must_be_a_number_not_text():
    data = {"title": "T", "series": "s", "date": "2016-07-26", "status": "draft",
            "items": [{"title": "x", "actions": [{"id": "3", "owner": "AB", "text": "t"}]}]}
    _m, [problem] = schema.check(data, "m.yaml")
    assert problem.yaml_path == "items[0].actions[0].id"
    assert problem.message.startswith("id: expected a whole number")
