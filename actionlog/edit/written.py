"""Text written directly, as the round trip (edit/roundtrip.py) writes it: a new file's long
lists of entries of plain values (the carried Outstanding Matters: thousands in a long log),
line by line, each distinct value styled once, instead of through ruamel's writer, which
takes seconds over them. Used only where the text is sure to be the round trip's
(tests/edit/test_written_directly.py checks it byte for byte)."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any, Iterable

from ruamel.yaml.comments import CommentedMap

from actionlog.edit.roundtrip import PARAGRAPHS, dump_house, node, scalar


def new_document(data: dict, header: list[str], comments: dict | None = None,
                 flow: Iterable[tuple] = ()) -> str:
    """The text of a new file built from values: `header` lines are comments at the top.

    A list of entries of plain values (the carried Outstanding Matters: thousands in a long
    log) is written here line by line, as the round trip writes it, each distinct value
    styled once; the rest goes through the round trip's writer."""
    comments, flow = comments or {}, set(map(tuple, flow))
    direct: dict[str, tuple[tuple, list[str]]] = {}
    doc = node(_lists_written_directly(data, (), comments, flow, direct), 0, comments, flow)
    if header:
        doc.yaml_set_start_comment("\n".join(header))
    text = dump_house(doc)
    for mark, (loc, lines) in direct.items():
        at = text.index(f": {mark}\n")
        start = text.rindex("\n", 0, at) + 1
        dash = at - start - len(loc[-1]) + 2  # two in from the key, as the house writes
        text = text[:at] + ":\n" + entries_text(lines, dash) + text[at + len(mark) + 3:]
    return text


def _lists_written_directly(value: Any, loc: tuple, comments: dict, flow: set,
                            direct: dict) -> Any:
    """`value` with each list `entry_lines` can write replaced by a mark (kept in
    `direct` with its lines: the dash column is found where the mark is written)."""
    if isinstance(value, dict):
        return {key: _lists_written_directly(child, loc + (key,), comments, flow, direct)
                for key, child in value.items()}
    if isinstance(value, (list, tuple)) and value and loc and isinstance(loc[-1], str) \
            and loc[-1] not in PARAGRAPHS and not any(f[:len(loc)] == loc for f in flow):
        lines = entry_lines(value, loc, comments)
        if lines is not None:
            mark = f"actionlog-written-directly-{len(direct)}"
            direct[mark] = (loc, lines)
            return mark
    if isinstance(value, (list, tuple)):
        return [_lists_written_directly(child, loc + (i,), comments, flow, direct)
                for i, child in enumerate(value)]
    return value


_SIMPLE_KEY = re.compile(r"[a-z_]+")
_SURELY_PLAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_ ./()-]{0,200}[A-Za-z0-9.)])?")
# the same with ': ' inside ("Topic 3: estates"): never plain, written in double quotes
_SURELY_QUOTED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ ./()-]{0,200}: [A-Za-z0-9_ ./()-]{0,200}")
_COMMENT_LINE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]*\S)?")


def entries_text(lines: list[str], dash: int) -> str:
    """`entry_lines`'s lines with the list's dashes in column `dash`."""
    pad, deeper = " " * dash, " " * (dash + 2)
    return "".join((pad if line[:1] in ("#", "-") else deeper) + line for line in lines)


def entry_lines(entries: Any, loc: tuple, comments: dict) -> list[str] | None:
    """The lines of a block list of mappings of plain values, each line without the
    indentation of the list's dashes; None for any other list (the round trip writes it)."""
    lines: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry:
            return None
        comment = comments.get(loc + (index,))
        if comment is not None:
            said = comment.split("\n")
            if not all(_COMMENT_LINE.fullmatch(line) for line in said):
                return None
            lines.extend(f"# {line}\n" for line in said)
        first = "- "
        for key, value in entry.items():
            if (not isinstance(key, str) or not _SIMPLE_KEY.fullmatch(key)
                    or loc + (index, key) in comments):
                return None
            written = _written(value) if value is None or isinstance(value, (str, int, date)) \
                else None
            if written is None or (key in PARAGRAPHS and written):  # a paragraph may fold
                return None
            lines.append(f"{first}{key}:{' ' if written else ''}{written}\n")
            first = ""
    return lines


@functools.lru_cache(maxsize=4096, typed=True)  # typed: True is not 1
def _written(value: Any) -> str | None:
    """A value as the round trip writes it after `key: ` on one line ('' for nothing);
    None when it would take more than one line."""
    if value is None:
        return ""
    if (isinstance(value, bool) or not isinstance(value, (str, int, date))
            or (isinstance(value, str) and len(value) > 1000)):  # a long one may wrap
        return None
    if isinstance(value, str) and _SURELY_PLAIN.fullmatch(value) and scalar(value) is value:
        return value
    if isinstance(value, str) and _SURELY_QUOTED.fullmatch(value) and value[-1] != " ":
        return f'"{value}"'
    text = dump_house(CommentedMap([("k", scalar(value))]))
    return text[3:-1] if text.startswith("k: ") and text.count("\n") == 1 else None
