"""Groups of series joined by references: the meetings of one group can be folded and
checked without any other's. Union-find, with path halving."""

from __future__ import annotations

from typing import Hashable, Iterable

from actionlog.core.refs import Ref


def join(nodes: Iterable[Hashable], pairs: Iterable[tuple[Hashable, Hashable]]) -> list[set]:
    """The connected sets of `nodes`, where each pair joins two."""
    parent: dict = {}

    def find(x: Hashable) -> Hashable:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for node in nodes:
        find(node)
    for a, b in pairs:
        parent[find(a)] = find(b)
    out: dict = {}
    for node in list(parent):
        out.setdefault(find(node), set()).add(node)
    return list(out.values())


def of_series(series_of: dict[str, str],
              targets: Iterable[tuple[str, Iterable[str]]]) -> list[set[str]]:
    """The groups of series: `series_of` gives each meeting id's series, `targets` each
    meeting's series and the meeting ids its reviews name. A review naming a meeting that
    is not there joins every series into one group, so that the ledger's "did you mean"
    looks at every action, as it would over the whole workspace."""
    pairs = []
    for series, ids in targets:
        for target in ids:
            if target in series_of:
                pairs.append((series, series_of[target]))
            elif not Ref(target, 0).escapes:
                every = set(series_of.values())
                return [every] if every else []
    return join(set(series_of.values()), pairs)
