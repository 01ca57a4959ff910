"""Word documents made from the seed notes' text as the originals were laid out: the
attendance as a table of name and capacity, the item grid (number, text, action owner) as
a table where the text came from one, paragraphs as paragraphs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt


DATA = Path(__file__).resolve().parent / "data"
DATES = ("2016-06-28", "2016-07-26", "2017-08-22")


def notes_as(kind: str, folder: Path) -> list[str]:
    """The three notes as `kind` (text, docx, docx-numbered, pdf) in `folder`: the tests'
    inputs and the accuracy benchmark's."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for day in DATES:
        source = DATA / f"notes-{day}.txt"
        if kind in ("docx", "docx-numbered"):
            # docx-numbered: the items' numbers from Word's list numbering, not typed
            target = folder / f"notes-{day}.docx"
            seed_docx(source.read_text(encoding="utf-8"), str(target),
                      auto_numbers=kind == "docx-numbered")
        else:
            target = folder / f"notes-{day}.{'txt' if kind == 'text' else 'pdf'}"
            shutil.copy(DATA / target.name, target)
        out.append(str(target))
    return out


def seed_docx(text: str, path: str, auto_numbers: bool = False) -> None:
    """`auto_numbers`: the numbers typed before the items' headings (1., 4a) and before
    numbered paragraphs are left out, and the paragraphs numbered by Word's lists instead."""
    document = docx.Document()
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    lines = text.replace("\r", "").split("\n")
    paragraph: list[str] = []
    rows: list[list[str]] = []
    lists = _Lists(document) if auto_numbers else None

    def flush_paragraph() -> None:
        if paragraph:
            written = " ".join(" ".join(paragraph).split())
            if lists is None:
                document.add_paragraph(written)
            else:
                lists.add(written)
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


_ITEMS, _BODY = "90", "91"  # the abstract lists: the items' headings, numbered paragraphs


def _level(ilvl: int, fmt: str, text: str) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


class _Lists:
    """Paragraphs numbered as Word numbers them: the items' headings on one list (level 0
    "1.", level 1 "4a" as "%1%2"), each run of numbered paragraphs on a list of its own
    that starts at its typed number (a w:num overriding the start of a shared abstract
    list)."""

    def __init__(self, document) -> None:
        self.document = document
        self.numbering = document.part.numbering_part.element
        first_num = self.numbering.find(qn("w:num"))
        for abstract, levels in ((_ITEMS, _level(0, "decimal", "%1.")
                                  + _level(1, "lowerLetter", "%1%2")),
                                 (_BODY, _level(0, "decimal", "%1."))):
            first_num.addprevious(parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract}">'
                f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'))
        self.items = self._num(_ITEMS)
        self.body: str | None = None
        self.body_last = 0
        self.top = 0
        self.numbered = 0  # paragraphs numbered by a list, for the tests to check

    def _num(self, abstract: str, start: int | None = None) -> str:
        num_id = str(max(int(n) for n in self.numbering.xpath("w:num/@w:numId")) + 1)
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/>'
                    f'</w:lvlOverride>' if start else "")
        self.numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
            f'{override}</w:num>'))
        return num_id

    def add(self, text: str) -> None:
        found = re.match(r"^(\d+)([a-z])?\.?\s+(\S.*)$", text)
        number = int(found.group(1)) if found else 0
        if found and not found.group(2) and number == self.top + 1:
            self.top = number
            return self._numbered(found.group(3), self.items, 0)
        if found and found.group(2) and number == self.top:
            return self._numbered(found.group(3), self.items, 1)
        if found and not found.group(2) and text[len(found.group(1))] == ".":
            if number != self.body_last + 1 or self.body is None:
                self.body = self._num(_BODY, start=number)
            self.body_last = number
            return self._numbered(found.group(3), self.body, 0)
        self.document.add_paragraph(text)

    def _numbered(self, text: str, num_id: str, ilvl: int) -> None:
        paragraph = self.document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
            f'</w:numPr>'))
        self.numbered += 1
