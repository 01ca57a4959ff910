"""Text as Markdown: every field a template prints is escaped here, once, so that a
template never escapes anything itself and an officer's text never turns into markup."""

from __future__ import annotations

import re
from functools import lru_cache

from actionlog.core.text import BULLET, NUMBERED, PARAGRAPH, blocks

_ESCAPE = re.compile(r"[\\`*_{}\[\]<#|~^$]")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_CITATION = re.compile(r"(?<!\w)@")
_SPECIAL = re.compile(r"[\\`*_{}\[\]<#|~^$&@]")  # any character the three above escape
_LIST_NUMBER = re.compile(r"^(\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+))([.)])(?=\s|$)")
_BLOCK_START = frozenset("-+>=:")


def _slash(found: re.Match) -> str:
    return "\\" + found.group()


def _escape_line(line: str, block: bool = True) -> str:
    """One line of plain text as Markdown that reads as that same text (CommonMark, pandoc)."""
    line = line.strip()
    if _SPECIAL.search(line) is not None:  # most lines have nothing to escape
        line = _ESCAPE.sub(_slash, line)
        if "&" in line:
            line = _ENTITY.sub(r"\\&", line)
        if "@" in line:
            line = _CITATION.sub(r"\\@", line)
    if not block or not line:
        return line
    # a line must not open a list, quote, heading underline or definition
    if line[0] in _BLOCK_START:
        return "\\" + line
    found = _LIST_NUMBER.match(line)
    if found is not None:
        return f"{line[:found.end(1)]}\\{line[found.end(1):]}"
    return line


def _one_line(text: str | None) -> bool:
    """Whether the text is at most one line: one paragraph of itself, as `blocks` reads it."""
    return text is None or ("\n" not in text and "\r" not in text)


def _lines(text: str) -> list[str]:
    return [ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if ln.strip()]


INDENT = "   "  # blocks after the first: still inside a list item ("- ", "1. ") they follow


def md(text: str | None) -> str:
    """Rich text (core/text.py): escaped, its line breaks kept as hard breaks, its
    paragraphs and lists as Markdown's. Lines after the first are indented, so that the
    value stays whole where a template puts it in a list item or after a label; a text
    opening with a list starts on a line of its own."""
    if _one_line(text):
        return _escape_line(text) if text else ""  # type: ignore[arg-type]
    found = blocks(text)
    if not found:
        return ""
    if found[0].kind == PARAGRAPH:  # a plain paragraph reads as it always did
        out = "\\\n".join(_escape_line(ln) for ln in found[0].lines)
        previous, found = found[0], found[1:]
    else:
        out, previous = "", None
    rest = ""
    for block in found:
        body = "\\\n".join(_escape_line(ln) for ln in block.lines)
        if block.kind == BULLET:
            body = f"- {body}"
        elif block.kind == NUMBERED:
            body = f"{block.number}. {body}"
        # the items of one list close up; anything else stands apart
        rest += "\n" if previous is not None and previous.kind == block.kind != PARAGRAPH \
            else "\n\n"
        rest += body
        previous = block
    return out + "".join("\n" + (INDENT + ln if ln else "") for ln in rest.split("\n")[1:])


def md_inline(text: str | None) -> str:
    """Text for a heading or a run of text: escaped, on one line."""
    if _one_line(text):
        return _escape_line(text) if text else ""  # type: ignore[arg-type]
    return " ".join(_escape_line(ln) for ln in _lines(text or ""))


def md_heading(text: str | None) -> str:
    """Text after a heading's marker: escaped, on one line ("1. Title" stays as written)."""
    if _one_line(text):
        return _escape_line(text, block=False) if text else ""  # type: ignore[arg-type]
    return " ".join(_escape_line(ln, block=False) for ln in _lines(text or ""))


@lru_cache(maxsize=16384)  # a table repeats its dates, owners and sources
def md_cell(text: str | None) -> str:
    """Text for a table cell: escaped (pipes too), line breaks as <br>; a list's items as
    lines of their own, each with its bullet or number."""
    if _one_line(text):
        return _escape_line(text) if text else ""  # type: ignore[arg-type]
    out = []
    for block in blocks(text):
        lines = [_escape_line(ln) for ln in block.lines]
        if block.kind == BULLET:
            lines[0] = f"• {lines[0]}"
        elif block.kind == NUMBERED:
            lines[0] = f"{block.number}\\. {lines[0]}"
        out.extend(lines)
    return "<br>".join(out)
