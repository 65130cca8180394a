"""Small key/value facts about the store (e.g. whether the demo was loaded)."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from ._repo import Repo
from .schema import meta


class Meta(Repo):
    """Key/value settings kept in the database."""

    def get(self, key: str) -> str | None:
        """The value, or None."""
        return self.conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()

    def set(self, key: str, value: str) -> None:
        """Set or replace a value."""
        self.conn.execute(delete(meta).where(meta.c.key == key))
        self.conn.execute(insert(meta).values(key=key, value=value))
