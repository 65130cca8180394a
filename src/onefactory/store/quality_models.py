"""Versioned defect-risk models: metadata as ``ModelVersion``, the fitted model as checked bytes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, update

from onefactory.model import ControlRange, ModelVersion, NotFound

from ._repo import Repo
from .quality_model_tables import quality_models

_META = [c for c in quality_models.c if c.name != "model"]


class QualityModels(Repo):
    """Trained models of members; at most one ``active`` per (member, item)."""

    def add(self, version: ModelVersion, blob: bytes) -> None:
        """Store a version; an active one retires the previous active model of its member and item."""
        if version.status == "active":
            self.conn.execute(
                update(quality_models)
                .where(
                    quality_models.c.member == version.member,
                    quality_models.c.item == version.item,
                    quality_models.c.status == "active",
                )
                .values(status="retired")
            )
        self._insert_many(quality_models, [{**_row(version), "model": blob}])

    def next_id(self, token: str) -> str:
        """An id that sorts after every stored one (``qm-<sequence>-<token>``), so versions
        trained at the same instant keep their order."""
        count = self.conn.execute(select(func.count()).select_from(quality_models)).scalar_one()
        return f"qm-{count + 1:08d}-{token}"

    def active(self, member: str, item: str = "") -> ModelVersion | None:
        """The model in service, if any."""
        stmt = select(*_META).where(
            quality_models.c.member == member, quality_models.c.item == item, quality_models.c.status == "active"
        )
        row = self.conn.execute(stmt).mappings().first()
        return None if row is None else _version(row)

    def of(self, member: str, limit: int = 100) -> list[ModelVersion]:
        """Versions of a member, newest first."""
        stmt = (
            select(*_META)
            .where(quality_models.c.member == member)
            .order_by(quality_models.c.trained_at.desc(), quality_models.c.id.desc())
            .limit(limit)
        )
        return [_version(r) for r in self.conn.execute(stmt).mappings()]

    def blob(self, model_id: str) -> bytes:
        """The stored model bytes."""
        found = self.conn.execute(select(quality_models.c.model).where(quality_models.c.id == model_id)).scalar()
        if found is None:
            raise NotFound(f"no quality model {model_id!r}")
        return bytes(found)


def _row(v: ModelVersion) -> dict[str, Any]:
    return {
        "id": v.id,
        "member": v.member,
        "item": v.item,
        "trained_at": v.trained_at,
        "window_start": v.window_start,
        "window_end": v.window_end,
        "n_lots": v.n_lots,
        "positives": v.positives,
        "metrics": {k: float(x) for k, x in v.metrics.items() if math.isfinite(x)},
        "features": list(v.features),
        "controls": [[c.parameter, c.low, c.high] for c in v.controls],
        "warnings": list(v.warnings),
        "status": v.status,
        "sha256": v.sha256,
    }


def _version(row: Mapping[str, Any]) -> ModelVersion:
    return ModelVersion(
        id=row["id"],
        member=row["member"],
        trained_at=row["trained_at"],
        window_start=row["window_start"],
        window_end=row["window_end"],
        n_lots=row["n_lots"],
        positives=row["positives"],
        metrics=dict(row["metrics"]),
        features=tuple(row["features"]),
        status=row["status"],
        item=row["item"],
        controls=tuple(ControlRange(p, float(lo), float(hi)) for p, lo, hi in row["controls"]),
        warnings=tuple(row["warnings"]),
        sha256=row["sha256"],
    )
