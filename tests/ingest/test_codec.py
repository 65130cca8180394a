"""Codec unit tests with generated inputs: shapes, timestamps, values, limits, policy."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from onefactory.ingest import (
    DecodeOptions,
    InvalidMessage,
    decode,
    decode_lenient,
    encode,
    encode_value,
    ingest_topic,
    natural_key,
)
from onefactory.model import InvalidData, Reading

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
SIGNAL = "of/SUP-A/S1/M-1/temp_c"
MULTI = "of/SUP-A/S1/M-1/_"


def one(topic: str, payload: str | bytes, **options) -> list[Reading]:
    data = payload.encode() if isinstance(payload, str) else payload
    return decode(topic, data, received_at=NOW, options=DecodeOptions(**options) if options else None)


def refused(topic: str, payload: str | bytes, **options):
    data = payload.encode() if isinstance(payload, str) else payload
    result = decode_lenient(topic, data, received_at=NOW, options=DecodeOptions(**options))
    assert result.rejections, "expected a rejection"
    return result


def test_single_sample():
    [r] = one(SIGNAL, '{"ts": "2026-03-02T00:00:00Z", "value": 21.5}')
    assert r == Reading("SUP-A", "M-1", "temp_c", T0, 21.5, "S1")


def test_multi_signal_sample_on_underscore_and_short_topic():
    payload = '{"ts": 1772409600, "values": {"temp_c": 21.5, "rpm": 1200}}'
    for topic in (MULTI, "of/SUP-A/S1/M-1"):
        readings = one(topic, payload)
        assert [(r.signal, r.value, r.ts) for r in readings] == [("temp_c", 21.5, T0), ("rpm", 1200.0, T0)]


def test_batches_as_list_and_samples_envelope_keep_order():
    items = [{"ts": 1772409600 + i, "value": float(i)} for i in (3, 1, 2)]
    for payload in (json.dumps(items), json.dumps({"samples": items})):
        assert [r.value for r in one(SIGNAL, payload)] == [3.0, 1.0, 2.0]


def test_bare_number_is_stamped_with_receipt_time():
    [r] = one(SIGNAL, "21.5")
    assert (r.ts, r.value) == (NOW, 21.5)


def test_nested_values_become_dotted_signals():
    readings = one(MULTI, '{"ts": 1772409600, "values": {"env": {"temp": 19.0, "hum": 41}}}')
    assert [(r.signal, r.value) for r in readings] == [("env.temp", 19.0), ("env.hum", 41.0)]


def test_ingest_envelope_names_device_and_site():
    payload = '{"deviceId": "000123", "site": "007", "ts": 1772409600, "values": {"t": 1}}'
    [r] = one("of/SUP-A/ingest", payload)
    assert (r.member, r.site, r.resource, r.signal) == ("SUP-A", "007", "000123", "t")


@pytest.mark.parametrize(
    "ts",
    [
        1772409600,
        1772409600000,
        1772409600000000,
        1772409600000000000,
        "1772409600",
        1772409600.0,
        "2026-03-02T00:00:00Z",
        "2026-03-02T09:00:00+09:00",
        "2026-03-02 00:00:00.000000+00:00",
        "2026-03-02t00:00:00z",  # RFC 3339 allows lower case
        "2026-03-02t09:00:00+09:00",
    ],
)
def test_timestamp_units_and_formats_give_the_same_instant(ts):
    [r] = one(SIGNAL, json.dumps({"ts": ts, "value": 1}))
    assert r.ts == T0


def test_nanoseconds_above_2_53_are_exact_to_the_microsecond():
    [r] = one(SIGNAL, '{"ts": 1772409600123456789, "value": 1}')
    assert r.ts == T0.replace(microsecond=123456)


def test_fractional_epoch_seconds():
    [r] = one(SIGNAL, '{"ts": 1772409600.25, "value": 1}')
    assert r.ts == T0 + timedelta(milliseconds=250)


def test_naive_iso_is_site_local_time():
    [r] = one(SIGNAL, '{"ts": "2026-03-02T09:00:00", "value": 1}', site_tz="Asia/Seoul")
    assert r.ts == T0


def test_naive_time_in_dst_gap_is_refused():
    result = refused(SIGNAL, '{"ts": "2026-03-29T02:30:00", "value": 1}', site_tz="Europe/Berlin")
    assert result.rejections[0].field == "ts" and "DST gap" in result.rejections[0].reason


def test_naive_time_in_dst_fold_takes_first_occurrence():
    payload = '{"ts": "2025-10-26T02:30:00", "value": 1}'
    [r] = decode(SIGNAL, payload.encode(), received_at=datetime(2026, 1, 1, tzinfo=UTC), site_tz="Europe/Berlin")
    assert r.ts == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 02:30 CEST (+02:00), not CET


@pytest.mark.parametrize(
    ("ahead", "words"),
    [
        (timedelta(hours=25), "is 25.0 h ahead of receipt (limit 24 h)"),
        (timedelta(hours=24, seconds=1), "is 24.0003 h ahead of receipt (limit 24 h)"),
        (timedelta(hours=24, microseconds=1000), "is 24.000001 h ahead of receipt (limit 24 h)"),
        (timedelta(days=90), "is 90.0 days ahead of receipt (limit 24 h)"),
    ],
)
def test_future_timestamp_reason_reads_as_more_than_its_limit(ahead, words):
    """The amount is never rounded down to the limit: '1.0 days ahead (limit 1.0 days)' contradicted itself."""
    result = refused(SIGNAL, json.dumps({"ts": int((NOW + ahead).timestamp() * 1000), "value": 1}))
    [rejection] = result.rejections
    assert words in rejection.reason


@pytest.mark.parametrize(
    ("ts", "words"),
    [
        (int((NOW + timedelta(hours=25)).timestamp() * 1000), "ahead of receipt"),
        ("1989-12-31T23:59:59Z", "before 1990"),
        (64698438051149, "ahead of receipt"),
        (10**30, "out of range"),
        ("2024-02-30 25:61:00", "not a valid date"),
        ("yesterday", "not ISO 8601"),
        (True, "epoch number or ISO"),
        (None, "got null"),
    ],
)
def test_bad_timestamps_are_refused_naming_ts_and_value(ts, words):
    result = refused(SIGNAL, json.dumps({"ts": ts, "value": 1}))
    [rejection] = result.rejections
    assert rejection.field == "ts" and words in rejection.reason
    assert str(ts if not isinstance(ts, bool) else "True") in rejection.reason or ts is None


def test_future_skew_is_configurable():
    ahead = json.dumps({"ts": int((NOW + timedelta(hours=2)).timestamp()), "value": 1})
    assert one(SIGNAL, ahead)
    assert refused(SIGNAL, ahead, max_future=timedelta(hours=1)).rejections[0].field == "ts"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ('"23,5"', "decimal comma"),
        ('"test_data"', "not a plain decimal"),
        ('"1E5"', "not a plain decimal"),
        ('"00060"', "not a plain decimal"),
        ('" 21.5"', "not a plain decimal"),
        ("true", "got boolean true"),
        ("null", "null"),
        ("NaN", "non-finite"),
        ("Infinity", "non-finite"),
        ("-Infinity", "non-finite"),
        ('"nan"', "non-finite"),
        ('"-inf"', "non-finite"),
        ("-1e309", "non-finite"),
        ("1e999", "non-finite"),
        ("9007199254740993", "cannot be kept exactly"),
        ("1.7e308", "beyond the reading limit of ±1e+300"),
        ("-1.0000001e300", "beyond the reading limit of ±1e+300"),
        ('"' + "9" * 302 + '"', "cannot be kept exactly"),  # a quoted whole number beyond the limit
        ("1" + "0" * 400, "cannot be kept exactly"),
        ('"840380235174088834"', "cannot be kept exactly"),
        ("[1]", "got a list"),
        ("{}", "got an object"),
    ],
)
def test_bad_values_are_refused_naming_the_signal(raw, words):
    result = refused(SIGNAL, f'{{"ts": 1772409600, "value": {raw}}}')
    [rejection] = result.rejections
    assert rejection.field == "temp_c" and words in rejection.reason


@pytest.mark.parametrize(
    ("raw", "value"), [('"21.5"', 21.5), ('"100.00"', 100.0), ('"-3"', -3.0), ("9007199254740992", 2.0**53)]
)
def test_unambiguous_quoted_numbers_and_exact_ints_are_read(raw, value):
    [r] = one(SIGNAL, f'{{"ts": 1772409600, "value": {raw}}}')
    assert r.value == value


@pytest.mark.parametrize("payload", ['{"ts": "2026-03-02T00:00:00Z", "value": %s}', '{"ts": 1772409600, "value": %s}'])
def test_values_at_the_reading_limit_are_read_on_the_fast_and_the_full_path(payload):
    for raw in ("1e300", "-1e300", "1.0e300"):
        [r] = one(SIGNAL, payload % raw)
        assert abs(r.value) == 1e300
    result = refused(SIGNAL, payload % "1.5e300")
    assert [r.reason for r in result.rejections] == ["temp_c: number 1.5e300 is beyond the reading limit of ±1e+300"]


def test_a_reading_beyond_the_limit_cannot_be_made():
    with pytest.raises(InvalidData, match="reading value must be within ±1e\\+300, got 2e\\+300"):
        Reading("SUP-A", "M-1", "temp", NOW, 2e300)


def test_declared_boolean_signal_takes_only_booleans():
    options = {"signal_types": {"alarm": "boolean"}}
    [r] = one("of/A/S/M/alarm", '{"ts": 1772409600, "value": true}', **options)
    assert r.value == 1.0
    result = refused("of/A/S/M/alarm", '{"ts": 1772409600, "value": 123}', **options)
    assert result.rejections[0].field == "alarm" and "expected a boolean" in result.rejections[0].reason


@pytest.mark.parametrize(
    ("topic", "payload", "field"),
    [
        (SIGNAL, '{"value": 1}', "ts"),
        (SIGNAL, '{"ts": 1772409600}', "value"),
        (SIGNAL, '{"ts": 1772409600, "vaule": 1}', "vaule"),
        (SIGNAL, '{"ts": 1772409600, "values": {"a": 1}}', "values"),
        (MULTI, '{"ts": 1772409600, "value": 1}', "value"),
        (MULTI, '{"ts": 1772409600, "values": {}}', "values"),
        (MULTI, '{"ts": 1772409600, "values": {"_": 1}}', "_"),
        (MULTI, '{"ts": 1772409600, "values": {"a+b": 1}}', "a+b"),
        (SIGNAL, '{"ts": 1, "ts": 1772409600, "value": 1}', "payload"),
        (SIGNAL, "{not json", "payload"),
        (SIGNAL, b"\xff\xfe", "payload"),
        (SIGNAL, "[]", "samples"),
        (SIGNAL, '{"samples": 3}', "samples"),
        (SIGNAL, '{"samples": [], "x": 1}', "x"),
        (MULTI, "21.5", "signal"),
        ("of/A/S/M/t/x", "1", "topic"),
        ("of/A/ingest", '{"ts": 1772409600, "values": {"t": 1}}', "deviceId"),
        ("of/A/ingest", '{"deviceId": 7, "ts": 1772409600, "values": {"t": 1}}', "deviceId"),
        ("of/A/ingest", '{"deviceId": " M1", "ts": 1772409600, "values": {"t": 1}}', "deviceId"),
        ("of/A/ingest", '{"deviceId": "M1", "site": "", "ts": 1772409600, "values": {"t": 1}}', "site"),
        ("of/A/ingest", "21.5", "sample"),
    ],
)
def test_malformed_messages_are_refused_naming_the_field(topic, payload, field):
    data = payload.encode() if isinstance(payload, str) else payload
    result = decode_lenient(topic, data, received_at=NOW)
    assert [r.field for r in result.rejections] == [field]
    assert result.rejections[0].payload == data and result.readings == []
    with pytest.raises(InvalidMessage) as info:
        decode(topic, data, received_at=NOW)
    assert info.value.field == field and isinstance(info.value, InvalidData)


def test_payload_size_cap():
    big = json.dumps([{"ts": 1772409600, "value": 1.0}] * 20_000).encode()
    assert len(big) > 256 * 1024
    [rejection] = decode_lenient(SIGNAL, big, received_at=NOW).rejections
    assert rejection.field == "payload" and "limit of 262144" in rejection.reason
    assert len(one(SIGNAL, big, max_payload_bytes=len(big))) == 20_000


def test_batch_keeps_good_samples_and_rejects_each_bad_one():
    payload = json.dumps(
        [{"ts": 1772409600, "value": 1}, {"ts": 1772409601, "value": "x"}, {"value": 3}, {"ts": 1772409603, "value": 4}]
    )
    result = decode_lenient(SIGNAL, payload.encode(), received_at=NOW)
    assert [r.value for r in result.readings] == [1.0, 4.0]
    assert [(j.sample, j.field) for j in result.rejections] == [(1, "temp_c"), (2, "ts")]
    with pytest.raises(InvalidMessage, match="sample 1: temp_c"):
        decode(SIGNAL, payload.encode(), received_at=NOW)


def test_null_signal_is_rejected_alone_and_missing_signal_is_silent():
    payload = b'{"ts": 1772409600, "values": {"temp": null, "rpm": 900}}'
    result = decode_lenient(MULTI, payload, received_at=NOW)
    assert [(r.signal, r.value) for r in result.readings] == [("rpm", 900.0)]
    assert [(j.field, j.reason) for j in result.rejections] == [("temp", "temp: value is null")]


def test_received_at_must_be_aware():
    with pytest.raises(InvalidData, match="received_at"):
        decode(SIGNAL, b"1", received_at=datetime(2026, 3, 2))


def test_unknown_site_timezone_is_a_configuration_error():
    with pytest.raises(InvalidData, match="time zone"):
        DecodeOptions(site_tz="Mars/Olympus")


def test_encode_value_payload_decodes_back():
    [r] = one(SIGNAL, encode_value(T0, 21.5))
    assert (r.ts, r.value) == (T0, 21.5)


def test_encode_refuses_mixed_members():
    a = Reading("A", "M", "t", T0, 1.0)
    b = Reading("B", "M", "t", T0, 1.0)
    with pytest.raises(InvalidData, match="one member"):
        encode([a, b])


def test_same_microsecond_samples_are_all_decoded_and_keys_show_collisions():
    payload = json.dumps([{"ts": 1772413200123, "value": v} for v in (20.0, 20.5, 20.5)])
    readings = one(SIGNAL, payload)
    assert [r.value for r in readings] == [20.0, 20.5, 20.5]
    assert len({natural_key(r) for r in readings}) == 1
    assert len({(natural_key(r), r.value) for r in readings}) == 2  # one duplicate, one collision


def test_ingest_topic_helper():
    assert ingest_topic("SUP-A") == "of/SUP-A/ingest"


def test_a_naive_local_time_is_read_in_its_members_time_zone():
    """Each member's naive ISO times are local to it: KST has no DST, Berlin has a gap and a repeat."""
    from onefactory.ingest import DecodeOptions, decode_lenient

    options = DecodeOptions(member_tz={"SUP-KR1": "Asia/Seoul", "SUP-EU1": "Europe/Berlin"})
    at = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)

    def first_ts(member: str, ts: str):
        result = decode_lenient(f"of/{member}/S1/M-1/temp_c", f'{{"ts": "{ts}", "value": 1}}'.encode(), received_at=at,
                                options=options)  # fmt: skip
        return (result.readings[0].ts if result.readings else None), [r.reason for r in result.rejections]

    assert first_ts("SUP-KR1", "2026-12-04T14:00:00") == (datetime(2026, 12, 4, 5, 0, tzinfo=UTC), [])
    assert first_ts("SUP-EU1", "2026-10-25T02:30:00") == (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), [])  # 1st of 2
    gap, reasons = first_ts("SUP-EU1", "2026-03-29T02:30:00")
    assert gap is None and "does not exist in Europe/Berlin (DST gap)" in reasons[0]
    assert first_ts("SUP-US1", "2026-12-04T05:00:00") == (datetime(2026, 12, 4, 5, 0, tzinfo=UTC), [])  # site_tz UTC
    assert first_ts("SUP-KR1", "2026-12-04T14:00:00+00:00") == (datetime(2026, 12, 4, 14, 0, tzinfo=UTC), [])


@pytest.mark.parametrize(
    "payload",
    [
        '{"ts": "2026-03-02T09:00:00Z", "values": {"a": 1.5, "a": 2.5}}',
        '{"ts": "2026-03-02T09:00:00Z", "values": {"a" : 1.5, "a": 2.5}}',
        '{"ts": "2026-03-02T09:00:00Z", "values": {"a": 1.5, "\\u0061": 2.5}}',
        '{"ts": "2026-03-02T09:00:00Z", "ts": "2026-03-02T09:00:01Z", "values": {"a": 1.5}}',
    ],
)
def test_a_duplicate_key_is_refused_however_it_is_spelt(payload):
    """The one-sample fast path parses without the exact parser's hooks; it must still see duplicates."""
    result = refused(MULTI, payload)
    assert not result.readings
    assert "duplicate field" in result.rejections[0].reason


@pytest.mark.parametrize(
    ("value", "reason"),
    [("1e309", "non-finite"), ("NaN", "non-finite"), ("true", "expected a number"), ("9007199254740993", "2**53")],
)
def test_the_fast_path_leaves_odd_numbers_to_the_exact_reader(value, reason):
    result = refused(MULTI, f'{{"ts": "2026-03-02T09:00:00Z", "values": {{"a": {value}, "b": 1}}}}')
    assert [r.signal for r in result.readings] == ["b"]
    assert reason in result.rejections[0].reason


def test_the_fast_path_builds_the_same_readings_as_the_dataclass():
    """``read_flat`` builds its readings without the dataclass ``__init__``; they must be equal,
    hash alike and stay frozen."""
    got = decode(MULTI, b'{"ts": "2026-03-02T09:00:00+09:00", "values": {"a": 1.5, "b": 2}}', received_at=NOW)
    at = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    expected = [Reading("SUP-A", "M-1", "a", at, 1.5, "S1"), Reading("SUP-A", "M-1", "b", at, 2.0, "S1")]
    assert got == expected
    assert {hash(r) for r in got} == {hash(r) for r in expected}
    assert [type(r.value) for r in got] == [float, float]
    with pytest.raises(AttributeError):
        got[0].value = 3.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("topic", "payload", "field", "length"),
    [
        ("of/SUP-A/S1/" + "R" * 5000 + "/temp_c", '{"ts": 1772409600, "value": 1}', "resource", "5,000"),
        ("of/" + "M" * 121 + "/S1/M-1/temp_c", '{"ts": 1772409600, "value": 1}', "member", "121"),
        ("of/SUP-A/" + "S" * 121 + "/M-1/temp_c", '{"ts": 1772409600, "value": 1}', "site", "121"),
        ("of/SUP-A/S1/M-1/" + "t" * 121, '{"ts": 1772409600, "value": 1}', "signal", "121"),
        ("of/SUP-A/ingest", '{"deviceId": "' + "D" * 200 + '", "ts": 1772409600, "value": 1}', "deviceId", "200"),
        (MULTI, '{"ts": 1772409600, "values": ' + '{"a": ' * 200 + "1" + "}" * 200 + "}", "a." * 199 + "a", "399"),
    ],
)
def test_names_longer_than_120_characters_are_refused_naming_level_and_length(topic, payload, field, length):
    """A 5,000-character resource or a 399-character flattened signal used to become a series."""
    [rejection] = refused(topic, payload).rejections
    assert rejection.field == field
    level = field if field in ("member", "site", "resource", "signal", "deviceId") else "signal"
    assert f"topic {level} is {length} characters long (limit 120)" in rejection.reason


def test_names_of_120_characters_are_accepted():
    [r] = one("of/" + "M" * 120 + "/S1/" + "R" * 120 + "/" + "t" * 120, '{"ts": 1772409600, "value": 1}')
    assert (len(r.member), len(r.resource), len(r.signal)) == (120, 120, 120)
