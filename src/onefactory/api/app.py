"""The FastAPI application factory. Nothing is created at import time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI

from onefactory import __version__
from onefactory.runtime import Runtime

from . import problems
from .routes import alarms, goods, members, notices, orders, quality, sharing


def create_app(runtime: Runtime) -> FastAPI:
    """The API under /api/v1, health at /api/health, and the dashboard at /."""
    app = FastAPI(
        title="onefactory", version=__version__, openapi_url="/openapi.json", docs_url="/api/docs", redoc_url=None
    )
    app.state.runtime = runtime
    problems.install(app)
    v1 = APIRouter(prefix="/api/v1")
    for module in (orders, goods, members, sharing, notices, quality, alarms):
        v1.include_router(module.router)
    _optional_routers(v1)
    app.include_router(v1)

    @app.get("/api/health", tags=["health"])
    def health() -> dict[str, Any]:
        with runtime.store.read() as tx:
            tx.meta.get("demo_loaded")
        ingest = {
            "stored": runtime.ingest.stored,
            "rejected": runtime.ingest.rejected,
            "refused_series": runtime.ingest.refused_series,
            "denied_publishes": runtime.ingest.denied.total,
        }
        stopped = runtime.stopped_parts()
        status = {"status": "degraded", "stopped": stopped} if stopped else {"status": "ok"}
        return {**status, "version": __version__, "store": runtime.store.dialect, "ingest": ingest}

    _mount_web(app)
    return app


def _optional_routers(v1: APIRouter) -> None:
    from .routes import imports, quality_risk, scheduling

    v1.include_router(imports.router)
    v1.include_router(quality_risk.router)
    v1.include_router(scheduling.router)
    from .routes import mrp

    v1.include_router(mrp.router)
    from .routes import plans  # last: its /plans/{plan_id} must not shadow other /plans/... routes

    v1.include_router(plans.router)


def _mount_web(app: FastAPI) -> None:
    from onefactory.web import mount

    mount(app)
