"""Users, sharing grants and the access log that make data sovereignty concrete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .errors import InvalidData
from .ids import MemberCode

CLUSTER = MemberCode("*")
"""Grantee meaning every member of the cluster."""


class UserRole(StrEnum):
    """What a user may do within their member (cluster-operator spans the cluster)."""

    MEMBER_ADMIN = "member-admin"
    PLANNER = "planner"
    OPERATOR = "operator"
    VIEWER = "viewer"
    CLUSTER_OPERATOR = "cluster-operator"


WRITE_ROLES = frozenset({UserRole.MEMBER_ADMIN, UserRole.PLANNER, UserRole.OPERATOR})


class DataScope(StrEnum):
    """Kinds of a member's own data that are shared only under a grant."""

    INVENTORY = "inventory"
    CAPACITY = "capacity"
    PRODUCTION = "production"
    TELEMETRY = "telemetry"
    QUALITY = "quality"
    ITEMS = "items"


@dataclass(frozen=True, slots=True)
class User:
    """A person or system account of a member."""

    id: str
    member: MemberCode
    name: str
    role: UserRole

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", UserRole(self.role))

    @property
    def can_write(self) -> bool:
        """Whether the user may change data of their member."""
        return self.role in WRITE_ROLES


@dataclass(frozen=True, slots=True)
class Grant:
    """``owner`` shares ``scope`` with ``grantee`` (a member, or CLUSTER) until revoked."""

    id: str
    owner: MemberCode
    grantee: MemberCode
    scope: DataScope
    created_at: datetime
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "scope", DataScope(self.scope))
        if self.owner == self.grantee:
            raise InvalidData("a member cannot grant to itself", field="grantee")

    def covers(self, reader: str, scope: DataScope) -> bool:
        """Whether this active grant lets ``reader`` see ``scope`` data."""
        active = self.revoked_at is None
        return active and self.scope == scope and self.grantee in (reader, CLUSTER)


@dataclass(frozen=True, slots=True)
class AccessLogEntry:
    """One read of ``owner``'s data by another member."""

    owner: MemberCode
    reader_member: MemberCode
    reader_user: str
    resource: str
    basis: str
    at: datetime
