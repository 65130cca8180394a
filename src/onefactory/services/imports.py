"""Onboarding files: a CSV/XLSX of one kind is parsed, checked against the stored
state and stored in one transaction: every row or none."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from dataclasses import replace as dc_replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from onefactory import onboard
from onefactory.model import (
    ZERO,
    BomLine,
    ImportRejected,
    InvalidData,
    ItemCode,
    MovementKind,
    OrderLine,
    RowError,
    SharedOrder,
    StockMovement,
    StockPosition,
    User,
    UserRole,
    find_bom_cycle,
    plain,
)
from onefactory.store import Store, Unit

from . import orders, quality
from .access import require_write

KINDS = onboard.KINDS


@dataclass
class ImportReport:
    """What an import stored (or, for a preview, would store)."""

    kind: str
    member: str
    stored: int
    encoding: str | None
    headers: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    already_stored: int = 0
    duplicates: int = 0

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary; ``already_stored`` and ``duplicates`` count rows left out
        because they were stored before or repeat another row (inspections)."""
        return {
            "kind": self.kind,
            "member": self.member,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "duplicates": self.duplicates,
            "encoding": self.encoding,
            "headers": list(self.headers),
            "warnings": self.warnings,
            "notes": self.notes,
        }


def cli_user(member: str) -> User:
    """The local command line acts as an admin of the member it imports for."""
    return User(f"cli@{member}", member, "command line", UserRole.MEMBER_ADMIN)


def options_from(values: dict[str, Any]) -> onboard.ImportOptions:
    """ImportOptions from CLI or form values (unknown keys ignored)."""
    cols = values.get("columns")
    known = {"delimiter", "decimal", "thousands", "sheet", "timezone", "inventory_mode", "due_date", "buyer", "seller"}
    kwargs = {k: v for k, v in values.items() if k in known and v not in (None, "")}
    if cols:
        kwargs["columns"] = tuple(c.strip() for c in cols.split(","))
    return onboard.ImportOptions(**kwargs)


def known_kind(kind: str) -> None:
    """Refuse a kind of file that is not imported (InvalidData naming it and the known kinds)."""
    if kind not in KINDS:
        raise InvalidData(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}", field="kind")


def template(kind: str, fmt: str, lang: str) -> bytes:
    """A blank import file for ``kind`` (csv or xlsx; headers in ko or en)."""
    known_kind(kind)
    return onboard.template(kind, fmt, lang)


def export(store: Store, user: User, kind: str, fmt: str, lang: str, now: datetime) -> bytes:
    """The caller's member's items or resources as CSV or XLSX, cells exactly as stored."""
    from . import cluster

    if kind == "items":
        return onboard.export_items(cluster.items(store, user, user.member, now), fmt, lang=lang)
    return onboard.export_resources(cluster.resources(store, user, user.member, now), fmt, lang=lang)


def import_file(
    store: Store,
    user: User,
    kind: str,
    data: bytes,
    filename: str,
    options: onboard.ImportOptions,
    now: datetime,
    *,
    receipt_tolerance_pct: Decimal = ZERO,
) -> ImportReport:
    """Parse and store a file for the caller's member; ImportRejected lists every bad row.

    Local times without an offset are read in ``options.timezone``, by default the
    member's time zone (as telemetry reads them), for every kind of file. Inspection
    rows are checked against the member's item master and characteristics row by row,
    so one rejection lists every bad row. Order and inventory rows must name an item of the
    member's item master. A receipt beyond ``receipt_tolerance_pct`` (for lines that set no
    over-receipt tolerance) rejects the file, naming the receipt and its order line.
    """
    require_write(user)
    known_kind(kind)
    with store.read() as tx:
        zone = options.timezone or tx.members.get(user.member).timezone
        options = _known(tx, kind, user.member, options)
    options = replace(options, received_at=options.received_at or now, timezone=zone)
    result = onboard.parse(kind, data, filename, member=user.member, options=options)
    report = ImportReport(
        kind, user.member, len(result.records), result.encoding, result.headers, list(result.warnings)
    )
    with store.write() as tx:
        tx.members.get(user.member)
        records = _with_stored(tx, user.member, result, report)
        if kind == "receipts":  # refusals point at rows, so these read the parse result
            _receipts(tx, user, result, now, report, receipt_tolerance_pct, filename)
        elif kind == "orders":
            _orders(tx, user, result, now, report, filename)
        else:
            STORERS[kind](tx, user, records, now, report)
    return report


def _known(tx: Unit, kind: str, member: str, options: onboard.ImportOptions) -> onboard.ImportOptions:
    """What a file is checked against row by row: for orders, inventory and inspections, the
    member's item codes; for orders also the items counted in whole units; for inspections the
    characteristics not on p or np charts."""
    if kind not in ("orders", "inventory", "inspections"):
        return options
    if kind == "orders":  # one read of the cluster's items serves both checks
        everyone = tx.items.of(None)
        counted = frozenset((i.member, i.code, i.uom) for i in everyone if i.whole_units)
        return replace(options, items=frozenset(i.code for i in everyone if i.member == member), whole_units=counted)
    options = replace(options, items=frozenset(i.code for i in tx.items.of(member)))
    if kind != "inspections":
        return options
    many = frozenset((c.item, c.code) for c in tx.characteristics.of(member) if not c.chart.counts_defectives)
    return replace(options, many_defects=many)


STORED: dict[str, Callable[[Unit, str], list[Any]]] = {
    "items": lambda tx, member: tx.items.of(member, skip_invalid=True),  # a file row replaces one out of range
    "bom": lambda tx, member: tx.boms.of(member),
    "resources": lambda tx, member: tx.resources.of(member),
    "routing": lambda tx, member: tx.routings.of(member, skip_invalid=True),
}


def _with_stored(tx: Unit, member: str, result: onboard.ImportResult, report: ImportReport) -> list[Any]:
    """Master records already stored keep every field the file left absent or blank."""
    read = STORED.get(result.kind)
    if read is None:
        return list(result.records)
    stored = read(tx, member)
    by_key = {onboard.record_key(r): r for r in stored}
    updated = sum(onboard.record_key(r) in by_key for r in result.records)
    if updated:
        report.notes.append(
            f"{updated} of {len(result.records)} rows match a stored record: "
            "fields left absent or blank kept their stored values"
        )
    merged = onboard.merge_many(stored, result.records, result.given)
    report.already_stored = sum(by_key.get(onboard.record_key(r)) == r for r in merged)  # rows that change nothing
    report.stored -= report.already_stored
    return merged


def _items(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    tx.items.put_many(records)


def _bom(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    parents = {r.parent for r in records}
    kept = [line for line in tx.boms.of(None) if not (line.member == user.member and line.parent in parents)]
    cycle = find_bom_cycle(kept + records)
    if cycle:
        mine = [line for line in kept if line.member == user.member] + records
        own = {line.parent for line in mine} | {i.code for i in tx.items.of(user.member)}
        message = cycle_shown(cycle, own, _owners(mine, kept))
        raise InvalidData(f"BOM cycle refused: {message}", field="component")
    tx.boms.replace_parents(user.member, records)


def _owners(mine: list[BomLine], lines: list[BomLine]) -> dict[str, str]:
    """Whose each item is: the supplier named on the caller's lines, else the member whose BOM has it as parent."""
    found = {line.parent: line.member for line in lines}
    return found | {line.component: line.supplier for line in mine if line.supplier}


def cycle_shown(cycle: list[ItemCode], own: set[str], owners: dict[str, str]) -> str:
    """A BOM cycle naming only the caller's ``own`` items; each stretch through other members' BOMs is
    told by its first item, its owner and how many items of other members it runs through.

    >>> cycle_shown(["PT-1", "FG-2", "MD-1", "PT-1"], {"PT-1"}, {"FG-2": "LEAD"})
    'PT-1 -> FG-2 (LEAD) leads back to PT-1 through 2 items of other members'
    """
    codes = list(cycle[:-1])
    if all(c in own for c in codes):
        return " -> ".join(cycle)
    if not any(c in own for c in codes):
        return "the cycle closes within other members' BOMs"
    starts = [i for i, c in enumerate(codes) if c in own and codes[i - 1] not in own]
    codes = codes[starts[0] :] + codes[: starts[0]]
    return "; ".join(_stretch(codes, i - starts[0], own, owners) for i in starts)


def _stretch(codes: list[str], i: int, own: set[str], owners: dict[str, str]) -> str:
    """From the own run starting at ``i`` through the foreign items after it, back to the next own item."""
    j = i
    while codes[j] in own:
        j += 1
    k = j
    while k < len(codes) and codes[k] not in own:
        k += 1
    first, back = codes[j], codes[k % len(codes)]
    path = " -> ".join(codes[i:j])
    owner = owners.get(first, "another member")
    items = f"{k - j} item{'s' if k - j != 1 else ''}"
    return f"{path} -> {first} ({owner}) leads back to {back} through {items} of other members"


def _resources(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    tx.resources.put_many(records)


def _routing(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    tx.routings.put_many(records)


def _uom(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    tx.uoms.put_many(user.member, records)


CANCEL_WORDS = frozenset({"cancelled", "canceled", "cancel", "취소"})
OPEN_WORDS = frozenset({"open", "new", "active", "신규", "진행"})


def _orders(
    tx: Unit, user: User, result: onboard.ImportResult, now: datetime, report: ImportReport, filename: str
) -> None:
    """Orders are merged line by line; a ``status`` column may cancel a line. A refused order (a
    changed confirmed line, an unknown status) rejects the file, reported at the order's first row.
    An order the file repeats exactly as stored (no event) counts as ``already_stored``, as master
    data does."""
    kinds: Counter[str] = Counter()
    for order, start in zip(result.records, result.starts, strict=True):
        with _at_row(result, start, filename):
            live, cancelled = _split_by_status(order)
            events = orders.upsert(tx, user, dc_replace(order, lines=live), now) if live else []
            events += orders.cancel_lines(tx, user, order.id, cancelled, now, "cancelled by file")
        kinds.update(e.kind for e in events)
        report.already_stored += not events
    report.stored -= report.already_stored
    report.notes += [f"{kind}: {n}" for kind, n in sorted(kinds.items())]


@contextmanager
def _at_row(result: onboard.ImportResult, start: tuple[int, int], filename: str, prefix: str = "") -> Iterator[None]:
    """Turn an InvalidData into the file's rejection with a row error at ``start`` (data row, file line)."""
    try:
        yield
    except InvalidData as exc:
        column = result.columns.get(exc.field or "", exc.field)
        error = RowError(start[0], column, f"{prefix}{exc}", line=start[1])
        raise ImportRejected([error], source=filename) from exc


def _split_by_status(order: SharedOrder) -> tuple[tuple[OrderLine, ...], list[int]]:
    live, cancelled = [], []
    for line in order.lines:
        status = line.attributes.get("status", "").strip().lower()
        attributes = {k: v for k, v in line.attributes.items() if k != "status"}
        if status in CANCEL_WORDS:
            cancelled.append(line.line_no)
        elif status and status not in OPEN_WORDS:
            raise InvalidData(
                f"order {order.id} line {line.line_no}: unknown status {status!r}; use open or cancelled",
                field="status",
            )
        else:
            live.append(dc_replace(line, attributes=attributes))
    return tuple(live), cancelled


def _shipments(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    for shipment in records:
        _document(shipment.number, lambda s=shipment: orders.ship_in(tx, user, s, now))


def _receipts(
    tx: Unit,
    user: User,
    result: onboard.ImportResult,
    now: datetime,
    report: ImportReport,
    tolerance_pct: Decimal,
    filename: str,
) -> None:
    """Post each receipt; one refused (over-receipt, unknown ASN) rejects the file, reported at its first row."""
    for receipt, start in zip(result.records, result.starts, strict=True):
        with _at_row(result, start, filename, f"{receipt.number}: "):
            stored = orders.receive_in(tx, user, receipt, now, tolerance_pct=tolerance_pct)
        report.notes += [f"{receipt.number}: {flag}" for flag in stored.flags]


def _document(number: str, apply: Callable[[], Any]) -> Any:
    try:
        return apply()
    except InvalidData as exc:
        raise InvalidData(f"{number}: {exc}", field=exc.field) from exc


def _inventory(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    """Stock counts become adjustments by the difference, movements are applied as given; a row
    that changes nothing (a count equal to the stock, a zero movement) is no movement and counts
    as ``already_stored``."""
    moves = [_as_movement(tx, r, now) for r in records]
    changes = [m for m in moves if m.delta != 0]
    for m in changes:
        report.notes.append(f"{m.location or '-'} {m.item} lot {m.lot or '-'}: {m.kind.value} {m.delta:+}")
    report.already_stored = len(moves) - len(changes)
    report.stored = len(changes)
    tx.stock.apply(changes)


def _as_movement(tx: Unit, record: StockPosition | StockMovement, now: datetime) -> StockMovement:
    if isinstance(record, StockMovement):
        return record
    current = sum(
        (
            p.qty
            for p in tx.stock.of(record.member, record.item)
            if (p.location, p.lot) == (record.location, record.lot)
        ),
        start=record.qty * 0,
    )
    return StockMovement(
        record.member,
        record.item,
        record.qty - current,
        MovementKind.ADJUSTMENT,
        now,
        record.location,
        record.lot,
        f"count {plain(record.qty)}",
    )


def _inspections(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    done = quality.record_in(tx, records, now, where=lambda i: f"row {i + 1}")
    report.stored, report.already_stored, report.duplicates = done.stored, done.already_stored, done.duplicates
    report.warnings += done.warnings
    report.notes += [f"control signal {s.item} {s.characteristic} lot {s.lot}: {s.rule}" for s in done.signals]
    report.notes += [f"quality notice sent: {n}" for n in done.notices]


def _not_stored(tx: Unit, user: User, records: list[Any], now: datetime, report: ImportReport) -> None:
    report.notes.append(f"{report.kind} rows are checked only; this version stores none of them")


STORERS: dict[str, Callable[[Unit, User, list[Any], datetime, ImportReport], None]] = {
    "items": _items,
    "bom": _bom,
    "resources": _resources,
    "routing": _routing,
    "uom": _uom,
    "shipments": _shipments,
    "inventory": _inventory,
    "production_report": _not_stored,
    "prices": _not_stored,
    "inspections": _inspections,
}

__all__ = [
    "KINDS",
    "ImportRejected",
    "ImportReport",
    "cli_user",
    "export",
    "import_file",
    "known_kind",
    "options_from",
    "template",
]
