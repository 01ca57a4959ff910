"""Importing documents into a workspace: read each, order them by date, link each one's
Outstanding Matters to the actions of the meetings before it (those of the workspace and
those imported just before), check the file as `validate` would, and write it where no
file is; nothing is overwritten, and a document imported before is recognised."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from actionlog.core import checks
from actionlog.core.carry import SCHEMA_COMMENT
from actionlog.core.model import Meeting, Person
from actionlog.core.refs import MEETINGS, meeting_id
from actionlog.edit import files, written
from actionlog.edit.importer import documents, linking, notes, yamlout
from actionlog.edit.importer.draft import Context, Draft
from actionlog.edit.importer.lines import blocks
from actionlog.store import load, yamlio
from actionlog.workspace import Workspace

PROVENANCE = "Imported by actionlog from {name} (sha256 {digest}); check the 'import:' notes."
_DIGEST = re.compile(r"^# Imported by actionlog from .* \(sha256 ([0-9a-f]{16})\)", re.M)


@dataclass
class Outcome:
    """What became of one document (or of a cancellation it names)."""

    source: str
    relpath: str | None = None
    state: str = "refused"  # written | unchanged | refused | dry-run
    message: str = ""
    text: str | None = None
    draft: Draft | None = None
    problems: list[str] = field(default_factory=list)


def expand(paths: list[str]) -> tuple[list[str], list[Outcome]]:
    """Files to read: a folder gives its documents (sorted); others as given."""
    out, refused = [], []
    for path in paths:
        if os.path.isdir(path):
            out.extend(sorted(str(p) for p in Path(path).rglob("*")
                              if p.suffix.lower() in documents.SUFFIXES and p.is_file()
                              and not p.name.startswith((".", "~$"))))
        elif os.path.exists(path):
            out.append(path)
        else:
            refused.append(Outcome(path, message="no such file or folder"))
    return out, refused


class SeriesError(Exception):
    """The series to import into cannot be decided: a domain error, in one line."""


def contexts(ws: Workspace, name: str | None):
    """`make_context(blocks, people)` for import_documents: the series named, the only one,
    or the one whose title the document's first line starts with; its standing agenda,
    time and people, and the people of the workspace's meetings."""
    names = load.series_names(ws.root)
    templates = {}
    for series_name in ([name] if name else names):
        series, problems = load.load_series(ws.root, series_name)
        if series is None:
            raise SeriesError(problems[0].message if problems else f"no series {series_name}")
        templates[series_name] = series
    if not templates:
        raise SeriesError("the workspace has no series template (templates/NAME.yaml): "
                          "create one, or name the series with --series")
    known = [p for m in ws.meetings for p in m.people()]

    def make(found: list, people: list[Person]) -> Context:
        first = found[0].text.casefold() if found else ""
        series = next((s for s in templates.values() if first.startswith(s.title.casefold())),
                      None) or next(iter(templates.values()))
        agenda = {}
        stack = list(series.agenda)
        while stack:
            item = stack.pop()
            if item.number:
                agenda[item.number] = item.title
            stack.extend(item.items)
        template_people = [Person(p.id, p.name, p.role, p.capacity) for p in series.attendees]
        return Context(series.name, series.title, agenda, template_people + known + people,
                       series.time, series.venue)
    return make


def import_documents(ws: Workspace, paths: list[str], make_context, folder: str = MEETINGS,
                     dry_run: bool = False, status: str = "approved") -> list[Outcome]:
    """Every document of `paths` imported in date order; `make_context(title)` gives the
    series and what it knows (the CLI builds it from the series template)."""
    names, outcomes = expand(paths)
    read: list[tuple[Outcome, list, str]] = []
    for name, (found, why, digest) in zip(names, _read_all(names)):
        if why:
            outcomes.append(Outcome(name, message=f"{name} {why}; nothing written"))
            continue
        read.append((Outcome(name), found, digest))
    # a first reading for the dates, then each in date order knowing the people before it
    dated = []
    for outcome, found, digest in read:
        draft = notes.read(found, make_context(found, []), outcome.source)
        why = _not_notes(draft)
        if why:
            outcome.message = f"{outcome.source} {why}; nothing written"
            outcomes.append(outcome)
            continue
        dated.append((draft.meeting.date, outcome, found, digest))
    earlier = list(ws.meetings)
    people: list[Person] = []
    taken = {m.date for m in ws.meetings}
    for _day, outcome, found, digest in sorted(dated, key=lambda d: (d[0], d[1].source)):
        draft = notes.read(found, make_context(found, people), outcome.source)
        draft.meeting.status = status
        outcome.draft = draft
        _one(ws, draft, outcome, digest, folder, earlier, dry_run)
        outcomes.append(outcome)
        if outcome.state in ("written", "dry-run", "unchanged"):
            people.extend(draft.meeting.people())
            taken.add(draft.meeting.date)
            outcomes.extend(_cancellations(ws, draft, folder, taken, earlier, dry_run))
    return outcomes


HEAVY = (".docx", ".pdf")  # worth a process of their own: a PDF page takes ~0.2 s to read


def _read_one(name: str) -> tuple[list, str | None, str]:
    """(blocks, why it cannot be read or None, the first 16 hex digits of its SHA-256)."""
    lines, why = documents.read_lines(name)
    if why:
        return [], why, ""
    with open(name, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:16]
    return blocks(lines), None, digest


def _read_all(names: list[str]) -> list[tuple[list, str | None, str]]:
    """Every document read, in the order given: Word and PDF documents on every core when
    there are several (reading is most of an import's time and each document stands
    alone), one after another where processes cannot be started."""
    heavy = sum(n.lower().endswith(HEAVY) for n in names)
    workers = min(os.cpu_count() or 1, heavy // 2, 8)
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(_read_one, names))
        except (OSError, BrokenProcessPool, PermissionError):
            pass  # no processes here (a sandbox): read them one by one
    return [_read_one(name) for name in names]


def _not_notes(draft: Draft) -> str | None:
    if not draft.counts.get("dated"):
        return "does not look like meeting notes: no 'Date:' line with a date was found"
    if draft.counts.get("no-items") or not draft.meeting.items:
        return "does not look like meeting notes: no numbered items (1, 2, 4a ...) were found"
    return None


def _one(ws: Workspace, draft: Draft, outcome: Outcome, digest: str, folder: str,
         earlier: list[Meeting], dry_run: bool) -> None:
    m = draft.meeting
    relpath = f"{folder}/{m.date.isoformat()}.yaml"
    mid = meeting_id(relpath)
    m.id, m.path = mid, relpath
    outcome.relpath = relpath
    target = ws.root / relpath
    if target.exists():
        old = target.read_text(encoding="utf-8", errors="replace")
        found = _DIGEST.search(old)
        if found and found.group(1) == digest:
            outcome.state, outcome.message = "unchanged", f"{relpath} was imported from " \
                                                          f"{outcome.source} before; unchanged"
        else:
            outcome.message = f"{relpath} already exists; not overwritten ({outcome.source})"
        return
    others = [e for e in earlier if e.path != relpath]
    links = linking.link(draft, others)
    deferred = _deferred_from(draft, others)
    provenance = PROVENANCE.format(name=os.path.basename(outcome.source), digest=digest)
    text = yamlout.meeting_text(draft, mid, provenance, deferred, links)
    meeting, problems = _checked(text, relpath, others, ws)
    outcome.text = text
    if meeting is None:
        outcome.problems = problems
        outcome.message = f"{outcome.source}: the file made from it would not pass validate; " \
                          f"nothing written"
        return
    earlier.append(meeting)
    if dry_run:
        outcome.state, outcome.message = "dry-run", f"would write {relpath}"
        return
    try:
        files.write_new(str(target), text)
    except FileExistsError:
        outcome.message = f"{relpath} already exists; not overwritten ({outcome.source})"
        return
    except OSError as exc:
        outcome.message = f"cannot write {relpath}: {exc.strerror or exc}"
        return
    outcome.state, outcome.message = "written", f"wrote {relpath} from {outcome.source}"


def _checked(text: str, relpath: str, others: list[Meeting],
             ws: Workspace) -> tuple[Meeting | None, list[str]]:
    """The file read back as `validate` reads it, and checked with the meetings before."""
    data, problems = yamlio.parse(text, relpath)
    meeting = None
    if not problems:
        meeting, problems = load.to_meeting(data, relpath)
    if meeting is not None:
        problems = [p for p in checks.run(others + [meeting], ws.roster, False)
                    if p.path == relpath and p.severity == "error"]
    said = [f"{p.yaml_path or p.line}: {p.message}" for p in problems]
    return (meeting if not problems else None), said


def _deferred_from(draft: Draft, earlier: list[Meeting]) -> dict[int, date]:
    out = {}
    for item, _parents in draft.meeting.walk_items():
        when = draft.deferred_in.get(id(item))
        if when is None:
            continue
        found = [m.date for m in earlier if (m.date.year, m.date.month) == when
                 and m.series == draft.meeting.series and m.date < draft.meeting.date]
        if found:
            out[id(item)] = found[-1]
        else:
            draft.guess(item, f"deferred from the {date(*when, 1):%B %Y} meeting, which is "
                              f"not in the workspace")
    return out


def _cancellations(ws: Workspace, draft: Draft, folder: str, taken: set[date],
                   earlier: list[Meeting], dry_run: bool) -> list[Outcome]:
    """A file for each later meeting the notes say was cancelled, unless one exists."""
    out = []
    m = draft.meeting
    for day in draft.cancelled:
        if day in taken or day <= m.date:
            continue
        relpath = f"{folder}/{day.isoformat()}.yaml"
        note = f"Cancelled, as the notes of {m.date:%-d %B %Y} record" + (
            f"; the next meeting is {m.next_date:%-d %B %Y}." if m.next_date else ".")
        data = {"title": m.title, "series": m.series, "date": day, "time": m.time,
                "venue": m.venue, "status": "cancelled", "note": note}
        data = {k: v for k, v in data.items() if v is not None}
        up = "../" * meeting_id(relpath).count("/") + "../"
        text = written.new_document(data, [SCHEMA_COMMENT.format(up=up)])
        outcome = Outcome(draft.source, relpath, text=text)
        taken.add(day)
        meeting, problems = _checked(text, relpath, earlier, ws)
        if meeting is None:
            outcome.problems = problems
            outcome.message = f"{relpath}: the cancellation would not pass validate"
        elif (ws.root / relpath).exists():
            outcome.state, outcome.message = "unchanged", f"{relpath} exists; unchanged"
        elif dry_run:
            earlier.append(meeting)
            outcome.state, outcome.message = "dry-run", f"would write {relpath} (cancelled)"
        else:
            files.write_new(str(ws.root / relpath), text)
            earlier.append(meeting)
            outcome.state, outcome.message = "written", f"wrote {relpath}: cancelled, as " \
                                                        f"{draft.source} records"
        out.append(outcome)
    return out
