"""Writing a document to a file: its format (from --to or the file's suffix), its name by
the one rule `<document>-<meeting id>.<ext>`, never over an existing file unless asked,
and never half-written (a temporary file in the same folder, then renamed)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

FORMATS = ("md", "docx", "html", "pdf", "xlsx")


class PublishError(Exception):
    """The file cannot be written as asked: a domain error, one line."""


def format_of(output: str | None) -> str | None:
    """The format named by a file's suffix (`.markdown` is md), or None."""
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    suffix = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    return suffix if suffix in FORMATS else None


def file_name(document: str, ident: str, fmt: str) -> Path:
    """`agenda-2016-09-27.docx`; a meeting in a sub-folder: `agenda-audit-2016-09-27.pdf`."""
    return Path(f"{document}-{ident.replace('/', '-')}.{fmt}")


def target(output: str | None, document: str, ident: str, fmt: str, force: bool) -> Path:
    """Where to write: `-o FILE`, else the rule's name in the current folder. An existing
    file is refused unless `force`."""
    path = Path(output) if output else file_name(document, ident, fmt)
    if path.is_dir():
        raise PublishError(f"{path} is a folder: name a file with -o FILE")
    if path.exists() and not force:
        raise PublishError(f"{path} already exists; use --force to overwrite it")
    return path


def write_file(path: Path, writer: Callable[[Path], object]) -> Path:
    """Run `writer(temporary path)`, then move the file into place whole."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        writer(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_text(path: Path, text: str, bom: bool = False) -> Path:
    def writer(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="\n")
    return write_file(path, writer)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
