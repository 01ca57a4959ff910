"""Splice editing: an edit made by a round trip of only the part of a file it touches.

ruamel's round trip of a whole meeting file is pure Python (a 3 MB draft takes half a
minute to read and write again). An edit touches one entry of a list (a review, an action),
or adds entries after a list's last one, or changes the first keys of the file (`cancel`).
That part is cut out of the text by the lines the C reader's node marks give, set under
lines that nest it as deep as it stands in the file (`items:`, `  - outstanding:`), read,
edited and written by the round trip as the whole file would be, and put back in its place.

Used only where the result is sure to be what the round trip of the whole file writes:
the part must come back from the round trip byte for byte before the edit, every list and
mapping above it must be written in block style, and where the part's lines would read the
same under another indentation (edit/roundtrip.py's OTHER_LAYOUTS, which the whole file's
round trip might have chosen) the edit must come out the same under each. (In a file
written in another indentation throughout, where the whole file's round trip may refuse
instead, the splice keeps the file's own indentation.) Otherwise None: the caller makes the
edit on the whole file. The caller also reads the spliced text again and compares it with
what the edit means (`expected`). Many entries appended (`carry`) are written line by line
after the round trip of the first shows how (`_appended`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ruamel.yaml.error import YAMLError

from actionlog.edit import roundtrip, written
from actionlog.store.events import BLOCK, KEYS, NESTED
from actionlog.store.yamlio import load_fast

_KEY = re.compile(r"[a-z_]+")  # the keys of a path written above a part: items, outstanding
_DASH = re.compile(r" *- +")  # what stands before an entry's first key on its line


@dataclass
class Spot:
    """Where an edit changes a document: the YAML path of a mapping, and what to do to it.

    `append` names the list in that mapping the change only adds entries to (the round trip
    of its last entry then shows where they go), and `appended` the entries and comments it
    adds, when it adds them as roundtrip.append_item does; `upto`, for the top-level
    mapping, how many of its first keys hold all the change touches (`spliced` uses
    them)."""

    path: tuple
    act: Callable[[Any], None]
    append: str | None = None
    upto: int | None = None
    appended: list[tuple[dict, str | None]] | None = None


class Edit:
    """An edit in two steps: `find` (the document, round-trip or plain: a Spot), then the
    spot's `act` on the round-trip mapping at its path."""

    def __init__(self, find: Callable[[Any], Spot]) -> None:
        self.find = find

    def __call__(self, doc: Any) -> None:
        spot = self.find(doc)
        spot.act(at_path(doc, spot.path))


def at_path(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


@dataclass
class Spliced:
    """An edit's text, and the data it must read as (the old data, the part replaced)."""

    text: str
    expected: Any


def spliced(text: str, marks: dict, data: Any, edit: Any) -> Spliced | None:
    """The edited text, from a round trip of the part `edit` touches; None when that part
    cannot be cut out surely. `data` is the data of `text`, `marks` where its lists and
    mappings are written (store/events.py's). RecordError from the edit's `find` is
    raised, as the edit of the whole file would raise it."""
    find = getattr(edit, "find", None)
    if (find is None or "\r" in text or not text.endswith("\n")  # the whole file's: it adds one
            or not isinstance(data, dict) or not _block(marks, data)):
        return None
    spot = find(data)
    starts = _line_starts(text)
    if spot.path == ():  # the first keys of the file
        keys = marks.get(KEYS) or []
        if spot.upto is None or not 0 < spot.upto < len(keys) or len(keys) != len(data):
            return None
        key = keys[spot.upto]
        if key.column != 0:
            return None
        indent = _mapping_indent(text, marks, starts)
        done = _edited({layout: "" for layout in LAYOUTS if indent in (None, layout[0])},
                       text[:starts[key.line]], (), spot, indent in (None, HOUSE[0]))
        new = done[0] if done is not None else ""
        head = _read(new) if done is not None else None
        if not isinstance(head, dict):
            return None
        rest = {k: data[k] for k in list(data)[spot.upto:]}
        return Spliced(new + text[starts[key.line]:], {**head, **rest})
    part = _part(marks, data, spot)
    if part is None:
        return None
    seq_path, index = part
    span = _entry_span(text, marks, at_path(data, seq_path)[index], starts)
    if span is None:
        return None
    start, end, dash = span
    heads = {}
    indent = _mapping_indent(text, marks, starts)
    for layout in LAYOUTS:
        head = _wrapper(seq_path, layout)
        if head is not None and head[1] == dash and indent in (None, layout[0]):
            heads[layout] = head[0]
    house = _wrapper(seq_path, HOUSE)
    # the file could be in the house layout: its part's dashes stand where the house writes
    # them, and nothing shows another mapping indentation
    fits = (house is None or house[1] == dash) and indent in (None, HOUSE[0])
    done = _appended(heads, text[start:end], _zeroed(spot.path), spot, dash, fits) \
        if spot.appended and len(spot.appended) > 1 else \
        _edited(heads, text[start:end], _zeroed(spot.path), spot, fits)
    if done is None:
        return None
    new, head = done
    entries = _read(head + new, _zeroed(seq_path))
    if not isinstance(entries, list):
        return None
    old = at_path(data, seq_path)
    expected = _replaced(data, seq_path, old[:index] + entries + old[index + 1:])
    return Spliced(text[:start] + new + text[end:], expected)


HOUSE = roundtrip.HOUSE_LAYOUT
LAYOUTS = (HOUSE, *roundtrip.OTHER_LAYOUTS)


def _edited(heads: dict, piece: str, target: tuple, spot: Spot,
            house: bool = True) -> tuple[str, str] | None:
    """The part after the edit, and the head of a layout that writes it.

    The whole file's round trip writes it in the first layout (the house's, then the
    others) that gives the whole file back unchanged: so each layout that gives the part
    back unchanged (under its head) might be that one, and all must give the same edit, and
    one must. Unless told the file cannot be in the house layout (`house` false: its part's
    dashes, or its mapping indentation, are another layout's), the house layout must be one
    of them: else the whole file's round trip may merge its own edit into the file's lines,
    which the part alone cannot foresee. Where it cannot, the whole file's round trip gives
    the same edit when a layout writes the whole file as it is; when none does, it merges
    the house layout's edit into the file's lines or refuses, and the splice keeps the
    file's own indentation instead."""
    if house and HOUSE not in heads:
        return None
    results, kept = set(), None
    for layout, head in heads.items():
        try:
            doc = roundtrip.load_for_edit(head + piece)
            same = roundtrip.dump_house(doc, layout) == head + piece
        except (YAMLError, ValueError, TypeError, KeyError, IndexError, RecursionError):
            same = False
        if not same:
            if layout == HOUSE:
                return None
            continue
        spot.act(at_path(doc, target))
        out = roundtrip.dump_house(doc, layout)
        if not out.startswith(head):
            return None
        results.add(out[len(head):])
        kept = kept if kept is not None else head
    return (results.pop(), kept) if len(results) == 1 and kept is not None else None


def _appended(heads: dict, piece: str, target: tuple, spot: Spot, dash: int,
              house: bool) -> tuple[str, str] | None:
    """The part after an edit that appends many entries (`carry`: thousands). The round
    trip appends the first (`_edited`), which shows where entries go; the rest are written
    as the round trip writes such entries (written.entry_lines), the first of them only
    if that gives the round trip's own text."""
    entries = [data for data, _comment in spot.appended or ()]
    notes = {(i,): comment for i, (_data, comment) in enumerate(spot.appended or ()) if comment}
    every, first = (written.entry_lines(entries[:n], (), notes) for n in (None, 1))
    if every is None or first is None:
        return _edited(heads, piece, target, spot, house)
    data, comment = entries[0], notes.get((0,))
    done = _edited(heads, piece, target, Spot(
        spot.path, lambda item: roundtrip.append_item(item, spot.append, data, comment)), house)
    if done is None:
        return None
    out, head = done
    one = written.entries_text(first, dash)
    at = out.find(one) if one not in piece else -1
    if at < 0 or out[:at] + out[at + len(one):] != piece:
        return None
    return out[:at] + written.entries_text(every, dash) + out[at + len(one):], head


def _read(text: str, path: tuple = ()) -> Any:
    try:
        return at_path(load_fast(text), path)
    except (YAMLError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def _part(marks: dict, data: Any, spot: Spot) -> tuple[tuple, int] | None:
    """The list, and the entry of it, that the edit's round trip needs: the list's last
    entry when the edit only appends to it, else the entry that holds the spot. Every
    list and mapping on the way is written in block style."""
    path = spot.path
    if spot.append is not None:
        seq = _walk(marks, data, (*path, spot.append))
        if isinstance(seq, list) and seq:
            return (*path, spot.append), len(seq) - 1
    indexes = [i for i, part in enumerate(path) if isinstance(part, int)]
    if not indexes or not isinstance(_walk(marks, data, path[:indexes[-1]]), list):
        return None
    return path[:indexes[-1]], path[indexes[-1]]


def _walk(marks: dict, data: Any, path: tuple) -> Any:
    """The list or mapping at `path`, if it and all on the way are in block style."""
    for part in path:
        if not _block(marks, data):
            return None
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data if _block(marks, data) else None


def _block(marks: dict, value: Any) -> bool:
    found = marks.get(id(value)) if isinstance(value, (dict, list)) else None
    return isinstance(found, tuple) and not found[0].flow_style


def _entry_span(text: str, marks: dict, entry: Any,
                starts: list[int]) -> tuple[int, int, int] | None:
    """Where a list's entry is written: from the start of its dash's line to the start of
    the line of whatever follows it (the comment lines and blank lines after it are its:
    ruamel keeps them with its last value); and the dash's column."""
    if not isinstance(entry, dict) or not _block(marks, entry):
        return None
    opened, closed = marks[id(entry)]
    mark = opened.start_mark
    start = starts[mark.line]
    if not _DASH.fullmatch(text[start:start + mark.column]):
        return None
    after = closed.end_mark  # where the next token starts: the next entry, key, or the end
    if after.line >= len(starts):
        return None
    end = starts[after.line]
    if text[end:end + after.column].strip(" ") or end <= start:
        return None  # something follows on the entry's last line
    return start, end, text.index("-", start) - start


def _mapping_indent(text: str, marks: dict, starts: list[int]) -> int | None:
    """How far the file indents a mapping's values from its keys: the mapping indentation
    of every layout that could write the whole file as it is. Told by the first folded or
    literal text (under `update: >-` as far in from `update` as a mapping's keys from
    theirs) and the first mapping that is a mapping's value (`next_meeting:`, `  date:`);
    -1 when they disagree (no layout writes the file); None when neither is written."""
    told = {_block_indent(text, marks, starts)}
    nested = marks.get(NESTED)
    if nested is not None:
        key, first = nested
        told.add(first.column - key.column if first.column > key.column else None)
    told.discard(None)
    return None if not told else told.pop() if len(told) == 1 else -1


def _block_indent(text: str, marks: dict, starts: list[int]) -> int | None:
    found = marks.get(BLOCK)
    if found is None:
        return None
    key, scalar = found
    indicator = text[starts[scalar.line] + scalar.column:starts[scalar.line + 1]]
    if key is None or key.line != scalar.line or indicator.rstrip("\n") not in BLOCK_STARTS:
        return None
    for line in range(scalar.line + 1, len(starts) - 1):
        body = text[starts[line]:starts[line + 1]]
        if body.strip():
            column = len(body) - len(body.lstrip(" "))
            return column - key.column if column > key.column else None
    return None


BLOCK_STARTS = {">", ">-", ">+", "|", "|-", "|+"}  # no indentation indicator, no comment


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _wrapper(path: tuple, layout: tuple[int, int, int]) -> tuple[str, int] | None:
    """Lines that nest a list as deep as `path` (keys, and list entries of one key each),
    as `layout` writes them; and the column the dashes of that list's entries go in."""
    mapping, sequence, offset = layout
    lines: list[str] = []
    column, dash = 0, None  # where the next key goes; the dash its line starts with
    for part, after in zip(path, (*path[1:], None)):
        if isinstance(part, str):
            if not _KEY.fullmatch(part):
                return None
            lines.append((dash if dash is not None else " " * column) + part + ":\n")
            dash = None
            if isinstance(after, str):
                column += mapping  # a mapping under the key
        elif dash is None:  # an entry of the list under the key before
            dash = " " * (column + offset) + "-" + " " * (sequence - offset - 1)
            column += sequence
        else:
            return None  # a list as a list's entry
    if not path or not isinstance(path[-1], str):
        return None
    return "".join(lines), column + offset


def _zeroed(path: tuple) -> tuple:
    """A path in the wrapper, where each list holds one entry."""
    return tuple(0 if isinstance(part, int) else part for part in path)


def _replaced(data: Any, path: tuple, value: Any) -> Any:
    """`data` with the value at `path` replaced (copies along the path, shares the rest)."""
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replaced(data[path[0]], path[1:], value)
    return copy
