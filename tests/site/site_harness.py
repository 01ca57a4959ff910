"""The real-browser harness for `actionlog site`: Debian's Chromium driven by Playwright,
the built site served on 127.0.0.1, and axe-core for the WCAG checks.

Shared by tests/site/ and benchmarks/site_screenshots.py. Nothing here is fetched from the
internet: Playwright drives the system Chromium (never `playwright install`), and axe-core is
the copy bundled in the pinned `axe-playwright-python` wheel (setup.cfg's `test` extra).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]

# Set by .ci/run: the browser tests fail rather than skip when Chromium or Playwright is absent.
REQUIRE_ENV = "ACTIONLOG_REQUIRE_BROWSER"
# A Chromium other than the one on PATH (e.g. /usr/bin/chromium-browser on Ubuntu).
CHROMIUM_ENV = "ACTIONLOG_CHROMIUM"

# Playwright adds --headless itself. Without the background-networking flags Chromium calls
# Google's servers (component updates, sync, field trials) and floods the log with errors.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

SERVED_HOST = "127.0.0.1"


def browser_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def find_chromium() -> str | None:
    """The Chromium executable: $ACTIONLOG_CHROMIUM, else chromium or chromium-browser on
    PATH."""
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for module, name in (("playwright", "Playwright"),
                         ("axe_playwright_python", "axe-playwright-python")):
        if importlib.util.find_spec(module) is None:
            return f"{name} is not installed (pip install '.[test]')"
    if find_chromium() is None:
        return ("Chromium is not installed (apt-get install chromium, or set "
                f"{CHROMIUM_ENV} to its path)")
    return None


def launch(playwright):
    """A headless Chromium from the system, never one Playwright downloads."""
    return playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)


# --- serving ------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 on a free port from a background thread; yields the base
    URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((SERVED_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{SERVED_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- building -----------------------------------------------------------------------------

def copy_workspace(dest: Path) -> Path:
    """A copy of the bundled workspace (the repository root's meetings/, templates/ and
    roster, if any) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "meetings", dest / "meetings")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", dest / "templates")
    for name in ("roster.yaml", "actionlog.yaml", ".actionlog.yaml"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    return dest


def build_site(root: Path, out: Path, today: str = "2017-09-01", *extra: str) -> Path:
    """`actionlog --root ROOT site OUT --today TODAY` through Click's runner; raises with
    the command's output when it fails."""
    from click.testing import CliRunner

    from actionlog.cli import cli

    args = ["--root", str(root), "site", str(out), "--today", today, *extra]
    result = CliRunner().invoke(cli, args, env={}, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"actionlog {' '.join(args)} exited {result.exit_code}:\n"
                           f"{result.output}")
    return out


def html_pages(site: Path) -> list[str]:
    """Every .html file under `site`, as paths relative to it with '/' separators."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# --- loading a page and hearing every complaint ------------------------------------------

@dataclass
class Load:
    """What happened while a page loaded: its status and everything that went wrong."""
    url: str
    status: int | None = None
    problems: list[str] = field(default_factory=list)
    links: set[str] = field(default_factory=set)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname == SERVED_HOST


def block_the_outside(context, blocked: list[str]) -> None:
    """Abort, and note in `blocked`, every request the context makes to anywhere but
    127.0.0.1; the pages must fetch nothing from the internet."""
    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()
    context.route("**/*", handle)


def load(page, url: str) -> Load:
    """Go to `url` in `page` (whose context has block_the_outside) and record every console
    error, uncaught exception, failed request and response of 400 or more, and the links on
    the page."""
    seen = Load(url)

    def on_console(msg):
        if msg.type in ("error", "assert"):
            where = msg.location or {}
            seen.problems.append(f"console {msg.type}: {msg.text} "
                                 f"({where.get('url', '?')}:{where.get('lineNumber', '?')})")

    def on_pageerror(error):
        seen.problems.append(f"uncaught exception: {error}")

    def on_requestfailed(request):
        seen.problems.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response):
        if response.status >= 400:
            seen.problems.append(f"HTTP {response.status}: {response.url}")

    def on_request(request):
        if not is_local(request.url):
            seen.problems.append(f"request outside {SERVED_HOST}: {request.url}")

    handlers = {"console": on_console, "pageerror": on_pageerror,
                "requestfailed": on_requestfailed, "response": on_response,
                "request": on_request}
    for event, handler in handlers.items():
        page.on(event, handler)
    try:
        response = page.goto(url, wait_until="load")
        seen.status = response.status if response else None
        # Playwright delivers events asynchronously; a round trip to the page flushes those
        # raised during load before the listeners are removed.
        page.evaluate("0")
        seen.links = set(page.eval_on_selector_all(
            "a[href], link[href], area[href]", "els => els.map(e => e.href)"))
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    if seen.status != 200:
        seen.problems.insert(0, f"HTTP status {seen.status} for the page itself")
    return seen


# --- axe-core -----------------------------------------------------------------------------

def axe_version() -> str:
    from axe_playwright_python.base import AXE_SCRIPT
    head = AXE_SCRIPT[:200]
    marker = "axe v"
    start = head.find(marker)
    return head[start + len(marker):].split()[0] if start >= 0 else "unknown"


def axe_violations(page) -> list[dict]:
    """axe-core's violations of WCAG 2.0, 2.1 and 2.2 at levels A and AA on the loaded
    page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS},
               "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(page_name: str, violations: list[dict]) -> str:
    """Readable: per violation its rule, impact, help and WCAG tags, then per element its
    selector and axe's own message."""
    lines = []
    for v in violations:
        tags = ", ".join(t for t in v.get("tags", []) if t.startswith("wcag"))
        lines.append(f"{page_name}: [{v['id']}] ({v.get('impact')}) {v['help']} "
                     f"[{tags}] {v.get('helpUrl', '')}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            messages = [c["message"] for key in ("any", "all", "none")
                        for c in node.get(key, []) if c.get("message")]
            lines.append(f"    {target}")
            for message in messages:
                lines.append(f"        - {message}")
    return "\n".join(lines)
