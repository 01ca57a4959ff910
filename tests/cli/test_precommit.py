"""The pre-commit hook in .pre-commit-hooks.yaml, run by the pre-commit package itself:
`pre-commit try-repo` installs actionlog from this repository into its own environment
(from PyPI, so this needs the network) and runs the hook on a workspace's meeting files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MEETINGS, REPO

pytest.importorskip("pre_commit")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]


def test_hook_definition_matches_the_cli():
    import yaml  # pre-commit's own dependency, used here as pre-commit reads the file

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "actionlog-validate"
    assert hook["entry"] == "actionlog validate"
    assert hook["language"] == "python"
    # the whole workspace on every commit: deletions, the roster and templates included
    assert hook["pass_filenames"] is False and hook["always_run"] is True


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    # its own cache, so the hook is installed from this checkout and not an old one
    return tmp_path_factory.mktemp("pre-commit-home")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def try_repo(root: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    env.pop("ACTIONLOG_ROOT", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO),
                           "actionlog-validate", "--verbose", "--files", *files],
                          cwd=root, env=env, capture_output=True, text=True, timeout=900)


def test_hook_passes_good_meetings_and_fails_a_bad_one(tmp_path, pre_commit_home):
    root = tmp_path / "office"
    shutil.copytree(MEETINGS, root / "meetings")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "meetings")

    good = try_repo(root, pre_commit_home, "meetings/2016-07-26.yaml",
                    "meetings/2016-06-28.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "actionlog validate" in good.stdout and "Passed" in good.stdout

    bad = root / "meetings" / "2016-07-26.yaml"
    bad.write_text(bad.read_text().replace("owner: AB\n", "owner: ACCC\n", 1))
    failed = try_repo(root, pre_commit_home, "meetings/2016-07-26.yaml")
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "meetings/2016-07-26.yaml:" in failed.stdout
    assert "error: unknown owner 'ACCC'" in failed.stdout

    # a meeting that does not even parse is caught as well
    (root / "meetings" / "2016-08-30.yaml").write_text("title: [unclosed\n")
    broken = try_repo(root, pre_commit_home, "meetings/2016-08-30.yaml")
    assert broken.returncode == 1
    assert "meetings/2016-08-30.yaml:" in broken.stdout and "[syntax]" in broken.stdout


def test_hook_catches_a_deleted_meeting_that_another_refers_to(tmp_path, pre_commit_home):
    root = tmp_path / "office"
    shutil.copytree(MEETINGS, root / "meetings")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "meetings")
    (root / "meetings" / "2016-06-28.yaml").unlink()  # July reviews its actions
    git(root, "add", "-A")
    deleted = try_repo(root, pre_commit_home)
    assert deleted.returncode == 1, deleted.stdout + deleted.stderr
    assert "no action '2016-06-28/1'" in deleted.stdout


def test_hook_checks_the_roster(tmp_path, pre_commit_home):
    root = tmp_path / "office"
    shutil.copytree(MEETINGS, root / "meetings")
    (root / "roster.yaml").write_text("people:\n  - id: HC\n    nam: Jane\n")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "-A")
    broken = try_repo(root, pre_commit_home, "roster.yaml")
    assert broken.returncode == 1 and "roster.yaml:" in broken.stdout
