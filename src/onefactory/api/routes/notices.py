"""Notifications, alarms and refused telemetry of the caller's member."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request

from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas_quality import notification_out
from onefactory.services import notices, telemetry

router = APIRouter(tags=["notices"])


@router.get("/notifications")
def notifications(rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Notifications sent or received by the caller's member."""
    return [notification_out(n) for n in notices.notifications(rt.store, user)]


@router.post("/notifications/{note_id}/{action}")
def answer(note_id: str, action: Literal["acknowledge", "close"], rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """The recipient acknowledges or closes a notification: open -> acknowledged -> closed (or open ->
    closed). Repeating the current step changes nothing; a step back is a 409 naming the current status."""
    return notification_out(notices.answer(rt.store, user, note_id, action, rt.now()))


@router.get("/members/{member}/alarms")
def alarms(member: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Alarms on a member's resources (own, or under a telemetry grant)."""
    return [
        {
            "id": a.id,
            "resource": a.resource,
            "kind": a.kind,
            "severity": a.severity.value,
            "status": a.status.value,
            "raised_at": a.raised_at,
            "message": a.message,
            "signal": a.signal,
        }
        for a in notices.alarms(rt.store, user, member, rt.now())
    ]


@router.get("/dead-letters")
def dead_letters(rt: RuntimeDep, user: UserDep, limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
    """Telemetry messages refused for the caller's member, with reason and raw payload (as text)."""
    return [
        {
            "id": d["id"],
            "topic": d["topic"],
            "reason": d["reason"],
            "at": d["at"],
            "payload": bytes(d["payload"]).decode("utf-8", "backslashreplace"),
        }
        for d in notices.dead_letters(rt.store, user, limit)
    ]


@router.get("/denied-publishes")
def denied_publishes(rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Publishes the embedded broker refused since start (outside the publisher's own
    ``of/<member>/``), per user and topic prefix: the caller's logins and its own prefix."""
    return telemetry.denied_publishes(rt.ingest, user)


@router.post("/telemetry", status_code=201)
async def post_telemetry(request: Request, rt: RuntimeDep, user: UserDep) -> dict[str, int]:
    """Telemetry over HTTP in the MQTT ingest envelope (``{"deviceId", "ts", "values"}`` or a list);
    a bad body is refused whole with a 422 that names the field."""
    body = await request.body()
    return {"stored": telemetry.ingest_http(rt.store, user, body, rt.now(), rt.ingest)}
