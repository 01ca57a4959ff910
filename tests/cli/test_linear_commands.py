"""Every command's work grows with the size of the file, not with its square (issue 17,
"linear work"): the function calls each command makes, counted (cProfile's count, not a
clock), on the workspace of benchmarks/bigfile.py at 1 MB and at a quarter of that. Four
times the actions must cost at most about four times the calls; a loop over the actions
inside a loop over the actions would cost sixteen.

benchmarks/bigfile.py times the same commands on a 5 MB file."""

from __future__ import annotations

import cProfile
import pstats
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog.cli import cli
from benchmarks.bigfile import DRAFT, FIRST, TODAY, build

pytestmark = pytest.mark.slow

MB = 1024 * 1024
# 4x the actions: linear is 4 (less, for the work every command does at any size);
# n log n about 4.7 at these sizes; quadratic 16
MOST = 5.0

COMMANDS = {
    "validate": ["validate"],
    "outstanding": ["outstanding", "--today", TODAY],
    "outstanding --owner": ["outstanding", "--owner", "AB", "--today", TODAY],
    "show": ["show", f"{FIRST}/{{last}}", "--today", TODAY],
    "log": ["log", "--today", TODAY],
    "log --to xlsx": ["log", "--today", TODAY, "-o", "{out}.xlsx", "--force"],
    "remind": ["remind", "--today", TODAY, "--out", "{out}"],
    "calendar": ["calendar", "--today", TODAY],
    "agenda": ["agenda", DRAFT],
    # a Word table of every action to review (python-docx lists every row for rows[r])
    "agenda --to docx": ["agenda", DRAFT, "-o", "{out}.docx", "--force"],
    "notes": ["notes", FIRST],
    "new-meeting --dry-run": ["new-meeting", "--dry-run", "--today", TODAY],
    "carry": ["carry"],
    "update": ["update", f"{FIRST}/{{last}}", "Reported in writing."],
    # its report of what moved answered from the edit, and the records found in one query
    "cancel --discard": ["cancel", DRAFT, "--discard", "--today", TODAY],
}


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory) -> dict[str, tuple[Path, int]]:
    out = {}
    for name, limit in (("small", MB // 4), ("large", MB)):
        root = tmp_path_factory.mktemp(name)
        out[name] = (root, build(root, limit))
    return out


def calls(pristine: Path, n: int, args: list[str], tmp: Path) -> int:
    """The function calls `actionlog ARGS` makes on a fresh copy of `pristine`, read
    without the cache (every command reads every file, as the first one does)."""
    root = tmp / "ws"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(pristine, root)
    args = [a.format(last=n, out=tmp / "out") for a in args]
    profile = cProfile.Profile()
    profile.enable()
    result = CliRunner().invoke(cli, ["--root", str(root), *args],
                                env={"ACTIONLOG_NO_CACHE": "1"}, catch_exceptions=False)
    profile.disable()
    assert result.exit_code == 0, result.output
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_makes_linear_calls(workspaces, tmp_path, name):
    (small, n_small), (large, n_large) = workspaces["small"], workspaces["large"]
    assert n_large > 3.8 * n_small  # the large file has about four times the actions
    few = calls(small, n_small, COMMANDS[name], tmp_path)
    many = calls(large, n_large, COMMANDS[name], tmp_path)
    ratio = many / few
    assert ratio <= MOST * n_large / (4 * n_small), (
        f"{name}: {few:,} calls for {n_small:,} actions, {many:,} for {n_large:,} "
        f"({ratio:.1f}x): more than linear")
