"""H032: four simultaneous jobs on a station with 3 parallel machines, two on a station with 2.

The resources come from the hazard's resources.csv (``parallel_capacity`` machines each,
stored as the member's resources) and the jobs from its jobs.csv, posted to the API."""

import csv
from collections import Counter
from decimal import Decimal

import pytest

from onefactory.model import Resource
from onefactory.plan.scheduling import (
    Job,
    Operation,
    Option,
    ShopInstance,
    Station,
    solve_cpsat,
    solve_heuristic,
    unconstrained_overloads,
    violations,
)

from support import auth, shared_path


def _rows(name):
    with shared_path("hazards", "H032", name).open(newline="") as fh:
        return list(csv.DictReader(fh))


def _store_resources(store):
    rows = _rows("resources.csv")
    with store.write() as tx:
        tx.resources.put_many(
            [
                Resource(
                    r["member"],
                    r["resource_code"],
                    r["resource_code"],
                    parallel_units=int(r["parallel_capacity"]),
                    capacity_per_hour=Decimal(1),
                    calendar=r["calendar"],
                )
                for r in rows
            ]
        )


def _jobs():
    return [
        {
            "code": r["job"],
            "release": r["earliest_start"],
            "due": r["due"],
            "steps": [{"options": [{"resource": r["resource"], "minutes": int(float(r["hours"]) * 60)}]}],
        }
        for r in _rows("jobs.csv")
    ]


def _at(steps, job):
    step = next(s for s in steps if s["job"] == job)
    return step["start"][11:16], step["end"][11:16]


@pytest.mark.parametrize("method", ["heuristic", "cpsat"])
def test_h032_parallel_machines_take_three_then_one_and_two_at_once(client, seeded, method):
    _store_resources(seeded)
    resp = client.post(
        "/api/v1/members/SUP-A/schedule",
        json={"jobs": _jobs(), "method": method, "time_limit_s": 1},
        headers=auth("SUP-A"),
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    a = sorted(_at(body["steps"], f"J-32-{k}") for k in range(1, 5))
    assert a == [("08:00", "10:00")] * 3 + [("10:00", "12:00")]
    assert {_at(body["steps"], "J-32-5"), _at(body["steps"], "J-32-6")} == {("08:00", "10:00")}
    machines = Counter((s["resource"], s["machine"], s["start"]) for s in body["steps"])
    assert max(machines.values()) == 1, "two jobs on one machine at once"
    if method == "heuristic":  # tie rule: equal jobs keep the order they were given in
        assert _at(body["steps"], "J-32-4") == ("10:00", "12:00")
    assert body["makespan_minutes"] == 240
    assert body["late"] == []


def test_h032_load_view_without_capacity_flags_133_percent_on_wc_32a(client, seeded):
    _store_resources(seeded)
    body = client.post(
        "/api/v1/members/SUP-A/schedule",
        json={"jobs": _jobs(), "method": "heuristic", "time_limit_s": 0.2},
        headers=auth("SUP-A"),
    ).json()
    over = body["overloads_without_capacity"]
    assert len(over) == 1
    assert over[0]["resource"] == "WC-32A"
    assert (over[0]["start"][11:16], over[0]["end"][11:16]) == ("08:00", "10:00")
    assert (over[0]["demand"], over[0]["machines"], over[0]["load_pct"]) == (4, 3, 133.3)


def _shop(units_a, units_b):
    ops = [Job(f"J{k}", (Operation((Option(0 if k < 4 else 1, 120),)),)) for k in range(6)]
    return ShopInstance("h032", (Station("WC-32A", units_a), Station("WC-32B", units_b)), tuple(ops))


@pytest.mark.parametrize("solve", [lambda s: solve_heuristic(s, 0.2), lambda s: solve_cpsat(s, 2).schedule])
def test_h032_no_station_ever_runs_more_jobs_than_machines(solve):
    shop = _shop(3, 2)
    plan = solve(shop)
    assert violations(shop, plan) == []
    starts = Counter((o.station, o.start) for o in plan.operations)
    assert starts == {(0, 0): 3, (0, 120): 1, (1, 0): 2}
    assert [(o.station, o.start, o.end, o.demand) for o in unconstrained_overloads(shop)] == [(0, 0, 120, 4)]
