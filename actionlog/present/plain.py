"""Markdown of the view-models back to plain text, for the documents that are not Markdown
(Word, PDF, HTML, Excel): the exact inverse of `present/markdown.py`'s escaping, so every
view is built once and an officer's text reads the same in every format."""

from __future__ import annotations

_BREAKS = ("<br>", "\\\n")  # md_cell's and md's line breaks


def lines(text: str) -> list[str]:
    """The lines of an escaped Markdown value (md, md_cell, md_inline or md_heading)."""
    out: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        brk = next((b for b in _BREAKS if text.startswith(b, i)), None)
        if brk is not None:
            out.append("".join(current))
            current = []
            i += len(brk)
        elif text[i] == "\\" and i + 1 < len(text):
            current.append(text[i + 1])  # every escape is a backslash before one character
            i += 2
        else:
            current.append(text[i])
            i += 1
    out.append("".join(current))
    return [ln for ln in out if ln] if text else []


def plain(text: str) -> str:
    """An escaped Markdown value as plain text, its line breaks as newlines."""
    return "\n".join(lines(text))
