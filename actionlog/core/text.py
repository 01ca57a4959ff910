"""Rich text: the small Markdown subset an officer's text fields may use (README, "Text"):
paragraphs separated by a blank line, and lists: two or more lines in a row starting "- "
(or "* ", "• "), or "1. " (or "1) "). Nothing else is markup: emphasis, links and headings
stay text as written.

A text without a blank line or such a list reads as it always did: one paragraph, its line
breaks kept (a single line starting "- " or "1. " is text, as it always was). Pure: text in, blocks out; each output format lays the blocks out its own way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH, BULLET, NUMBERED = "paragraph", "bullet", "numbered"
_BULLET = re.compile(r"^[-*•]\s+(?=\S)")
_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, or one item of a list (`number` as written for a numbered one)."""

    kind: str
    lines: tuple[str, ...]  # the line breaks written inside it are kept
    number: str = ""


def _marker(line: str) -> tuple[str, str, int] | None:
    """(kind, number, where the item's text starts) for a line that opens a list item."""
    found = _BULLET.match(line)
    if found:
        return BULLET, "", found.end()
    found = _NUMBER.match(line)
    if found:
        return NUMBERED, found.group(1), found.end()
    return None


def blocks(text: str | None) -> list[Block]:
    """The paragraphs and list items of a text, in order. A list is two or more items in a
    row; a single line that starts "- " or "1. " is text as written (as it always was)."""
    lines = [raw.strip() for raw in
             (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    marks = [_marker(line) for line in lines]
    out: list[Block] = []
    current: list[str] = []
    kind, number = PARAGRAPH, ""

    def close() -> None:
        if current:
            out.append(Block(kind, tuple(current), number))
        current.clear()

    for i, line in enumerate(lines):
        if not line:
            close()
            kind, number = PARAGRAPH, ""
            continue
        mark = marks[i]
        if mark is not None and (kind == mark[0] or _in_a_list(lines, marks, i)):
            close()
            kind, number = mark[0], mark[1]
            line = line[mark[2]:]
        current.append(line)
    close()
    return out


def _in_a_list(lines: list[str], marks: list, start: int) -> bool:
    """Whether the item opening at line `start` has another of its kind after it, before a
    blank line or an item of another kind (its own wrapped lines may come between)."""
    kind = marks[start][0]
    for line, mark in zip(lines[start + 1:], marks[start + 1:]):
        if not line or (mark is not None and mark[0] != kind):
            return False
        if mark is not None:
            return True
    return False


def is_rich(text: str | None) -> bool:
    """Whether the text is more than one plain paragraph."""
    found = blocks(text)
    return len(found) > 1 or any(b.kind != PARAGRAPH for b in found)
