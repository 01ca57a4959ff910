"""Work grows with the size of the record, not with its square: carrying N actions walks each
meeting once (not once per action), and grouping reminders compares no entries one by one.
Counted, not timed: the number of actions walked at 1x and 4x the size."""

from __future__ import annotations

from datetime import date

import pytest

from actionlog.core import model
from actionlog.core.carry import Topics, carried_entry
from actionlog.core.ledger import Entry, fold
from actionlog.present import remind


def meeting(n: int) -> model.Meeting:
    items = [model.Item(number=str(i + 1), title=f"Item {i + 1}", actions=[
        model.Action(i * 10 + j + 1, ["AB" if j % 3 else "ALL"], f"Action {i * 10 + j + 1}",
                     date(2016, 7, 20)) for j in range(10)]) for i in range(n // 10)]
    return model.Meeting(id="2016-06-28", path="meetings/2016-06-28.yaml", title="M",
                         series="s", date=date(2016, 6, 28), status="approved",
                         attendees=[model.Person("AB", "Anthony Bangham", "DCC")], items=items)


def walked_to_carry(monkeypatch, n: int) -> int:
    count = 0
    original = model.Meeting.raised_actions

    def counting(self):
        nonlocal count
        for found in original(self):
            count += 1
            yield found

    monkeypatch.setattr(model.Meeting, "raised_actions", counting)
    m = meeting(n)
    book, _problems = fold([m])
    topics = Topics({m.id: m})
    carried = [carried_entry(e, date(2016, 7, 26), topics) for e in book.all()]
    assert len(carried) == n and carried[0].data["topic"] == "Item 1"
    monkeypatch.undo()
    return count


def test_carrying_walks_each_meeting_once(monkeypatch):
    small, large = walked_to_carry(monkeypatch, 200), walked_to_carry(monkeypatch, 800)
    assert small == 200 and large == 800  # linear: 4x the actions, 4x the walk


@pytest.mark.parametrize("n", [200, 800])
def test_grouping_reminders_compares_no_entries(monkeypatch, n):
    book, _problems = fold([meeting(n)])
    compared = 0

    def eq(self, other):
        nonlocal compared
        compared += 1
        return self is other

    monkeypatch.setattr(Entry, "__eq__", eq)
    found = remind.reminders(book.all(), date(2016, 8, 1))
    assert compared == 0
    assert len(found) == 1 and len(found[0].own) + len(found[0].shared) == n
