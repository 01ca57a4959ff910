"""Safe writes: many writers at once, and writers killed mid-write.

Every read-modify-write of a meeting file holds the file's lock (filelock) and replaces the
file atomically (a temporary file in the same folder, then os.replace). These tests run the
real command in separate processes: no test-only hooks in the code under test.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actionlog import workspace
from actionlog.edit import files
from actionlog.store import yamlio
from tests.conftest import DATA, MEETINGS, REPO

pytestmark = pytest.mark.slow

SEPT = "meetings/2016-09-27.yaml"
needs_sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# A process that imports the CLI, says it is ready, waits for the start file, then runs
# `actionlog ARGS...` through its entry point: so every process starts the command together.
AT_THE_BARRIER = """\
import os, sys, time
ready, start, *args = sys.argv[1:]
from actionlog import cli, workspace
from actionlog.edit import record
from actionlog.core import carry
from actionlog.core import checks
from actionlog.core import ledger
from actionlog.store import schema
open(ready, "w").close()
while not os.path.exists(start):
    time.sleep(0.002)
cli.main(args)
"""

# A writer that records, over and over, one of two updates into the draft (one process, so
# a kill can land anywhere in the command: reading, editing, checking, writing, renaming).
WRITER = """\
import sys
from actionlog import cli
root, ref = sys.argv[1:]
while True:
    for text in ("alpha", "beta"):
        cli.cli.main(["--root", root, "update", ref, text, "--replace"],
                     standalone_mode=False)
"""


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO), "ACTIONLOG_TODAY": "2016-09-20"}


@pytest.fixture
def sept(tmp_path) -> Path:
    """The real meetings and the hand-written September 2016 draft."""
    root = tmp_path / "ws"
    shutil.copytree(MEETINGS, root / "meetings")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(DATA / "2016-09-27.yaml", root / SEPT)
    return root


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- many writers at once


def _all_at_once(tmp_path: Path, root: Path, commands: list[list[str]]):
    """Start one process per command, let them all pass the barrier together, wait."""
    gate = tmp_path / "gate"
    gate.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", AT_THE_BARRIER, str(gate / f"ready-{n}"),
                               str(gate / "start"), "--root", str(root), *args],
                              env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for n, args in enumerate(commands)]
    try:
        deadline = time.monotonic() + 120
        while len(list(gate.glob("ready-*"))) < len(procs):
            assert time.monotonic() < deadline, "the processes never got ready"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.01)
        (gate / "start").touch()
        outputs = [p.communicate(timeout=300) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs)]


def test_twenty_processes_record_into_one_draft_at_once_and_none_is_lost(tmp_path, sept, run):
    reviews = [["update", "2016-07-26/1", "Confirmed by the Athena programme board."],
               ["redate", "2016-07-26/2", "2016-11-29"],
               ["reassign", "2016-07-26/3", "DS"]]
    items = ["2", "3", "4a", "4c", "5", "6"]
    adds = [["add", "--item", items[n % len(items)], "--owner", "AB", f"Concurrent action {n}."]
            for n in range(17)]
    results = _all_at_once(tmp_path, sept, reviews + adds)

    assert [code for code, _out, _err in results] == [0] * 20, results
    assert [err for _code, _out, err in results] == [""] * 20
    assert [out for _c, out, _e in results[:3]] == [
        "2016-07-26/1: update recorded in meetings/2016-09-27.yaml\n",
        "2016-07-26/2: due 2016-11-29, recorded in meetings/2016-09-27.yaml\n",
        "2016-07-26/3: owner DS, recorded in meetings/2016-09-27.yaml\n"]
    # each add took its own number, whatever order the lock let them in
    given = sorted(int(out.split("/")[1].split()[0]) for _c, out, _e in results[3:])
    assert given == list(range(1, 18))

    data, problems = yamlio.parse((sept / SEPT).read_text(encoding="utf-8"), SEPT)
    assert problems == []
    first = data["items"][0]["outstanding"]
    assert first[0]["update"] == ("Dates circulated by email on 30 August 2016; Athena go-live "
                                  "in the Alliance is planned for 2017, with Track my Crime to "
                                  "follow. Confirmed by the Athena programme board.")
    assert first[1]["due"] == "2016-11-29"
    assert first[2]["owner"] == "DS"
    found = {}
    stack = list(data["items"])
    while stack:
        item = stack.pop()
        stack.extend(item.get("items", []))
        for action in item.get("actions", []):
            found[action["text"]] = (str(item["number"]), action["id"])
    assert sorted(found) == sorted(f"Concurrent action {n}." for n in range(17))
    assert {text: number for text, (number, _id) in found.items()} == {
        f"Concurrent action {n}.": items[n % len(items)] for n in range(17)}
    assert sorted(i for _number, i in found.values()) == list(range(1, 18))

    result = run(sept, "validate")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "5 meeting files checked: no problems\n")
    assert _temps(sept / "meetings") == []


# ---------------------------------------------------------------- writers killed mid-write


def _big_draft(root: Path, paragraphs: int) -> None:
    """The September draft with a long AOB discussion: a file that takes a while to write."""
    text = (DATA / "2016-09-27.yaml").read_text(encoding="utf-8")
    lines = ["    discussion:"]
    for n in range(paragraphs):
        lines += ["      - >-",
                  f"        Paragraph {n}. The volume of malicious communications in the first "
                  f"three",
                  "        months of 2015/16 was 145 per month; in the most recent period, "
                  "March to",
                  "        May 2016, the average rose to 254."]
    text = text.replace("    title: AOB\n", "    title: AOB\n" + "\n".join(lines) + "\n")
    (root / SEPT).write_text(text, encoding="utf-8")


def _states(root: Path, run, ref: str) -> tuple[bytes, bytes]:
    """The file after `update REF alpha --replace`, and after `... beta --replace`."""
    out = []
    for text in ("alpha", "beta"):
        result = run(root, "update", ref, text, "--replace")
        assert result.exit_code == 0, result.stderr
        out.append((root / SEPT).read_bytes())
    assert run(root, "update", ref, "alpha", "--replace").exit_code == 0
    return out[0], out[1]


def _kill_when(proc: subprocess.Popen, folder: Path, writing: bool, seed: int) -> bool:
    """SIGKILL the writer, either as soon as a new temporary file appears (mid-write) or at
    a random moment; True if it was still running when killed."""
    before = set(_temps(folder))
    deadline = time.monotonic() + (60 if writing else random.Random(seed).uniform(0.3, 2.5))
    while time.monotonic() < deadline and proc.poll() is None:
        if writing and set(_temps(folder)) - before:
            break
        if not writing:
            time.sleep(0.01)
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return alive


@needs_sigkill
def test_a_writer_killed_at_any_moment_leaves_the_old_file_or_the_new_one(sept, run):
    from filelock import FileLock

    ref = "2016-07-26/3"
    _big_draft(sept, 300)
    alpha, beta = _states(sept, run, ref)
    folder = sept / "meetings"
    lock = folder / ".2016-09-27.yaml.lock"
    mid_write, temps = 0, []  # kills that left a new temporary file; the files left
    for attempt in range(12):
        writing = attempt % 2 == 0
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(sept), ref], env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert _kill_when(proc, folder, writing, attempt), proc.stderr.read()
        proc.stderr.close()
        # whole: byte for byte one of the two states the writer moves between
        assert (sept / SEPT).read_bytes() in (alpha, beta), f"a mixture after kill {attempt}"
        # a write killed midway leaves its temporary file (an earlier one is gone: the
        # next holder of the lock removes it); it is not a meeting file, and confuses nothing
        left = files.leftovers(str(sept / SEPT))
        assert _temps(folder) == left and len(left) <= 1
        mid_write += bool(set(left) - set(temps))
        temps = left
        assert workspace.meeting_files(sept) == ["meetings/2016-06-28.yaml",
                                                 "meetings/2016-07-26.yaml",
                                                 "meetings/2016-08-30.yaml", SEPT,
                                                 "meetings/2017-08-22.yaml"]
        result = run(sept, "validate")
        assert (result.exit_code, result.stdout, result.stderr) == (
            0, "", "5 meeting files checked: no problems\n")
        # the dead writer's lock went with it: the lock file is there, and free at once
        assert lock.exists()
        with FileLock(str(lock), timeout=0):
            pass
    # the kills that waited for a temporary file did land inside a write
    assert mid_write >= 1
    after = run(sept, "update", ref, "gamma", "--replace")
    assert after.exit_code == 0, after.stderr
    assert '        update: "gamma"\n' in (sept / SEPT).read_text(encoding="utf-8")
    assert _temps(folder) == []


@needs_sigkill
def test_a_lock_left_by_a_killed_holder_does_not_block_the_next_writer(sept, run):
    """The lock is the OS's lock on an open file: it dies with the process that held it."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom actionlog.edit import files\n"
         "with files.locked(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(600)\n",
         str(sept / SEPT)],
        env=_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        from filelock import FileLock, Timeout

        with pytest.raises(Timeout):
            FileLock(str(sept / "meetings/.2016-09-27.yaml.lock"), timeout=0).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    result = run(sept, "update", "2016-07-26/3", "Framework presented to JC.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2016-07-26/3: update recorded in meetings/2016-09-27.yaml\n"


def test_a_held_lock_makes_the_command_wait_then_give_up(sept, run, monkeypatch):
    from filelock import FileLock

    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    before = (sept / SEPT).read_bytes()
    with FileLock(str(sept / "meetings/.2016-09-27.yaml.lock")):
        result = run(sept, "update", "2016-07-26/3", "Noted.")
    assert result.exit_code == 1
    assert result.stderr == ("error: meetings/2016-09-27.yaml is being changed by someone "
                             "else (its lock is held); try again in a moment\n")
    assert (sept / SEPT).read_bytes() == before


def test_the_next_writer_removes_what_a_killed_write_of_its_file_left(sept, run):
    folder = sept / "meetings"
    mine = folder / ".actionlog-2016-09-27.yaml-k1ll3d_x.tmp"
    other = folder / ".actionlog-2016-07-26.yaml-k1ll3d_x.tmp"  # another file's writer's
    for path in (mine, other):
        path.write_text("title: half a meet", encoding="utf-8")
    assert run(sept, "validate").exit_code == 0
    result = run(sept, "update", "2016-07-26/3", "Framework presented to JC.")
    assert result.exit_code == 0, result.stderr
    assert _temps(folder) == [other.name]
