"""``onefactory bench NAME``: run the product on real data beside its peers and
return one JSON-ready dict. Each benchmark registers itself in ``BENCHMARKS``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from onefactory.model import InvalidData

BENCHMARKS: dict[str, Callable[..., dict[str, Any]]] = {}


def run(name: str, *, data: str | None = None, options: Any = None) -> dict[str, Any]:
    """Run the benchmark ``name``; an unknown name lists the known ones."""
    if name not in BENCHMARKS:
        known = ", ".join(sorted(BENCHMARKS)) or "none yet"
        raise InvalidData(f"no benchmark named {name!r}; available: {known}", field="name")
    return BENCHMARKS[name](data=data, options=options)
