"""MRP runs of the cluster: run one, read planned orders per member, pegging per customer order."""

from __future__ import annotations

from fastapi import APIRouter

from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas_mrp import MrpRunIn, MrpRunOut, PegNodeOut
from onefactory.services import mrp

router = APIRouter(tags=["mrp"])


@router.post("/plans/mrp", status_code=201, response_model=MrpRunOut)
def run(body: MrpRunIn, rt: RuntimeDep, user: UserDep) -> MrpRunOut:
    """Run MRP for the whole cluster (cluster operator, or a planner/admin of the lead firm)."""
    return MrpRunOut.from_domain(mrp.run(rt.store, user, rt.now(), body.to_request()))


@router.get("/plans/mrp", response_model=MrpRunOut)
def latest(rt: RuntimeDep, user: UserDep) -> MrpRunOut:
    """The newest run: the caller's own planned orders, others' only under a production grant."""
    return MrpRunOut.from_domain(mrp.get(rt.store, user, rt.now()))


@router.get("/plans/mrp/{run_id}", response_model=MrpRunOut)
def one(run_id: str, rt: RuntimeDep, user: UserDep) -> MrpRunOut:
    """One run ('latest' for the newest), as the caller may see it."""
    return MrpRunOut.from_domain(mrp.get(rt.store, user, rt.now(), None if run_id == "latest" else run_id))


@router.get("/plans/mrp/{run_id}/pegging", response_model=dict[str, list[PegNodeOut]])
def pegging(run_id: str, rt: RuntimeDep, user: UserDep, order: str | None = None) -> dict[str, list[PegNodeOut]]:
    """Pegging tree per customer order ('ORDER/LINE'; all of them without ``order``)."""
    run = mrp.get(rt.store, user, rt.now(), None if run_id == "latest" else run_id)
    return {ref: [PegNodeOut.from_domain(n) for n in nodes] for ref, nodes in mrp.trees(run, order).items()}
