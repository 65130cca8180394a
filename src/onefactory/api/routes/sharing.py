"""Sharing grants and the access log of the caller's member."""

from __future__ import annotations

from fastapi import APIRouter

from onefactory.api.deps import Limit, Offset, RuntimeDep, UserDep
from onefactory.api.schemas import AccessOut, GrantIn, GrantOut, Page
from onefactory.services import access

router = APIRouter(tags=["sharing"])


@router.get("/grants", response_model=list[GrantOut])
def my_grants(rt: RuntimeDep, user: UserDep) -> list[GrantOut]:
    """Grants the caller's member has given, then those it received from other members by name or
    as ``*`` (``direction`` says which; active and revoked). Only the owner revokes a grant."""
    given = [GrantOut.from_domain(g) for g in access.grants_of(rt.store, user)]
    return given + [GrantOut.from_domain(g, "received") for g in access.grants_received(rt.store, user)]


@router.post("/grants", response_model=GrantOut, status_code=201)
def give(body: GrantIn, rt: RuntimeDep, user: UserDep) -> GrantOut:
    """Share a scope (inventory, capacity, production, telemetry, quality, items) with a partner or '*'."""
    return GrantOut.from_domain(access.grant(rt.store, user, body.grantee, body.scope, rt.now()))


@router.delete("/grants/{grant_id}", response_model=GrantOut)
def revoke(grant_id: str, rt: RuntimeDep, user: UserDep) -> GrantOut:
    """Revoke a grant; reads under it stop at once."""
    return GrantOut.from_domain(access.revoke(rt.store, user, grant_id, rt.now()))


@router.get("/access-log", response_model=Page[AccessOut])
def access_log(rt: RuntimeDep, user: UserDep, limit: Limit = 100, offset: Offset = 0) -> Page[AccessOut]:
    """Who read the caller's member's data, when, and under which grant."""
    rows, total = access.access_log(rt.store, user, limit, offset)
    items = [
        AccessOut(reader_member=e.reader_member, reader_user=e.reader_user, resource=e.resource, basis=e.basis, at=e.at)
        for e in rows
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)
