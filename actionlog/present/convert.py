"""Markdown documents (agendas, notes, the log) converted to Word, HTML or PDF by pandoc.

pandoc is a program, not a library: it is found on PATH and run as a subprocess. Every
document gets a title and `lang: en-GB`, which the accessibility rules for public sector
documents ask for; a workspace's `templates/reference.docx` (else the package's) sets the
Word house style, and `templates/style.css` the HTML and PDF one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("docx", "html", "pdf")
LANG = "en-GB"
REFERENCE_DOCX = "reference.docx"
STYLE_CSS = "style.css"
ENV_PDF_ENGINE = "ACTIONLOG_PDF_ENGINE"
# HTML engines first: they share the HTML output's look and need no TeX installation
PDF_ENGINES = ("weasyprint", "wkhtmltopdf", "xelatex", "lualatex", "pdflatex", "tectonic")
HTML_ENGINES = ("weasyprint", "wkhtmltopdf")
DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
INSTALL_PANDOC = ("pandoc is needed to write Word, HTML or PDF files, and it is not on PATH: "
                  "install it (Debian or Ubuntu: `apt-get install pandoc`; Windows or macOS: "
                  "the installer from pandoc.org), or write Markdown (leave out --to)")
INSTALL_ENGINE = ("a PDF needs a PDF engine as well as pandoc, and none was found: install "
                  "WeasyPrint (`pip install weasyprint`, or `pip install 'actionlog[pdf]'`), "
                  "or a LaTeX engine such as xelatex (Debian: `apt-get install texlive-xetex`); "
                  f"{ENV_PDF_ENGINE} names one to use. Or write --to docx and save it as PDF "
                  "from Word")


class ConvertError(Exception):
    """pandoc (or a PDF engine) is missing, or failed: a domain error, one line."""


@dataclass(frozen=True)
class Document:
    markdown: str
    title: str  # for the file's metadata (dc:title, <title>), read by screen readers


def convert(doc: Document, fmt: str, out: Path, templates: Path | None = None) -> Path:
    """Write `doc` as `fmt` (docx, html or pdf) to `out`; ConvertError on any failure."""
    if fmt not in FORMATS:
        raise ConvertError(f"cannot convert to '{fmt}': choose one of {', '.join(FORMATS)}")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise ConvertError(INSTALL_PANDOC)
    args = [pandoc, "--from", "markdown", "--output", str(out), *_metadata(doc)]
    if fmt == "docx":
        args += ["--reference-doc", str(reference_docx(templates))]
    else:
        args += ["--standalone", *_style(templates)]
    if fmt == "html":
        args += ["--to", "html5"]
    elif fmt == "pdf":
        engine = pdf_engine()
        args += ["--pdf-engine", engine]
        if Path(engine).name in HTML_ENGINES:
            args += ["--to", "html5"]
    else:
        args += ["--to", fmt]
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(args, input=doc.markdown, capture_output=True, text=True,
                              encoding="utf-8", timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConvertError(f"could not run pandoc: {exc}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise ConvertError(f"pandoc could not write {out.name} (exit {done.returncode}): "
                           + (detail[-1] if detail else "no message"))
    return out


def reference_docx(templates: Path | None) -> Path:
    """The workspace's templates/reference.docx, else the one the package ships."""
    own = templates / REFERENCE_DOCX if templates else None
    return own if own is not None and own.is_file() else DEFAULTS / REFERENCE_DOCX


def _metadata(doc: Document) -> list[str]:
    args = ["--metadata", f"lang={LANG}"]
    if _single_top_heading(doc.markdown):
        # the document's one '#' heading becomes its title (Word's Title style), '##' Heading 1
        return args + ["--shift-heading-level-by=-1"]
    return args + ["--metadata", f"title={doc.title}"]


def _single_top_heading(markdown: str) -> bool:
    lines = [line for line in markdown.splitlines() if line.strip()]
    tops = [line for line in lines if line.startswith("# ")]
    return bool(lines) and lines[0].startswith("# ") and len(tops) == 1


def _style(templates: Path | None) -> list[str]:
    css = templates / STYLE_CSS if templates else None
    if css is None or not css.is_file():
        return ["--variable", "mainfont=Arial, Helvetica, sans-serif",
                "--variable", "fontsize=12pt"]
    # embedded, so the one file can be mailed or published on its own
    return ["--css", str(css), "--self-contained"]


def pdf_engine() -> str:
    """The PDF engine to use: $ACTIONLOG_PDF_ENGINE, else the first one installed."""
    chosen = os.environ.get(ENV_PDF_ENGINE)
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise ConvertError(f"{ENV_PDF_ENGINE} names '{chosen}', which is not installed "
                               f"or not on PATH")
        return found
    # a tool installed in this Python environment may not be on PATH (a venv not activated)
    beside = Path(sys.executable).parent
    for name in PDF_ENGINES:
        found = shutil.which(name) or shutil.which(name, path=str(beside))
        if found:
            return found
    raise ConvertError(INSTALL_ENGINE)


def output_path(out: str | None, default_stem: str, fmt: str) -> Path:
    """`-o FILE` as given, or `<stem>.<fmt>` in the current folder."""
    return Path(out) if out else Path(f"{default_stem}.{fmt}")
