"""The import's accuracy and speed, as the README's tables show them.

Imports the three real notes (tests/importer/data: the extracted text; Word documents built
from it with tables for the attendance and the item grid; the same with the items' numbers
from Word's list numbering instead of typed; and PDFs LibreOffice made from the Word ones)
into empty workspaces, and compares each meeting with the hand transcription in meetings/
field by field (actionlog/edit/importer/accuracy.py). Then times 60 documents (five years
of monthly notes) of each format: text, Word, and PDF (LibreOffice makes them before the
clock starts), with the CPU time beside the wall time (the machine may be shared).

    python benchmarks/import_accuracy.py [--speed N] [--kinds text,docx,pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(HERE), str(HERE / "tests" / "importer")]

from actionlog import workspace  # noqa: E402
from actionlog.edit.importer import accuracy, run  # noqa: E402
from actionlog.store import load  # noqa: E402
from build import DATA, DATES, notes_as, seed_docx  # noqa: E402 - tests/importer/build.py

def workspace_at(folder: Path) -> Path:
    root = folder / "ws"
    (root / "meetings").mkdir(parents=True)
    shutil.copytree(HERE / "templates", root / "templates")
    return root


def import_kind(kind: str, folder: Path) -> tuple[Path, list]:
    root = workspace_at(folder)
    docs = folder / "docs"
    docs.mkdir()
    paths = notes_as(kind, docs)
    ws = workspace.load(root)
    outcomes = run.import_documents(ws, paths, run.contexts(ws, None))
    return root, outcomes


def score(kind: str) -> accuracy.Score:
    with tempfile.TemporaryDirectory() as tmp:
        root, _outcomes = import_kind(kind, Path(tmp))
        total = accuracy.Score()
        for day in DATES:
            truth, _ = load.load_file(HERE, f"meetings/{day}.yaml")
            got, problems = load.load_file(root, f"meetings/{day}.yaml")
            assert truth is not None and got is not None, problems
            total.add(accuracy.compare(truth, got))
        return total


def table() -> str:
    rows = ["| input | header | attendees and apologies | numbered item titles | actions: "
            "owner | text | due | all three | invented | Outstanding Matters linked |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    misses = []
    for kind in ("text", "docx", "docx-numbered", "pdf"):
        s = score(kind)
        p = accuracy.percent
        rows.append(f"| {kind} | {p(s.header)} | {p(s.people)} | {p(s.items)} | "
                    f"{p(s.owners)} | {p(s.texts)} | {p(s.dues)} | {p(s.actions)} | "
                    f"{s.invented} | {p(s.entries)} |")
        misses += [f"{kind}: {m}" for m in s.misses]
    return "\n".join(rows + [""] + [f"- {m}" for m in misses])


def speed(count: int, kind: str) -> float | None:
    """Seconds to import `count` documents of `kind` (text, docx, pdf): the three notes in
    turn, dated a month apart. The PDFs are made by LibreOffice from the Word documents
    before the clock starts (None, and a line saying so, without soffice)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        root = workspace_at(folder)
        docs, words = folder / "docs", folder / "words"
        docs.mkdir()
        words.mkdir()
        texts = [(DATA / f"notes-{d}.txt").read_text(encoding="utf-8") for d in DATES]
        for n in range(count):
            year, month = 2011 + n // 12, n % 12 + 1
            text = texts[n % 3]
            for old in ("28 June 2016", "26th July 2016", "22 August 2017"):
                text = text.replace(old, f"20 {_month(month)} {year}")
            if kind == "text":
                (docs / f"notes-{n:03d}.txt").write_text(text, encoding="utf-8")
            else:
                seed_docx(text, str((docs if kind == "docx" else words) / f"notes-{n:03d}.docx"))
        if kind == "pdf":
            soffice = shutil.which("soffice") or shutil.which("libreoffice")
            if soffice is None:
                print(f"{count} PDFs: not timed (LibreOffice's soffice makes them)",
                      file=sys.stderr)
                return None
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                            str(docs), *sorted(str(p) for p in words.iterdir())],
                           check=True, capture_output=True, timeout=900)
        start, cpu = time.perf_counter(), _cpu()
        ws = workspace.load(root)
        outcomes = run.import_documents(ws, [str(docs)], run.contexts(ws, None))
        took, cpu = time.perf_counter() - start, _cpu() - cpu
        written = sum(o.state == "written" for o in outcomes)
        print(f"{count} {kind} documents: {written} files written in {took:.1f} s "
              f"({cpu:.1f} s of CPU, the reading processes' included; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", file=sys.stderr)
        return took


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (the reading
    processes of a Word or PDF import): what the import costs whatever else runs."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _month(n: int) -> str:
    import calendar
    return calendar.month_name[n]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed", type=int, default=60, help="documents to time (0: none)")
    parser.add_argument("--kinds", default="text,docx,pdf",
                        help="the formats to time, comma-separated")
    args = parser.parse_args()
    print(table())
    if args.speed:
        print()
        for kind in args.kinds.split(","):
            took = speed(args.speed, kind)
            print(f"- {args.speed} documents as {kind}: " +
                  ("not timed" if took is None else f"imported in {took:.1f} s"))
