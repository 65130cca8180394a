"""Data sovereignty rules (pure): who may read which member's data, and on what basis.

A member always reads its own data. Trading partners read the documents they
share (orders, shipments, notifications) as parties. Anything else of another
member (stock, capacity, production, telemetry, quality, items) is readable
only under an active grant to the reader or to the whole cluster. A
cluster-operator reads everything (for operating the platform); such reads
are still logged for the owner.
"""

from __future__ import annotations

from collections.abc import Iterable

from onefactory.model import DataScope, Forbidden, Grant, User, UserRole


def reading_basis(user: User, owner: str, scope: DataScope, grants: Iterable[Grant]) -> str | None:
    """Why ``user`` may read ``owner``'s ``scope`` data: 'own', 'grant:<id>',
    'cluster-operator', or None when it may not.

    >>> from datetime import datetime, UTC
    >>> u = User("u1", "SUP-A", "Kim", UserRole.VIEWER)
    >>> g = Grant("g1", "SUP-B", "*", DataScope.INVENTORY, datetime(2026, 1, 1, tzinfo=UTC))
    >>> reading_basis(u, "SUP-B", DataScope.INVENTORY, [g])
    'grant:g1'
    >>> reading_basis(u, "SUP-B", DataScope.TELEMETRY, [g]) is None
    True
    """
    if user.member == owner:
        return "own"
    for grant in grants:
        if grant.owner == owner and grant.covers(user.member, scope):
            return f"grant:{grant.id}"
    if user.role is UserRole.CLUSTER_OPERATOR:
        return "cluster-operator"
    return None


def can_read(user: User, owner: str, scope: DataScope, grants: Iterable[Grant]) -> str:
    """Like :func:`reading_basis` but raises Forbidden naming owner and scope."""
    basis = reading_basis(user, owner, scope, grants)
    if basis is None:
        raise Forbidden(f"{user.member} has no grant to read {scope.value} data of {owner}")
    return basis


FOREIGN_ORDER = "another member's order"
"""What a member reads in place of the id of an order it is no party to."""


def shown_refs(refs: Iterable[str], party: set[str]) -> tuple[str, ...]:
    """Order refs ('ORDER/LINE' or 'ORDER') with those whose order is not in ``party`` folded into one
    :data:`FOREIGN_ORDER`.

    >>> shown_refs(["PO-1/1", "PO-9/2", "PO-8/1"], {"PO-1"})
    ('PO-1/1', "another member's order")
    """
    refs = tuple(refs)
    mine = tuple(r for r in refs if r in party or r.rsplit("/", 1)[0] in party)
    return mine + ((FOREIGN_ORDER,) if len(mine) < len(refs) else ())
