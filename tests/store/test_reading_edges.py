"""Nothing under meetings/ is skipped in silence, and nothing outside the workspace is read:
unreadable and linked folders, `.yml` files, links out of the workspace, a malformed roster
and malformed series templates are each a problem `validate` reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from actionlog.store import paths

SECRET = "ghp_THIS_IS_A_RUNNER_SECRET"


def problems(run, root: Path, *args: str) -> list[dict]:
    result = run(root, "validate", "--format", "json", *args)
    return json.loads(result.stdout)


def test_a_yml_file_is_reported_not_skipped(workspace, run):
    source = (workspace / "meetings" / "2016-07-26.yaml").read_text()
    (workspace / "meetings" / "2016-10-25.yml").write_text(source)
    (workspace / "meetings" / "2016-11-29.YAML").write_text(source)
    found = {p["path"]: p for p in problems(run, workspace)}
    assert found["meetings/2016-10-25.yml"]["check"] == "files"
    assert "2016-10-25.yaml" in found["meetings/2016-10-25.yml"]["hint"]
    assert "meetings/2016-11-29.YAML" in found
    assert run(workspace, "validate").exit_code == 1


def test_a_linked_folder_is_reported_not_followed(workspace, run, tmp_path):
    elsewhere = tmp_path / "audit"
    elsewhere.mkdir()
    (workspace / "meetings" / "audit").symlink_to(elsewhere, target_is_directory=True)
    found = problems(run, workspace)
    assert [p["path"] for p in found] == ["meetings/audit"]
    assert "not followed" in found[0]["message"]


def test_an_unreadable_folder_is_reported(workspace, run, monkeypatch):
    (workspace / "meetings" / "audit").mkdir()
    real = os.scandir

    def scandir(folder):
        if str(folder).endswith("audit"):
            raise PermissionError(13, "Permission denied")
        return real(folder)

    monkeypatch.setattr(paths.os, "scandir", scandir)
    found = problems(run, workspace)
    assert [p["path"] for p in found] == ["meetings/audit"]
    assert "Permission denied" in found[0]["message"]


def test_a_link_out_of_the_workspace_is_refused_and_never_quoted(workspace, run, tmp_path):
    secret = tmp_path / "credentials"
    secret.write_text(f"https://user:{SECRET}@github.com\n")
    (workspace / "meetings" / "x.yaml").symlink_to(secret)
    result = run(workspace, "validate")
    assert result.exit_code == 1
    assert SECRET not in result.stdout + result.stderr
    assert "meetings/x.yaml: error: is a link to a file outside the workspace" in result.stdout
    for fmt in ("parsable", "json"):
        out = run(workspace, "validate", "--format", fmt)
        assert SECRET not in out.stdout + out.stderr


def test_a_link_within_the_workspace_is_read(workspace, run):
    keep = workspace / "archive"
    keep.mkdir()
    (workspace / "meetings" / "2016-07-26.yaml").rename(keep / "2016-07-26.yaml")
    (workspace / "meetings" / "2016-07-26.yaml").symlink_to(keep / "2016-07-26.yaml")
    assert run(workspace, "validate").exit_code == 0
    assert "2016-07-26/1" in run(workspace, "outstanding", "--today", "2016-09-01").stdout


ROSTER_REVERSED = """people:
  - id: AB
    name: Anthony Bangham
    roles:
      - {role: DCC, from: 2016-01-01, to: 2015-01-01}
"""
ROSTER_TWICE = """people:
  - {id: AB, name: Anthony Bangham}
  - {id: ab, name: Alice Brown}
"""


@pytest.mark.parametrize("text, message, line", [
    (ROSTER_REVERSED, "'to' (2015-01-01) is before 'from' (2016-01-01)", 5),
    (ROSTER_TWICE, "id 'ab' is also the id of people[0]", 3),
])
def test_a_roster_with_reversed_dates_or_one_id_twice_is_a_problem(workspace, run, text,
                                                                   message, line):
    (workspace / "roster.yaml").write_text(text)
    found = problems(run, workspace)
    assert [(p["path"], p["message"], p["line"]) for p in found] == [
        ("roster.yaml", message, line)]


BROKEN_TEMPLATES = {
    "not-a-mapping": "- just a list\n",
    "no-title": "schedule: RRULE:FREQ=MONTHLY\n",
    "no-schedule": "title: Audit\n",
    "unknown-field": "title: Audit\nschedule: RRULE:FREQ=MONTHLY\nvenu: Hindlip\n",
    "bad-time": "title: Audit\nschedule: RRULE:FREQ=MONTHLY\ntime: 10.30\n",
    "bad-rule": "title: Audit\nschedule: every month\n",
    "hourly": "title: Audit\nschedule: RRULE:FREQ=HOURLY\n",
    "minutely": "title: Audit\nschedule: RRULE:FREQ=MINUTELY\n",
    "secondly": "title: Audit\nschedule: RRULE:FREQ=SECONDLY\n",
    "interval-zero": "title: Audit\nschedule: RRULE:FREQ=MONTHLY;INTERVAL=0\n",
    "interval-negative": "title: Audit\nschedule: RRULE:FREQ=MONTHLY;INTERVAL=-1\n",
    "attendee-no-name": "title: Audit\nschedule: RRULE:FREQ=MONTHLY\nattendees: [{id: JC}]\n",
    "agenda-not-a-list": "title: Audit\nschedule: RRULE:FREQ=MONTHLY\nagenda: 4\n",
    "agenda-item-no-title": "title: Audit\nschedule: RRULE:FREQ=MONTHLY\nagenda: [{number: 1}]\n",
    "outstanding-not-bool": "title: Audit\nschedule: RRULE:FREQ=MONTHLY\n"
                            "agenda: [{title: OM, outstanding: yes please}]\n",
    "tab-indented": "title: Audit\nagenda:\n\t- {title: x}\n",
    "unclosed-quote": "title: \"Audit\nschedule: RRULE:FREQ=MONTHLY\n",
    "alias": "title: &t Audit\nschedule: *t\n",
    "empty": "",
    "Capital-Name": "title: Audit\nschedule: RRULE:FREQ=MONTHLY\n",
}


def test_every_malformed_series_template_is_reported(workspace, run):
    for name, text in BROKEN_TEMPLATES.items():
        (workspace / "templates" / f"{name}.yaml").write_text(text)
    result = run(workspace, "validate", "--format", "json")
    assert result.exit_code == 1
    reported = {Path(p["path"]).stem for p in json.loads(result.stdout)}
    assert reported == set(BROKEN_TEMPLATES)
    # the good template of the workspace is not among them, and the cache keeps the answer
    again = run(workspace, "validate", "--format", "json")
    assert again.stdout == result.stdout


def test_a_broken_template_is_said_by_calendar_not_silently_dropped(workspace, run):
    (workspace / "templates" / "monthly-assurance.yaml").write_text("title: [\n")
    result = run(workspace, "calendar", "--today", "2017-09-01")
    assert result.exit_code == 1 and "BEGIN:VCALENDAR" in result.stdout
    assert "templates/monthly-assurance.yaml cannot be read, so its schedule is left out" \
        in result.stderr
    assert run(workspace, "validate").exit_code == 1


def test_a_template_fixed_is_no_longer_reported(workspace, run):
    template = workspace / "templates" / "monthly-assurance.yaml"
    good = template.read_text()
    template.write_text(good.replace("FREQ=MONTHLY", "FREQ=HOURLY"))
    assert run(workspace, "validate").exit_code == 1
    template.write_text(good)
    assert run(workspace, "validate").exit_code == 0
