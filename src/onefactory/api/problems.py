"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from onefactory.model import (
    BackendError,
    BatchRejected,
    Conflict,
    Forbidden,
    IdempotencyKeyReused,
    ImportRejected,
    Infeasible,
    InvalidData,
    NotFound,
    OneFactoryError,
    PreconditionFailed,
    Unauthorized,
)

STATUS: list[tuple[type[OneFactoryError], int, str]] = [
    (ImportRejected, 422, "import-rejected"),
    (BatchRejected, 422, "batch-rejected"),
    (IdempotencyKeyReused, 422, "idempotency-key-reused"),
    (InvalidData, 422, "invalid-data"),
    (Infeasible, 422, "infeasible"),
    (NotFound, 404, "not-found"),
    (PreconditionFailed, 412, "precondition-failed"),
    (Conflict, 409, "conflict"),
    (Unauthorized, 401, "unauthorized"),
    (Forbidden, 403, "forbidden"),
    (BackendError, 503, "backend-unavailable"),
]


def problem(status: int, slug: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {
        "type": f"https://onefactory.dev/problems/{slug}",
        "title": slug.replace("-", " "),
        "status": status,
        "detail": detail,
        "instance": str(request.url.path),
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OneFactoryError)
    for cls, status, slug in STATUS:
        if isinstance(exc, cls):
            extra: dict[str, Any] = {}
            if isinstance(exc, ImportRejected):
                extra["errors"] = [
                    {"row": e.row, "line": e.line, "column": e.column, "value": e.value, "reason": e.reason}
                    for e in exc.errors
                ]
            elif isinstance(exc, InvalidData) and exc.field:
                extra["field"] = exc.field
            if isinstance(exc, BatchRejected):
                extra["errors"] = [
                    {"index": e.index, "field": e.field, "reason": e.reason, "value": e.value} for e in exc.errors
                ]
            if isinstance(exc, IdempotencyKeyReused):
                extra["idempotency_key"] = exc.key
            if isinstance(exc, Infeasible):
                extra["binding"] = exc.binding
            return problem(status, slug, str(exc), request, **extra)
    return problem(500, "error", str(exc), request)


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_invalid(e, exc.body) for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem(422, "invalid-data", detail, request, errors=errors)


NOT_TEXT = "not_text"
"""The error type of a body field that must be a JSON string (its ``ctx`` names the key and value)."""


def _invalid(e: Any, body: Any) -> dict[str, str]:
    """One request-validation error: the path to the offending key and the value as the client sent it
    (for a body that is not JSON, its first 200 characters)."""
    loc, value = [str(p) for p in e["loc"]], e.get("input")
    if e["type"] == "json_invalid":
        reason = f"the body is not valid JSON ({e.get('ctx', {}).get('error', 'decode error')} at character {loc[-1]})"
        return {"field": "body", "reason": reason, "value": str(body or "")[:200]}
    if loc == ["body"] and isinstance(value, bytes):
        reason = "the body is not JSON (send a JSON object with Content-Type: application/json)"
        return {"field": "body", "reason": reason, "value": value[:200].decode("utf-8", "replace")}
    if e["type"] == NOT_TEXT:
        loc, value = [*loc, e["ctx"]["key"]], e["ctx"]["value"]
    return {"field": ".".join(loc), "reason": e["msg"], "value": as_sent(value)}


def as_sent(value: Any) -> str:
    """A JSON value as the client wrote it: a string as is, anything else as JSON text (at most 200 characters)."""
    return (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str))[:200]


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(exc.status_code, "http-error", str(exc.detail), request)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(OneFactoryError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
