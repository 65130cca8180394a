"""``onefactory bench NAME``: run the product on real data beside its peers and
return one JSON-ready dict.

Each benchmark is a module of this package with a ``run(data, options) -> dict``
function; ``BENCHMARKS`` maps the public name to that module, imported only when
the benchmark runs so that one benchmark's peer libraries never slow another."""

from __future__ import annotations

import importlib
import importlib.util
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onefactory.model import InvalidData

BENCHMARKS: dict[str, str] = {
    "jobshop": "onefactory.bench.jobshop",
    "fjsp": "onefactory.bench.fjsp",
    "mrp": "onefactory.bench.mrp",
    "gsm": "onefactory.bench.gsm",
    "secom": "onefactory.bench.secom",
    "ai4i": "onefactory.bench.ai4i",
    "skab": "onefactory.bench.skab",
    "nab": "onefactory.bench.nab",
    "ingest": "onefactory.bench.ingest",
}


@dataclass(frozen=True, slots=True)
class BenchOptions:
    """What ``onefactory bench`` passes to every benchmark; each reads the fields it needs.

    ``quick`` runs a small, representative subset (used by the test suite to prove that a
    benchmark runs end to end); the published figures always come from a full run."""

    results_dir: Path | None = None
    threshold: float | None = None
    time_limit_s: float | None = None
    repeats: int | None = None
    seed: int = 0
    quick: bool = False


def available() -> list[str]:
    """Names of the benchmarks whose module is present."""
    return sorted(n for n, mod in BENCHMARKS.items() if importlib.util.find_spec(mod) is not None)


def run(name: str, *, data: str | None = None, options: BenchOptions | None = None) -> dict[str, Any]:
    """Run the benchmark ``name`` on ``data`` (default: the shared data folder the benchmark
    documents); an unknown name lists the known ones."""
    if name not in BENCHMARKS or name not in available():
        known = ", ".join(available()) or "none yet"
        raise InvalidData(f"no benchmark named {name!r}; available: {known}", field="name")
    module = importlib.import_module(BENCHMARKS[name])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        result = _run(name, module, data, options or BenchOptions())  # bad data: its warnings are dropped
    registry: dict[Any, Any] = {}
    for w in seen:  # a run that succeeded shows its warnings as before (once per place)
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, registry=registry)
    return result


def _run(name: str, module: Any, data: str | None, options: BenchOptions) -> dict[str, Any]:
    try:
        return module.run(data=data, options=options)
    except (KeyError, ValueError, IndexError) as exc:  # a file of the folder lacks a column or row
        where = data or "the shared data folder"
        raise InvalidData(
            f"{name}: the data in {where} is not in the documented layout ({type(exc).__name__}: {exc})",
            field="data",
        ) from exc
