"""Updating stored master records from an import: only a cell that holds a value changes a field.

A column absent from the file, or a blank cell in it, means "no value given": an
existing record keeps its stored value, a new record gets the documented default
the parser already put in. Records are matched by their key: an item or resource
by code, a routing step by (item, step_no), a BOM line by (parent, component).

Example:
    >>> from decimal import Decimal
    >>> from onefactory.model import Item
    >>> stored = Item("M", "P-1", "Old", lead_time_days=Decimal("33.75"), description="kept")
    >>> renamed = merge(stored, Item("M", "P-1", "New"), frozenset({"name"}))
    >>> renamed.name, renamed.lead_time_days, renamed.description
    ('New', Decimal('33.75'), 'kept')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from onefactory.model import BomLine, Item, Resource, RoutingStep

T = TypeVar("T")

KEYS: dict[type, Callable[[Any], tuple[object, ...]]] = {
    Item: lambda r: (r.code,),
    Resource: lambda r: (r.code,),
    RoutingStep: lambda r: (r.item, r.step_no),
    BomLine: lambda r: (r.parent, r.component),
}


def record_key(record: object) -> tuple[object, ...]:
    """What identifies ``record`` among the stored records of its member."""
    return KEYS[type(record)](record)


def merge(stored: T | None, incoming: T, given: frozenset[str]) -> T:
    """``stored`` with the fields of ``incoming`` named in ``given``; ``incoming`` when nothing is stored.

    Resource ``attributes`` merge key by key: a stored attribute the file does not mention stays.
    """
    if stored is None:
        return incoming
    base: Any = stored
    changes = {name: getattr(incoming, name) for name in given}
    if "attributes" in changes:
        changes["attributes"] = {**base.attributes, **changes["attributes"]}
    return replace(base, **changes)


def merge_many(stored: Iterable[T], incoming: Sequence[T], given: Sequence[frozenset[str]]) -> list[T]:
    """Each incoming record merged with the stored record of the same key.

    A key stored more than once (a component listed twice under a parent) is
    ambiguous, so those incoming records are taken as they are.
    """
    stored = list(stored)
    counts = Counter(record_key(r) for r in stored)
    by_key = {record_key(r): r for r in stored if counts[record_key(r)] == 1}
    return [merge(by_key.get(record_key(r)), r, g) for r, g in zip(incoming, given, strict=True)]
