"""Users with API tokens, sharing grants and the access log."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import func, select, update

from onefactory.model import CLUSTER, AccessLogEntry, Conflict, Grant, NotFound, User

from ._repo import Repo, from_rows, to_row
from .schema import access_log, grants, users


def token_hash(token: str) -> str:
    """SHA-256 of a token; only hashes are stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class Users(Repo):
    """Accounts; a token is stored only as its hash."""

    def add(self, user: User, token: str) -> None:
        """Add a user with its API token."""
        if self._select(users, id=user.id):
            raise Conflict(f"user {user.id!r} exists already")
        self._insert_many(users, [{**to_row(user), "role": user.role.value, "token_hash": token_hash(token)}])

    def by_token(self, token: str) -> User | None:
        """The user holding ``token``, or None."""
        return next(iter(from_rows(User, self._select(users, token_hash=token_hash(token)))), None)

    def of(self, member: str) -> list[User]:
        """Users of a member."""
        return from_rows(User, self._select(users, member=member))


class Grants(Repo):
    """Sharing grants given by owners."""

    def add(self, grant: Grant) -> None:
        """Store a new grant."""
        self._insert_many(grants, [{**to_row(grant), "scope": grant.scope.value}])

    def revoke(self, grant_id: str, owner: str, at: datetime) -> Grant:
        """Revoke an owner's active grant."""
        res = self.conn.execute(
            update(grants)
            .where(grants.c.id == grant_id, grants.c.owner == owner, grants.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        if res.rowcount != 1:
            raise NotFound(f"no active grant {grant_id!r} of {owner}")
        return from_rows(Grant, self._select(grants, id=grant_id))[0]

    def active(self) -> list[Grant]:
        """Every grant not revoked."""
        stmt = select(grants).where(grants.c.revoked_at.is_(None))
        return from_rows(Grant, self.conn.execute(stmt).mappings())

    def of_owner(self, owner: str) -> list[Grant]:
        """Grants given by ``owner`` (active and revoked), newest first."""
        stmt = select(grants).where(grants.c.owner == owner).order_by(grants.c.created_at.desc())
        return from_rows(Grant, self.conn.execute(stmt).mappings())

    def to_grantee(self, member: str) -> list[Grant]:
        """Grants other members gave ``member`` or the whole cluster (active and revoked), newest first."""
        stmt = (
            select(grants)
            .where(grants.c.grantee.in_((member, CLUSTER)), grants.c.owner != member)
            .order_by(grants.c.created_at.desc())
        )
        return from_rows(Grant, self.conn.execute(stmt).mappings())


class AccessLog(Repo):
    """Reads of a member's data by other members."""

    def append_many(self, entries: list[AccessLogEntry]) -> None:
        """Record reads by other members; a member's reads of its own data are never logged,
        whatever the basis a caller gives (the log tells an owner who else read its data)."""
        foreign = [to_row(e) for e in entries if e.owner != e.reader_member]
        if foreign:
            self._insert_many(access_log, foreign)

    def of_owner(self, owner: str, *, limit: int = 100, offset: int = 0) -> list[AccessLogEntry]:
        """Reads of ``owner``'s data, newest first."""
        stmt = (
            select(access_log)
            .where(access_log.c.owner == owner)
            .order_by(access_log.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return from_rows(AccessLogEntry, self.conn.execute(stmt).mappings())

    def count_of_owner(self, owner: str) -> int:
        """How many reads of ``owner``'s data were logged."""
        stmt = select(func.count()).select_from(access_log).where(access_log.c.owner == owner)
        return int(self.conn.execute(stmt).scalar_one())
