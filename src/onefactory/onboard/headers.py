"""Column names per kind of file, Korean and English, and matching them to fields.

Matching ignores case, spaces, ``_``, ``-`` and ``.``; a bilingual label such as
``수량 Qty`` or ``모품목 (Parent)`` matches through either part, and a unit suffix
such as ``menge_kg`` or ``unit_price_eur`` is recognised. A multi-row header is
written ``group / name``: the last part is tried first.

>>> resolve(["품목코드", "Qty", "비고"], "bom").missing
('parent', 'component')
>>> resolve(["모품목", "자품목", "수량 Qty"], "bom").columns["qty_per"]
'수량 Qty'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ._fields import SPECS, Field, normalise

UNIT_SUFFIXES = frozenset(
    {
        "kg",
        "g",
        "mg",
        "t",
        "l",
        "ml",
        "m",
        "mm",
        "cm",
        "pcs",
        "pc",
        "ea",
        "set",
        "eur",
        "krw",
        "usd",
        "jpy",
        "cny",
        "won",
        "원",
        "개",
    }
)
_HANGUL = "\uac00-\ud7a3\u3131-\u318e"
_SCRIPT_RUNS = re.compile(rf"[{_HANGUL}][{_HANGUL}\s]*|[^{_HANGUL}]+")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which header holds each field; ``extra`` are headers no field claimed."""

    kind: str
    columns: dict[str, str]
    extra: tuple[str, ...]
    missing: tuple[str, ...] = ()
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def score(self) -> tuple[int, int]:
        """(required fields found, fields found), to pick the real header row."""
        required = [f.name for f in SPECS[self.kind] if f.required]
        return (sum(1 for name in required if name in self.columns), len(self.columns))


def fields(kind: str) -> tuple[Field, ...]:
    """The fields of ``kind``; raises KeyError naming the known kinds."""
    try:
        return SPECS[kind]
    except KeyError:
        raise KeyError(f"unknown kind {kind!r}; known: {', '.join(SPECS)}") from None


def unit_suffix(header: str) -> str | None:
    """The unit or currency a header ends with, if any.

    >>> unit_suffix("menge_kg"), unit_suffix("unit_price_eur"), unit_suffix("qty")
    ('kg', 'EUR', None)
    """
    tokens = [t for t in re.split(r"[\s_\-()\[\]/]+", header.split(" / ")[-1]) if t]
    if len(tokens) < 2 or tokens[-1].casefold() not in UNIT_SUFFIXES:
        return None
    last = tokens[-1]
    return last.upper() if last.casefold() in {"eur", "krw", "usd", "jpy", "cny"} else last


def candidates(label: str) -> list[str]:
    """Normalised forms a label may match, most specific first."""
    out = [label]
    for part in re.split(r"[()\[\]/|\n]+", label):
        out.append(part)
        out.extend(_SCRIPT_RUNS.findall(part))
    words = [w for w in re.split(r"[\s_\-]+", label) if w]
    if len(words) > 1 and words[-1].casefold() in UNIT_SUFFIXES:
        out.append(" ".join(words[:-1]))
    seen: dict[str, None] = {}
    for text in out:
        if normalise(text):
            seen.setdefault(normalise(text), None)
    return list(seen)


def match(header: str, specs: Sequence[Field]) -> tuple[str, bool] | None:
    """The (field, primary) a header means, trying its last level first."""
    for level in reversed(header.split(" / ")):
        for text in candidates(level):
            for spec in specs:
                if text in spec.primary_keys:
                    return spec.name, True
                if text in spec.fallback_keys:
                    return spec.name, False
    return None


def resolve(headers: Sequence[str], kind: str) -> Columns:
    """Map the headers of a file to the fields of ``kind`` (never raises on a bad file)."""
    specs = fields(kind)
    hits: dict[str, list[tuple[str, bool]]] = {}
    for header in headers:
        found = match(header, specs)
        if found:
            hits.setdefault(found[0], []).append((header, found[1]))
    columns, conflicts = {}, {}
    for name, found in hits.items():
        primary = [h for h, p in found if p] or [h for h, _ in found]
        if len(primary) == 1:
            columns[name] = primary[0]
        else:
            conflicts[name] = tuple(primary)
    extra = tuple(h for h in headers if h not in columns.values())
    missing = tuple(f.name for f in specs if f.required and f.name not in columns and f.name not in conflicts)
    return Columns(kind, columns, extra, missing, conflicts)


def describe(kind: str, name: str) -> str:
    """The accepted names of one field, for error messages."""
    spec = next(f for f in fields(kind) if f.name == name)
    return ", ".join(spec.aliases + spec.fallback)
