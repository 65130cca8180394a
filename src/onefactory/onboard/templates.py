"""Blank import templates per kind, in Korean or English, as CSV (UTF-8 with BOM) or XLSX.

Each template's header reads back to its fields, and code columns of the XLSX
template are formatted as text so Excel keeps leading zeros. The inventory
template states its meaning in the header: ``on_hand`` (재고수량, counted stock)
for a snapshot, ``delta`` (증감수량) for a movement.

Example:
    >>> template("bom", "csv", "ko").decode("utf-8-sig").splitlines()[0]
    '모품목,자품목,소요량,단위,로스율,공급사,순번,비고'
"""

from __future__ import annotations

from typing import Literal

from .export import Format, export_rows
from .headers import fields

Lang = Literal["ko", "en"]
LEFT_OUT = {
    "routing": {"run_hours_per_unit"},
    "shipments": {"ref_type", "item"},
    "items": {"qty_decimals"},
}


def template_fields(kind: str, inventory_mode: str = "snapshot") -> list[str]:
    """The field names a template of ``kind`` has, in order.

    >>> template_fields("inventory", "movement")
    ['item', 'location', 'bin', 'lot', 'delta', 'uom']
    """
    skip = set(LEFT_OUT.get(kind, set()))
    if kind == "inventory":
        skip |= {"qty", "delta" if inventory_mode == "snapshot" else "on_hand"}
    return [f.name for f in fields(kind) if f.name not in skip]


def template(kind: str, fmt: Format, lang: Lang = "ko", *, inventory_mode: str = "snapshot") -> bytes:
    """A blank file of ``kind`` with the header row in ``lang``; raises KeyError for an unknown kind."""
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', got {lang!r}")
    names = set(template_fields(kind, inventory_mode))
    chosen = [f for f in fields(kind) if f.name in names]
    headers = [f.ko if lang == "ko" else f.en for f in chosen]
    text = [f.ko if lang == "ko" else f.en for f in chosen if f.text]
    return export_rows(headers, [], fmt, text_columns=text, sheet=kind)
