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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from onefactory.model import InvalidData

In = TypeVar("In")
Out = TypeVar("Out")


def each(body: Sequence[In], make: Callable[[In], Out]) -> list[Out]:
    """``make`` of every element; an InvalidData of the n-th names it: ``[n]: ...``, field ``[n].<field>``."""
    made = []
    for n, element in enumerate(body):
        try:
            made.append(make(element))
        except InvalidData as e:
            field = f"[{n}].{e.field}" if e.field else f"[{n}]"
            raise InvalidData(f"[{n}]: {e}", field=field) from e
    return made
