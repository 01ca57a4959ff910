"""`actionlog validate`: each kind of mistake, planted in a copy of a real meeting, is
reported at the right line and column with exit status 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

JULY = "meetings/2016-07-26.yaml"


def plant(root: Path, relpath: str, old: str, new: str, nth: int = 1) -> tuple[int, int]:
    """Replace the nth occurrence of `old` with `new`; the 1-based line and column of `new`."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(nth):
        index = text.index(old, index + 1)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return line, column


def parsable(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line]


CASES = [
    # (description, old, new, offset into `new` where the fault is, expected message, check)
    ("unknown owner", "owner: AB\n", "owner: ACCC\n", len("owner: "),
     "unknown owner 'ACCC'", "owners"),
    ("unknown field", "    title: AOB", "    titel: AOB", 4,
     "unknown field 'titel' (did you mean 'title'?)", "schema"),
    ("wrong type", "    title: AOB", "    title: 42", len("    title: "),
     "title: expected text, got the number 42", "schema"),
    ("impossible date", "due: 2016-08-11", "due: 2016-02-30", len("due: "),
     "due: '2016-02-30' is not a real date", "dates"),
    ("non-ISO date", "due: 2016-08-11", "due: 11/08/2016", len("due: "),
     "due: '11/08/2016' is not an ISO date", "dates"),
    ("dangling reference", "action: 2016-06-28/2", "action: 2016-06-28/17", len("action: "),
     "no action '2016-06-28/17'", "refs"),
    ("self reference", "action: 2016-06-28/2", "action: 2016-07-26/2", len("action: "),
     "'2016-07-26/2' is raised in this same meeting", "refs"),
    ("reference to a later meeting", "action: 2016-06-28/2", "action: 2017-08-22/1",
     len("action: "), "'2017-08-22/1' is raised in a later meeting", "refs"),
    ("bad status", "status: discharged", "status: closed", len("status: "),
     "'closed' is not a valid status", "schema"),
    ("duplicate action id", "- id: 3", "- id: 2", len("- id: "),
     "action id 2 is used more than once", "ids"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_planted_mistake_is_located(workspace, run, case):
    _name, old, new, offset, message, check = case
    line, column = plant(workspace, JULY, old, new)
    result = run(workspace, "validate", "--format", "parsable")
    assert result.exit_code == 1
    expected = f"{JULY}:{line}:{column + offset}: error: {message}"
    assert any(l.startswith(expected) and l.endswith(f"[{check}]") for l in parsable(result)), \
        (expected, result.stdout)


def test_human_format_quotes_the_line_with_a_caret_and_a_hint(workspace, run):
    line, column = plant(workspace, JULY, "owner: AB\n", "owner: DCCC\n")
    result = run(workspace, "validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    head = next(i for i, l in enumerate(lines) if l.startswith(f"{JULY}:{line}:"))
    assert "unknown owner 'DCCC' (did you mean 'DCC'?)" in lines[head]
    assert lines[head + 1] == f"{line:>5} |             owner: DCCC"
    assert lines[head + 2].index("^") == len(f"{line:>5} | ") + column - 1 + len("owner: ")
    assert lines[head + 3].startswith("  hint: ")
    assert result.stderr.endswith("checked: 1 error, 0 warnings\n")


def test_every_problem_is_reported_not_only_the_first(workspace, run):
    plant(workspace, JULY, "    title: AOB", "    titel: AOB")
    plant(workspace, "meetings/2017-08-22.yaml", "owner: ACC\n", "owner: ACCC\n")
    plant(workspace, "meetings/2016-06-28.yaml", "status: discharged", "status: done")
    result = run(workspace, "validate", "--format", "parsable")
    assert result.exit_code == 1
    files = {l.split(":")[0] for l in parsable(result)}
    assert files == {JULY, "meetings/2017-08-22.yaml", "meetings/2016-06-28.yaml"}


def test_json_format_carries_positions_and_yaml_paths(workspace, run):
    line, column = plant(workspace, JULY, "owner: AB\n", "owner: ACCC\n")
    result = run(workspace, "validate", "--format", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["line"] == line and problem["column"] == column + len("owner: ")
    assert problem["yaml_path"] == "items[0].outstanding[0].actions[0].owner"
    assert problem["check"] == "owners" and problem["severity"] == "error"


def test_file_name_must_match_the_date(workspace, run):
    (workspace / JULY).rename(workspace / "meetings/2016-07-27.yaml")
    result = run(workspace, "validate", "--format", "parsable")
    assert result.exit_code == 1
    assert any(l.startswith("meetings/2016-07-27.yaml:5:7: error: the file is named "
                            "'2016-07-27' but the meeting's date is 2016-07-26") for l in
               parsable(result)), result.stdout


def test_syntax_error_has_the_parsers_position(workspace, run):
    line, _ = plant(workspace, JULY, 'time: "10:30"', 'time: "10:30')
    result = run(workspace, "validate", "--format", "parsable")
    assert result.exit_code == 1
    assert any(l.startswith(f"{JULY}:") and "[syntax]" in l for l in parsable(result))


def test_paths_limit_the_report_but_references_still_resolve(workspace, run):
    plant(workspace, "meetings/2017-08-22.yaml", "owner: ACC\n", "owner: ACCC\n")
    result = run(workspace, "validate", "--format", "parsable", str(workspace / JULY))
    assert result.exit_code == 0, result.stdout
    result = run(workspace, "validate", "--format", "parsable",
                 str(workspace / "meetings/2017-08-22.yaml"))
    assert result.exit_code == 1


def test_an_open_action_not_carried_is_a_warning_or_with_strict_an_error(workspace, run):
    # drop July's review of 2016-06-28/1: June named July as its next meeting
    path = workspace / JULY
    text = path.read_text(encoding="utf-8")
    start = text.index("      - action: 2016-06-28/1")
    end = text.index("      - action: 2016-06-28/2")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run(workspace, "validate", "--format", "parsable")
    assert result.exit_code == 0
    assert "warning: open action 2016-06-28/1" in result.stdout
    assert "[carried]" in result.stdout
    strict = run(workspace, "validate", "--format", "parsable", "--strict")
    assert strict.exit_code == 1
    assert "error: open action 2016-06-28/1" in strict.stdout


def test_outside_a_workspace_is_a_clear_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from actionlog.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"], env={"ACTIONLOG_ROOT": None})
    assert result.exit_code == 1
    assert "no actionlog workspace here" in result.stderr


def test_workspace_is_found_from_a_sub_folder(workspace, monkeypatch):
    from click.testing import CliRunner

    from actionlog.cli import cli

    sub = workspace / "meetings"
    monkeypatch.chdir(sub)
    result = CliRunner().invoke(cli, ["validate"], env={"ACTIONLOG_ROOT": None})
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("spec", ["2016-07-26", "26/07/2016", "26 July 2016",
                                  "meetings/2016-07-26.yaml", "meetings\\2016-07-26.yaml"])
def test_a_meeting_argument_is_an_id_a_date_or_a_file(spec):
    from actionlog.workspace import find_meeting_file, meeting_files
    from tests.conftest import REPO

    assert find_meeting_file(REPO, meeting_files(REPO), spec) == "meetings/2016-07-26.yaml"


@pytest.mark.parametrize("spec, message", [
    ("2016-09-01", "no meeting '2016-09-01' in meetings/"),
    ("/elsewhere/meetings/2016-07-26.yaml", "/elsewhere/meetings/2016-07-26.yaml is not a "
                                            "meeting file of the workspace"),
    ("meetings/2016-09-01.yaml", "no meeting file meetings/2016-09-01.yaml"),
])
def test_a_meeting_argument_that_names_nothing_says_so(spec, message):
    from actionlog.workspace import NoSuchMeeting, find_meeting_file, meeting_files
    from tests.conftest import REPO

    with pytest.raises(NoSuchMeeting, match=re.escape(message)):
        find_meeting_file(REPO, meeting_files(REPO), spec)


def test_two_meetings_on_one_day_must_be_named_by_id(workspace):
    from actionlog.workspace import NoSuchMeeting, find_meeting_file, meeting_files

    (workspace / "meetings" / "audit").mkdir()
    (workspace / "meetings" / "audit" / "2016-07-26.yaml").write_text("x: 1\n")
    files = meeting_files(workspace)
    with pytest.raises(NoSuchMeeting, match="2 meetings on 2016-07-26: name one of "
                                            "2016-07-26, audit/2016-07-26"):
        find_meeting_file(workspace, files, "26/07/2016")
    assert find_meeting_file(workspace, files, "audit/2016-07-26") == \
        "meetings/audit/2016-07-26.yaml"
