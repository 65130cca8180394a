"""Item masters, bills of materials, routings and unit conversions of each member."""

from __future__ import annotations

from sqlalchemy import delete, select

from onefactory.model import BomLine, Item, RoutingStep, UomConversion

from ._repo import Repo, from_rows, to_row
from .schema import bom_lines, items, routing_steps, uom_conversions


class Items(Repo):
    """Each member's item master."""

    def put_many(self, rows: list[Item]) -> int:
        """Insert or replace items by (member, code)."""
        for member in {i.member for i in rows}:
            codes = [i.code for i in rows if i.member == member]
            for chunk in range(0, len(codes), 500):
                cond = items.c.code.in_(codes[chunk : chunk + 500])
                self.conn.execute(delete(items).where(items.c.member == member, cond))
        return self._insert_many(items, [to_row(i) for i in rows])

    def of(self, member: str | None = None, *, skip_invalid: bool = False) -> list[Item]:
        """Items of one member by code, or of the whole cluster by member and code (``skip_invalid``:
        leave out an item holding a value out of range, so an import can replace it)."""
        stmt = select(items).order_by(items.c.member, items.c.code)
        if member is not None:
            stmt = stmt.where(items.c.member == member)
        return from_rows(Item, self.conn.execute(stmt).mappings(), skip_invalid=skip_invalid)

    def find(self, member: str, code: str) -> Item | None:
        """One item or None."""
        rows = self._select(items, member=member, code=code)
        return from_rows(Item, rows)[0] if rows else None

    def count(self) -> int:
        """Number of items in the cluster."""
        return len(self.conn.execute(select(items.c.code)).all())


class Boms(Repo):
    """Bill-of-material lines; a parent's lines are replaced as a whole."""

    def replace_parents(self, member: str, lines: list[BomLine]) -> int:
        """Replace all lines of every parent that ``lines`` mentions."""
        parents = sorted({line.parent for line in lines})
        if parents:
            self.conn.execute(delete(bom_lines).where(bom_lines.c.member == member, bom_lines.c.parent.in_(parents)))
        return self._insert_many(bom_lines, [to_row(line) for line in lines])

    def of(self, member: str | None = None) -> list[BomLine]:
        """BOM lines of one member, or of the whole cluster."""
        stmt = select(bom_lines).order_by(bom_lines.c.member, bom_lines.c.parent, bom_lines.c.line_no, bom_lines.c.id)
        if member is not None:
            stmt = stmt.where(bom_lines.c.member == member)
        return from_rows(BomLine, self.conn.execute(stmt).mappings())


class Routings(Repo):
    """Routing steps."""

    def put_many(self, rows: list[RoutingStep]) -> int:
        """Insert or replace steps by (member, item, step_no)."""
        return sum(self._replace_member_rows(routing_steps, r.member, [to_row(r)]) for r in rows)

    def of(self, member: str, *, skip_invalid: bool = False) -> list[RoutingStep]:
        """Steps of a member (``skip_invalid``: leave out a step holding a value out of range)."""
        return from_rows(RoutingStep, self._select(routing_steps, member=member), skip_invalid=skip_invalid)


class Uoms(Repo):
    """Unit conversions per member."""

    def put_many(self, member: str, rows: list[UomConversion]) -> int:
        """Insert or replace conversions."""
        data = [{"member": member, **to_row(r)} for r in rows]
        return sum(self._replace_member_rows(uom_conversions, member, [d]) for d in data)

    def of(self, member: str) -> list[UomConversion]:
        """Conversions of a member."""
        return from_rows(UomConversion, self._select(uom_conversions, member=member))
