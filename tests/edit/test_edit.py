"""`actionlog edit`: the meeting opens in $EDITOR (here a small script), and is checked
when the editor closes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA

DRAFT = DATA / "2016-09-27.yaml"


def editor(tmp_path: Path, script: str) -> dict[str, str]:
    """An "editor" that runs `script` on the file it is given, and logs what it opened."""
    path = tmp_path / "editor.sh"
    path.write_text(f'#!/bin/sh\necho "$1" >> "{tmp_path}/opened"\n{script}\n')
    path.chmod(0o755)
    return {"EDITOR": str(path), "VISUAL": ""}


def opened(tmp_path: Path) -> list[str]:
    return (tmp_path / "opened").read_text().split()


@pytest.fixture
def with_draft(workspace: Path) -> Path:
    shutil.copy(DRAFT, workspace / "meetings" / "2016-09-27.yaml")
    return workspace


def test_edit_opens_the_latest_draft_and_reports_it_clean(with_draft, run, tmp_path):
    env = editor(tmp_path, "sed -i 's/status: proposed-closure/status: discharged/' \"$1\"")
    result = run(with_draft, "edit", env=env)
    assert result.exit_code == 0, result.stderr
    assert opened(tmp_path) == [str(with_draft / "meetings" / "2016-09-27.yaml")]
    assert "status: discharged" in (with_draft / "meetings" / "2016-09-27.yaml").read_text()
    assert result.stdout == ""
    assert result.stderr == "meetings/2016-09-27.yaml: no problems\n"


def test_a_mistake_made_in_the_editor_is_pointed_at(with_draft, run, tmp_path):
    env = editor(tmp_path, "sed -i 's/^    title: Outstanding matters$/    titel: Outstanding "
                           "matters/' \"$1\"")
    result = run(with_draft, "edit", "2016-09-27", env=env)
    assert result.exit_code == 1
    assert ("meetings/2016-09-27.yaml:21:5: error: unknown field 'titel' (did you mean "
            "'title'?)") in result.stdout
    assert "   21 |     titel: Outstanding matters" in result.stdout
    # an item with a number may have no title (the notes give some none): one error
    assert result.stderr == "meetings/2016-09-27.yaml: 1 error, 0 warnings\n"


def test_a_meeting_can_be_named_by_date_or_file(workspace, run, tmp_path):
    env = editor(tmp_path, "true")
    assert run(workspace, "edit", "26 July 2016", env=env).exit_code == 0
    assert run(workspace, "edit", str(workspace / "meetings" / "2016-06-28.yaml"),
               env=env).exit_code == 0
    assert opened(tmp_path) == [str(workspace / "meetings" / "2016-07-26.yaml"),
                                str(workspace / "meetings" / "2016-06-28.yaml")]


def test_no_draft_says_how_to_start_one(workspace, run, tmp_path):
    result = run(workspace, "edit", env=editor(tmp_path, "true"))
    assert result.exit_code == 1
    assert result.stderr == ("error: no draft meeting to edit: name one (actionlog edit "
                             "2016-07-26), or start one with actionlog new-meeting\n")
    assert not (tmp_path / "opened").exists()


def test_unknown_meeting(workspace, run, tmp_path):
    result = run(workspace, "edit", "2016-09-01", env=editor(tmp_path, "true"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no meeting '2016-09-01'")
