"""Array bodies: a refused element is named by its index, as a refused import row is named by its row.

>>> from datetime import datetime
>>> from onefactory.model import InvalidData
>>> def aware(x: datetime) -> datetime:
...     if x.tzinfo is None:
...         raise InvalidData(f"due must be timezone-aware, got {x}", field="due")
...     return x
>>> try:
...     each([datetime(2026, 1, 1)], aware)
... except InvalidData as e:
...     print(e, "|", e.field)
[0]: due must be timezone-aware, got 2026-01-01 00:00:00 | [0].due

An element repeating the key of an earlier one is refused the same way, by ``key``:

>>> try:
...     each(["A", "B", "A"], str.lower, key=("id", lambda x: x))
... except InvalidData as e:
...     print(e, "|", e.field)
[2]: id 'A' is given twice in this batch (first at [0]) | [2].id
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from onefactory.model import InvalidData

In = TypeVar("In")
Out = TypeVar("Out")

Key = tuple[str, Callable[[In], str]]
"""The field that identifies an element and how to read it (``("id", lambda x: x.id)``)."""


def each(body: Sequence[In], make: Callable[[In], Out], key: Key[In] | None = None) -> list[Out]:
    """``make`` of every element; an InvalidData of the n-th names it: ``[n]: ...``, field ``[n].<field>``.

    With ``key``, an element whose key an earlier element already gave is refused before any is made."""
    if key is not None:
        distinct(body, *key)
    made = []
    for n, element in enumerate(body):
        try:
            made.append(make(element))
        except InvalidData as e:
            field = f"[{n}].{e.field}" if e.field else f"[{n}]"
            raise InvalidData(f"[{n}]: {e}", field=field) from e
    return made


def distinct(body: Sequence[In], field: str, read: Callable[[In], str], where: str = "") -> None:
    """Refuse an element of ``body`` (the array at ``where`` in the request, '' for the body itself)
    whose ``field`` (read by ``read``) an earlier element already gave; InvalidData names it.

    >>> try:
    ...     distinct(["J1", "J2", "J1"], "code", str, where="jobs")
    ... except InvalidData as e:
    ...     print(e, "|", e.field)
    jobs[2]: code 'J1' is given twice in this batch (first at jobs[0]) | jobs[2].code
    """
    first: dict[str, int] = {}
    for n, element in enumerate(body):
        value = read(element)
        if value in first:
            raise InvalidData(
                f"{where}[{n}]: {field} {value!r} is given twice in this batch (first at {where}[{first[value]}])",
                field=f"{where}[{n}].{field}",
            )
        first[value] = n
