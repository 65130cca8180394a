"""Inspection results, control charts, capability and quality notices.

Writes are for the caller's member. Reads of a member's charts need a
``quality`` grant (logged for the owner); a notice's recipient reads the
evidence attached to it and acknowledges or closes it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body

from onefactory.api.arrays import each
from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas_quality import (
    CharacteristicIn,
    InspectionsIn,
    capability_out,
    characteristic_out,
    chart_out,
    evidence_out,
    notice_out,
    report_out,
    signal_out,
)
from onefactory.services import notices, quality

router = APIRouter(tags=["quality"])


CharacteristicsBody = Annotated[
    CharacteristicIn | list[CharacteristicIn],
    Body(description="One characteristic as an object, or several as a list of such objects."),
]


@router.post("/quality/characteristics", status_code=201)
def define(body: CharacteristicsBody, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """Define characteristics of the caller's items (spec limits, chart, subgroup size, baseline, rules).

    The body is one characteristic object or a list of them; the answer counts those stored. A
    redefinition changes the fields it gives: the others keep their stored values, and ``warnings``
    say which were kept (and which limits a ``null`` cleared). A chart kind that does not fit the
    stored results (measured values or defect counts) is refused with 422.
    """
    specs = body if isinstance(body, list) else [body]
    given = [c.model_fields_set for c in specs]
    made = each(specs, lambda c: c.to_domain(user.member), key=("code", lambda c: f"{c.item}/{c.code}"))
    report = quality.define(rt.store, user, made, given)
    return {"stored": report.stored, "warnings": report.warnings}


@router.post("/quality/inspections", status_code=201)
def record(body: InspectionsIn, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """Store results of the caller's member's items; returns how many were new (``stored``), already
    stored or repeated in the batch (``already_stored``, ``duplicates``: re-posting a batch stores
    nothing), warnings (e.g. lots that are not production orders) and the new control signals,
    alarms and notices. A refused result is named by its index, e.g. ``results[1].sample_size``."""
    return report_out(quality.record(rt.store, user, body.to_domain(user.member), rt.now()))


@router.get("/members/{member}/quality/characteristics")
def characteristics(member: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Characteristics of a member with their result counts (own, or under a quality grant)."""
    return [characteristic_out(c, n) for c, n in quality.characteristics(rt.store, user, member, rt.now())]


@router.get("/members/{member}/quality/charts/{item}/{characteristic}")
def chart(member: str, item: str, characteristic: str, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """The control chart: limits, points, signals and capability."""
    return chart_out(quality.chart(rt.store, user, member, item, characteristic, rt.now()))


@router.get("/members/{member}/quality/capability/{item}/{characteristic}")
def capability(member: str, item: str, characteristic: str, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """Cp, Cpk, Pp, Ppk with 95 % confidence intervals (null when undefined, with a note)."""
    view = quality.chart(rt.store, user, member, item, characteristic, rt.now())
    return {"characteristic": characteristic_out(view.spec), "capability": capability_out(view.capability)}


@router.get("/members/{member}/quality/signals")
def signals(member: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Every control signal recorded for a member's charts."""
    return [signal_out(s) for s in quality.signals(rt.store, user, member, rt.now())]


@router.get("/quality/notices")
def quality_notices(rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Quality notifications the caller's member sent or received."""
    return [notice_out(n) for n in notices.notifications(rt.store, user) if n.kind == "quality"]


@router.get("/quality/notices/{note_id}")
def quality_notice(note_id: str, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """One quality notice with its SPC evidence (chart, limits, points, rule)."""
    found = quality.evidence(rt.store, user, note_id, rt.now())
    note = next((n for n in notices.notifications(rt.store, user) if n.id == note_id), None)
    return notice_out(note, found) if note is not None else {"id": note_id, "evidence": evidence_out(found)}


@router.post("/quality/notices/{note_id}/{action}")
def answer(note_id: str, action: Literal["acknowledge", "close"], rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """The customer acknowledges or closes a quality notice: open -> acknowledged -> closed (or open ->
    closed). Repeating the current step changes nothing; a step back is a 409 naming the current status."""
    return notice_out(notices.answer(rt.store, user, note_id, action, rt.now()))
