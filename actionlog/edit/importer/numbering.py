"""Word's automatic numbering, recovered: a paragraph numbered by a list (its numPr, or its
style's) shows a number Word computes as it lays the document out ("1.", "4a", "ii)"), and
python-docx gives only the typed text. The number is counted here as Word counts it: one
counter per level of each list, a level's counter restarting when a level above it moves
on, from the list's start (or the start a w:num overrides it with), written as the level's
lvlText says ("%1.", "%1%2"). A bullet gives "•". Pure but for reading the XML handed in."""

from __future__ import annotations

from docx.oxml.ns import qn

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _val(element, tag: str, default: str | None = None) -> str | None:
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn("w:val"), default) if found is not None else default


def _letters(n: int) -> str:
    # Word's lowerLetter: a..z, then aa..zz, aaa..
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)  # decimal, and the formats this house style does not use


class Numbering:
    """label(paragraph element) -> "1.", "4a", "•" or "" for each paragraph in document
    order (it counts, so ask once per paragraph, in order)."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract -> levels
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, starts)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}  # style id -> (numId, ilvl)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing is numbered
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(_val(lvl, "w:start", "1") or 1), _val(lvl, "w:numFmt", "decimal") or
                    "decimal", _val(lvl, "w:lvlText", "") or "")
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            starts = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    starts[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", starts)
        for style in document.styles.element.iterchildren(qn("w:style")):
            found = self._num_pr(style)
            if found:
                self.styles[style.get(qn("w:styleId"))] = found

    @staticmethod
    def _num_pr(element) -> tuple[str, int] | None:
        ppr = element.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            return None
        num_id = _val(num_pr, "w:numId")
        return (num_id, int(_val(num_pr, "w:ilvl", "0") or 0)) if num_id else None

    def label(self, p) -> str:
        found = self._num_pr(p)
        if found is None:
            ppr = p.find(qn("w:pPr"))
            style = _val(ppr, "w:pStyle") if ppr is not None else None
            found = self.styles.get(style or "")
        if found is None or found[0] == "0" or found[0] not in self.nums:
            return ""
        num_id, ilvl = found
        abstract, starts = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        # a w:num that restarts its list counts apart from the others of its abstract list
        key = num_id if starts else abstract
        counters = self.counters.setdefault(key, {})
        start = starts.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _start, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return "\u2022"
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in text:
                value = counters.get(level, starts.get(level, levels.get(level, (1,))[0]))
                fmt_level = levels.get(level, (1, "decimal", ""))[1]
                text = text.replace(f"%{level + 1}", _format(value, fmt_level))
        return text.strip()
