"""The codec (store/codec.py): a record stored whole and cut (an entry and its brief, as a
list shows it) reads back as the record and as the record with that list cut."""

from __future__ import annotations

import dataclasses
from datetime import date

from actionlog.core.ledger import Entry, Event
from actionlog.core.owners import Owner
from actionlog.store import codec
from actionlog.store.stored import brief, listed


def entry(*updates: str | None) -> Entry:
    history = [Event(f"2016-0{i + 7}-26", date(2016, i + 7, 26), update, "open",
                     due=date(2016, 12, 1) if i else None, owners=[Owner("AB", "AB")])
               for i, update in enumerate(updates)]
    return Entry("2016-06-28/1", "Report back", "2016-06-28", date(2016, 6, 28), "board",
                 "4a (Cyber crime)", "Cyber crime", [Owner("AB", "AB", "Anthony Bangham")],
                 date(2016, 9, 1), None, date(2016, 9, 1), "open", "open", history=history,
                 due_changes=[("2016-07-26", date(2016, 12, 1))])


def test_the_brief_keeps_the_latest_review_with_an_update():
    assert brief(entry()) == []
    assert brief(entry(None, None)) == []
    assert brief(entry("Begun.", None)) == [0]
    assert brief(entry("Begun.", "Half done.", None)) == [1]


def test_a_record_stored_whole_and_cut_reads_back_as_both():
    for e in (entry(), entry("Begun."), entry("Begun.", "Half done.", None), entry(None, "Done.")):
        whole, cut = codec.dumps_cut(e, "history", brief(e))
        assert codec.loads(whole, Entry) == e
        assert codec.loads(cut, Entry) == listed(e) == dataclasses.replace(
            e, history=[e.history[i] for i in brief(e)])
        assert codec.loads(codec.dumps(e), Entry) == e
