"""The same actions in Taskwarrior, to time `task +DCC status:pending list` beside
`actionlog outstanding --owner DCC` (see run.py and README.md).

The open actions come from actionlog itself (`outstanding --format json`), with their
owners resolved as actionlog resolves them; the closed ones from the meeting files, read
with ruamel's C safe loader as the parse-only floor reads them (the CLI lists only open
actions), their owners as written. Nothing here imports actionlog.

Owners become tags. actionlog's `--owner X` matches an owner whose written text, id, name
or role equals X (case-insensitively), and an action owned by ALL matches everyone; so a
task is tagged with each of those values that can be a Taskwarrior tag (upper-cased, runs
of anything but letters, digits and `_` made `_`; not starting with a digit; not one of
Taskwarrior's virtual tags), and an action owned by ALL with `ALL` and every tag any owner
has, so that `task +DCC` finds it as `--owner DCC` does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

# Taskwarrior 2.6's virtual tags: `+DUE` means "due soon", whatever the task's own tags
VIRTUAL_TAGS = frozenset(
    "ACTIVE ANNOTATED BLOCKED BLOCKING CHILD COMPLETED DELETED DUE DUETODAY INSTANCE LATEST "
    "MONTH ORPHAN OVERDUE PARENT PENDING PRIORITY PROJECT QUARTER READY SCHEDULED TAGGED "
    "TEMPLATE TODAY TOMORROW UDA UNBLOCKED UNTIL WAITING WEEK YEAR YESTERDAY".split())
ALL = "ALL"
CLOSED = {"discharged": "completed", "withdrawn": "deleted"}

RC = """\
# written by benchmarks/run.py: a private Taskwarrior for the benchmark
data.location={data}
confirmation=off
verbose=nothing
hooks=off
color=off
_forcecolor=off
detection=off
defaultwidth=160
uda.ref.type=string
uda.ref.label=Ref
"""


def tag(value: str | None) -> str | None:
    """`value` as a Taskwarrior tag, or None when it cannot be one."""
    if not value:
        return None
    text = re.sub(r"[^0-9A-Za-z_]+", "_", value.strip()).strip("_").upper()
    if not text or not text[0].isalpha() or text in VIRTUAL_TAGS:
        return None
    return text


# ---------------------------------------------------------------- finding task


def find_or_install() -> tuple[str | None, str]:
    """The `task` program, installed with apt-get when it is missing and that can be done;
    else None and why not."""
    found = shutil.which("task")
    if found:
        return found, ""
    if not shutil.which("apt-get"):
        return None, "`task` is not installed, and there is no apt-get to install it with"
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo"):
        prefix = ["sudo", "-n"]
    else:
        return None, "`task` is not installed; installing it needs root, and there is no sudo"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    said = []
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "taskwarrior"]):
        print(f"  {' '.join(prefix + cmd)}", flush=True)
        try:
            done = subprocess.run(prefix + cmd, env=env, capture_output=True, text=True,
                                  timeout=1200, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            said.append(f"`{' '.join(prefix + cmd)}`: {exc}")
            continue
        if done.returncode:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            said.append(f"`{' '.join(prefix + cmd)}` failed (exit {done.returncode}: {last})")
    found = shutil.which("task")
    if found:
        return found, "installed by this run with apt-get" + (
            f" ({'; '.join(said)})" if said else "")
    return None, "`task` is not installed and could not be installed: " + (
        "; ".join(said) or "apt-get installed no `task`")


def version(task: str) -> str:
    done = subprocess.run([task, "--version"], capture_output=True, text=True,
                          env=_clean_env(os.environ), stdin=subprocess.DEVNULL)
    return done.stdout.strip() or "unknown"


def _clean_env(env) -> dict:
    return {k: v for k, v in env.items() if not k.startswith("TASK")}


# ---------------------------------------------------------------- the closed actions


def _owners(value) -> list[str]:
    """Owners as written: 'AC/AB', ['AC', 'AB'] or 'DCC' (the format's rule)."""
    items = value if isinstance(value, list) else [value]
    return [part.strip() for item in items if isinstance(item, str)
            for part in item.split("/") if part.strip()]


def _read(paths: list[tuple[str, str]]) -> list[tuple]:
    """(meeting id, raised actions, reviews) of each file; in a worker process."""
    from ruamel.yaml.cyaml import CSafeLoader

    out = []
    for meeting_id, path in paths:
        with open(path, encoding="utf-8") as handle:
            loader = CSafeLoader(handle.read())
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        if not isinstance(data, dict) or data.get("status") == "cancelled":
            continue
        day = data.get("date")
        raised, reviews = [], []

        def actions(entries) -> None:
            for a in entries or ():
                if isinstance(a, dict) and "id" in a:
                    due = a.get("due")
                    raised.append((f"{meeting_id}/{a['id']}", str(a.get("text", "")),
                                   _owners(a.get("owner")),
                                   due.isoformat() if isinstance(due, date) else None,
                                   a.get("status")))

        def walk(items) -> None:
            for item in items or ():
                if not isinstance(item, dict):
                    continue
                actions(item.get("actions"))
                for r in item.get("outstanding") or ():
                    if not isinstance(r, dict):
                        continue
                    if isinstance(r.get("action"), str):
                        reviews.append((r["action"], r.get("status"),
                                        _owners(r["owner"]) if r.get("owner") else None))
                    actions(r.get("actions"))
                walk(item.get("items"))

        walk(data.get("items"))
        out.append((meeting_id, str(day), str(data.get("series") or ""), raised, reviews))
    return out


def read_actions(meetings: Path, workers: int | None = None) -> dict[str, dict]:
    """Every action raised in the meeting files under `meetings`, by reference, with what
    its reviews did to it: status (its last one), owner (as last written), closed (the date
    of the meeting that closed it)."""
    paths = sorted((p.relative_to(meetings).with_suffix("").as_posix(), str(p))
                   for p in meetings.rglob("*.yaml"))
    workers = workers or os.cpu_count() or 1
    chunks = [paths[i::workers * 4] for i in range(workers * 4)]
    with ProcessPoolExecutor(workers) as pool:
        parsed = [m for part in pool.map(_read, chunks) for m in part]
    parsed.sort()  # meeting ids sort by date within a series
    actions: dict[str, dict] = {}
    for _meeting_id, day, series, raised, _reviews in parsed:
        for ref, text, owners, due, status in raised:
            actions[ref] = {"text": text, "owners": owners, "due": due, "raised": day,
                            "series": series, "status": status or "open",
                            "closed": day if status in CLOSED else None}
    for _meeting_id, day, _series, _raised, reviews in sorted(parsed, key=lambda m: m[1]):
        for ref, status, owners in reviews:
            a = actions.get(ref)
            if a is None:
                continue
            if owners:
                a["owners"] = owners
            if status:
                a["status"] = status
                if status in CLOSED and a["closed"] is None:
                    a["closed"] = day
    return actions


# ---------------------------------------------------------------- the tasks


def _stamp(day: str) -> str:
    return day.replace("-", "") + "T000000Z"


def tasks(open_records: list[dict], raised: dict[str, dict] | None) -> tuple[list, dict]:
    """Taskwarrior's JSON for the open actions (actionlog's records) and, when given, the
    closed ones among `raised`; and counts."""
    def own_tags(owners: list[dict]) -> set[str]:
        return {t for o in owners for k in ("written", "id", "name", "role")
                if (t := tag(o.get(k)))}

    def everyone(owners: list[dict]) -> bool:
        return any((o.get("written") or "").upper() == ALL for o in owners)

    open_refs = {r["ref"] for r in open_records}
    closed = {ref: a for ref, a in (raised or {}).items() if ref not in open_refs}
    closed_owners = {ref: [{"written": w} for w in a["owners"]] for ref, a in closed.items()}
    universe = set().union(*(own_tags(r["owners"]) for r in open_records),
                           *(own_tags(o) for o in closed_owners.values())) | {ALL}
    out, counts = [], {"pending": 0, "completed": 0, "deleted": 0,
                       "open_not_in_files": 0, "closed_still_open": 0}

    def one(ref, text, owners, status, raised_on, due, series, end=None) -> dict:
        t = {"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"actionlog:{ref}")),
             "status": status, "description": " ".join(text.split()) or ref,
             "entry": _stamp(raised_on), "modified": _stamp(end or raised_on), "ref": ref,
             "tags": sorted(universe if everyone(owners) else own_tags(owners))}
        if series:
            t["project"] = series
        if due:
            t["due"] = _stamp(due)
        if end:
            t["end"] = _stamp(end)
        return t

    for r in open_records:
        out.append(one(r["ref"], r["action"], r["owners"], "pending", r["raised_date"],
                       r["due"], r["series"]))
        counts["pending"] += 1
        if raised is not None and r["ref"] not in raised:
            counts["open_not_in_files"] += 1
    for ref, a in sorted(closed.items()):
        if a["status"] not in CLOSED:  # open by its reviews, yet not listed as open
            counts["closed_still_open"] += 1
            continue
        status = CLOSED[a["status"]]
        out.append(one(ref, a["text"], closed_owners[ref], status, a["raised"], a["due"],
                       a["series"], a["closed"] or a["raised"]))
        counts[status] += 1
    return out, counts


class Store:
    """A private Taskwarrior: its own TASKRC and TASKDATA in `folder`."""

    def __init__(self, task: str, folder: Path, base_env) -> None:
        self.task, self.folder = task, folder
        data = folder / "data"
        data.mkdir(parents=True)
        rc = folder / "taskrc"
        rc.write_text(RC.format(data=data), encoding="utf-8")
        self.env = _clean_env(base_env)
        self.env.update(TASKRC=str(rc), TASKDATA=str(data))

    def load(self, records: list[dict]) -> float:
        """`task import` of them as one JSON array; the seconds it took."""
        path = self.folder / "import.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([self.task, "import", str(path)], env=self.env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        took = time.perf_counter() - started
        if done.returncode:
            raise RuntimeError(f"task import failed (exit {done.returncode}): "
                               f"{done.stderr.strip()[-300:]}")
        path.unlink()
        return took

    def count(self, query: str) -> int:
        done = subprocess.run([self.task, f"+{tag(query)}", "status:pending", "count"],
                              env=self.env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        return int(done.stdout.strip() or -1)

    def list_cmd(self, query: str) -> list[str]:
        return [self.task, f"+{tag(query)}", "status:pending", "list"]
