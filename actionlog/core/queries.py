"""Questions asked of the ledger: which actions are open, for whom, in what order.

Pure: the ledger and the options in, plain rows out; the CLI chooses how to print them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry, Ledger  # or store.stored.StoredLedger: the same questions
from actionlog.core.owners import (ALL, Holders, RosterEntry, asked_for, asked_for_now,
                                   fold_key, holder_now)
from actionlog.core.refs import meeting_of, stem

SORT_KEYS = ("due", "ref", "owner", "raised", "overdue")


@dataclass(frozen=True)
class Filters:
    owners: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    overdue: bool = False
    due_before: date | None = None
    sort: str = "due"


def outstanding(ledger: Ledger, today: date, filters: Filters) -> list[Entry]:
    """The open actions that pass every filter, sorted."""
    rows = []
    for entry in ledger.open(filters.series, filters.owners):
        if filters.overdue and not entry.days_overdue(today):
            continue
        if filters.due_before and (entry.due is None or entry.due >= filters.due_before):
            continue
        rows.append(entry)
    return sorted(rows, key=_sort_key(filters.sort, today))


def _sort_key(name: str, today: date):
    far = date.max
    by_ref = Entry.order
    return {
        "due": lambda e: (e.due or far, by_ref(e)),
        "ref": by_ref,
        "raised": by_ref,
        "owner": lambda e: (e.owner_label().casefold(), e.due or far, by_ref(e)),
        "overdue": lambda e: (-e.days_overdue(today), e.due or far, by_ref(e)),
    }[name]


def record(entry: Entry, today: date, now: Holders | None = None) -> dict:
    """One action as a flat, JSON-ready record."""
    return {
        "ref": entry.ref,
        "action": entry.text,
        "owner": entry.owner_label(),
        # who holds the owner's role now, where that is someone else (the role as it was
        # held when the action was raised or reassigned is what "owner" says)
        "holder_now": _holders_now(entry, now),
        "owners": [{"written": o.written, "id": o.id, "name": o.name, "role": o.role}
                   for o in entry.owners],
        "series": entry.series,
        "raised": entry.meeting_id,
        "raised_date": entry.meeting_date.isoformat(),
        "brought_from": entry.brought_from,  # raised in a meeting not kept here: which one
        "item": entry.item,
        "original_due": _iso(entry.original_due),
        "due": _iso(entry.due),
        "due_written": entry.due_written,
        "slipped": entry.slipped,
        "status": entry.status,
        "latest_update": entry.latest_update,
        "age_days": (today - entry.meeting_date).days,
        "days_overdue": entry.days_overdue(today),
        "confidential": entry.confidential,  # Part 2, by itself or from an item above it
        **proposed(entry),
    }


def _holders_now(entry: Entry, now: Holders | None) -> str | None:
    """'DCC Amanda Blakeman' where someone else holds an owner's role now; None if no one
    does (or `now` was not asked)."""
    if now is None:
        return None
    return ", ".join(h for h in (holder_now(o, now) for o in entry.owners) if h) or None


def proposed(entry: Entry) -> dict:
    """What the drafts propose for an action, as flat fields (None where nothing is)."""
    p = entry.proposal
    return {
        "proposed": proposal_text(entry) or None,
        "proposed_status": p.status[0] if p and p.status else None,
        "proposed_due": _iso(p.due[0]) if p and p.due else None,
        "proposed_owner": ", ".join(o.label() for o in p.owners[0]) if p and p.owners
        else None,
        "proposed_update": p.update if p else None,
        "proposed_at": p.meeting_id if p else None,
    }


_PROPOSED = {"discharged": "closure", "proposed-closure": "closure", "withdrawn": "withdrawal",
             "in-progress": "in progress", "open": "reopening"}


def proposal_text(entry: Entry) -> str:
    """'closure proposed for 26 September 2017: Done' (a draft's proposals in words), or ''."""
    p = entry.proposal
    if p is None:
        return ""
    parts = []
    if p.status:
        parts.append(_PROPOSED.get(p.status[0], p.status[0]))
    if p.due:
        parts.append(f"new due date {long_date(p.due[0])}" if p.due[0] else
                     "new due date: the next meeting")
    if p.owners:
        parts.append(f"new owner {', '.join(o.label() for o in p.owners[0])}")
    text = f"{', '.join(parts) or 'update'} proposed for {long_date(p.date)}"
    return text + (f": {p.update}" if p.update else "")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def owner_counts(entries: list[Entry]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for e in entries:
        for o in e.owners:
            counts[o.label()] = counts.get(o.label(), 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def owners_asked(asked: tuple[str, ...], ledger: Ledger, roster: list[RosterEntry],
                 now: Holders | None = None) -> tuple[tuple[str, ...], list[str]]:
    """The keys to look for (each owner asked for, and whom it names in the roster; with
    `now`, a role means the person who holds it now), and a message for each owner asked for
    that nobody answers to: no owner of any action, no one in the roster, no holder now."""
    in_roster = {fold_key(v) for e in roster for v in (e.id, e.name, e.role) if v}
    keys: list[str] = []
    unknown = []
    for query in asked:
        holder = asked_for_now(query, now) if now is not None else frozenset()
        forms = holder or asked_for(query, roster)
        keys += sorted(forms)
        # someone who holds that role now is known, whether or not they owe anything
        if fold_key(query) != ALL.casefold() and not holder and not forms & in_roster \
                and not ledger.knows_owner(forms):
            known = ledger.owner_keys() | in_roster  # all of them only for a suggestion
            close = difflib.get_close_matches(fold_key(query), sorted(known), n=3, cutoff=0.6)
            unknown.append(f"no action has an owner '{query}'" +
                           (f" (did you mean {', '.join(repr(c) for c in close)}?)"
                            if close else ""))
    return tuple(dict.fromkeys(keys)), unknown


def nearest_refs(ledger: Ledger, ref: str, n: int = 3) -> list[str]:
    refs = ledger.refs()
    close = difflib.get_close_matches(ref, refs, n=n, cutoff=0.5)
    if not close:
        close = [r for r in refs if stem(meeting_of(r)) == stem(meeting_of(ref))][:n]
    return close
