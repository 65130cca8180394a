"""Both schedulers return valid schedules; CP-SAT proves the optimum of ft06 (55)."""

import pytest

from onefactory.plan.scheduling import (
    Job,
    Operation,
    Option,
    Schedule,
    ScheduledOperation,
    ShopInstance,
    Station,
    lower_bound,
    parse_brandimarte,
    parse_jsplib,
    solve_cpsat,
    solve_heuristic,
    violations,
)

from support import shared_path

# 3 jobs x 3 machines; optimum 11 found by enumeration below, not by either solver
SMALL = parse_jsplib("3 3\n0 3 1 2 2 2\n0 2 2 1 1 4\n1 4 2 3 0 1\n", "small")


def _brute_force_makespan(shop):
    """Best semi-active schedule over every machine permutation (tiny instances only)."""
    from itertools import permutations, product

    machines = range(len(shop.stations))
    orders = [
        list(
            permutations([j for j, job in enumerate(shop.jobs) for op in job.operations if op.options[0].station == m])
        )
        for m in machines
    ]
    best = None
    for combo in product(*orders):
        span = _simulate(shop, combo)
        if span is not None and (best is None or span < best):
            best = span
    return best


def _simulate(shop, combo):
    pos = [0] * len(shop.jobs)
    mpos = [0] * len(combo)
    job_t, mach_t = [0] * len(shop.jobs), [0] * len(combo)
    done, total = 0, shop.operation_count
    while done < total:
        moved = False
        for m, order in enumerate(combo):
            if mpos[m] < len(order):
                j = order[mpos[m]]
                if pos[j] < len(shop.jobs[j].operations) and shop.jobs[j].operations[pos[j]].options[0].station == m:
                    d = shop.jobs[j].operations[pos[j]].options[0].duration
                    end = max(job_t[j], mach_t[m]) + d
                    job_t[j] = mach_t[m] = end
                    pos[j] += 1
                    mpos[m] += 1
                    done += 1
                    moved = True
        if not moved:
            return None
    return max(job_t)


def test_brute_force_reference_of_the_small_instance():
    assert _brute_force_makespan(SMALL) == 11


@pytest.mark.parametrize("solve", ["heuristic", "cpsat"])
def test_small_instance_reaches_the_enumerated_optimum(solve):
    plan = solve_heuristic(SMALL, 0.3) if solve == "heuristic" else solve_cpsat(SMALL, 5).schedule
    assert violations(SMALL, plan) == []
    assert plan.makespan == 11


def test_cpsat_proves_ft06_optimum_55():
    shop = parse_jsplib(shared_path("data", "jsplib", "instances", "ft06").read_text(), "ft06")
    result = solve_cpsat(shop, time_limit_s=20)
    assert violations(shop, result.schedule) == []
    assert (result.makespan, result.proven_optimal, result.lower_bound) == (55, True, 55)


def test_heuristic_on_ft10_is_valid_and_within_10_percent_in_a_second():
    shop = parse_jsplib(shared_path("data", "jsplib", "instances", "ft10").read_text(), "ft10")
    plan = solve_heuristic(shop, 1.0)
    assert violations(shop, plan) == []
    assert plan.makespan <= 1.10 * 930


def test_flexible_shop_both_solvers_valid_on_mk01():
    shop = parse_brandimarte(shared_path("data", "fjsp-brandimarte", "instances", "mk01.txt").read_text(), "mk01")
    quick = solve_heuristic(shop, 0.3)
    exact = solve_cpsat(shop, 3)
    assert violations(shop, quick) == []
    assert violations(shop, exact.schedule) == []
    assert lower_bound(shop) <= exact.makespan <= quick.makespan


def test_releases_and_alternative_stations_with_parallel_machines():
    stations = (Station("CNC", 2), Station("LATHE"))
    either = Operation((Option(0, 30), Option(1, 20)))
    jobs = tuple(Job(f"J{k}", (either, Operation((Option(0, 10),))), release=5 * k) for k in range(5))
    shop = ShopInstance("mixed", stations, jobs)
    for plan in (solve_heuristic(shop, 0.2), solve_cpsat(shop, 3).schedule):
        assert violations(shop, plan) == []
        assert all(o.start >= 5 * o.job for o in plan.operations)


def test_zero_duration_steps_are_scheduled_validly():
    shop = parse_jsplib("3 2\n0 0 1 3\n1 0 0 2\n0 2 1 0\n", "zeros")
    for plan in (solve_heuristic(shop, 0.2), solve_cpsat(shop, 2).schedule):
        assert violations(shop, plan) == []


def test_heuristic_is_deterministic_for_a_seed_once_it_meets_the_bound():
    assert solve_heuristic(SMALL, 0.3, seed=3) == solve_heuristic(SMALL, 0.3, seed=3)


def test_a_station_that_is_down_is_not_used_before_it_is_back():
    stations = (Station("MILL", 1, available_from=50), Station("DRILL", 2))
    either = Operation((Option(0, 10), Option(1, 30)))
    jobs = tuple(Job(f"J{k}", (either, Operation((Option(0, 5),)))) for k in range(4))
    shop = ShopInstance("down", stations, jobs)
    for plan in (solve_heuristic(shop, 0.3), solve_cpsat(shop, 3).schedule):
        assert violations(shop, plan) == []
        assert all(o.start >= 50 for o in plan.operations if o.station == 0)
    early = Schedule((ScheduledOperation(0, 0, 0, 0, 0, 10),))
    assert "job J0 operation 1 starts at 0, before its station is available" in violations(shop, early)
