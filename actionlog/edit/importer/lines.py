"""Lines of a document, whatever it was (text, Word, PDF), and the blocks they make: a
paragraph joined across the hard line breaks of extracted text, or a table row. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One line as read: its text, a table row's cells, where it was, and whether a
    paragraph certainly ends with it (a Word paragraph, a table row)."""

    text: str
    cells: tuple[str, ...] = ()
    where: str = ""
    hard: bool = False


@dataclass(slots=True)
class Block:
    """A paragraph or a table row, with where it starts."""

    text: str
    cells: tuple[str, ...] = ()
    where: str = ""


_SUP = re.compile(r"<sup>(.*?)</sup>", re.I)
_TAGS = re.compile(r"</?(?:b|i|u|em|strong|span)[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_CHARS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                        "\u00a0": " ", "\u2009": " ", "\u200b": "", "\ufeff": "", "`": "'",
                        "\u2022": "\u2022", "\uf0b7": "\u2022", "\uf0a7": "\u2022",
                        "\u25cf": "\u2022", "\u00b7": "\u2022", "\f": "\n", "\r": ""})


def clean(text: str) -> str:
    """Extraction debris undone: <br/> as a line break, <sup>th</sup> as th, typographic
    quotes as plain ones, odd spaces as spaces."""
    text = _BR.sub("\n", text)
    text = _SUP.sub(r"\1", text)
    text = _TAGS.sub("", text)
    return text.translate(_CHARS)


def text_lines(text: str) -> list[Line]:
    """Extracted text: a line with tabs is a table row (its cells), any other a line."""
    out = []
    for number, raw in enumerate(clean(text).split("\n"), 1):
        where = f"line {number}"
        if "\t" in raw:
            cells = tuple(" ".join(c.split()) for c in raw.split("\t"))
            if any(cells):
                out.append(Line(" ".join(c for c in cells if c), cells, where, hard=True))
                continue
        out.append(Line(raw.strip(), (), where))
    return out


BULLET = re.compile(r"^(?:[\u2022\u25aa\u2013\-*\uf0d8\uf076o]|\d+[.)])\s+")
LABEL = re.compile(r"^(findings|update|actions? arising|questions?|assurance|in summary|"
                   r"discussion|outcome|attendance|apologies|name|capacity|date|chair|"
                   r"minutes|venue|present)\b\s*(?::-?|-(?=\s)|$)", re.I)
NUMBERED = re.compile(r"^\d+[a-z]?(?:\.\d+)*[.)]?\s+\S")


def caps(text: str) -> bool:
    """Mostly capital letters: a heading in this house style."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


_HEADER = re.compile(r"^(?:Date|Chair|Minutes|Venue|Time|Location)\b")


def _starts_block(text: str) -> bool:
    return bool(BULLET.match(text) or NUMBERED.match(text) or LABEL.match(text)
                or _HEADER.match(text)
                or (caps(text) and len(text) < 100))


def _ends_block(text: str) -> bool:
    stripped = text.rstrip()
    return (stripped.endswith((":", ":-", "?")) or bool(LABEL.fullmatch(stripped))
            or (caps(stripped) and len(stripped) < 100))


def blocks(lines: list[Line]) -> list[Block]:
    """Paragraphs joined across the line breaks of extraction; rows kept whole.

    A blank line ends a paragraph unless the next line goes on in lower case (a page break
    or a list's wrapped line); a bullet, a number, a label or a heading starts a new one."""
    out: list[Block] = []
    open_para: Block | None = None
    gap = False
    for line in lines:
        text = line.text.strip()
        if line.cells:
            if out and _carries_on(out[-1], line):
                # a row split by a page break, or a paragraph run into the table
                _join_row(out[-1], line)
            else:
                out.append(Block(text, line.cells, line.where))
            open_para, gap = None, False
            continue
        if not text:
            gap = True
            continue
        continues = (open_para is not None and not gap and NUMBERED.match(text)
                     and bool(_CONNECTIVE.search(open_para.text))  # "... group of / 15 CSPs"
                     or open_para is not None and not _starts_block(text)
                     and not _ends_block(open_para.text)
                     and (not gap or text[0].islower() or text[0] in ",;)")
                     or open_para is not None and caps(open_para.text) and caps(text)
                     and not gap and not NUMBERED.match(text) and not LABEL.match(text))
        if continues and open_para is not None:
            open_para.text = f"{open_para.text} {text}"
        else:
            open_para = Block(text, (), line.where)
            out.append(open_para)
        gap = False
        if line.hard:
            open_para = None
    for block in out:
        block.text = " ".join(block.text.split())
    return out


_CONNECTIVE = re.compile(r"\b(?:and|or|of|the|a|an|to|in|for|with|because|that|but|by|on)$",
                         re.I)


def row_text(cells: tuple[str, ...]) -> str:
    """A row's text: its longest cell (the others hold a number or an owner)."""
    return max(cells, key=len) if cells else ""


def _carries_on(before: Block, line: Line) -> bool:
    text = row_text(line.cells)
    if not text or not before.text:
        return False
    if BULLET.match(text) or NUMBERED.match(text):
        return False
    return text[0].islower() or bool(_CONNECTIVE.search(before.text.rstrip()))


def _join_row(before: Block, line: Line) -> None:
    text = row_text(line.cells)
    if before.cells:
        main = before.cells.index(row_text(before.cells))
        cells = list(before.cells)
        cells[main] = f"{cells[main]} {text}"
        extra = [c for c in line.cells if c and c != text]
        if extra and len(cells) > 2 and not cells[-1]:
            cells[-1] = extra[-1]
        before.cells = tuple(cells)
    before.text = f"{before.text} {text}"
