"""Small-group protection: primary suppression plus complementary suppression along every margin.

A cell is one group of one attribute combination in one scope (the whole log or one time window).
Primary: a group with 0 < n < min_group_size is suppressed. Complementary: published figures obey linear
relations (a group is the sum of its sub-groups split by one more attribute; a whole-log group is the sum
of its windows; every attribute's groups sum to the row total). Whenever one relation has exactly one
suppressed member, that member could be recovered by subtraction, so the smallest published non-empty
sibling is suppressed too (or, failing any, the parent). This repeats until no relation has a single
unknown. Relations are checked one at a time; combining several equations can still narrow a suppressed
value down (the general cell-suppression audit problem), which this does not solve.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from waarborg.domain.audit.groups import GroupSet

# (scope, attribute names, group key); scope -1 is the whole log, 0.. the windows.
Cell = tuple[int, tuple[str, ...], tuple[str, ...]]
ROOT_ATTRS: tuple[str, ...] = ()


def suppress(
    scopes: Mapping[int, Sequence[GroupSet]], min_group_size: int
) -> tuple[dict[Cell, bool], int, int]:
    """Suppression flag of every cell, with the number of primary and complementary suppressions."""
    sizes: dict[Cell, int] = {}
    for scope, sets in scopes.items():
        for gs in sets:
            for key, n in zip(gs.keys, gs.sizes.tolist(), strict=True):
                sizes[(scope, gs.attrs, key)] = int(n)
    hidden = {cell: 0 < n < min_group_size for cell, n in sizes.items()}
    primary = sum(hidden.values())
    relations = _relations(sizes, scopes)
    changed = True
    while changed:
        changed = False
        for parent, children in relations:
            if _close(parent, children, sizes, hidden):
                changed = True
    return hidden, primary, sum(hidden.values()) - primary


def _relations(
    sizes: Mapping[Cell, int], scopes: Mapping[int, Sequence[GroupSet]]
) -> list[tuple[Cell | None, list[Cell]]]:
    """``parent = sum(children)`` relations; parent None is a published total (the row count)."""
    groups: dict[tuple[Cell | None, tuple[str, ...]], list[Cell]] = {}
    for cell in sizes:
        scope, attrs, key = cell
        for i in range(len(attrs)):
            parent_attrs = attrs[:i] + attrs[i + 1 :]
            parent_key = key[:i] + key[i + 1 :]
            parent: Cell | None = (scope, parent_attrs, parent_key) if parent_attrs else None
            groups.setdefault((parent if parent else (scope, ROOT_ATTRS, ()), attrs), []).append(cell)
    out: list[tuple[Cell | None, list[Cell]]] = []
    for (parent, _), children in groups.items():
        out.append((None if parent is not None and parent[1] == ROOT_ATTRS else parent, children))
    windows = [s for s in scopes if s >= 0]
    if len(windows) > 1:
        by_group: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Cell]] = {}
        for scope, attrs, key in sizes:
            if scope >= 0:
                by_group.setdefault((attrs, key), []).append((scope, attrs, key))
        out += [((-1, attrs, key), cells) for (attrs, key), cells in by_group.items()]
    return out


def _close(
    parent: Cell | None, children: list[Cell], sizes: Mapping[Cell, int], hidden: dict[Cell, bool]
) -> bool:
    """Suppress one more member if the relation has exactly one unknown; True if anything changed."""
    unknown = [c for c in children if hidden[c]]
    parent_hidden = parent is not None and hidden.get(parent, False)
    if len(unknown) + int(parent_hidden) != 1:
        return False
    candidates = sorted((sizes[c], c) for c in children if not hidden[c] and sizes[c] > 0)
    if candidates:
        hidden[candidates[0][1]] = True
        return True
    if parent is not None and parent in hidden and not parent_hidden:
        hidden[parent] = True
        return True
    return False


def mask(gs: GroupSet, scope: int, hidden: Mapping[Cell, bool]) -> npt.NDArray[np.bool_]:
    return np.array([hidden[(scope, gs.attrs, key)] for key in gs.keys], dtype=bool)
