"""Where each problem is, kept. A problem found across files knows its YAML path, not its
line and column; finding them means parsing the file again with positions (the pure-Python
parser: about 12 ms for a 20 KB file, 18 s for 1,500 warnings in as many files). So the
places found are kept in the cache beside the file's key (size, times, inode), and a file is
parsed again only when it has changed or a problem names a path not found before."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from actionlog.core.problems import Problem
from actionlog.store import codec, load

TABLE = "CREATE TABLE IF NOT EXISTS places (path TEXT PRIMARY KEY, key TEXT, places BLOB);"


def locate(db: Any, root: Path, problems: list[Problem], writing: Any) -> list[Problem]:
    """The problems, each with its line and column (those that have them are kept as
    they are); `writing()` is the store's write transaction. What no place is kept for is
    found by load.locate, and kept."""
    keys: dict[str, str | None] = {}
    kept: dict[str, dict] = {}
    for p in problems:
        if p.path not in kept and not p.line and p.loc:
            keys[p.path], kept[p.path] = _kept(db, p.path)
    missing = [p for p in problems if p.path in kept and not p.line and p.loc
               and _where(p) not in kept[p.path]]
    changed = set()
    for p in load.locate(root, missing):
        if p.line:
            kept[p.path][_where(p)] = (p.line, p.column)
            changed.add(p.path)
    rows = [(path, keys[path], marshal.dumps(kept[path])) for path in sorted(changed)
            if keys[path] is not None]
    if rows:
        with writing():
            db.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?)", rows)
    return sorted(p.with_position(*kept[p.path][_where(p)])
                  if not p.line and p.loc and _where(p) in kept.get(p.path, {}) else p
                  for p in problems)


def _where(p: Problem) -> tuple:
    return (p.at_key, tuple(p.loc))


def _kept(db: Any, path: str) -> tuple[str | None, dict]:
    """The file's key now (None when the cache does not know it), and the places kept for
    that key."""
    row = db.execute("SELECT size, mtime, ctime, inode FROM files WHERE path = ?",
                     (path,)).fetchone()
    if row is None:
        return None, {}
    key = repr(tuple(row))
    kept = db.execute("SELECT key, places FROM places WHERE path = ?", (path,)).fetchone()
    if kept is None or kept[0] != key:
        return key, {}
    try:
        places = marshal.loads(kept[1])
    except (EOFError, ValueError, TypeError) as exc:
        raise codec.Damaged(f"places: {exc}") from None
    if type(places) is not dict or not all(
            type(k) is tuple and type(v) is tuple and len(v) == 2
            and all(type(n) is int for n in v) for k, v in places.items()):
        raise codec.Damaged("places: not what was written")
    return key, places
