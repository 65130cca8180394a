"""Shop scheduling of one member's jobs on its resources."""

from __future__ import annotations

from fastapi import APIRouter

from onefactory.api.arrays import distinct
from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas_scheduling import ScheduleIn, ScheduleOut
from onefactory.services import scheduling

router = APIRouter(tags=["scheduling"])


@router.post("/members/{member}/schedule", response_model=ScheduleOut)
def schedule(member: str, body: ScheduleIn, rt: RuntimeDep, user: UserDep) -> ScheduleOut:
    """Schedule jobs with finite capacity (CP-SAT, or the fast heuristic for re-planning);
    returns start and end per step, the makespan and the bottleneck resource. A job code given
    twice is a 422 naming the second (``jobs[1].code``)."""
    distinct(body.jobs, "code", lambda j: j.code, where="jobs")
    result = scheduling.schedule_shop(
        rt.store,
        user,
        member,
        [job.to_request() for job in body.jobs],
        rt.now(),
        machines=body.machines,
        down_until=body.down_until,
        method=body.method,
        time_limit_s=body.time_limit_s,
    )
    return ScheduleOut.from_domain(result)
