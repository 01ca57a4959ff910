#!/usr/bin/env python3
"""Every command on one accepted meeting file of 5 MB (issue 17, "linear work").

The workspace: one series; an approved meeting holding very many actions (its file just under
the 5 MiB a meeting file may be), hand-written the way officers write (comments, folded
text, quoted values with colons and hashes); and the next meeting's draft, reviewing most of
them in its Outstanding Matters (updates, discharges), so `carry` has the rest to add and
`new-meeting` carries every one still open into the meeting after it.

Each command runs as a fresh process, the way a user meets it, on a fresh copy of the
workspace: cold (no cache) and warm (the cache filled by an earlier command). Prints a
Markdown table.

Usage: python benchmarks/bigfile.py [--mb 5] [--runs 1] [--only validate,log] [--code DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SERIES = "big-board"
FIRST = "2016-06-28"  # the approved meeting with every action
DRAFT = "2016-07-26"  # the draft reviewing them
TODAY = "2016-07-20"
PEOPLE = [("JC", "John Campion", "PCC", "Police and Crime Commissioner (PCC)"),
          ("AB", "Anthony Bangham", "DCC", "Deputy Chief Constable (DCC)"),
          ("AC", "Andy Champness", "CEx", "Chief Executive Officer, OPCC (CEx)"),
          ("DS", "David Shaw", "CC", "Chief Constable (CC)")]
OWNERS = ["AB", "AC", "DS", "AC/AB", "DCC", "ALL"]
WORDS = ("review the options for call handling in the Operational Control Centre and report "
         "back on rural crime, the estates strategy and the fleet replacement programme").split()

TEMPLATE = f"""\
# A board with a very long action log (benchmarks/bigfile.py).
title: Big Board
schedule: RRULE:FREQ=MONTHLY;BYDAY=-1TU
time: "10:30"
venue: PCC Conference Room, Hindlip
chair: JC
attendees:
{''.join(f'  - {{id: {i}, name: {n}, role: {r}, capacity: "{c}"}}' + chr(10)
         for i, n, r, c in PEOPLE)}\
agenda:
  - number: "1"
    title: Outstanding matters
    outstanding: true
  - number: "2"
    title: Holding to account
  - number: "3"
    title: AOB
"""


def header(day: str, status: str, comment: str) -> list[str]:
    out = ["# yaml-language-server: $schema=../schema/meeting.schema.json", f"# {comment}",
           "title: Big Board", f"series: {SERIES}", f"date: {day}", 'time: "10:30"',
           "venue: PCC Conference Room, Hindlip", f"status: {status}", "chair: JC",
           "attendees:"]
    out += [f'  - {{id: {i}, name: {n}, role: {r}, capacity: "{c}"}}' for i, n, r, c in PEOPLE]
    return out


def action_text(n: int) -> str:
    words = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(8 + n % 9)]
    return f"{' '.join(words).capitalize()} (ref: #{n})"


def first_meeting(limit: int) -> tuple[str, int]:
    """The approved meeting: items of ten actions each, until the file is `limit` bytes."""
    lines = header(FIRST, "approved", "Transcribed from the approved notes (a very long log).")
    lines += ["items:", '  - number: "1"', "    title: Holding to account", "    items:"]
    size = sum(len(line) + 1 for line in lines)
    n = 0
    item = 0
    start = date(2016, 7, 1)
    while True:
        item += 1
        block = [f'      - number: "1.{item}"', f"        title: 'Topic {item}: area {item % 37}'",
                 "        findings:", "          - >-",
                 f"            {action_text(item)} and the findings of the review",
                 f"            of topic {item}, written over two lines as notes are.",
                 "        actions:"]
        for _ in range(10):
            n += 1
            due = (start + timedelta(days=n % 90)).isoformat()
            if n % 5 == 0:
                block.append(f"          # action {n}: as the notes write it")
            block += [f"          - id: {n}", f"            owner: {OWNERS[n % len(OWNERS)]}",
                      f'            text: "{action_text(n)}"', f"            due: {due}"]
        grown = sum(len(line) + 1 for line in block)
        if size + grown > limit:
            n -= 10
            break
        lines += block
        size += grown
    return "\n".join(lines) + "\n", n


def draft(actions: int) -> str:
    """The next meeting's draft: reviews nine in ten of the actions (every other one
    discharged), leaving the last tenth for `carry`."""
    lines = header(DRAFT, "draft", "The draft, as the secretariat keeps it between meetings.")
    lines += ["items:", '  - number: "1"', "    title: Outstanding matters", "    outstanding:"]
    for n in range(1, actions - actions // 10 + 1):
        if n % 7 == 0:
            lines.append(f"      # reviewed at the pre-meeting, {n}")
        lines += [f"      - action: {FIRST}/{n}", f"        topic: 'Topic {(n - 1) // 10 + 1}'"]
        if n % 2:
            lines += ["        update: >-", f"          Reported on {n}: in hand,",
                      "          see the paper."]
            lines.append("        status: open")
        else:
            lines += [f"        update: Done ({n}).", "        status: discharged"]
    lines += ['  - number: "2"', "    title: Holding to account",
              '  - number: "3"', "    title: AOB"]
    return "\n".join(lines) + "\n"


def build(root: Path, limit: int = 5 * 1024 * 1024 - 4096) -> int:
    """Write the workspace into `root`; the number of actions the approved meeting holds."""
    (root / "meetings").mkdir(parents=True, exist_ok=True)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / f"{SERIES}.yaml").write_text(TEMPLATE, encoding="utf-8")
    text, n = first_meeting(limit)
    (root / "meetings" / f"{FIRST}.yaml").write_text(text, encoding="utf-8")
    (root / "meetings" / f"{DRAFT}.yaml").write_text(draft(n), encoding="utf-8")
    return n


# ---------------------------------------------------------------- timing every command

LAST = "{last}"  # the approved meeting's last action, filled in when it is known


def commands(out: Path) -> list[tuple[str, list[str]]]:
    """(label, arguments): every command but `edit` (interactive), `import` and `init`."""
    ref = f"{FIRST}/{LAST}"
    return [
        ("validate", ["validate"]),
        ("outstanding", ["outstanding", "--today", TODAY]),
        ("outstanding --owner AB", ["outstanding", "--owner", "AB", "--today", TODAY]),
        ("show REF", ["show", ref, "--today", TODAY]),
        ("log", ["log", "--today", TODAY]),
        ("log --to xlsx", ["log", "--today", TODAY, "-o", str(out / "log.xlsx"), "--force"]),
        ("remind --out DIR", ["remind", "--today", TODAY, "--out", str(out / "remind")]),
        ("calendar", ["calendar", "--today", TODAY]),
        ("agenda (the draft)", ["agenda", DRAFT]),
        ("notes (md)", ["notes", FIRST]),
        ("notes --to docx", ["notes", FIRST, "-o", str(out / "n.docx"), "--force"]),
        ("agenda --to docx", ["agenda", DRAFT, "-o", str(out / "a.docx"), "--force"]),
        ("log --to docx", ["log", "--today", TODAY, "-o", str(out / "l.docx"), "--force"]),
        ("notes --to pdf", ["notes", FIRST, "-o", str(out / "n.pdf"), "--force"]),
        ("new-meeting --dry-run", ["new-meeting", "--dry-run", "--today", TODAY]),
        ("new-meeting", ["new-meeting", "--today", TODAY]),
        ("carry", ["carry"]),
        ("update REF TEXT", ["update", ref, "Reported in writing."]),
        ("discharge REF", ["discharge", ref]),
        ("redate REF DATE", ["redate", ref, "2016-10-01"]),
        ("reassign REF OWNER", ["reassign", ref, "AC"]),
        ("add", ["add", "--item", "2", "--owner", "AB", "A new action."]),
        ("cancel (the draft)", ["cancel", DRAFT, "--discard", "--today", TODAY]),
        ("schema", ["schema"]),
        ("site OUT", ["site", str(out / "site")]),
    ]


def timed(root: Path, args: list[str], env: dict) -> tuple[float, float, int]:
    """Wall time and processor time (the command's and its helpers': on a busy machine the
    processor time is the steadier of the two), and the exit status."""
    was = os.times()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "actionlog", "--root", str(root), *args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    took = time.perf_counter() - start
    now = os.times()
    cpu = (now.children_user - was.children_user) + (now.children_system - was.children_system)
    if done.returncode not in (0, 1):
        print(f"  {' '.join(args)}: exit {done.returncode}: "
              f"{done.stderr.decode(errors='replace')[-300:]}", file=sys.stderr)
    return took, cpu, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the approved meeting")
    parser.add_argument("--runs", type=int, default=1, help="runs of each (the best is kept)")
    parser.add_argument("--only", default="", help="comma-separated labels to time")
    parser.add_argument("--kinds", default="cold,warm", help="cold, warm, or both")
    parser.add_argument("--code", default=str(Path(__file__).resolve().parent.parent),
                        help="the folder holding the actionlog package to time (default: "
                             "this checkout; `git archive main actionlog` gives another)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=args.code)
    env.pop("ACTIONLOG_NO_CACHE", None)
    with tempfile.TemporaryDirectory() as tmp:
        pristine = Path(tmp) / "pristine"
        limit = min(int(args.mb * 1024 * 1024), 5 * 1024 * 1024) - 4096
        n = build(pristine, limit)
        size = (pristine / "meetings" / f"{FIRST}.yaml").stat().st_size
        print(f"{FIRST}.yaml: {size:,} bytes, {n:,} actions; {DRAFT}.yaml (draft): "
              f"{(pristine / 'meetings' / f'{DRAFT}.yaml').stat().st_size:,} bytes\n")
        only = {s.strip() for s in args.only.split(",") if s.strip()}
        print(f"load average at the start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} processors)"
              "\n\n| command | cold: wall | cold: processor | warm: wall | warm: processor | exit |")
        print("| --- | --- | --- | --- | --- | --- |")
        for label, argv in commands(Path(tmp) / "out"):
            if only and label not in only:
                continue
            argv = [a.replace(LAST, str(n)) for a in argv]
            best: dict = {}
            for kind in args.kinds.split(","):
                for _ in range(args.runs):
                    root = Path(tmp) / "ws"
                    shutil.rmtree(root, ignore_errors=True)
                    shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
                    (Path(tmp) / "out").mkdir()
                    shutil.copytree(pristine, root)
                    if kind == "warm":
                        timed(root, ["outstanding", "--today", TODAY], env)
                    took = timed(root, argv, env)
                    best[kind] = min(best.get(kind, took), took)
            cells = [f"{best[k][0]:.2f} s | {best[k][1]:.2f} s" if k in best else "- | -"
                     for k in ("cold", "warm")]
            rc = next(iter(best.values()))[2]
            print(f"| `{label}` | {' | '.join(cells)} | {rc} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
