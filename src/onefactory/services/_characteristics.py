"""Defining a characteristic again: what it keeps, what it clears, and which chart fits.

A redefinition changes the fields it gives: a field left out keeps its stored value (so
re-posting ``{"item", "code", "chart"}`` does not wipe the specification limits), and the
answer says which stored values were kept. A limit sent as ``null`` clears it, and the answer
says so. The chart kind must fit the results already stored: measured values need an X-bar
or I-MR chart, defect counts a p, np, c or u chart.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import fields, replace

from onefactory.model import Characteristic, InvalidData
from onefactory.store import Unit

SETTINGS = tuple(f.name for f in fields(Characteristic) if f.name not in ("member", "item", "code"))
LIMITS = ("lsl", "usl", "target")


def merged(stored: Characteristic | None, new: Characteristic, given: Set[str] | None) -> Characteristic:
    """``new`` with the settings it does not give (all given when ``given`` is None) kept from ``stored``."""
    if stored is None or given is None:
        return new
    return replace(new, **{f: getattr(stored, f) for f in SETTINGS if f not in given})


def changes(stored: Characteristic | None, new: Characteristic, given: Set[str] | None) -> list[str]:
    """What a redefinition kept from the stored one without being asked, and which limits it cleared."""
    if stored is None:
        return []
    name = f"{new.item}/{new.code}"
    kept = [f for f in SETTINGS if given is not None and f not in given and getattr(stored, f) != _default(f)]
    cleared = [f for f in LIMITS if getattr(stored, f) is not None and getattr(new, f) is None]
    out = []
    if kept:
        values = ", ".join(f"{f} {_text(getattr(stored, f))}" for f in kept)
        out.append(f"{name}: {values} kept from the stored definition (send a limit as null to clear it)")
    if cleared:
        values = ", ".join(f"{f} {getattr(stored, f)}" for f in cleared)
        out.append(f"{name}: {values} cleared")
    return out


def check_chart(tx: Unit, spec: Characteristic, label: str) -> None:
    """Refuse a chart kind that does not fit the results stored for the characteristic."""
    first = next(iter(tx.inspections.of_characteristic(spec.member, spec.item, spec.code)), None)
    if first is None or (first.value is not None) == spec.chart.is_variable:
        return
    measured = first.value is not None
    stored, fits = ("measured values", "i_mr, xbar_r or xbar_s") if measured else ("defect counts", "p, np, c or u")
    reason = f"chart {spec.chart.value!r} does not fit {spec.item}/{spec.code}: its stored results are {stored}"
    raise InvalidData(f"{reason} (use {fits})", field=f"{label}.chart")


def _default(name: str) -> object:
    return next(f.default for f in fields(Characteristic) if f.name == name)


def _text(value: object) -> str:
    return str(getattr(value, "value", value))
