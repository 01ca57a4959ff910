"""Building the site: one group of series at a time (series joined by reviews of each
other's actions), each folded once, its pages rendered only when something it is made of
changed, and each page written only when its bytes changed.

What a build made is listed in `OUT/.actionlog-site.json` (the manifest): each group's key
(its meeting files' size, times and inode, and everything the pages depend on besides), the
pages it wrote with a digest of each, and the figures the site-wide pages (index, log, feed)
need from it. A rebuild after one meeting changed folds and renders that meeting's group
only; the site-wide pages are made again from the figures kept. A folder that holds files
and no manifest is not a site this tool built, and is refused.
"""

from __future__ import annotations

import copy
import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from actionlog import __version__, workspace
from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry, Fold, Ledger, fold
from actionlog.core.model import OPEN_STATUSES, Meeting
from actionlog.core.owners import RosterEntry
from actionlog.present import layouts, markings, trackers
from actionlog.present import notes as notes_view
from actionlog.present.render import DEFAULTS, folders
from actionlog.present.site import chart, pages
from actionlog.present.site.html import templates

MANIFEST = ".actionlog-site.json"
FORMAT = 1
ASSETS = ("site.css", "log.js")
FEED = 20  # meetings in the feed
PROCESSES = 2  # this machine's cores; more would only wait on the disk
PARALLEL_FROM = 4  # groups to build before a second process pays for its start


class SiteError(Exception):
    """The site cannot be written as asked: a domain error, one line."""


@dataclass(frozen=True)
class Options:
    out: Path
    today: date
    internal: bool = False  # the office's own copy: Part 2 included, and marked
    title: str = "Meeting records"
    base_url: str = ""  # the site's address, for the feed's links ("" : relative)
    marks: markings.Markings = markings.Markings()

    @cached_property
    def site(self) -> dict:
        """What every page's template is told of the site (worked out once, not per page)."""
        return {"title": self.title, "internal": self.internal,
                "marking": self.marks.of(self.internal, not self.internal),
                "today": long_date(self.today),
                "base_url": self.base_url.rstrip("/") + "/" if self.base_url else ""}


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    groups_built: int = 0
    groups_kept: int = 0


def build(ws: Any, options: Options) -> Report:
    out = options.out
    old = _manifest(out)
    site_key = _site_key(ws.root, options)
    rows = ws.index()
    by_series: dict[str, list] = {}
    for row in rows:
        by_series.setdefault(row.series, []).append(row)
    report = Report()
    new: dict[str, Any] = {"format": FORMAT, "groups": {}, "pages": {}}
    old_digests = {**old.get("pages", {}),
                   **{p: d for g in old.get("groups", {}).values() for p, d in g["pages"].items()}}
    todo = []
    root = str(ws.root)
    for group in sorted((sorted(g) for g in ws.source.groups()), key=lambda g: g[0]):
        name = "\n".join(group)
        group_rows = [r for s in group for r in by_series.get(s, [])]
        key = _digest(site_key, *(_file_key(os.path.join(root, r.path)) for r in group_rows))
        kept = old.get("groups", {}).get(name)
        # kept whole: its key is the same, and its first page is still there (a folder of
        # pages deleted since makes the group's pages again)
        if kept and kept.get("key") == key and kept["pages"] and \
                os.path.isfile(os.path.join(out, next(iter(kept["pages"])))):
            new["groups"][name] = kept
            report.groups_kept += 1
            report.unchanged += len(kept["pages"])
        else:
            todo.append((name, group, key))
    for (name, _group_, key), (digests, summary, written, unchanged) in zip(
            todo, _build_groups(ws, options, [g for _n, g, _k in todo], old_digests)):
        new["groups"][name] = {"key": key, "pages": digests, "summary": summary}
        report.groups_built += 1
        report.written += written
        report.unchanged += unchanged
    tpl, _shown = _templates(ws, options)
    for path, text in _site_pages(new["groups"], options, tpl).items():
        new["pages"][path] = _write(out, path, text, old_digests, report)
    for asset in ASSETS:
        new["pages"][asset] = _write(out, asset, _asset(ws.root, asset), old_digests, report)
    made = set(new["pages"]) | {p for g in new["groups"].values() for p in g["pages"]}
    for path in sorted(set(old_digests) - made):
        _remove(out, path)
        report.removed.append(path)
    _write_file(out / MANIFEST, json.dumps(new, separators=(",", ":")))
    return report


# ---------------------------------------------------------------- one group

Built = tuple[dict[str, str], dict, list[str], int]  # digests, summary, written, unchanged
_WORKER: dict[str, Any] = {}  # in a worker process: its workspace, templates and options


def _build_groups(ws: Any, options: Options, groups: list[list[str]],
                  old: dict[str, str]) -> list[Built]:
    """Build these groups: in two processes when there are several (the machine's cores
    shared; each worker opens the workspace's store itself), else here."""
    workers = min(PROCESSES, os.cpu_count() or 1, len(groups))
    if workers < 2 or len(groups) < PARALLEL_FROM:
        tpl, shown = _templates(ws, options)
        return [_build_group(ws, tpl, shown, group, options, old) for group in groups]
    context = multiprocessing.get_context("spawn")  # no sqlite connection crosses a fork
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(ws.root, options, old)) as pool:
        return list(pool.map(_worker_group, groups))


def _start_worker(root: Path, options: Options, old: dict[str, str]) -> None:
    ws = workspace.load(root)
    tpl, shown = _templates(ws, options)
    _WORKER.update(ws=ws, tpl=tpl, shown=shown, options=options, old=old)


def _worker_group(group: list[str]) -> Built:
    w = _WORKER
    return _build_group(w["ws"], w["tpl"], w["shown"], group, w["options"], w["old"])


def _build_group(ws: Any, tpl, shown: "_RefsShown", group: list[str], options: Options,
                 old: dict[str, str]) -> Built:
    made, summary = _group(ws.source.meetings(set(group)), ws.roster, options, tpl, shown)
    report = Report()
    digests = {path: _write(options.out, path, text, old, report)
               for path, text in made.items()}
    return digests, summary, report.written, report.unchanged


def _group(meetings: list[Meeting], roster: list[RosterEntry], options: Options,
           tpl, shown: "_RefsShown") -> tuple[dict[str, str], dict]:
    """The pages of one group of series, and the figures the site-wide pages need of it."""
    today, internal = options.today, options.internal
    folding = Fold(meetings, roster)
    ends = chart.month_ends(today)
    counts: list[tuple[int, int]] = []
    before: dict[str, Ledger] = {}
    for meeting in folding.steps():
        while len(counts) < len(ends) and ends[len(counts)] < meeting.date:
            counts.append(_count(folding.entries, ends[len(counts)], internal))
        if meeting.took_place:
            before[meeting.id] = Ledger(_snapshot(meeting, folding.entries), as_of=meeting)
    while len(counts) < len(ends):
        counts.append(_count(folding.entries, ends[len(counts)], internal))
    shown.know(folding.entries.values())
    entries = [e for e in folding.entries.values() if e.held and (internal or not e.confidential)]
    hidden = set() if internal else _part2_reviews(meetings)
    made: dict[str, str] = {}

    def page(path: str, template: str, **variables) -> None:
        made[path] = _render(tpl, path, template, options, variables)

    for m in meetings:
        doc, paper = _paper(m, meetings, before, roster, options)
        page(pages.meeting_href(m.id), "site/meeting.html.j2", meeting=pages.meeting_row(
            m, m.title), doc=doc, paper=paper)
    for e in entries:
        view = pages.action_view(e, today, hidden)
        page(view.href, "site/action.html.j2", action=view)
    rows_of = [(e, pages.log_row(e, today)) for e in entries]
    series_rows: dict[str, dict] = {}
    for name in sorted({m.series for m in meetings}):
        ms = [m for m in meetings if m.series == name]
        rows = [row for e, row in rows_of if e.series == name]
        page(pages.series_href(name), "site/series.html.j2", series=name,
             title=ms[-1].title if ms else name,
             meetings=[pages.meeting_row(m, m.title) for m in reversed(ms)], rows=rows)
        series_rows[name] = _series_summary(name, ms, rows, today)
    log = [asdict(row) for e, row in rows_of if pages.in_the_log(e, today)]
    feed = [asdict(pages.meeting_row(m, m.title)) for m in meetings if m.took_place]
    return made, {"series": series_rows, "log": log, "feed": feed[-FEED:],
                  "months": [[d.isoformat(), o, v] for d, (o, v) in zip(ends, counts)]}


def _paper(m: Meeting, meetings: list[Meeting], before: dict[str, Ledger],
           roster: list[RosterEntry], options: Options):
    """A meeting's page: its notes (public, unless the internal copy), or, while it has not
    taken place, its agenda."""
    public = not options.internal
    if m.took_place or m.cancelled:
        book = before.get(m.id, Ledger({}))
        view = notes_view.notes(m, meetings, book, roster, public=public)
        part2 = not public and markings.holds_part2(m, book)
        return layouts.notes(view, options.marks.of(part2, public)), "notes"
    book, _problems = fold(meetings, roster, as_of=m)
    view = trackers.agenda(m, meetings, book, roster, public=public)
    part2 = not public and markings.holds_part2(m, book)
    return layouts.agenda(view, options.marks.of(part2, public)), "agenda"


def _snapshot(meeting: Meeting, entries: dict) -> dict:
    """The entries a meeting reviews, as they stood when it began (copies: the fold goes on
    changing the originals)."""
    out = {}
    for review, _item in meeting.reviews():
        entry = entries.get(review.ref) if review.ref else None
        if entry is not None:
            snap = copy.copy(entry)
            snap.owners = list(entry.owners)
            out[review.ref] = snap
    return out


def _count(entries: dict, day: date, internal: bool) -> tuple[int, int]:
    open_ = overdue = 0
    for e in entries.values():
        if e.is_open and (internal or not e.confidential):
            open_ += 1
            overdue += e.days_overdue(day) > 0
    return open_, overdue


def _part2_reviews(meetings: list[Meeting]) -> set[tuple[str, str]]:
    """(meeting id, reference) of every review minuted inside a Part 2 item, at any depth:
    the public copy leaves them out of the action's page, as the public notes do."""
    out = set()
    for m in meetings:
        for item, parents in m.walk_items():
            if item.confidential or any(p.confidential for p in parents):
                out |= {(m.id, r.ref) for r in item.outstanding or () if r.ref}
    return out


def _series_summary(name: str, ms: list[Meeting], rows: list, today: date) -> dict:
    held = [m for m in ms if m.took_place and m.date <= today]
    coming = [m for m in ms if not m.cancelled and not m.took_place and m.date >= today]
    open_rows = [r for r in rows if r.status_key in OPEN_STATUSES]
    return {"name": name, "href": pages.series_href(name),
            "title": ms[-1].title if ms else name,
            "latest": asdict(pages.meeting_row(held[-1], held[-1].title)) if held else None,
            "next": asdict(pages.meeting_row(coming[0], coming[0].title)) if coming else None,
            "open": len(open_rows), "overdue": sum(r.overdue for r in open_rows)}


# ---------------------------------------------------------------- the site-wide pages


def _site_pages(groups: dict, options: Options, tpl) -> dict[str, str]:
    summaries = [g["summary"] for g in groups.values()]
    series = sorted((s for g in summaries for s in g["series"].values()),
                    key=lambda s: s["name"])
    log = sorted((pages.LogRow(**r) for g in summaries for r in g["log"]),
                 key=lambda r: (r.status_key not in OPEN_STATUSES,
                                -r.days_overdue, r.raised_on, r.ref))
    leads: dict[str, list[int]] = {}
    for r in log:
        if r.status_key in OPEN_STATUSES:
            counts = leads.setdefault(r.lead, [0, 0])
            counts[0] += 1
            counts[1] += r.overdue
    months = []
    for i, day in enumerate(chart.month_ends(options.today)):
        got = [g["months"][i] for g in summaries if len(g["months"]) > i]
        months.append(chart.Month(chart.label(day), day.isoformat(),
                                  sum(m[1] for m in got), sum(m[2] for m in got)))
    feed = sorted((pages.MeetingRow(**m) for g in summaries for m in g["feed"]),
                  key=lambda m: (m.on, m.id), reverse=True)[:FEED]
    out = {}
    out["index.html"] = _render(tpl, "index.html", "site/index.html.j2", options, {
        "series": series, "leads": sorted(leads.items(), key=lambda kv: (-kv[1][1], kv[0])),
        "chart": chart.chart(months), "recent": feed[:5],
        "open": sum(s["open"] for s in series), "overdue": sum(s["overdue"] for s in series)})
    out["log.html"] = _render(tpl, "log.html", "site/log.html.j2", options, {
        "rows": log, "recent_days": pages.RECENT_DAYS})
    out["feed.xml"] = tpl.render("site/feed.xml.j2", {
        "site": options.site, "meetings": feed,
        "updated": feed[0].on if feed else options.today.isoformat()})
    return out


def _render(tpl, path: str, name: str, options: Options, variables: dict) -> str:
    up = "../" * path.count("/")
    return tpl.render(name, {"site": options.site, "up": up, "path": path, **variables})


# ---------------------------------------------------------------- files


def _templates(ws: Any, options: Options) -> tuple[Any, "_RefsShown"]:
    shown = _RefsShown(ws, options)
    return templates(ws.root, shown), shown


class _RefsShown:
    """Whether a reference has a page on this site: a held action, public unless the copy is
    the internal one. A group's own actions are known from its fold (`know`); any other is
    asked of the whole ledger, once."""

    def __init__(self, ws: Any, options: Options) -> None:
        self.ws, self.internal, self.known = ws, options.internal, {}

    def know(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.known[entry.ref] = self._shown(entry)

    def __call__(self, ref: str) -> bool:
        if ref not in self.known:
            self.known[ref] = self._shown(self.ws.ledger().get(ref))
        return self.known[ref]

    def _shown(self, entry: Entry | None) -> bool:
        return entry is not None and entry.held and (self.internal or not entry.confidential)


def _asset(root: Path, name: str) -> str:
    for folder in folders(root):
        if (folder / "site" / name).is_file():
            return (folder / "site" / name).read_text(encoding="utf-8")
    return (DEFAULTS / "site" / name).read_text(encoding="utf-8")


def _site_key(root: Path, options: Options) -> str:
    """Everything every page depends on besides its group's meetings: the tool, the
    options, the roster and settings, and the site's templates."""
    parts = [__version__, str(FORMAT), options.today.isoformat(), str(options.internal),
             options.title, options.base_url, repr(options.marks)]
    for path in [root / "roster.yaml", root / "actionlog.toml"]:
        parts.append(_file_key(path))
    for folder in folders(root):
        site = folder / "site"
        if site.is_dir():
            parts += [f"{p.name}:{_file_key(p)}" for p in sorted(site.iterdir())]
    return _digest(*parts)


def _file_key(path: Path | str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:absent"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _manifest(out: Path) -> dict:
    """The last build's manifest; {} for a new or empty folder. A folder holding other files
    and no manifest is refused: a build would mix its pages with someone else's."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file: name a folder for the site")
    path = out / MANIFEST
    if not path.is_file():
        if out.is_dir() and any(out.iterdir()):
            raise SiteError(f"{out} holds files and was not built by `actionlog site` "
                            f"(no {MANIFEST}); name a new or empty folder")
        return {}
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # damaged: every page is made again, and written where it differs
    return found if isinstance(found, dict) and found.get("format") == FORMAT else {}


def _write(out: Path, path: str, text: str, old: dict[str, str], report: Report) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if old.get(path) == digest and (out / path).is_file():
        report.unchanged += 1
        return digest
    _write_file(out / path, text)
    report.written.append(path)
    return digest


_FOLDERS: set[Path] = set()  # made already by this process


def _write_file(target: Path, text: str) -> None:
    """Written whole or not at all: a temporary file beside it, then renamed."""
    if target.parent not in _FOLDERS:
        target.parent.mkdir(parents=True, exist_ok=True)
        _FOLDERS.add(target.parent)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, target)


def _remove(out: Path, path: str) -> None:
    target = out / path
    if target.is_file():
        target.unlink()
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
