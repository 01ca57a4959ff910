"""The import's accuracy and speed, as the README's tables show them.

Imports the three real notes (tests/importer/data: the extracted text, Word documents built
from it with tables for the attendance and the item grid, and PDFs LibreOffice made from
those) into empty workspaces, and compares each meeting with the hand transcription in
meetings/ field by field (actionlog/edit/importer/accuracy.py). Then times 60 documents.

    python benchmarks/import_accuracy.py [--speed N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(HERE), str(HERE / "tests" / "importer")]

from actionlog import workspace  # noqa: E402
from actionlog.edit.importer import accuracy, run  # noqa: E402
from actionlog.store import load  # noqa: E402

DATA = HERE / "tests" / "importer" / "data"
DATES = ("2016-06-28", "2016-07-26", "2017-08-22")


def inputs(kind: str, into: Path) -> list[str]:
    """The three notes as `kind` (text, docx, pdf), in `into`."""
    from build import seed_docx

    out = []
    for day in DATES:
        if kind == "text":
            target = into / f"notes-{day}.txt"
            shutil.copy(DATA / target.name, target)
        elif kind == "docx":
            target = into / f"notes-{day}.docx"
            seed_docx((DATA / f"notes-{day}.txt").read_text(encoding="utf-8"), str(target))
        else:
            target = into / f"notes-{day}.pdf"
            shutil.copy(DATA / target.name, target)
        out.append(str(target))
    return out


def workspace_at(folder: Path) -> Path:
    root = folder / "ws"
    (root / "meetings").mkdir(parents=True)
    shutil.copytree(HERE / "templates", root / "templates")
    return root


def import_kind(kind: str, folder: Path) -> tuple[Path, list]:
    root = workspace_at(folder)
    docs = folder / "docs"
    docs.mkdir()
    paths = inputs(kind, docs)
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
    for kind in ("text", "docx", "pdf"):
        s = score(kind)
        p = accuracy.percent
        rows.append(f"| {kind} | {p(s.header)} | {p(s.people)} | {p(s.items)} | "
                    f"{p(s.owners)} | {p(s.texts)} | {p(s.dues)} | {p(s.actions)} | "
                    f"{s.invented} | {p(s.entries)} |")
        misses += [f"{kind}: {m}" for m in s.misses]
    return "\n".join(rows + [""] + [f"- {m}" for m in misses])


def speed(count: int) -> float:
    """Seconds to import `count` documents (the three notes, dated a month apart)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        root = workspace_at(folder)
        docs = folder / "docs"
        docs.mkdir()
        texts = [(DATA / f"notes-{d}.txt").read_text(encoding="utf-8") for d in DATES]
        for n in range(count):
            year, month = 2011 + n // 12, n % 12 + 1
            text = texts[n % 3]
            for old in ("28 June 2016", "26th July 2016", "22 August 2017"):
                text = text.replace(old, f"20 {_month(month)} {year}")
            (docs / f"notes-{n:03d}.txt").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        ws = workspace.load(root)
        outcomes = run.import_documents(ws, [str(docs)], run.contexts(ws, None))
        took = time.perf_counter() - start
        written = sum(o.state == "written" for o in outcomes)
        print(f"{count} documents: {written} files written in {took:.1f} s", file=sys.stderr)
        return took


def _month(n: int) -> str:
    import calendar
    return calendar.month_name[n]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed", type=int, default=60)
    args = parser.parse_args()
    print(table())
    print(f"\n{args.speed} documents imported in {speed(args.speed):.1f} s")
