"""The cache (`.actionlog-cache/cache.sqlite`) gives the answers a run without it gives; a
file that changes is read again, and only its group of series folded again; a cache that is
damaged, foreign, of another version, or planted is thrown away and rebuilt, never trusted.

These tests ask the tool what a user would (the CLI, `workspace.load`) with and without the
cache (ACTIONLOG_NO_CACHE=1), and read ACTIONLOG_CACHE_TRACE=1's lines on stderr to see
what was read and folded again; they do not look at the cache's tables, except to damage
them.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import itertools
import json
import os
import pickle
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog import workspace
from actionlog.cli import cli
from actionlog.core import checks
from actionlog.core.ledger import fold
from actionlog.store import codec, reading
from benchmarks.generate import generate
from tests.conftest import REPO

TODAY = "2017-09-01"
CORPUS_TODAY = "2017-03-01"
NO_CACHE = "ACTIONLOG_NO_CACHE"
TRACE = "ACTIONLOG_CACHE_TRACE"
FOLDER = ".actionlog-cache"
DAY_NS = 86_400 * 10**9

# what a user asks of the bundled meetings, each with its answer compared with and without
# the cache: (exit code, stdout, stderr)
BUNDLED = [
    ("outstanding", "--format", "json", "--today", TODAY),
    ("outstanding", "--today", TODAY),
    ("outstanding", "--format", "json", "--owner", "DCC", "--today", TODAY),
    ("outstanding", "--format", "json", "--owner", "ab", "--overdue", "--sort", "owner",
     "--today", TODAY),
    ("outstanding", "--format", "json", "--as-of", "2016-07-01", "--today", TODAY),
    ("validate", "--format", "json"),
    ("validate", "--strict", "--format", "json"),
    ("log", "--today", TODAY),
    ("show", "2016-06-28/1", "--today", TODAY),
    ("show", "2017-08-22/3", "--today", TODAY),
    ("show", "2016-07-26/9", "--today", TODAY),  # no such action: the nearest are named
]
BUNDLED_OPEN = ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3",
                "2017-08-22/3", "2017-08-22/1", "2017-08-22/2"]


def corpus_commands(refs: list[str]) -> list[tuple[str, ...]]:
    shows = [("show", ref, "--today", CORPUS_TODAY) for ref in refs]
    return [
        ("outstanding", "--format", "json", "--today", CORPUS_TODAY),
        ("outstanding", "--format", "json", "--owner", "DCC", "--today", CORPUS_TODAY),
        ("outstanding", "--format", "json", "--owner", "ALL", "--overdue",
         "--today", CORPUS_TODAY),
        ("outstanding", "--format", "json", "--sort", "owner", "--today", CORPUS_TODAY),
        ("outstanding", "--format", "json", "--series", "telford-assurance",
         "--today", CORPUS_TODAY),
        ("outstanding", "--format", "json", "--as-of", "2016-06-30", "--today", CORPUS_TODAY),
        ("validate", "--format", "json"),
        ("validate", "--strict", "--format", "json"),
        ("log", "--today", CORPUS_TODAY),
        ("log", "--series", "shropshire-assurance", "--today", CORPUS_TODAY),
        *shows,
    ]


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    """No setting from the shell running the tests changes what they see."""
    for name in (NO_CACHE, TRACE, "ACTIONLOG_ROOT", "ACTIONLOG_TODAY"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------- workspaces


@pytest.fixture(scope="module")
def corpus_source(tmp_path_factory) -> Path:
    """Three series over two years of generated meetings, with a roster and templates."""
    root = tmp_path_factory.mktemp("corpus") / "ws"
    counts = generate(root, series=3, years=2, seed=7)
    assert counts["files"] == 72 and counts["actions"] > 500
    return root


@pytest.fixture
def corpus(corpus_source: Path, tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(corpus_source, root, ignore=shutil.ignore_patterns(FOLDER))
    return root


def cache_file(root: Path) -> Path:
    return root / FOLDER / "cache.sqlite"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def age(root: Path, days: int = 3) -> None:
    """Every file of the workspace last modified days ago, as a checkout of old files is."""
    then = time.time_ns() - days * DAY_NS
    for path in root.rglob("*.yaml"):
        if FOLDER not in path.parts:
            os.utime(path, ns=(then, then))


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Change the content, keep the size, and give the file its old times back (as
    `touch -d` or a careless copy would): only the change time and content tell."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    edit(path, old, new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


# ---------------------------------------------------------------- asking the tool


def invoke(root: Path, *args: str, cache: bool = True, trace: bool = False):
    """One command through the CLI; a traceback is a failure, whatever the exit code."""
    env = {NO_CACHE: None if cache else "1", TRACE: "1" if trace else None}
    result = CliRunner().invoke(cli, ["--root", str(root), *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"actionlog {' '.join(args)} raised "
                             f"{result.exception!r}") from result.exception
    assert "Traceback" not in result.stderr
    return result


def answer(root: Path, args: tuple[str, ...], cache: bool = True) -> tuple[int, str, str]:
    result = invoke(root, *args, cache=cache)
    return result.exit_code, result.stdout, result.stderr


def answers(root: Path, commands: list[tuple[str, ...]], cache: bool = True) -> list:
    return [answer(root, args, cache) for args in commands]


def outstanding_json(root: Path, *args: str, today: str = TODAY, cache: bool = True) -> list:
    result = invoke(root, "outstanding", "--format", "json", "--today", today, *args,
                    cache=cache)
    # exit status 1 with the answer printed: some file has an error (an unknown owner)
    assert result.exit_code == 0 or "error: 1 problem in" in result.stderr, result.stderr
    return json.loads(result.stdout)


def traced(root: Path, *args: str) -> tuple[str, str]:
    """(stdout, the cache's trace) of a command run with ACTIONLOG_CACHE_TRACE=1."""
    result = invoke(root, *args, trace=True)
    lines = [line for line in result.stderr.splitlines() if line.startswith("cache: ")]
    return result.stdout, "\n".join(lines)


def folded(trace: str) -> set[str]:
    """The groups the trace says were folded again ('a+b' for series joined in one)."""
    found = re.findall(r"^cache: groups folded again: (.*)$", trace, re.M)
    return {name for line in found for name in line.split(", ") if name}


def files_read(trace: str) -> int:
    found = re.findall(r"^cache: (\d+) file\(s\) to read", trace, re.M)
    return sum(int(n) for n in found)


def settle(root: Path) -> None:
    """Everything a command wrote is in cache.sqlite itself (not in its write-ahead log),
    so that damaging the file damages all of it."""
    gc.collect()  # connections of commands run in this process are closed
    db = sqlite3.connect(cache_file(root))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def warm(root: Path) -> None:
    """A sound, full cache: its ledger and the checks of validate kept."""
    assert invoke(root, "outstanding").exit_code == 0
    assert invoke(root, "validate", "--strict").exit_code in (0, 1)
    settle(root)
    assert cache_file(root).is_file()


def owner_queries(book) -> list[str]:
    found = {"ALL", "all", "nobody"}
    for e in book.all():
        for o in e.owners:
            for value in (o.written, o.id, o.name, o.role):
                if value:
                    found |= {value, value.upper(), value.lower()}
    return sorted(found)


def listed(entries: list) -> list:
    """Entries as a list shows them: every field, and the latest update of their history
    (`get` gives the whole story)."""
    return [(dataclasses.replace(e, history=[]), e.latest_update) for e in entries]


def snapshot(root: Path) -> dict:
    """What a command may ask of `workspace.load(root)`."""
    ws = workspace.load(root)
    book = ws.ledger()
    kinds = [("draft",), ("approved",), ("draft", "approved"), ("cancelled",)]
    days = [date(2015, 6, 1), date(2016, 6, 28), date(2017, 1, 1)]
    return {
        "files": ws.files, "problems": ws.problems, "roster": ws.roster,
        "meetings": ws.meetings, "index": ws.index(),
        "all": book.all(), "open": book.open(), "refs": book.refs(),
        "get": [book.get(ref) for ref in book.refs()] + [book.get("1999-01-01/1")],
        "owners": {q: book.open(owners=(q,)) for q in owner_queries(book)},
        "closed": [book.closed_since(d) for d in days],
        "past": [ws.ledger(d).all() for d in days],
        "series": {name: (ws.series_meetings(name), sorted(ws.joined({name})),
                          book.all(series=(name,)), book.open(series=(name,)),
                          [ws.latest(k, name) for k in kinds],
                          ws.scope({name}).meetings)
                   for name in sorted(ws.series_names())},
        "latest": [ws.latest(k) for k in kinds],
        "check": ws.check(), "strict": ws.check(strict=True),
    }


def assert_same_workspace(root: Path, monkeypatch) -> None:
    """workspace.load gives the same answers from the cache (cold, then warm) as without
    it, and they are those of folding and checking every meeting at once."""
    monkeypatch.setenv(NO_CACHE, "1")
    expected = snapshot(root)
    monkeypatch.delenv(NO_CACHE)
    assert snapshot(root) == expected
    assert snapshot(root) == expected

    ws = workspace.load(root)
    book = ws.ledger()
    whole, _problems = fold(ws.meetings, ws.roster)
    assert book.refs() == whole.refs()
    assert [book.get(ref) for ref in whole.refs()] == whole.all()
    assert listed(book.all()) == listed(whole.all())
    assert listed(book.open()) == listed(whole.open())
    for q in owner_queries(whole):
        assert listed(book.open(owners=(q,))) == listed(whole.open(owners=(q,))), q
    for name in sorted(ws.series_names()):
        assert listed(book.open((name,))) == listed(whole.open((name,)))
    for strict in (False, True):
        assert ws.check(strict) == sorted(ws.problems +
                                          checks.run(ws.meetings, ws.roster, strict))


# ---------------------------------------------------------------- the same answers


def test_bundled_meetings_give_the_same_answers_with_and_without_the_cache(workspace: Path,
                                                                           monkeypatch):
    expected = answers(workspace, BUNDLED, cache=False)
    assert not (workspace / FOLDER).exists()  # ACTIONLOG_NO_CACHE=1 leaves no trace
    assert [r["ref"] for r in json.loads(expected[0][1])] == BUNDLED_OPEN
    assert [code for code, _out, _err in expected] == [0] * 10 + [1]
    assert "nearest: " in expected[-1][2]

    assert answers(workspace, BUNDLED) == expected  # fills the cache
    assert cache_file(workspace).is_file()
    assert answers(workspace, BUNDLED) == expected  # from the cache
    _out, trace = traced(workspace, "outstanding")
    assert trace == ""  # nothing changed: nothing read or folded again
    assert_same_workspace(workspace, monkeypatch)


def test_a_generated_corpus_gives_the_same_answers_with_and_without_the_cache(corpus: Path,
                                                                              monkeypatch):
    records = outstanding_json(corpus, today=CORPUS_TODAY, cache=False)
    assert len(records) > 20
    commands = corpus_commands([records[0]["ref"], records[-1]["ref"],
                                "telford-assurance/2016-07-18/5"])
    expected = answers(corpus, commands, cache=False)
    assert all(code == 0 for code, _out, _err in expected)
    assert all(json.loads(out) for _code, out, _err in expected[:5])
    assert answers(corpus, commands) == expected
    assert answers(corpus, commands) == expected
    _out, trace = traced(corpus, "outstanding")
    assert trace == ""
    assert_same_workspace(corpus, monkeypatch)


def test_an_empty_workspace(tmp_path: Path):
    (tmp_path / "meetings").mkdir()
    for _ in range(2):
        assert invoke(tmp_path, "validate").exit_code == 0
        assert invoke(tmp_path, "outstanding").stdout == "No open actions.\n"
    assert invoke(tmp_path, "outstanding", cache=False).stdout == "No open actions.\n"


def test_the_no_cache_setting_reads_every_file_every_time(workspace: Path):
    assert files_read(traced(workspace, "outstanding")[1]) == 4
    assert files_read(traced(workspace, "outstanding")[1]) == 0
    result = invoke(workspace, "outstanding", cache=False, trace=True)
    assert "cache: 4 file(s) to read" in result.stderr


def test_a_workspace_read_by_worker_processes_gives_the_same_answers(corpus: Path,
                                                                      monkeypatch):
    broken = sorted((corpus / "meetings").rglob("*.yaml"))[5]
    edit(broken, "status: ", "status: [")
    commands = corpus_commands([])
    monkeypatch.setattr(reading, "_workers", lambda count: 1)  # one process, file by file
    expected = answers(corpus, commands, cache=False)
    assert expected[6][0] == 1 and broken.name in expected[6][1]
    monkeypatch.setattr(reading, "_workers", lambda count: 2)  # as on a large workspace
    assert answers(corpus, commands) == expected
    assert answers(corpus, commands) == expected


# ---------------------------------------------------------------- a file that changes


@pytest.mark.parametrize("aged", [True, False], ids=["old-files", "just-written"])
def test_a_same_size_edit_with_the_old_mtime_restored_is_read_again(workspace: Path, aged):
    if aged:  # no content digest kept: the change time alone must tell
        age(workspace)
    before = outstanding_json(workspace)
    assert before[0]["ref"] == "2016-07-26/1" and before[0]["due"] == "2016-08-11"
    same_size_edit(workspace / "meetings" / "2016-07-26.yaml",
                   "due: 2016-08-11", "due: 2016-08-19")
    _out, trace = traced(workspace, "outstanding")
    assert "1 file(s) to read (meetings/2016-07-26.yaml)" in trace
    after = outstanding_json(workspace)
    assert after[0]["due"] == "2016-08-19"
    assert after == outstanding_json(workspace, cache=False)


def test_a_file_replaced_by_another_of_the_same_size_and_times_is_read_again(workspace):
    age(workspace)
    path = workspace / "meetings" / "2016-07-26.yaml"
    before = outstanding_json(workspace)
    old = path.stat()
    replacement = path.with_name(".new.yaml")
    replacement.write_text(path.read_text(encoding="utf-8").replace(
        "due: 2016-08-11", "due: 2016-08-19", 1), encoding="utf-8")
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(replacement, path)
    after = outstanding_json(workspace)
    assert after != before and after[0]["due"] == "2016-08-19"
    assert after == outstanding_json(workspace, cache=False)


def test_an_edit_that_changes_the_size_is_read_again(workspace: Path):
    before = outstanding_json(workspace)
    path = workspace / "meetings" / "2017-08-22.yaml"
    size = path.stat().st_size
    # 2017-08-22/3 discharged on the day it was raised
    edit(path, "                due: next meeting\n      - number: 4b\n",
         "                due: next meeting\n                status: discharged\n"
         "      - number: 4b\n")
    assert path.stat().st_size != size
    _out, trace = traced(workspace, "outstanding")
    assert "1 file(s) to read (meetings/2017-08-22.yaml), 0 gone" in trace
    after = outstanding_json(workspace)
    assert [r["ref"] for r in after] == [r["ref"] for r in before if r["ref"] != "2017-08-22/3"]
    assert after == outstanding_json(workspace, cache=False)


def test_added_and_removed_files_are_noticed(workspace: Path):
    everything = outstanding_json(workspace)
    august = workspace / "meetings" / "2017-08-22.yaml"
    kept = august.read_bytes()
    august.unlink()
    _out, trace = traced(workspace, "outstanding")
    assert "0 file(s) to read (), 1 gone" in trace
    assert [r["ref"] for r in outstanding_json(workspace)] == BUNDLED_OPEN[:3]
    assert invoke(workspace, "show", "2017-08-22/1").exit_code == 1
    august.write_bytes(kept)
    assert outstanding_json(workspace) == everything
    # a new file in a folder of its own (a second series)
    (workspace / "meetings" / "other").mkdir()
    shutil.copy(august, workspace / "meetings" / "other" / "2017-08-22.yaml")
    edit(workspace / "meetings" / "other" / "2017-08-22.yaml",
         "series: monthly-assurance", "series: other")
    added = outstanding_json(workspace)
    assert len(added) == len(everything) + 3
    assert added == outstanding_json(workspace, cache=False)
    assert answers(workspace, BUNDLED) == answers(workspace, BUNDLED, cache=False)


def test_a_broken_file_is_reported_from_the_cache_as_without_it(workspace: Path):
    path = workspace / "meetings" / "2016-07-26.yaml"
    edit(path, "owner: AB\n", "owner: [AB\n")
    first = invoke(workspace, "validate")
    assert first.exit_code == 1 and "meetings/2016-07-26.yaml:" in first.stdout
    again = invoke(workspace, "validate")
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert again.stdout == invoke(workspace, "validate", cache=False).stdout
    assert answers(workspace, BUNDLED) == answers(workspace, BUNDLED, cache=False)
    edit(path, "owner: [AB\n", "owner: AB\n")
    assert invoke(workspace, "validate").exit_code == 0
    assert outstanding_json(workspace) == outstanding_json(workspace, cache=False)


ROSTER = ("people:\n  - id: HC\n    name: Jane Doe\n    roles:\n"
          "      - {role: Head of Crime, from: 2015-04-01}\n")


def test_the_roster_changed_added_and_removed_changes_who_owns_what(workspace: Path):
    age(workspace)
    edit(workspace / "meetings" / "2017-08-22.yaml", "owner: ACC\n                text: Provide",
         "owner: Head of Crime\n                text: Provide")

    def owners() -> list[str]:
        records = outstanding_json(workspace)
        assert records == outstanding_json(workspace, cache=False)
        assert answers(workspace, BUNDLED[:8]) == answers(workspace, BUNDLED[:8], cache=False)
        return sorted(r["owner"] for r in records)

    assert "Head of Crime" in owners()
    roster = workspace / "roster.yaml"
    roster.write_text(ROSTER, encoding="utf-8")  # added
    assert "Head of Crime Jane Doe" in owners()
    same_size_edit(roster, "Jane Doe", "Joan Doe")  # changed, its times given back
    assert "Head of Crime Joan Doe" in owners()
    roster.write_text(ROSTER.replace("Jane Doe", "Jane Smith"), encoding="utf-8")  # changed
    assert "Head of Crime Jane Smith" in owners()
    roster.write_text("people:\n  - id: HC\n    nam: Jane\n", encoding="utf-8")  # broken
    broken = invoke(workspace, "validate")
    assert broken.exit_code == 1 and "roster.yaml" in broken.stdout
    assert broken.stdout == invoke(workspace, "validate", cache=False).stdout
    roster.unlink()  # removed
    assert "Head of Crime" in owners()
    assert invoke(workspace, "validate").stdout == invoke(workspace, "validate",
                                                          cache=False).stdout


@pytest.mark.slow
def test_an_unchanged_roster_is_not_read_again_once_it_is_old(workspace: Path):
    (workspace / "roster.yaml").write_text(ROSTER, encoding="utf-8")
    _out, trace = traced(workspace, "outstanding")
    assert "roster changed" in trace
    assert traced(workspace, "outstanding")[1] == ""
    written = (workspace / "roster.yaml").stat().st_mtime_ns
    while time.time_ns() < written + 2_200_000_000:
        time.sleep(0.1)
    _out, trace = traced(workspace, "outstanding")
    assert trace == ""  # nothing changed: nothing read or folded again


def test_an_approved_draft_leaves_the_drafts(corpus: Path, monkeypatch):
    monkeypatch.setenv(NO_CACHE, "1")
    draft = workspace.load(corpus).latest(("draft",))
    monkeypatch.delenv(NO_CACHE)
    assert draft is not None and workspace.load(corpus).latest(("draft",)) == draft
    edit(corpus / draft.path, "status: draft\n", "status: approved\n")
    again = workspace.load(corpus)
    assert again.latest(("draft",)) != draft
    assert again.latest(("approved",)).path == draft.path
    assert_same_workspace(corpus, monkeypatch)


# ---------------------------------------------------------------- groups of series


def test_an_edit_folds_again_only_the_group_of_its_series(corpus: Path):
    _out, trace = traced(corpus, "outstanding")
    assert folded(trace) == {"monthly-assurance", "shropshire-assurance", "telford-assurance"}
    show = ("show", "telford-assurance/2016-04-18/1", "--today", CORPUS_TODAY)
    assert "(telford-assurance/2016-07-18): in-progress" in answer(corpus, show)[1]
    path = corpus / "meetings" / "telford-assurance" / "2016-07-18.yaml"
    edit(path, "        status: in-progress\n", "        status: discharged\n")
    _out, trace = traced(corpus, "outstanding")
    assert "1 file(s) to read (meetings/telford-assurance/2016-07-18.yaml)" in trace
    assert folded(trace) == {"telford-assurance"}
    assert "(telford-assurance/2016-07-18): discharged" in answer(corpus, show)[1]
    commands = corpus_commands(["telford-assurance/2016-04-18/1"])
    assert answers(corpus, commands) == answers(corpus, commands, cache=False)
    # a file removed, and one added: again only their series'
    shropshire = sorted((corpus / "meetings" / "shropshire-assurance").glob("*.yaml"))
    kept = shropshire[-1].read_bytes()
    shropshire[-1].unlink()
    assert folded(traced(corpus, "outstanding")[1]) == {"shropshire-assurance"}
    shropshire[-1].write_bytes(kept)
    assert folded(traced(corpus, "outstanding")[1]) == {"shropshire-assurance"}
    assert traced(corpus, "outstanding")[1] == ""


def review_across_series(corpus: Path) -> tuple[Path, str, str]:
    """A telford meeting reviewing an open action of the monthly assurance meeting:
    (the telford file, the text added, the ref reviewed)."""
    records = outstanding_json(corpus, "--series", "monthly-assurance", "--as-of",
                               "2016-07-01", today=CORPUS_TODAY, cache=False)
    ref = records[0]["ref"]
    path = corpus / "meetings" / "telford-assurance" / "2016-07-18.yaml"
    added = (f"      - action: {ref}\n"
             f"        update: Referred from the assurance meeting.\n"
             f"        status: in-progress\n")
    edit(path, "    outstanding:\n", "    outstanding:\n" + added)
    return path, added, ref


def test_a_reference_across_series_joins_their_groups(corpus: Path, monkeypatch):
    warm(corpus)
    path, added, ref = review_across_series(corpus)
    _out, trace = traced(corpus, "outstanding")
    assert folded(trace) == {"monthly-assurance+telford-assurance"}
    assert "Referred from the assurance meeting." in invoke(corpus, "show", ref).stdout
    commands = corpus_commands([ref])
    assert answers(corpus, commands) == answers(corpus, commands, cache=False)
    assert_same_workspace(corpus, monkeypatch)

    # an edit in either series folds the joined group again; the third is left alone
    last = {name: sorted((corpus / "meetings" / name).glob("*.yaml"))[-1]
            for name in ("monthly-assurance", "shropshire-assurance")}
    edit(last["monthly-assurance"], "status: ", "status:  ")
    assert folded(traced(corpus, "outstanding")[1]) == {"monthly-assurance+telford-assurance"}
    edit(last["shropshire-assurance"], "status: ", "status:  ")
    assert folded(traced(corpus, "outstanding")[1]) == {"shropshire-assurance"}

    # the reference taken out: two groups again
    edit(path, added, "")
    assert folded(traced(corpus, "outstanding")[1]) == {"monthly-assurance",
                                                        "telford-assurance"}
    assert answers(corpus, commands) == answers(corpus, commands, cache=False)


def test_a_scope_judges_its_series_as_the_whole_workspace_does(corpus: Path):
    review_across_series(corpus)
    ws = workspace.load(corpus)
    whole, _problems = fold(ws.meetings, ws.roster)
    every = sorted(ws.problems + checks.run(ws.meetings, ws.roster))
    for name in sorted(ws.series_names()):
        scope = ws.scope({name})
        assert [m for m in scope.meetings if m.series == name] == ws.series_meetings(name)
        assert scope.ledger().all((name,)) == whole.all((name,))
        files = {m.path for m in scope.meetings}
        assert scope.check() == [p for p in every if p.path in files]
    assert {m.series for m in ws.scope({"monthly-assurance"}).meetings} == {
        "monthly-assurance", "telford-assurance"}


def test_a_dangling_reference_is_reported_as_without_the_cache(corpus: Path):
    warm(corpus)
    path = corpus / "meetings" / "telford-assurance" / "2016-07-18.yaml"
    edit(path, "action: telford-assurance/2016-04-18/1\n",
         "action: telford-assurance/2016-04-18/19\n")
    cold = invoke(corpus, "validate", "--format", "parsable", cache=False)
    warm_run = invoke(corpus, "validate", "--format", "parsable")
    assert cold.exit_code == warm_run.exit_code == 1
    assert "[refs]" in warm_run.stdout and warm_run.stdout == cold.stdout
    commands = corpus_commands(["telford-assurance/2016-04-18/1"])
    assert answers(corpus, commands) == answers(corpus, commands, cache=False)
    edit(path, "action: telford-assurance/2016-04-18/19\n",
         "action: telford-assurance/2016-04-18/1\n")
    assert invoke(corpus, "validate").exit_code == 0
    assert answers(corpus, commands) == answers(corpus, commands, cache=False)


# ---------------------------------------------------------------- commands that write


def draft_with_open_action(root: Path) -> tuple[str, str]:
    """Start the next assurance meeting; one action it carries (ref, draft path)."""
    result = invoke(root, "new-meeting", "--series", "monthly-assurance")
    assert result.exit_code == 0, result.stderr
    path = result.stdout.split()[1].rstrip(":")
    opened = outstanding_json(root, "--series", "monthly-assurance", today="2018-03-01")
    return opened[0]["ref"], path


def test_recording_with_the_cache_writes_what_it_writes_without(corpus: Path):
    twin = corpus.parent / "twin"
    shutil.copytree(corpus, twin, ignore=shutil.ignore_patterns(FOLDER))
    ref, path = draft_with_open_action(corpus)
    assert draft_with_open_action(twin) == (ref, path)
    for args in (("update", ref, "Report circulated."), ("redate", ref, "2017-03-28"),
                 ("reassign", ref, "ALL"),
                 ("add", "--item", "4a", "--owner", "ALL", "Circulate the report."),
                 ("carry",), ("discharge", ref, "--note", "Done.")):
        cached, plain = invoke(corpus, *args), invoke(twin, *args, cache=False)
        assert (cached.exit_code, cached.stdout) == (plain.exit_code, plain.stdout) == \
            (0, cached.stdout), args
        assert (corpus / path).read_text(encoding="utf-8") == (twin / path).read_text(
            encoding="utf-8")
        # what was written is what the next command sees
        assert outstanding_json(corpus, today="2018-03-01") == outstanding_json(
            twin, today="2018-03-01", cache=False)

    # a change that would break the file is refused with the same words
    other = outstanding_json(corpus, "--series", "monthly-assurance", today="2018-03-01")[0]
    cached = invoke(corpus, "reassign", other["ref"], "Nobody")
    plain = invoke(twin, "reassign", other["ref"], "Nobody", cache=False)
    assert cached.exit_code == plain.exit_code == 1
    assert "unknown owner 'Nobody'" in cached.stderr and cached.stderr == plain.stderr

    held = workspace.load(corpus).series_meetings("monthly-assurance")[-3].id
    for args in (("notes", held), ("notes", held, "--public"), ("agenda", path), ("agenda",),
                 ("notes",)):
        cached, plain = invoke(corpus, *args), invoke(twin, *args, cache=False)
        assert (cached.exit_code, cached.stdout) == (plain.exit_code, plain.stdout), args


def test_the_log_of_one_series_lists_its_actions(corpus: Path):
    everything = invoke(corpus, "log", "--today", CORPUS_TODAY)
    assert everything.exit_code == 0
    args = ("log", "--series", "telford-assurance", "--today", CORPUS_TODAY)
    cached, plain = invoke(corpus, *args), invoke(corpus, *args, cache=False)
    assert cached.exit_code == plain.exit_code == 0, cached.stderr
    assert cached.stdout == plain.stdout
    refs = set(re.findall(r"\b([a-z-]+-assurance)/\d{4}-\d\d-\d\d/\d+", cached.stdout))
    assert refs == {"telford-assurance"}
    assert ": action log as of 1 March 2017" in cached.stdout.splitlines()[0]
    opened = [e["ref"] for e in outstanding_json(corpus, "--series", "telford-assurance",
                                                 "--as-of", CORPUS_TODAY)]
    assert opened and all(ref in cached.stdout and ref in everything.stdout for ref in opened)
    unknown = invoke(corpus, "log", "--series", "telford")
    assert unknown.exit_code == 1
    assert "no meetings of series 'telford' (series: monthly-assurance, " in unknown.stderr


# ---------------------------------------------------------------- a damaged cache


def rewrite(path: Path, data: bytes) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(data)


def sql(*statements: str):
    def damage(path: Path) -> None:
        db = sqlite3.connect(path)
        for statement in statements:
            db.execute(statement)
        db.commit()
        db.close()
    return damage


def foreign(path: Path) -> None:
    rewrite(path, b"")
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO notes (text) VALUES ('not the cache of actionlog')")
    db.commit()
    db.close()


def foreign_with_the_same_tables(path: Path) -> None:
    """Another program's database that happens to name its tables as the cache does."""
    rewrite(path, b"")
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
    db.execute("INSERT INTO meta VALUES ('version', 'someone else 2.0')")
    db.execute("CREATE TABLE entries (ref TEXT, grp TEXT)")
    db.commit()
    db.close()


def scrambled(keep: int):
    def damage(path: Path) -> None:
        raw = path.read_bytes()
        rng = random.Random(keep)
        rewrite(path, raw[:keep] + rng.randbytes(len(raw) - keep))
    return damage


def blobs(table: str, value: str, where: str = ""):
    """Every stored value (BLOB column) of `table`'s rows set to `value`."""
    def damage(path: Path) -> None:
        db = sqlite3.connect(path)
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")
                   if row[2].upper() == "BLOB"]
        assert columns, table
        db.execute(f"UPDATE {table} SET {', '.join(f'{c} = {value}' for c in columns)} "
                   f"{where}")
        db.commit()
        db.close()
    return damage


DAMAGES = {
    "empty": lambda p: rewrite(p, b""),
    "truncated": lambda p: rewrite(p, p.read_bytes()[: len(p.read_bytes()) // 2]),
    "random-bytes": scrambled(0),
    "header-kept-pages-random": scrambled(100),
    "text": lambda p: rewrite(p, b"not a database at all\n" * 200),
    "foreign-database": foreign,
    "foreign-database-with-a-meta-table": foreign_with_the_same_tables,
    "another-version": sql("UPDATE meta SET value = '0.0.1|3.8|other' WHERE key = 'version'"),
    "no-version": sql("DELETE FROM meta WHERE key = 'version'"),
    "meta-values": sql("UPDATE meta SET value = x'00' WHERE key != 'version'"),
    "roster-value": sql("INSERT OR REPLACE INTO meta VALUES ('roster', x'00')"),
    "entry-blobs": blobs("entries", "x'00'"),
    "entry-blobs-null": blobs("entries", "NULL"),
    "entry-blobs-text": blobs("entries", "'text, not bytes'"),
    "one-entry-blob-cut": blobs("entries", "substr(entry, 1, 20)",
                                "WHERE rowid = (SELECT max(rowid) FROM entries)"),
    "file-blobs": blobs("files", "x'00'"),
    "one-file-blob-cut": blobs("files", "substr(meeting, 1, 30)",
                               "WHERE rowid = (SELECT max(rowid) FROM files)"),
    "check-blobs": blobs("groups", "x'00'"),
    "table-dropped": sql("DROP TABLE IF EXISTS owners"),
    "index-dropped": sql("DROP INDEX IF EXISTS entries_open"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_cache_is_rebuilt_never_trusted(workspace: Path, damage: str):
    expected = answers(workspace, BUNDLED, cache=False)
    for args, want in zip(BUNDLED, expected):
        warm(workspace)
        DAMAGES[damage](cache_file(workspace))
        assert answer(workspace, args) == want, args
    # what was rebuilt is kept, and right
    assert answers(workspace, BUNDLED) == expected
    assert answers(workspace, BUNDLED) == expected


def test_a_damaged_cache_of_a_corpus_is_rebuilt(corpus: Path):
    every = corpus_commands(["telford-assurance/2016-07-18/5"])
    commands = [every[i] for i in (0, 1, 6, 7, 9, 10)]
    expected = answers(corpus, commands, cache=False)
    for damage in ("truncated", "header-kept-pages-random", "entry-blobs", "file-blobs",
                   "another-version"):
        for args, want in zip(commands, expected):
            warm(corpus)
            DAMAGES[damage](cache_file(corpus))
            assert answer(corpus, args) == want, (damage, args)


def damage_the_pages_of(table: str):
    """Every page of one table of the cache overwritten (as a failing disk would)."""
    def damage(path: Path) -> None:
        db = sqlite3.connect(path)
        size = db.execute("PRAGMA page_size").fetchone()[0]
        root, = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                           (table,)).fetchone()
        db.close()
        raw = bytearray(path.read_bytes())
        raw[(root - 1) * size: root * size] = b"\xa5" * size
        rewrite(path, bytes(raw))
    return damage


@pytest.mark.parametrize("table", [
    "files", "groups", "owners", "entries_open", "meta",
    "entries",
])
def test_a_damaged_page_of_the_cache_is_rebuilt(workspace: Path, table: str):
    expected = answers(workspace, BUNDLED, cache=False)
    for args, want in zip(BUNDLED, expected):
        warm(workspace)
        damage_the_pages_of(table)(cache_file(workspace))
        assert answer(workspace, args) == want, args


def flip_in_entry(which: str):
    """One bit flipped in each stored value of one ledger entry, the rest sound."""
    def damage(path: Path) -> None:
        db = sqlite3.connect(path)
        columns = [row[1] for row in db.execute("PRAGMA table_info(entries)")
                   if row[2].upper() == "BLOB"]
        for column in columns:
            blob, = db.execute(f"SELECT {column} FROM entries "
                               f"WHERE ref = '2016-07-26/1'").fetchone()
            raw = bytearray(blob)
            if which == "text":  # a letter of the action's text: 'Athena' -> 'athena'
                raw[bytes(raw).index(b"Athena")] ^= 0x20
            else:  # the type of the record: a tuple read as a number
                raw[0] ^= 0x40
            db.execute(f"UPDATE entries SET {column} = ? WHERE ref = '2016-07-26/1'",
                       (bytes(raw),))
        db.commit()
        db.close()
    return damage


@pytest.mark.parametrize("which", ["text", "type"])
def test_a_flipped_bit_in_a_stored_entry_is_not_trusted(workspace: Path, which: str):
    commands = [BUNDLED[0], ("show", "2016-07-26/1", "--today", TODAY)]
    expected = answers(workspace, commands, cache=False)
    warm(workspace)
    flip_in_entry(which)(cache_file(workspace))
    assert answers(workspace, commands) == expected


@pytest.mark.parametrize("how", ["read-only-workspace", "cache-path-is-a-file"])
def test_a_folder_that_cannot_be_written_still_gives_the_answers(workspace: Path, how: str):
    expected = answers(workspace, BUNDLED, cache=False)
    if how == "read-only-workspace":
        if os.geteuid() == 0:
            pytest.skip("root writes into a read-only folder: see cache-path-is-a-file")
        workspace.chmod(0o555)
    else:
        (workspace / FOLDER).write_text("not a folder\n")
    try:
        assert answers(workspace, BUNDLED) == expected  # no warning either: same stderr
        assert answers(workspace, BUNDLED) == expected
        _out, trace = traced(workspace, "outstanding")
        assert files_read(trace) == 4  # kept in memory for one command only
    finally:
        workspace.chmod(0o755)
    if how == "read-only-workspace":
        assert not (workspace / FOLDER).exists()
    else:
        assert (workspace / FOLDER).read_text() == "not a folder\n"


# ---------------------------------------------------------------- no pickles


class Planted:
    """What a hostile cache file could hold: a pickle that runs code when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_pickle_planted_as_the_cache_is_not_run(workspace: Path, tmp_path: Path):
    expected = answers(workspace, BUNDLED, cache=False)
    marker = tmp_path / "ran"
    warm(workspace)
    rewrite(cache_file(workspace), pickle.dumps(Planted(marker)))
    assert answers(workspace, BUNDLED) == expected
    # and one in a row of a sound database
    warm(workspace)
    db = sqlite3.connect(cache_file(workspace))
    db.execute("UPDATE entries SET entry = ?", (pickle.dumps(Planted(marker)),))
    db.execute("UPDATE files SET meeting = ?", (pickle.dumps(Planted(marker)),))
    db.commit()
    db.close()
    assert answers(workspace, BUNDLED) == expected
    assert not marker.exists()


def test_the_files_of_an_older_cache_are_neither_read_nor_kept(workspace: Path,
                                                               tmp_path: Path):
    expected = answers(workspace, BUNDLED, cache=False)
    marker = tmp_path / "ran"
    folder = workspace / FOLDER
    folder.mkdir()
    planted = ["index", "g-0123456789abcdef", ".tmp-42"]
    for name in planted:
        (folder / name).write_bytes(pickle.dumps(Planted(marker)))
    assert answers(workspace, BUNDLED) == expected
    assert not marker.exists()
    assert not any((folder / name).exists() for name in planted)


def test_the_codec_keeps_every_field_and_refuses_a_pickle(corpus: Path, tmp_path: Path):
    ws = workspace.load(corpus)
    book, _problems = fold(ws.meetings, ws.roster)
    edit(corpus / ws.meetings[3].path, "status: ", "status: [")
    problems = workspace.load(corpus).problems
    assert problems
    for record in [*ws.meetings, *book.all(), *ws.roster, *problems]:
        assert codec.loads(codec.dumps(record)) == record
    assert codec.loads(codec.dumps(ws.meetings)) == ws.meetings
    marker = tmp_path / "ran"
    with pytest.raises(codec.Damaged):
        codec.loads(pickle.dumps(Planted(marker)))
    assert not marker.exists()


# ---------------------------------------------------------------- two commands at once


def run_at_once(root: Path, commands: list[tuple[str, ...]]) -> list[tuple[int, str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in (NO_CACHE, TRACE)}
    processes = [subprocess.Popen([sys.executable, "-m", "actionlog", "--root", str(root),
                                   *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  cwd=REPO, env=env, text=True)
                 for args in commands]
    out = []
    for p in processes:
        stdout, stderr = p.communicate(timeout=120)
        out.append((p.returncode, stdout, stderr))
    return out


@pytest.mark.slow
def test_commands_run_at_once_give_the_same_answers(corpus: Path):
    outstanding = ("outstanding", "--format", "json", "--today", CORPUS_TODAY)
    validate = ("validate", "--format", "json")
    commands = [outstanding] * 4 + [validate] * 2
    for round in range(3):
        if round == 1:  # one file changed: every command notices it
            edit(corpus / "meetings" / "telford-assurance" / "2016-07-18.yaml",
                 "        status: in-progress\n", "        status: discharged\n")
        if round == 2:  # the cache gone while commands start
            shutil.rmtree(corpus / FOLDER)
        expected = {args: answer(corpus, args, cache=False) for args in set(commands)}
        found = run_at_once(corpus, commands)
        for args, got in zip(commands, found):
            assert got == expected[args], (round, args, got[2])
    assert answer(corpus, outstanding) == expected[outstanding]


# ---------------------------------------------------------------- a slow first read


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_slow_first_read_shows_a_progress_bar_on_a_terminal_only(corpus: Path,
                                                                   monkeypatch):
    clock = itertools.count(0, 2)  # every look at the clock is two seconds later
    monkeypatch.setattr(reading.time, "monotonic", lambda: next(clock))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert len(workspace.load(corpus).meetings) > 60
    assert "Reading meeting files" in terminal.getvalue()
    shutil.rmtree(corpus / FOLDER)
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    assert len(workspace.load(corpus).meetings) > 60
    assert piped.getvalue() == ""
