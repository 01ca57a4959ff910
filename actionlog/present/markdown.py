"""Text as Markdown: every field a template prints is escaped here, once, so that a
template never escapes anything itself and an officer's text never turns into markup."""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"([\\`*_{}\[\]<#|~^$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_CITATION = re.compile(r"(?<!\w)@")
_LIST_NUMBER = re.compile(r"^(\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+))([.)])(?=\s|$)")
_BLOCK_START = re.compile(r"^([-+>=:])")


def _escape_line(line: str, block: bool = True) -> str:
    """One line of plain text as Markdown that reads as that same text (CommonMark, pandoc)."""
    line = line.strip()
    line = _ESCAPE.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _CITATION.sub(r"\\@", line)
    if not block:
        return line
    # a line must not open a list, quote, heading underline or definition
    line = _LIST_NUMBER.sub(r"\1\\\2", line)
    return _BLOCK_START.sub(r"\\\1", line)


def _lines(text: str) -> list[str]:
    return [ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if ln.strip()]


def md(text: str | None) -> str:
    """A paragraph (or list item): escaped, its own line breaks kept as hard breaks."""
    return "\\\n".join(_escape_line(ln) for ln in _lines(text or ""))


def md_inline(text: str | None) -> str:
    """Text for a heading or a run of text: escaped, on one line."""
    return " ".join(_escape_line(ln) for ln in _lines(text or ""))


def md_heading(text: str | None) -> str:
    """Text after a heading's marker: escaped, on one line ("1. Title" stays as written)."""
    return " ".join(_escape_line(ln, block=False) for ln in _lines(text or ""))


def md_cell(text: str | None) -> str:
    """Text for a table cell: escaped (pipes too), line breaks as <br>."""
    return "<br>".join(_escape_line(ln) for ln in _lines(text or ""))
