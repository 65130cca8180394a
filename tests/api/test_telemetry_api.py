"""Telemetry over HTTP: the shared ingest envelope, refused whole when it lacks the device (H013)."""

import json

import pytest

from support import auth, shared_path

GOOD = {"deviceId": "M-131", "ts": "2026-03-02T07:00:00.000Z", "values": {"temp": 21.5}}


def post(client, body, member="SUP-KR1"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/api/v1/telemetry", content=data, headers={**auth(member), "Content-Type": "application/json"})


def test_good_envelope_is_stored_for_the_callers_member(client):
    assert post(client, [GOOD, {**GOOD, "ts": "2026-03-02T07:00:05Z", "values": {"temp": 22.0}}]).json() == {
        "stored": 2
    }
    got = client.get("/api/v1/members/SUP-KR1/telemetry/M-131?signal=temp", headers=auth("SUP-KR1")).json()
    assert [(r["ts"], r["value"]) for r in got] == [("2026-03-02T07:00:00Z", 21.5), ("2026-03-02T07:00:05Z", 22.0)]
    assert client.get("/api/v1/members/SUP-KR1/telemetry/M-131", headers=auth("SUP-A")).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["rest_no_device_id.json", "rest_empty_device_id.json", "rest_nested_envelope.json", "rest_wrong_key_name.json"],
)
def test_h013_bodies_without_a_usable_device_are_refused_naming_it(client, seeded, name):
    body = shared_path("hazards", "H013", name).read_bytes()
    resp = post(client, body)
    assert resp.status_code == 422, resp.text
    assert "deviceId" in resp.json()["detail"]
    with seeded.read() as tx:
        assert tx.readings.count() == 0


def test_one_bad_sample_refuses_the_whole_body(client, seeded):
    resp = post(client, [GOOD, {**GOOD, "values": {"temp": "NaN"}}])
    assert resp.status_code == 422
    assert "temp" in resp.json()["detail"]
    with seeded.read() as tx:
        assert tx.readings.count() == 0
