"""Typed identifiers. Codes are exact strings: '00060' and '1E5' stay as written."""

from __future__ import annotations

from typing import NewType

MemberCode = NewType("MemberCode", str)
ItemCode = NewType("ItemCode", str)
ResourceCode = NewType("ResourceCode", str)
SiteCode = NewType("SiteCode", str)
OrderId = NewType("OrderId", str)
UserId = NewType("UserId", str)
