"""Word documents made from the seed notes' text as the originals were laid out: the
attendance as a table of name and capacity, the item grid (number, text, action owner) as
a table where the text came from one, paragraphs as paragraphs."""

from __future__ import annotations

import re

import docx
from docx.shared import Pt


def seed_docx(text: str, path: str) -> None:
    document = docx.Document()
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    lines = text.replace("\r", "").split("\n")
    paragraph: list[str] = []
    rows: list[list[str]] = []

    def flush_paragraph() -> None:
        if paragraph:
            document.add_paragraph(" ".join(" ".join(paragraph).split()))
            paragraph.clear()

    def flush_rows() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row + [""] * (width - len(row))):
                    cell.text = value
            rows.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        if "\t" not in line and re.match(r"^ *Name: *Capacity: *$", line.strip()):  # attendance flattened by extraction
            flush_paragraph()
            index = _attendance(lines, index + 1, rows)
            flush_rows()
            continue
        if "\t" in line:
            flush_paragraph()
            rows.append([" ".join(c.split()) for c in line.split("\t")])
        elif not line.strip():
            flush_rows()
            nxt = next((l for l in lines[index + 1:] if l.strip()), "")
            if not nxt.strip()[:1].islower():
                flush_paragraph()
        else:
            flush_rows()
            paragraph.append(line.strip())
        index += 1
    flush_paragraph()
    flush_rows()
    document.save(path)


def _attendance(lines: list[str], index: int, rows: list[list[str]]) -> int:
    """The names, then the capacities, then 'Apologies: NAME  CAPACITY' as table rows."""
    found: list[str] = []
    while not lines[index].strip().lower().startswith("apologies"):
        text = lines[index].strip()
        if text and not text.lower().startswith("attendance"):
            found.append(text)
        index += 1
    half = len(found) // 2
    rows.append(["", "Name:", "Capacity:"])
    for n, (name, capacity) in enumerate(zip(found[:half], found[half:])):
        rows.append(["Attendance:" if n == 0 else "", name, capacity])
    apology = lines[index].strip()[len("Apologies:"):].strip()
    name, _, capacity = apology.partition("  ")
    rows.append(["Apologies:", name.strip(), capacity.strip()])
    return index + 1
