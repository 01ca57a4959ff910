"""Documents from Jinja2 templates: the only module that imports jinja2.

A template is looked for in the workspace's `templates/` folder first, then among the
defaults shipped in `actionlog/defaults/`, so an office restyles a document by copying one
file. Templates only lay out a view (see `actionlog.views`); an unknown variable is an error,
never a blank, and every template error is reported with the template's file and line.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
TEMPLATES = "templates"
NAMES = ("agenda.md.j2", "notes.md.j2", "log.md.j2")
HELP = ("the variables each template receives are listed in README.md, under 'Agendas, "
        "notes and the action log'")


class RenderError(Exception):
    """A template could not be rendered; the message names the template's file and line."""


def folders(root: Path | None) -> list[Path]:
    """Where templates are looked for, in order."""
    out = []
    if root is not None and (root / TEMPLATES).is_dir():
        out.append(root / TEMPLATES)
    return out + [DEFAULTS]


class _Sandbox(SandboxedEnvironment):
    """The sandbox, its verdict on an attribute kept for each type of object and name: the
    verdict depends on nothing else (a name starting "_", or jinja2.sandbox's
    is_internal_attribute, which looks at the object's type and the name), and a long
    table asks it of every cell."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return found


def environment(root: Path | None, html: bool = False) -> jinja2.Environment:
    # sandboxed: a workspace's templates are shared files, and need no access to Python;
    # HTML templates (the site's) escape every value unless a filter marks it safe
    return _Sandbox(
        loader=jinja2.FileSystemLoader([str(f) for f in folders(root)], encoding="utf-8"),
        undefined=jinja2.StrictUndefined, autoescape=html, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)


def source_of(name: str, root: Path | None) -> Path:
    """The file that `name` resolves to (the workspace's own, or the default)."""
    for folder in folders(root):
        if (folder / name).is_file():
            return folder / name
    raise RenderError(f"no template {name} in {', '.join(str(f) for f in folders(root))}")


def render(name: str, variables: dict[str, Any], root: Path | None = None) -> str:
    """Render template `name` with `variables`; Markdown with one blank line between blocks."""
    return tidy(Templates(root).render(name, variables))


class Templates:
    """One environment for many pages (the site renders thousands): each template compiled
    once, every failure reported as a RenderError naming the template's file and line.
    `html`: values are HTML-escaped; `filters` are the Python helpers templates may call."""

    def __init__(self, root: Path | None, html: bool = False,
                 filters: dict[str, Any] | None = None) -> None:
        self.root = root
        self.env = environment(root, html)
        self.env.filters.update(filters or {})

    def render(self, name: str, variables: dict[str, Any]) -> str:
        root = self.root
        try:
            return self.env.get_template(name).render(**variables)
        except jinja2.TemplateSyntaxError as exc:
            filename = exc.filename or str(source_of(name, root))
            raise RenderError(_message(filename, exc.lineno, exc.message or "syntax error",
                                       root)) from None
        except jinja2.TemplateNotFound as exc:
            raise RenderError(f"template {exc.name} not found (looked in "
                              f"{', '.join(str(f) for f in folders(root))})") from None
        except UnicodeDecodeError as exc:
            raise RenderError(f"{_display(str(source_of(name, root)), root)}: the template "
                              f"is not UTF-8 text ({exc.reason})") from None
        except Exception as exc:  # a template is code: any failure inside it is the template's
            filename, line = _template_frame(exc)
            message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message \
                else f"{type(exc).__name__}: {exc}"
            if isinstance(exc, jinja2.UndefinedError):
                # "'actionlog.views.Header object' has no attribute" -> "'Header' has no ..."
                message = re.sub(r"'(?:\w+\.)*(\w+) object'", r"'\1'", message)
                message += f"\n  hint: {HELP}"
            raise RenderError(_message(filename or str(source_of(name, root)), line, message,
                                       root)) from None


def _message(filename: str, line: int | None, message: str, root: Path | None) -> str:
    """'templates/notes.md.j2:3: message', then the template's line itself."""
    where = _display(filename, root) + (f":{line}" if line else "")
    first, _, rest = message.partition("\n")
    out = f"{where}: {first}"
    source = _source_line(filename, line)
    if source is not None:
        out += f"\n{line:>5} | {source}"
    return out + (f"\n{rest}" if rest else "")


def _source_line(filename: str, line: int | None) -> str | None:
    if not line:
        return None
    try:
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[line - 1].rstrip() if 0 < line <= len(lines) else None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost traceback frame inside a template (jinja2 rewrites frames to them)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2") or frame.filename.endswith(".jinja"):
            found = (frame.filename, frame.lineno)
    return found


def _display(filename: str, root: Path | None) -> str:
    path = Path(filename).resolve()
    for base in ([root] if root is not None else []) + [DEFAULTS.parent.parent]:
        try:
            return path.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def tidy(text: str) -> str:
    """Trailing spaces removed, blank-line runs collapsed, one final newline: templates can
    be laid out for reading without their whitespace reaching the document."""
    text = _TRAILING.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n") + "\n"
