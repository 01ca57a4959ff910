"""Word documents made from the seed notes' text as the originals were laid out: the
attendance as a table of name and capacity, the item grid (number, text, action owner) as
a table where the text came from one, paragraphs as paragraphs."""

from __future__ import annotations

import re

import docx
from docx.shared import Cm, Pt


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
            table.autofit = False
            widths = _widths(rows, width)
            for column, size in zip(table.columns, widths):
                column.width = size
            main = widths.index(max(widths))
            for row in rows:
                row = row + [""] * (width - len(row))
                longest = max(range(len(row)), key=lambda i: len(row[i]))
                if longest < main and not any(row[width - (main - longest):]):
                    # extraction lost the empty cells before the text: put them back
                    row = [""] * (main - longest) + row[:width - (main - longest)]
                cells = table.add_row().cells
                for cell, value, size in zip(cells, row, widths):
                    cell.width = size
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
            if _starts_paragraph(line.strip()) and not (paragraph and _caps(paragraph[-1])
                                                        and _caps(line)):
                flush_paragraph()
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


def _starts_paragraph(text: str) -> bool:
    """A heading, a numbered heading or a bullet: a paragraph of its own in the original,
    though extraction ran it into the line before."""
    return bool(re.match(r"^(?:\d+[a-z]?\.?\s+[A-Z]|[\u2022\uf0b7-]\s)", text)) or _caps(text)


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _widths(rows: list[list[str]], width: int) -> list:
    """Narrow columns for numbers and owners, the widest for the longest text (16 cm)."""
    longest = [max((len(r[i]) if i < len(r) else 0) for r in rows) for i in range(width)]
    main = longest.index(max(longest))
    narrow = [Cm(4.0) if 0 < longest[i] and i != main and max(longest) < 60 else Cm(2.0)
              for i in range(width)]
    rest = Cm(16) - sum(w for i, w in enumerate(narrow) if i != main)
    return [rest if i == main else w for i, w in enumerate(narrow)]
