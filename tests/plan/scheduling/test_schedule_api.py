"""POST /api/v1/members/{code}/schedule: own users and the cluster operator only."""

import pytest

from support import auth

URL = "/api/v1/members/SUP-A/schedule"


def _job(code, steps, release="2026-06-01T08:00:00Z", due=None):
    body = {
        "code": code,
        "release": release,
        "steps": [{"options": [{"resource": r, "minutes": m} for r, m in s]} for s in steps],
    }
    if due:
        body["due"] = due
    return body


JOBS = [
    _job("A", [[("MILL", 60)], [("DRILL", 30)]], due="2026-06-01T12:00:00Z"),
    _job("B", [[("MILL", 45)], [("DRILL", 20), ("MILL", 50)]], due="2026-06-01T09:30:00Z"),
    _job("C", [[("DRILL", 40)], [("MILL", 30)]], release="2026-06-01T08:30:00Z"),
]


@pytest.mark.parametrize("method", ["cpsat", "heuristic"])
def test_member_schedules_its_own_jobs(client, method):
    body = {"jobs": JOBS, "machines": {"MILL": 1, "DRILL": 1}, "method": method, "time_limit_s": 1}
    resp = client.post(URL, json=body, headers=auth("SUP-A"))
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert len(out["steps"]) == 6
    assert out["origin"] == "2026-06-01T08:00:00Z"
    c_first = next(s for s in out["steps"] if s["job"] == "C" and s["step"] == 1)
    assert c_first["start"] >= "2026-06-01T08:30:00Z"
    for job in "ABC":
        first, second = sorted((s for s in out["steps"] if s["job"] == job), key=lambda s: s["step"])
        assert first["end"] <= second["start"]
    assert out["makespan_minutes"] >= out["lower_bound_minutes"] > 0
    assert out["bottleneck"] in {"MILL", "DRILL"}
    # B needs MILL 45 + at least 20 more: due at 09:30 only if it goes first; A and B both want MILL at 08:00
    for late in out["late"]:
        assert late["minutes_late"] > 0 and late["binding_resource"] in {"MILL", "DRILL", None}


def test_cpsat_minimises_the_makespan_of_a_known_case(client):
    # one MILL: A 60 and B 45 in sequence, then drilling; optimum 08:00 + 45 + 60 + 30 = 135 minutes
    jobs = [_job("A", [[("MILL", 60)], [("DRILL", 30)]]), _job("B", [[("MILL", 45)], [("DRILL", 30)]])]
    out = client.post(URL, json={"jobs": jobs, "machines": {"MILL": 1, "DRILL": 1}}, headers=auth("SUP-A")).json()
    assert (out["makespan_minutes"], out["proven_optimal"]) == (135, True)


def test_late_job_names_the_resource_it_waited_for(client):
    jobs = [
        _job("LONG", [[("PRESS", 120)]]),
        _job("RUSH", [[("PRESS", 30)]], due="2026-06-01T08:20:00Z"),
    ]
    out = client.post(
        URL,
        json={"jobs": jobs, "machines": {"PRESS": 1}, "method": "heuristic", "time_limit_s": 0.2},
        headers=auth("SUP-A"),
    ).json()
    late = {x["job"]: x for x in out["late"]}
    assert set(late) == {"RUSH"}  # 30 minutes cannot end by 08:20 even when first
    assert late["RUSH"]["binding_resource"] in {"PRESS", None}
    assert out["bottleneck"] == "PRESS"


def test_other_members_may_not_schedule_a_members_shop(client):
    resp = client.post(URL, json={"jobs": JOBS, "machines": {"MILL": 1, "DRILL": 1}}, headers=auth("SUP-B"))
    assert resp.status_code == 403
    assert "SUP-A" in resp.json()["detail"]


def test_no_token_is_401(client):
    assert client.post(URL, json={"jobs": JOBS}).status_code == 401


def test_cluster_operator_may_schedule_and_the_call_is_logged_for_the_member(client, seeded):
    body = {"jobs": JOBS, "machines": {"MILL": 1, "DRILL": 1}, "method": "heuristic", "time_limit_s": 0.2}
    resp = client.post(URL, json=body, headers={"Authorization": "Bearer tok-operator"})
    assert resp.status_code == 200, resp.text
    with seeded.read() as tx:
        log = tx.access_log.of_owner("SUP-A")
    assert [(e.reader_member, e.basis) for e in log] == [("LEAD", "cluster-operator")]


def test_unknown_resource_is_named(client):
    resp = client.post(URL, json={"jobs": JOBS, "machines": {"MILL": 1}}, headers=auth("SUP-A"))
    assert resp.status_code == 422
    assert "DRILL" in resp.json()["detail"]


def test_bad_method_and_negative_minutes_are_refused(client):
    bad = {"jobs": [_job("A", [[("MILL", -5)]])], "machines": {"MILL": 1}}
    assert client.post(URL, json=bad, headers=auth("SUP-A")).status_code == 422
    bad = {"jobs": JOBS, "machines": {"MILL": 1, "DRILL": 1}, "method": "guess"}
    assert client.post(URL, json=bad, headers=auth("SUP-A")).status_code == 422


@pytest.mark.parametrize("method", ["cpsat", "heuristic"])
def test_replanning_after_a_breakdown_keeps_the_resource_idle_until_repaired(client, method):
    body = {
        "jobs": JOBS,
        "machines": {"MILL": 1, "DRILL": 1},
        "down_until": {"MILL": "2026-06-01T10:00:00Z"},
        "method": method,
        "time_limit_s": 1,
    }
    out = client.post(URL, json=body, headers=auth("SUP-A")).json()
    mill = [s for s in out["steps"] if s["resource"] == "MILL"]
    assert len(mill) >= 3  # A, B and C each mill once; B may mill its second step too
    assert min(s["start"] for s in mill) == "2026-06-01T10:00:00Z"
    assert {x["job"]: x["binding_resource"] for x in out["late"]}.get("B") == "MILL"
