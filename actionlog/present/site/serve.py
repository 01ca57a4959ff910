"""`actionlog site --serve`: the site on 127.0.0.1 for a preview, built again whenever a
meeting file, the roster, the settings or a template changes (polled once a second: no
watcher library needed for a preview)."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from typing import Callable

WATCHED = ("meetings", "templates", "roster.yaml", "actionlog.toml")


def signature(root: Path) -> tuple:
    """What a change to the workspace changes: every watched file's name, size and times."""
    out = []
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []
        for path in paths:
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(out)


class ServeError(Exception):
    """The preview cannot listen where asked: a domain error, one line."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base's name)
        pass


def serve(folder: Path, root: Path, rebuild: Callable[[], str], port: int,
          say: Callable[[str], None], interval: float = 1.0) -> None:
    """Serve `folder` until interrupted; call `rebuild` when the workspace changes."""
    handler = functools.partial(_Quiet, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ServeError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc} "
                         f"(--port another, or 0 for any free one)") from None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    say(f"serving {folder} at http://127.0.0.1:{server.server_address[1]}/ "
        f"(Ctrl-C to stop); rebuilding when the workspace changes")
    seen = signature(root)
    try:
        while True:
            time.sleep(interval)
            now = signature(root)
            if now != seen:
                seen = now
                say(rebuild())
    finally:
        server.shutdown()
        server.server_close()
