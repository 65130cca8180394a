"""Members, sites and resources."""

from __future__ import annotations

from sqlalchemy import select

from onefactory.model import Conflict, Member, NotFound, Resource, Site

from ._repo import Repo, from_rows, to_row
from .schema import members, resources, sites


class Members(Repo):
    """The companies of the cluster."""

    def add(self, member: Member) -> None:
        """Add a new member; a duplicate code is a Conflict."""
        if self.find(member.code):
            raise Conflict(f"member {member.code!r} exists already")
        self._insert_many(members, [to_row(member)])

    def find(self, code: str) -> Member | None:
        """The member or None."""
        rows = self._select(members, code=code)
        return from_rows(Member, rows)[0] if rows else None

    def get(self, code: str) -> Member:
        """The member; NotFound if absent."""
        member = self.find(code)
        if member is None:
            raise NotFound(f"no member {code!r}")
        return member

    def all(self) -> list[Member]:
        """Every member, by code."""
        return from_rows(Member, self.conn.execute(select(members).order_by(members.c.code)).mappings())


class Sites(Repo):
    """Plants and warehouses."""

    def put_many(self, rows: list[Site]) -> int:
        """Insert or replace sites by (member, code)."""
        return sum(self._replace_member_rows(sites, s.member, [to_row(s)]) for s in rows)

    def of(self, member: str) -> list[Site]:
        """Sites of a member."""
        return from_rows(Site, self._select(sites, member=member))


class Resources(Repo):
    """Machines, lines and work centres."""

    def put_many(self, rows: list[Resource]) -> int:
        """Insert or replace resources by (member, code)."""
        return sum(self._replace_member_rows(resources, r.member, [to_row(r)]) for r in rows)

    def of(self, member: str) -> list[Resource]:
        """Resources of a member, by code."""
        stmt = select(resources).where(resources.c.member == member).order_by(resources.c.code)
        return from_rows(Resource, self.conn.execute(stmt).mappings())

    def find(self, member: str, code: str) -> Resource | None:
        """One resource or None."""
        rows = self._select(resources, member=member, code=code)
        return from_rows(Resource, rows)[0] if rows else None
