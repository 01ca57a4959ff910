#!/usr/bin/env python3
"""Time whole actionlog commands as a user runs them, beside the floors they are held to.

Each command runs as a fresh process of the `actionlog` entry point (a wrapper like the
one pip installs, over a snapshot of this checkout's package, so that colleagues editing
the code cannot invalidate the cache halfway through), output piped. Several runs; the
median wall time and the peak memory (ru_maxrss of the process, from wait4) are kept.
Runs that are compared with each other are interleaved, so that other load on the
machine falls on both alike. Writes benchmarks/RESULTS.md.

Beside `outstanding --owner DCC` it times Taskwarrior's `task +DCC status:pending list` on
the same actions (benchmarks/taskwarrior.py; `task` is installed with apt-get where it can
be, else the comparison is skipped and RESULTS.md says why), and it times the heavy
corpus (`generate.py --shape heavy`: 20,000 meetings) unless --no-heavy.

Usage: python benchmarks/run.py [--runs 5] [--series 50 --years 10] [--quick]
           [--no-heavy | --heavy-series 40 --heavy-months 500] [--no-taskwarrior]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks import taskwarrior as tw  # noqa: E402
from benchmarks.generate import SHAPES, default_out, generate  # noqa: E402

TODAY = "2025-01-15"  # every date-dependent output is pinned
BUNDLED_TODAY = "2017-09-01"
OWNER = "DCC"  # the owner asked about, of actionlog and of Taskwarrior

ENTRY_POINT = """\
import re
import sys
from actionlog.cli import main
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(main())
"""


@dataclass
class Row:
    name: str
    cmd: list[str]
    cwd: Path
    prepare: object = None  # called before each run
    env: dict | None = None  # instead of the run's environment
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # KiB
    codes: set = field(default_factory=set)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak_mib(self) -> float:
        return max(self.peaks) / 1024


TIME = "/usr/bin/time"  # GNU time: its own small process forks the command


def run_once(row: Row, env: dict) -> None:
    """Wall time from here; peak memory from GNU time, whose child starts small (a child
    forked from this process would count this process's memory until it execs)."""
    if row.prepare:
        row.prepare()
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        cmd = [TIME, "-f", "%M", "-o", rss.name, *row.cmd] if os.path.exists(TIME) \
            else row.cmd
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=row.cwd, env=row.env or env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        proc.stderr.close()
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{row.name}: exit {proc.returncode}\n{err}")
        found = rss.read().strip().splitlines()
    peak = int(found[-1]) if found and found[-1].isdigit() else usage.ru_maxrss
    row.times.append(elapsed)
    row.peaks.append(peak)
    row.codes.add(proc.returncode)


def measure(rows: list[Row], runs: int, env: dict) -> None:
    """Interleaved: run 1 of each row, then run 2 of each, ..."""
    for _ in range(runs):
        for row in rows:
            run_once(row, env)
    for row in rows:
        print(f"  {row.median:8.3f} s  {row.peak_mib:6.1f} MiB  {row.name}", flush=True)


def parse_only(folder: str) -> None:
    """The floor: read and parse every file with ruamel's C safe loader; nothing else."""
    from ruamel.yaml.cyaml import CSafeLoader

    count = 0
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".yaml"):
                with open(os.path.join(here, name), encoding="utf-8") as handle:
                    loader = CSafeLoader(handle.read())
                try:
                    loader.get_single_data()
                finally:
                    loader.dispose()
                count += 1
    print(count)


def formats(root: Path) -> list[str]:
    """What a command that walks every meeting pays to read the cache: every stored meeting
    and every stored ledger entry decoded from the SQLite file (CRC checked, marshal'ed
    tagged tuples rebuilt as records), with the collector off as the cache reads and on."""
    import gc
    import sqlite3

    sys.path.insert(0, str(REPO))
    from actionlog.store import codec

    with sqlite3.connect(root / ".actionlog-cache" / "cache.sqlite") as db:
        meetings = [row[0] for row in db.execute("SELECT meeting FROM files")
                    if row[0] is not None]
        entries = [row[0] for row in db.execute("SELECT entry FROM entries")]
    rows = []

    def clock(name: str, blobs: list[bytes]) -> None:
        times = []
        for collect in (False, True):
            gc.collect()
            if not collect:
                gc.disable()
            start = time.perf_counter()
            for blob in blobs:
                codec.loads(blob)
            times.append(time.perf_counter() - start)
            gc.enable()
        size = sum(len(b) for b in blobs)
        rows.append(f"| {name} | {len(blobs):,} | {size / 1e6:.1f} MB | {fmt_s(times[0])} | "
                    f"{fmt_s(times[1])} |")

    clock("meetings (what a command that walks every meeting decodes)", meetings)
    clock("ledger entries with their histories (`log`; `outstanding` reads brief rows)",
          entries)
    return ["Decoding everything the cache holds (CRC checked, tagged tuples rebuilt as "
            "records):", "",
            "| what | rows | size | collector off (as the cache reads) | collector on |",
            "| --- | --- | --- | --- | --- |", *rows]


def snapshot() -> Path:
    """The package as it is now, compiled, with an entry point like pip's."""
    folder = Path(tempfile.mkdtemp(prefix="actionlog-bench-"))
    shutil.copytree(REPO / "actionlog", folder / "actionlog",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "actionlog-entry").write_text(ENTRY_POINT)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "actionlog")],
                   check=True)
    return folder


def corpus(series: int, years: int | None, shape: str = "normal",
           months: int | None = None) -> tuple[Path, dict]:
    """The corpus, generated unless an earlier run left it; its counts, and the seconds its
    generation took (when it was made)."""
    months = months if months is not None else 12 * years
    out = default_out(shape, series, months)
    stamp = out / ".generated"
    if stamp.is_file():
        counts = json.loads(stamp.read_text())
    else:
        print(f"generating {out} ...", flush=True)
        started = time.perf_counter()
        counts = generate(out, series, None, shape=shape, months=months)
        counts["seconds"] = round(time.perf_counter() - started, 1)
        print(f"  {counts['files']} files, {counts['bytes'] / 1e6:.1f} MB in "
              f"{counts['seconds']} s", flush=True)
        stamp.write_text(json.dumps(counts))
    return out, counts


def cache_mb(root: Path) -> float:
    folder = root / ".actionlog-cache"
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6 \
        if folder.is_dir() else 0.0


def taskwarrior(big: Path, al, env: dict, folder: Path) -> dict:
    """Taskwarrior found (or installed) and loaded with the corpus's actions; what the
    report says of it, and the stores to time ("whole": every action; "open": the open
    ones only). The open actions and their resolved owners come from actionlog."""
    task, note = tw.find_or_install()
    if task is None:
        return {"status": "skipped", "note": note}
    info = {"status": "measured", "task": task, "note": note, "version": tw.version(task)}
    listed = subprocess.run(al("outstanding", "--format", "json", "--today", TODAY), cwd=big,
                            env=env, capture_output=True, text=True)
    if listed.returncode not in (0, 1):
        raise RuntimeError(f"actionlog outstanding --format json: exit {listed.returncode}: "
                           f"{listed.stderr.strip()[-300:]}")
    records = json.loads(listed.stdout or "[]")
    started = time.perf_counter()
    try:
        raised = tw.read_actions(big / "meetings")
        info["closed_note"] = ""
    except Exception as exc:  # noqa: BLE001 - the open ones are enough for the counts
        raised = None
        info["closed_note"] = f"the closed actions could not be read ({exc}); only the open " \
                              f"ones were imported"
    info["read_s"] = time.perf_counter() - started
    tasks, info["counts"] = tw.tasks(records, raised)
    stores = {"whole": tw.Store(task, folder / "whole", env)}
    info["import_s"] = stores["whole"].load(tasks)
    info["tasks"] = len(tasks)
    if raised is not None:
        stores["open"] = tw.Store(task, folder / "open", env)
        info["import_open_s"] = stores["open"].load([t for t in tasks
                                                     if t["status"] == "pending"])
    mine = subprocess.run(al("outstanding", "--owner", OWNER, "--format", "json", "--today",
                             TODAY), cwd=big, env=env, capture_output=True, text=True)
    info["actionlog_count"] = len(json.loads(mine.stdout or "[]"))
    info["task_counts"] = {name: store.count(OWNER) for name, store in stores.items()}
    for store in stores.values():  # a first run may tidy Taskwarrior's files: not timed
        subprocess.run(store.list_cmd(OWNER), env=store.env, capture_output=True)
    info["stores"] = stores
    info["same"] = all(n == info["actionlog_count"] for n in info["task_counts"].values())
    if not info["same"]:
        print(f"  THE COUNTS DIFFER: actionlog lists {info['actionlog_count']} open actions "
              f"for {OWNER}, Taskwarrior {info['task_counts']}", file=sys.stderr, flush=True)
    return info


def fmt_s(x: float) -> str:
    return f"{x:.3f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--series", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="3 runs, 2 cold runs")
    parser.add_argument("--heavy", action=argparse.BooleanOptionalAction, default=True,
                        help="time the heavy corpus too (default: yes)")
    parser.add_argument("--heavy-series", type=int, default=SHAPES["heavy"][0])
    parser.add_argument("--heavy-months", type=int, default=SHAPES["heavy"][1],
                        help="meetings a series in the heavy corpus")
    parser.add_argument("--no-taskwarrior", action="store_true",
                        help="skip the comparison with Taskwarrior")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    parser.add_argument("--parse-only", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.parse_only:
        parse_only(args.parse_only)
        return 0
    runs = 3 if args.quick else args.runs
    cold_runs = 2 if args.quick else 3
    small_runs = max(runs, 15)

    big, big_counts = corpus(args.series, args.years)
    one, one_counts = corpus(1, args.years)
    heavy, heavy_counts = corpus(args.heavy_series, None, "heavy", args.heavy_months) \
        if args.heavy else (None, None)
    package = snapshot()
    py = sys.executable
    tool = [py, str(package / "actionlog-entry")]
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "ACTIONLOG_NO_CACHE", "ACTIONLOG_ROOT",
                        "ACTIONLOG_TODAY", "PYTHONPATH")}
    env["PYTHONPATH"] = str(package)
    load_before = os.getloadavg()
    started = datetime.now(timezone.utc)

    def al(*a: str) -> list[str]:
        return [*tool, *a]

    available = subprocess.run(al("new-meeting", "--help"), env=env, capture_output=True,
                               cwd=big).returncode == 0
    # warm the caches: the first `validate` also works out and keeps the cross-file checks
    for root in (big, one, REPO):
        for warm_up in (al("validate"), al("outstanding")):
            subprocess.run(warm_up, cwd=root, env=env, capture_output=True)

    rows: dict[str, Row] = {}

    def row(key: str, name: str, cmd: list[str], cwd: Path, prepare=None,
            row_env: dict | None = None) -> Row:
        rows[key] = Row(name, cmd, cwd, prepare, row_env)
        return rows[key]

    task_dir = Path(tempfile.mkdtemp(prefix="actionlog-bench-task-"))
    if args.no_taskwarrior:
        tw_info = {"status": "skipped", "note": "skipped with --no-taskwarrior"}
    else:
        print(f"Taskwarrior: the {big_counts['actions']} actions of the corpus", flush=True)
        try:
            tw_info = taskwarrior(big, al, env, task_dir)
        except Exception as exc:  # noqa: BLE001 - the comparison must not lose the rest
            tw_info = {"status": "skipped", "note": f"the comparison failed: {exc}"}
        if tw_info["status"] == "measured":
            print(f"  {tw_info['version']}: {tw_info['tasks']} tasks imported in "
                  f"{tw_info['import_s']:.1f} s; open actions for {OWNER}: actionlog "
                  f"{tw_info['actionlog_count']}, task {tw_info['task_counts']}", flush=True)
        else:
            print(f"  not compared: {tw_info['note']}", flush=True)

    print(f"bundled meetings ({small_runs} runs)", flush=True)
    measure([row("click", 'python -c "import click"', [py, "-c", "import click"], REPO),
             row("bundled", "bundled meetings: outstanding",
                 al("outstanding", "--today", BUNDLED_TODAY), REPO),
             row("help", "actionlog --help", al("--help"), REPO)], small_runs, env)

    print(f"{big_counts['files']} meetings, cache warm ({runs} runs)", flush=True)
    warm = [row("owner", "outstanding --owner DCC", al("outstanding", "--owner", OWNER,
                                                         "--today", TODAY), big)]
    if tw_info["status"] == "measured":  # interleaved with the row it is compared with
        stores = tw_info["stores"]
        warm.append(row("task", f"Taskwarrior: task +{OWNER} status:pending list "
                                f"({tw_info['tasks']} tasks)",
                        stores["whole"].list_cmd(OWNER), task_dir, None,
                        stores["whole"].env))
        if "open" in stores:
            warm.append(row("task-open", f"Taskwarrior: task +{OWNER} status:pending list "
                                         f"(only the {tw_info['counts']['pending']} open "
                                         f"actions imported)",
                            stores["open"].list_cmd(OWNER), task_dir, None,
                            stores["open"].env))
    warm.append(row("validate", "validate", al("validate"), big))
    if available:
        warm.append(row("new", "new-meeting --dry-run --series monthly-assurance",
                        al("new-meeting", "--dry-run", "--series", "monthly-assurance",
                           "--today", TODAY), big))
    warm.append(row("outstanding", "outstanding", al("outstanding", "--today", TODAY), big))
    # the other commands that read the whole record (each at most 0.5 s warm)
    warm.append(row("log", "log", al("log", "--today", TODAY), big))
    warm.append(row("remind", "remind (a preview of every message)",
                    al("remind", "--today", TODAY), big))
    warm.append(row("calendar", "calendar (the last year's meetings, every due date)",
                    al("calendar", "--today", TODAY), big))
    measure(warm, runs, env)

    # the officer drafting the latest meeting of the assurance series
    edited = sorted((big / "meetings" / "monthly-assurance").glob("*.yaml"))[-1]
    original = edited.read_bytes()
    count = [0]

    def edit() -> None:
        # a change to the data, not a comment: the file is parsed and validated again
        count[0] += 1
        text = original.decode("utf-8")
        assert "\nvenue: " in text
        edited.write_bytes(text.replace("\nvenue: ", f"\nvenue: Room {count[0]}, ", 1)
                           .encode("utf-8"))

    print(f"{big_counts['files']} meetings, one file edited before each run ({runs} runs)",
          flush=True)
    try:
        measure([row("edit", f"edit one file, then outstanding (the latest meeting of "
                              f"a series)",
                      al("outstanding", "--today", TODAY), big, edit)], runs, env)
    finally:
        edited.write_bytes(original)
    subprocess.run(al("outstanding"), cwd=big, env=env, capture_output=True)

    # the public website (issue 18): every page of the corpus from an empty folder, then a
    # rebuild after the same file as above was edited (only its group is made again)
    site_out = Path(tempfile.mkdtemp(prefix="actionlog-bench-site-")) / "site"
    build_site = al("site", str(site_out), "--today", TODAY)
    print(f"{big_counts['files']} meetings: the website, built whole (1 run), then again "
          f"after one file was edited ({runs} runs)", flush=True)
    try:
        measure([row("site-full", "site: every page, from an empty folder", build_site, big,
                     lambda: shutil.rmtree(site_out, ignore_errors=True))], 1, env)
        measure([row("site-edit", "site: rebuilt after one meeting file was edited",
                     build_site, big, edit)], runs, env)
        rows["site-full"].note = f"{sum(1 for p in site_out.rglob('*') if p.is_file())} files"
    finally:
        edited.write_bytes(original)
        shutil.rmtree(site_out.parent, ignore_errors=True)
    subprocess.run(al("outstanding"), cwd=big, env=env, capture_output=True)

    # the officer recording what was reported on an action into the next draft (no target:
    # it checks the edit against the action's series, not all 6,000 meetings)
    if available:
        started_draft = subprocess.run(
            al("new-meeting", "--series", "monthly-assurance", "--today", TODAY), cwd=big,
            env=env, capture_output=True, text=True)
        draft = big / started_draft.stdout.split()[1].rstrip(":")
        try:
            listed = subprocess.run(al("outstanding", "--series", "monthly-assurance",
                                       "--format", "json", "--today", TODAY), cwd=big,
                                    env=env, capture_output=True, text=True, check=True)
            ref = json.loads(listed.stdout)[0]["ref"]
            update = al("update", "--replace", ref, "")
            said = [0]

            def new_text() -> None:
                said[0] += 1
                update[-1] = f"Progress reported ({said[0]})."

            print(f"{big_counts['files']} meetings, an update recorded in the next draft "
                  f"({runs} runs)", flush=True)
            measure([row("update", "update REF TEXT (into the next draft of its series)",
                         update, big, new_text)], runs, env)
            if rows["update"].codes != {0}:
                raise SystemExit(f"update {ref}: the update was refused")
        finally:
            draft.unlink(missing_ok=True)
        subprocess.run(al("outstanding"), cwd=big, env=env, capture_output=True)

    print(f"{one_counts['files']} meetings of one series ({runs} runs)", flush=True)
    measure([row("one", "one series, 10 years: outstanding --owner DCC",
                 al("outstanding", "--owner", "DCC", "--today", TODAY), one),
             row("one-validate", "one series, 10 years: validate", al("validate"), one)],
            runs, env)

    def drop(root: Path):
        return lambda: shutil.rmtree(root / ".actionlog-cache", ignore_errors=True)

    print(f"cache cold ({cold_runs} runs, interleaved with the floor)", flush=True)
    measure([row("floor", f"floor: parse every file with ruamel's C safe loader "
                          f"({big_counts['files']} files)",
                 [py, __file__, "--parse-only", str(big / "meetings")], big),
             row("cold", "cache cold: outstanding", al("outstanding", "--today", TODAY), big,
                 drop(big))], cold_runs, env)
    measure([row("one-cold", "one series, 10 years, cache cold: outstanding",
                 al("outstanding", "--today", TODAY), one, drop(one))], runs, env)
    for root in (big, one):
        subprocess.run(al("validate"), cwd=root, env=env, capture_output=True)

    heavy_info = None
    if heavy is not None:
        print(f"heavy corpus, {heavy_counts['files']} meetings: the first validate (it builds "
              f"the cache when there is none)", flush=True)
        started_first = time.perf_counter()
        subprocess.run(al("validate"), cwd=heavy, env=env, capture_output=True)
        first = time.perf_counter() - started_first
        subprocess.run(al("outstanding"), cwd=heavy, env=env, capture_output=True)
        print(f"  {first:.1f} s; cache warm ({runs} runs)", flush=True)
        measure([row("heavy-owner", "heavy corpus: outstanding --owner DCC",
                     al("outstanding", "--owner", OWNER, "--today", TODAY), heavy),
                 row("heavy-outstanding", "heavy corpus: outstanding",
                     al("outstanding", "--today", TODAY), heavy),
                 row("heavy-validate", "heavy corpus: validate", al("validate"), heavy)],
                runs, env)
        heavy_info = {"counts": heavy_counts, "first_s": first, "cache_mb": cache_mb(heavy),
                      "series": args.heavy_series, "months": args.heavy_months}
    shutil.rmtree(task_dir, ignore_errors=True)
    load_after = os.getloadavg()
    shutil.rmtree(package, ignore_errors=True)
    try:
        cache_formats = formats(big)
    except Exception as exc:  # noqa: BLE001 - a side measurement must not lose the others
        cache_formats = [f"(not measured: {exc})"]

    text = report(rows, available, big_counts, one_counts, load_before, load_after, started,
                  runs, cold_runs, small_runs, big, tw_info, heavy_info) + \
        "\n## The cache's format\n\n" + \
        "\n".join(cache_formats) + "\n"
    print()
    print(text)
    if not args.no_write:
        (HERE / "RESULTS.md").write_text(text + kept_sections(HERE / "RESULTS.md"),
                                         encoding="utf-8")
        print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


def report(rows, available, big_counts, one_counts, load_before, load_after, started, runs,
           cold_runs, small_runs, big, tw_info, heavy_info) -> str:
    r = rows
    click = r["click"].median
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    def limit(key: str, seconds: float) -> tuple[str, str, str]:
        value = r[key].median
        return fmt_s(value), f"{value / seconds:.2f} of the limit", verdict(value <= seconds)

    owner = r["owner"].median
    if tw_info["status"] == "measured":
        task = r["task"].median
        differ = "" if tw_info["same"] else \
            f"; THE COUNTS DIFFER: actionlog {tw_info['actionlog_count']}, task " \
            f"{tw_info['task_counts']['whole']}"
        against_task = (f"{fmt_s(owner)} vs {fmt_s(task)}",
                        f"{owner / task:.2f} of Taskwarrior's time{differ}",
                        verdict(owner <= task / 2) + (" (counts differ)" if differ else ""))
    else:
        against_task = ("not measured", tw_info["note"], "not measured")
    checks = [
        ("`outstanding --owner DCC`, warm: at most 0.3 s", fmt_s(owner),
         f"{owner / 0.3:.2f} of the limit", verdict(owner <= 0.3)),
        ("same: at most half of Taskwarrior's `task +DCC status:pending list` on the same "
         "actions", *against_task),
        ("same, peak memory at most 150 MiB", f"{r['owner'].peak_mib:.0f} MiB",
         f"{r['owner'].peak_mib / 150:.2f} of the limit", verdict(r["owner"].peak_mib <= 150)),
        ("`validate`, warm: at most 1.5 s", *limit("validate", 1.5)),
        ("`new-meeting --dry-run`, warm: at most 1 s",
         *(limit("new", 1.0) if available else ("not available", "", ""))),
    ]
    for key, name in (("outstanding", "`outstanding`"), ("log", "`log`"),
                      ("remind", "`remind`"), ("calendar", "`calendar`")):
        if key in r:
            checks.append((f"{name}, warm: at most 0.5 s (every other command)",
                           *limit(key, 0.5)))
    extra = r["edit"].median - r["outstanding"].median
    checks.append(("edit one file, then `outstanding`: at most warm + 0.25 s",
                   fmt_s(r["edit"].median), f"warm + {extra:.3f} s",
                   verdict(extra <= 0.25)))
    if "site-full" in r:
        checks.append((f"`site`, a full build ({r['site-full'].note}): at most 60 s",
                       *limit("site-full", 60.0)))
        checks.append(("`site`, rebuilt after one file was edited: at most 2 s",
                       *limit("site-edit", 2.0)))
    worst = max(rows.values(), key=lambda row: row.peak_mib if row.name.startswith(
        ("outstanding", "validate", "new-meeting", "log", "remind", "calendar", "edit",
         "update")) else 0)
    checks.append(("peak memory of any warm command at most 150 MiB",
                   f"{worst.peak_mib:.0f} MiB ({worst.name})",
                   f"{worst.peak_mib / 150:.2f} of the limit", verdict(worst.peak_mib <= 150)))
    floor = r["floor"].median
    checks.append(("(issue 6, for comparison) cold `outstanding`: at most 1.2 x the "
                   "parse-only floor",
                   fmt_s(r["cold"].median), f"{r['cold'].median / floor:.2f} x the floor "
                                            f"({fmt_s(floor)})",
                   verdict(r["cold"].median <= 1.2 * floor)))
    checks.append(("(issue 6) bundled `outstanding`: at most 2 x `import click`",
                   fmt_s(r["bundled"].median), f"{r['bundled'].median / click:.2f} x "
                                              f"({fmt_s(click)})",
                   verdict(r["bundled"].median <= 2 * click)))
    checks.append(("(issue 6) `--help`: at most 1.3 x `import click`", fmt_s(r["help"].median),
                   f"{r['help'].median / click:.2f} x",
                   verdict(r["help"].median <= 1.3 * click)))
    if heavy_info is not None:
        h = r["heavy-owner"]
        checks.append(("heavy corpus: `outstanding --owner DCC`, warm: at most 0.3 s",
                       fmt_s(h.median), f"{h.median / 0.3:.2f} of the limit",
                       verdict(h.median <= 0.3)))
        checks.append(("heavy corpus: same, peak memory at most 150 MiB",
                       f"{h.peak_mib:.0f} MiB", f"{h.peak_mib / 150:.2f} of the limit",
                       verdict(h.peak_mib <= 150)))
    else:
        checks.append(("heavy corpus: `outstanding --owner DCC`, warm: at most 0.3 s and "
                       "150 MiB", "not measured", "skipped with --no-heavy", "not measured"))

    cache_bytes = sum(p.stat().st_size for p in (big / ".actionlog-cache").iterdir()
                      if p.is_file())
    lines += [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (see benchmarks/README.md); do not edit by "
        "hand.",
        "",
        f"- run: {started:%Y-%m-%d %H:%M} UTC on {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (other work on the "
        f"machine slows every row alike; rows compared with each other ran interleaved)",
        f"- corpus: {big_counts['files']} meeting files, {big_counts['actions']} actions, "
        f"{big_counts['bytes'] / 1e6:.1f} MB ({big_counts['mean_kb']} KB a file); one "
        f"series: {one_counts['files']} files, {one_counts['actions']} actions; cache "
        f"{cache_bytes / 1e6:.1f} MB",
        f"- each command a fresh process of the entry point, output piped; median of "
        f"{runs} runs ({small_runs} on the bundled meetings, {cold_runs} cold); peak "
        f"memory is the maximum resident set (GNU time; with worker processes, the "
        f"largest of them)",
        "",
        "## Targets (issue 12)",
        "",
        "| target | measured | ratio | |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in checks]
    lines += ["", "## Taskwarrior", ""] + taskwarrior_lines(r, tw_info, big_counts)
    lines += ["", "## The heavy corpus", ""] + heavy_lines(r, heavy_info)
    lines += ["", "## Every measurement", "", "| command | median | peak memory | runs |",
              "| --- | --- | --- | --- |"]
    for row in rows.values():
        lines.append(f"| {row.name} | {fmt_s(row.median)} | {row.peak_mib:.0f} MiB | "
                     f"{', '.join(f'{t:.3f}' for t in row.times)} |")
    if not available:
        lines.append("| new-meeting --dry-run | not available | | |")
    return "\n".join(lines) + "\n"


def taskwarrior_lines(r, info, big_counts) -> list[str]:
    if info["status"] != "measured":
        return [f"**Not compared: {info['note']}.**"]
    c = info["counts"]
    closed = c["completed"] + c["deleted"]
    lines = [
        f"Taskwarrior {info['version']} (`{info['task']}`"
        f"{'; ' + info['note'] if info['note'] else ''}), "
        f"with its own TASKRC and TASKDATA in a temporary folder (confirmation, hooks, colour "
        f"and terminal detection off, `defaultwidth=160`). `task import` of one JSON array "
        f"({info['import_s']:.1f} s) loaded {info['tasks']} tasks: the {c['pending']} open "
        f"actions as pending, from `actionlog outstanding --format json` (owners as "
        f"actionlog resolves them), and "
        + (f"the {closed} closed ones ({c['completed']} discharged as completed, "
           f"{c['deleted']} withdrawn as deleted), read from the meeting files "
           f"({info['read_s']:.1f} s; owners as written)" if not info["closed_note"]
           else info["closed_note"])
        + f", of the corpus's {big_counts['actions']} actions. Each owner's written text, "
          f"id, name and role become tags (`+DCC`); actions owned by ALL carry every "
          f"owner's tag, as `--owner X` lists them for everyone.",
    ]
    if c["open_not_in_files"] or c["closed_still_open"]:
        lines += ["", f"Note: {c['open_not_in_files']} open actions were not found in the "
                      f"meeting files, and {c['closed_still_open']} actions open by their "
                      f"reviews were not listed by `outstanding` (left out)."]
    lines += ["", f"| command | median | peak memory | open actions for {OWNER} |",
              "| --- | --- | --- | --- |",
              f"| `actionlog outstanding --owner {OWNER}` | {fmt_s(r['owner'].median)} | "
              f"{r['owner'].peak_mib:.0f} MiB | {info['actionlog_count']} |",
              f"| `task +{OWNER} status:pending list`, all {info['tasks']} tasks | "
              f"{fmt_s(r['task'].median)} | {r['task'].peak_mib:.0f} MiB | "
              f"{info['task_counts']['whole']} (`task +{OWNER} status:pending count`) |"]
    if "task-open" in r:
        lines.append(f"| the same, only the {c['pending']} open actions imported | "
                     f"{fmt_s(r['task-open'].median)} | {r['task-open'].peak_mib:.0f} MiB | "
                     f"{info['task_counts']['open']} |")
    lines.append("")
    if info["same"]:
        lines.append(f"Both list {info['actionlog_count']} open actions for {OWNER}. "
                     f"actionlog takes {r['owner'].median / r['task'].median:.2f} of "
                     f"Taskwarrior's time on the same actions.")
    else:
        said = ", ".join(f"{n} ({'all tasks' if k == 'whole' else 'open ones only'})"
                         for k, n in info["task_counts"].items())
        lines.append(f"**THE COUNTS DIFFER: actionlog lists {info['actionlog_count']} open "
                     f"actions for {OWNER}, Taskwarrior {said}. The times are not of the "
                     f"same answer.**")
    return lines


def heavy_lines(r, info) -> list[str]:
    if info is None:
        return ["Not measured (--no-heavy)."]
    c = info["counts"]
    made = f", generated in {c['seconds']} s" if "seconds" in c else ""
    lines = [
        f"`python benchmarks/generate.py --shape heavy --series {info['series']} --months "
        f"{info['months']}`: {c['files']} meeting files, {c['actions']} actions, "
        f"{c['bytes'] / 1e6:.1f} MB ({c['mean_kb']} KB a file){made}: long text in folded "
        f"and literal blocks, actions open for years and reviewed at every later meeting of "
        f"their series (one of them {c.get('most_reviews', '?')} times), owners written "
        f"every way. Cache {info['cache_mb']:.1f} MB; the "
        f"first `validate` of this run took {info['first_s']:.1f} s (it builds the cache "
        f"when there is none).",
        "", "| command, cache warm | median | peak memory | target | |",
        "| --- | --- | --- | --- | --- |"]
    h = r["heavy-owner"]
    ok = h.median <= 0.3 and h.peak_mib <= 150
    lines.append(f"| `outstanding --owner {OWNER}` | {fmt_s(h.median)} | {h.peak_mib:.0f} MiB "
                 f"| at most 0.3 s and 150 MiB | {'met' if ok else 'MISSED'} |")
    for key, name in (("heavy-outstanding", "outstanding"), ("heavy-validate", "validate")):
        lines.append(f"| `{name}` | {fmt_s(r[key].median)} | {r[key].peak_mib:.0f} MiB | | |")
    return lines


# sections of RESULTS.md that other scripts measure (benchmarks/bigfile.py): kept as written
KEPT = ("## One accepted meeting file of 5 MB",)


def kept_sections(path: Path) -> str:
    """The part of the RESULTS.md at `path` from the first of KEPT on ("" if none)."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    found = [old.find("\n" + heading) for heading in KEPT if "\n" + heading in old]
    return old[min(found):] if found else ""


if __name__ == "__main__":
    sys.exit(main())
