"""Shell completion: action references, owners, series and meetings, through Click's own
completion protocol, and end to end in a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog.cli import completion
from actionlog.cli import cli
from tests.conftest import REPO


def complete(root: Path, words: str, shell: str = "bash") -> list[str]:
    """What Tab offers after `actionlog <words>` (the last word is the one being typed)."""
    args = words.split(" ")
    env = {"_ACTIONLOG_COMPLETE": f"{shell}_complete", "ACTIONLOG_ROOT": str(root),
           "COMP_WORDS": " ".join(["actionlog", *args]), "COMP_CWORD": str(len(args))}
    result = CliRunner().invoke(cli, [], prog_name="actionlog", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def values(lines: list[str]) -> list[str]:
    # bash_complete prints "type,value" pairs, one per line
    return [line.split(",", 1)[1] for line in lines]


def test_show_completes_action_references_open_first():
    offered = values(complete(REPO, "show 2016-07"))
    assert offered == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    # closed actions once their meeting is typed (all of June 2016's were discharged)
    assert "2016-06-28/1" not in values(complete(REPO, "show 2016"))
    # the May 2016 actions the meeting brought forward (3 to 8) are actions like any other
    assert values(complete(REPO, "show 2016-06-28/")) == [f"2016-06-28/{n}" for n in range(1, 9)]
    assert values(complete(REPO, "show 2016-07-26/")) == ["2016-07-26/1", "2016-07-26/2",
                                                          "2016-07-26/3"]


def test_zsh_shows_each_reference_with_its_text():
    lines = complete(REPO, "show 2016-07-26/1", shell="zsh")
    joined = "\n".join(lines)
    assert "2016-07-26/1" in joined and "Clarify" in joined


def test_owner_option_completes_initials_and_roles():
    offered = values(complete(REPO, "outstanding --owner "))
    assert {"AB", "DCC", "ACC", "CC", "ALL"} <= set(offered)
    assert values(complete(REPO, "outstanding --owner dc")) == ["DCC"]


def test_series_and_meetings():
    assert values(complete(REPO, "outstanding --series monthly")) == ["monthly-assurance"]
    assert values(complete(REPO, "notes 2016")) == ["2016-08-30", "2016-07-26", "2016-06-28"]
    assert values(complete(REPO, "edit 2017")) == ["2017-08-22"]


@pytest.mark.parametrize("no_cache", ["", "1"])
def test_a_series_without_template_or_open_actions_is_offered(workspace: Path, monkeypatch,
                                                               no_cache):
    # every action of this one meeting is discharged on the day, and it has no template
    (workspace / "meetings" / "audit").mkdir()
    (workspace / "meetings" / "audit" / "2016-09-01.yaml").write_text(
        "title: Audit Committee\nseries: audit\ndate: 2016-09-01\nstatus: approved\n"
        "items:\n  - title: Accounts\n    actions:\n      - {id: 1, owner: ALL, "
        "text: Sign the accounts., status: discharged}\n")
    monkeypatch.setenv("ACTIONLOG_NO_CACHE", no_cache)
    assert completion.series(workspace, "") == [("audit", "meetings"),
                                                ("monthly-assurance", "template")]


def test_no_workspace_completes_nothing_and_never_fails(tmp_path):
    assert complete(tmp_path, "show 2016") == []
    assert completion.refs(None, "") == []
    # a workspace whose meeting is not even YAML: still no traceback
    (tmp_path / "meetings").mkdir()
    (tmp_path / "meetings" / "2016-07-26.yaml").write_text("title: [unclosed\n")
    assert complete(tmp_path, "show 2016") == []
    assert values(complete(tmp_path, "edit 2016")) == ["2016-07-26"]


def test_completers_swallow_errors(monkeypatch):
    def broken(root):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("actionlog.workspace.load", broken)
    assert completion.refs(REPO, "") == []
    assert completion.owners(REPO, "") == []


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F"),
                                           ("zsh", "#compdef actionlog"),
                                           ("fish", "complete --no-files --command actionlog")])
def test_each_shell_gets_its_script(shell, marker):
    env = {**os.environ, "_ACTIONLOG_COMPLETE": f"{shell}_source",
           "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "actionlog"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_completion_end_to_end_in_bash(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "actionlog"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m actionlog "$@"\n')
    launcher.chmod(0o755)
    script = """
        eval "$(_ACTIONLOG_COMPLETE=bash_source actionlog)"
        COMP_WORDS=(actionlog show 2016-07-26/); COMP_CWORD=2
        _actionlog_completion actionlog
        printf '%s\\n' "${COMPREPLY[@]}"
        COMP_WORDS=(actionlog outstanding --owner AC); COMP_CWORD=3
        COMPREPLY=()
        _actionlog_completion actionlog
        printf '%s\\n' "${COMPREPLY[@]}"
    """
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(REPO), "ACTIONLOG_ROOT": str(REPO)}
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split()
    assert "2016-07-26/1" in lines and "2016-07-26/3" in lines
    assert {"AC", "ACC"} <= set(lines)


def test_dates_offer_the_schedule_after_the_latest_meeting():
    offered = values(complete(REPO, "cancel 2017"))
    assert offered[:3] == ["2017-08-29", "2017-09-26", "2017-10-31"]
    assert values(complete(REPO, "new-meeting --date 2017-09")) == ["2017-09-26"]


def test_recording_commands_complete_open_references_and_owners():
    assert values(complete(REPO, "discharge 2016")) == ["2016-07-26/1", "2016-07-26/2",
                                                        "2016-07-26/3"]
    assert values(complete(REPO, "reassign 2016-07-26/1 AC")) == ["AC", "ACC"]
    assert values(complete(REPO, "update --meeting 2017")) == ["2017-08-22"]
