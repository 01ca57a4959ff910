"""The events reader (store/events.py) reads what yamlio's reader reads: here, the plain
values it builds without asking the resolver (whole numbers), and those it must not."""

from __future__ import annotations

import pytest

from actionlog.store import events, yamlio

NUMBERS = ["0", "7", "10", "23500", "007", "0123", "-5", "+5", "1_000", "0x1F", "0o17",
           "1.5", "١٢٣", "²", "12345678901234567890123", "9" * 5000, "08", "0.0"]


@pytest.mark.parametrize("value", NUMBERS)
def test_a_plain_number_is_read_as_yamlio_reads_it(value):
    text = f"id: {value}\nitems:\n  - id: {value}\n    again: [{value}, {value}]\n"
    found = events.parse(text, "x.yaml")
    assert found == yamlio.parse(text, "x.yaml")
    if not found[1]:
        assert [type(v) for v in found[0]["items"][0]["again"]] == [type(found[0]["id"])] * 2
