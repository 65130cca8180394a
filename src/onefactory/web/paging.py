"""Long tables on pages: one window of rows at a time, with links to the others.

>>> w = Window(total=20_000, page=2, size=200, prev_url="?lines=1", next_url="?lines=3")
>>> (w.start, w.end, w.pages, w.first, w.last)
(200, 400, 100, 201, 400)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from starlette.requests import Request

ROWS = 200
"""Rows a long table shows at once."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Window:
    """Rows ``start``..``end`` (0-based, end excluded) of ``total``; the links are '' at either end."""

    total: int
    page: int
    size: int
    prev_url: str
    next_url: str

    @property
    def start(self) -> int:
        """Index of the first row shown."""
        return (self.page - 1) * self.size

    @property
    def end(self) -> int:
        """Index after the last row shown."""
        return min(self.start + self.size, self.total)

    @property
    def pages(self) -> int:
        """How many windows the rows fill (at least one)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """1-based number of the first row shown (0 when there is none)."""
        return self.start + 1 if self.total else 0

    @property
    def last(self) -> int:
        """1-based number of the last row shown."""
        return self.end

    def rows(self, seq: Sequence[T]) -> Sequence[T]:
        """The rows of ``seq`` this window shows."""
        return seq[self.start : self.end]


def window(request: Request, param: str, total: int, size: int = ROWS) -> Window:
    """The window the query parameter ``param`` asks for (1-based; out of range is clamped), with
    links that keep every other parameter of the page."""
    pages = max(1, -(-total // size))
    try:
        page = min(max(int(request.query_params.get(param, "1")), 1), pages)
    except ValueError:
        page = 1

    def url(n: int) -> str:
        if not 1 <= n <= pages or n == page:
            return ""
        target = request.url.include_query_params(**{param: n})
        return f"{target.path}?{target.query}"

    return Window(total, page, size, url(page - 1), url(page + 1))
