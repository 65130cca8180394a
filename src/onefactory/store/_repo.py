"""Shared pieces of the repositories: the base class and row conversion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, fields
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, delete, insert, select

from onefactory.model import Conflict, InvalidData

T = TypeVar("T")


class Repo:
    """A repository bound to one connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @property
    def dialect(self) -> str:
        """Name of the database dialect."""
        return self.conn.dialect.name

    def _insert_many(self, table: Table, rows: list[dict[str, Any]]) -> int:
        if rows:
            self.conn.execute(insert(table), rows)
        return len(rows)

    def _replace_member_rows(self, table: Table, member: str, rows: list[dict[str, Any]]) -> int:
        """Delete a member's rows with the same keys, then insert (an upsert by key set)."""
        keys = [
            c.name
            for c in next(iter(c for c in table.constraints if c.__class__.__name__ == "UniqueConstraint")).columns
        ]
        for row in rows:
            cond = [table.c[k] == row[k] for k in keys]
            self.conn.execute(delete(table).where(*cond))
        return self._insert_many(table, rows)

    def _select(self, table: Table, **where: Any) -> list[Mapping[str, Any]]:
        stmt = select(table).where(*[table.c[k] == v for k, v in where.items() if v is not None])
        return [r._mapping for r in self.conn.execute(stmt)]


def to_row(obj: Any) -> dict[str, Any]:
    """A frozen dataclass as a dict of its fields (shallow)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def from_rows(cls: type[T], rows: Iterable[Mapping[str, Any]], *, skip_invalid: bool = False) -> list[T]:
    """Build ``cls`` from rows, passing only the columns it has as fields; with ``skip_invalid``
    a row holding a value the model refuses is left out (for a writer that replaces it)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    out = []
    for row in rows:
        try:
            out.append(_build(cls, {k: v for k, v in row.items() if k in names}))
        except Conflict:
            if not skip_invalid:
                raise
    return out


KEY_FIELDS = ("member", "code", "item", "parent", "component", "step_no")
"""Fields that name a stored row in the error about a value it holds that a rule now refuses."""


def _build(cls: type[T], values: dict[str, Any]) -> T:
    """``cls(**values)``; a stored value the model refuses (stored before a bound existed) is a
    Conflict naming the row, rather than a crash of whatever read it."""
    try:
        return cls(**values)
    except InvalidData as exc:
        key = ", ".join(f"{k} {values[k]}" for k in KEY_FIELDS if values.get(k) is not None)
        raise Conflict(f"stored {cls.__name__} ({key}) holds a value out of range: {exc}; correct it") from exc


__all__ = ["Repo", "asdict", "from_rows", "to_row"]
