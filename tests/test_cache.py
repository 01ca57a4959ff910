"""The cache of parsed meetings gives the answers a cold run gives, and is rebuilt, never
trusted, when a file changes or the cache itself is damaged."""

from __future__ import annotations

import io
import json
import pickle
import re
import shutil
import sys
from pathlib import Path

import pytest

from actionlog import workspace
from actionlog.store import cache
from actionlog.core import checks
from actionlog.core import ledger
from actionlog.core import queries
from actionlog.store import schema
from benchmarks.generate import generate
from tests.conftest import REPO

TODAY = "2017-09-01"
CORPUS_TODAY = "2017-03-01"


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
    shutil.copytree(corpus_source, root, ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    return root


def uncached(root: Path) -> workspace.Workspace:
    return workspace.load_uncached(root)


def entries(book) -> dict:
    return {ref: (e.text, e.owner_label(), e.status, e.due, e.original_due, e.closed_on,
                  [(ev.meeting_id, ev.status, ev.update) for ev in e.history])
            for ref, e in book.entries.items()}


def assert_same_workspace(root: Path) -> None:
    cold, warm = uncached(root), workspace.load(root)
    assert isinstance(warm, cache.CachedWorkspace)
    assert warm.files == cold.files
    assert warm.problems == cold.problems
    assert warm.roster == cold.roster
    assert warm.meetings == cold.meetings
    assert [e.ref for e in warm.ledger().open()] == [e.ref for e in cold.ledger().open()]
    assert entries(warm.ledger()) == entries(ledger.build(cold.meetings, cold.roster)[0])
    assert sorted(warm.check()) == sorted(checks.run(cold))
    assert sorted(warm.check(strict=True)) == sorted(checks.run(cold, strict=True))


def outstanding_json(run, root: Path, *args: str, today: str = TODAY, env=None) -> list:
    result = run(root, "outstanding", "--format", "json", "--today", today, *args, env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def no_cache(run, root: Path, *args: str) -> object:
    return run(root, *args, env={cache.ENV_NO_CACHE: "1"})


def test_bundled_meetings_cold_warm_and_uncached_agree(workspace: Path, run):
    expected = outstanding_json(run, workspace, env={cache.ENV_NO_CACHE: "1"})
    assert not (workspace / cache.CACHE_DIR).exists()
    assert outstanding_json(run, workspace) == expected  # fills the cache
    assert (workspace / cache.CACHE_DIR / cache.INDEX).is_file()
    assert outstanding_json(run, workspace) == expected  # from the cache
    assert [r["ref"] for r in expected] == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3",
                                           "2017-08-22/3", "2017-08-22/1", "2017-08-22/2"]
    assert_same_workspace(workspace)


def test_generated_corpus_agrees_with_a_run_without_cache(corpus: Path, run):
    for args in [(), ("--owner", "DCC"), ("--owner", "ALL", "--overdue"), ("--sort", "owner")]:
        expected = outstanding_json(run, corpus, *args, today=CORPUS_TODAY,
                                    env={cache.ENV_NO_CACHE: "1"})
        assert expected
        assert outstanding_json(run, corpus, *args, today=CORPUS_TODAY) == expected
        assert outstanding_json(run, corpus, *args, today=CORPUS_TODAY) == expected
    assert_same_workspace(corpus)
    ref = expected[0]["ref"]
    assert run(corpus, "show", ref).stdout == no_cache(run, corpus, "show", ref).stdout
    cold = no_cache(run, corpus, "validate", "--strict", "--format", "json")
    warm = run(corpus, "validate", "--strict", "--format", "json")
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)


def test_a_series_is_one_group_in_the_cache(corpus: Path):
    ws = workspace.load(corpus)
    assert sorted(ws._store.groups) == sorted({m.series for m in uncached(corpus).meetings})
    name = "monthly-assurance"
    assert ws.series_meetings(name) == [m for m in uncached(corpus).meetings
                                        if m.series == name]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_meeting_is_read_again_and_alone(corpus: Path, run, monkeypatch):
    before = outstanding_json(run, corpus, today=CORPUS_TODAY)
    ref = before[0]["ref"]
    # discharge it at the latest meeting that reviews it
    folder = (corpus / "meetings" / ref).parent.parent
    path = max(p for p in folder.glob("*.yaml")
               if f"action: {ref}\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    at = text.index("status: ", text.index(f"action: {ref}\n"))
    path.write_text(text[:at] + "status: discharged" + text[text.index("\n", at):],
                    encoding="utf-8")

    read = []
    original = cache.load_file
    monkeypatch.setattr(cache, "load_file", lambda root, rel: read.append(rel) or
                        original(root, rel))
    after = outstanding_json(run, corpus, today=CORPUS_TODAY)
    assert read == [path.relative_to(corpus).as_posix()]
    assert ref not in [r["ref"] for r in after]
    assert len(after) == len(before) - 1
    assert after == outstanding_json(run, corpus, today=CORPUS_TODAY,
                                     env={cache.ENV_NO_CACHE: "1"})
    assert_same_workspace(corpus)


def test_validate_on_a_warm_cache_validates_no_file_again(corpus: Path, run, monkeypatch):
    first = run(corpus, "validate")
    calls = []
    original = schema.check
    monkeypatch.setattr(schema, "check", lambda *a: calls.append(a) or original(*a))
    again = run(corpus, "validate")
    assert calls == []
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout,
                                                            first.stderr)


def test_a_broken_file_is_cached_with_its_problems(workspace: Path, run, monkeypatch):
    edit(workspace / "meetings" / "2016-07-26.yaml", "owner: AB\n", "owner: [AB\n")
    first = run(workspace, "validate")
    assert first.exit_code == 1 and "meetings/2016-07-26.yaml:" in first.stdout
    calls = []
    monkeypatch.setattr(cache, "load_file", lambda *a: calls.append(a))
    again = run(workspace, "validate")
    assert calls == []
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert again.stdout == no_cache(run, workspace, "validate").stdout


def test_added_and_removed_files_are_noticed(workspace: Path, run):
    everything = outstanding_json(run, workspace)
    august = workspace / "meetings" / "2017-08-22.yaml"
    kept = august.read_bytes()
    august.unlink()
    assert [r["ref"] for r in outstanding_json(run, workspace)] == [
        "2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    august.write_bytes(kept)
    assert outstanding_json(run, workspace) == everything


def test_a_roster_change_is_noticed(workspace: Path, run):
    path = workspace / "meetings" / "2017-08-22.yaml"
    edit(path, "owner: ACC\n", "owner: Head of Crime\n")
    first = run(workspace, "outstanding", "--today", TODAY)
    assert first.exit_code == 0 and "Head of Crime" in first.stdout
    (workspace / "roster.yaml").write_text(
        "people:\n  - id: HC\n    name: Jane Doe\n    roles:\n"
        "      - {role: Head of Crime, from: 2015-04-01}\n", encoding="utf-8")
    records = outstanding_json(run, workspace)
    assert "Head of Crime Jane Doe" in [r["owner"] for r in records]
    assert records == outstanding_json(run, workspace, env={cache.ENV_NO_CACHE: "1"})


def test_references_across_series_join_their_groups(corpus: Path, run):
    # a panel meeting reviews an action of the assurance meeting
    ws = uncached(corpus)
    panel = next(m for m in ws.meetings if m.series != "monthly-assurance"
                 and not m.cancelled and m.date.year == 2016 and m.date.month == 6)
    assurance = next(m for m in ws.meetings if m.series == "monthly-assurance"
                     and m.date < panel.date and not m.cancelled
                     and any(True for _ in m.raised_actions()))
    action = next(a for a, _i, _r in assurance.raised_actions())
    edit(corpus / panel.path, "    outstanding:\n",
         f"    outstanding:\n      - action: {assurance.id}/{action.number}\n"
         f"        update: Referred from the assurance meeting.\n"
         f"        status: in-progress\n")
    assert outstanding_json(run, corpus, today=CORPUS_TODAY) == outstanding_json(
        run, corpus, today=CORPUS_TODAY, env={cache.ENV_NO_CACHE: "1"})
    groups = workspace.load(corpus)._store.groups
    assert f"{assurance.series}\n{panel.series}" in groups
    assert_same_workspace(corpus)


def test_a_dangling_reference_is_reported_as_without_the_cache(corpus: Path, run):
    ws = uncached(corpus)
    meeting = next(m for m in reversed(ws.meetings) if not m.cancelled
                   and any(True for _ in m.reviews()))
    review = next(r for r, _i in meeting.reviews() if r.ref)
    edit(corpus / meeting.path, f"action: {review.ref}\n", f"action: {review.ref}9\n")
    cold = no_cache(run, corpus, "validate", "--format", "parsable")
    warm = run(corpus, "validate", "--format", "parsable")
    assert cold.exit_code == warm.exit_code == 1
    assert "[refs]" in warm.stdout and warm.stdout == cold.stdout
    assert list(workspace.load(corpus)._store.groups) == [cache.GLOBAL]
    edit(corpus / meeting.path, f"action: {review.ref}9\n", f"action: {review.ref}\n")
    assert run(corpus, "validate").exit_code == 0
    assert cache.GLOBAL not in workspace.load(corpus)._store.groups


def index(root: Path) -> Path:
    return root / cache.CACHE_DIR / cache.INDEX


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "flipped"])
def test_a_damaged_index_is_discarded_and_rebuilt(workspace: Path, run, damage):
    expected = outstanding_json(run, workspace)
    raw = index(workspace).read_bytes()
    index(workspace).write_bytes({
        "garbage": b"\x00\xff garbage \x13" * 50,
        "truncated": raw[: len(raw) // 2],
        "empty": b"",
        "flipped": raw[:-10] + bytes([raw[-10] ^ 0x40]) + raw[-9:],
    }[damage])
    assert outstanding_json(run, workspace) == expected
    assert index(workspace).read_bytes() == raw  # rebuilt as it was
    assert run(workspace, "validate").exit_code == 0


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing"])
def test_a_damaged_group_file_is_rebuilt(workspace: Path, run, damage):
    expected = run(workspace, "show", "2016-06-28/1").stdout
    [blob] = (workspace / cache.CACHE_DIR).glob("g-*")
    raw = blob.read_bytes()
    if damage == "missing":
        blob.unlink()
    else:
        blob.write_bytes(raw[:100] if damage == "truncated" else b"garbage" * 99)
    result = run(workspace, "show", "2016-06-28/1")
    assert (result.exit_code, result.stdout) == (0, expected)
    assert blob.read_bytes() == raw
    assert run(workspace, "validate").exit_code == 0


def test_a_cache_from_another_version_is_not_used(workspace: Path, run, monkeypatch):
    expected = outstanding_json(run, workspace)
    monkeypatch.setattr(cache, "version_key", lambda: "another version")
    calls = []
    original = cache.load_file
    monkeypatch.setattr(cache, "load_file", lambda *a: calls.append(a) or original(*a))
    assert outstanding_json(run, workspace) == expected
    assert len(calls) == 4  # every file read again


def test_a_cache_that_cannot_be_written_is_no_cache(workspace: Path, run):
    (workspace / cache.CACHE_DIR).write_text("not a folder")
    expected = outstanding_json(run, workspace, env={cache.ENV_NO_CACHE: "1"})
    result = run(workspace, "outstanding", "--format", "json", "--today", TODAY)
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == expected
    assert run(workspace, "validate").exit_code == 0


def test_no_cache_variable_leaves_no_trace(workspace: Path, run):
    assert no_cache(run, workspace, "validate").exit_code == 0
    assert no_cache(run, workspace, "outstanding").exit_code == 0
    assert not (workspace / cache.CACHE_DIR).exists()


def test_worker_processes_give_the_same_meetings(corpus: Path, monkeypatch):
    monkeypatch.setattr(cache, "PARALLEL_FROM", 2)
    monkeypatch.setattr(cache, "_workers", lambda count: 2)
    broken = sorted((corpus / "meetings").rglob("*.yaml"))[5]
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: ", "status: [", 1),
                      encoding="utf-8")
    filled = []
    original = cache._fill
    monkeypatch.setattr(cache, "_fill", lambda *a: filled.append(1) or original(*a))
    assert_same_workspace(corpus)
    assert filled == [1]
    assert broken.relative_to(corpus).as_posix() in {p.path for p in workspace.load(corpus).problems}


def test_an_empty_workspace(tmp_path: Path, run):
    (tmp_path / "meetings").mkdir()
    assert run(tmp_path, "validate").exit_code == 0
    assert run(tmp_path, "outstanding").stdout == "No open actions.\n"
    assert run(tmp_path, "outstanding").stdout == "No open actions.\n"


def test_ledger_as_of_a_past_date_is_worked_out_afresh(workspace: Path, run):
    cold = no_cache(run, workspace, "outstanding", "--as-of", "2016-07-01",
                    "--format", "json")
    assert run(workspace, "outstanding", "--format", "json").exit_code == 0
    warm = run(workspace, "outstanding", "--as-of", "2016-07-01", "--format", "json")
    assert warm.stdout == cold.stdout
    assert [r["ref"] for r in json.loads(warm.stdout)] == ["2016-06-28/1"]


def test_the_codec_keeps_every_field(corpus: Path):
    ws = uncached(corpus)
    c = cache.codec()
    book, _problems = ledger.build(ws.meetings, ws.roster)
    for record in [*ws.meetings, *book.entries.values(), *ws.roster]:
        assert c.decode(c.encode(record)) == record
    assert queries.outstanding(book, ws.meetings[-1].date, queries.Filters())


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_slow_first_read_shows_a_progress_bar_on_a_terminal(corpus: Path, monkeypatch):
    clock = iter(range(0, 10_000, 2))  # every look at the clock is two seconds later
    monkeypatch.setattr(cache.time, "monotonic", lambda: next(clock))
    rels = workspace.meeting_files(corpus)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert len(cache.parse(corpus, rels)) == len(rels)
    assert "Reading meeting files" in terminal.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    cache.parse(corpus, rels)
    assert piped.getvalue() == ""


class Planted:
    """What a hostile cache file could hold: a pickle that runs a command when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_cache_file_naming_other_code_is_not_run(workspace: Path, run, tmp_path: Path):
    expected = outstanding_json(run, workspace)
    payload = cache._read(index(workspace))
    marker = tmp_path / "ran"
    planted = (payload[0], payload[1], pickle.dumps(Planted(marker)), *payload[3:])
    assert cache._write(workspace / cache.CACHE_DIR, cache.INDEX, planted)
    assert outstanding_json(run, workspace) == expected
    assert not marker.exists()


# ---------------------------------------------------------------- judging one series' meetings


def test_a_scope_judges_its_series_as_the_whole_workspace_does(corpus: Path, run):
    # join two series by a reference first, so that one scope spans two groups' worth
    test_references_across_series_join_their_groups(corpus, run)
    whole = uncached(corpus)
    book = ledger.build(whole.meetings, whole.roster)[0]
    every = sorted(checks.run(whole))
    ws = workspace.load(corpus)
    for name in sorted({m.series for m in whole.meetings}):
        scope = ws.scope({name})
        assert [m for m in scope.meetings if m.series == name] == whole.series_meetings(name)
        own = {ref for ref, e in entries(book).items() if ref.startswith(f"{name}/")}
        part = entries(ledger.build(scope.meetings, scope.roster)[0])
        assert {ref: part[ref] for ref in own} == {ref: entries(book)[ref] for ref in own}
        files = {m.path for m in scope.meetings}
        assert sorted(checks.run(scope)) == [p for p in every if p.path in files]
    joined = ws.scope({"monthly-assurance"})
    assert len({m.series for m in joined.meetings}) == 2


def draft_with_open_action(run, root: Path) -> tuple[str, str]:
    """Start the next assurance meeting; one action it carries (ref, draft path)."""
    result = run(root, "new-meeting", "--series", "monthly-assurance")
    assert result.exit_code == 0, result.stderr
    path = result.stdout.split()[1].rstrip(":")
    opened = outstanding_json(run, root, "--series", "monthly-assurance", today="2018-03-01")
    return opened[0]["ref"], path


def twins_with_a_draft(run, corpus: Path) -> tuple[Path, str, str]:
    """A copy of the corpus, and in both the next assurance meeting started; the copy
    (run without the cache) is what the cached runs must agree with. (twin, ref, path)"""
    twin = corpus.parent / "twin"
    shutil.copytree(corpus, twin, ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    ref, path = draft_with_open_action(run, corpus)
    assert draft_with_open_action(run, twin) == (ref, path)
    run(corpus, "outstanding")  # the cache is warm
    return twin, ref, path


def series_read(monkeypatch) -> set[str]:
    """From now on, the series of every meeting the cache decodes from a group's file."""
    read: set[str] = set()
    original = cache.Blob.meetings

    def meetings(blob, roster=None):
        found = original(blob, roster)
        read.update(m.series for m in found)
        return found

    monkeypatch.setattr(cache.Blob, "meetings", meetings)
    return read


def test_recording_reads_only_the_series_of_the_action(corpus: Path, run, monkeypatch):
    twin, ref, path = twins_with_a_draft(run, corpus)
    read = series_read(monkeypatch)
    for args in (("update", ref, "Report circulated."), ("redate", ref, "2017-03-28"),
                 ("reassign", ref, "ALL"), ("add", "--item", "4a", "--owner", "ALL",
                                            "Circulate the report."), ("carry",)):
        cached, plain = run(corpus, *args), no_cache(run, twin, *args)
        assert (cached.exit_code, cached.stdout) == (plain.exit_code, plain.stdout) == \
            (0, cached.stdout)
    assert (corpus / path).read_text(encoding="utf-8") == (twin / path).read_text(
        encoding="utf-8")
    # the meetings of the action's series were read, and no other series'
    assert read == {"monthly-assurance"}

    # a change that would break the file is refused with the same words
    cached = run(corpus, "reassign", ref, "Nobody")
    plain = no_cache(run, twin, "reassign", ref, "Nobody")
    assert cached.exit_code == plain.exit_code == 1
    assert "unknown owner 'Nobody'" in cached.stderr and cached.stderr == plain.stderr


def test_notes_and_agenda_of_a_meeting_read_only_its_series(corpus: Path, run, monkeypatch):
    twin, _ref, path = twins_with_a_draft(run, corpus)
    held = uncached(corpus).series_meetings("monthly-assurance")[-3].id
    read = series_read(monkeypatch)
    # the agenda of the latest draft, unnamed, is found from the cache's index
    for args in (("notes", held), ("notes", held, "--public"), ("agenda", path), ("agenda",)):
        cached, plain = run(corpus, *args), no_cache(run, twin, *args)
        assert cached.exit_code == plain.exit_code == 0, cached.stderr
        assert cached.stdout == plain.stdout
    assert read == {"monthly-assurance"}
    cached, plain = run(corpus, "notes"), no_cache(run, twin, "notes")
    assert (cached.exit_code, cached.stdout) == (plain.exit_code, plain.stdout)


def test_the_latest_meeting_comes_from_the_index_as_from_the_meetings(corpus: Path):
    ws, cold = workspace.load(corpus), uncached(corpus)
    kinds = [("draft",), ("approved",), ("draft", "approved"), ("cancelled",)]
    for series in [None, *sorted(cold.series_names())]:
        for statuses in kinds:
            assert ws.latest(statuses, series) == cold.latest(statuses, series)
    # approving the latest draft moves it out of the drafts, once the file is read again
    draft = cold.latest(("draft",))
    assert draft is not None
    edit(corpus / draft.path, "status: draft\n", "status: approved\n")
    again = workspace.load(corpus)
    assert again.latest(("draft",)) == uncached(corpus).latest(("draft",)) != draft
    assert again.latest(("approved",)).path == draft.path


def test_the_log_of_one_series_lists_its_actions_and_reads_only_them(corpus: Path, run,
                                                                      monkeypatch):
    everything = run(corpus, "log", "--today", CORPUS_TODAY)
    assert everything.exit_code == 0
    read = series_read(monkeypatch)
    args = ("log", "--series", "telford-assurance", "--today", CORPUS_TODAY)
    cached, plain = run(corpus, *args), no_cache(run, corpus, *args)
    assert cached.exit_code == plain.exit_code == 0, cached.stderr
    assert cached.stdout == plain.stdout
    assert read == {"telford-assurance"}
    refs = set(re.findall(r"\b([a-z-]+-assurance)/\d{4}-\d\d-\d\d/\d+", cached.stdout))
    assert refs == {"telford-assurance"}
    assert cached.stdout.startswith("# ") and ": action log as of 1 March 2017" in \
        cached.stdout.splitlines()[0]
    # every action of the series open on the day is in it, as in the log of everything
    opened = [e["ref"] for e in outstanding_json(run, corpus, "--series", "telford-assurance",
                                                 "--as-of", CORPUS_TODAY)]
    assert opened and all(ref in cached.stdout and ref in everything.stdout for ref in opened)

    unknown = run(corpus, "log", "--series", "telford")
    assert unknown.exit_code == 1
    assert "no meetings of series 'telford' (series: monthly-assurance, " in unknown.stderr
