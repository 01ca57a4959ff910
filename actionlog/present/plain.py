"""Markdown of the view-models back to plain text, for the documents that are not Markdown
(Word, PDF, HTML, Excel): the exact inverse of `present/markdown.py`'s escaping, so every
view is built once and an officer's text reads the same in every format."""

from __future__ import annotations

import re

from actionlog.present.markdown import INDENT

# md_cell's and md's line breaks, or an escape (a backslash before any one character)
_TOKEN = re.compile(r"<br>|\\\n|\\(.)", re.S)


def lines(text: str) -> list[str]:
    """The lines of an escaped Markdown value (md, md_cell, md_inline or md_heading)."""
    if not text:
        return []
    if "\\" not in text and "<br>" not in text:  # nothing escaped, one line (most cells)
        return [text]
    out: list[str] = []
    current: list[str] = []
    last = 0
    for found in _TOKEN.finditer(text):
        current.append(text[last:found.start()])
        if found.group(1) is None:  # a line break
            out.append("".join(current))
            current = []
        else:
            current.append(found.group(1))
        last = found.end()
    current.append(text[last:])
    out.append("".join(current))
    return [ln for ln in out if ln]


def plain(text: str) -> str:
    """An escaped Markdown value as plain text, its line breaks as newlines."""
    return "\n".join(lines(text))


_ITEM = re.compile(r"^(?:(- )|(\d{1,3})\. )")


def blocks(text: str) -> list[tuple[str, str, str]]:
    """An escaped rich text (markdown.md) as its blocks: (kind, number, plain text), kind
    being "body", "bullet" or "numbered"; the inverse of md's layout. A list marker md
    writes is never escaped, and every marker in the officer's text is."""
    out: list[tuple[str, str, str]] = []
    for chunk in text.strip("\n").split("\n\n"):
        # an item ends at a line break that is not a hard break ("\" before it)
        for part in re.split(r"(?<!\\)\n", chunk):
            part = "\n".join(ln[len(INDENT):] if ln.startswith(INDENT) else ln
                             for ln in part.split("\n"))
            found = _ITEM.match(part)
            if found is None:
                out.append(("body", "", plain(part)))
            elif found.group(1):
                out.append(("bullet", "", plain(part[found.end():])))
            else:
                out.append(("numbered", found.group(2), plain(part[found.end():])))
    return [b for b in out if b[2]]
