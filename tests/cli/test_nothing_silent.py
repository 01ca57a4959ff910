"""Regressions of the "one truth" round: each test is named after the silent wrong it guards."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from actionlog.store import schema

JULY = "meetings/2016-07-26.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- cancelled meetings


def test_due_next_meeting_falls_due_at_the_next_meeting_that_takes_place(workspace, run):
    # June names 26 July as the next meeting; June's actions are due "next meeting"
    before = json.loads(run(workspace, "outstanding", "--today", "2016-07-01",
                            "--format", "json").stdout)
    assert {r["due"] for r in before if r["due_written"]} == {"2016-07-26"}
    run(workspace, "cancel", "2016-07-26", "--today", "2016-07-01")
    # (July's file is approved, so the cancellation is refused: cancel a future date instead)
    cancelled = run(workspace, "cancel", "2017-09-26", "--today", "2017-09-01")
    assert cancelled.exit_code == 0, cancelled.stderr
    assert "2017-08-22/3 (CC Anthony Bangham): now due not set" in cancelled.stdout
    after = json.loads(run(workspace, "outstanding", "--today", "2017-09-01",
                           "--format", "json").stdout)
    assert next(r for r in after if r["ref"] == "2017-08-22/3")["due"] is None
    warned = run(workspace, "validate")
    assert "the next meeting named here, 2017-09-26, was cancelled" in warned.stdout


def test_cancelling_a_draft_that_records_things_refuses_unless_told(workspace, run):
    env = {"ACTIONLOG_TODAY": "2017-09-20"}
    assert run(workspace, "new-meeting", "--date", "2017-09-26", env=env).exit_code == 0
    assert run(workspace, "discharge", "2017-08-22/1", env=env).exit_code == 0
    assert run(workspace, "add", "--item", "1", "--owner", "CC", "Write it.",
               env=env).exit_code == 0
    draft = (workspace / "meetings" / "2017-09-26.yaml").read_text(encoding="utf-8")
    refused = run(workspace, "cancel", "2017-09-26", env=env)
    assert refused.exit_code == 1
    assert "2017-08-22/1: discharged" in refused.stderr
    assert "2017-09-26/1: a new action (item 1)" in refused.stderr
    assert (workspace / "meetings" / "2017-09-26.yaml").read_text(encoding="utf-8") == draft
    assert run(workspace, "new-meeting", "--date", "2017-10-31", env=env).exit_code == 0
    moved = run(workspace, "cancel", "2017-09-26", "--move-to", "2017-10-31", env=env)
    assert moved.exit_code == 0, moved.stderr
    assert "2017-09-26/1: a new action, now 2017-10-31/1" in moved.stdout
    shown = run(workspace, "show", "2017-08-22/1", env=env).stdout
    assert "closure proposed for 31 October 2017" in shown
    assert run(workspace, "validate", env=env).exit_code == 0


# ---------------------------------------------------------------- problems are never silent


def test_a_typo_in_an_owner_is_named_and_the_query_exits_1(workspace, run):
    edit(workspace, "meetings/2017-08-22.yaml", "owner: ACC\n", "owner: ACCX\n")
    result = run(workspace, "outstanding", "--owner", "ACC", "--today", "2017-09-01")
    assert result.exit_code == 1
    assert "2017-08-22/2" in result.stdout  # what it can still answer
    assert "error: 1 problem in meetings/2017-08-22.yaml" in result.stderr
    reminded = run(workspace, "remind", "--today", "2017-09-01")
    assert reminded.exit_code == 1


def test_a_broken_file_gives_partial_json_and_exit_1(workspace, run):
    (workspace / "meetings" / "2016-08-30.yaml").write_text("title: [\n", encoding="utf-8")
    result = run(workspace, "outstanding", "--format", "json", "--today", "2017-09-01")
    assert result.exit_code == 1
    assert json.loads(result.stdout)  # still valid JSON, with what could be read
    assert "meetings/2016-08-30.yaml" in result.stderr


def test_sending_and_publishing_refuse_on_problems_unless_told(workspace, run, tmp_path):
    edit(workspace, "meetings/2017-08-22.yaml", "owner: ACC\n", "owner: ACCX\n")
    out = tmp_path / "cal.ics"
    refused = run(workspace, "calendar", "-o", str(out), "--today", "2017-09-01")
    assert refused.exit_code == 1 and not out.exists()
    assert "--ignore-problems" in refused.stderr
    done = run(workspace, "calendar", "-o", str(out), "--today", "2017-09-01",
               "--ignore-problems")
    assert done.exit_code == 0 and out.exists()
    sent = run(workspace, "remind", "--send", "--today", "2017-09-01")
    assert sent.exit_code == 1 and "--ignore-problems" in sent.stderr


def test_a_draft_whose_day_has_passed_is_a_warning(workspace, run):
    env = {"ACTIONLOG_TODAY": "2017-09-20"}
    run(workspace, "new-meeting", "--date", "2017-09-26", env=env)
    later = run(workspace, "outstanding", "--today", "2017-10-02")
    assert later.exit_code == 0
    assert "meetings/2017-09-26.yaml: this draft is dated 2017-09-26, which has passed" \
        in later.stderr


# ---------------------------------------------------------------- dates typed


@pytest.mark.parametrize("typed, due", [("5 Jan", "2017-01-05"), ("31 Oct", "2016-10-31"),
                                        ("20/9", "2016-09-20")])
def test_a_day_and_month_typed_mean_the_next_such_day_from_today(workspace, run, typed, due):
    env = {"ACTIONLOG_TODAY": "2016-09-20"}
    assert run(workspace, "new-meeting", "--date", "2016-09-27", env=env).exit_code == 0
    result = run(workspace, "redate", "2016-07-26/1", typed, env=env)
    assert result.exit_code == 0, result.stderr
    assert f"due {due}" in result.stdout


@pytest.mark.parametrize("typed", ["August 2016", "2016", "Tuesday"])
def test_a_month_a_year_or_a_weekday_alone_is_refused(workspace, run, typed):
    before = (workspace / JULY).read_text(encoding="utf-8")
    result = run(workspace, "redate", "2016-06-28/1", typed, "--meeting", "2016-07-26",
                 "--force")
    assert result.exit_code == 2
    assert "give the whole date, e.g. 2016-08-11" in result.stderr
    assert (workspace / JULY).read_text(encoding="utf-8") == before


def test_a_due_date_before_its_meeting_is_a_warning(workspace, run):
    edit(workspace, JULY, "due: 2016-08-11", "due: 2015-08-11")
    result = run(workspace, "validate")
    assert result.exit_code == 0
    assert "is due 2015-08-11, before this meeting (2016-07-26)" in result.stdout


# ---------------------------------------------------------------- edges


def test_validate_of_a_missing_path_is_an_error(workspace, run):
    result = run(workspace, "validate", "meetings/no-such-file.yaml")
    assert result.exit_code == 1
    assert "no meeting file or folder meetings/no-such-file.yaml" in result.stderr


def test_validate_dash_reads_a_meeting_from_standard_input(workspace, run):
    from click.testing import CliRunner

    from actionlog.cli import cli

    text = (workspace / JULY).read_text(encoding="utf-8")
    good = CliRunner().invoke(cli, ["--root", str(workspace), "validate", "-"], input=text)
    assert good.exit_code == 0 and "standard input checked: no problems" in good.stderr
    bad = CliRunner().invoke(cli, ["--root", str(workspace), "validate", "-"],
                             input=text.replace('time: "10:30"', 'time: "25:99"'))
    assert bad.exit_code == 1
    assert bad.stdout.startswith("<stdin>:")
    assert "time: '25:99' is not in the expected form" in bad.stdout


def test_the_json_schema_agrees_with_validate_on_next_meeting_ids_and_times(workspace):
    data = YAML(typ="safe").load((workspace / JULY).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    action = data["items"][0]["outstanding"][0]
    action["due"] = "Next Meeting"
    def items(level):
        for item in level:
            yield item
            yield from items(item.get("items", []))
    first = next(a for i in items(data["items"]) for a in i.get("actions", []))
    first["id"] = 1.0
    jsonschema.validate(data, schema.json_schema())  # both accept these
    data["time"] = "25:99"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema.json_schema())  # both refuse this


def test_an_action_raised_in_the_draft_is_changed_in_place(workspace, run):
    env = {"ACTIONLOG_TODAY": "2017-09-20"}
    run(workspace, "new-meeting", "--date", "2017-09-26", env=env)
    run(workspace, "add", "--item", "1", "--owner", "CC", "Write it.", env=env)
    for args in (("redate", "2017-09-26/1", "30 Nov"), ("reassign", "2017-09-26/1", "ACC"),
                 ("update", "2017-09-26/1", "Scoping has begun.")):
        result = run(workspace, *args, env=env)
        assert result.exit_code == 0, (args, result.stderr)
    text = (workspace / "meetings" / "2017-09-26.yaml").read_text(encoding="utf-8")
    assert ("      - id: 1\n        owner: ACC\n        text: Write it.\n"
            "        due: 2017-11-30\n        note: Scoping has begun.\n") in text
    assert run(workspace, "validate", env=env).exit_code == 0


def test_owner_as_raised_by_default_and_the_holder_now_when_asked(workspace, run):
    # in 2016 the DCC was Anthony Bangham; by August 2017 he is CC, Amanda Blakeman DCC
    as_raised = json.loads(run(workspace, "outstanding", "--owner", "DCC", "--today",
                               "2017-09-01", "--format", "json").stdout)
    assert [r["ref"] for r in as_raised][:1] == ["2016-07-26/1"]
    assert as_raised[0]["holder_now"] == "DCC Amanda Blakeman"
    now = run(workspace, "outstanding", "--owner", "DCC", "--now", "--today", "2017-09-01")
    assert now.exit_code == 0 and now.stdout == "No open actions match.\n"
    cc_now = json.loads(run(workspace, "outstanding", "--owner", "CC", "--now", "--today",
                            "2017-09-01", "--format", "json").stdout)
    assert "2016-07-26/1" in [r["ref"] for r in cc_now]  # he still owes it, now as CC
