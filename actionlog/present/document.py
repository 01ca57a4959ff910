"""The layout of a circulated document (Word, PDF, HTML), shared by every writer: sections
(portrait, or landscape for the trackers), headings, paragraphs and tables whose column
widths are fitted to their content, so a reference or a date never breaks and the action
text gets the room. Pure: plain text in, records and millimetres out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

A4 = (210.0, 297.0)  # mm, portrait
MARGIN_MM = 20.0
PT_MM = 25.4 / 72
CHAR_EM = 0.6  # a generous average character of Arial (digits 0.556 em, capitals wider)
CELL_PAD_MM = 2 * 1.9  # left and right cell margins: Word's default, and the PDF's CSS
BODY_PT = 11.0
TABLE_PT = 10.0
LANG = "en-GB"
_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")
_DIGIT = re.compile(r"\d")


class Run(NamedTuple):  # not a frozen dataclass: a long log makes 200,000 (a third faster)
    """A line of a cell or a piece of a paragraph. `keep`: never broken (a reference or
    a date); `flag`: an alert shown in words and colour (overdue)."""

    text: str
    bold: bool = False
    keep: bool = False
    flag: bool = False


@dataclass(frozen=True)
class Heading:
    level: int  # 0 for the document's title, 1.. for Heading 1..
    text: str


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]  # a run's "\n" is a line break within the paragraph
    kind: str = "body"  # body | bullet | numbered (its number is in the text) | notice
    number: str = ""  # a numbered list item's number, when it is not in the text


@dataclass(frozen=True)
class Column:
    title: str
    weight: int  # 0: as wide as its content needs; else a share of the room left


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[tuple[Run, ...], ...], ...]  # row -> cell -> lines
    caption: str = ""  # what the table is, for a screen reader
    size_pt: float = TABLE_PT
    # the longest piece that must not break in each column of this table and the tables
    # shown with it, so their columns line up (column_fit); () for this table's own
    fit: tuple[int, ...] = ()


Block = Heading | Para | Table


@dataclass
class Section:
    landscape: bool
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    title: str  # the document's title: core properties, the PDF's window title, the footer
    subject: str  # "Agenda", "Meeting notes", "Action log"
    marking: str  # the protective marking in header and footer ("OFFICIAL"), or ""
    sections: list[Section]


class Builder:
    """Blocks added in reading order; a tracker opens a landscape section, and the text
    after it goes back to portrait."""

    def __init__(self) -> None:
        self.sections: list[Section] = [Section(False)]

    def orientation(self, landscape: bool) -> None:
        current = self.sections[-1]
        if current.landscape == landscape:
            return
        if current.blocks:
            self.sections.append(Section(landscape))
        else:
            current.landscape = landscape

    def add(self, block: Block) -> None:
        self.sections[-1].blocks.append(block)

    def heading(self, level: int, text: str) -> None:
        self.add(Heading(level, text))

    def para(self, *runs: Run, kind: str = "body") -> None:
        self.add(Para(tuple(runs), kind))

    def text(self, text: str, kind: str = "body") -> None:
        if text:
            self.para(Run(text), kind=kind)

    def rich(self, blocks: list[tuple[str, str, str]], *lead: Run,
             kind: str = "body") -> None:
        """Rich text's blocks (present/plain.blocks) as paragraphs and list items; `lead`
        (a bold label, say) opens the first paragraph, or stands alone before a list."""
        if lead and (not blocks or blocks[0][0] != "body"):
            self.para(*lead, kind=kind)
            lead = ()
        for i, (what, number, text) in enumerate(blocks):
            if what == "body":
                self.para(*lead, Run(text), kind=kind if i == 0 else "body")
                lead = ()
            else:
                self.add(Para((Run(text),), what, number))

    def field(self, label: str, value: str) -> None:
        """'Date: Tuesday 26 July 2016': a bold label and its value."""
        if value:
            self.para(Run(f"{label}: ", bold=True), Run(value))

    def done(self, title: str, subject: str, marking: str) -> Document:
        sections = [s for s in self.sections if s.blocks] or [Section(False)]
        return Document(title, subject, marking, sections)


# ---------------------------------------------------------------- column widths


def usable_mm(landscape: bool) -> float:
    width = A4[1] if landscape else A4[0]
    return width - 2 * MARGIN_MM


def char_mm(size_pt: float) -> float:
    """The width of one character at `size_pt`, as the widths are fitted."""
    return size_pt * CHAR_EM * PT_MM


def atoms(run: Run) -> list[str]:
    """The pieces of a line that must stay whole: the line itself when kept, else its
    dates and words (a line breaks only between words, and never inside a date)."""
    if run.keep:
        return [run.text]
    text = run.text
    if not _DIGIT.search(text):  # no date in it: its words
        return text.split()
    found = _DATE.findall(text)
    return found + _DATE.sub(" ", text).split()


def column_fit(columns: tuple[Column, ...], rows: Iterable[tuple]) -> tuple[int, ...]:
    """The longest piece in each column that must not break, in characters: of its title
    and of its cells in `rows`."""
    out = [max([len(w) for w in c.title.split()] + [1]) for c in columns]
    for row in rows:
        for col, cell in enumerate(row):
            for run in cell:
                for a in atoms(run):
                    if len(a) > out[col]:
                        out[col] = len(a)
    return tuple(out)


def widths(table: Table, landscape: bool, size_pt: float | None = None) -> list[float]:
    """Column widths (mm) filling the page: columns of weight 0 as wide as their content,
    the rest sharing what is left by weight, none narrower than its longest word. The text
    is `size_pt` points (by default the table's)."""
    total = usable_mm(landscape)
    size = size_pt or table.size_pt
    least = [chars * char_mm(size) + CELL_PAD_MM
             for chars in table.fit or column_fit(table.columns, table.rows)]
    out = list(least)
    flexible = [i for i, c in enumerate(table.columns) if c.weight > 0]
    room = total - sum(least[i] for i in range(len(least)) if i not in flexible)
    # give each flexible column its share; one whose share is below its need keeps its need
    while flexible:
        weight = sum(table.columns[i].weight for i in flexible)
        shares = {i: room * table.columns[i].weight / weight for i in flexible}
        short = [i for i in flexible if shares[i] < least[i]]
        if not short:
            for i in flexible:
                out[i] = shares[i]
            break
        for i in short:
            room -= least[i]
            flexible.remove(i)
    scale = total / sum(out)
    return [w * scale for w in out] if scale < 1 else out
