"""The schedule checker finds every kind of broken rule; lower bounds by hand."""

from onefactory.plan.scheduling import (
    Job,
    Operation,
    Option,
    Schedule,
    ScheduledOperation,
    ShopInstance,
    Station,
    lower_bound,
    parse_jsplib,
    violations,
)

TINY = parse_jsplib("2 2\n0 3 1 2\n1 4 0 1\n", "tiny")
GOOD = Schedule(
    (
        ScheduledOperation(0, 0, 0, 0, 0, 3),
        ScheduledOperation(0, 1, 1, 0, 4, 6),
        ScheduledOperation(1, 0, 1, 0, 0, 4),
        ScheduledOperation(1, 1, 0, 0, 4, 5),
    )
)


def _with(k, **changes):
    ops = list(GOOD.operations)
    ops[k] = ScheduledOperation(**{**{f: getattr(ops[k], f) for f in ops[k].__slots__}, **changes})
    return Schedule(tuple(ops))


def test_a_valid_schedule_has_no_violations():
    assert violations(TINY, GOOD) == []
    assert GOOD.makespan == 6


def test_overlap_on_a_machine_is_found():
    found = violations(TINY, _with(1, start=3, end=5))
    assert any("overlap" in v for v in found)
    assert any("capacity 1" in v for v in found)


def test_job_order_duration_station_and_missing_step_are_found():
    assert any("before 3" in v for v in violations(TINY, _with(1, start=2, end=4)))
    assert any("lasts 3, needs 4" in v for v in violations(TINY, _with(2, end=3)))
    assert any("not eligible" in v for v in violations(TINY, _with(3, station=1)))
    missing = Schedule(GOOD.operations[:3])
    assert violations(TINY, missing) == ["job J1 operation 2 is not scheduled"]


def test_release_is_respected():
    shop = ShopInstance("r", (Station("A"),), (Job("J", (Operation((Option(0, 2),)),), release=5),))
    late_ok = Schedule((ScheduledOperation(0, 0, 0, 0, 5, 7),))
    early = Schedule((ScheduledOperation(0, 0, 0, 0, 4, 6),))
    assert violations(shop, late_ok) == []
    assert violations(shop, early) == ["job J operation 1 starts at 4, before 5 (release or previous step)"]


def test_parallel_machines_count_against_station_capacity():
    shop = ShopInstance("p", (Station("A", 2),), tuple(Job(f"J{k}", (Operation((Option(0, 2),)),)) for k in range(3)))
    three_at_once = Schedule(tuple(ScheduledOperation(k, 0, 0, k % 2, 0, 2) for k in range(3)))
    found = violations(shop, three_at_once)
    assert "station A: 3 operations at 0, capacity 2" in found
    assert any("unit 0: job 0 and job 2 overlap" in v for v in found)


def test_lower_bound_by_hand():
    # job bound: 3+2=5 and 4+1=5; machine 0: head 0 + 3+1 + tail 0 = 4; machine 1: 0 + 2+4 + 0 = 6
    assert lower_bound(TINY) == 6
    # 4 jobs of 120 on 3 machines: two of the four longest share a machine -> 240
    shop = ShopInstance("p", (Station("A", 3),), tuple(Job(f"J{k}", (Operation((Option(0, 120),)),)) for k in range(4)))
    assert lower_bound(shop) == 240
