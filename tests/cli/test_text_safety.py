"""Text from meeting files reaching a spreadsheet or a terminal does no harm there."""

from __future__ import annotations

import csv
import io

from actionlog.present.output import as_csv, csv_safe


def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed():
    records = [{"ref": "2020-01-07/1", "action": '=HYPERLINK("http://evil","x")',
                "owner": "+AB", "status": "-1", "latest_update": "@SUM(A1)", "n": 3}]
    rows = list(csv.DictReader(io.StringIO(as_csv(records))))
    assert rows[0]["action"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert rows[0]["owner"] == "'+AB" and rows[0]["status"] == "'-1"
    assert rows[0]["latest_update"] == "'@SUM(A1)"
    assert rows[0]["ref"] == "2020-01-07/1" and rows[0]["n"] == "3"


def test_plain_text_cells_are_left_alone():
    assert csv_safe("Clarify the date") == "Clarify the date"
    assert csv_safe(None) is None and csv_safe(False) is False
