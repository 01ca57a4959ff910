"""The site's templates (`templates/site/` in the workspace, else the defaults shipped in
`actionlog/defaults/site/`) and the filters they use to print text: every value escaped,
and every action's reference that has a page on this site made a link to it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup, escape

from actionlog.core.text import BULLET, NUMBERED, blocks
from actionlog.present.document import Heading, Table
from actionlog.present.render import Templates
from actionlog.present.site.pages import action_href

# a reference: a meeting id (a date, perhaps in a series folder) and a number
_REF = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*\d{4}-\d{2}-\d{2}[\w.-]*/\d+)(?![\w/])")


def templates(root: Path | None, refs: Callable[[str], bool]) -> Templates:
    """The templates, with the filters `linked` (text with its references linked), `rich`
    (rich text as paragraphs and lists) and `to` (an address from a page `up` the root)."""

    def linked(text: Any, up: str) -> Markup:
        out, last = [], 0
        text = str(text or "")
        for found in _REF.finditer(text):
            ref = found.group(1)
            if not refs(ref):
                continue
            out.append(escape(text[last:found.start()]))
            out.append(Markup('<a href="{}">{}</a>').format(up + action_href(ref), ref))
            last = found.end()
        out.append(escape(text[last:]))
        return Markup("").join(out)

    def rich(text: Any, up: str) -> Markup:
        html = []
        open_list = ""
        for block in blocks(str(text or "")):
            body = Markup("<br>\n").join(linked(line, up) for line in block.lines)
            kind = {BULLET: "ul", NUMBERED: "ol"}.get(block.kind, "")
            if kind != open_list:
                html += ([Markup(f"</{open_list}>")] if open_list else []) + \
                        ([Markup(f"<{kind}>")] if kind else [])
                open_list = kind
            if block.kind == BULLET:
                html.append(Markup("<li>{}</li>").format(body))
            elif block.kind == NUMBERED:
                html.append(Markup("<li{}>{}</li>").format(
                    Markup(f' value="{block.number}"') if block.number.isdigit() else "", body))
            else:
                html.append(Markup("<p>{}</p>").format(body))
        if open_list:
            html.append(Markup(f"</{open_list}>"))
        return Markup("\n").join(html)

    def to(path: str, up: str) -> str:
        return up + path

    return Templates(root, html=True, filters={"linked": linked, "rich": rich, "to": to,
                                               "grouped": grouped})


def grouped(blocks_: list) -> list[dict]:
    """A document section's blocks with the items of a list gathered into one list: each a
    heading (level 1-6), a paragraph, a list (ul or ol) or a table."""
    out: list[dict] = []
    for block in blocks_:
        if isinstance(block, Heading):
            out.append({"kind": "heading", "level": min(block.level + 1, 6),
                        "text": block.text})
        elif isinstance(block, Table):
            out.append({"kind": "table", "table": block})
        elif block.kind in ("bullet", "numbered") and (block.kind == "bullet" or block.number):
            tag = "ul" if block.kind == "bullet" else "ol"
            if not (out and out[-1]["kind"] == "list" and out[-1]["tag"] == tag):
                out.append({"kind": "list", "tag": tag, "entries": []})
            out[-1]["entries"].append(block)
        else:
            out.append({"kind": "para", "para": block})
    return out
