"""Where benchmark data lives: ``<repo>/../shared/data/<dataset>`` unless a folder is given."""

from __future__ import annotations

from pathlib import Path

from onefactory.model import InvalidData


def data_folder(dataset: str, data: str | None, marker: str) -> Path:
    """The dataset folder (checked to hold ``marker``), or InvalidData naming the missing folder.

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
    if not (folder / marker).exists():
        raise InvalidData(f"{dataset} data folder not found: {folder} (expected {marker} in it)", field="data")
    return folder
