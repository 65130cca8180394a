"""One-minute rollups over the API: own reads, grant-gated and logged foreign reads, checked ranges."""

import json

import pytest

from support import auth

BASE = "/api/v1/members/SUP-KR1/telemetry/M-131"
SAMPLES = [("07:00:05", 20.0), ("07:00:50", 23.0), ("07:00:20", 18.5), ("07:01:10", 30.0)]


@pytest.fixture
def filled(client):
    body = [{"deviceId": "M-131", "ts": f"2026-03-02T{t}Z", "values": {"temp": v}} for t, v in SAMPLES]
    headers = {**auth("SUP-KR1"), "Content-Type": "application/json"}
    assert client.post("/api/v1/telemetry", content=json.dumps(body), headers=headers).json() == {"stored": 4}
    return client


def _log(client, member="SUP-KR1"):
    return client.get("/api/v1/access-log", headers=auth(member)).json()["items"]


def test_owner_reads_minute_rollups_and_the_read_is_not_logged(filled):
    resp = filled.get(
        f"{BASE}/rollups?signal=temp&start=2026-03-02T07:00:00Z&end=2026-03-02T08:00:00Z", headers=auth("SUP-KR1")
    )
    assert resp.status_code == 200, resp.text
    assert resp.json() == [
        {
            "signal": "temp",
            "minute": "2026-03-02T07:00:00Z",
            "count": 3,
            "min": 18.5,
            "max": 23.0,
            "mean": 20.5,
            "sum": 61.5,
            "first_ts": "2026-03-02T07:00:05Z",
            "last_ts": "2026-03-02T07:00:50Z",
        },
        {
            "signal": "temp",
            "minute": "2026-03-02T07:01:00Z",
            "count": 1,
            "min": 30.0,
            "max": 30.0,
            "mean": 30.0,
            "sum": 30.0,
            "first_ts": "2026-03-02T07:01:10Z",
            "last_ts": "2026-03-02T07:01:10Z",
        },
    ]
    assert _log(filled) == []


def test_another_member_needs_a_telemetry_grant_and_its_read_is_logged(filled):
    refused = filled.get(f"{BASE}/rollups", headers=auth("SUP-A"))
    assert refused.status_code == 403 and "18.5" not in refused.text
    grant = {"grantee": "SUP-A", "scope": "telemetry"}
    g = filled.post("/api/v1/grants", json=grant, headers=auth("SUP-KR1")).json()
    got = filled.get(f"{BASE}/rollups?end=2026-03-02T07:01:00Z", headers=auth("SUP-A"))
    assert [r["count"] for r in got.json()] == [3]
    assert filled.get(f"{BASE}/rollups", headers=auth("SUP-B")).status_code == 403
    assert [(e["reader_member"], e["resource"], e["basis"]) for e in _log(filled)] == [
        ("SUP-A", "telemetry rollups M-131", f"grant:{g['id']}")
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-03-02T08:00:00Z&end=2026-03-02T07:00:00Z", "end"),
        ("start=2026-03-02T07:00:00Z&end=2026-03-02T07:00:00Z", "end"),
        ("start=2026-03-02T07:00:00", "start"),
        ("end=2026-03-02T07:00:00", "end"),
    ],
)
def test_an_invalid_rollup_range_is_a_422_problem_naming_the_field(filled, query, field):
    resp = filled.get(f"{BASE}/rollups?{query}", headers=auth("SUP-KR1"))
    assert resp.status_code == 422
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["field"] == field and field in resp.json()["detail"]


@pytest.mark.parametrize(("query", "field"), [("start=yesterday", "query.start"), ("limit=0", "query.limit")])
def test_unparseable_rollup_parameters_are_a_422_problem_naming_the_parameter(filled, query, field):
    resp = filled.get(f"{BASE}/rollups?{query}", headers=auth("SUP-KR1"))
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == [field]


def test_the_raw_range_route_refuses_a_reversed_range_naming_until(filled):
    resp = filled.get(f"{BASE}?since=2026-03-02T08:00:00Z&until=2026-03-02T07:00:00Z", headers=auth("SUP-KR1"))
    assert resp.status_code == 422
    assert resp.json()["field"] == "until"
    ok = filled.get(f"{BASE}?since=2026-03-02T07:00:10Z&until=2026-03-02T07:01:00Z", headers=auth("SUP-KR1"))
    assert [r["value"] for r in ok.json()] == [18.5, 23.0]
