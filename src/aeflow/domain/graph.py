"""Dependency graphs: finding cycles (iterative depth-first search, so deep chains are fine)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


def find_cycles(deps: Mapping[str, Sequence[str]]) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(node, cycle)`` for every back edge: ``node`` depends on something already on the
    path, and ``cycle`` lists the ids around the loop, first id repeated at the end. Dependencies on
    ids that are not keys of ``deps`` are ignored."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in deps:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(deps[root]))]
        state[root] = 1
        path = [root]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(nxt) == 1:
                yield node, path[path.index(nxt):] + [nxt]
            elif nxt not in state and nxt in deps:
                state[nxt] = 1
                stack.append((nxt, iter(deps[nxt])))
                path.append(nxt)
