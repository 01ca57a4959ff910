"""Round-trip YAML: editing the officer's files without disturbing a line they wrote, and
building new documents in the house style (new meetings, the recording commands)."""

from __future__ import annotations

import difflib
import functools
import io
import re
from typing import Any

from typing import Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString,
                                      LiteralScalarString, ScalarString)
from ruamel.yaml.tokens import CommentToken

from actionlog.core.carry import insert_position
from actionlog.store.yamlio import load_fast

# ---------------------------------------------------------------- round-trip edits


def _edit_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap an officer's long action text
    yaml.allow_unicode = True
    return yaml


def load_for_edit(text: str) -> Any:
    """A round-trip document, keeping comments, order, quoting and blank lines."""
    return _edit_yaml().load(text)


def dump(doc: Any) -> str:
    stream = io.StringIO()
    _edit_yaml().dump(doc, stream)
    return stream.getvalue()


# -- building and editing documents in the house style (new meetings, recording commands)

LINE_WIDTH = 88  # long text is folded (>-) to fit, as the transcribed meetings are
# fields that hold paragraphs (folded when long); titles and names stay on one line
PARAGRAPHS = {"text", "update", "note", "assurance", "questions", "findings", "discussion"}


@functools.cache  # built on first use, as _position_constructor
def _house_emitter() -> type:
    class _HouseEmitter(YAML(typ="rt").Emitter):  # type: ignore[misc]
        """Double quotes, as the officer writes them, where a new value needs quoting."""

        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            if style == "'" and self.event.style != "'":
                return '"'
            return style

    return _HouseEmitter


HOUSE_LAYOUT = (2, 4, 2)  # mapping, sequence, offset: as _edit_yaml
# other indentations people write by hand, kept when a file already uses one of them
OTHER_LAYOUTS = ((2, 2, 0), (4, 4, 2), (4, 2, 0), (4, 6, 4))


def _house_yaml(layout: tuple[int, int, int] = HOUSE_LAYOUT) -> YAML:
    yaml = _edit_yaml()
    if layout != HOUSE_LAYOUT:
        mapping, sequence, offset = layout
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.Emitter = _house_emitter()
    return yaml


def dump_house(doc: Any, layout: tuple[int, int, int] = HOUSE_LAYOUT) -> str:
    stream = io.StringIO()
    _house_yaml(layout).dump(doc, stream)
    return stream.getvalue()


def node(value: Any, indent: int = 0, comments: dict | None = None,
         flow: Iterable[tuple] = (), loc: tuple = ()) -> Any:
    """Plain data as round-trip nodes that dump in the house style.

    `indent` is the column of the keys if `value` is a mapping (of the dashes if a list);
    `comments` maps YAML paths (relative to `value`) to comment text written before that
    key or list entry; paths in `flow` are written in flow style ({id: JC, name: ...}).
    """

    comments = comments or {}
    flow = set(map(tuple, flow))
    if isinstance(value, dict):
        out = CommentedMap()
        for key, child in value.items():
            # a block list's dashes sit two columns in from its key; a mapping's keys, two
            out[key] = node(child, indent + 2, comments, flow, loc + (key,))
            if loc not in flow and key in PARAGRAPHS:
                _wrap_scalar(out, key, indent + len(str(key)) + 2, indent + 2)
            if loc + (key,) in comments:
                out.yaml_set_comment_before_after_key(key, before=comments[loc + (key,)],
                                                      indent=indent)
        if loc in flow:
            out.fa.set_flow_style()
            _quote_in_flow(out, out.keys())
        return out
    if isinstance(value, (list, tuple)):
        # every entry first, then their comments: ruamel's append renumbers the comments
        # of the entries after it, sorting them all (quadratic in a long carried list)
        out = CommentedSeq()
        out.extend(node(child, indent + 2, comments, flow, loc + (index,))
                   for index, child in enumerate(value))
        for index in range(len(value)):
            if loc not in flow and loc[-1:] and loc[-1] in PARAGRAPHS:
                _wrap_scalar(out, index, indent + 2, indent + 2)
            if loc + (index,) in comments:
                out.yaml_set_comment_before_after_key(index, before=comments[loc + (index,)],
                                                      indent=indent)
        if loc in flow:
            out.fa.set_flow_style()
            _quote_in_flow(out, range(len(out)))
        return out
    return scalar(value)


# text that reads back as itself when written plain inside {...} or [...], by any YAML
# reader: letters, digits, spaces and a few marks; anything else ('?', ':', '#', ',', a
# quote or bracket, a space at either end) is written in double quotes
_FLOW_PLAIN = re.compile(r"[^\W_](?:[\w .()/'’-]*[\w.)’])?")


def _quote_in_flow(container: Any, keys: Iterable) -> None:
    for key in keys:
        value = container[key]
        if (isinstance(value, str) and not isinstance(value, ScalarString)
                and not _FLOW_PLAIN.fullmatch(value)):
            container[key] = DoubleQuotedScalarString(value)


@functools.lru_cache(maxsize=1)
def _resolver() -> Any:
    return _house_yaml().resolver


def scalar(value: Any) -> Any:

    if not isinstance(value, str) or isinstance(value, ScalarString):
        return value
    tag = _resolver().resolve(ScalarNode, value, (True, False))
    # "10:30" is a number to YAML 1.1 readers, "1" an integer: both stay text in quotes
    if tag != "tag:yaml.org,2002:str" or _CLOCK.match(value):
        return DoubleQuotedScalarString(value)
    return value


def _wrap_scalar(container: Any, key: Any, start: int, body: int) -> None:
    """Fold a long plain text (>-) so no line passes LINE_WIDTH, as the meetings are written.

    `start` is the column the value would begin at on the key's line, `body` the column of
    the folded lines.
    """

    value = container[key]
    if (not isinstance(value, str) or start + len(value) <= LINE_WIDTH
            or (isinstance(value, ScalarString) and not isinstance(value, FoldedScalarString))):
        return
    positions = _fold_positions(value, LINE_WIDTH - body)
    if not positions:
        return
    folded = FoldedScalarString(str(value))
    folded.fold_pos = positions  # type: ignore[attr-defined]
    container[key] = folded


def _fold_positions(text: str, width: int) -> list[int] | None:
    """Indexes of the spaces to break at; None where folding would change the text."""
    if ("\n" in text or "  " in text or text != text.strip() or "\t" in text
            or width < 20):
        return None
    positions, line_start, last_space = [], 0, -1
    for index, char in enumerate(text):
        if char == " ":
            if index - line_start > width and last_space > line_start:
                positions.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start > width and last_space > line_start:
        positions.append(last_space)
    return positions


_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")


def set_value(mapping: Any, key: str, value: Any) -> None:
    """Replace a value, keeping its comments and its style (a folded text stays folded)."""

    old = mapping.get(key)
    column = _key_column(mapping)
    tail = _detach_tail(mapping, key)
    slots, index, _value = _tail_slot(mapping, key)
    own_comment = slots[index] is not None and slots[index].value.startswith("#")
    mapping[key] = scalar(value)  # ruamel keeps the old quoting or folding for new text
    current = mapping[key]
    if isinstance(current, FoldedScalarString):
        current.fold_pos = _refold(old, str(current), LINE_WIDTH - column - 2)
    elif (isinstance(current, str) and not isinstance(current, ScalarString)
          and not own_comment and key in PARAGRAPHS
          and not mapping.fa.flow_style()):  # {...} holds no folded text: it stays a line
        _wrap_scalar(mapping, key, column + len(key) + 2, column + 2)
    if _is_block_text(mapping[key]) and not _is_block_text(old):
        slots, index, _value = _tail_slot(mapping, key)
        if slots[index] is not None and slots[index].value == "\n":
            slots[index] = None  # a block text ends its own line
    _attach_tail(mapping, key, tail)


def _refold(old: Any, text: str, width: int) -> list[int]:
    """Where to fold `text`; when it only adds to a folded text, that text's lines stay as
    they were and only its last line and the addition are folded anew."""

    text = text.rstrip("\n")  # a `>` text's own line break is not a place to fold
    if isinstance(old, FoldedScalarString) and text.startswith(str(old).rstrip("\n")):
        kept = list(getattr(old, "fold_pos", None) or [])
        start = kept[-1] + 1 if kept else 0
        rest = _fold_positions(text[start:], width)
        if rest is not None:
            return kept + [start + position for position in rest]
    return _fold_positions(text, width) or []


def insert_value(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Add a key after the keys that come before it in `order`; nothing else moves."""
    keys = list(mapping.keys())
    position = insert_position(keys, key, order)
    column = _key_column(mapping)
    new = node(value, column + 2)
    tail = _detach_tail(mapping, keys[position - 1]) if position else ""
    mapping.insert(position, key, new)
    if key in PARAGRAPHS:
        _wrap_scalar(mapping, key, column + len(key) + 2, column + 2)
    _attach_tail(mapping, key, tail)


def append_item(mapping: Any, key: str, value: Any, comment: str | None = None,
                flow: Iterable[tuple] = ()) -> None:
    """Append an entry to the list at mapping[key] (made a block list if it was empty)."""

    seq = mapping.get(key)
    if isinstance(seq, CommentedSeq) and len(seq) and seq.fa.flow_style():
        seq.append(node(value, 0, None, [()]))  # a list written [a, b] stays on its line
        return
    if not isinstance(seq, CommentedSeq) or not len(seq):
        column = _key_column(mapping) + 2
        fresh = CommentedSeq()
        if isinstance(seq, CommentedSeq) and seq.ca.comment:
            fresh.ca.comment = seq.ca.comment  # keep an end-of-line comment on `key: []`
        mapping[key] = fresh
        seq = fresh
        tail = ""
    else:
        column = seq.lc.col if seq.lc.col is not None else _key_column(mapping) + 2
        tail = _detach_tail(seq, len(seq) - 1)
    seq.append(node(value, column + 2, None, flow))
    index = len(seq) - 1
    if key in PARAGRAPHS:
        _wrap_scalar(seq, index, column + 2, column + 2)
    if comment:
        seq.yaml_set_comment_before_after_key(index, before=comment, indent=column)
    _attach_tail(seq, index, tail)


def _key_column(mapping: Any) -> int:
    lc = getattr(mapping, "lc", None)
    return lc.col if lc is not None and lc.col is not None else 0


def _is_block_text(value: Any) -> bool:

    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def _tail_slot(container: Any, key: Any) -> tuple[list, int, Any]:
    """Where the comments and blank lines after container[key] are kept by ruamel."""

    value = container[key]
    if (isinstance(value, (CommentedMap, CommentedSeq)) and len(value)
            and not value.fa.flow_style()):
        last = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _tail_slot(value, last)
    slots = container.ca.items.setdefault(key, [None, None, None, None])
    return slots, (2 if isinstance(container, CommentedMap) else 0), value


def _detach_tail(container: Any, key: Any) -> str:
    """Take the comment lines and blank lines that follow container[key] (they belong
    before whatever comes next), leaving its own end-of-line comment in place."""
    slots, index, value = _tail_slot(container, key)
    token = slots[index]
    if token is None:
        return ""
    text = token.value
    if _is_block_text(value):
        own, rest = "", text
    elif text.startswith("#"):
        cut = text.find("\n") + 1 or len(text)
        own, rest = text[:cut], text[cut:]
    else:
        own, rest = "\n", text[1:]
    if own:
        token.value = own
    else:
        slots[index] = None
    return rest


def _attach_tail(container: Any, key: Any, rest: str) -> None:

    if not rest:
        return
    slots, index, value = _tail_slot(container, key)
    text = rest if _is_block_text(value) else "\n" + rest
    if slots[index] is not None:
        slots[index].value = slots[index].value + rest
    else:
        slots[index] = CommentToken(text, CommentMark(0))


def edited_text(original: str, doc: Any, base: str | None = None) -> str | None:
    """The text of an edited document, with every line the edit did not touch exactly as
    it was; None when that cannot be done (a layout the round trip does not keep).

    `base` is the document as the round trip wrote it before the edit, if the caller has
    it (reading a long file again costs more than the edit)."""
    new = dump_house(doc)
    if original and not original.endswith("\n"):
        original += "\n"  # a last line without its line break gets one, as editors add
        base = None  # that document was read without it
    if base == original:
        return new
    loaded = load_for_edit(original)
    base = dump_house(loaded)
    if base == original:
        return new
    for layout in OTHER_LAYOUTS:
        if dump_house(loaded, layout) == original:
            return dump_house(doc, layout)
    result = _splice(original.splitlines(True), base.splitlines(True), new.splitlines(True))
    if result is None:
        return None
    # the spliced text must mean exactly what the edited document means
    try:
        same = load_fast(result) == load_fast(new)
    except (YAMLError, ValueError):
        same = False
    return result if same else None


def _splice(original: list[str], base: list[str], new: list[str]) -> str | None:
    """A three-way merge of line lists: `base` is the original as the round trip writes it,
    `new` the edited document as it writes it. The edit's changes (base -> new) are made to
    the original's own lines; where the round trip wrote a line differently ('---', text
    wrapped by hand), the original's lines stay, unless the edit replaces them. None when an
    edit and such a difference overlap only in part."""

    # what each stretch of base stands for in the original: one line where the round trip
    # kept it, else the whole run of lines it wrote differently
    runs: list[tuple[int, int, list[str]]] = []  # (base start, base end, original lines)
    matcher = difflib.SequenceMatcher(None, base, original, autojunk=False)
    for op, b1, b2, o1, o2 in matcher.get_opcodes():
        if op == "equal":
            runs.extend((b, b + 1, [original[o1 + b - b1]]) for b in range(b1, b2))
        else:
            runs.append((b1, b2, original[o1:o2]))
    out: list[str] = []
    at = 0  # the next run to place
    for op, b1, b2, n1, n2 in difflib.SequenceMatcher(None, base, new,
                                                      autojunk=False).get_opcodes():
        while at < len(runs):
            start, end, lines = runs[at]
            # lines only the original has go before lines inserted at the same place
            # ('---'), except at the end ('...', blank lines), where they follow them
            ours_first = start == end == b1 == b2 < len(base)
            if start >= b2 and not ours_first:
                break
            if end > b2:
                return None  # the edit cuts through a run the round trip rewrote
            if op == "equal" or start == end:
                out.extend(lines)
            at += 1
        if op != "equal":
            out.extend(new[n1:n2])
    for _start, _end, lines in runs[at:]:
        out.extend(lines)
    return "".join(out)


