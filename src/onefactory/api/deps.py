"""Request dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from onefactory.model import Unauthorized, User
from onefactory.runtime import Runtime
from onefactory.services import access


def get_runtime(request: Request) -> Runtime:
    """The Runtime the app was created with."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_user(request: Request, runtime: RuntimeDep, authorization: Annotated[str | None, Header()] = None) -> User:
    """The caller, from ``Authorization: Bearer <token>``; the dashboard's cookie
    counts for reads only, so another site cannot make a browser write."""
    token = _bearer(authorization) if authorization else None
    if token is None and request.method in ("GET", "HEAD"):
        token = request.cookies.get("onefactory_token")
    return access.authenticate(runtime.store, token)


def _bearer(authorization: str) -> str | None:
    """The token of ``Bearer <token>``; Unauthorized naming a missing or other scheme."""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() == "bearer":
        return token.strip() or None
    if not token:
        raise Unauthorized("the Authorization header has no scheme: send 'Authorization: Bearer <token>'")
    raise Unauthorized(f"Authorization scheme {scheme!r} is not supported: send 'Authorization: Bearer <token>'")


UserDep = Annotated[User, Depends(get_user)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
Limit = Annotated[int, Query(ge=1, le=1000)]
MAX_OFFSET = 10**9
"""The largest ``offset`` a paginated route accepts (larger is a 422, not a store overflow)."""
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
