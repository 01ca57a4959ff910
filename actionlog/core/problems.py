"""Problems: located, sortable values that every stage collects and never raises."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

ERROR = "error"
EXCERPT = 160  # characters of a source line shown under a problem
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column (0 when unknown)."""

    path: str
    line: int = 0
    column: int = 0
    severity: str = ERROR
    message: str = field(default="", compare=False)
    check: str = field(default="", compare=False)
    hint: str = field(default="", compare=False)
    yaml_path: str = field(default="", compare=False)
    # the YAML path as a tuple, for finding the line and column later; not shown
    loc: tuple = field(default=(), compare=False, repr=False)
    # the problem is about the key itself (an unknown or duplicated field), not its value
    at_key: bool = field(default=False, compare=False, repr=False)

    def with_position(self, line: int, column: int) -> "Problem":
        return replace(self, line=line, column=column)

    def as_warning(self) -> "Problem":
        return replace(self, severity=WARNING)

    def as_error(self) -> "Problem":
        return replace(self, severity=ERROR)


def at(path: str, loc: tuple, message: str, check: str, hint: str = "",
       severity: str = ERROR, at_key: bool = False) -> Problem:
    """A problem at a YAML path whose line and column are found later, only if shown."""
    return Problem(path, 0, 0, severity, message, check, hint, yaml_path_text(loc), tuple(loc),
                   at_key)


def yaml_path_text(loc: tuple) -> str:
    """('items', 3, 'actions', 1, 'owner') -> 'items[3].actions[1].owner'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# a source line quoted under a problem shows these as U+FFFD (one column each, so the
# caret stays true): a file's escape sequence never reaches the terminal
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def location(problem: Problem) -> str:
    if problem.line:
        return f"{problem.path}:{problem.line}:{problem.column or 1}"
    return problem.path


def headline(problem: Problem) -> str:
    where = f" ({problem.yaml_path})" if problem.yaml_path else ""
    return f"{location(problem)}: {problem.severity}: {problem.message}{where} [{problem.check}]"


def format_human(problem: Problem, source_lines: list[str] | None) -> str:
    """hledger style: the headline, the source line with a caret under the fault, a hint."""
    out = [headline(problem)]
    if problem.line and source_lines and problem.line <= len(source_lines):
        text = _CONTROL.sub("\ufffd", source_lines[problem.line - 1].rstrip("\r\n")
                            .replace("\t", " "))
        caret = max(problem.column - 1, 0)
        # a huge line (a 1 MB value) is shown as a window around the caret
        if len(text) > EXCERPT:
            start = max(0, min(caret - EXCERPT // 2, len(text) - EXCERPT))
            text = ("…" if start else "") + text[start:start + EXCERPT] + (
                "…" if start + EXCERPT < len(text) else "")
            caret = caret - start + (1 if start else 0)
        gutter = f"{problem.line:>5} | "
        out.append(gutter + text)
        out.append(" " * (len(gutter) + caret) + "^")
    if problem.hint:
        out.append(f"  hint: {problem.hint}")
    return "\n".join(out)


def format_parsable(problem: Problem) -> str:
    return headline(problem).replace("\n", " ")


def format_json(problems: list[Problem]) -> str:
    fields = ("path", "line", "column", "severity", "message", "check", "hint", "yaml_path")
    return json.dumps([{name: getattr(p, name) for name in fields} for p in problems],
                      indent=2, ensure_ascii=False)


def count(problems: list[Problem], severity: str) -> int:
    return sum(1 for p in problems if p.severity == severity)


def tally(problems: list[Problem]) -> str:
    """'no problems', or '1 error, 2 warnings'."""
    if not problems:
        return "no problems"
    errors, warnings = count(problems, ERROR), count(problems, WARNING)
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")
