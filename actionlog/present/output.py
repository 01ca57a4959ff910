"""Printing query results: a rich table on a terminal, plain text, JSON, CSV or Markdown.

Rich is imported only when a terminal table is drawn.
"""

from __future__ import annotations

import csv
import io
import json

from actionlog.present.markdown import md_cell

COLUMNS = (("ref", "Ref"), ("action", "Action"), ("owner", "Owner"), ("raised", "Raised"),
           ("due", "Due"), ("status", "Status / latest update"), ("overdue", "Overdue"))


def cells(record: dict) -> dict[str, str]:
    """The text of each column for one record."""
    due = record["due"] or (record["due_written"] or "")
    if record["slipped"]:
        due += f" (was {record['original_due'] or 'unset'})"
    status = record["status"]
    if record["latest_update"]:
        status += f": {record['latest_update']}"
    if record.get("proposed"):
        status += f"; {record['proposed']}"
    if record.get("confidential"):
        status = "Confidential (Part 2). " + status
    overdue = f"{record['days_overdue']} days" if record["days_overdue"] else ""
    owner = record["owner"]
    if record.get("holder_now"):
        owner += f" (now {record['holder_now']})"
    return {"ref": record["ref"], "action": record["action"], "owner": owner,
            "raised": record.get("brought_from") or record["raised_date"], "due": due,
            "status": status,
            "overdue": overdue}


def _indented(text: str, indent: str) -> str:
    return indent + "\n".join(indent + ln if ln.strip() else "" for ln in text.split("\n"))[
        len(indent):]


def as_json(records: list[dict]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def as_csv(records: list[dict]) -> str:
    out = io.StringIO()
    fields = [k for k in records[0] if k not in ("owners", "owner_history")] if records \
        else ["ref"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in r.items()} for r in records)
    return out.getvalue()


# a spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(...))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A text cell a spreadsheet would take for a formula, prefixed with ' (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def as_markdown(records: list[dict]) -> str:
    head = "| " + " | ".join(title for _k, title in COLUMNS) + " |"
    rule = "|" + "|".join("---" for _ in COLUMNS) + "|"
    rows = ["| " + " | ".join(md_cell(cells(r)[k]) for k, _t in COLUMNS) + " |"
            for r in records]
    return "\n".join([head, rule, *rows]) + "\n"


def footer(records: list[dict], counts: list[tuple[str, int]]) -> str:
    """'6 open: DCC Anthony Bangham 3, ...': the count per owner under a listing."""
    return f"{len(records)} open: " + ", ".join(f"{name} {n}" for name, n in counts)


def as_plain(records: list[dict], counts: list[tuple[str, int]]) -> str:
    """Aligned columns, no colour: for pipes, files and logs."""
    out = []
    for r in records:
        c = cells(r)
        flag = f"  OVERDUE {c['overdue']}" if c["overdue"] else ""
        out.append(f"{c['ref']}  [{c['owner']}]  due {c['due'] or '-'}{flag}")
        # a text of several paragraphs stays under its action
        out.append(_indented(c['action'], "    "))
        out.append(_indented(c['status'], "    "))
    out.append("")
    out.append(footer(records, counts))
    return "\n".join(out) + "\n"


def print_table(records: list[dict], counts: list[tuple[str, int]], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=True, expand=True)
    # the text columns share the width; references and dates are never broken
    ratios = {"action": 4, "status": 3, "owner": 2}
    for key, name in COLUMNS:
        if key in ratios:
            table.add_column(name, ratio=ratios[key], overflow="fold")
        else:
            table.add_column(name, no_wrap=True)
    for r in records:
        c = cells(r)
        style = "red" if r["days_overdue"] else None
        table.add_row(*(c[k] for k, _n in COLUMNS), style=style)
    console = Console()
    console.print(table)
    console.print(footer(records, counts))
