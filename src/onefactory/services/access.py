"""Authentication, sharing grants, and reads that are logged for the data owner."""

from __future__ import annotations

import secrets
from datetime import datetime

from onefactory.exchange import can_read
from onefactory.model import (
    CLUSTER,
    AccessLogEntry,
    Conflict,
    DataScope,
    Forbidden,
    Grant,
    InvalidData,
    Unauthorized,
    User,
    UserRole,
)
from onefactory.store import Store, Unit


def authenticate(store: Store, token: str | None) -> User:
    """The user holding a bearer token; Unauthorized otherwise."""
    if not token:
        raise Unauthorized("missing API token (send 'Authorization: Bearer <token>')")
    with store.read() as tx:
        user = tx.users.by_token(token)
    if user is None:
        raise Unauthorized("unknown API token")
    return user


def require_write(user: User) -> None:
    """Refuse viewers (and cluster operators, who do not act for a member)."""
    if not user.can_write:
        raise Forbidden(f"role {user.role.value} of {user.id} may not change data")


def require_own(user: User, members: set[str], what: str) -> None:
    """Refuse records of any member but the caller's own, naming them."""
    foreign = sorted(m for m in members if m != user.member)
    if foreign:
        raise Forbidden(f"{user.member} may record {what} only for itself, not {', '.join(foreign)}")


def require_admin(user: User) -> None:
    """Only a member-admin manages grants and users."""
    if user.role is not UserRole.MEMBER_ADMIN:
        raise Forbidden(f"only a member-admin may do this; {user.id} is {user.role.value}")


def create_user(store: Store, user: User, token: str | None = None) -> str:
    """Add a user; returns its API token (generated if not given)."""
    token = token or secrets.token_urlsafe(24)
    with store.write() as tx:
        tx.members.get(user.member)
        tx.users.add(user, token)
    return token


def grant(store: Store, user: User, grantee: str, scope: str, now: datetime) -> Grant:
    """``user``'s member shares ``scope`` with a partner (or '*' for the cluster).

    A grant identical to an active one (same grantee and scope) is a Conflict naming the active
    grant: one grant per grantee and scope, so revoking it ends the access."""
    require_admin(user)
    try:
        data_scope = DataScope(scope)
    except ValueError:
        options = ", ".join(s.value for s in DataScope)
        raise InvalidData(f"unknown scope {scope!r}; one of {options}", field="scope") from None
    new = Grant(f"g-{secrets.token_hex(6)}", user.member, grantee, data_scope, now)
    with store.write() as tx:
        if grantee != CLUSTER:
            tx.members.get(grantee)
        _refuse_same(tx, new)
        tx.grants.add(new)
    return new


def _refuse_same(tx: Unit, new: Grant) -> None:
    for g in tx.grants.of_owner(new.owner):
        if g.revoked_at is None and (g.grantee, g.scope) == (new.grantee, new.scope):
            raise Conflict(
                f"{new.owner} already grants {new.scope.value} to {new.grantee} by grant {g.id}; "
                "revoke that one to end it"
            )


def revoke(store: Store, user: User, grant_id: str, now: datetime) -> Grant:
    """Revoke one of the caller's member's grants."""
    require_admin(user)
    with store.write() as tx:
        return tx.grants.revoke(grant_id, user.member, now)


def check_read(tx: Unit, user: User, owner: str, scope: DataScope, resource: str, now: datetime) -> str:
    """Allow or refuse a read of ``owner``'s data; a foreign read is logged in ``tx``.

    Call it inside a write unit so that the log entry and the read share a transaction.
    """
    basis = can_read(user, owner, scope, tx.grants.active())
    if basis != "own":
        tx.access_log.append_many([AccessLogEntry(owner, user.member, user.id, resource, basis, now)])
    return basis


def access_log(store: Store, user: User, limit: int = 100, offset: int = 0) -> tuple[list[AccessLogEntry], int]:
    """Who read the caller's member's data (newest first), and the total."""
    with store.read() as tx:
        return tx.access_log.of_owner(user.member, limit=limit, offset=offset), tx.access_log.count_of_owner(
            user.member
        )


def grants_of(store: Store, user: User) -> list[Grant]:
    """Grants the caller's member has given."""
    with store.read() as tx:
        return tx.grants.of_owner(user.member)


def grants_received(store: Store, user: User) -> list[Grant]:
    """Grants other members gave the caller's member, by name or to the whole cluster (read-only:
    only their owner revokes them). Grants between two other members stay hidden."""
    with store.read() as tx:
        return tx.grants.to_grantee(user.member)


def sharers(store: Store, user: User, scope: DataScope) -> list[str]:
    """Members whose ``scope`` data the caller may read: its own first, then those that
    granted it (to the caller's member or the whole cluster); every member for an operator."""
    with store.read() as tx:
        if user.role is UserRole.CLUSTER_OPERATOR:
            others = [m.code for m in tx.members.all()]
        else:
            others = sorted({g.owner for g in tx.grants.active() if g.covers(user.member, scope)})
    return [user.member, *(code for code in others if code != user.member)]
