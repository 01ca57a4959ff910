"""Meeting files kept in git: what merges cleanly, what does not, and line endings.

One meeting a file, keys in a stable order and one action an entry, so two people who
record different things merge without a conflict; a merge that still goes wrong (two
actions given the same number) is caught by `actionlog validate`. The workspace's
.gitattributes is the one `actionlog init` writes: LF endings in every checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from actionlog.edit import init
from tests.conftest import MEETINGS, REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SEPT = "meetings/2016-09-27.yaml"
JULY = "meetings/2016-07-26.yaml"
# neither the user's nor the system's git settings (autocrlf, hooks...) come into it
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           *args], cwd=root, env=GIT_ENV, capture_output=True, text=True)
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding the real meetings and the September 2016 draft, with the
    .gitignore and .gitattributes that `actionlog init` writes."""
    root = tmp_path / "repo"
    shutil.copytree(MEETINGS, root / "meetings")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "tests" / "data" / "2016-09-27.yaml", root / SEPT)
    (root / ".gitignore").write_text(init.GITIGNORE, encoding="utf-8")
    (root / ".gitattributes").write_text(init.GITATTRIBUTES, encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "The meetings so far, and the September draft")
    return root


def on_branch(root: Path, run, branch: str, *commands: list[str]) -> None:
    """Record `commands` (actionlog CLI arguments) on a new branch from main, commit."""
    git(root, "checkout", "--quiet", "-b", branch, "main")
    for args in commands:
        result = run(root, *args)
        assert result.exit_code == 0, result.stderr
    # the tool leaves nothing for git to see but the meeting files (no cache, lock, temp)
    changed = git(root, "status", "--porcelain").stdout.splitlines()
    assert changed and all(line[3:].startswith("meetings/") and line[3:].endswith(".yaml")
                           for line in changed), changed
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", branch)


def merge(root: Path, into: str, other: str) -> subprocess.CompletedProcess:
    git(root, "checkout", "--quiet", into)
    return git(root, "merge", "--no-edit", other, ok=False)


def at(root: Path, branch: str, path: str) -> str:
    return git(root, "show", f"{branch}:{path}").stdout


def test_updates_recorded_on_two_branches_in_different_meetings_merge_cleanly(repo, run):
    # one officer records what owners reported into the September draft...
    on_branch(repo, run, "september",
              ["update", "2016-07-26/1", "Confirmed by the Athena programme board."],
              ["discharge", "2016-07-26/3", "--note", "Framework presented to JC."],
              ["add", "--item", "2", "--owner", "CC", "Brief the PCC on county lines."])
    # ...another cancels October's meeting and corrects July's approved minutes
    on_branch(repo, run, "corrections",
              ["cancel", "2016-10-25", "--note", "The next meeting is 29 November 2016."],
              ["redate", "2016-06-28/2", "2016-07-26", "--meeting", "2016-07-26",
               "--force"])
    done = merge(repo, "september", "corrections")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "CONFLICT" not in done.stdout
    # each file is exactly as the branch that changed it left it
    assert (repo / SEPT).read_text(encoding="utf-8") == at(repo, "september", SEPT)
    assert (repo / JULY).read_text(encoding="utf-8") == at(repo, "corrections", JULY)
    assert (repo / "meetings/2016-10-25.yaml").read_text(encoding="utf-8") == \
        at(repo, "corrections", "meetings/2016-10-25.yaml")
    result = run(repo, "validate")
    # the merge is clean; the September draft still names the cancelled October date,
    # which validate points out (a warning: the officer decides the new date)
    assert (result.exit_code, result.stderr) == (0, "6 meeting files checked: 0 errors, 2 warnings\n")
    assert "2016-10-25, the date of a meeting since cancelled" in result.stdout
    assert "the next meeting named here, 2016-10-25, was cancelled" in result.stdout


def test_updates_of_different_actions_in_one_draft_merge_cleanly(repo, run):
    """One action an entry, each entry its own lines: different actions, different lines."""
    on_branch(repo, run, "first", ["update", "2016-07-26/1", "Confirmed by email."],
              ["reassign", "2016-07-26/1", "DS"])
    on_branch(repo, run, "second", ["redate", "2016-07-26/2", "2016-11-29"],
              ["update", "2016-07-26/3", "Framework presented to JC."])
    done = merge(repo, "first", "second")
    assert done.returncode == 0, done.stdout + done.stderr
    shown = run(repo, "show", "2016-07-26/1")
    assert "Confirmed by email." in shown.stdout
    assert run(repo, "validate").exit_code == 0
    merged = (repo / SEPT).read_text(encoding="utf-8")
    for line in ("planned for 2017, with Track my Crime to follow. Confirmed by email.\n",
                 "        owner: DS\n", "        due: 2016-11-29\n",
                 '        update: "Framework presented to JC."\n'):
        assert line in merged


def test_actions_added_on_two_branches_under_one_item_conflict(repo, run):
    """Both take the next free number and the same place: git asks a person to choose."""
    on_branch(repo, run, "ab", ["add", "--item", "2", "--owner", "AB", "Check the rota."])
    on_branch(repo, run, "ds", ["add", "--item", "2", "--owner", "DS", "Brief the PCC."])
    done = merge(repo, "ab", "ds")
    assert done.returncode == 1
    assert f"CONFLICT (content): Merge conflict in {SEPT}" in done.stdout
    text = (repo / SEPT).read_text(encoding="utf-8")
    assert "      - id: 1\n<<<<<<< HEAD\n" in text
    # a file left with the conflict in it is refused, at the marker, with no traceback
    line = text.splitlines().index("<<<<<<< HEAD") + 1
    result = run(repo, "validate")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{SEPT}:{line}:1: error: ")
    assert result.stderr == "5 meeting files checked: 1 error, 0 warnings\n"
    git(repo, "merge", "--abort")


def test_a_clean_merge_that_numbers_two_actions_alike_is_caught_by_validate(repo, run):
    """Added under different items, far apart: git merges both, each numbered 1."""
    on_branch(repo, run, "ab", ["add", "--item", "2", "--owner", "AB", "Check the rota."])
    on_branch(repo, run, "ds", ["add", "--item", "6", "--owner", "DS", "Brief the PCC."])
    done = merge(repo, "ab", "ds")
    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / SEPT).read_text(encoding="utf-8")
    assert text.count("      - id: 1\n") == 2
    line = text.splitlines().index("      - id: 1", text.splitlines().index("    title: AOB"))
    result = run(repo, "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{SEPT}:{line + 1}:13: error: action id 1 is used more than once in this meeting "
        f"(items[5].actions[0].id) [ids]\n"
        f"   {line + 1} |       - id: 1\n"
        f"                    ^\n"
        f"  hint: each action needs its own number; the next free one is 2\n")
    assert result.stderr == "5 meeting files checked: 1 error, 0 warnings\n"
    # renumbering the second one is the whole fix
    (repo / SEPT).write_text(text.replace("      - id: 1\n        owner: DS",
                                          "      - id: 2\n        owner: DS"), encoding="utf-8")
    assert run(repo, "validate").exit_code == 0


# ---------------------------------------------------------------- line endings


def test_a_checkout_with_windows_settings_still_has_lf_endings(repo, tmp_path):
    """.gitattributes (eol=lf) wins over core.autocrlf, as set on Windows machines."""
    clone = tmp_path / "windows"
    done = subprocess.run(["git", "-c", "core.autocrlf=true", "-c", "core.eol=crlf", "clone",
                           "--quiet", str(repo), str(clone)], env=GIT_ENV,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = sorted((clone / "meetings").glob("*.yaml"))
    assert [f.name for f in files] == ["2016-06-28.yaml", "2016-07-26.yaml", "2016-08-30.yaml",
                                       "2016-09-27.yaml", "2017-08-22.yaml"]
    assert [f.name for f in files if b"\r" in f.read_bytes()] == []


def test_a_file_saved_with_crlf_is_read_and_written_back_with_lf(repo, run):
    """An editor on Windows saves CRLF: the tool reads it, writes LF, and git sees only the
    line the command changed."""
    path = repo / SEPT
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = run(repo, "validate")
    assert (result.exit_code, result.stderr) == (0, "5 meeting files checked: no problems\n")
    result = run(repo, "discharge", "2016-07-26/1")
    assert result.exit_code == 0, result.stderr
    assert b"\r" not in path.read_bytes()
    assert git(repo, "diff", "--numstat").stdout == f"1\t1\t{SEPT}\n"
    assert git(repo, "diff", "--unified=0").stdout.splitlines()[-2:] == [
        "-        status: proposed-closure", "+        status: discharged"]


def test_a_file_saved_with_crlf_goes_into_the_repository_with_lf(repo):
    """.gitattributes normalises what is committed, so a file saved on Windows is no change
    at all, and nobody's next edit rewrites every line."""
    path = repo / SEPT
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(repo, "add", SEPT)
    assert git(repo, "diff", "--cached", "--numstat").stdout == ""  # same text: no change
    stored = subprocess.run(["git", "cat-file", "blob", f":{SEPT}"], cwd=repo, env=GIT_ENV,
                            capture_output=True).stdout
    assert stored and b"\r" not in stored
