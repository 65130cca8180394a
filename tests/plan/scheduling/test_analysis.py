"""Bottleneck, late jobs with the resource that held them up, and overloads without capacity."""

from onefactory.plan.scheduling import (
    Job,
    Operation,
    Option,
    Schedule,
    ScheduledOperation,
    ShopInstance,
    Station,
    bottleneck,
    critical_time,
    late_jobs,
    unconstrained_overloads,
    utilisation,
)

# two jobs: A(2) then B(6) and A(3) then B(1); B is the busier machine
SHOP = ShopInstance(
    "two",
    (Station("A"), Station("B")),
    (
        Job("J0", (Operation((Option(0, 2),)), Operation((Option(1, 6),))), due=8),
        Job("J1", (Operation((Option(0, 3),)), Operation((Option(1, 1),))), due=6),
    ),
)
PLAN = Schedule(
    (
        ScheduledOperation(0, 0, 0, 0, 0, 2),
        ScheduledOperation(1, 0, 0, 0, 2, 5),
        ScheduledOperation(0, 1, 1, 0, 2, 8),
        ScheduledOperation(1, 1, 1, 0, 8, 9),
    )
)


def test_critical_chain_and_bottleneck():
    # J1 step 2 (B 8-9) <- J0 step 2 (B 2-8) <- J0 step 1 (A 0-2)
    assert critical_time(PLAN) == {1: 7, 0: 2}
    assert bottleneck(SHOP, PLAN) == 1


def test_utilisation_per_station():
    assert utilisation(SHOP, PLAN) == {0: 5 / 9, 1: 7 / 9}


def test_late_job_names_the_station_it_waited_for():
    # J1 waited 2 for A (2-5 after release 0) and 3 for B (8-9 after its A step ended at 5)
    late = late_jobs(SHOP, PLAN)
    assert [(x.job, x.due, x.end, x.binding_station) for x in late] == [(1, 6, 9, 1)]


def test_late_job_without_waiting_has_no_binding_station():
    shop = ShopInstance("one", (Station("A"),), (Job("J", (Operation((Option(0, 5),)),), due=3),))
    plan = Schedule((ScheduledOperation(0, 0, 0, 0, 0, 5),))
    assert [(x.end, x.binding_station) for x in late_jobs(shop, plan)] == [(5, None)]


def test_overloads_merge_and_split_windows():
    # station of 1 machine: demand 2 in [0,2), 3 in [2,3), then 1 (not an overload) in [3,4)
    jobs = [(0, 4), (0, 3), (2, 1)]
    shop = ShopInstance(
        "o",
        (Station("A"),),
        tuple(Job(f"J{k}", (Operation((Option(0, d),)),), release=r) for k, (r, d) in enumerate(jobs)),
    )
    got = [(o.start, o.end, o.demand, round(o.load_pct)) for o in unconstrained_overloads(shop)]
    assert got == [(0, 2, 2, 200), (2, 3, 3, 300)]
