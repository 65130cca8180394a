"""Raw telemetry reads take the same bound names as rollups (start/end), and the older since/until."""

import json

import pytest

from support import auth

BASE = "/api/v1/members/SUP-KR1/telemetry/M-131"
TIMES = ["07:00:05", "07:00:50", "07:01:10", "07:02:00"]


@pytest.fixture
def filled(client):
    body = [{"deviceId": "M-131", "ts": f"2026-03-02T{t}Z", "values": {"temp": float(i)}} for i, t in enumerate(TIMES)]
    headers = {**auth("SUP-KR1"), "Content-Type": "application/json"}
    assert client.post("/api/v1/telemetry", content=json.dumps(body), headers=headers).json() == {"stored": 4}
    return client


def _values(client, query):
    resp = client.get(f"{BASE}?signal=temp&{query}", headers=auth("SUP-KR1"))
    assert resp.status_code == 200, resp.text
    return [r["value"] for r in resp.json()]


def test_start_and_end_bound_raw_readings_as_since_and_until_do(filled):
    assert _values(filled, "start=2026-03-02T07:00:50Z&end=2026-03-02T07:02:00Z") == [1.0, 2.0]
    assert _values(filled, "since=2026-03-02T07:00:50Z&until=2026-03-02T07:02:00Z") == [1.0, 2.0]
    assert _values(filled, "start=2026-03-02T07:01:00Z") == [2.0, 3.0]
    assert _values(filled, "") == [0.0, 1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("start=2026-03-02T08:00:00Z&end=2026-03-02T07:00:00Z", "end", "end must be after start"),
        ("since=2026-03-02T08:00:00Z&until=2026-03-02T07:00:00Z", "until", "until must be after since"),
        ("start=2026-03-02T07:00:00", "start", "start must have a UTC offset"),
        ("start=2026-03-02T07:00:00Z&since=2026-03-02T07:00:00Z", "since", "give start or since, not both"),
        ("end=2026-03-02T07:00:00Z&until=2026-03-02T07:00:00Z", "until", "give end or until, not both"),
    ],
)
def test_a_reversed_naive_or_doubly_named_bound_is_a_422_naming_the_parameter(filled, query, field, message):
    resp = filled.get(f"{BASE}?{query}", headers=auth("SUP-KR1"))
    assert resp.status_code == 422, resp.text
    assert message in resp.json()["detail"] and resp.json()["field"] == field
