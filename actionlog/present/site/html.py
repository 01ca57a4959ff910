"""The site's templates (`templates/site/` in the workspace, else the defaults shipped in
`actionlog/defaults/site/`) and the filters they use to print text: every value escaped,
and every action's reference that has a page on this site made a link to it."""

from __future__ import annotations

import re
from urllib.parse import quote
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup, escape

from actionlog.core.text import BULLET, NUMBERED, blocks
from actionlog.present.document import Document, Heading, Run, Table
from actionlog.present.pdf import _list_kind  # the same lists as the PDF's HTML
from actionlog.present.render import Templates
from actionlog.present.site.pages import action_href

# a reference: a meeting id (a date, perhaps in a series folder) and a number
_REF = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*\d{4}-\d{2}-\d{2}[\w.-]*/\d+)(?![\w/])")


def templates(root: Path | None, refs: Callable[[str], bool]) -> Templates:
    """The templates, with the filters `linked` (text with its references linked), `rich`
    (rich text as paragraphs and lists) and `to` (an address from a page `up` the root)."""

    def linked(text: Any, up: str) -> Markup:
        text = str(text or "")
        if "/" not in text:  # no reference in it (most text)
            return escape(text)
        out, last = [], 0
        for found in _REF.finditer(text):
            ref = found.group(1)
            if not refs(ref):
                continue
            out.append(escape(text[last:found.start()]))
            out.append(Markup('<a href="{}">{}</a>').format(to(action_href(ref), up), ref))
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
        """A link from a page `up` from the root (or from the site's address) to `path`."""
        return up + quote(path)

    def document(doc: Document, up: str) -> Markup:
        return Markup(_document(doc, lambda text: linked(text, up)))

    return Templates(root, html=True, filters={"linked": linked, "rich": rich, "to": to,
                                               "document": document})


def _document(doc: Document, linked: Callable[[str], Markup]) -> str:
    """A circulated document (present/document.py) as HTML: headings one level below the
    title's h1, paragraphs, lists (a list's items gathered), and tables with a caption and
    header cells; every text escaped and its references linked. Written here, not as template
    macros: a site has thousands of these, and the page templates lay out the rest."""
    out: list[str] = []
    for section in doc.sections:
        open_list = ""
        for block in section.blocks:
            tag = _list_kind(block)
            if tag != open_list:
                out += ([f"</{open_list}>"] if open_list else []) + ([f"<{tag}>"] if tag else [])
                open_list = tag
            if isinstance(block, Heading):
                level = min(block.level + 1, 6)
                out.append(f"<h{level}>{linked(block.text)}</h{level}>")
            elif isinstance(block, Table):
                out.append(_table(block, linked))
            elif tag:
                value = f' value="{block.number}"' if block.number.isdigit() else ""
                out.append(f"<li{value}>{_runs(block.runs, linked)}</li>")
            else:
                out.append(f'<p class="{block.kind}">{_runs(block.runs, linked)}</p>')
        if open_list:
            out.append(f"</{open_list}>")
    return "\n".join(out)


def _run(run: Run, linked: Callable[[str], Markup]) -> str:
    inner = "<br>".join(linked(line) for line in run.text.split("\n"))
    if run.flag:
        return f'<strong class="flag">{inner}</strong>'
    if run.bold:
        return f"<strong>{inner}</strong>"
    return f'<span class="keep">{inner}</span>' if run.keep else inner


def _runs(runs: tuple[Run, ...], linked: Callable[[str], Markup]) -> str:
    return "".join(_run(r, linked) for r in runs)


def _table(t: Table, linked: Callable[[str], Markup]) -> str:
    caption = (f'<caption class="visually-hidden">{escape(t.caption)}</caption>'
               if t.caption else "")
    head = "".join(f'<th scope="col">{escape(c.title)}</th>' for c in t.columns)
    rows = "\n".join("<tr>" + "".join(f"<td>{'<br>'.join(_run(r, linked) for r in cell)}</td>"
                                      for cell in row) + "</tr>" for row in t.rows)
    # a region the keyboard can reach, so that a table wider than a phone scrolls by keys too
    name = escape(t.caption or "Table")
    return (f'<div class="table-wrap" role="region" tabindex="0" aria-label="{name}">\n'
            f"<table>{caption}\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>")
