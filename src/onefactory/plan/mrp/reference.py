"""A straightforward MRP: one item at a time, one bucket at a time, plain Python integers.

It reads the same compiled arrays as :mod:`.engine` and must give the same planned
orders; the tests and the ``mrp`` benchmark use it as the check and the baseline.
"""

from __future__ import annotations

from .compile import MrpArrays


def plan_reference(a: MrpArrays) -> dict[tuple[int, int], int]:
    """Planned quantity per (node, bucket) in scaled units, phantoms left out."""
    n, nb = a.gross.shape
    gross = {i: a.gross[i].tolist() for i in range(n)}
    children: dict[int, list[int]] = {}
    for e, p in enumerate(a.parent.tolist()):
        children.setdefault(p, []).append(e)
    out: dict[tuple[int, int], int] = {}
    for i in sorted(range(n), key=lambda x: int(a.level[x])):
        planned = gross[i] if a.phantom[i] else _net(a, i, gross[i])
        release = list(range(nb)) if a.phantom[i] else [max(r, 0) for r in a.release[a.combo[i]].tolist()]
        num, den = int(a.yield_num[i]), int(a.yield_den[i])
        for b, qty in enumerate(planned):
            if qty and not a.phantom[i]:
                out[(i, b)] = qty
            started = -(-qty * den // num)
            for e in children.get(i, []) if started else []:
                need = -(-started * int(a.mul[e]) // int(a.div[e]))
                gross[int(a.child[e])][release[b]] += need
    return out


def _net(a: MrpArrays, i: int, gross: list[int]) -> list[int]:
    proj, safety = int(a.on_hand[i]), int(a.safety[i])
    fixed, minimum, multiple = int(a.fixed[i]), int(a.minimum[i]), int(a.multiple[i])
    planned = []
    for b, need in enumerate(gross):
        proj += int(a.receipts[i, b]) - need
        qty = 0
        if proj < safety:
            qty = safety - proj
            qty = -(-qty // fixed) * fixed if fixed else qty
            qty = max(qty, minimum)
            qty = -(-qty // multiple) * multiple if multiple else qty
        proj += qty
        planned.append(qty)
    return planned
