"""Decimal types shared by the request and response bodies.

``Qty`` is a requested quantity, bounded by ``model.MAX_QTY`` and ``model.QTY_PLACES``;
``Dec`` is a Decimal written in JSON as plain text (``1000000000000000``, not ``1E+15``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, PlainSerializer

from onefactory import model as m


def _bounded(value: Decimal) -> Decimal:
    try:
        return m.bounded(value, "qty")
    except m.InvalidData as exc:
        raise ValueError(str(exc)) from None


Dec = Annotated[Decimal, PlainSerializer(m.plain, return_type=str, when_used="json")]
Qty = Annotated[Dec, Field(gt=0, allow_inf_nan=False), AfterValidator(_bounded)]
