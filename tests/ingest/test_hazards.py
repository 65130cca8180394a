"""Field hazards from ../shared/hazards, decoding part, as exact-answer tests.

The fixtures publish to ``cluster/{member}/{device}/telemetry`` with flat payloads
``{"ts": ..., "temp": 19.5}``. ``adapt`` maps them to onefactory's documented form
without touching any value token: the topic becomes ``of/{member}/S1/{device}/_``
(``cluster/{member}/ingest`` becomes ``of/{member}/ingest``) and every key other
than ``ts``/``deviceId`` moves into ``values``. A payload that is not even JSON
(``nan``) is passed on byte for byte. Bare-value topics keep their signal level.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from onefactory.ingest import DecodeOptions, InvalidMessage, Rejection, decode, decode_lenient, safe_level
from onefactory.ingest._json import loads_exact
from onefactory.ingest.topics import Topic
from onefactory.model import Reading

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SITE = "S1"


def _dumps_raw(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_dumps_raw(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dumps_raw(v) for v in value) + "]"
    if isinstance(value, str) and type(value) is not str:
        return str(value)  # a raw number token, exactly as written
    return json.dumps(value, ensure_ascii=False)


def _adapt_sample(sample: Any) -> Any:
    if not isinstance(sample, dict):
        return sample
    kept = {k: v for k, v in sample.items() if k in ("ts", "deviceId")}
    rest = {k: v for k, v in sample.items() if k not in kept}
    return kept | ({"values": rest} if rest else {})


def adapt(topic: str, payload: str) -> tuple[str, bytes]:
    """Map one fixture message to onefactory's topic and payload (see module doc)."""
    levels = topic.split("/")
    if levels[-1] == "ingest":
        new_topic = f"of/{levels[1]}/ingest"
    elif levels[-1] == "telemetry":
        new_topic = f"of/{levels[1]}/{SITE}/{levels[2]}/_"
    else:
        return f"of/{levels[1]}/{SITE}/{levels[2]}/{levels[3]}", payload.encode()
    try:
        document = loads_exact(payload)
    except ValueError:
        return new_topic, payload.encode()
    adapted = [_adapt_sample(s) for s in document] if isinstance(document, list) else _adapt_sample(document)
    return new_topic, _dumps_raw(adapted).encode()


def run(path: Path, now: datetime = NOW, **options: Any) -> tuple[list[Reading], list[Rejection], int]:
    """Decode every message of a fixture file leniently; return readings, rejections, message count."""
    readings: list[Reading] = []
    rejections: list[Rejection] = []
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    now_ms = int(now.timestamp() * 1000)
    for message in lines:
        payload = message["payload"].replace("__NOW_MS+7776000000__", str(now_ms + 7776000000))
        payload = payload.replace("__NOW_MS+1000__", str(now_ms + 1000)).replace("__NOW_MS__", str(now_ms))
        topic, data = adapt(message["topic"], payload)
        result = decode_lenient(topic, data, received_at=now, options=DecodeOptions(**options))
        readings += result.readings
        rejections += result.rejections
    return readings, rejections, len(lines)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def series(readings: list[Reading], resource: str, signal: str) -> list[tuple[datetime, float]]:
    return [(r.ts, r.value) for r in readings if r.resource == resource and r.signal == signal]


def latest(readings: list[Reading], resource: str, signal: str) -> tuple[datetime, float]:
    """'Latest value' by sample time, not arrival (H002, H007)."""
    return max(series(readings, resource, signal), key=lambda point: point[0])


def test_h001_same_millisecond_readings_are_all_kept(shared):
    readings, rejections, count = run(shared / "hazards/H001/messages.jsonl")
    assert series(readings, "M-001", "temp") == [
        (at("2026-03-02T01:00:00.000Z"), 19.5),
        (at("2026-03-02T01:00:00.123Z"), 20.0),
        (at("2026-03-02T01:00:00.123Z"), 20.5),
        (at("2026-03-02T01:00:01.000Z"), 21.0),
    ]
    # 'event' holds text: Reading values are numbers, so each event is a visible rejection naming it
    assert [(j.field, json.loads(j.payload)["ts"]) for j in rejections] == [
        ("event", "2026-03-02T01:00:00.123Z"),
        ("event", "2026-03-02T01:00:00.123Z"),
    ]
    assert len(readings) + len(rejections) == count == 6  # accounting: no unexplained difference


def test_h001_burst_every_message_accounted(shared):
    readings, rejections, count = run(shared / "hazards/H001/burst_M-002.jsonl")
    assert count == 200 and readings == [] and len(rejections) == 200
    assert {j.field for j in rejections} == {"event"}
    assert len({json.loads(j.payload)["ts"] for j in rejections}) == 180


def test_h001_numeric_burst_with_shared_ms_pairs_decodes_200_over_180_timestamps():
    base = 1772413500000
    payloads = [{"ts": base + 20 * (i // 2) if i < 40 else base + 20 * (i - 20), "value": i} for i in range(200)]
    readings = [r for p in payloads for r in decode("of/K/S/M-002/v", json.dumps(p).encode(), received_at=NOW)]
    assert len(readings) == 200 and len({r.ts for r in readings}) == 180


@pytest.mark.parametrize("name", ["messages_batch.jsonl", "messages_single.jsonl"])
def test_h002_out_of_order_batch_keeps_each_key_at_its_own_time(shared, name):
    readings, rejections, _ = run(shared / "hazards/H002" / name)
    assert rejections == []
    assert sorted(series(readings, "M-021", "temp")) == [
        (at("2026-03-02T01:59:59Z"), 99.0),
        (at("2026-03-02T02:00:00Z"), 21.0),
        (at("2026-03-02T02:00:01Z"), 22.0),
        (at("2026-03-02T02:00:03Z"), 24.0),
    ]
    assert sorted(series(readings, "M-021", "rpm")) == [
        (at("2026-03-02T02:00:00Z"), 1100.0),
        (at("2026-03-02T02:00:01Z"), 1200.0),
        (at("2026-03-02T02:00:02Z"), 1300.0),
    ]
    assert series(readings, "M-021", "vib") == [(at("2026-03-02T02:00:01Z"), 0.02)]
    assert len(readings) == 8
    assert latest(readings, "M-021", "temp") == (at("2026-03-02T02:00:03Z"), 24.0)
    assert latest(readings, "M-021", "rpm") == (at("2026-03-02T02:00:02Z"), 1300.0)


def test_h002_batch_and_single_runs_give_identical_readings(shared):
    batch, _, _ = run(shared / "hazards/H002/messages_batch.jsonl")
    single, _, _ = run(shared / "hazards/H002/messages_single.jsonl")
    assert sorted(batch, key=repr) == sorted(single, key=repr)


def test_h003_identifiers_stay_exact_and_big_serial_is_refused_by_name(shared):
    readings, rejections, _ = run(shared / "hazards/H003/messages.jsonl")
    assert series(readings, "M-031", "temp") == [
        (at("2026-03-02T03:00:00Z"), 25.0),
        (at("2026-03-02T03:00:01Z"), 25.1),
    ]
    by_message = [(j.field, j.reason) for j in rejections]
    # text ids are not readings; each is refused by name and never turned into a rounded number
    assert [f for f, _ in by_message] == ["lot", "serial", "part", "lot", "serial", "part"]
    bare_serial = by_message[4][1]
    assert "840380235174088834" in bare_serial and "cannot be kept exactly" in bare_serial
    assert not any(r.value in (840380235174088834, 8.403802351740888e17, 12300007.0) for r in readings)


@pytest.mark.parametrize("code", ["000012300007", "840380235174088834", "1E5", "00420", "0000000001"])
def test_h003_numeric_looking_codes_are_exact_in_topics_and_device_ids(code):
    [r] = decode(f"of/{code}/{code}/{code}/t", b'{"ts": 1772409600, "value": 1}', received_at=NOW)
    assert (r.member, r.site, r.resource) == (code, code, code)
    payload = json.dumps({"deviceId": code, "ts": 1772409600, "values": {"t": 1}}).encode()
    [r] = decode("of/SUP-KR1/ingest", payload, received_at=NOW)
    assert r.resource == code


def test_h005_non_finite_values_are_quarantined_and_good_ones_kept(shared):
    readings, rejections, _ = run(shared / "hazards/H005/messages_object.jsonl")
    assert series(readings, "M-051", "t") == [(at("2026-03-02T04:00:00Z"), 1.0), (at("2026-03-02T04:00:06Z"), 2.0)]
    assert series(readings, "M-052", "t") == [(at("2026-03-02T04:00:07Z"), 3.0)]
    assert len(rejections) == 5
    assert [j.field for j in rejections] == ["payload", "t", "t", "t", "t"]  # `nan` is not JSON
    assert "not valid JSON" in rejections[0].reason
    assert all("non-finite" in j.reason for j in rejections[1:])
    assert b"-1e309" in rejections[4].payload  # raw payload kept, never stored as -inf or -1.797e308


def test_h005_bare_values(shared):
    readings, rejections, _ = run(shared / "hazards/H005/messages_bare.jsonl")
    assert [r.value for r in readings] == [1.0, 2.0] and {r.ts for r in readings} == {NOW}
    assert len(rejections) == 5


def test_h006_declared_types(shared):
    readings, rejections, count = run(shared / "hazards/H006/messages.jsonl", signal_types={"alarm": "boolean"})
    assert series(readings, "M-061", "battery") == [(at("2026-03-02T05:00:00Z"), 100.0)]  # "100.00" -> number
    assert series(readings, "M-061", "temp") == [(at("2026-03-02T05:00:04Z"), 23.5)]
    assert series(readings, "M-061", "alarm") == [(at("2026-03-02T05:00:05Z"), 1.0)]
    assert [j.field for j in rejections] == ["temp", "temp", "alarm"]
    assert "'23,5'" in rejections[0].reason and "'test_data'" in rejections[1].reason
    assert "123" in rejections[2].reason
    assert len(readings) + len(rejections) == count == 6


def test_h006_without_declared_types_a_boolean_is_refused_by_name(shared):
    readings, rejections, _ = run(shared / "hazards/H006/messages.jsonl")
    assert series(readings, "M-061", "alarm") == [(at("2026-03-02T05:00:03Z"), 123.0)]
    assert [j.field for j in rejections] == ["temp", "temp", "alarm"]


def test_h007_clock_units_garbage_and_future(shared):
    readings, rejections, _ = run(shared / "hazards/H007/messages.jsonl")
    midnight = at("2026-03-02T00:00:00Z")
    for device in ("M-071", "M-072", "M-073", "M-074"):
        assert series(readings, device, "temp") == [(midnight, 10.0)]
    assert series(readings, "M-075", "temp") == [(midnight.replace(microsecond=123456), 10.0)]
    assert series(readings, "M-076", "temp") == [(at("2026-03-02T00:01:00Z"), 11.0), (at("2026-03-02T00:02:00Z"), 12.0)]
    assert [j.field for j in rejections] == ["ts", "ts"]
    assert "64698438051149" in rejections[0].reason and "ahead of receipt" in rejections[0].reason
    assert "ahead of receipt" in rejections[1].reason and b"999.0" in rejections[1].payload
    assert latest(readings, "M-077", "temp")[1] == 50.5


def test_h011_nulls_missing_and_nested(shared):
    readings, rejections, _ = run(shared / "hazards/H011/messages.jsonl")

    def sec(s: int) -> datetime:
        return at(f"2026-03-02T06:00:0{s}Z")

    assert series(readings, "M-111", "rpm") == [(sec(0), 900.0), (sec(1), 900.0), (sec(2), 900.0), (sec(4), 950.0)]
    assert series(readings, "M-111", "temp") == [(sec(1), 21.0), (sec(4), 22.5)]
    assert series(readings, "M-111", "env.temp") == [(sec(4), 19.0)]
    assert series(readings, "M-111", "env.hum") == [(sec(3), 40.0), (sec(4), 41.0)]
    # explicit null is a visible 'null received' rejection; the missing temp at :02 produces nothing
    assert [(j.field, json.loads(j.payload)["ts"]) for j in rejections] == [
        ("temp", "2026-03-02T06:00:00.000Z"),
        ("env.temp", "2026-03-02T06:00:03.000Z"),
    ]
    assert all(j.reason.endswith("value is null") for j in rejections)


def test_h013_missing_device_envelope_is_refused_by_name(shared):
    readings, rejections, _ = run(shared / "hazards/H013/messages.jsonl")
    assert series(readings, "M-131", "temp") == [(at("2026-03-02T07:00:00Z"), 21.5), (at("2026-03-02T07:00:05Z"), 22.0)]
    assert len(rejections) == 4 and {j.field for j in rejections} == {"deviceId"}
    assert all(j.payload and "deviceId" in j.reason for j in rejections)


@pytest.mark.parametrize(
    "name",
    ["rest_empty_device_id.json", "rest_nested_envelope.json", "rest_no_device_id.json", "rest_wrong_key_name.json"],
)
def test_h013_bodies_are_refused_strictly_naming_device_id(shared, name):
    topic, data = adapt("cluster/SUP-KR1/ingest", (shared / "hazards/H013" / name).read_text(encoding="utf-8"))
    with pytest.raises(InvalidMessage) as info:
        decode(topic, data, received_at=NOW)
    assert info.value.field == "deviceId" and "deviceId" in str(info.value)


def test_h019_machine_names_become_safe_distinct_levels(shared):
    machines = json.loads((shared / "hazards/H019/machines.json").read_text(encoding="utf-8"))["machines"]
    levels = {m["machine_id"]: safe_level(m["name"]) for m in machines}
    for level in levels.values():
        Topic("SUP-KR1", SITE, level, "alarm")  # every one is a valid topic level
        assert len(level.encode("utf-8")) <= 128
    assert len(set(levels.values())) == 8
    assert levels["M-197"] == "Press-2" and levels["M-198"] == "프레스-5"
