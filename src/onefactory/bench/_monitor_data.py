"""Where benchmark data lives (``<repo>/../shared/data/<dataset>`` unless a folder is given),
and reading its files so that a malformed one is an InvalidData naming the file."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from onefactory.model import InvalidData

LAYOUT_ERRORS = (KeyError, ValueError, IndexError, TypeError)  # a file lacks a column or row, or holds text


def data_folder(dataset: str, data: str | None, marker: str) -> Path:
    """The dataset folder (checked to hold ``marker``), or InvalidData naming what is missing.

    ``data`` may be the dataset's own folder or the folder above it (a copy of the whole
    ``shared/data`` layout), where ``<data>/<dataset>`` is used."""
    if data is not None:
        folder = Path(data)
        if not (folder / marker).exists() and (folder / dataset / marker).exists():
            folder = folder / dataset
    else:
        roots = [Path(__file__).resolve().parents[3], Path.cwd()]
        folder = next((r.parent / "shared" / "data" / dataset for r in roots if (r.parent / "shared").exists()), None)
        folder = folder or roots[0].parent / "shared" / "data" / dataset
    if (folder / marker).exists():
        return folder
    if folder.is_dir():
        raise InvalidData(f"{dataset}: {folder} has no {marker}", field="data")
    raise InvalidData(f"{dataset} data folder not found: {folder} (expected {marker} in it)", field="data")


@contextmanager
def reading(dataset: str, path: Path) -> Iterator[None]:
    """Turn a layout error raised while reading ``path`` into InvalidData naming the file."""
    try:
        yield
    except LAYOUT_ERRORS as exc:
        detail = f"no column {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        raise InvalidData(f"{dataset}: {path} is not in the documented layout ({detail})", field="data") from exc


def csv_rows(dataset: str, path: Path, columns: tuple[str, ...], delimiter: str = ",") -> list[dict[str, str]]:
    """The rows of a CSV file with a header holding ``columns`` (InvalidData naming the file otherwise)."""
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise InvalidData(f"{dataset}: {path} has no column {', '.join(map(repr, missing))}", field="data")
        return list(reader)


def number(dataset: str, path: Path, index: int, column: str, text: str | None) -> float:
    """``text`` of data row ``index`` (0-based; the file's line ``index + 2``) as a float."""
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        where = f"{path} line {index + 2}, column {column!r}"
        raise InvalidData(f"{dataset}: {where}: {text!r} is not a number", field="data") from None
