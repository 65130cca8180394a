"""Pooled purchasing: members' requirements for a common material bought as one order.

Requirements are consolidated per material and period, priced on the supplier's
price-break table (all-units or incremental discounts) once for the pool and once per
member buying alone; the saving is allocated back in proportion to each member's
stand-alone cost, so every member pays at most what it would pay alone. Pure, Decimal.

Example:
    >>> table = PriceTable("STEEL", (PriceBreak(Decimal(0), Decimal(10)), PriceBreak(Decimal(100), Decimal(8))))
    >>> reqs = [Requirement("A", "STEEL", "2026-07", Decimal(60)), Requirement("B", "STEEL", "2026-07", Decimal(40))]
    >>> report = pool(reqs, [table])
    >>> p = report.purchases[0]
    >>> p.qty, p.separate_cost, p.pooled_cost, p.saving, [s.saving for s in p.shares]
    (Decimal('100'), Decimal('1000'), Decimal('800'), Decimal('200'), [Decimal('120.00'), Decimal('80.00')])
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from onefactory.model import InvalidData, plain

ZERO = Decimal(0)
CENT = Decimal("0.01")


class DiscountKind(StrEnum):
    """How a price break applies: to every unit, or only to the units above the break."""

    ALL_UNITS = "all_units"
    INCREMENTAL = "incremental"


@dataclass(frozen=True, slots=True)
class PriceBreak:
    """From ``min_qty`` units on, a unit costs ``unit_price``."""

    min_qty: Decimal
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class PriceTable:
    """A supplier's breaks for one material, ascending from quantity 0."""

    material: str
    breaks: tuple[PriceBreak, ...]
    kind: DiscountKind = DiscountKind.ALL_UNITS
    supplier: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DiscountKind(self.kind))
        where = f"price table of {self.material}"
        if not self.breaks:
            raise InvalidData(f"{where} has no price breaks", field="breaks")
        if self.breaks[0].min_qty != ZERO:
            raise InvalidData(
                f"{where}: the first break must start at quantity 0, got {plain(self.breaks[0].min_qty)}",
                field="min_qty",
            )
        for i, brk in enumerate(self.breaks):
            if brk.unit_price < ZERO:
                raise InvalidData(
                    f"{where}, break {i + 1}: unit_price must be >= 0, got {brk.unit_price}", field="unit_price"
                )
            if i and brk.min_qty <= self.breaks[i - 1].min_qty:
                raise InvalidData(
                    f"{where}, break {i + 1}: min_qty {plain(brk.min_qty)} must be above the previous break's "
                    f"{plain(self.breaks[i - 1].min_qty)} (breaks must be sorted ascending)",
                    field="min_qty",
                )

    def cost(self, qty: Decimal) -> Decimal:
        """Price of buying ``qty`` units at once."""
        if self.kind is DiscountKind.ALL_UNITS:
            price = next(b.unit_price for b in reversed(self.breaks) if b.min_qty <= qty)
            return price * qty
        total = ZERO
        for brk, upper in zip(self.breaks, [*(b.min_qty for b in self.breaks[1:]), None], strict=True):
            top = qty if upper is None else min(qty, upper)
            if top > brk.min_qty:
                total += (top - brk.min_qty) * brk.unit_price
        return total


@dataclass(frozen=True, slots=True)
class Requirement:
    """``member`` needs ``qty`` of ``material`` in ``period`` (e.g. ``2026-07``)."""

    member: str
    material: str
    period: str
    qty: Decimal


@dataclass(frozen=True, slots=True)
class MemberShare:
    """One member's part of a pooled purchase."""

    member: str
    qty: Decimal
    separate_cost: Decimal
    pooled_cost: Decimal
    saving: Decimal


@dataclass(frozen=True, slots=True)
class PooledPurchase:
    """One consolidated purchase of a material in a period."""

    material: str
    period: str
    supplier: str
    qty: Decimal
    separate_cost: Decimal
    pooled_cost: Decimal
    shares: tuple[MemberShare, ...]

    @property
    def saving(self) -> Decimal:
        """Separate buying minus pooled buying."""
        return self.separate_cost - self.pooled_cost


@dataclass(frozen=True, slots=True)
class PoolingReport:
    """Every pooled purchase, and the requirements left out with the reason."""

    purchases: tuple[PooledPurchase, ...]
    rejected: tuple[tuple[Requirement, str], ...] = ()

    @property
    def separate_cost(self) -> Decimal:
        """What the members would pay buying alone."""
        return sum((p.separate_cost for p in self.purchases), ZERO)

    @property
    def pooled_cost(self) -> Decimal:
        """What the pool pays."""
        return sum((p.pooled_cost for p in self.purchases), ZERO)

    @property
    def saving(self) -> Decimal:
        """The whole cluster's saving."""
        return self.separate_cost - self.pooled_cost


def pool(requirements: list[Requirement], tables: list[PriceTable]) -> PoolingReport:
    """Consolidate ``requirements`` per material and period; a requirement without a price
    table or with a quantity <= 0 is rejected with its reason, the rest are still pooled."""
    by_material = {t.material: t for t in tables}
    groups: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    rejected: list[tuple[Requirement, str]] = []
    for req in requirements:
        reason = _problem(req, by_material)
        if reason:
            rejected.append((req, reason))
        else:
            groups[(req.material, req.period)][req.member] += req.qty
    purchases = [_purchase(by_material[m], period, qtys) for (m, period), qtys in sorted(groups.items())]
    return PoolingReport(tuple(purchases), tuple(rejected))


def _problem(req: Requirement, tables: dict[str, PriceTable]) -> str:
    if not isinstance(req.qty, Decimal) or not req.qty.is_finite() or req.qty <= ZERO:
        return f"qty must be a number > 0, got {req.qty!r}"
    if req.material not in tables:
        return f"no price table for material {req.material!r}"
    return ""


def _purchase(table: PriceTable, period: str, qtys: dict[str, Decimal]) -> PooledPurchase:
    total = sum(qtys.values(), ZERO)
    alone = {member: table.cost(qty) for member, qty in sorted(qtys.items())}
    separate, pooled = sum(alone.values(), ZERO), table.cost(total)
    savings = allocate(separate - pooled, alone)
    shares = tuple(MemberShare(m, qtys[m], alone[m], alone[m] - savings[m], savings[m]) for m in alone)
    return PooledPurchase(table.material, period, table.supplier, total, separate, pooled, shares)


def allocate(amount: Decimal, weights: dict[str, Decimal], step: Decimal = CENT) -> dict[str, Decimal]:
    """Split ``amount`` in proportion to ``weights``, rounded to ``step``; the rounding
    remainder goes to the largest weight so the parts add up exactly.

    >>> allocate(Decimal(100), {"A": Decimal(1), "B": Decimal(2)})
    {'A': Decimal('33.33'), 'B': Decimal('66.67')}
    """
    total = sum(weights.values(), ZERO)
    if total == ZERO:
        return {k: ZERO for k in weights}
    parts = {k: (amount * w / total).quantize(step) for k, w in weights.items()}
    largest = max(weights, key=lambda k: (weights[k], k))
    parts[largest] += amount - sum(parts.values(), ZERO)
    return parts
